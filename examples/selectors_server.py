"""An echo server on selectors, with accept/read/write callbacks: the textbook loop, done right.

    python examples/selectors_server.py [--port N]   (then: python examples/poke.py --port 10002)
    evsim run examples/selectors_server.py           (the same program, watched)

Each registered socket carries the function to call when it is ready (``key.data``).  The loop waits in
``sel.select()`` and calls them.  Done right means: when ``recv()`` returns b'' the socket is unregistered
(and closed once its replies are out); ``send()`` may take only part of what it is given, so what is left
waits in an outbox and the socket is watched for EVENT_WRITE until the outbox is empty.
"""

import argparse
import selectors
import socket

sel = selectors.DefaultSelector()
outboxes = {}  # connection -> bytearray of bytes still to send back
finished = set()  # connections whose peer has sent everything (end of file)


def accept(server, mask):
    conn, addr = server.accept()  # should be ready
    conn.setblocking(False)
    outboxes[conn] = bytearray()
    sel.register(conn, selectors.EVENT_READ, serve)


def serve(conn, mask):
    if mask & selectors.EVENT_READ:
        try:
            data = conn.recv(1024)
        except ConnectionError:
            return close(conn)
        if data:
            outboxes[conn] += data
        else:  # end of file: stop reading; close once the outbox is empty
            finished.add(conn)
    if mask & selectors.EVENT_WRITE and outboxes[conn]:
        try:
            sent = conn.send(outboxes[conn])
        except BlockingIOError:
            sent = 0
        except ConnectionError:
            return close(conn)
        del outboxes[conn][:sent]  # keep what the kernel did not take
    if conn in finished and not outboxes[conn]:
        return close(conn)
    want = 0 if conn in finished else selectors.EVENT_READ
    if outboxes[conn]:
        want |= selectors.EVENT_WRITE
    if want != sel.get_key(conn).events:
        sel.modify(conn, want, serve)


def close(conn):
    sel.unregister(conn)
    outboxes.pop(conn, None)
    finished.discard(conn)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="echo server on selectors, with callbacks")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=10002, help="0 picks a free port (default 10002)")
    args = parser.parse_args()

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.setblocking(False)
    try:
        server.bind((args.host, args.port))
    except OSError as e:  # e.g. the port is in use
        raise SystemExit(f"cannot listen on {args.host}:{args.port}: {e.strerror}")
    server.listen(100)
    print(f"listening on {args.host}:{server.getsockname()[1]}", flush=True)
    sel.register(server, selectors.EVENT_READ, accept)

    try:
        while True:
            events = sel.select()
            for key, mask in events:
                callback = key.data
                callback(key.fileobj, mask)
    except KeyboardInterrupt:
        pass
    finally:
        for conn in list(outboxes):
            close(conn)
        sel.close()
        server.close()


if __name__ == "__main__":
    main()
