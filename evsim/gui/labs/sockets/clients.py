"""The sockets lab's built-in clients: a client you type into, a load generator, and misbehaving clients.

Every client is a real socket on its own thread (:mod:`evsim.core.echo.client`, :mod:`evsim.core.echo.load`
and :class:`TypedClient` below); the GUI thread only sets flags, queues text and reads counters, so it never
waits on a socket.  :class:`ClientsPane` owns them all and stops and joins them in :meth:`ClientsPane.shutdown`.
"""

from __future__ import annotations

import queue
import random
import selectors
import socket
import threading
import time
from collections import deque
from typing import Callable

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from evsim.core.echo.client import (
    BuiltinClient, EchoClient, HalfCloseClient, IdleClient, ResetClient, SlowReaderClient, connect,
    reachable_host,
)
from evsim.core.echo.load import LoadResult, LoadRunner

__all__ = ["TypedClient", "ClientsPane", "MISBEHAVING", "make_misbehaving"]

#: Longest a built-in client runs (each one also stops on "Stop all clients" and on shutdown).
CLIENT_MAX_S = 600.0
#: Finished clients kept in the table.
KEEP_FINISHED = 20
#: Misbehaving kinds a user can launch.
MISBEHAVING = ("slow reader", "reset", "half-close", "idle")


def make_misbehaving(kind: str, host: str, port: int) -> BuiltinClient:
    """A misbehaving client tuned so that what it does stays on screen long enough to see."""
    if kind == "slow reader":
        # 16 MiB written at full speed, read back at ~1.6 MB/s (about 10 s): the server's buffer for it fills
        # and it pauses reading that socket (back-pressure) again and again.
        return SlowReaderClient(host, port, total=16 << 20, read_size=16384, read_interval=0.01,
                                max_seconds=CLIENT_MAX_S)
    if kind == "reset":
        # talks for a second, then aborts the connection (RST): the server sees ECONNRESET.
        return ResetClient(host, port, data=b"about to reset\n" * 8, delay=1.0, read_first=True,
                           max_seconds=CLIENT_MAX_S)
    if kind == "half-close":
        # sends 64 KiB, shuts its write side (FIN), waits a second, then reads the whole echo; the server
        # reads b'', keeps echoing what it holds, and closes once everything is delivered.
        return HalfCloseClient(host, port, data=bytes(range(256)) * 256, read_delay=1.0, max_seconds=CLIENT_MAX_S)
    if kind == "idle":
        return IdleClient(host, port, max_seconds=CLIENT_MAX_S)
    raise ValueError(f"unknown misbehaving client {kind!r}")


class TypedClient:
    """A connection whose messages the user types: ``send(text)`` from any thread; echoes come back in
    ``incoming`` (a deque of (monotonic_ns, bytes)).  Runs on its own thread; ``stop()`` joins it.

    Same read-only attributes as the core's built-in clients: ``running``, ``local``, ``bytes_sent``,
    ``bytes_received``, ``error``.
    """

    kind = "typed"

    def __init__(self, host: str, port: int, *, connect_timeout: float = 3.0, max_seconds: float = 3600.0) -> None:
        self.host, self.port = host, port
        self.connect_timeout = connect_timeout
        self.max_seconds = max_seconds
        self.local = ""
        self.bytes_sent = 0
        self.bytes_received = 0
        self.error: str | None = None
        self.closed_by_server = False
        self.incoming: deque[tuple[int, bytes]] = deque(maxlen=1000)
        self.connected = threading.Event()
        self._outgoing: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="evsim-typed-client", daemon=True)
        self._thread.start()

    def send(self, data: bytes) -> None:
        """Queue ``data``; the client's thread sends it.  Never blocks."""
        self._outgoing.put(data)
        self._wake()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
        if t is None or not t.is_alive():
            for s in (self._wake_r, self._wake_w):
                s.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"\0")
        except OSError:
            pass

    def _main(self) -> None:
        sock = None
        deadline = time.monotonic() + self.max_seconds
        try:
            sock = connect(self.host, self.port, self.connect_timeout)
            h, p = sock.getsockname()[:2]
            self.local = f"{h}:{p}"
            sock.setblocking(False)
            self.connected.set()
            pending = bytearray()
            with selectors.DefaultSelector() as sel:
                sel.register(self._wake_r, selectors.EVENT_READ)
                sel.register(sock, selectors.EVENT_READ)
                while not self._stop.is_set() and time.monotonic() < deadline:
                    for key, mask in sel.select(0.5):
                        if key.fileobj is self._wake_r:
                            try:
                                self._wake_r.recv(4096)
                            except BlockingIOError:
                                pass
                            continue
                        if mask & selectors.EVENT_READ:
                            data = sock.recv(65536)
                            if not data:
                                self.closed_by_server = True
                                return
                            self.bytes_received += len(data)
                            self.incoming.append((time.monotonic_ns(), data))
                    while True:
                        try:
                            pending += self._outgoing.get_nowait()
                        except queue.Empty:
                            break
                    if pending:
                        try:
                            n = sock.send(pending)
                        except BlockingIOError:
                            n = 0
                        del pending[:n]
                        self.bytes_sent += n
                    sel.modify(sock, selectors.EVENT_READ | (selectors.EVENT_WRITE if pending else 0))
        except OSError as e:
            if not self._stop.is_set():
                self.error = e.strerror or str(e)
        finally:
            if sock is not None:
                sock.close()


class ClientsPane(QWidget):
    """Controls for the built-in clients and a table of those running."""

    status_message = Signal(str)

    def __init__(self, address: Callable[[], tuple[str, int] | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._address = address
        self.clients: list = []                  # every client started and not yet forgotten
        self.typed: list[TypedClient] = []
        self.load: LoadRunner | None = None
        self._load_progress: LoadResult | None = None
        self._load_reported = True
        self._last_refresh = 0
        self._closed = False
        self._demo_timer = QTimer(self)
        self._demo_timer.setInterval(2500)
        self._demo_timer.timeout.connect(self.on_demo_tick)
        self._build()
        self.set_server_running(False)

    # -- build --
    def _build(self) -> None:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(6)

        typed = QGroupBox(self.tr("Type to the server"))
        tl = QGridLayout(typed)
        self.add_button = QPushButton(self.tr("Add client"))
        self.add_button.setToolTip(self.tr("Open a new connection to the server; then type a line and press "
                                           "Enter: the echo appears below"))
        self.add_button.clicked.connect(self.on_add_client_clicked)
        tl.addWidget(self.add_button, 0, 0)
        self.typed_combo = QComboBox()
        self.typed_combo.setToolTip(self.tr("The connection your lines go to"))
        self.typed_combo.setMinimumContentsLength(16)
        tl.addWidget(self.typed_combo, 0, 1)
        self.message_edit = QLineEdit()
        self.message_edit.setPlaceholderText(self.tr("type a message and press Enter"))
        self.message_edit.setToolTip(self.tr("Sent with a newline to the chosen connection"))
        self.message_edit.returnPressed.connect(self.on_send_clicked)
        tl.addWidget(self.message_edit, 1, 0, 1, 2)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send the line (Enter)"))
        self.send_button.clicked.connect(self.on_send_clicked)
        tl.addWidget(self.send_button, 1, 2)
        self.transcript = QPlainTextEdit()
        self.transcript.setReadOnly(True)
        self.transcript.setMaximumBlockCount(500)
        self.transcript.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.transcript.setPlaceholderText(self.tr("What you send (→) and what the server echoes (←)"))
        # three lines at least: squeezed by the table below, it used to show a single line at 1280x800
        lines = self.transcript.fontMetrics().lineSpacing()
        self.transcript.setMinimumHeight(3 * lines + 12)
        self.transcript.setMaximumHeight(max(72, 4 * lines + 12))
        tl.addWidget(self.transcript, 2, 0, 1, 3)
        tl.setColumnStretch(1, 1)
        lay.addWidget(typed)

        load = QGroupBox(self.tr("Load"))
        ll = QGridLayout(load)
        self.load_clients = self._spin(1, 5000, 50, self.tr("Concurrent connections"))
        self.load_rate = self._spin(0, 100000, 20, self.tr("Requests per second per connection (0: as fast as "
                                                            "the server answers)"))
        self.load_size = self._spin(1, 1 << 20, 64, self.tr("Bytes per request"))
        self.load_seconds = self._spin(1, 3600, 30, self.tr("How long the load runs"))
        self.load_rate.setSpecialValueText(self.tr("max"))
        for col, (label, w) in enumerate(((self.tr("clients"), self.load_clients), (self.tr("req/s each"), self.load_rate),
                                          (self.tr("bytes"), self.load_size), (self.tr("seconds"), self.load_seconds))):
            ll.addWidget(QLabel(label), 0, col)
            ll.addWidget(w, 1, col)
        self.load_button = QPushButton(self.tr("Start load"))
        self.load_button.setToolTip(self.tr("N connections doing request/echo round trips, every byte checked"))
        self.load_button.clicked.connect(self.on_load_clicked)
        ll.addWidget(self.load_button, 1, 4)
        self.load_label = QLabel(self.tr("no load running"))
        self.load_label.setWordWrap(True)
        ll.addWidget(self.load_label, 2, 0, 1, 5)
        lay.addWidget(load)

        bad = QGroupBox(self.tr("Misbehaving clients"))
        bl = QHBoxLayout(bad)
        tips = {
            "slow reader": self.tr("Writes 16 MiB fast but reads slowly: the server's buffer for it fills, so it "
                                   "stops reading that socket (back-pressure) until the buffer drains"),
            "reset": self.tr("Sends a little, then aborts with RST: the server's recv/send fails with "
                             "ECONNRESET"),
            "half-close": self.tr("Sends 64 KiB, then shuts its write side (FIN): the server reads b'' but keeps "
                                  "echoing what it holds, then closes"),
            "idle": self.tr("Connects and does nothing: it costs the server a registered socket, nothing more"),
        }
        names = {"slow reader": self.tr("Slow reader"), "reset": self.tr("Reset"),
                 "half-close": self.tr("Half-close"), "idle": self.tr("Idle")}
        self.bad_buttons: dict[str, QPushButton] = {}
        for kind in MISBEHAVING:
            b = QPushButton(names[kind])
            b.setToolTip(tips[kind])
            b.clicked.connect(lambda _=False, k=kind: self.launch(k))
            bl.addWidget(b)
            self.bad_buttons[kind] = b
        lay.addWidget(bad)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("client"), self.tr("local address"), self.tr("sent"),
                                              self.tr("received"), self.tr("state")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(self.tr("The built-in clients (the load's connections are summed up above)"))
        self.table.setMinimumHeight(72)  # the header and two clients; the transcript above needs the room more
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.count_label = QLabel()
        row.addWidget(self.count_label, 1)
        self.stop_all_button = QPushButton(self.tr("Stop all clients"))
        self.stop_all_button.setToolTip(self.tr("Close every built-in connection and stop the load"))
        self.stop_all_button.clicked.connect(self.on_stop_all_clicked)
        row.addWidget(self.stop_all_button)
        lay.addLayout(row)

    def _spin(self, lo: int, hi: int, value: int, tip: str) -> QSpinBox:
        s = QSpinBox()
        s.setRange(lo, hi)
        s.setValue(value)
        s.setToolTip(tip)
        s.setMinimumWidth(70)
        return s

    # -- state from the panel --
    def set_server_running(self, running: bool) -> None:
        for w in (self.add_button, self.load_button, *self.bad_buttons.values()):
            w.setEnabled(running or w is self.load_button and self.load is not None)
        if not running:
            self._demo_timer.stop()

    def _where(self) -> tuple[str, int] | None:
        addr = self._address()
        if addr is None:
            self.status_message.emit(self.tr("Start the server first"))
            return None
        host, port = addr
        return reachable_host(host), port

    # -- launching --
    def launch(self, kind: str) -> BuiltinClient | None:
        """Start one misbehaving client of ``kind`` (see MISBEHAVING) against the server."""
        where = self._where()
        if where is None or self._closed:
            return None
        c = make_misbehaving(kind, *where)
        c.start()
        self.clients.append(c)
        self._refresh_table()
        return c

    def add_echo_client(self, message: bytes, interval: float) -> EchoClient | None:
        where = self._where()
        if where is None or self._closed:
            return None
        c = EchoClient(*where, message=message, interval=interval, max_seconds=CLIENT_MAX_S)
        c.start()
        self.clients.append(c)
        return c

    def add_typed_client(self) -> TypedClient | None:
        where = self._where()
        if where is None or self._closed:
            return None
        c = TypedClient(*where)
        c.start()
        self.clients.append(c)
        self.typed.append(c)
        self.typed_combo.addItem(self.tr("client {n}").format(n=len(self.typed)), len(self.typed) - 1)
        self.typed_combo.setCurrentIndex(self.typed_combo.count() - 1)
        self._refresh_table()
        return c

    def start_load(self, clients: int, rate: float, size: int, seconds: float) -> bool:
        where = self._where()
        if where is None or self._closed:
            return False
        self.stop_load()
        self._load_progress = None

        def progress(r: LoadResult) -> None:  # on the load thread: one reference store
            self._load_progress = r

        self.load = LoadRunner(where[0], where[1], clients, seconds, size, rate=rate or None, progress=progress)
        self.load.start()
        self._load_reported = False
        self.load_button.setText(self.tr("Stop load"))
        self.load_button.setEnabled(True)
        self.load_label.setText(self.tr("connecting {n} clients…").format(n=clients))
        return True

    def stop_load(self) -> None:
        if self.load is not None:
            self.load.stop()
            self._show_load_result()
            self.load = None
        self.load_button.setText(self.tr("Start load"))
        self.set_server_running(self._address() is not None)

    def start_demo(self, echo_clients: int) -> None:
        """``echo_clients`` chatting clients and one of each misbehaving kind, relaunched while the demo runs."""
        for i in range(echo_clients):
            self.add_echo_client(f"hello from client {i + 1}\n".encode(), interval=random.uniform(0.25, 0.6))
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
        self.stop_load()
        clients = list(self.clients)
        for c in clients:  # ask everyone first, then wait for each: stopping is parallel, not serial
            c.stop(timeout=0)
        for c in clients:
            c.stop()
        self.clients = [c for c in clients if c.running]
        self.typed.clear()
        self.typed_combo.clear()
        self._refresh_table()

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.stop_all()

    # -- per frame --
    def frame(self, now_ns: int) -> None:
        for c in self.typed:
            while c.incoming:
                _t, data = c.incoming.popleft()
                text = data.decode("utf-8", "replace").rstrip("\n")
                self.transcript.appendPlainText(f"← {self._typed_name(c)}: {text}")
        if now_ns - self._last_refresh >= 250_000_000:
            self._last_refresh = now_ns
            self._refresh_table()
            self._refresh_load()

    def _typed_name(self, c: TypedClient) -> str:
        try:
            return self.tr("client {n}").format(n=self.typed.index(c) + 1)
        except ValueError:
            return "?"

    def _refresh_load(self) -> None:
        ld = self.load
        if ld is None:
            return
        if ld.running:
            r = self._load_progress
            if r is not None:
                self.load_label.setText(self._load_text(r, running=True))
        else:
            self._show_load_result()
            self.load = None
            self.load_button.setText(self.tr("Start load"))
            self.set_server_running(self._address() is not None)

    def _show_load_result(self) -> None:
        ld = self.load
        if ld is None or self._load_reported:
            return
        self._load_reported = True
        if ld.error is not None:
            why = getattr(ld.error, "strerror", None) or str(ld.error)
            self.load_label.setText(self.tr("load failed: {why}").format(why=why))
            self.status_message.emit(self.tr("Load failed: {why}").format(why=why))
        elif ld.result is not None:
            self.load_label.setText(self._load_text(ld.result, running=False))

    def _load_text(self, r: LoadResult, running: bool) -> str:
        head = self.tr("running") if running else self.tr("done")
        na = self.tr("n/a")  # no request completed: no latency to show
        lat = {k: na if v is None else self.tr("{ms:.2f} ms").format(ms=v) for k, v in r.latency_ms.items()}
        text = self.tr("{head}: {n} connected · {req} requests · {rps} req/s · p50 {p50} · p99 {p99}"
                       ).format(head=head, n=r.connected, req=f"{r.requests:,}", rps=f"{r.requests_per_s:,.0f}",
                                p50=lat["p50"], p99=lat["p99"])
        if r.integrity_errors or r.incomplete or r.unanswered or r.errors:
            text += self.tr(" · {i} wrong echoes, {c} incomplete, {u} unanswered, {e} connection errors").format(
                i=r.integrity_errors, c=r.incomplete, u=r.unanswered, e=r.errors)
        elif r.requests:
            text += self.tr(" · every byte checked")
        elif not running:
            text += self.tr(" · no request completed")
        return text

    def _refresh_table(self) -> None:
        # forget the oldest finished clients beyond KEEP_FINISHED
        finished = [c for c in self.clients if not c.running and c not in self.typed]
        if len(finished) > KEEP_FINISHED:
            drop = set(map(id, finished[:-KEEP_FINISHED]))
            for c in finished[:-KEEP_FINISHED]:
                c.stop(timeout=0)
            self.clients = [c for c in self.clients if id(c) not in drop]
        t = self.table
        t.setUpdatesEnabled(False)
        t.setRowCount(len(self.clients))
        names = {"echo": self.tr("echo"), "typed": self.tr("typed"), "slow reader": self.tr("slow reader"),
                 "reset": self.tr("reset"), "half-close": self.tr("half-close"), "idle": self.tr("idle")}
        for i, c in enumerate(self.clients):
            state = (self.tr("error: {e}").format(e=c.error) if c.error else
                     self.tr("running") if c.running else self.tr("finished"))
            vals = (names.get(c.kind, c.kind), c.local or "…", f"{c.bytes_sent:,}", f"{c.bytes_received:,}", state)
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
        running = sum(1 for c in self.clients if c.running)
        self.count_label.setText(self.tr("{n} built-in clients running").format(n=running))

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
        idx = self.typed_combo.currentData()
        c = self.typed[idx if isinstance(idx, int) and 0 <= idx < len(self.typed) else -1]
        if not c.running:
            self.status_message.emit(self.tr("That connection is closed; add a new client"))
            return
        c.send((text + "\n").encode("utf-8"))
        self.transcript.appendPlainText(f"→ {self._typed_name(c)}: {text}")
        self.message_edit.clear()

    @Slot()
    def on_load_clicked(self) -> None:
        if self.load is not None:
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
