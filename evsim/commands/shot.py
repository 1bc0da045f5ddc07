"""``evsim shot LAB -o FILE.png``: run a lab's scripted demo headless, save the window, print frame stats."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

from evsim.commands import CliError


def run(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # headless, even where a display exists
    # A demo neither reads nor changes the user's remembered settings: give Qt a throwaway config folder.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="evsim-shot-")
    from PySide6.QtCore import QEventLoop, QTimer

    from evsim.gui.app import MainWindow, make_app

    out = os.path.abspath(args.output)
    parent = os.path.dirname(out)
    if os.path.isdir(out):
        raise CliError(f"cannot write {args.output}: it is a folder; give a file name such as {args.lab}.png")
    if not os.path.isdir(parent) or not os.access(parent, os.W_OK):
        raise CliError(f"cannot write {args.output}: folder missing or not writable")

    _drop_offscreen_size_hint_warning()
    app = make_app([sys.argv[0]], lang=args.lang)
    win = MainWindow(lab=args.lab, remember=False)
    if args.lab not in win.panels:
        win.shutdown()
        raise CliError(f"the {args.lab} lab is not available in this build")
    win.resize(*args.size)
    win.show()
    win.show_lab(args.lab)
    panel = win.panels[args.lab]
    try:
        panel.start_demo(args.clients)
        loop = QEventLoop()
        QTimer.singleShot(int(args.seconds * 1000), loop.quit)
        loop.exec()
        app.processEvents()
        stats = win.bridge.stats()
        image = win.grab()
    finally:
        win.shutdown()
    if not image.save(out, "PNG"):
        raise CliError(f"cannot write {args.output}")
    stats["file"] = args.output
    print(json.dumps(stats), flush=True)
    win.close()
    app.processEvents()
    return 0


def _drop_offscreen_size_hint_warning() -> None:
    """The offscreen platform warns "This plugin does not support propagateSizeHints()" whenever a window
    has a minimum size: noise on a command whose stderr is for errors.  Every other Qt message still prints."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, context, message: str) -> None:
        if message == "This plugin does not support propagateSizeHints()":
            return
        category = context.category or "default"
        print(message if category == "default" else f"{category}: {message}", file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)
