"""The watched program in its own process (RemoteProgram + evsim.core.watch.child): stream, steps, stop."""

from __future__ import annotations

import socket
import textwrap

import pytest

from evsim.core.watch import events as w
from evsim.core.watch.remote import RemoteProgram
from tests.waiting import wait_until

SERVER = textwrap.dedent("""\
    import selectors, socket, sys
    sel = selectors.DefaultSelector()
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen()
    sel.register(lst, selectors.EVENT_READ)
    served = 0
    while served < 1:
        for key, mask in sel.select():
            if key.fileobj is lst:
                conn, _ = lst.accept()
                sel.register(conn, selectors.EVENT_READ)
            else:
                data = key.fileobj.recv(100)
                if data:
                    key.fileobj.sendall(data)
                else:
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
                    served += 1
    sys.exit(5)
""")


@pytest.fixture
def script(tmp_path):
    p = tmp_path / "server.py"
    p.write_text(SERVER)
    return str(p)


class Follow:
    def __init__(self, prog: RemoteProgram) -> None:
        self.prog = prog
        self.events: list = []

    def until(self, pred, what: str = "", timeout: float = 20.0):
        def check():
            self.events += self.prog.drain()
            return pred(self.events)

        return wait_until(check, timeout, what=what)

    def of(self, cls) -> list:
        return [e for e in self.events if type(e) is cls]


def test_program_runs_watched_and_its_status_comes_back(script):
    prog = RemoteProgram(script, [])
    prog.start()
    f = Follow(prog)
    try:
        f.until(lambda ev: prog.address is not None, "the program's listen()")
        with socket.create_connection(prog.address) as c:
            c.sendall(b"ping")
            assert c.recv(10) == b"ping"
        f.until(lambda ev: prog.ended, "the program's end")
        assert prog.exit_status == 5 and prog.proc.poll() == 5
        (ex,) = f.of(w.ProgramExited)
        assert ex.status == 5
        files = {e.file_id: e.path for e in f.of(w.SourceFile)}
        recv = next(e for e in f.of(w.Recv) if e.nbytes == 4)
        assert files[recv.file] == script and recv.line == 14
        assert prog.end_reason() == "the program exited with status 5"
    finally:
        prog.stop(1.0)


def test_step_mode_holds_before_each_call(script):
    prog = RemoteProgram(script, [], step_mode=True)
    prog.start()
    f = Follow(prog)
    try:
        held = f.until(lambda ev: [e for e in ev if type(e) is w.Held], "the first hold")
        assert (w.CALL_NAMES[held[0].call], held[0].line) == ("register", 6)  # listen() is not a held call
        prog.step()
        f.until(lambda ev: len([e for e in ev if type(e) is w.Held]) == 2, "the second hold")
        h2 = f.of(w.Held)[1]
        assert (w.CALL_NAMES[h2.call], h2.line) == ("select", 9)
        assert not f.of(w.Selected)  # held before select(): it has not run
        prog.resume()
        f.until(lambda ev: prog.address is not None, "the free run")
        with socket.create_connection(prog.address) as c:
            c.sendall(b"x")
            assert c.recv(10) == b"x"
        f.until(lambda ev: f.of(w.Recv), "the free run's recv")
        assert len(f.of(w.Held)) == 2
    finally:
        prog.stop(1.0)
    assert prog.ended


def test_stop_interrupts_a_waiting_program(script):
    prog = RemoteProgram(script, [])
    prog.start()
    f = Follow(prog)
    try:
        f.until(lambda ev: f.of(w.Register), "the program's register()")
        prog.request_stop()
        f.until(lambda ev: prog.ended, "the program's end after stop", timeout=10)
        (ex,) = f.of(w.ProgramExited)
        assert (ex.status, ex.error) == (130, "KeyboardInterrupt")
    finally:
        prog.stop(1.0)
