"""A minimal, uninstrumented selectors echo server: the baseline for benchmarks/echo_overhead.py.

It does what evsim's EchoServer does on the hot path (recv, try to send at once, keep the unsent tail for
EVENT_WRITE, TCP_NODELAY) and nothing else: no events, no back-pressure (its buffers are unbounded: fine for
request/response load, not for a real server), no statistics.
Prints ``listening on HOST:PORT`` and serves until SIGINT/SIGTERM.

    python benchmarks/_plain_echo.py [PORT]
"""

import selectors
import signal
import socket
import sys


def main() -> int:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    sel = selectors.DefaultSelector()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(socket.SOMAXCONN)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ)
    pending: dict[socket.socket, bytearray] = {}
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print("listening on %s:%d" % listener.getsockname()[:2], flush=True)

    def close(sock):
        sel.unregister(sock)
        pending.pop(sock, None)
        sock.close()

    while not stopping:
        for key, mask in sel.select(0.5):
            sock = key.fileobj
            if sock is listener:
                for _ in range(100):
                    try:
                        conn, _ = listener.accept()
                    except (BlockingIOError, InterruptedError):
                        break
                    conn.setblocking(False)
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    sel.register(conn, selectors.EVENT_READ)
                continue
            if mask & selectors.EVENT_WRITE and sock in pending:
                buf = pending[sock]
                try:
                    n = sock.send(buf)
                except (BlockingIOError, InterruptedError):
                    n = 0
                except OSError:
                    close(sock)
                    continue
                del buf[:n]
                if not buf:
                    del pending[sock]
                    sel.modify(sock, selectors.EVENT_READ)
            if mask & selectors.EVENT_READ:
                try:
                    data = sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    close(sock)
                    continue
                if not data:
                    close(sock)
                    continue
                buf = pending.get(sock)
                if buf:  # older bytes still wait: these go behind them
                    buf += data
                    continue
                try:
                    n = sock.send(data)
                except (BlockingIOError, InterruptedError):
                    n = 0
                except OSError:
                    close(sock)
                    continue
                if n < len(data):
                    pending[sock] = bytearray(data[n:])
                    sel.modify(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    sel.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
