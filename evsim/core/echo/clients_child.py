"""The built-in clients' own process: ``python -m evsim.core.echo.clients_child --stream-fd N``.

The typed client, the chatting echo clients, the misbehaving clients and the load generator run here, not in
the window (whose GIL would slow them and be slowed by them) and not in the server (whose descriptors must
be its own: select's 1024 limit is about the server's fds).  Commands arrive on the stream socket as
``Command(name, arg)`` with ``arg`` a JSON object; the state of every client goes back as
:class:`~evsim.core.echo.events.ClientState` events when it changes, echoes to typed clients as
:class:`~evsim.core.echo.events.ClientEcho`, the load's progress as
:class:`~evsim.core.echo.events.LoadProgress`.

Commands: ``target {host, port}``, ``typed {cid}``, ``type {cid, text}``, ``echo {cid, message, interval}``,
``misbehave {cid, kind}``, ``load {clients, rate, size, seconds}``, ``load_stop``, ``stop_all``, ``stop``.
"""

from __future__ import annotations

import json
import select
import signal
import socket
import sys
import threading
import time

from evsim.core.echo.builtin import CLIENT_MAX_S, TypedClient, make_misbehaving
from evsim.core.echo.child import die_with_parent
from evsim.core.echo.client import EchoClient
from evsim.core.echo.events import ClientEcho, ClientState, LoadProgress
from evsim.core.echo.load import LoadResult, LoadRunner
from evsim.core.events import now_ns
from evsim.core.limits import raise_nofile_limit
from evsim.core.stream import Command, Decoder, StreamError, StreamWriter

#: How often client states and load progress are reported (only what changed).
REPORT_INTERVAL_S = 0.25
#: Clients kept per kind of command at most (a bound whatever the window asks).
MAX_CLIENTS = 2000


def load_dict(r: LoadResult) -> dict:
    """A LoadResult as the JSON object LoadProgress carries."""
    d = r.to_dict()
    d.setdefault("connected", r.connected)
    d.setdefault("error_messages", list(r.error_messages[:3]))
    return d


class ClientHost:
    """The clients, the load, and the reports about them."""

    def __init__(self, writer: StreamWriter) -> None:
        self.writer = writer
        self.target: tuple[str, int] | None = None
        self.clients: dict[int, object] = {}
        self.load: LoadRunner | None = None
        self._load_progress: LoadResult | None = None
        self._load_reported = True
        self._reported: dict[int, tuple] = {}
        self._cpu_mark = (time.monotonic(), time.process_time())

    # -- commands ----------------------------------------------------------------------------------------
    def handle(self, name: str, arg: dict) -> None:
        if name == "target":
            self.target = (str(arg["host"]), int(arg["port"]))
        elif name == "stop_all":
            self.stop_all()
        elif name == "load_stop":
            self.stop_load()
        elif name == "type":
            c = self.clients.get(int(arg["cid"]))
            if isinstance(c, TypedClient):
                c.send(str(arg["text"]).encode("utf-8"))
        elif self.target is None or len(self.clients) >= MAX_CLIENTS:
            return
        elif name == "typed":
            self._add(int(arg["cid"]), TypedClient(*self.target))
        elif name == "echo":
            self._add(int(arg["cid"]), EchoClient(*self.target, message=str(arg["message"]).encode("utf-8"),
                                                  interval=float(arg["interval"]), max_seconds=CLIENT_MAX_S))
        elif name == "misbehave":
            self._add(int(arg["cid"]), make_misbehaving(str(arg["kind"]), *self.target))
        elif name == "load":
            self.start_load(int(arg["clients"]), float(arg["rate"]), int(arg["size"]), float(arg["seconds"]))

    def _add(self, cid: int, client) -> None:
        old = self.clients.pop(cid, None)
        if old is not None:
            old.stop(timeout=0)
        self.clients[cid] = client
        client.start()

    def start_load(self, clients: int, rate: float, size: int, seconds: float) -> None:
        self.stop_load()
        self._load_progress = None

        def progress(r: LoadResult) -> None:  # on the load thread: one reference store
            self._load_progress = r

        host, port = self.target
        self.load = LoadRunner(host, port, clients, seconds, size, rate=rate or None, progress=progress)
        self.load.start()
        self._load_reported = False

    def stop_load(self) -> None:
        if self.load is not None:
            self.load.stop()
            self._report_load()

    def stop_all(self, timeout: float = 2.0) -> None:
        """Stop the load and every client, waiting ``timeout`` seconds at most for all of them together."""
        deadline = time.monotonic() + timeout
        if self.load is not None:
            self.load.stop(timeout)
            self._report_load()
        clients = list(self.clients.values())
        for c in clients:  # ask everyone first, then wait for each: stopping is parallel, not serial
            c.stop(timeout=0)
        for c in clients:
            c.stop(timeout=max(0.0, deadline - time.monotonic()))
        self.report()

    # -- reports -------------------------------------------------------------------------------------------
    def report(self) -> None:
        emit = self.writer.emit
        for cid, c in list(self.clients.items()):
            if isinstance(c, TypedClient):
                while c.incoming:
                    _t, data = c.incoming.popleft()
                    emit(ClientEcho(now_ns(), cid, data.decode("utf-8", "replace")))
            state = (c.kind, c.local, c.running, c.bytes_sent, c.bytes_received, c.error or "")
            if self._reported.get(cid) != state:
                self._reported[cid] = state
                emit(ClientState(now_ns(), cid, *state))
            if not c.running:
                c.stop(timeout=0)
        self._report_load()

    def _report_load(self) -> None:
        ld = self.load
        if ld is None:
            return
        running = ld.running
        r = self._load_progress if running else ld.result
        err = "" if ld.error is None else (getattr(ld.error, "strerror", None) or str(ld.error))
        if running and r is None:
            return
        if not running:
            if self._load_reported:
                return
            self._load_reported = True
            self.load = None
        now, cpu = time.monotonic(), time.process_time()
        t0, c0 = self._cpu_mark
        self._cpu_mark = (now, cpu)
        pct = 100.0 * (cpu - c0) / (now - t0) if now > t0 else 0.0
        body = json.dumps({**load_dict(r), "rate": ld.rate or 0}) if r is not None else ""  # 0: as fast as echoes
        self.writer.emit(LoadProgress(now_ns(), running, body, err, round(pct, 1)))

    def close(self) -> None:
        self.stop_all(timeout=0.3)


def main(argv: list[str] | None = None) -> int:
    import argparse
    p = argparse.ArgumentParser(prog="evsim-clients")
    p.add_argument("--stream-fd", type=int, required=True)
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    die_with_parent()
    raise_nofile_limit()
    sock = socket.socket(fileno=args.stream_fd)
    writer = StreamWriter(sock, producer="evsim built-in clients")
    host = ClientHost(writer)
    decoder = Decoder()
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    next_report = 0.0
    try:
        while not stopping.is_set():
            try:
                r, _, _ = select.select([sock], [], [], REPORT_INTERVAL_S / 2)
            except InterruptedError:
                r = []
            if r:
                try:
                    data = sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    data = None
                except OSError:
                    data = b""
                if data == b"":
                    break  # the window is gone
                try:
                    commands = decoder.feed(data) if data else []
                except StreamError as e:
                    print(f"evsim: clients: bad command stream from the window: {e}", file=sys.stderr)
                    break
                for c in commands:
                    if type(c) is not Command:
                        continue
                    if c.name == "stop":
                        stopping.set()
                        break
                    try:
                        arg = json.loads(c.arg) if c.arg else {}
                        host.handle(c.name, arg if isinstance(arg, dict) else {})
                    except (ValueError, KeyError, TypeError) as e:  # a bad command costs that command only
                        print(f"evsim: clients: ignored command {c.name!r}: {e}", file=sys.stderr)
            now = time.monotonic()
            if now >= next_report:
                next_report = now + REPORT_INTERVAL_S
                host.report()
            writer.flush()
    finally:
        host.close()
        writer.flush()
        writer.close(timeout=0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
