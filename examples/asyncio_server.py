"""An echo server on asyncio streams: the same event loop, written as one coroutine per connection.

    python examples/asyncio_server.py [--port N]     (then: python examples/poke.py --port 10003)
    evsim run examples/asyncio_server.py             (the same program, watched)

Underneath, asyncio runs a selectors loop like examples/selectors_server.py: ``await reader.read()`` waits
for EVENT_READ, ``await writer.drain()`` waits for EVENT_WRITE when the kernel did not take everything.
"""

import argparse
import asyncio


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            data = await reader.read(1024)
            if not data:  # end of file: the peer will send nothing more
                break
            writer.write(data)
            await writer.drain()  # wait while the kernel's send buffer is full
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main(host: str, port: int) -> None:
    server = await asyncio.start_server(echo, host, port)
    print(f"listening on {host}:{server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="echo server on asyncio streams")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=10003, help="0 picks a free port (default 10003)")
    args = parser.parse_args()
    try:
        asyncio.run(main(args.host, args.port))
    except KeyboardInterrupt:
        pass
    except OSError as e:  # e.g. the port is in use
        raise SystemExit(f"cannot listen on {args.host}:{args.port}: {e.strerror}")
