"""What the watch reports: one event per watched call, with the program's own source line.

The watch (:mod:`evsim.core.watch`) wraps the selector and socket objects a program uses and reports each call
into the event stream.  These kinds are its vocabulary, shared by ``evsim run``, the embedded echo server (built
on the watch), the diagnoses, the ``--events`` printer, recordings and the Perfetto export.

Conventions:

* ``fd`` is the descriptor the call was made on (``-1`` when none, e.g. a select over nothing);
* ``file`` and ``line`` say where in the program the call was made: ``file`` is the id a :class:`SourceFile`
  event announced (once per file, before the first event that uses it), ``line`` the 1-based line number;
* ``errno`` is 0 when the call succeeded, else the errno number (``errno.errorcode`` names it: EAGAIN,
  ECONNRESET...); the printer writes the name;
* ``mask`` uses ``selectors.EVENT_READ`` (1) and ``selectors.EVENT_WRITE`` (2) whatever the API (select, poll
  and epoll masks are translated), so every reader has one meaning.

Every call event is fixed-size (ints only): on the hot path a frame is one ``struct.pack``.
"""

from __future__ import annotations

from evsim.core.events import Event, event

__all__ = [
    "SourceFile", "Listen", "Register", "Modify", "Unregister", "Selected", "ReadyFd", "Accept", "Connect",
    "Recv", "Send", "Shutdown", "Close", "Held", "Diagnosis", "KernelQueues", "ProgramExited",
    "WATCH_IDS", "LABELS", "API_NAMES", "CALL_NAMES",
]

#: ``Selected.api``: which multiplexing call returned.
API_NAMES = {1: "select.select", 2: "poll.poll", 3: "epoll.poll", 4: "selector.select", 5: "devpoll.poll",
             6: "kqueue.control"}
#: ``Held.call``: the call a stepped program is held before.
CALL_NAMES = {1: "select", 2: "accept", 3: "recv", 4: "send", 5: "register", 6: "modify", 7: "unregister",
              8: "close", 9: "shutdown", 10: "connect", 11: "dispatch"}


@event
class SourceFile(Event):
    """``file_id`` stands for ``path`` (absolute) in every later event's ``file`` field."""

    file_id: int
    path: str


@event
class Listen(Event):
    """``listen()`` on ``fd``, bound to ``host``:``port`` (the program's listening socket)."""

    fd: int
    host: str
    port: int
    backlog: int
    file: int
    line: int


@event
class Register(Event):
    """A selector (or poll/epoll object) started watching ``fd`` for ``mask``."""

    fd: int
    mask: int
    file: int
    line: int


@event
class Modify(Event):
    fd: int
    mask: int
    file: int
    line: int


@event
class Unregister(Event):
    fd: int
    file: int
    line: int


@event
class Selected(Event):
    """A multiplexing call returned ``nready`` ready descriptors after waiting ``wait_ns``.

    ``t_ns`` is when it returned (it started at ``t_ns - wait_ns``); ``nfds`` is how many descriptors it was
    asked to watch, ``max_fd`` the highest of them (select() cannot take one >= FD_SETSIZE), ``timeout_us``
    the timeout it was given (-1: wait forever).  A :class:`ReadyFd` per ready descriptor follows.
    """

    api: int
    nfds: int
    max_fd: int
    timeout_us: int
    wait_ns: int
    nready: int
    file: int
    line: int


@event
class ReadyFd(Event):
    """``fd`` was in the ready set of the :class:`Selected` just before, with ``mask``."""

    fd: int
    mask: int
    file: int
    line: int


@event
class Accept(Event):
    """``accept()`` on listener ``fd``: ``new_fd`` (-1 when it failed with ``errno``) from ``peer``."""

    fd: int
    new_fd: int
    peer: str
    errno: int
    file: int
    line: int


@event
class Connect(Event):
    """``connect()``/``connect_ex()`` on ``fd`` to ``peer``; ``errno`` EINPROGRESS for a non-blocking start."""

    fd: int
    peer: str
    errno: int
    file: int
    line: int


@event
class Recv(Event):
    """``recv``/``recv_into``/``recvfrom`` on ``fd`` asked for ``requested`` bytes and got ``nbytes``
    (0 with errno 0: end of file; -1 with an errno: it failed, e.g. EAGAIN)."""

    fd: int
    nbytes: int
    requested: int
    errno: int
    file: int
    line: int


@event
class Send(Event):
    """``send``/``sendall``/``sendto`` on ``fd`` was given ``offered`` bytes and the kernel took ``nbytes``
    (-1 with an errno when it failed).  ``nbytes < offered`` is a partial send."""

    fd: int
    nbytes: int
    offered: int
    errno: int
    file: int
    line: int


@event
class Shutdown(Event):
    """``shutdown(how)`` on ``fd`` (0 SHUT_RD, 1 SHUT_WR, 2 SHUT_RDWR)."""

    fd: int
    how: int
    errno: int
    file: int
    line: int


@event
class Close(Event):
    """``close()`` of ``fd`` (by the program, or by the garbage collector when ``line`` is 0)."""

    fd: int
    file: int
    line: int


@event
class Held(Event):
    """The program is held before a call (Step mode or slow motion): ``call`` (CALL_NAMES) on ``fd``, with
    ``nbytes`` the bytes it is about to send (0 otherwise), at ``file``:``line``.  ``iteration`` counts the
    loop's select() calls, so "step over one iteration" can be shown."""

    call: int
    fd: int
    nbytes: int
    iteration: int
    file: int
    line: int


@event
class Diagnosis(Event):
    """A known mistake observed in the program: ``code`` (eof-spin, partial-send, blocked-loop, fd-setsize,
    ...) on ``fd``, ``detail`` the numbers that triggered it (``key=value`` pairs), ``message`` one sentence."""

    code: str
    fd: int
    detail: str
    message: str
    file: int
    line: int


@event
class KernelQueues(Event):
    """Bytes waiting in the kernel for ``fd`` right now: ``recv_q`` arrived but not yet read by the program
    (SIOCINQ), ``send_q`` written but not yet acknowledged by the peer (SIOCOUTQ)."""

    fd: int
    recv_q: int
    send_q: int


@event
class ProgramExited(Event):
    """The watched program ended with exit ``status`` (``error`` the exception's one-line summary, or "")."""

    status: int
    error: str


#: Wire ids (docs/stream.md).  Never renumber; append.  40-63 belong to the watch.
WATCH_IDS: dict[type, int] = {
    SourceFile: 40, Listen: 41, Register: 42, Modify: 43, Unregister: 44, Selected: 45, ReadyFd: 46,
    Accept: 47, Connect: 48, Recv: 49, Send: 50, Shutdown: 51, Close: 52, Held: 53, Diagnosis: 54,
    KernelQueues: 55, ProgramExited: 56,
}

#: The short kind name ``--events`` prints for each (``evsim: 0.001 recv fd=7 ... at=echo.py:42``).
LABELS: dict[type, str] = {
    SourceFile: "source", Listen: "listen", Register: "register", Modify: "modify", Unregister: "unregister",
    Selected: "select", ReadyFd: "ready", Accept: "accept", Connect: "connect", Recv: "recv", Send: "send",
    Shutdown: "shutdown", Close: "close", Held: "held", Diagnosis: "warning", KernelQueues: "queues",
    ProgramExited: "exit",
}
