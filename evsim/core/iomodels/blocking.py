"""Blocking I/O: one blocking ``recv``, looped until every byte is in.

The process calls ``recv`` and the kernel puts it to sleep until data arrives (the wait), then copies the
bytes into its buffer before ``recv`` returns (the copy).  Blocked through both phases: synchronous.
"""

from __future__ import annotations

import time

from evsim.core.iomodels.common import Cancel, RunCancelled, RunError, RunSpec, Rig, errno_name
from evsim.core.iomodels.timeline import Syscall, Timeline

__all__ = ["run", "MODEL"]

MODEL = "blocking"
now_ns = time.monotonic_ns


def run(spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    with Rig(spec, cancel=cancel) as rig:
        sock = rig.reader  # sockets are blocking by default
        view = memoryview(rig.buffer)
        calls: list[Syscall] = []
        got = 0
        start = now_ns()
        rig.start_sender(start)
        t1 = start
        while got < spec.size:
            t0 = now_ns()
            try:
                n = sock.recv_into(view[got:])
            except OSError as e:
                calls.append(Syscall("recv", t0, now_ns(), None, errno_name(e), may_block=True))
                raise RunError(f"recv failed: {e}") from e
            t1 = now_ns()
            calls.append(Syscall("recv", t0, t1, n, may_block=True, moved=n))
            if n == 0:
                raise RunCancelled("the sender closed before the whole message arrived")
            got += n
        return rig.timeline(MODEL, "recv", start_ns=start, copy_end_ns=t1, done_ns=t1, received=got,
                            calls=calls)
