"""``evsim shot LAB -o FILE.png``: run a lab's scripted demo headless, save the window, print frame stats."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

from evsim.commands import CliError
from evsim.core.limits import raise_nofile_limit

#: How long a demo may take to get going (e.g. 10,000 connections) before frames are measured anyway.
RAMP_UP_MAX_S = 60.0


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

    def run_for(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    try:
        raise_nofile_limit()  # a demo with thousands of clients needs the descriptors (children inherit it)
        if args.lab == "sockets":
            panel.start_demo(args.clients, port=args.port)
        else:
            panel.start_demo(args.clients)
        # Measure frames once the demo is up (every connection open), not while it ramps up.
        deadline = time.monotonic() + RAMP_UP_MAX_S
        while not panel.demo_ready() and time.monotonic() < deadline:
            run_for(0.05)
            if panel.demo_error():
                raise CliError(panel.demo_error())
        win.bridge.reset_stats()
        run_for(args.seconds)
        app.processEvents()
        stats = win.bridge.stats()
        stats.update(panel.demo_stats())
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
