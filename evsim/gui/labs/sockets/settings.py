"""The sockets lab's remembered settings: host, port, style, backend, slow motion, tabs and dividers."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSignalBlocker

from evsim.gui.labs.sockets.controls import DEFAULTS, SLOWMO_MAX_MS

__all__ = ["load_settings", "save_settings"]


def load_settings(panel, s: QSettings) -> None:
    """Restore the panel's controls from QSettings (bad or missing values fall back to the defaults)."""

    def get(key: str, default, typ):
        v = s.value(f"{panel.lab_id}/{key}", default)
        try:
            return typ(v) if typ is not bool else (v in (True, "true", "1", 1))
        except (TypeError, ValueError):
            return default

    panel.host_edit.setText(get("host", DEFAULTS["host"], str))
    port = get("port", DEFAULTS["port"], int)
    panel.port_spin.setValue(port if 0 <= port <= 65535 else DEFAULTS["port"])
    i = panel.style_combo.findData(get("style", DEFAULTS["style"], str))
    panel.style_combo.setCurrentIndex(max(0, i))
    i = panel.backend_combo.findData(get("backend", DEFAULTS["backend"], str))
    panel.backend_combo.setCurrentIndex(max(0, i))
    ms = get("slowmo_ms", DEFAULTS["slowmo_ms"], int)
    panel.slowmo_slider.setValue(min(max(ms, 0), SLOWMO_MAX_MS))
    panel.on_slowmo_changed(panel.slowmo_slider.value())
    open_ = get("explain_open", DEFAULTS["explain_open"], bool)
    panel.explanation_box.set_open(open_)
    tab = get("tab", DEFAULTS["tab"], int)
    with QSignalBlocker(panel.tabs):
        panel.tabs.setCurrentIndex(tab if 0 <= tab < panel.tabs.count() else 0)
    for key, splitter in (("splitter", panel.splitter), ("left_splitter", panel.left_splitter)):
        state = s.value(f"{panel.lab_id}/{key}")
        if state is not None:
            splitter.restoreState(state)
    panel.clients.load_settings(s, panel.lab_id)


def save_settings(panel, s: QSettings) -> None:
    """Remember the panel's controls."""
    k = panel.lab_id
    s.setValue(f"{k}/host", panel.host_edit.text().strip() or DEFAULTS["host"])
    s.setValue(f"{k}/port", panel.port_spin.value())
    s.setValue(f"{k}/style", panel.style_combo.currentData())
    s.setValue(f"{k}/backend", panel.backend_combo.currentData())
    s.setValue(f"{k}/slowmo_ms", panel.slowmo_slider.value())
    s.setValue(f"{k}/explain_open", panel.explanation_box.is_open())
    s.setValue(f"{k}/tab", panel.tabs.currentIndex())
    s.setValue(f"{k}/splitter", panel.splitter.saveState())
    s.setValue(f"{k}/left_splitter", panel.left_splitter.saveState())
    panel.clients.save_settings(s, panel.lab_id)
