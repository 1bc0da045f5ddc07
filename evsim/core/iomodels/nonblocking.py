"""Non-blocking I/O: ``O_NONBLOCK`` and a ``recv`` loop that counts the EAGAIN returns.

``recv`` never sleeps: with nothing to read it returns EAGAIN (``BlockingIOError``) at once and the process
asks again, and again.  It is awake the whole time yet gets nothing else done (a busy poll).  When the data is
there, the ``recv`` that returns it copies it into the buffer first: the copy still holds the process,
so it is synchronous.
"""

from __future__ import annotations

import time

from evsim.core.iomodels.common import Cancel, RunCancelled, RunError, RunSpec, Rig, errno_name
from evsim.core.iomodels.timeline import Sampler, Syscall, Timeline

__all__ = ["run", "MODEL"]

MODEL = "nonblocking"
now_ns = time.monotonic_ns


def run(spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    with Rig(spec, cancel=cancel) as rig:
        sock = rig.reader
        view = memoryview(rig.buffer)
        calls: list[Syscall] = []
        t0 = now_ns()
        sock.setblocking(False)  # ioctl(FIONBIO): CPython's way of setting O_NONBLOCK
        calls.append(Syscall("ioctl(FIONBIO)", t0, now_ns(), 0))
        eagain = Sampler()
        got = 0
        start = now_ns()
        rig.start_sender(start)
        t1 = start
        while got < spec.size:
            t0 = now_ns()
            try:
                n = sock.recv_into(view[got:])
            except BlockingIOError:
                eagain.add(t0)  # nothing yet: ask again at once
                continue
            except OSError as e:
                calls.append(Syscall("recv", t0, now_ns(), None, errno_name(e)))
                raise RunError(f"recv failed: {e}") from e
            t1 = now_ns()
            calls.append(Syscall("recv", t0, t1, n, moved=n))
            if n == 0:
                raise RunCancelled("the sender closed before the whole message arrived")
            got += n
        return rig.timeline(MODEL, "recv, O_NONBLOCK", start_ns=start, copy_end_ns=t1, done_ns=t1,
                            received=got, calls=calls, eagain=eagain.trace())
