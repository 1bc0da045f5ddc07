"""The selectors echo server as textbooks print it, mistakes kept on purpose (see selectors_server.py).

    python examples/selectors_server_mistakes.py [--port N]
    evsim run examples/selectors_server_mistakes.py

The mistakes, and the diagnosis each makes evsim print:

* ``conn.send(data)  # Hope it won't block`` ignores what send() returns.  When the client reads slowly the
  kernel takes only part of the reply and the rest is lost (later the send raises BlockingIOError and the
  server dies).  Diagnosis ``partial-send``:  python examples/poke.py --port 10005 --blast 8000000 --pause 3
* a request handled inline that takes a while (``time.sleep``): while it sleeps, every other connection
  waits.  Diagnosis ``blocked-loop``:  python examples/poke.py --port 10005 --text slow
"""

import argparse
import selectors
import socket
import time

sel = selectors.DefaultSelector()


def accept(sock, mask):
    conn, addr = sock.accept()  # Should be ready
    conn.setblocking(False)
    sel.register(conn, selectors.EVENT_READ, read)


def read(conn, mask):
    data = conn.recv(1000)  # Should be ready
    if data:
        if data.startswith(b"slow"):
            time.sleep(0.3)  # MISTAKE: "look the answer up" inline: the whole loop stops meanwhile
        conn.send(data)  # Hope it won't block  (MISTAKE: what send() did not take is lost)
    else:
        sel.unregister(conn)
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="selectors echo server with textbook mistakes")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=10005, help="0 picks a free port (default 10005)")
    args = parser.parse_args()

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as e:  # e.g. the port is in use
        raise SystemExit(f"cannot listen on {args.host}:{args.port}: {e.strerror}")
    sock.listen(100)
    sock.setblocking(False)
    print(f"listening on {args.host}:{sock.getsockname()[1]}", flush=True)
    sel.register(sock, selectors.EVENT_READ, accept)

    try:
        while True:
            events = sel.select()
            for key, mask in events:
                callback = key.data
                callback(key.fileobj, mask)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
