"""Recording and replay, measured.

    python benchmarks/recording.py [--seconds 8] [--rounds 2] [--events 1000000] [--json]

1. **Recording at full ping-pong rate**: ``evsim serve`` with and without ``--record FILE``, each driven by 4
   load processes (``evsim load --clients 1 --size 1024``, each sending a 1 KiB request as soon as the previous
   echo is back), alternated ``--rounds`` times in one run so that a noisy machine shows in both.  Reported:
   requests/s, server CPU per request (utime + stime of the server process from /proc, all its threads: the
   loop, the main thread, the recording's flusher), their ratio (target <= 1.2x), and the events the recording
   dropped (target 0), checked in the file itself (its trailer's count and the Dropped frames in it).
2. **Seeking in a 1,000,000-event recording** made the same way (``evsim serve --record`` under the same load,
   run until the recording holds ``--events`` events): ``Recording.open`` (target <= 3 s), building every
   keyframe (the pass a window runs in the background after opening), the memory the keyframes take, and
   ``scene_at`` at 20 random instants (``index_at`` of a random time) once the keyframes exist (target <= 100 ms
   each), plus the same seeks on a freshly opened recording, whose first seeks build the keyframes they need.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from evsim.core.procstat import cpu_seconds  # noqa: E402
from evsim.core.record import Recording  # noqa: E402

EVSIM = [sys.executable, "-m", "evsim"]


def start_serve(*args: str) -> tuple[subprocess.Popen, int]:
    p = subprocess.Popen([*EVSIM, "serve", "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    line = p.stdout.readline()
    if not line.startswith("listening on"):
        raise RuntimeError(f"evsim serve did not start: {line!r} {p.stderr.read()!r}")
    return p, int(line.strip().rsplit(":", 1)[1])


def stop_serve(p: subprocess.Popen) -> str:
    p.send_signal(signal.SIGINT)
    _out, err = p.communicate(timeout=60)
    return err


def load(port: int, n: int, size: int, seconds: float) -> int:
    """Requests completed by ``n`` load processes of one connection each, as fast as echoes come back."""
    cmd = [*EVSIM, "load", "--port", str(port), "--clients", "1", "--seconds", str(seconds), "--size", str(size),
           "--json"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(n)]
    total = 0
    for p in procs:
        out, err = p.communicate(timeout=seconds + 60)
        try:
            total += int(json.loads(out)["requests"])
        except (ValueError, KeyError):
            raise RuntimeError(f"a load process failed: {out!r} {err!r}") from None
    return total


def serve_run(record: str | None, seconds: float, clients: int = 4, size: int = 1024) -> dict:
    """One ``evsim serve`` [--record] under load: requests/s, server CPU us/request, what the recording says."""
    p, port = start_serve(*(["--record", record] if record else []))
    try:
        c0 = cpu_seconds(p.pid)
        reqs = load(port, clients, size, seconds)
        c1 = cpu_seconds(p.pid)
    finally:
        err = stop_serve(p)
    out = {"requests_per_s": reqs / seconds, "cpu_us_per_request": (c1 - c0) * 1e6 / max(reqs, 1)}
    if record:
        m = re.search(r"recorded ([\d,]+) events to .*?(?:, ([\d,]+) dropped)?$", err, re.M)
        if m is None:
            raise RuntimeError(f"no recording summary from evsim serve: {err!r}")
        out["events"] = int(m.group(1).replace(",", ""))
        out["dropped_said"] = int((m.group(2) or "0").replace(",", ""))
        with Recording.open(record) as rec:
            out["dropped_in_trailer"] = rec.dropped
            out["dropped_frames"] = sum(rec.event(i).count for i in _all(rec, "Dropped"))
            out["events_in_file"] = len(rec)
            out["truncated"] = rec.truncated
        out["file_bytes"] = os.path.getsize(record)
    return out


def _all(rec: Recording, kind: str) -> list[int]:
    found, i = [], -1
    while (i := rec.find(i, 1, kind)) is not None:
        found.append(i)
    return found


def part_a(seconds: float, rounds: int, tmp: str) -> dict:
    plain, rec = [], []
    for r in range(rounds):
        order = (False, True) if r % 2 == 0 else (True, False)
        for with_record in order:
            path = os.path.join(tmp, f"a{r}.evrec") if with_record else None
            (rec if with_record else plain).append(serve_run(path, seconds))
            if path:
                os.unlink(path)
    cpu_plain = statistics.median(x["cpu_us_per_request"] for x in plain)
    cpu_rec = statistics.median(x["cpu_us_per_request"] for x in rec)
    return {
        "plain": plain, "record": rec,
        "cpu_ratio": cpu_rec / cpu_plain,
        "requests_ratio": statistics.median(x["requests_per_s"] for x in rec)
        / statistics.median(x["requests_per_s"] for x in plain),
        "events_dropped": sum(x["dropped_said"] for x in rec),
        "dropped_in_files": sum((x["dropped_in_trailer"] or 0) + x["dropped_frames"] for x in rec),
    }


def make_big(path: str, events: int, rate_hint: float) -> dict:
    """``evsim serve --record`` under ping-pong until the recording holds ``events`` events."""
    seconds = min(600.0, max(5.0, 1.15 * events / max(rate_hint, 1.0)))
    while True:
        got = serve_run(path, seconds)
        if got["events_in_file"] >= events:
            return got
        seconds = min(600.0, seconds * 1.2 * events / max(got["events_in_file"], 1))


def rss_kib() -> int:
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith("VmRSS:")).split()[1])


def seeks(rec: Recording, n: int, rng: random.Random) -> list[float]:
    t_first, t_last = rec.t_ns(0), rec.t_ns(len(rec) - 1)
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        i = rec.index_at(rng.randint(t_first, t_last))
        scene = rec.scene_at(i)
        out.append((time.perf_counter() - t0) * 1000)
        assert scene.events_seen >= i + 1
    return out


def part_b(path: str) -> dict:
    rng = random.Random(11)
    gc.collect()
    t0 = time.perf_counter()
    rec = Recording.open(path)
    open_s = time.perf_counter() - t0
    out = {"events": len(rec), "file_bytes": os.path.getsize(path), "open_s": open_s,
           "truncated": rec.truncated}
    out["cold_seeks_ms"] = seeks(rec, 20, rng)  # a fresh recording: each far seek builds keyframes up to it
    rec.close()
    rec = Recording.open(path)
    rss0 = rss_kib()
    t0 = time.perf_counter()
    rec.build_keyframes()
    out["keyframes_s"] = time.perf_counter() - t0
    rec._blocks.clear()  # what stays is the keyframes (the block cache is bounded separately)
    gc.collect()
    out["keyframes"] = rec.keyframes_built
    out["keyframes_rss_mib"] = (rss_kib() - rss0) / 1024
    times = seeks(rec, 20, rng)
    out["seeks_ms"] = times
    out["seek_max_ms"] = max(times)
    out["seek_p50_ms"] = statistics.median(times)
    rec.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--keep", default=None, help="keep the big recording at this path (reused when it exists)")
    ap.add_argument("--skip-a", action="store_true")
    ap.add_argument("--skip-b", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="evsim-rec-bench-") as tmp:
        res: dict = {"load_average": os.getloadavg()}
        rate = 60000.0
        if not args.skip_a:
            res["a"] = part_a(args.seconds, args.rounds, tmp)
            rate = statistics.median(x["events"] / args.seconds for x in res["a"]["record"])
        if not args.skip_b:
            big = args.keep or os.path.join(tmp, "big.evrec")
            if not (args.keep and os.path.exists(big)):
                res["big_run"] = make_big(big, args.events, rate)
            res["b"] = part_b(big)
        res["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    if "a" in res:
        a = res["a"]
        for name in ("plain", "record"):
            for x in a[name]:
                print(f"serve {name:6}  {x['requests_per_s']:8.0f} req/s  {x['cpu_us_per_request']:6.1f} us CPU/req"
                      + (f"  {x['events']:,} events, {x['dropped_said']} dropped, {x['file_bytes'] / 1e6:.1f} MB"
                         if name == "record" else ""))
        print(f"CPU per request with --record: {a['cpu_ratio']:.2f}x (target <= 1.2); requests/s "
              f"{a['requests_ratio']:.2f}x; events dropped {a['events_dropped']} (in the files: "
              f"{a['dropped_in_files']})")
    b = res.get("b")
    if b is None:
        return 0
    print(f"recording of {b['events']:,} events ({b['file_bytes'] / 1e6:.1f} MB): open {b['open_s'] * 1000:.0f} ms "
          f"(target <= 3000)")
    print(f"cold seeks (building keyframes as they go): max {max(b['cold_seeks_ms']):.0f} ms, p50 "
          f"{statistics.median(b['cold_seeks_ms']):.0f} ms")
    print(f"all {b['keyframes']} keyframes built in {b['keyframes_s']:.1f} s, {b['keyframes_rss_mib']:.1f} MiB")
    print(f"20 seeks: p50 {b['seek_p50_ms']:.1f} ms, max {b['seek_max_ms']:.1f} ms (target <= 100)")
    print(f"load average before/after: {res['load_average']} / {res['load_average_after']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
