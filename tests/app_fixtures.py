"""Shared by the web app's tests: start ``yibao app``, count its kernels, launch headless Chromium.

Not a test module (no ``test_`` prefix): ``test_app_browser.py`` and ``test_app_server.py`` import it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from waiting import PATIENCE, wait_for

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("YIBAO_TEST_ARTIFACTS") or ROOT / "test-artifacts")
CHROMIUM = os.environ.get("YIBAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: Generous limits for a loaded 2-core machine (load 10+): waits on events, never asserted as times.
START_S = 300 * PATIENCE  # the server answering, its ready kernels started
LOAD_MS = int(180_000 * PATIENCE)  # a page: a kernel started (or taken) and the notebook run
STEP_MS = int(120_000 * PATIENCE)  # one interaction: a kernel round trip
HTTP_S = 120 * PATIENCE  # one HTTP request to the server
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


def need(module: str, extra: str) -> None:
    try:
        __import__(module)
    except ImportError:
        pytest.fail(f"{module} is not installed: install the web extra (pip install -e '.[{extra}]', "
                    f"or make test, which does)", pytrace=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """A running ``yibao app``: its URL, process and log."""

    def __init__(self, base: str, port: int, proc: subprocess.Popen, log_path: Path):
        self.base, self.port, self.proc, self.log_path = base, port, proc, log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kernels(self) -> list[int]:
        """The pids of the kernel processes below the server (one per page kernel)."""
        import psutil

        try:
            below = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        pids = []
        for p in below:
            with contextlib.suppress(psutil.Error):
                if "ipykernel" in " ".join(p.cmdline()):
                    pids.append(p.pid)
        return pids


@contextlib.contextmanager
def running_app(*options: str, name: str = "yibao-app", ready: int = 0):
    """``yibao app --port P OPTIONS`` until the block ends (then SIGTERM: it stops its Voilà too), once it
    answers and, with ``ready``, once that many kernels run below it (the ready kernels)."""
    need("voila", "web")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / f"{name}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "yibao.skins.cli", "app", "--port", str(port), *options],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        app = App(f"http://127.0.0.1:{port}", port, proc, log_path)
        deadline = time.monotonic() + START_S
        try:
            while True:  # listening: a static file answers (a page would take a kernel)
                if proc.poll() is not None:
                    pytest.fail(f"yibao app exited with {proc.returncode}:\n{app.log()[-3000:]}", pytrace=False)
                try:
                    with urllib.request.urlopen(app.base + "/voila/static/voila.js", timeout=10) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"yibao app did not answer within {START_S:.0f} s; see {log_path}", pytrace=False)
                time.sleep(0.3)
            if ready:  # the kernels kept ready have started: the first pages do not wait behind them
                wait_for(lambda: len(app.kernels()) >= ready, START_S)
            yield app
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def chromium():
    need("playwright", "web")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (as root: apt-get install -y "
                    f"chromium), or set YIBAO_CHROMIUM to its path. Playwright cannot download browsers here.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
    finally:
        pw.stop()
