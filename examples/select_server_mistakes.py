"""The select.select() echo server as textbooks print it, mistakes kept on purpose (see select_server.py).

    python examples/select_server_mistakes.py [--port N] [--fds N]
    evsim run examples/select_server_mistakes.py

The mistakes, and the diagnosis each makes evsim print:

* when ``recv()`` returns b'' (the client closed) the socket stays in ``inputs``: at end of file a socket is
  readable forever, so select() returns at once, recv() returns b'' again, and the loop spins at 100% CPU.
  Diagnosis ``eof-spin``:  python examples/poke.py --port 10004
* select() cannot watch a descriptor numbered 1024 (FD_SETSIZE) or more, and a busy server soon has that
  many files open.  ``--fds 1024`` opens spare descriptors (as a busy process would have) until the next
  socket gets number 1024: the next client is accepted on fd 1024, and the next select() fails.
  Diagnosis ``fd-setsize``:  evsim run examples/select_server_mistakes.py --fds 1024  (then poke.py)
"""

import argparse
import collections
import os
import resource
import select
import socket


def main() -> None:
    parser = argparse.ArgumentParser(description="select.select() echo server with textbook mistakes")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=10004, help="0 picks a free port (default 10004)")
    parser.add_argument("--fds", type=int, default=0, metavar="N",
                        help="open spare descriptors until the next socket gets number N")
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
    spare = open_spare_descriptors(args.fds)

    inputs = [server]  # sockets we want to read from
    outputs = []  # sockets with something queued to send
    queues = {}  # connection -> deque of byte strings waiting to be sent back

    def close(conn):
        for watched in (inputs, outputs):
            if conn in watched:
                watched.remove(conn)
        queues.pop(conn, None)
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
                # MISTAKE: no "else": at end of file (data == b'') s stays in inputs and is never closed
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
            for s in exceptional:
                if s in queues:
                    close(s)
    except KeyboardInterrupt:
        pass
    finally:
        for conn in list(queues):
            close(conn)
        server.close()
        for fd in spare:
            os.close(fd)


def open_spare_descriptors(n):
    """Open /dev/null until the next descriptor the process opens will be number ``n`` (raising the
    process's limit if needed); return them."""
    if n <= 0:
        return []
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if n + 64 > soft and (hard == resource.RLIM_INFINITY or soft < hard):
        want = n + 64 if hard == resource.RLIM_INFINITY else min(n + 64, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    spare = []
    while True:
        fd = os.open(os.devnull, os.O_RDONLY)  # always the lowest free number
        if fd >= n:
            os.close(fd)
            return spare
        spare.append(fd)


if __name__ == "__main__":
    main()
