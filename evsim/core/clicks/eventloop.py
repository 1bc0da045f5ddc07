"""The event-driven design: inputs become messages in a queue; one loop takes them out and dispatches.

::

    # input side (any thread): returns at once
    queue.put(Message(click, handler=handlers[click.kind]))

    # the loop thread
    while True:
        msg = queue.get()               # blocks while the queue is empty: no CPU at all
        msg.handler(msg.click)          # dispatch to the handler the message carries

No click is lost: each one waits its turn in the queue (up to a memory cap, see :class:`MessageQueue`).  The
price of a slow handler is paid in *waiting*: the loop cannot take the next message until the handler
returns.  With ``offload=True`` the loop hands each handler to a worker pool
(:class:`concurrent.futures.ThreadPoolExecutor`) and goes straight back to the queue, so it stays responsive.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

from evsim.core.clicks.device import Click
from evsim.core.clicks.events import (
    EVENTLOOP, ClickMissed, Dequeued, Enqueued, HandlerFinished, HandlerStarted, LoopConfigured,
    LoopWaiting,
)
from evsim.core.clicks.handlers import BlockingWork, Handler, make_handlers
from evsim.core.events import NullSink, Sink
from evsim.core.clicks.consumer import ConsumerThread

__all__ = ["Message", "MessageQueue", "EventLoop", "DEFAULT_CAPACITY", "DEFAULT_WORKERS"]

_mono = time.monotonic_ns

#: Messages the queue holds before it refuses more: every click is queued, but memory stays bounded.
DEFAULT_CAPACITY = 100_000
#: Pool size when handlers are offloaded.  Handlers that block (not compute) need one worker each while they
#: run: 10 clicks/s of a 500 ms handler keep 5 busy.
DEFAULT_WORKERS = 16


@dataclass(frozen=True, slots=True)
class Message:
    """An event message: what happened (the click: type, payload, time) and the handler that takes it."""

    click: Click
    handler: Handler

    @property
    def type(self) -> str:
        return self.click.kind

    @property
    def payload(self) -> str:
        return self.click.label

    @property
    def t_ns(self) -> int:
        return self.click.t_ns


class MessageQueue:
    """A FIFO of messages: ``put`` never blocks, ``get`` blocks (without CPU) until there is one.

    At most ``capacity`` messages are held; past that ``put`` refuses (and counts it in ``rejected``), so a
    flood cannot exhaust memory.  ``close()`` wakes every ``get`` with None.
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self._items: deque[Message] = deque()
        self._cond = threading.Condition(threading.Lock())
        self._closed = False
        self.max_depth = 0
        self.rejected = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def closed(self) -> bool:
        return self._closed

    def put(self, msg: Message, announce: Callable[[int], None] | None = None) -> int | None:
        """Append ``msg``; returns the depth after it, or None if the queue is full or closed.

        ``announce(depth)`` is called before any ``get`` can return the message (under the queue's lock: keep
        it quick), so a report of the put always comes before a report of the get.
        """
        with self._cond:
            if self._closed or len(self._items) >= self.capacity:
                self.rejected += 1
                return None
            self._items.append(msg)
            depth = len(self._items)
            if depth > self.max_depth:
                self.max_depth = depth
            if announce is not None:
                announce(depth)
            self._cond.notify()
            return depth

    def get(self, timeout: float | None = None) -> tuple[Message, int] | None:
        """The oldest message and the depth left behind it; blocks until there is one.  None when closed, or
        when ``timeout`` seconds pass."""
        with self._cond:
            while not self._items:
                if self._closed:
                    return None
                if not self._cond.wait(timeout):
                    return None
            if self._closed:
                return None
            msg = self._items.popleft()
            return msg, len(self._items)

    def get_nowait(self) -> tuple[Message, int] | None:
        with self._cond:
            if self._closed or not self._items:
                return None
            msg = self._items.popleft()
            return msg, len(self._items)

    def snapshot(self) -> list[Message]:
        """The waiting messages, oldest first (a copy)."""
        with self._cond:
            return list(self._items)

    def close(self) -> None:
        """Refuse further puts and wake every getter.  Messages still queued stay unhandled."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class EventLoop(ConsumerThread):
    """One loop thread over a :class:`MessageQueue`, dispatching each message to the handler it carries.

    ``on(kind, handler)`` registers the handler inputs of ``kind`` will carry (defaults: ``on_click`` and
    ``on_key_down``, each blocking ``handler_ms``).  ``post(click)`` / ``deliver(click)`` put a message and
    return at once, from any thread.  ``offload``: run handlers on a pool of ``workers`` threads.
    """

    design = EVENTLOOP

    def __init__(
        self,
        sink: Sink | None = None,
        *,
        handler_ms: float = 0.0,
        offload: bool = False,
        workers: int = DEFAULT_WORKERS,
        capacity: int = DEFAULT_CAPACITY,
        queue: MessageQueue | None = None,
        name: str = "evsim-eventloop",
    ) -> None:
        if not 0 <= handler_ms <= 600_000:
            raise ValueError("handler time must be 0..600000 ms")
        if not 1 <= workers <= 256:
            raise ValueError("workers must be 1..256")
        self._sink = sink if sink is not None else NullSink()
        # ``queue``: another queue with the same get/get_nowait/close (the lab's is a pipe, see hardware.py)
        self.queue = queue if queue is not None else MessageQueue(capacity)
        self._stop = threading.Event()
        self.work = BlockingWork(handler_ms, self._stop)
        self._handlers: dict[str, Handler] = make_handlers(self.work)
        self._offload = bool(offload)
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._init_thread(name)
        self.dispatched = 0
        #: Handlers started, and handlers that ran to completion.
        self.started = 0
        self.completed = 0
        self._count_lock = threading.Lock()
        self._conf_lock = threading.Lock()

    # -- settings ---------------------------------------------------------------------------------------
    @property
    def settings(self) -> dict[str, object]:
        return {"handler_ms": self.work.ms, "offload": self._offload, "workers": self._workers}

    def configure(self, *, handler_ms: float | None = None, offload: bool | None = None) -> None:
        """Change settings while running (any thread); they apply to the next message dispatched."""
        if handler_ms is not None and not 0 <= handler_ms <= 600_000:
            raise ValueError("handler time must be 0..600000 ms")
        with self._conf_lock:  # reports go out in the order the settings changed (see _run)
            if handler_ms is not None:
                self.work.ms = float(handler_ms)
            if offload is not None:
                self._offload = bool(offload)
            self._sink.emit(LoopConfigured(_mono(), self.work.ms, self._offload, self._workers))

    def on(self, kind: str, handler: Handler) -> None:
        """Register the handler messages of ``kind`` will carry from now on."""
        self._handlers[kind] = handler

    # -- the input side ---------------------------------------------------------------------------------
    def post(self, click: Click) -> bool:
        """Queue ``click`` with its handler; returns at once.  False if the queue was full (click lost)."""
        emit = self._sink.emit
        handler = self._handlers[click.kind]
        depth = self.queue.put(Message(click, handler),
                               lambda depth: emit(Enqueued(_mono(), click.id, click.kind, depth)))
        if depth is None:
            emit(ClickMissed(_mono(), click.id, EVENTLOOP, click.device, 0, "queue full"))
            return False
        return True

    deliver = post

    # -- the thread (start, running, thread, sample_cpu: ConsumerThread) ---------------------------------
    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop the loop and the pool (running handlers are cut short, queued ones never run) and join
        every thread.  Idempotent; True if everything joined."""
        self._stop.set()
        self.queue.close()
        ok = True
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
            ok = not t.is_alive()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        return ok

    def _dispatch(self, msg: Message) -> None:
        click = msg.click
        emit = self._sink.emit
        worker = threading.current_thread().name
        t1 = _mono()
        emit(HandlerStarted(t1, click.id, EVENTLOOP, click.kind, getattr(msg.handler, "__name__", "handler"),
                            t1 - click.t_ns, worker))
        with self._count_lock:  # pool workers count too
            self.started += 1
        try:
            ok = msg.handler(click)
        except Exception:  # a handler's bug must not kill the loop
            ok = False
        with self._count_lock:
            self.completed += bool(ok)
        t2 = _mono()
        emit(HandlerFinished(t2, click.id, EVENTLOOP, click.kind, t2 - t1, bool(ok), worker))

    def _submit(self, msg: Message) -> None:
        with self._pool_lock:
            if self._pool is None:
                if self._stop.is_set():
                    return
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="evsim-handler")
            self._pool.submit(self._dispatch, msg)

    def _run(self) -> None:
        emit = self._sink.emit
        q = self.queue
        with self._conf_lock:  # a configure() racing with the start must not be reported before it
            emit(LoopConfigured(_mono(), self.work.ms, self._offload, self._workers))
        while True:
            item = q.get_nowait()
            if item is None:
                if q.closed:
                    break
                emit(LoopWaiting(_mono()))
                item = q.get()  # blocks: no CPU until a message arrives
                if item is None:
                    break
            msg, depth = item
            if not isinstance(msg, Message):  # a pipe queue holds clicks: the kind picks the handler
                msg = Message(msg, self._handlers[msg.kind])
            t = _mono()
            emit(Dequeued(t, msg.click.id, msg.click.kind, t - msg.click.t_ns, depth))
            self.dispatched += 1
            if self._offload:
                self._submit(msg)
            else:
                self._dispatch(msg)
