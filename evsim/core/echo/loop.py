"""The echo server's loop: what the sockets lab's code pane shows, and exactly the code that runs.

A textbook ``selectors`` loop: wait in ``select()``, then hand each ready socket to ``accept``, ``read`` or
``write``.  Everything else is elsewhere, so that these lines read like the loop they are:

* the per-connection rules (output buffer, back-pressure watermarks, half-close) are the sans-IO
  :class:`~evsim.core.echo.connection.Connection`;
* the plumbing (the watch that reports each call with its line here and holds the loop for Step and slow
  motion, the waker ``stop()`` uses, the listener's rest after EMFILE, refusals, counters and lifecycle
  events) is :class:`~evsim.core.echo.server.EchoServer`, which runs this loop.
"""

from __future__ import annotations

from selectors import EVENT_READ, EVENT_WRITE

__all__ = ["EchoLoop", "LOOP_METHODS"]

#: The methods the code pane shows, in source order.
LOOP_METHODS = ("serve", "accept", "read", "write", "update", "close")


class EchoLoop:
    """Accept connections and echo what they send; block nowhere but in select()."""

    def serve(self) -> None:
        """Wait until sockets are ready; handle each one."""
        while not self.stopping.is_set():
            for key, mask in self.selector.select():
                sock, conn = key.fileobj, key.data
                try:
                    if conn is None:  # the listening socket
                        self.accept(sock)
                        continue
                    if mask & EVENT_READ:
                        self.read(sock, conn)
                    if mask & EVENT_WRITE and conn.buffered:
                        self.write(sock, conn)
                except Exception as e:  # a bug costs this
                    self.fail(sock, conn, e)  # connection only

    def accept(self, listener) -> None:
        """Take the waiting connections (backlog at most)."""
        for _ in range(self.backlog):
            try:
                sock, addr = listener.accept()
            except (BlockingIOError, InterruptedError,
                    ConnectionAbortedError):
                return  # nobody else is waiting
            except OSError as e:  # EMFILE...: rest a while
                return self.pause_listener(e)
            if self.refused(sock, addr):  # too many, fd>=1024
                continue
            sock.setblocking(False)
            conn = self.connection(sock, addr)  # echo state
            self.selector.register(sock, EVENT_READ, conn)

    def read(self, sock, conn) -> None:
        """Readable: recv, queue, echo at once."""
        try:
            data = sock.recv(self.recv_size)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:  # ECONNRESET: this one only
            return self.close(sock, conn, e)
        if data:
            conn.data_received(data)  # too much: pause
            self.write(sock, conn)
        else:  # b'': the peer shut its side; what we hold
            conn.eof_received()  # is still echoed
            self.update(sock, conn)

    def write(self, sock, conn) -> None:
        """Send what the kernel takes; the rest waits."""
        while conn.buffered:
            data = conn.data_to_send()
            try:
                n = sock.send(data)
            except (BlockingIOError, InterruptedError):
                break  # the kernel's send buffer is full
            except OSError as e:  # EPIPE, ECONNRESET
                return self.close(sock, conn, e)
            conn.sent(n)
            if n < len(data):
                break
        self.update(sock, conn)

    def update(self, sock, conn) -> None:
        """Watch sock for what conn wants; close when done."""
        if conn.is_done:
            return self.close(sock, conn)
        events = EVENT_READ if conn.should_read else 0
        if conn.wants_write:
            events |= EVENT_WRITE
        if events != conn.interest:
            conn.interest = events
            self.selector.modify(sock, events, conn)

    def close(self, sock, conn, error=None) -> None:
        """Over: stop watching the socket, close it."""
        self.selector.unregister(sock)
        sock.close()
        self.closed(sock, conn, error)  # counters, event
