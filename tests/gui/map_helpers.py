"""What the socket map tests share: a map widget owned by qtbot, and a render into a QImage."""

from PySide6.QtGui import QImage, QPainter

from evsim.core.echo.scene import SocketScene
from evsim.gui.labs.sockets.socket_map import SocketMap


def render(m: SocketMap) -> QImage:
    img = QImage(m.size(), QImage.Format.Format_ARGB32)
    p = QPainter(img)
    m.paint(p)
    p.end()
    return img


def make_map(qtbot, scene: SocketScene, w: int = 800, h: int = 600) -> SocketMap:
    m = SocketMap(scene)
    qtbot.addWidget(m)
    m.resize(w, h)
    return m
