"""``yibao serve`` as a person starts it: two worker processes on 127.0.0.1 answer the CLI's numbers,
and SIGTERM stops the server cleanly (exit status 0)."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parents[1]
#: Generous: the machine may be loaded (the server imports the calculators in each worker).
START_LIMIT = 120
STOP_LIMIT = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(port: int, path: str, body: dict) -> tuple[int, dict]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _wait_healthy(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "server exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                if json.loads(r.read())["status"] == "ok":
                    return
        except OSError:
            time.sleep(0.1)  # polling the server's start, within START_LIMIT
    raise AssertionError(f"no answer on /health within {START_LIMIT} s")


@pytest.mark.rules("L7", "T7")
def test_serve_two_workers_answers_and_stops_on_sigterm():
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "yibao.skins.cli", "serve", "--port", str(port), "--workers", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_healthy(port, proc)
        status, out = _post(port, "/v1/premium", {"policy": "lhasa-2025", "groups": ["dibao"]})
        assert status == 200 and out["result"]["paid_by"] == {"individual": "40.00", "medical_assistance": "360.00"}
        status, out = _post(port, "/v1/settle", {"policy": "xizang-2024", "tier": "high", "inpatient": 10000,
                                                  "level": 3})
        assert status == 200 and out["result"]["basic"] == "8160.00"  # (10000 − 400) × 85%
        status, out = _post(port, "/v1/premium", {"policy": "lhasa-2025", "tier": "high", "age": "forty"})
        assert status == 422 and out["detail"][0]["loc"] == ["body", "age"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=STOP_LIMIT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_refuses_a_bad_port_before_starting():
    done = subprocess.run([sys.executable, "-m", "yibao.skins.cli", "serve", "--port", "70000"], cwd=ROOT,
                          capture_output=True, text=True, timeout=STOP_LIMIT)
    assert done.returncode == 2 and done.stderr == "yibao: 错误:--port(端口):70000 超出范围;请填写 1 至 65535 的整数\n"
