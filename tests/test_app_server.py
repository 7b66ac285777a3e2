"""The web app as a service: bounded kernels, the root URL, a taken port (issue 14, items 1 and 6).

One ``yibao app`` runs for the module with short idle limits (seconds instead of the defaults'
minutes), and the default of one kernel kept ready per page. A kernel is counted as a process below
the server, and looked up by id at ``/api/kernels/<id>`` (404 once it is shut down).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from app_fixtures import ARTIFACTS, HTTP_S, LOAD_MS, ROOT, chromium, running_app
from waiting import PATIENCE, wait_for

from yibao.skins.commands.app import PAGES, Serving, server_command, voila_env

#: Idle limits of the module's server, in seconds: no page connected / page open but unused. Short, so
#: the tests see culling happen; long enough that a busy machine still delivers a page's own shutdown
#: request before the culler would stop that kernel.
KERNEL_IDLE = 30
PAGE_IDLE = 30
#: How long past an idle limit the culler (every 10 s) is given on a loaded machine.
CULL_S = 240
READY = len(PAGES) * Serving().ready  # kernels kept ready: one per page by default
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')


@pytest.fixture(scope="module")
def app():
    with running_app("--kernel-idle", str(KERNEL_IDLE), "--page-idle", str(PAGE_IDLE), name="yibao-app-server",
                     ready=READY) as a:
        yield a


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def kernel_exists(app, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{app.base}/api/kernels/{kernel_id}", timeout=HTTP_S):
            return True
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return False
        raise


def page_kernel_id(pg) -> str:
    return pg.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


# ---------------------------------------------------------------- item 6: root, port


@pytest.mark.parametrize("path", ["/", "/voila/tree", "/voila/tree/"])
def test_the_server_root_leads_to_the_calculators_index(app, path):
    conn = http.client.HTTPConnection("127.0.0.1", app.port, timeout=HTTP_S)
    conn.request("GET", path)
    r = conn.getresponse()
    assert r.status == 302 and r.getheader("Location") == "/voila/render/index.ipynb", (r.status, r.getheaders())
    conn.close()


def test_a_second_start_on_a_taken_port_says_so_and_exits_2(app):
    r = subprocess.run([sys.executable, "-m", "yibao.skins.cli", "app", "--port", str(app.port)], cwd=ROOT,
                       capture_output=True, text=True, timeout=HTTP_S)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "--port" in r.stderr and f"端口 {app.port} 已被占用" in r.stderr, r.stderr
    assert "web app:" not in r.stdout  # no URL printed: the server answering there is not this one


def test_voila_does_not_move_to_another_port_when_its_port_is_taken():
    """Between the check and Voilà's own start another program may take the port: Voilà must then
    stop (``port_retries=0``), not serve on a port nobody was told about."""
    app_dir = ROOT / "app"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run(server_command(app_dir, port, serving=Serving(ready=0)), cwd=app_dir,
                           env=voila_env(app_dir), capture_output=True, text=True, timeout=HTTP_S)
    out = r.stderr + r.stdout
    assert r.returncode != 0 and "could not be started" in out
    assert re.findall(r"The port (\d+) is already in use", out) == [str(port)], out[-2000:]  # no other port tried


def test_the_ready_kernels_talk_over_unix_sockets_not_tcp_ports(app):
    """A TCP port picked for a kernel can be taken by another process before the kernel binds it (two
    servers starting kernels side by side: the kernel dies with "Address already in use"). Each kernel's
    sockets are files named after its own connection file instead."""
    import psutil

    files = []
    for pid in app.kernels():
        with contextlib.suppress(psutil.NoSuchProcess):
            argv = psutil.Process(pid).cmdline()
            files.append(Path(argv[argv.index("-f") + 1]))
    assert len(files) >= READY
    for f in files:
        info = json.loads(f.read_text(encoding="utf-8"))
        assert info["transport"] == "ipc", info
        assert info["ip"] == str(f.with_suffix("")) + "-ipc"


# ---------------------------------------------------------------- item 1: kernels shut down


def test_a_closed_page_shuts_its_kernel_down_at_once(app, browser):
    """The page's shutdown request on leaving carries the xsrf token: no 403, the kernel stops at
    once, well before the idle culler could have stopped it."""
    context = browser.new_context(locale="zh-CN")
    try:
        pg = context.new_page()
        pg.goto(f"{app.base}/voila/render/premium.ipynb", timeout=LOAD_MS)
        pg.locator(".yibao-result").first.wait_for(timeout=LOAD_MS)
        kid = page_kernel_id(pg)
        assert kernel_exists(app, kid)
        left = time.monotonic()
        pg.goto(f"{app.base}/voila/render/index.ipynb", timeout=LOAD_MS)  # leaving sends the shutdown request
        assert wait_for(lambda: not kernel_exists(app, kid), KERNEL_IDLE + CULL_S)
        took = time.monotonic() - left
    finally:
        context.close()
    log = app.log()
    assert "'_xsrf' argument missing" not in log
    assert f"Kernel shutdown: {kid}" in log
    assert not re.search(rf"Culling .*{kid}", log), f"culled after {took:.1f} s, not shut down by the page"


def test_an_open_page_left_unused_loses_its_kernel_and_says_so(app, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        pg = context.new_page()
        pg.goto(f"{app.base}/voila/render/flexible.ipynb", timeout=LOAD_MS)
        pg.locator(".yibao-result").first.wait_for(timeout=LOAD_MS)
        kid = page_kernel_id(pg)
        notice = pg.get_by_role("alert").filter(has_text="计算器已断开")
        notice.wait_for(state="visible", timeout=int((PAGE_IDLE + CULL_S) * 1000 * PATIENCE))
        assert pg.get_by_role("button", name="刷新页面").is_visible()
        pg.screenshot(path=str(ARTIFACTS / "test_an_open_page_left_unused-phone.png"))
    finally:
        context.close()
    assert not kernel_exists(app, kid)
    assert re.search(rf"Culling kernel {kid}: its page is open but idle", app.log())


def test_100_page_opens_fall_back_to_the_ready_kernels(app):
    """100 page fetches (each starts or takes a kernel and runs the page, as a browser's visit does)
    leave, once idle, only the kernels kept ready for the next visitors: every one of the 100 is shut down.

    Four in five fetches are of the index page, whose kernel starts fastest: the test is about kernels
    being shut down, and the 2-core machine starts about one calculator kernel a second."""
    assert wait_for(lambda: len(app.kernels()) >= READY, CULL_S), f"ready kernels: {len(app.kernels())}"
    calculators = [p for p in PAGES if p != "index"]
    opens = ["index" if i % 5 else calculators[(i // 5) % len(calculators)] for i in range(100)]
    counts: list[int] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            counts.append(len(app.kernels()))
            time.sleep(0.5)

    def fetch(name: str) -> str:
        with urllib.request.urlopen(f"{app.base}/voila/render/{name}.ipynb", timeout=4 * HTTP_S) as r:
            assert r.status == 200
            return r.read().decode("utf-8")

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            pages = list(pool.map(fetch, opens))
        fetched = time.monotonic() - started
        ids = {m.group(1) for html in pages for m in [KERNEL_ID.search(html)] if m}
        assert len(ids) == 100, "each page open has a kernel of its own"
        all_gone = wait_for(lambda: not any(kernel_exists(app, k) for k in ids), KERNEL_IDLE + CULL_S, every=1)
        idle = time.monotonic() - started - fetched
        after = len(app.kernels())
    finally:
        done.set()
        sampler.join()
    peak = max(counts)
    print(f"\n100 opens in {fetched:.0f} s; kernels: {READY} kept ready, {peak} at the peak, "
          f"{after} once the 100 were shut down, {idle:.0f} s after the last open")
    assert peak >= READY + 5, f"kernels piled up while fetching: peak {peak}"
    assert all_gone, f"{sum(kernel_exists(app, k) for k in ids)} of the 100 page kernels still run"
    assert after <= READY + 2, f"{after} kernels left, at most {READY + 2} expected"


def test_the_pages_import_neither_pandas_nor_matplotlib():
    """What each page's kernel imports (yibao.skins.widgets) stays small: pandas and matplotlib are for the
    notebooks and the table path, and would add seconds to a page start and megabytes to each kernel."""
    r = subprocess.run([sys.executable, "-c", "import sys, yibao.skins.widgets; "
                        "print(' '.join(m for m in ('pandas', 'matplotlib', 'pyarrow', 'dask') if m in sys.modules))"],
                       capture_output=True, text=True, timeout=HTTP_S, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


@pytest.mark.parametrize("option, value", [("--kernel-idle", "0"), ("--kernel-idle", "-5"), ("--page-idle", "-1"),
                                           ("--ready-kernels", "-1"), ("--ready-kernels", "x")])
def test_yibao_app_refuses_bad_kernel_limits(cli, option, value):
    code, out, err = cli("app", option, value)
    assert code == 2 and option in err and "Traceback" not in err
    assert "web app:" not in out


def test_the_default_limits_bound_a_resident_server():
    """The defaults of ``yibao app``: two idle minutes for a kernel without its page, an hour for an
    open page left alone, one ready kernel per page; idle kernels looked for every 10 s."""
    d = Serving()
    assert (d.kernel_idle, d.page_idle, d.ready, d.cull_interval) == (120, 3600, 1, 10)
    cmd = " ".join(server_command(ROOT / "app", 8866))
    assert "--MappingKernelManager.cull_idle_timeout=120" in cmd and "--MappingKernelManager.cull_interval=10" in cmd
    assert "--PageKernelManager.connected_idle_timeout=3600" in cmd and "--Voila.port_retries=0" in cmd
    assert "--VoilaConfiguration.preheat_kernel=True" in cmd and "--VoilaConfiguration.default_pool_size=1" in cmd
    assert "preheat_kernel" not in " ".join(server_command(ROOT / "app", 8866, serving=Serving(ready=0)))
