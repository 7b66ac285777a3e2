#!/usr/bin/env python3
"""Load benchmark of the web API (``yibao serve``) on 127.0.0.1 (not part of the tests).

    .venv/bin/python benchmarks/api.py                          # 1 and 2 workers, 5 s a scenario
    .venv/bin/python benchmarks/api.py --workers 1 2 4 --seconds 8 --rounds 3 --json out.json

For each worker count, a server is started (``yibao serve --workers N`` on a free port), warmed up,
and loaded by ``--clients`` concurrent keep-alive connections (a small asyncio HTTP/1.1 client in
this process, so the load generator shares the cores with the server, as it would on one machine)
for ``--seconds`` or ``--max-requests``, whichever comes first, with two requests:

- ``premium``: ``POST /v1/premium`` lhasa-2025, a dibao member (40.00 + 360.00);
- ``settle``: ``POST /v1/settle`` xizang-2024 high tier, one inpatient claim of 10000 at level 3 (8160.00).

Every answer's status and number is checked (an answer without ``"40.00"`` / ``"8160.00"`` counts
as an error). Printed: requests/s, latency p50/p95/p99, errors, resident memory of each worker
(after the load), the load average before and after; and side by side the baseline of the same
request computed in this process without HTTP (the calculator, the answer and its JSON), which
bounds what one core can do. Then the server is stopped with SIGTERM while requests are under way:
the requests it had accepted must still be answered (graceful shutdown).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = {
    "premium": ("/v1/premium", {"policy": "lhasa-2025", "groups": ["dibao"]}, '"individual": "40.00"'),
    "settle": ("/v1/settle", {"policy": "xizang-2024", "tier": "high", "inpatient": "10000", "level": 3},
               '"basic": "8160.00"'),
}
TARGETS = {"premium": 500, "settle": 200}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def workers_of(pid: int) -> list[int]:
    """The server's worker processes (the server itself when it runs one worker in-process)."""
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(d.name))
    # multiprocessing's resource tracker is a child too: workers are the ones holding the app (large RSS)
    big = [k for k in kids if rss_mb(k) > 40]
    return big or [pid]


def start(workers: int, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "yibao.skins.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            if proc.poll() is not None:
                tail = proc.stderr.read().decode()[-500:] if proc.stderr else ""
                raise SystemExit(f"server exited: {tail}") from None
            time.sleep(0.2)  # a benchmark polling a starting server, not a test
    proc.kill()
    raise SystemExit("server did not answer /health within 120 s")


def request_bytes(path: str, body: dict, port: int) -> bytes:
    data = json.dumps(body).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n")
    return head.encode() + data


async def one(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> tuple[int, bytes]:
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(h.split(":", 1)[1]) for h in lines[1:] if h.lower().startswith("content-length:"))
    return status, await reader.readexactly(length)


async def load(port: int, raw: bytes, expect: str, clients: int, seconds: float, max_requests: int
               ) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    started = 0

    async def client() -> None:
        nonlocal errors, started
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop and started < max_requests:
                started += 1
                t = time.perf_counter()
                try:
                    status, body = await one(reader, writer, raw)
                except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - t)
                if status != 200 or expect.encode() not in body.replace(b'":"', b'": "'):
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "rps": len(latencies) / wall, "p50_ms": q[49] * 1000,
            "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000, "errors": errors}


def baseline(name: str, n: int = 300) -> float:
    """Requests/s of one request computed in this process, no HTTP: bridge, calculator, answer, JSON."""
    from yibao.skins.api import bridge
    from yibao.skins.api.answers import answer
    from yibao.skins.api.schemas import COMMANDS

    path, body, _ = SCENARIOS[name]
    model = COMMANDS[path.rsplit("/", 1)[1]][1]
    fields = {k: v for k, v in model.model_validate(json.loads(json.dumps(body), parse_int=str)).model_dump(
        exclude_none=True).items()}
    json.dumps(answer(bridge.run(name, fields), "zh"), ensure_ascii=False)
    t = time.perf_counter()
    for _ in range(n):
        json.dumps(answer(bridge.run(name, fields), "zh"), ensure_ascii=False)
    return n / (time.perf_counter() - t)


#: A year of 50 claims: long enough a request for the stop to arrive while it is being worked on.
YEAR = {"policy": "xizang-2024", "tier": "high",
        "claims": [{"date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "kind": "general_outpatient", "cost": "100"}
                   for i in range(50)]}


async def graceful(port: int, proc: subprocess.Popen, raw: bytes, clients: int) -> dict[str, int]:
    """SIGTERM while ``clients`` long requests are under way: how many were answered 200."""
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(clients)]
    tasks = [asyncio.create_task(one(r, w, raw)) for r, w in conns]
    await asyncio.sleep(0.3)  # the requests are read and being worked on when the stop arrives
    proc.send_signal(signal.SIGTERM)
    done = await asyncio.gather(*tasks, return_exceptions=True)
    ok = sum(1 for d in done if isinstance(d, tuple) and d[0] == 200)
    for _, w in conns:
        w.close()
    return {"in_flight": clients, "answered_200": ok}


def run(workers: int, args: argparse.Namespace) -> dict:
    port = free_port()
    proc = start(workers, port)
    out: dict = {"workers": workers}
    try:
        for name, (path, body, expect) in SCENARIOS.items():
            raw = request_bytes(path, body, port)
            asyncio.run(load(port, raw, expect, args.clients, 1.0, 500))  # warm-up (imports, caches)
            out[name] = asyncio.run(load(port, raw, expect, args.clients, args.seconds, args.max_requests))
        out["rss_mb"] = [round(rss_mb(p), 1) for p in workers_of(proc.pid)]
        out["shutdown"] = asyncio.run(graceful(port, proc, request_bytes("/v1/settle", YEAR, port), 4))
        t = time.perf_counter()
        proc.wait(timeout=60)
        out["shutdown"]["seconds"] = round(time.perf_counter() - t, 2)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return out


def _median_round(runs: list[dict]) -> dict:
    """Per request, the round whose req/s is the median (the load of a shared machine varies)."""
    out = dict(runs[0])
    for name in SCENARIOS:
        ranked = sorted(runs, key=lambda r: r[name]["rps"])
        out[name] = ranked[len(ranked) // 2][name]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--max-requests", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=1,
                    help="rounds of every worker count, interleaved; the round with the median req/s is shown")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    report: dict = {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "clients": args.clients,
                    "baseline_rps": {n: round(baseline(n)) for n in SCENARIOS}, "runs": []}
    rounds: dict[int, list[dict]] = {w: [] for w in args.workers}
    for _ in range(args.rounds):  # interleaved: a change of the machine's load falls on every worker count
        for w in args.workers:
            rounds[w].append(run(w, args))
    for w in args.workers:
        report["runs"].append(_median_round(rounds[w]))
    report["rounds"] = rounds
    report["load_after"] = os.getloadavg()
    print(f"{args.rounds} round(s), median shown; {report['cpus']} CPUs, {args.clients} clients, "
          f"load average before {report['load_before'][0]:.2f}, "
          f"after {report['load_after'][0]:.2f}")
    print(f"baseline (in process, no HTTP, one thread): premium {report['baseline_rps']['premium']}/s, "
          f"settle {report['baseline_rps']['settle']}/s")
    print("| workers | request | req/s | target | p50 ms | p95 ms | p99 ms | errors | RSS per worker MB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in report["runs"]:
        for name in SCENARIOS:
            s = r[name]
            print(f"| {r['workers']} | {name} | {s['rps']:.0f} | ≥{TARGETS[name]} | {s['p50_ms']:.1f} | "
                  f"{s['p95_ms']:.1f} | {s['p99_ms']:.1f} | {s['errors']} | {', '.join(map(str, r['rss_mb']))} |")
        sd = r["shutdown"]
        print(f"  SIGTERM with {sd['in_flight']} settle requests (50 claims each) in flight: "
              f"{sd['answered_200']} answered 200, stopped in {sd['seconds']} s")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
