"""``evsim`` / ``evsim gui``: open the window."""

from __future__ import annotations

import argparse
import os
import re
import sys

from evsim.commands import CliError

_HEADLESS_HINT = "run `evsim serve` for the headless server, or `evsim shot LAB -o FILE.png` for a picture"


def run(args: argparse.Namespace) -> int:
    from evsim.gui.app import display_available  # light: no QApplication yet

    if not display_available():
        raise CliError(
            "no display to open a window on: run `evsim serve` for the headless server, "
            "or set QT_QPA_PLATFORM=offscreen",
            code=2,
        )
    restore = _exit_in_one_line_if_qt_cannot_start()
    from evsim.gui.app import MainWindow, make_app

    app = make_app([sys.argv[0]])
    restore()
    win = MainWindow(lab=args.lab)
    _close_on_signals(win)  # before the server opens: a client may signal us as soon as it can connect
    win.show()
    if args.port is not None or args.backend is not None or args.host is not None:
        panel = win.panels.get("sockets")
        if panel is None:
            raise CliError("the sockets lab is not available in this build")
        win.show_lab("sockets")
        # The server process reports whether it could listen: a failure is also one line on stderr.
        panel.controller.server_failed.connect(
            lambda _error, _message: print(f"evsim: {win.statusBar().currentMessage()}", file=sys.stderr,
                                           flush=True))
        if not panel.start_server(host=args.host, port=args.port, backend=args.backend):
            print(f"evsim: {win.statusBar().currentMessage()}", file=sys.stderr, flush=True)
    return app.exec()


def _close_on_signals(win) -> None:
    """Ctrl+C or SIGTERM in the terminal closes the window like its Quit menu (settings saved, every child
    process, thread and socket closed, exit 0) instead of a KeyboardInterrupt traceback inside a Qt slot.

    Python runs signal handlers between bytecodes of the main thread, and an idle window runs no Python at all
    (its frame timer stops): so the signal also writes a byte to a socket (``signal.set_wakeup_fd``) that a
    QSocketNotifier watches, which wakes the event loop into Python at once.
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier, QTimer

    def handler(_signum, _frame) -> None:
        QTimer.singleShot(0, win.close)

    r, w = socket.socketpair()
    r.setblocking(False)
    w.setblocking(False)
    signal.set_wakeup_fd(w.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(r.fileno(), QSocketNotifier.Type.Read, win)

    def drain() -> None:
        try:
            r.recv(512)
        except OSError:
            pass

    notifier.activated.connect(drain)
    win._signal_wakeup = (r, w, notifier)  # owned by the window: alive as long as it is
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def _exit_in_one_line_if_qt_cannot_start():
    """Until the QApplication exists, turn Qt's fatal "no Qt platform plugin could be initialized" (a
    SIGABRT after five lines, whose hint names libxcb-cursor0 whatever is missing) into one line, exit 2.

    Returns a function that puts Qt's own message output back, with the platform messages held meanwhile.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    held: list[tuple[str, str]] = []

    def handler(mode, context, message: str) -> None:
        if mode == QtMsgType.QtFatalMsg:
            print(f"evsim: {why_no_window([m for _, m in held])}", file=sys.stderr, flush=True)
            os._exit(2)
        held.append((context.category or "default", message))

    qInstallMessageHandler(handler)

    def restore() -> None:
        qInstallMessageHandler(None)
        for category, message in held:  # a started window's warnings, as Qt would have printed them
            print(message if category == "default" else f"{category}: {message}", file=sys.stderr, flush=True)

    return restore


def why_no_window(messages: list[str], load_error: str | None = None, missing: list[str] | None = None) -> str:
    """One line saying why Qt could not open a window, from the messages Qt printed before giving up.

    When Qt's X11 plugin cannot load, every missing library is named at once, with the Debian packages to
    install in one command (not one library per run: install, retry, install, retry).
    """
    for m in messages:
        if "could not connect to display" in m:
            return f"cannot open a window: Qt {m} (is DISPLAY right?); {_HEADLESS_HINT}"
    if any('platform plugin "xcb"' in m for m in messages):
        if missing is None:
            if load_error is None:
                missing = missing_xcb_libraries()
            else:
                lib = missing_library(load_error)
                missing = [lib] if lib else []
        if missing:
            packages = " ".join(dict.fromkeys(debian_package(lib) for lib in missing))
            which = ", ".join(missing)
            verb = "is" if len(missing) == 1 else "are"
            return (f"cannot open a window: Qt's X11 plugin needs {which}, which {verb} not installed "
                    f"(Debian/Ubuntu: sudo apt install {packages}); {_HEADLESS_HINT}")
    plugin = next((m for m in messages if m.startswith("Could not load the Qt platform plugin")), None)
    why = plugin.rstrip(".") if plugin else "Qt found no platform plugin that starts here"
    return f"cannot open a window: {why}; {_HEADLESS_HINT}"


def _xcb_plugin() -> str:
    from PySide6.QtCore import QLibraryInfo

    return os.path.join(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), "platforms", "libqxcb.so")


def missing_xcb_libraries() -> list[str]:
    """Every shared library Qt's X11 plugin needs that is not installed (sonames, e.g. libxcb-icccm.so.4).

    ``ldd`` follows the whole chain (the plugin, Qt's XcbQpa library, their libraries) in one go; where there
    is no ``ldd``, the dynamic loader's first error is all we know.  libxcb-cursor is opened by Qt itself
    (Qt >= 6.5) after the plugin loaded, so it is looked up separately.
    """
    import ctypes.util
    import subprocess

    plugin = _xcb_plugin()
    missing: list[str] = []
    try:
        r = subprocess.run(["ldd", plugin], capture_output=True, text=True, timeout=30)
        missing = not_found_in_ldd(r.stdout)
    except (OSError, subprocess.SubprocessError):
        lib = missing_library(_xcb_load_error())
        missing = [lib] if lib else []
    if not ctypes.util.find_library("xcb-cursor"):
        missing.append("libxcb-cursor.so.0")
    return list(dict.fromkeys(missing))


def not_found_in_ldd(output: str) -> list[str]:
    """'\tlibxcb-icccm.so.4 => not found' lines of ``ldd`` output -> ['libxcb-icccm.so.4', ...], once each."""
    found = re.findall(r"^\s*(\S+) => not found", output, flags=re.MULTILINE)
    return list(dict.fromkeys(found))


def _xcb_load_error() -> str:
    """The dynamic loader's error for Qt's X11 plugin, or '' if it loads."""
    import ctypes

    try:
        ctypes.CDLL(_xcb_plugin())
    except OSError as e:
        return str(e)
    return ""


def missing_library(load_error: str) -> str | None:
    """'libxcb-icccm.so.4: cannot open shared object file: ...' -> 'libxcb-icccm.so.4'."""
    m = re.search(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file", load_error)
    return m.group(1) if m else None


def debian_package(soname: str) -> str:
    """Debian's name for the package of a shared library: libxcb-icccm.so.4 -> libxcb-icccm4."""
    base, _, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    if not version:
        return base
    return f"{base}-{version}" if base[-1:].isdigit() else f"{base}{version}"
