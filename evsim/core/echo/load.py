"""Load for an echo server: N concurrent connections doing request/response round trips, every byte checked.

:func:`run_load` drives all the connections from one ``selectors`` loop in the calling thread.  Each client
sends a request of ``size`` bytes, reads exactly ``size`` bytes back, compares them with what it sent, then
sends the next one.  Payloads differ from request to request (a rotating byte pattern, different per client),
so a server that mixed up connections, dropped, duplicated or reordered bytes is caught.

Every request begun ends up in exactly one count of :class:`LoadResult`: ``ok`` (the whole echo came back,
every byte right), ``integrity_errors`` (some byte came back wrong, or bytes that were never sent),
``incomplete`` (part of the echo came back, right so far, but never all of it), ``unanswered`` (no byte of
the echo came back) or ``interrupted`` (still in flight when ``stop`` was set: the caller's doing, not the
server's).  A request still in flight when its connection fails or the run ends is counted then, so a server
that loses bytes cannot pass.  :meth:`LoadResult.problems` says what went wrong, in words.

The run is bounded: by ``seconds``, by ``max_requests`` when given, and by ``stop`` (a threading.Event the
GUI sets).  :class:`LoadRunner` wraps it in a thread for the GUI's "Load" button.
"""

from __future__ import annotations

import random
import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from evsim.core.metrics import percentile

__all__ = ["LoadResult", "run_load", "LoadRunner", "payload_pattern"]

#: Latency samples kept for percentiles; beyond this a uniform reservoir sample is kept (max stays exact).
MAX_SAMPLES = 200_000
#: After ``seconds``, requests in flight get this long to complete.
DRAIN_S = 2.0


def _no_latency() -> dict[str, float | None]:
    return {"p50": None, "p99": None, "max": None}


@dataclass
class LoadResult:
    clients: int
    seconds: float  # the duration actually measured
    size: int
    requests: int = 0  # completed: the whole echo came back (right or wrong)
    bytes: int = 0  # echoed bytes received back
    started: int = 0  # requests begun (== ok + integrity_errors + incomplete + unanswered + interrupted)
    ok: int = 0  # completed with every byte right
    integrity_errors: int = 0  # requests whose echo differed from what was sent (completed or not)
    incomplete: int = 0  # part of the echo came back (right so far), never all of it
    unanswered: int = 0  # sent, and not one byte of the echo came back
    interrupted: int = 0  # in flight when the caller stopped the run
    errors: int = 0  # connections that failed (refused, reset, closed early)
    #: p50/p99/max over the completed requests; None ("n/a") when none completed.
    latency_ms: dict[str, float | None] = field(default_factory=_no_latency)
    connected: int = 0
    error_messages: list[str] = field(default_factory=list)

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def mb_per_s(self) -> float:
        """Echoed megabytes (10^6 bytes) per second."""
        return self.bytes / self.seconds / 1e6 if self.seconds > 0 else 0.0

    def problems(self) -> list[str]:
        """What went wrong, one phrase each; empty when every request came back whole and right."""
        out = []
        if self.integrity_errors:
            out.append(f"{self.integrity_errors} requests came back with wrong bytes")
        if self.incomplete:
            out.append(f"{self.incomplete} requests incomplete: their echo never came back in full")
        if self.unanswered:
            out.append(f"{self.unanswered} requests unanswered: not one byte of their echo came back")
        if not self.requests:
            out.append("no request completed")
        return out

    def to_dict(self) -> dict:
        return {
            "requests": self.requests,
            "requests_per_s": round(self.requests_per_s, 3),
            "mb_per_s": round(self.mb_per_s, 6),
            "latency_ms": {k: None if v is None else round(v, 6) for k, v in self.latency_ms.items()},
            "started": self.started,
            "ok": self.ok,
            "integrity_errors": self.integrity_errors,
            "incomplete": self.incomplete,
            "unanswered": self.unanswered,
            "interrupted": self.interrupted,
            "errors": self.errors,
            "clients": self.clients,
            "seconds": round(self.seconds, 6),
            "size": self.size,
            "problems": self.problems(),
        }


def payload_pattern(size: int) -> bytes:
    """A pattern long enough that any ``size`` bytes starting at offsets 0..255 can be sliced from it."""
    return bytes(range(256)) * (size // 256 + 2)


class _Client:
    __slots__ = ("sock", "index", "out", "sent", "got", "bad", "t0", "requests", "next_at", "events",
                 "inflight", "done")

    def __init__(self, sock: socket.socket, index: int) -> None:
        self.sock = sock
        self.index = index
        self.out = memoryview(b"")  # the request in flight (also what the echo must equal)
        self.sent = 0  # bytes of it sent so far
        self.got = 0  # bytes of its echo received so far
        self.bad = False  # some echoed byte differed
        self.t0 = 0
        self.requests = 0
        self.next_at = 0.0  # rate limit: when the next request may start
        self.events = 0  # selector events registered (0: not registered)
        self.inflight = False
        self.done = False


def run_load(host: str, port: int, clients: int, seconds: float, size: int, *,
             stop: threading.Event | None = None, rate: float | None = None, max_requests: int | None = None,
             connect_timeout: float = 5.0,
             progress: Callable[[LoadResult], None] | None = None, progress_interval: float = 0.25) -> LoadResult:
    """Run ``clients`` connections for ``seconds`` with ``size``-byte requests; see the module docstring.

    ``rate`` limits each client to that many requests per second.  Raises OSError when no connection at all
    could be made (e.g. connection refused).
    """
    if clients < 1 or size < 1 or seconds < 0:
        raise ValueError("need clients >= 1, size >= 1, seconds >= 0")
    pattern = memoryview(payload_pattern(size))
    result = LoadResult(clients=clients, seconds=0.0, size=size)
    lat = _Latencies()
    sel = selectors.DefaultSelector()
    conns: list[_Client] = []
    live = 0
    started = 0  # requests begun (max_requests bounds this)
    now_ns = time.monotonic_ns
    EV_R, EV_W = selectors.EVENT_READ, selectors.EVENT_WRITE

    def error(why: str) -> None:
        result.errors += 1
        if len(result.error_messages) < 10:
            result.error_messages.append(why)

    def settle(c: _Client, interrupted: bool = False) -> None:
        """Count the request in flight on ``c`` that will never complete."""
        if not c.inflight:
            return
        c.inflight = False
        if c.bad:
            result.integrity_errors += 1
        elif interrupted:
            result.interrupted += 1
        elif c.got:
            result.incomplete += 1
        else:
            result.unanswered += 1

    def fail(c: _Client, why: str) -> None:
        nonlocal live
        error(why)
        settle(c)
        c.done = True
        live -= 1
        if c.events:
            sel.unregister(c.sock)
            c.events = 0
        c.sock.close()

    def want(c: _Client, ev: int) -> None:
        if ev == c.events:
            return
        if not ev:
            sel.unregister(c.sock)
        elif not c.events:
            sel.register(c.sock, ev, c)
        else:
            sel.modify(c.sock, ev, c)
        c.events = ev

    def flush(c: _Client) -> None:
        """Send what the kernel takes of the request in flight; wait for EVENT_WRITE for the rest."""
        try:
            while c.sent < size:
                c.sent += c.sock.send(c.out[c.sent:])
        except (BlockingIOError, InterruptedError):
            pass
        except OSError as e:
            return fail(c, f"send: {e.strerror or e}")
        want(c, EV_R | (EV_W if c.sent < size else 0))

    def begin(c: _Client) -> None:
        """Start client ``c``'s next request, with its own slice of the pattern."""
        nonlocal started
        if max_requests is not None and started >= max_requests:
            want(c, EV_R)
            return
        started += 1
        result.started += 1
        off = (c.index * 37 + c.requests * 101) % 256
        c.out = pattern[off:off + size]
        c.sent = c.got = 0
        c.bad = False
        c.inflight = True
        c.t0 = now_ns()
        flush(c)

    try:
        first_error: OSError | None = None
        for i in range(clients):
            try:
                s = socket.create_connection((host, port), timeout=connect_timeout)
            except OSError as e:
                error(f"connect: {e.strerror or e}")
                first_error = first_error or e
                continue
            s.setblocking(False)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conns.append(_Client(s, i))
        result.connected = live = len(conns)
        if not conns:
            assert first_error is not None
            raise first_error

        period = 1.0 / rate if rate else 0.0
        t_start = time.monotonic()
        deadline = t_start + seconds
        next_progress = t_start + progress_interval
        issuing = True
        for c in conns:
            c.next_at = t_start
            begin(c)

        while live and not (stop is not None and stop.is_set()):
            now = time.monotonic()
            if issuing and (now >= deadline or (max_requests is not None and started >= max_requests)):
                issuing = False
                result.seconds = now - t_start
            if not issuing and (now >= deadline + DRAIN_S or not any(c.inflight for c in conns)):
                break
            if progress is not None and now >= next_progress:
                result.seconds = now - t_start
                lat.fill(result)
                progress(result)
                next_progress = now + progress_interval
            timeout = min(0.05, max(0.0, deadline - now)) if issuing else 0.05
            if period and issuing:  # rate-limited clients whose next request is due
                for c in conns:
                    if not c.inflight and not c.done:
                        if c.next_at <= now:
                            begin(c)
                        else:
                            timeout = min(timeout, c.next_at - now)
            for key, mask in sel.select(timeout):
                c = key.data
                if c.done:
                    continue
                if mask & EV_W:
                    flush(c)
                    if c.done or not mask & EV_R:
                        continue
                try:
                    data = c.sock.recv(262144)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError as e:
                    fail(c, f"recv: {e.strerror or e}")
                    continue
                if not data:
                    fail(c, "the server closed the connection")
                    continue
                got, n = c.got, len(data)
                if got + n > c.sent:  # more bytes than were sent: the stream is out of step
                    if not c.inflight and not c.bad and c.requests:  # the last echo had more bytes than sent
                        result.ok -= 1
                        result.integrity_errors += 1
                    c.bad = True
                    fail(c, "received bytes that were never sent")
                    continue
                if data != c.out[got:got + n]:
                    c.bad = True
                c.got = got + n
                result.bytes += n
                if c.got < size:
                    continue
                # the whole echo is back
                lat.add(now_ns() - c.t0)
                c.requests += 1
                c.inflight = False
                result.requests += 1
                if c.bad:
                    result.integrity_errors += 1
                else:
                    result.ok += 1
                if not issuing:
                    want(c, EV_R)
                elif period:
                    c.next_at = max(c.next_at + period, time.monotonic() - period)
                    if c.next_at > time.monotonic():
                        want(c, EV_R)
                        continue
                    begin(c)
                else:
                    begin(c)
        if issuing:  # stopped early (stop event, or every connection failed)
            result.seconds = time.monotonic() - t_start
        stopped = stop is not None and stop.is_set()
        for c in conns:  # what is still in flight now never completes
            settle(c, interrupted=stopped)
    finally:
        for c in conns:
            if not c.done:
                c.sock.close()
        sel.close()
    lat.fill(result)
    return result


class _Latencies:
    """Latency samples (ns): every one up to MAX_SAMPLES, then a uniform reservoir; the max stays exact."""

    def __init__(self) -> None:
        self.samples: list[int] = []
        self.count = 0
        self.max = 0
        self._rng = random.Random(1)

    def add(self, dt: int) -> None:
        self.count += 1
        if dt > self.max:
            self.max = dt
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append(dt)
        else:
            j = self._rng.randrange(self.count)
            if j < MAX_SAMPLES:
                self.samples[j] = dt

    def fill(self, result: LoadResult) -> None:
        if self.samples:
            s = sorted(self.samples)
            result.latency_ms = {"p50": percentile(s, 50) / 1e6, "p99": percentile(s, 99) / 1e6,
                                 "max": self.max / 1e6}


class LoadRunner:
    """:func:`run_load` in a thread: ``start()``, ``stop()`` (returns once the thread is joined), ``result``.

    ``progress`` (if given) is called on the load thread about four times a second with the running result.
    """

    def __init__(self, host: str, port: int, clients: int, seconds: float, size: int, *,
                 rate: float | None = None, progress: Callable[[LoadResult], None] | None = None) -> None:
        self.args = (host, port, clients, seconds, size)
        self.rate = rate
        self.progress = progress
        self.result: LoadResult | None = None
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="evsim-load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = run_load(*self.args, stop=self._stop, rate=self.rate, progress=self.progress)
        except BaseException as e:  # reported to the owner, not raised in a thread nobody joins
            self.error = e

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.join(timeout)
