"""The window of ``evsim run SCRIPT`` (without ``--no-gui``): the sockets lab watching the user's program.

:func:`main` opens the main window on the sockets lab in program mode
(:class:`~evsim.gui.labs.sockets.program_mode.ProgramMode`), starts the watched program (its stdin and stdout
stay the terminal's), and returns the program's exit status once the window is closed.  Closing the window
stops a program still running (within 0.5 s); a program that ends on its own leaves the window open, with how
it ended in the lab's message bar, so what happened can still be looked at.
"""

from __future__ import annotations

import argparse
import sys

from evsim.commands import CliError

__all__ = ["main", "open_window"]


def open_window(args: argparse.Namespace, remember: bool = True):
    """The main window on the sockets lab, watching ``args.script`` (started): ``(window, mode)``.

    ``args``: ``script``, ``args`` (the program's argv after the script), ``step`` (start held before its first
    watched call), ``record`` (a recording file, or None).  Needs a QApplication.
    """
    from evsim.gui.app import MainWindow
    from evsim.gui.labs.sockets.program_mode import ProgramMode

    win = MainWindow(lab="sockets", remember=remember)
    panel = win.panels.get("sockets")
    if panel is None:
        raise CliError("the sockets lab is not available in this build", code=2)
    win.show_lab("sockets")
    mode = ProgramMode(panel, args.script)
    win._program_mode = mode  # owned by the window: alive as long as it is
    mode.state_changed.connect(win._server_label.setText)  # the corner that says "server: stopped" otherwise
    extra: tuple[str, ...] = ()
    record = getattr(args, "record", None)
    if record:
        extra = ("--record", str(record))
    mode.start(list(getattr(args, "args", None) or []), step_mode=bool(getattr(args, "step", False)),
               extra_args=extra)
    return win, mode


def main(args: argparse.Namespace, remember: bool = True) -> int:
    """Open the window, watch the program, return its exit status when the window closes (see the module).

    ``remember``: keep the window's geometry and settings for next time (tests say False)."""
    from evsim.commands.gui import _close_on_signals, _exit_in_one_line_if_qt_cannot_start
    from evsim.gui.app import display_available

    if not display_available():
        raise CliError("no display to open a window on: use `evsim run --no-gui` (add --events to see the calls), "
                       "or set QT_QPA_PLATFORM=offscreen", code=2)
    restore = _exit_in_one_line_if_qt_cannot_start()
    from evsim.gui.app import make_app

    app = make_app([sys.argv[0]])
    restore()
    win, mode = open_window(args, remember)
    _close_on_signals(win)
    win.show()
    app.exec()
    status = mode.exit_status
    return 2 if status is None else status
