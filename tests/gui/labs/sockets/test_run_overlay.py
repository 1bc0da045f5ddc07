"""Program mode's own state and map overlay: kernel queues and diagnosis flags on a recorded scene."""

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor

from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene
from evsim.core.watch import events as wev
from evsim.gui.labs.sockets.map_program_overlay import FLAG_COLOR, ProgramOverlay, bar_height
from evsim.gui.labs.sockets.map_style import READ_COLOR
from evsim.gui.labs.sockets.program_state import ProgramState, numbers
from evsim.gui.labs.sockets.program_text import ProgramText
from tests.gui.map_helpers import make_map

MS = 1_000_000
T = 10_000 * MS


def scene_with(fds):
    s = SocketScene()
    s.apply([ev.Listening(0, "127.0.0.1", 9999, "epoll", "program", 3)]
            + [ev.Accepted(i * MS, fd, f"127.0.0.1:{40000 + i}") for i, fd in enumerate(fds)])
    return s


def test_state_follows_where_queues_and_forgets_closed_fds():
    st = ProgramState(diagnose=False)
    st.apply([wev.SourceFile(1, 7, "/tmp/prog.py"), wev.Accept(2, 3, 7, "127.0.0.1:5", 0, 7, 12),
              wev.KernelQueues(3, 7, 120, 0), wev.Recv(4, 7, 10, 4096, 0, 7, 20)])
    assert st.where.line == 20 and st.where.call == "recv" and not st.where.held
    assert st.path(st.where.file) == "/tmp/prog.py"
    assert st.queues[7].recv_q == 120
    st.apply([wev.Held(5, 4, 7, 10, 1, 7, 21)])
    assert st.where.held and st.where.call == "send" and st.where.line == 21
    st.apply([wev.Diagnosis(6, "partial-send", 7, "sent=4 offered=10 left=6 then=smaller_send", "send() took fewer bytes", 7, 21)])
    assert [f.code for f in st.flags_for(7)] == ["partial-send"]
    assert [f.code for f in st.take_new()] == ["partial-send"] and st.take_new() == []
    st.apply([wev.Diagnosis(7, "partial-send", 7, "sent=5 offered=10 left=5 then=smaller_send", "again", 7, 21)])
    assert st.take_new() == [] and numbers(st.flags_for(7)[0])["sent"] == "5"  # explained once
    st.apply([wev.Close(8, 7, 7, 30)])
    assert 7 not in st.queues and st.flags_for(7) == []


def test_sentences_carry_the_numbers_and_fall_back_to_the_core(qtbot):
    t = ProgramText()
    st = ProgramState(diagnose=False)
    st.apply([wev.Diagnosis(1, "partial-send", 7, "sent=40 offered=100 left=60 then=x", "core sentence", 0, 0)])
    s = t.sentence(st.flags_for(7)[0])
    assert "100" in s and "40" in s and "60" in s
    for detail in ("FD_SETSIZE=1024 from=accept", "max_fd=1030 nfds=9 FD_SETSIZE=1024"):
        st.apply([wev.Diagnosis(1, "fd-setsize", 1030, detail, "core sentence", 0, 0)])
        assert "1030" in t.sentence(st.flags_for(1030)[0]) and "1024" in t.sentence(st.flags_for(1030)[0])
        assert "core sentence" not in t.sentence(st.flags_for(1030)[0])
    st.apply([wev.Diagnosis(1, "blocked-loop", 9, "stall_ms=300 ready=2 after=recv", "core sentence", 0, 0)])
    s = t.sentence(st.flags_for(9)[0])
    assert "300 ms" in s and "recv()" in s and "2 socket" in s and "fd 9" in s
    st.apply([wev.Diagnosis(1, "blocked-loop", -1, "stall_ms=120 ready=1 after=select", "core sentence", 0, 0)])
    s = t.sentence(st.flags_for(-1)[0])
    assert "120 ms" in s and "select()" in s and "fd -1" not in s
    st.apply([wev.Diagnosis(1, "new-code", 8, "x=1", "The core says so.", 0, 0)])
    assert t.sentence(st.flags_for(8)[0]) == "The core says so. (x=1)"


def test_bar_height_is_log_scaled():
    assert bar_height(0, 20) == 0
    assert 2 <= bar_height(1, 20) < bar_height(1000, 20) < bar_height(10**6, 20) <= 20
    assert bar_height(10**9, 20) == 20


def test_overlay_draws_queues_and_flags_and_tooltips_say_them(qtbot):
    scene = scene_with([5, 6, 7])
    m = make_map(qtbot, scene)
    st = ProgramState(diagnose=False)
    st.apply([wev.SourceFile(1, 1, "/x/prog.py"), wev.KernelQueues(2, 6, 5000, 0), wev.KernelQueues(2, 5, 0, 0),
              wev.Diagnosis(3, "eof-spin", 7, "eof_reads=50 in_ms=3", "spinning", 1, 17)])
    ov = ProgramOverlay(m, st)
    m.show()
    m.set_clock(T)
    img = m.grab().toImage()
    assert ov.last_paint == {"queues": [6], "flags": [7]}
    items = {it.node.fd: it for it in m.node_items()}
    # the flag's dashed ring is drawn in the flag colour around fd 7
    it = items[7]
    ring = [QColor(img.pixel(int(it.x + dx), int(it.y))) for dx in range(int(it.r) + 2, int(it.r) + 8)]
    ring += [QColor(img.pixel(int(it.x - dx), int(it.y))) for dx in range(int(it.r) + 2, int(it.r) + 8)]
    assert any(abs(c.red() - FLAG_COLOR.red()) < 40 and abs(c.green() - FLAG_COLOR.green()) < 50 for c in ring)
    # the receive-queue bar beside fd 6 is blue
    it = items[6]
    col = [QColor(img.pixel(int(it.x + it.r + 4), int(it.y + it.r - k))) for k in range(1, 4)]
    assert any(abs(c.blue() - READ_COLOR.blue()) < 40 and abs(c.red() - READ_COLOR.red()) < 40 for c in col)
    tip6 = ov.tooltip_text(items[6].node)
    assert "kernel receive queue: 4.9 KiB" in tip6 and "send queue: 0 B" in tip6
    tip7 = ov.tooltip_text(items[7].node)
    assert "50" in tip7 and "prog.py:17" in tip7
    assert "kernel" not in ov.tooltip_text(items[5].node).split("events:")[0]
    # the overlay never takes the mouse: a click still selects the node on the map
    from PySide6.QtCore import Qt
    qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=QPoint(int(items[6].x), int(items[6].y)))
    assert m.selected_fd == 6


def test_overlay_follows_the_grid_of_a_crowded_map(qtbot):
    fds = list(range(10, 110))  # more than the rings show: one cell per fd
    m = make_map(qtbot, scene_with(fds))
    st = ProgramState(diagnose=False)
    st.apply([wev.KernelQueues(2, 50, 0, 7000), wev.Diagnosis(3, "eof-spin", 77, "eof_reads=3 in_ms=1", "x", 0, 0)])
    ov = ProgramOverlay(m, st)
    m.show()
    m.set_clock(T)
    m.grab()
    assert m.is_grid and ov.last_paint == {"queues": [50], "flags": [77]}
