"""The web app as a service (issue 22 §4): however ``yibao app`` ends, its Voilà server and every kernel
end with it. ``kill -9`` of the app (no handler runs) is the hard case: the server gets SIGTERM from the
kernel (its parent-death signal) and stops its kernels; a kernel whose server is gone exits by itself.

Waits are on events (a kernel process appears, the processes exit) with generous limits; no timing
is asserted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import psutil
import pytest
from app_fixtures import ARTIFACTS, ROOT, free_port, need


def _descendants(pid: int) -> list:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _is_kernel(p) -> bool:
    with contextlib.suppress(psutil.Error):
        return "ipykernel" in " ".join(p.cmdline())
    return False


def _alive(procs: list) -> list:
    """The processes still running (a zombie waiting for its new parent to reap it has ended)."""
    out = []
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
    return out


def _wait_for(what: str, check, limit: float, interval: float = 0.5):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(interval)
    pytest.fail(f"{what}: not seen within {limit:.0f} s")


def test_kill_9_of_the_app_leaves_no_server_and_no_kernel():
    need("voila", "web")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / "yibao-app-kill9.log"
    with open(log_path, "wb") as log:
        app = subprocess.Popen([sys.executable, "-m", "yibao.skins.cli", "app", "--port", str(port),
                                "--ready-kernels", "0"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    left: list = []
    try:
        # a page visit starts a kernel; the page itself may take long under load: it is not waited for
        def visit() -> None:
            with contextlib.suppress(Exception):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/premium.ipynb", timeout=600).read()

        def listening() -> bool:  # any answer of the server (a page would take a kernel)
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=10).close()
                return True
            except urllib.error.HTTPError:
                return True
            except OSError:
                pass
            assert app.poll() is None, log_path.read_text(encoding="utf-8", errors="replace")
            return False

        _wait_for("the server listening", listening, 300)
        threading.Thread(target=visit, daemon=True).start()
        _wait_for("a kernel process", lambda: [p for p in _descendants(app.pid) if _is_kernel(p)], 300)
        below = _descendants(app.pid)
        assert any(_is_kernel(p) for p in below) and len(below) >= 2, below  # the server and a kernel

        os.kill(app.pid, signal.SIGKILL)  # no handler of the app runs
        app.wait(timeout=60)
        deadline = time.monotonic() + 300
        while (left := _alive(below)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not left, [(p.pid, p.name()) for p in left]
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=60)
        for p in _alive(left):  # what this test started, never anything else
            with contextlib.suppress(psutil.Error):
                p.kill()


def test_a_page_opened_while_the_service_is_busy_says_so_in_chinese_and_retries():
    """More pages being prepared than the machine runs (here: any, YIBAO_APP_BUSY_AT=0): the visitor
    gets a 503 with Retry-After and a Chinese page that reloads itself, not a page left without result."""
    need("voila", "web")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with open(ARTIFACTS / "yibao-app-busy.log", "wb") as log:
        app = subprocess.Popen([sys.executable, "-m", "yibao.skins.cli", "app", "--port", str(port),
                                "--ready-kernels", "0"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1", "YIBAO_APP_BUSY_AT": "0"})
    try:
        def answer():
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/premium.ipynb", timeout=30).close()
            except urllib.error.HTTPError as e:
                return e
            except OSError:
                assert app.poll() is None, "yibao app ended"
                return None
            pytest.fail("a page was prepared although the service is busy")

        err = _wait_for("the server answering", answer, 300)
        body = err.read().decode("utf-8")
        assert err.code == 503 and err.headers["Retry-After"] == "5"
        assert "服务繁忙" in body and '<meta http-equiv="refresh" content="5">' in body and "自动重试" in body
        assert not [p for p in _descendants(app.pid) if _is_kernel(p)]  # no kernel was started for it
    finally:
        app.terminate()
        app.wait(timeout=120)
