"""SceneAdapter: watch events -> the echo kinds the sockets scene understands, and the scene built from them."""

from __future__ import annotations

import errno

from evsim.core.echo import events as echo
from evsim.core.echo.scene import SocketScene
from evsim.core.watch import events as w
from evsim.core.watch.adapt import SceneAdapter


def _program():
    t = iter(range(1000, 10**9, 1000))
    return [
        w.SourceFile(next(t), 1, "/x/server.py"),
        w.Listen(next(t), 3, "127.0.0.1", 5000, 8, 1, 10),
        w.Register(next(t), 3, 1, 1, 11),
        w.Selected(next(t), 4, 1, 3, -1, 50, 1, 1, 20),
        w.ReadyFd(next(t), 3, 1, 1, 20),
        w.Accept(next(t), 3, 7, "127.0.0.1:40000", 0, 1, 22),
        w.Register(next(t), 9, 1, 1, 11),  # a waker pipe: not a connection
        w.ReadyFd(next(t), 9, 1, 1, 20),
        w.ReadyFd(next(t), 7, 1, 1, 20),
        w.Recv(next(t), 7, 5, 1024, 0, 1, 30),
        w.Send(next(t), 7, 3, 5, 0, 1, 31),
        w.Send(next(t), 7, -1, 2, errno.EAGAIN, 1, 31),
        w.Recv(next(t), 7, 0, 1024, 0, 1, 30),
        w.Recv(next(t), 7, 0, 1024, 0, 1, 30),  # still at EOF: one HalfClosed only
        w.Close(next(t), 7, 1, 33),
        w.Accept(next(t), 3, 8, "127.0.0.1:40001", 0, 1, 22),
        w.Recv(next(t), 8, -1, 1024, errno.ECONNRESET, 1, 30),
        w.Close(next(t), 8, 1, 33),
        w.ProgramExited(next(t), 0, ""),
    ]


def test_translation():
    a = SceneAdapter(phases=False)
    out = a.feed_many(_program())
    kinds = [(type(e).__name__, getattr(e, "fd", None)) for e in out if type(e) is not echo.ServerCounters]
    # (Listening twice: at listen(), then naming the call the program waits in at its first select)
    assert kinds == [("Listening", 3), ("Listening", 3), ("Ready", 3), ("Accepted", 7), ("Ready", 7), ("Received", 7),
                     ("Sent", 7), ("HalfClosed", 7), ("Closed", 7), ("Accepted", 8), ("Closed", 8),
                     ("ServerStopped", None)]
    sent = next(e for e in out if type(e) is echo.Sent)
    assert (sent.nbytes, sent.partial, sent.buffered) == (3, True, 2)
    c7, c8 = [e for e in out if type(e) is echo.Closed]
    assert (c7.reason, c7.bytes_in, c7.bytes_out) == ("half-close done", 5, 3)
    assert c8.reason == "reset"
    last = [e for e in out if type(e) is echo.ServerCounters][-1]
    assert (last.accepted, last.open, last.bytes_in, last.bytes_out, last.closed) == (2, 0, 5, 3, 2)


def test_phases_carry_lines():
    out = SceneAdapter(phases=True).feed_many(_program())
    phases = [(e.phase, e.line) for e in out if type(e) is echo.LoopPhase]
    assert phases[:4] == [("select", 20), ("accept", 22), ("read", 30), ("write", 31)]


def test_scene_applies_the_output():
    scene = SocketScene()
    scene.apply(SceneAdapter().feed_many(_program()[:11]))
    assert scene.listener is not None and scene.listener.fd == 3
    assert set(scene.by_fd) == {7}  # the waker pipe made no node
    node = scene.by_fd[7]
    assert (node.bytes_in, node.bytes_out) == (5, 3)


def test_the_listener_line_names_the_call_the_program_waits_in():
    a = SceneAdapter(phases=False)
    out = a.feed(w.Listen(1, 3, "127.0.0.1", 5000, 5, 1, 10))
    assert [(e.style, e.backend) for e in out] == [("program", "…")]
    out = a.feed(w.Selected(2, 3, 1, 3, -1, 0, 0, 1, 20))  # epoll.poll
    assert [(e.host, e.port, e.backend, e.fd) for e in out if type(e) is echo.Listening] == [
        ("127.0.0.1", 5000, "epoll.poll", 3)]
    assert not [e for e in a.feed(w.Selected(3, 3, 1, 3, -1, 0, 0, 1, 20)) if type(e) is echo.Listening]
