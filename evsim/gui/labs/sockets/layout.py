"""The sockets lab's layout: server and loop controls on top; the socket map with the live plots under it on
the left; on the right a "what you are seeing" box and tabs for the event log, the server loop's code and the
clients.  :class:`~evsim.gui.labs.sockets.panel.Panel` adds the behaviour (``on_*`` slots)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QSplitter, QTabWidget, QVBoxLayout, QWidget

from evsim.gui.labs.base import LabPanel
from evsim.gui.labs.sockets.clients import ClientsPane
from evsim.gui.labs.sockets.controls import LoopActions, LoopBox, ServerBox
from evsim.gui.labs.sockets.plots import SocketsPlots
from evsim.gui.labs.sockets.socket_map import SocketMap
from evsim.gui.widgets.code_pane import CodePane
from evsim.gui.widgets.event_log import EventLogView
from evsim.gui.widgets.explanation import ExplanationBox
from evsim.gui.widgets.wrapping_row import WrappingRow

__all__ = ["SocketsPanelLayout"]


class SocketsPanelLayout(LabPanel):
    """The widgets of the sockets lab, as attributes."""

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        root.setSpacing(6)

        top = WrappingRow(self, spacing=8)  # one under the other when the window is too narrow (1024 px)
        root.addWidget(top)
        self.server_box = ServerBox()
        self.loop_box = LoopBox()
        top.addWidget(self.server_box, 3)
        top.addWidget(self.loop_box, 2)
        sb, lb = self.server_box, self.loop_box
        self.host_edit, self.port_spin, self.style_combo = sb.host_edit, sb.port_spin, sb.style_combo
        self.backend_combo, self.start_button, self.stop_button = sb.backend_combo, sb.start_button, sb.stop_button
        self.slowmo_slider, self.slowmo_label = lb.slowmo_slider, lb.slowmo_label
        self.step_check, self.step_button = lb.step_check, lb.step_button
        self.start_button.clicked.connect(self.on_start_clicked)
        self.stop_button.clicked.connect(self.on_stop_clicked)
        self.style_combo.currentIndexChanged.connect(self.on_style_changed)
        self.slowmo_slider.valueChanged.connect(self.on_slowmo_changed)
        self.iteration_button, self.continue_button = lb.iteration_button, lb.continue_button
        self.step_check.toggled.connect(self.on_step_mode_toggled)
        self.step_button.clicked.connect(self.on_step_clicked)
        self.iteration_button.clicked.connect(self.on_step_iteration_clicked)
        self.continue_button.clicked.connect(self.on_continue_clicked)
        self.loop_actions = LoopActions(self)
        ctl = self.controller
        ctl.server_started.connect(self.on_server_started)
        ctl.server_failed.connect(self.on_server_failed)
        ctl.server_stopped.connect(self.on_server_stopped)
        ctl.data_arrived.connect(self.frames_wanted)

        self.map = SocketMap(self.scene)
        self.map.setToolTip("")
        self.plots = SocketsPlots()
        self.plots.setMinimumHeight(120)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.map)
        left.addWidget(self.plots)
        left.setStretchFactor(0, 4)
        left.setStretchFactor(1, 1)
        left.setSizes([520, 150])
        left.setChildrenCollapsible(False)
        self.left_splitter = left

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.setSpacing(4)
        self.explanation_box = ExplanationBox(self.explanation(), spacing=4)
        self.explanation_box.set_vertical_policy(QSizePolicy.Policy.Maximum)
        self.explanation_box.button.setAutoRaise(True)
        self.explanation_box.label.setStyleSheet("QLabel { padding: 4px 6px; }")
        self.explain_button = self.explanation_box.button
        self.explain_label = self.explanation_box.label
        rlay.addWidget(self.explanation_box)

        self.tabs = QTabWidget()
        self.log = EventLogView()
        self.code = CodePane()
        self.clients = ClientsPane(self.server_address, self.server_info)
        self.tabs.addTab(self.log, self.tr("Event log"))
        self.tabs.addTab(self.code, self.tr("Server loop"))
        self.tabs.addTab(self.clients, self.tr("Clients"))
        self.tabs.setTabToolTip(0, self.tr("Every event the server reported, newest at the bottom"))
        self.tabs.setTabToolTip(1, self.tr("The server loop's source; the line it is executing is highlighted"))
        self.tabs.setTabToolTip(2, self.tr("Built-in clients: type messages, run a load, or misbehave"))
        rlay.addWidget(self.tabs, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 500])
        split.setChildrenCollapsible(False)
        self.splitter = split
        root.addWidget(split, 1)

        self.log.status_message.connect(self.status_message)
        self.clients.status_message.connect(self.status_message)
        self.map.node_clicked.connect(self.on_node_clicked)
        self.code.visibility_changed.connect(self.on_code_visibility_changed)

