"""The lab panels: one module per lab, each exposing ``Panel`` (a :class:`evsim.gui.labs.base.LabPanel`).

Adding a lab is one module here and one line in :data:`LAB_MODULES`.
"""

from __future__ import annotations

import importlib

from evsim.gui.labs.base import LabPanel

#: lab id -> module; the order is the order of the tabs.
LAB_MODULES: dict[str, str] = {
    "sockets": "evsim.gui.labs.sockets",
    "clicks": "evsim.gui.labs.clicks",
    "iomodels": "evsim.gui.labs.iomodels",
    "multiplex": "evsim.gui.labs.multiplex",
}


def panel_class(lab_id: str) -> type[LabPanel]:
    """The Panel class of a lab (raises ImportError/KeyError if it does not exist)."""
    return importlib.import_module(LAB_MODULES[lab_id]).Panel
