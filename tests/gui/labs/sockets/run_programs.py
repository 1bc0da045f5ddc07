"""Tiny programs the program-mode tests run under the window (written to tmp_path), and their lines."""

from __future__ import annotations

import argparse
from pathlib import Path

#: A selectors echo server in the textbook style; "bye" ends it with exit status 3.
ECHO = '''\
import selectors
import socket
import sys

sel = selectors.DefaultSelector()
lst = socket.socket()
lst.bind(("127.0.0.1", 0))
lst.listen()
lst.setblocking(False)


def accept(s):
    conn, _ = s.accept()  # @accept
    conn.setblocking(False)
    sel.register(conn, selectors.EVENT_READ, read)  # @register


def read(conn):
    data = conn.recv(4096)  # @recv
    if data == b"bye\\n":
        sys.exit(3)
    if data:
        conn.send(data)  # @send
    else:
        sel.unregister(conn)
        conn.close()


sel.register(lst, selectors.EVENT_READ, accept)  # @register-listener
while True:
    for key, mask in sel.select():  # @select
        key.data(key.fileobj)
'''

#: The same server with the textbook mistake: a peer that closes leaves a socket readable forever.
EOF_SPIN = ECHO.replace('''    else:
        sel.unregister(conn)
        conn.close()
''', '')

#: An asyncio echo server: its loop's select() is made in the standard library, its reads and writes here.
ASYNC_ECHO = '''\
import asyncio


async def echo(reader, writer):
    while data := await reader.read(1024):  # @read
        writer.write(data)  # @write
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    async with server:
        await server.serve_forever()


asyncio.run(main())
'''


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def line_of(text: str, mark: str) -> int:
    """The 1-based line carrying ``# @mark``."""
    for i, line in enumerate(text.splitlines(), 1):
        if line.endswith(f"# @{mark}"):
            return i
    raise KeyError(mark)


def run_args(path: Path, *argv: str, step: bool = False) -> argparse.Namespace:
    return argparse.Namespace(script=str(path), args=list(argv), step=step, record=None)
