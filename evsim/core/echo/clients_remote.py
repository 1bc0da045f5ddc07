"""The built-in clients' process, as the window sees it: commands out, client states and echoes in.

:class:`ClientsProcess` starts :mod:`evsim.core.echo.clients_child` and keeps what its stream said: each
client's last :class:`~evsim.core.echo.events.ClientState`, the typed clients' echoes, and the load's last
:class:`~evsim.core.echo.events.LoadProgress`.  Never blocks, except :meth:`stop` (closing a window).
"""

from __future__ import annotations

import json
from collections import deque

from evsim.core.echo.events import ClientEcho, ClientState, LoadProgress
from evsim.core.process import StreamProcess, child_env

__all__ = ["ClientsProcess", "CHILD_MODULE"]

CHILD_MODULE = "evsim.core.echo.clients_child"
#: Finished clients kept at most (the oldest are forgotten first).
KEEP_FINISHED = 20


class ClientsProcess:
    """One clients process; start it lazily with :meth:`ensure_started`."""

    def __init__(self) -> None:
        self.proc: StreamProcess | None = None
        self.states: dict[int, ClientState] = {}
        self.echoes: deque[ClientEcho] = deque(maxlen=1000)
        self.load: LoadProgress | None = None
        self.load_running = False
        self._next_cid = 1

    def ensure_started(self) -> StreamProcess:
        if self.proc is None or self.proc.eof:
            if self.proc is not None:
                self.proc.stop(0.2)
            self.proc = StreamProcess(CHILD_MODULE, [], env=child_env())
            self.proc.start()
        return self.proc

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def fileno(self) -> int:
        return self.proc.fileno() if self.proc is not None else -1

    def stop(self, timeout: float = 0.4) -> None:
        if self.proc is not None:
            self.proc.stop(timeout)
            self.proc = None
        self.load_running = False

    # -- commands ------------------------------------------------------------------------------------------
    def _send(self, name: str, **arg) -> None:
        self.ensure_started().command(name, json.dumps(arg))

    def set_target(self, host: str, port: int) -> None:
        self._send("target", host=host, port=port)

    def new_cid(self) -> int:
        cid = self._next_cid
        self._next_cid += 1
        return cid

    def add_typed(self) -> int:
        cid = self.new_cid()
        self._send("typed", cid=cid)
        return cid

    def type_line(self, cid: int, text: str) -> None:
        self._send("type", cid=cid, text=text)

    def add_echo(self, message: str, interval: float) -> int:
        cid = self.new_cid()
        self._send("echo", cid=cid, message=message, interval=interval)
        return cid

    def misbehave(self, kind: str) -> int:
        cid = self.new_cid()
        self._send("misbehave", cid=cid, kind=kind)
        return cid

    def start_load(self, clients: int, rate: float, size: int, seconds: float) -> None:
        self.load = None
        self.load_running = True
        self._send("load", clients=clients, rate=rate, size=size, seconds=seconds)

    def stop_load(self) -> None:
        if self.proc is not None:
            self._send("load_stop")

    def stop_all(self) -> None:
        if self.proc is not None:
            self._send("stop_all")

    # -- the stream ----------------------------------------------------------------------------------------
    def drain(self, max_items: int = 5000) -> bool:
        """Apply what arrived; True when anything did."""
        if self.proc is None:
            return False
        batch = self.proc.drain(max_items)
        for e in batch:
            t = type(e)
            if t is ClientState:
                self.states[e.cid] = e
            elif t is ClientEcho:
                self.echoes.append(e)
            elif t is LoadProgress:
                self.load = e
                self.load_running = e.running
        if len(self.states) > KEEP_FINISHED:
            finished = [cid for cid, s in self.states.items() if not s.running and s.role != "typed"]
            for cid in finished[:-KEEP_FINISHED]:
                del self.states[cid]
        if self.proc.eof and self.load_running:
            self.load_running = False
        return bool(batch)

    def load_result(self) -> dict | None:
        """The last LoadProgress's result as a dict (None before the first)."""
        if self.load is None or not self.load.result_json:
            return None
        try:
            d = json.loads(self.load.result_json)
        except ValueError:
            return None
        return d if isinstance(d, dict) else None

    @property
    def running_count(self) -> int:
        return sum(1 for s in self.states.values() if s.running)
