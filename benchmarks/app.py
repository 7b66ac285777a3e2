#!/usr/bin/env python3
"""First paint and update latency of the web calculators in headless Chromium (not part of the tests).

    .venv/bin/python benchmarks/app.py                 # before and after, side by side, one run
    .venv/bin/python benchmarks/app.py --rounds 5 --updates 30 --json out.json

Two ways of serving ``app/`` run one after the other on this machine, each on its own port:

- ``before``: Voilà as ``yibao app`` started it before issue 14 (``python -m voila app --template=yibao``:
  one kernel started and the page executed on each request, no culling);
- ``after``: ``yibao app`` as it is now (see ``yibao/skins/app_server.py``).

For each, every calculator page is opened ``--rounds`` times in two ways, and the time from
navigation start to the calculator's result being visible is read in the page (``performance.now()``
when ``.yibao-result`` first shows text): a *first visit* (the page's URL in a new browser context,
nothing cached), and *from the index* (a click on the page's link in the index page, whose scripts
are then cached, as for a resident going through the site). Pages are visited round-robin, as by
visitors spread over the pages. Then, on the hospital page, the cost field is changed ``--updates``
times: the time from the Enter key to the new result is read in the page (kernel round trip,
calculation and drawing), and the time the test driver waits for it (fill, Enter, polling) is
measured in Python. The shared parts are timed alone too: a kernel start, and importing
``yibao.skins.widgets`` in a fresh Python; and the kernels left when the server is idle, with their memory.

Medians and 90th percentiles are printed; the figures in README and docs/app.md come from one run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
PY = sys.executable
CHROMIUM = os.environ.get("YIBAO_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
CALCULATORS = ("premium", "coverage", "hospital", "flexible", "maternity", "stop", "incentive", "sharing",
               "enrolment", "compare")
#: The hospital page's cost field and two costs whose results differ.
COST_LABEL = "每次住院合规费用(元)"
COSTS = ("12000", "13000")  # the page opens with 10000

#: Marks when the calculator's result first shows, and when Enter was last pressed (page clock).
INIT_SCRIPT = """
(() => {
  window.__shown = null; window.__enterAt = null;
  const mark = () => {
    const el = document.querySelector('.yibao-result');
    if (el && el.textContent.trim() && el.getClientRects().length) {
      window.__shown = performance.now(); obs.disconnect();
    }
  };
  const obs = new MutationObserver(mark);
  obs.observe(document, {childList: true, subtree: true, characterData: true});
  document.addEventListener('keydown', e => { if (e.key === 'Enter') window.__enterAt = performance.now(); }, true);
  window.__changed = (before) => new Promise(resolve => {
    const check = () => {
      const el = document.querySelector('.yibao-result');
      if (el && el.textContent !== before) { o.disconnect(); resolve(performance.now()); }
    };
    const o = new MutationObserver(check);
    o.observe(document.body, {childList: true, subtree: true, characterData: true});
    setTimeout(() => { o.disconnect(); resolve(null); }, 20000);
  });
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def before_command(port: int) -> tuple[list[str], dict[str, str], Path]:
    """Voilà exactly as ``yibao app`` ran it before issue 14."""
    env = {**os.environ, "JUPYTER_PATH": str(APP / "_jupyter")}
    cmd = [PY, "-m", "voila", str(APP), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
           "--template=yibao", "--VoilaConfiguration.show_tracebacks=False"]
    return cmd, env, APP


def after_command(port: int) -> tuple[list[str], dict[str, str], Path]:
    return [PY, "-m", "yibao.skins.cli", "app", "--port", str(port)], dict(os.environ), ROOT


CONFIGS = {"before": before_command, "after": after_command}
#: Kernels each configuration keeps ready when idle: none before, one per page (11) after.
READY = {"before": 0, "after": 11}


def kernels_below(pid: int) -> int:
    import psutil

    try:
        return sum("ipykernel" in " ".join(p.cmdline()) for p in psutil.Process(pid).children(recursive=True))
    except psutil.Error:
        return 0


class Server:
    def __init__(self, name: str, log_dir: Path):
        self.port = free_port()
        cmd, env, cwd = CONFIGS[name](self.port)
        self.log = open(log_dir / f"benchmark-app-{name}.log", "wb")  # noqa: SIM115 - the server writes it; stop() closes it
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/voila/static/voila.js", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"server did not answer in {timeout} s")

    def settle(self, expect: int = 0, timeout: float = 180) -> int:
        """Wait until there are at least ``expect`` kernels (the ready ones) and their number stops
        changing, then until the server is quiet."""
        last, since, deadline = -1, time.monotonic(), time.monotonic() + timeout
        while time.monotonic() < deadline:
            n = kernels_below(self.proc.pid)
            if n != last:
                last, since = n, time.monotonic()
            elif n >= expect and time.monotonic() - since > 4:
                break
            time.sleep(0.5)
        self.quiet()
        return last

    def quiet(self, timeout: float = 30) -> None:
        """Wait until the server and its kernels use (almost) no CPU: a ready kernel being refilled
        after the last visit has finished, so each visit finds the server as a lone visitor would."""
        import psutil

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                procs = [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]
                before = sum(sum(p.cpu_times()[:2]) for p in procs)
                time.sleep(0.5)
                after = sum(sum(p.cpu_times()[:2]) for p in procs)
            except psutil.Error:
                continue
            if after - before < 0.03:  # under 6 % of one core
                return

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(INIT_SCRIPT)
    return context


def _shown(pg) -> float:
    pg.wait_for_function("window.__shown !== null", timeout=90_000, polling=50)
    return pg.evaluate("window.__shown")


def first_visit(browser, base: str, page: str) -> float:
    """A calculator opened by URL in a new browser (nothing cached): ms to its result."""
    context = _context(browser)
    try:
        pg = context.new_page()
        pg.goto(f"{base}/voila/render/{page}.ipynb", timeout=90_000)
        return _shown(pg)
    finally:
        context.close()


def from_index(browser, base: str, pages, quiet) -> dict[str, float]:
    """The index page, then each calculator by its link and back: ms from the click's navigation to
    the calculator's result (scripts cached from the index page, as for a resident going through it)."""
    context = _context(browser)
    out = {}
    try:
        pg = context.new_page()
        for page in pages:
            pg.goto(f"{base}/voila/render/index.ipynb", timeout=90_000)
            link = pg.locator(f'a[href="{page}.ipynb"]').first
            link.wait_for(timeout=90_000)
            quiet()
            link.click()
            pg.wait_for_url(f"**/{page}.ipynb", timeout=90_000)
            out[page] = _shown(pg)
    finally:
        context.close()
    return out


def update_latencies(browser, base: str, n: int, settle) -> tuple[list[float], list[float]]:
    """The hospital page's cost changed ``n`` times: ms from Enter to the new result in the page, and
    ms from the test driver's fill to its seeing the new result (what a Playwright test waits).
    Measured once the server is quiet again after the page opened (a ready kernel refilled)."""
    context = _context(browser)
    try:
        pg = context.new_page()
        pg.goto(f"{base}/voila/render/hospital.ipynb", timeout=90_000)
        _shown(pg)
        settle()
        box = pg.locator(".widget-hbox").filter(
            has=pg.locator("label.widget-label").get_by_text(COST_LABEL, exact=True)).locator("input")
        result = pg.locator(".yibao-result").first
        in_page, driver = [], []
        for i in range(n + 2):  # the first two warm up the kernel's code paths
            before = result.text_content()
            pg.evaluate("b => { window.__done = window.__changed(b); }", before)
            t = time.perf_counter()
            box.fill(COSTS[i % 2])
            box.press("Enter")
            pg.wait_for_function("b => document.querySelector('.yibao-result').textContent !== b", arg=before,
                                 polling="raf", timeout=20_000)
            seen = (time.perf_counter() - t) * 1000
            done = pg.evaluate("window.__done")
            if done is None:
                raise SystemExit(f"the hospital page's result did not change within 20 s (cost {COSTS[i % 2]})")
            if i >= 2:
                in_page.append(done - pg.evaluate("window.__enterAt"))
                driver.append(seen)
            time.sleep(0.2)
        return in_page, driver
    finally:
        context.close()


def kernel_memory_mb(pid: int) -> int:
    """Proportional set size of the kernels below ``pid``, MB."""
    import psutil

    total = 0
    for p in psutil.Process(pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(p.cmdline()):
                total += p.memory_full_info().pss
        except psutil.Error:
            pass
    return round(total / 2**20)


def timed(cmd: list[str], repeat: int = 5) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    return times


def kernel_start_ms(repeat: int = 5) -> list[float]:
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3")
        times.append((time.perf_counter() - t) * 1000)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return times


def summary(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
    return {"median_ms": round(statistics.median(values)), "p90_ms": round(p90), "n": len(values)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--configs", default="before,after", help="comma-separated: before, after")
    ap.add_argument("--rounds", type=int, default=3, help="visits of each calculator page")
    ap.add_argument("--updates", type=int, default=20, help="cost changes on the hospital page")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    log_dir = ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    report: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                    "parts": {"import yibao.skins.widgets": summary(timed([PY, "-c", "import yibao.skins.widgets"])),
                              "python -c pass": summary(timed([PY, "-c", "pass"])),
                              "kernel start": summary(kernel_start_ms())}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name in args.configs.split(","):
            server = Server(name, log_dir)
            try:
                server.wait_ready()
                idle_kernels = server.settle(READY[name])
                idle_mb = kernel_memory_mb(server.proc.pid)
                cold: dict[str, list[float]] = {p: [] for p in CALCULATORS}
                warm: dict[str, list[float]] = {p: [] for p in CALCULATORS}
                for _ in range(args.rounds):
                    for p in CALCULATORS:
                        server.quiet()
                        cold[p].append(first_visit(browser, server.base, p))
                    for p, ms in from_index(browser, server.base, CALCULATORS, server.quiet).items():
                        warm[p].append(ms)
                server.settle(READY[name])
                in_page, driver = update_latencies(browser, server.base, args.updates,
                                                   functools.partial(server.settle, READY[name]))
                report[name] = {"kernels when idle": idle_kernels, "their memory (PSS, MB)": idle_mb,
                                "first visit": summary([v for vs in cold.values() for v in vs]),
                                "from the index": summary([v for vs in warm.values() for v in vs]),
                                "first visit by page": {p: round(statistics.median(v)) for p, v in cold.items()},
                                "update, in the page": summary(in_page),
                                "update, seen by the test driver": summary(driver)}
            finally:
                server.stop()
            print(name, json.dumps(report[name], ensure_ascii=False), flush=True)
        browser.close()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
