"""A tiny client for the example servers: connect, send, stop sending, read the echo, close.

    python examples/poke.py [--port N] [--text TEXT] [--blast BYTES] [--pause SECONDS] [--clients K]

By default it sends one line and shuts its side down (the server then reads end of file).  ``--blast``
sends that many bytes instead, from a second thread, and reads nothing for ``--pause`` seconds (unless the
server goes away): the server's replies pile up in the kernel until its send buffer (a few megabytes) is
full, so its send() calls end up taking only part of what they are given.

It prints what it sent and what came back, and exits 0.
"""

import argparse
import socket
import threading


def poke(host: str, port: int, payload: bytes, pause: float, idle: float) -> int:
    """Send ``payload``, shut down the sending side, read until end of file or ``idle`` seconds of silence."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as conn:
        if pause:  # a slow reader with a small window (a fixed buffer also stops Linux from growing it)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        conn.settimeout(5)
        conn.connect((host, port))
        gone = threading.Event()
        sender = threading.Thread(target=_send_all, args=(conn, payload, gone), daemon=True)
        sender.start()
        gone.wait(pause)  # read nothing yet: let the server's replies pile up (unless the server went away)
        received = 0
        conn.settimeout(idle)
        try:
            while chunk := conn.recv(65536):
                received += len(chunk)
        except (socket.timeout, ConnectionError):
            pass  # the server went quiet, or went away
        sender.join(idle)
    return received


def _send_all(conn: socket.socket, payload: bytes, gone: threading.Event) -> None:
    try:
        conn.sendall(payload)
        conn.shutdown(socket.SHUT_WR)
    except OSError:
        gone.set()  # the server went away


def main() -> None:
    parser = argparse.ArgumentParser(description="send to an example server and read its echo")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=10001)
    parser.add_argument("--text", default="hello\n", help="what to send (default: one line)")
    parser.add_argument("--blast", type=int, default=0, metavar="BYTES", help="send this many bytes instead")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="read nothing for this many seconds (unless the server goes away)")
    parser.add_argument("--idle", type=float, default=1.0, help="stop after this many seconds of silence")
    parser.add_argument("--clients", type=int, default=1, help="how many clients, one after the other")
    args = parser.parse_args()
    payload = b"x" * args.blast if args.blast else args.text.encode()
    for _ in range(args.clients):
        try:
            got = poke(args.host, args.port, payload, args.pause, args.idle)
        except OSError as e:
            raise SystemExit(f"poke: cannot talk to {args.host}:{args.port}: {e.strerror or e}")
        print(f"sent {len(payload)} bytes, got {got} back", flush=True)


if __name__ == "__main__":
    main()
