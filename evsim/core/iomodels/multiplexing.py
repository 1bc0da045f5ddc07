"""I/O multiplexing: ``select``, ``poll`` or ``epoll_wait`` over several sockets, then ``recv`` the ready one.

The process sleeps in the multiplexing call (the wait) instead of in ``recv``; it can watch many sockets at
once, but it is blocked all the same.  When the call reports a socket readable, ``recv`` copies the bytes: a
second system call, and a synchronous copy.
"""

from __future__ import annotations

import select
import time

from evsim.core.iomodels.common import Cancel, RunCancelled, RunError, RunSpec, Rig, errno_name
from evsim.core.iomodels.timeline import Mark, Syscall, Timeline

__all__ = ["run", "MODEL"]

MODEL = "multiplexing"
now_ns = time.monotonic_ns


def run(spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    target = spec.mux_fds // 2  # one socket of the set gets the message; the others stay silent
    with Rig(spec, pairs=spec.mux_fds, target=target, cancel=cancel) as rig:
        calls: list[Syscall] = []
        marks: list[Mark] = []
        by_fd = {s.fileno(): s for s in rig.readers}
        ep = None
        wait_name = {"select": "select", "poll": "poll", "epoll": "epoll_wait"}[spec.mux]
        if spec.mux == "poll":
            poller = select.poll()
            for fd in by_fd:
                poller.register(fd, select.POLLIN)  # no system call: poll() passes the whole set each time
        elif spec.mux == "epoll":
            t0 = now_ns()
            ep = select.epoll()
            calls.append(Syscall("epoll_create1", t0, now_ns(), ep.fileno()))
            for fd in by_fd:
                t0 = now_ns()
                ep.register(fd, select.EPOLLIN)
                calls.append(Syscall("epoll_ctl", t0, now_ns(), 0))
        try:
            view = memoryview(rig.buffer)
            got = 0
            start = now_ns()
            rig.start_sender(start)
            t1 = start
            while got < spec.size:
                t0 = now_ns()
                try:
                    if spec.mux == "select":
                        ready = [s.fileno() for s in select.select(rig.readers, [], [])[0]]
                    elif spec.mux == "poll":
                        ready = [fd for fd, _ in poller.poll()]
                    else:
                        ready = [fd for fd, _ in ep.poll()]  # type: ignore[union-attr]
                except OSError as e:
                    calls.append(Syscall(wait_name, t0, now_ns(), None, errno_name(e), may_block=True))
                    raise RunError(f"{wait_name} failed: {e}") from e
                t1 = now_ns()
                calls.append(Syscall(wait_name, t0, t1, len(ready), may_block=True))
                marks.append(Mark("ready", t1, f"{len(ready)} of {len(by_fd)} sockets readable"))
                for fd in ready:
                    sock = by_fd[fd]
                    t0 = now_ns()
                    if sock is not rig.reader:
                        n = len(sock.recv(1))
                        calls.append(Syscall("recv", t0, now_ns(), n, may_block=True))
                        raise RunError(f"a socket that was never written became readable ({n} bytes)")
                    n = sock.recv_into(view[got:])  # readable: returns what is there without sleeping
                    t1 = now_ns()
                    calls.append(Syscall("recv", t0, t1, n, moved=n))
                    if n == 0:
                        raise RunCancelled("the sender closed before the whole message arrived")
                    got += n
        finally:
            if ep is not None:
                ep.close()
        return rig.timeline(MODEL, spec.mux, start_ns=start, copy_end_ns=t1, done_ns=t1, received=got,
                            calls=calls, marks=marks)
