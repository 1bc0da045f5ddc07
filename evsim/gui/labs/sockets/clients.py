"""The sockets lab's built-in clients: a client you type into, a load generator, misbehaving clients.

They all run in a process of their own (:class:`evsim.core.echo.clients_remote.ClientsProcess`), so neither
the window nor the server pays for them and the server's descriptors stay its own.  This pane sends that
process commands and shows what it reports: a table of the clients, the typed client's transcript, and the
load's progress with what limits it (the server, the clients, or the machine's cores).
"""

from __future__ import annotations

import os
import random
from typing import Callable

from PySide6.QtCore import QSettings, QSocketNotifier, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QTableWidgetItem, QWidget,
)

from evsim.core.echo.builtin import MISBEHAVING
from evsim.core.echo.client import reachable_host
from evsim.core.echo.clients_remote import ClientsProcess
from evsim.core.limits import nofile_limits
from evsim.core.procstat import CpuRate, MachineCpuRate
from evsim.gui.labs.sockets.clients_layout import ClientsPaneLayout
from evsim.gui.labs.sockets.load_text import LoadLimits, LoadSummary

__all__ = ["ClientsPane", "MISBEHAVING"]

#: Descriptors a process needs besides its connections (Python, Qt, pipes...).
FD_MARGIN = 64
#: A demo with more clients than this drives them from one load loop instead of a thread each.
DEMO_THREADED = 50
#: Requests per second of a large demo, all clients together.
DEMO_RATE = 2000.0


class ClientsPane(ClientsPaneLayout):
    """Controls for the built-in clients and a table of those running."""

    status_message = Signal(str)

    #: Something arrived from the clients process: the frame bridge should run.
    data_arrived = Signal()

    def __init__(self, address: Callable[[], tuple[str, int] | None],
                 server_info: Callable[[], tuple[int | None, str]] = lambda: (None, "default"),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._address = address
        self._server_info = server_info  # (server pid, backend) for "what limits the load"
        self.proc = ClientsProcess()
        self.typed: list[int] = []                # cids of the typed clients, in the combo's order
        self._notifier: QSocketNotifier | None = None
        self._target: tuple[str, int] | None = None
        self._server_cpu = CpuRate()
        self._machine_cpu = MachineCpuRate()
        self._summary = LoadSummary(self)
        self._last_refresh = 0
        self._closed = False
        self.demo_clients = 0
        self._demo_timer = QTimer(self)
        self._demo_timer.setInterval(2500)
        self._demo_timer.timeout.connect(self.on_demo_tick)
        self._build()
        self.set_server_running(False)

    # -- state from the panel --
    def set_server_running(self, running: bool) -> None:
        for w in (self.add_button, self.load_button, *self.bad_buttons.values()):
            w.setEnabled(running or w is self.load_button and self.proc.load_running)
        if not running:
            self._demo_timer.stop()

    def _where(self) -> tuple[str, int] | None:
        """The server's address as a local client dials it, told to the clients process; None (and a
        message) when no server listens."""
        addr = self._address()
        if addr is None or self._closed:
            if addr is None:
                self.status_message.emit(self.tr("Start the server first"))
            return None
        where = (reachable_host(addr[0]), addr[1])
        first = self.proc.proc is None
        if first or where != self._target:
            self.proc.set_target(*where)
            self._target = where
        if first or self._notifier is None:
            self._watch()
        return where

    def _watch(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
        self._notifier = QSocketNotifier(self.proc.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_readable)

    @Slot()
    def on_readable(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)  # read on the next frame; do not fire again meanwhile
        self.data_arrived.emit()

    def client_errors(self) -> int:
        """Built-in clients that failed (a client's error, a load connection's error) so far."""
        failed = sum(1 for st in self.proc.states.values() if st.error)
        r = self.proc.load_result() or {}
        return failed + int(r.get("errors", 0))

    def needs_frames(self) -> bool:
        """While a load runs or clients are connected, the table and the load line keep moving."""
        return self.proc.load_running or self.proc.running_count > 0

    # -- launching --
    def launch(self, kind: str) -> int | None:
        """Start one misbehaving client of ``kind`` (see MISBEHAVING); its number, or None."""
        if self._where() is None:
            return None
        return self.proc.misbehave(kind)

    def add_echo_client(self, message: str, interval: float) -> int | None:
        if self._where() is None:
            return None
        return self.proc.add_echo(message, interval)

    def add_typed_client(self) -> int | None:
        if self._where() is None:
            return None
        cid = self.proc.add_typed()
        self.typed.append(cid)
        self.typed_combo.addItem(self.tr("client {n}").format(n=len(self.typed)), cid)
        self.typed_combo.setCurrentIndex(self.typed_combo.count() - 1)
        return cid

    def load_refusal(self, clients: int) -> str | None:
        """Why a load of ``clients`` connections cannot run on this machine, said before it starts."""
        _soft, hard = nofile_limits()
        if clients + FD_MARGIN > hard:
            return self.tr("{n} connections need {need} open files in the clients process and in the server, "
                           "but this user may open at most {hard} (ulimit -Hn): lower the number of clients "
                           "or raise the hard limit.").format(n=clients, need=clients + FD_MARGIN, hard=hard)
        return None

    def start_load(self, clients: int, rate: float, size: int, seconds: float) -> bool:
        why = self.load_refusal(clients)
        if why is not None:
            self.load_label.setText(why)
            self.status_message.emit(why)
            return False
        if self._where() is None:
            return False
        self.proc.start_load(clients, rate, size, seconds)
        self.load_button.setText(self.tr("Stop load"))
        self.load_button.setEnabled(True)
        text = self.tr("connecting {n} clients…").format(n=clients)
        _pid, backend = self._server_info()
        if backend == "select" and clients > 1000:
            text += " " + self.tr("With the select backend the server refuses every connection whose fd is "
                                  "1024 or more: watch the refused count.")
        self.load_label.setText(text)
        self.data_arrived.emit()
        return True

    def stop_load(self) -> None:
        self.proc.stop_load()
        self.load_button.setText(self.tr("Start load"))
        self.set_server_running(self._address() is not None)

    def start_demo(self, echo_clients: int) -> None:
        """``echo_clients`` chatting clients and one of each misbehaving kind, relaunched while the demo runs.

        Up to DEMO_THREADED clients each chat on a thread of their own ("hello from client N"); more are one
        load generator (one selectors loop, every byte checked) at a gentle rate: together about DEMO_RATE
        requests/s, so the map animates without the demo becoming a benchmark."""
        if echo_clients <= DEMO_THREADED:
            for i in range(echo_clients):
                self.add_echo_client(f"hello from client {i + 1}\n", interval=random.uniform(0.25, 0.6))
        else:
            rate = min(2.0, DEMO_RATE / echo_clients)
            self.start_load(echo_clients, rate, 32, 3600)
        self.demo_clients = echo_clients
        for kind in MISBEHAVING:
            self.launch(kind)
        self._demo_timer.start()

    @Slot()
    def on_demo_tick(self) -> None:
        """Keep the demo lively: a new reset and half-close client every few seconds."""
        if self._address() is None:
            self._demo_timer.stop()
            return
        self.launch("reset")
        self.launch("half-close")

    # -- stopping --
    def stop_all(self) -> None:
        self._demo_timer.stop()
        self.proc.stop_all()
        self.load_button.setText(self.tr("Start load"))
        self.typed.clear()
        self.typed_combo.clear()

    def shutdown(self) -> None:
        """Stop the clients process (at most 0.4 s, then it is killed)."""
        if self._closed:
            return
        self._closed = True
        self._demo_timer.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.proc.stop()

    # -- per frame --
    def frame(self, now_ns: int) -> None:
        self.proc.drain()
        if self._notifier is not None and self.proc.proc is not None and not self.proc.proc.eof:
            self._notifier.setEnabled(True)
        echoes = self.proc.echoes
        while echoes:
            e = echoes.popleft()
            name = self._typed_name(e.cid)
            for line in e.text.rstrip("\n").split("\n"):
                self.transcript.appendPlainText(f"← {name}: {line}")
        if now_ns - self._last_refresh >= 250_000_000:
            self._last_refresh = now_ns
            self._refresh_table()
            self._refresh_load()

    def _typed_name(self, cid: int) -> str:
        try:
            return self.tr("client {n}").format(n=self.typed.index(cid) + 1)
        except ValueError:
            return "?"

    def _refresh_load(self) -> None:
        lp = self.proc.load
        if lp is None:
            if not self.proc.load_running and self.load_button.text() != self.tr("Start load"):
                self.stop_load()
            return
        pid, _backend = self._server_info()
        limits = LoadLimits(server_cpu=self._server_cpu.sample(pid), clients_cpu=lp.cpu_percent,
                            cores=os.cpu_count() or 1, machine_cpu=self._machine_cpu.sample())
        if lp.error:
            self.load_label.setText(self.tr("load failed: {why}").format(why=lp.error))
        else:
            self.load_label.setText(self._summary.text(self.proc.load_result() or {}, lp.running, limits))
        if not lp.running:
            if lp.error:
                self.status_message.emit(self.tr("Load failed: {why}").format(why=lp.error))
            self.proc.load = None
            self.load_button.setText(self.tr("Start load"))
            self.set_server_running(self._address() is not None)

    def _refresh_table(self) -> None:
        states = list(self.proc.states.values())
        t = self.table
        t.setUpdatesEnabled(False)
        t.setRowCount(len(states))
        names = {"echo": self.tr("echo"), "typed": self.tr("typed"), "slow reader": self.tr("slow reader"),
                 "reset": self.tr("reset"), "half-close": self.tr("half-close"), "idle": self.tr("idle")}
        for i, c in enumerate(states):
            state = (self.tr("error: {e}").format(e=c.error) if c.error else
                     self.tr("running") if c.running else self.tr("finished"))
            vals = (names.get(c.role, c.role), c.local or "…", f"{c.bytes_sent:,}", f"{c.bytes_received:,}", state)
            for j, v in enumerate(vals):
                item = t.item(i, j)
                if item is None:
                    item = QTableWidgetItem(v)
                    if j in (2, 3):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    t.setItem(i, j, item)
                elif item.text() != v:
                    item.setText(v)
        t.setUpdatesEnabled(True)
        self.count_label.setText(self.tr("{n} built-in clients running (process {pid})").format(
            n=self.proc.running_count, pid=self.proc.pid or "–"))

    # -- slots --
    @Slot()
    def on_add_client_clicked(self) -> None:
        if self.add_typed_client() is not None:
            self.message_edit.setFocus()

    @Slot()
    def on_send_clicked(self) -> None:
        text = self.message_edit.text()
        if not text:
            return
        if not self.typed:
            if self.add_typed_client() is None:
                return
        cid = self.typed_combo.currentData()
        if cid not in self.typed:
            cid = self.typed[-1]
        st = self.proc.states.get(cid)
        if st is not None and not st.running:
            self.status_message.emit(self.tr("That connection is closed; add a new client"))
            return
        self.proc.type_line(cid, text + "\n")
        self.transcript.appendPlainText(f"→ {self._typed_name(cid)}: {text}")
        self.message_edit.clear()

    @Slot()
    def on_load_clicked(self) -> None:
        if self.proc.load_running:
            self.stop_load()
        else:
            self.start_load(self.load_clients.value(), self.load_rate.value(), self.load_size.value(),
                            self.load_seconds.value())

    @Slot()
    def on_stop_all_clicked(self) -> None:
        self.stop_all()
        self.status_message.emit(self.tr("Every built-in client stopped"))

    # -- settings --
    def load_settings(self, s: QSettings, prefix: str) -> None:
        for key, spin in (("load_clients", self.load_clients), ("load_rate", self.load_rate),
                          ("load_size", self.load_size), ("load_seconds", self.load_seconds)):
            v = s.value(f"{prefix}/{key}")
            try:
                if v is not None:
                    spin.setValue(int(v))
            except (TypeError, ValueError):
                pass

    def save_settings(self, s: QSettings, prefix: str) -> None:
        for key, spin in (("load_clients", self.load_clients), ("load_rate", self.load_rate),
                          ("load_size", self.load_size), ("load_seconds", self.load_seconds)):
            s.setValue(f"{prefix}/{key}", spin.value())
