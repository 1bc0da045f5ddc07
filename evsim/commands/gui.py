"""``evsim`` / ``evsim gui``: open the window."""

from __future__ import annotations

import argparse
import sys

from evsim.commands import CliError


def run(args: argparse.Namespace) -> int:
    from evsim.gui.app import display_available  # light: no QApplication yet

    if not display_available():
        raise CliError(
            "no display to open a window on: run `evsim serve` for the headless server, "
            "or set QT_QPA_PLATFORM=offscreen",
            code=2,
        )
    from evsim.gui.app import MainWindow, make_app

    app = make_app([sys.argv[0]])
    win = MainWindow(lab=args.lab)
    win.show()
    if args.port is not None or args.backend is not None or args.host is not None:
        panel = win.panels.get("sockets")
        if panel is None:
            raise CliError("the sockets lab is not available in this build")
        win.show_lab("sockets")
        if not panel.start_server(host=args.host, port=args.port, backend=args.backend):
            print(f"evsim: {win.statusBar().currentMessage()}", file=sys.stderr, flush=True)
    return app.exec()
