"""The layout of the sockets lab's Clients tab (typed client, load, misbehaving clients, table)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QSpinBox, QTableWidget, QVBoxLayout, QWidget,
)

from evsim.core.echo.builtin import MISBEHAVING

__all__ = ["ClientsPaneLayout"]


class ClientsPaneLayout(QWidget):
    """The Clients tab's widgets; :class:`~evsim.gui.labs.sockets.clients.ClientsPane` adds the behaviour
    (``on_*`` slots, ``launch``)."""

    def _build(self) -> None:
        """Lay out the pane's widgets as attributes."""
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
        self.load_clients = self._spin(1, 10000, 50, self.tr("Concurrent connections"))
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


    @staticmethod
    def _spin(lo: int, hi: int, value: int, tip: str) -> QSpinBox:
        s = QSpinBox()
        s.setRange(lo, hi)
        s.setValue(value)
        s.setToolTip(tip)
        s.setMinimumWidth(70)
        return s
