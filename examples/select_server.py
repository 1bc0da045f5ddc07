"""An echo server on select.select(), with a queue per connection: the textbook loop, done right.

    python examples/select_server.py [--port N]      (then: python examples/poke.py, or nc 127.0.0.1 10001)
    evsim run examples/select_server.py              (the same program, watched)

Each pass of the loop asks select() which sockets are readable, writable or in error, and handles them:
the listening socket accepts, a readable connection is read and what it sent is queued for sending back,
a writable connection sends what is queued.  Done right means: end of file (recv() returning b'') stops
reading that socket, and it is closed once everything queued was sent; a partial send keeps the rest for
the next pass; nothing in the loop ever waits.
"""

import argparse
import collections
import select
import socket


def main() -> None:
    parser = argparse.ArgumentParser(description="echo server on select.select()")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=10001, help="0 picks a free port (default 10001)")
    args = parser.parse_args()

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.setblocking(False)
    try:
        server.bind((args.host, args.port))
    except OSError as e:  # e.g. the port is in use
        raise SystemExit(f"cannot listen on {args.host}:{args.port}: {e.strerror}")
    server.listen(5)
    print(f"listening on {args.host}:{server.getsockname()[1]}", flush=True)

    inputs = [server]  # sockets we want to read from
    outputs = []  # sockets with something queued to send
    queues = {}  # connection -> deque of byte strings waiting to be sent back
    finished = set()  # connections whose peer has sent everything (end of file)

    def close(conn):
        for watched in (inputs, outputs):
            if conn in watched:
                watched.remove(conn)
        queues.pop(conn, None)
        finished.discard(conn)
        conn.close()

    try:
        while True:
            readable, writable, exceptional = select.select(inputs, outputs, inputs)
            for s in readable:
                if s is server:
                    conn, addr = server.accept()
                    conn.setblocking(False)
                    inputs.append(conn)
                    queues[conn] = collections.deque()
                    continue
                try:
                    data = s.recv(1024)
                except ConnectionError:
                    close(s)
                    continue
                if data:
                    queues[s].append(data)
                    if s not in outputs:
                        outputs.append(s)
                else:  # end of file: the peer will send nothing more
                    inputs.remove(s)
                    finished.add(s)
                    if not queues[s]:
                        close(s)
            for s in writable:
                if s not in queues:  # closed while handling the readable list
                    continue
                queue = queues[s]
                try:
                    sent = s.send(queue[0])
                except BlockingIOError:
                    continue
                except ConnectionError:
                    close(s)
                    continue
                if sent < len(queue[0]):
                    queue[0] = queue[0][sent:]  # a partial send: the rest goes on the next pass
                else:
                    queue.popleft()
                if not queue:
                    outputs.remove(s)
                    if s in finished:
                        close(s)
            for s in exceptional:
                if s in queues:
                    close(s)
    except KeyboardInterrupt:
        pass
    finally:
        for conn in list(queues):
            close(conn)
        server.close()


if __name__ == "__main__":
    main()
