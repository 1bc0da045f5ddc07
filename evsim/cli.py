"""The ``evsim`` command line: argparse subcommands, each carried out by ``evsim.commands.<name>.run``.

Bad input never gives a traceback: argument errors print one line and exit 2; a command raises
:class:`evsim.commands.CliError` for anything the user can fix (a port in use, a file that cannot be
written), which prints ``evsim: <message>`` and exits with its code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Callable, Sequence

from evsim import __version__
from evsim.commands import CliError

LABS = ("sockets", "clicks", "iomodels", "multiplex")
SERVER_BACKENDS = ("default", "select", "poll", "epoll", "classic")
GUI_BACKENDS = ("default", "select", "poll", "epoll")
MUX_BACKENDS = ("select", "poll", "epoll")
IO_MODELS = ("blocking", "nonblocking", "multiplexing", "signal", "async", "all")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _int_range(lo: int, hi: int | None = None, what: str = "a number") -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            v = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if v < lo or (hi is not None and v > hi):
            rng = f"{lo}..{hi}" if hi is not None else f">= {lo}"
            raise argparse.ArgumentTypeError(f"{v} is out of range ({rng})")
        return v

    parse.__name__ = what
    return parse


def _float_range(lo: float, hi: float | None = None, what: str = "a number") -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            v = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if not (v == v) or v < lo or (hi is not None and v > hi):  # v != v: NaN
            rng = f"{lo}..{hi}" if hi is not None else f">= {lo}"
            raise argparse.ArgumentTypeError(f"{text} is out of range ({rng})")
        return v

    parse.__name__ = what
    return parse


def _csv(choices: Sequence[str] | None = None, item: Callable[[str], object] = str) -> Callable[[str], list]:
    def parse(text: str) -> list:
        out = []
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            if choices is not None and part not in choices:
                raise argparse.ArgumentTypeError(f"{part!r} is not one of {', '.join(choices)}")
            out.append(item(part))
        if not out:
            raise argparse.ArgumentTypeError("expected a comma-separated list")
        return out

    return parse


def _size(text: str) -> tuple[int, int]:
    """'1280x800' -> (1280, 800)."""
    try:
        w, h = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1280x800") from None
    if not (200 <= w <= 8000 and 150 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"{text} is out of range (200x150 .. 8000x8000)")
    return w, h


def _lang(text: str) -> str:
    """'zh_CN', 'zh-CN', 'en', 'system' -> the window's language choice (no Qt needed)."""
    from evsim.gui.language_names import normalize

    try:
        return normalize(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


PORT = _int_range(0, 65535, "a port number")
POSITIVE = _int_range(1, None, "a positive whole number")
NON_NEGATIVE = _int_range(0, None, "a whole number")
SECONDS = _float_range(0.0, 86400.0, "a number of seconds")


def _add_host_port(p: argparse.ArgumentParser, port_default: int = 9999) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to use (default: %(default)s)")
    p.add_argument("--port", type=PORT, default=port_default, help="TCP port (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="evsim",
        description="A lab that makes event-driven programming and I/O multiplexing visible, "
        "on real threads and sockets. With no subcommand, opens the window on the sockets lab.",
    )
    parser.add_argument("--version", action="version", version=f"evsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--version", action="version", version=f"evsim {__version__}")
        return p

    p = add("gui", "Open the window.")
    p.add_argument("--lab", choices=LABS, default=None, help="lab to show first")
    p.add_argument("--port", type=PORT, default=None, help="start the sockets lab's server listening on this port")
    p.add_argument("--host", default=None, help="address for the sockets lab's server (default 127.0.0.1)")
    p.add_argument("--backend", choices=GUI_BACKENDS, default=None, help="selector backend for the server")

    p = add("serve", "Run the echo server headless.")
    _add_host_port(p)
    p.add_argument("--backend", choices=SERVER_BACKENDS, default="default",
                   help="selector backend, or 'classic' for the select.select(inputs, outputs, exceptional) "
                   "server (default: %(default)s)")
    p.add_argument("--max-connections", type=POSITIVE, default=10000, help="connection cap (default: %(default)s)")
    p.add_argument("--events", action="store_true", help="print one line per event")
    p.add_argument("--record", metavar="FILE", default=None,
                   help="write every event to a recording FILE (created 0600; replay it with 'evsim replay')")

    p = add("replay", "Replay a recording (from 'evsim serve --record' or File > Record) in the window.")
    p.add_argument("file", metavar="FILE", help="the recording")
    p.add_argument("--events", action="store_true", help="print its events headless, one line each, as "
                   "'evsim serve --events' does")

    p = add("run", "Run a Python program with its sockets, selectors and select/poll/epoll watched, in the window "
            "or (--no-gui) in this terminal. Options after SCRIPT are the program's own.")
    p.add_argument("--no-gui", action="store_true", help="no window: run in this terminal")
    p.add_argument("--events", action="store_true", help="with --no-gui: print every watched call on stderr")
    p.add_argument("--record", metavar="FILE", default=None, help="write the event stream to FILE")
    p.add_argument("--step", action="store_true",
                   help="hold before every watched call (with --no-gui: Enter steps, i Enter runs one loop "
                   "iteration, c Enter continues)")
    p.add_argument("script", metavar="SCRIPT", help="the Python program to run")
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS", help="the program's own arguments")

    p = add("client", "Interactive line client: sends each line typed, prints the echo.")
    _add_host_port(p)

    p = add("load", "Drive an echo server with N concurrent clients and check every echoed byte.")
    _add_host_port(p)
    p.add_argument("--clients", type=POSITIVE, required=True, help="concurrent connections")
    p.add_argument("--seconds", type=SECONDS, required=True, help="duration of the run")
    p.add_argument("--size", type=POSITIVE, required=True, help="bytes per request")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = add("shot", "Run a lab's scripted demo headless and save the window as a PNG.")
    p.add_argument("lab", choices=LABS)
    p.add_argument("-o", "--output", required=True, help="PNG file to write")
    p.add_argument("--seconds", type=SECONDS, default=3.0, help="length of the demo (default: %(default)s)")
    p.add_argument("--clients", type=NON_NEGATIVE, default=8, help="built-in clients in the demo (default: %(default)s)")
    p.add_argument("--port", type=PORT, default=0,
                   help="sockets: the demo server's TCP port on 127.0.0.1, so that a load started outside (evsim "
                        "load --port PORT) reaches it while frames are measured (default: a free port)")
    p.add_argument("--size", type=_size, default=(1280, 800), help="window size WxH (default: 1280x800)")
    p.add_argument("--lang", type=_lang, default="system",
                   help="language of the window: en, zh_CN, or system (default: the system's)")

    p = add("install-desktop", "Add evsim to the desktop's application menu (an XDG desktop entry and icon "
            "under $XDG_DATA_HOME, default ~/.local/share), for this user.")
    p.add_argument("--uninstall", action="store_true", help="remove the menu entry and icon again")

    p = add("clicks", "Polling vs event loop on the same clicks, headless (a process per design).")
    p.add_argument("--mode", choices=("both", "polling", "eventloop"), default="both",
                   help="which design to run (default: both, side by side)")
    p.add_argument("--rate", type=_float_range(0.0, 100000.0, "a rate"), default=10.0,
                   help="clicks per second; 0 sends none (default: %(default)s)")
    p.add_argument("--seconds", type=SECONDS, default=3.0, help="length of the run (default: %(default)s)")
    p.add_argument("--handler-ms", type=_float_range(0.0, 600000.0, "milliseconds"), default=0.0,
                   help="time each click handler takes (default: %(default)s)")
    p.add_argument("--poll-interval-ms", type=_float_range(0.0, 60000.0, "milliseconds"), default=0.0,
                   help="polling interval; 0 spins (default: %(default)s)")
    p.add_argument("--devices", type=POSITIVE, default=1, help="devices the poller scans (default: %(default)s)")
    p.add_argument("--scan-us", type=_float_range(0.0, 1e6, "microseconds"), default=0.0,
                   help="cost of scanning one device, in microseconds (default: %(default)s)")
    p.add_argument("--burst", type=_int_range(1, 1000, "a count"), default=1,
                   help="clicks sent back to back each time (default: %(default)s)")
    p.add_argument("--offload", action="store_true", help="event loop: run handlers on a worker pool")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = add("iomodels", "Run the five I/O models on the same delayed message.")
    p.add_argument("--model", choices=IO_MODELS, default="all")
    p.add_argument("--delay-ms", type=_float_range(0.0, 60000.0, "milliseconds"), default=200.0,
                   help="delay before the sender writes (default: %(default)s)")
    p.add_argument("--size", type=POSITIVE, default=65536, help="message size in bytes (default: %(default)s)")
    p.add_argument("--chunks", type=POSITIVE, default=1, help="pieces the sender writes (default: %(default)s)")
    p.add_argument("--mux", choices=MUX_BACKENDS, default="epoll",
                   help="multiplexing model's call (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--trace", metavar="FILE", default=None,
                   help="also write the runs as a Chrome trace (JSON) for ui.perfetto.dev or chrome://tracing")

    p = add("export", "Export a recording to a Chrome trace (JSON) that ui.perfetto.dev and chrome://tracing open.")
    p.add_argument("file", help="the recording (evsim serve --record, File > Record)")
    p.add_argument("-o", "--output", required=True, help="the trace file to write, e.g. trace.json")

    p = add("bench", "Per-call cost of select, poll and epoll as the number of sockets grows.")
    p.add_argument("--backends", type=_csv(MUX_BACKENDS), default=list(MUX_BACKENDS),
                   help="comma-separated (default: select,poll,epoll)")
    p.add_argument("--fds", type=_csv(None, POSITIVE), default=[16, 256, 1000, 4000],
                   help="comma-separated socket counts (default: 16,256,1000,4000)")
    p.add_argument("--ready", type=NON_NEGATIVE, default=1, help="sockets made readable (default: %(default)s)")
    p.add_argument("--workload", choices=("idle", "busy", "churn"), default="idle",
                   help="idle: K of N ready; busy: all N ready; churn: the ready sockets re-registered around "
                        "every call (default: %(default)s)")
    p.add_argument("--compare", choices=("tlpi",), default=None,
                   help="tlpi: print Kerrisk's TLPI Table 63-9 beside evsim's figures (measures poll and epoll)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _program_args(argv: list[str]) -> list[str] | None:
    """For ``evsim run [options] SCRIPT ARGS...``: ARGS, untouched (argparse would eat a "--" among them)."""
    if not argv or argv[0] != "run":
        return None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--":
            i += 1
            break
        if a in ("--record",):
            i += 2
            continue
        if not a.startswith("-") or a == "-":
            break
        i += 1
    return argv[i + 1:] if i < len(argv) else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `evsim [gui] [--lab L] ...`: options without a command are the window's
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["gui", *argv]
    rest = _program_args(argv)
    args = parser.parse_args(argv if rest is None else argv[:len(argv) - len(rest)])
    if rest is not None:
        args.args = rest  # exactly what follows SCRIPT, "--" included, as `python SCRIPT ARGS` would get it
    name = args.command
    module = importlib.import_module(f"evsim.commands.{name.replace('-', '_')}")
    try:
        return int(module.run(args) or 0)
    except CliError as e:
        print(f"evsim: {e}", file=sys.stderr, flush=True)
        return e.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # stdout closed early (e.g. piped into head): not an error worth a traceback.
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
