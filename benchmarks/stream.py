"""What the event stream costs: encoding on the server's hot path, decoding in the window, the writer per event.

    python benchmarks/stream.py            # a table (about 20 s)
    python benchmarks/stream.py --json     # the same figures as one JSON object
    python benchmarks/stream.py --quick    # fewer repetitions, noisier figures

* encode: ns per Ready / Received / Sent frame, from a deferred record (what the echo server emits) and from
  an event object, beside a bare ``Struct.pack`` of the same frame (the floor), a pure-Python zigzag-varint
  encoder (the compact alternative the format did not take: the bytes it would save, the time it costs) and
  ``pickle.dumps`` (for reference only: pickle is never read from a peer);
* decode: events/s through Decoder.feed in 64 KiB chunks (what StreamReader does), hot kinds and a mix;
* writer: StreamWriter.emit + flush per event, the producer's own CPU (its thread's clock) while another
  process drains the socketpair; then with nobody reading (every emit past capacity is a counted drop).

The best of several runs is reported (the machine's other work only ever adds time); figures vary with the
machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import socket
import struct
import sys
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evsim.core.echo.events import Accepted, Closed, Ready, Received, Sent  # noqa: E402
from evsim.core.events import RingSink, deferred  # noqa: E402
from evsim.core.stream import Decoder, Encoder, StreamWriter  # noqa: E402

HOT = {
    "Ready": (Ready, (1_234_567_890_123, 7, 1)),
    "Received": (Received, (1_234_567_890_123, 7, 1024)),
    "Sent": (Sent, (1_234_567_890_123, 7, 1024, False, 0)),
}


def zigzag_varint(kind_id: int, values: tuple) -> bytes:
    """The compact alternative: u32 length, u16 kind, then every int as a zigzag LEB128 varint."""
    out = bytearray()
    for v in values:
        v = (v << 1) ^ (v >> 63)
        while v >= 0x80:
            out.append((v & 0x7F) | 0x80)
            v >>= 7
        out.append(v)
    return struct.pack("<IH", len(out) + 2, kind_id) + out


def ns_per_call(fn, number: int, repeat: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e9


def encode_rows(number: int, repeat: int) -> list[dict]:
    rows = []
    enc = Encoder()
    overhead = ns_per_call(lambda: None, number, repeat)  # the lambda call every figure below includes
    for name, (cls, args) in HOT.items():
        rec, ev = deferred(cls)(*args), cls(*args)
        frame = enc.encode(rec)
        fmt = struct.Struct("<IHq" + "".join("?" if type(a) is bool else "q" for a in args[1:]))
        kind_id = struct.unpack_from("<H", frame, 4)[0]
        # the floor: one Struct.pack with every argument spelled out, as the encoder's generated code does
        floor = eval(f"lambda: pack({len(frame) - 4}, {kind_id}, {', '.join(map(repr, args))})",  # noqa: S307
                     {"pack": fmt.pack})
        buf = bytearray()
        into = enc.encode_into
        cases = {
            "Encoder.encode(record)": lambda: enc.encode(rec),
            "Encoder.encode(event)": lambda: enc.encode(ev),
            "Encoder.encode_into(record)": lambda: into(buf, rec),
            "Struct.pack (floor)": floor,
            "zigzag varint (not taken)": lambda: zigzag_varint(kind_id, args),
            "pickle.dumps (reference)": lambda: pickle.dumps(ev, 5),
        }
        sizes = {"zigzag varint (not taken)": len(zigzag_varint(kind_id, args)),
                 "pickle.dumps (reference)": len(pickle.dumps(ev, 5))}
        for case, fn in cases.items():
            buf.clear()
            rows.append({"kind": name, "case": case, "ns": round(ns_per_call(fn, number, repeat) - overhead),
                         "bytes": sizes.get(case, len(frame))})
    return rows


def decode_rows(n: int, repeat: int) -> list[dict]:
    enc = Encoder()
    hot = [deferred(c)(i, *a[1:]) for i in range(n // 3) for c, a in HOT.values()]
    mix = [*hot]
    for i in range(0, len(mix), 20):  # one connection event in 20, as a short-lived-connection load
        mix[i] = (Accepted(i, 7, "127.0.0.1:50000") if i % 40 else Closed(i, 7, "normal", 1024, 1024))
    rows = []
    for label, items, records in (("Ready/Received/Sent", hot, False), ("with 1 in 20 Accepted/Closed", mix, False),
                                  ("Ready/Received/Sent, records=True", hot, True)):
        stream = enc.header() + b"".join(map(enc.encode, items))
        chunks = [stream[i:i + 65536] for i in range(0, len(stream), 65536)]
        best = float("inf")
        for _ in range(repeat):
            d = Decoder(records=records)
            t = time.perf_counter()
            for c in chunks:
                d.feed(c)
            best = min(best, time.perf_counter() - t)
            assert d.events_decoded == len(items)
        rows.append({"case": label, "events": len(items), "events_per_s": round(len(items) / best),
                     "ns_per_event": round(best / len(items) * 1e9), "mb_per_s": round(len(stream) / best / 1e6, 1)})
    return rows


def drain_forever(sock: socket.socket) -> None:
    while sock.recv(1 << 20):
        pass


def emit_rows(n: int, repeat: int) -> list[dict]:
    """emit alone: into the pending buffer, and past capacity (a counted drop)."""
    rows = []
    recs = [deferred(c)(i, *a[1:]) for i in range(n // 3) for c, a in HOT.values()]
    for label, capacity in (("emit into the pending buffer", 1 << 30), ("emit past capacity (a drop)", 1)):
        best = float("inf")
        for _ in range(repeat):
            a, b = socket.socketpair()
            a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
            w = StreamWriter(a, capacity=capacity)
            while not w.pending_bytes:  # fill the kernel's buffer, so that the writer has pending bytes
                w.emit(recs[0])
                w.flush()
            emit, pending, total = w.emit, w._pending, 0.0
            for i in range(0, len(recs), 3000):  # in slices, the buffer emptied between them as a flush would
                chunk = recs[i:i + 3000]
                if capacity > 1:
                    pending.clear()
                t = time.perf_counter()
                for r in chunk:
                    emit(r)
                total += time.perf_counter() - t
            best = min(best, total)
            w.close()
            b.close()
        rows.append({"case": label, "ns_per_event": round(best / len(recs) * 1e9)})
    ring = RingSink(1 << 16)  # today's in-process sink, for comparison: a deque append and a counter
    emit = ring.emit
    best = min(timeit.repeat(lambda: [emit(r) for r in recs], number=1, repeat=repeat))
    rows.append({"case": "RingSink.emit (the in-process sink, reference)",
                 "ns_per_event": round(best / len(recs) * 1e9)})
    return rows


def writer_rows(n: int, repeat: int) -> list[dict]:
    rows = []
    recs = [deferred(c)(i, *a[1:]) for i in range(n // 3) for c, a in HOT.values()]
    for label, reading, per_flush, due in (("flush() every 3 events (each request), reader draining", True, 3, False),
                                           ("flush_if_due() every 3 events, reader draining", True, 3, True),
                                           ("flush() every 64 events, reader draining", True, 64, False),
                                           ("flush() every 3 events, nobody reading (drops)", False, 3, False),
                                           ("flush_if_due() every 3 events, nobody reading", False, 3, True)):
        best, last = float("inf"), None
        for _ in range(repeat):
            a, b = socket.socketpair()
            pid = os.fork() if reading else 0
            if reading and pid == 0:  # the consumer: another process, as the window will be
                a.close()
                drain_forever(b)
                os._exit(0)
            w = StreamWriter(a)
            emit, flush = w.emit, (w.flush_if_due if due else w.flush)
            t = time.thread_time()
            for i in range(0, len(recs), per_flush):
                for r in recs[i:i + per_flush]:
                    emit(r)
                flush()
            cpu = time.thread_time() - t
            # the slicing above is the benchmark's own cost, not the writer's: measure it alone and remove it
            t = time.thread_time()
            for i in range(0, len(recs), per_flush):
                for r in recs[i:i + per_flush]:
                    pass
            cpu -= time.thread_time() - t
            if cpu < best:
                best, last = cpu, (w.emitted, w.dropped)
            w.close()
            b.close()
            if reading:
                os.waitpid(pid, 0)
        rows.append({"case": label, "events": len(recs), "cpu_ns_per_event": round(best / len(recs) * 1e9),
                     "emitted": last[0], "dropped": last[1]})
    return rows


SECTIONS = (
    ("encode", "encode: ns per frame (call overhead removed), frame bytes", "{kind:<9} {case:<30} {ns:>6} {bytes:>6}"),
    ("decode", "decode (Decoder.feed, 64 KiB chunks)",
     "{case:<36} {events_per_s:>10,} events/s  {ns_per_event:>5} ns/event  {mb_per_s:>6} MB/s"),
    ("emit", "StreamWriter.emit alone (wall time per event)", "{case:<56} {ns_per_event:>6} ns/event"),
    ("writer", "StreamWriter.emit + flush (producer thread CPU per event)",
     "{case:<56} {cpu_ns_per_event:>6} ns/event  emitted {emitted:>7,}  dropped {dropped:>7,}"),
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (noisier)")
    args = ap.parse_args()
    number, repeat, n = (50_000, 3, 150_000) if args.quick else (300_000, 7, 600_000)
    result = {
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "loadavg_1min": os.getloadavg()[0],
        "encode": encode_rows(number, repeat),
        "decode": decode_rows(n, repeat),
        "emit": emit_rows(n, repeat),
        "writer": writer_rows(n, repeat),
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"Python {result['python']} on {result['machine']}, {result['cpus']} CPUs, load {result['loadavg_1min']:.2f}")
    for key, title, row in SECTIONS:
        print(f"\n{title}")
        for r in result[key]:
            print("  " + row.format(**r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
