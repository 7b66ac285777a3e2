"""``yibao app``: the what-if calculators as web pages (Voilà on ``app/``), on this machine only.

The server is :mod:`yibao.skins.app_server` (Voilà with the root leading to the index page, page shutdown
that works, idle kernels shut down); this module checks the port, builds its command line and runs it.
"""

from __future__ import annotations

import argparse
import errno
import importlib.util
import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError, YibaoError
from ._common import whole

#: The pages in ``app/``, one per calculator (``index`` lists them).
PAGES = ("index", "premium", "coverage", "hospital", "flexible", "maternity", "stop", "incentive", "sharing",
         "enrolment", "compare", "tiers", "reform")


@dataclass(frozen=True)
class Serving:
    """How the server treats kernels (one per open page): the defaults of ``yibao app``.

    ``kernel_idle``: a kernel with no page connected is shut down after this many seconds without
    activity (a page closed without its shutdown request arriving, or fetched without a browser).
    ``page_idle``: a kernel whose page is still open is shut down after this long without use (the
    page then asks to be reloaded); 0 keeps it while the page is open. ``ready``: kernels kept started,
    with the page already executed, for each page's next visitor (Voilà's preheated kernels); 0 starts
    one per visit.
    """

    kernel_idle: int = 120
    page_idle: int = 3600
    ready: int = 1

    @property
    def cull_interval(self) -> int:
        """How often idle kernels are looked for: a tenth of the idle time, 1 to 10 seconds."""
        return max(1, min(10, self.kernel_idle // 10))


#: The bounds of the options (each option is refused outside them, naming it): ports a user may
#: listen on without privileges; kernels kept ready per page (each page's kernel holds about 80 MB, so
#: 4 per page is about 4 GB for the 13 pages); idle limits up to a day (kernels) and a week (pages).
PORTS = (1024, 65535)
MAX_READY = 4
MAX_KERNEL_IDLE = 86_400
MAX_PAGE_IDLE = 7 * 86_400


def app_dir() -> Path:
    """``YIBAO_APP``, else the ``app/`` folder beside the package (like ``policies/``)."""
    env = os.environ.get("YIBAO_APP")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "app"


def server_command(folder: Path, port: int, host: str = "127.0.0.1", serving: Serving = Serving()) -> list[str]:
    """The command line of :mod:`yibao.skins.app_server` serving ``folder`` on ``host:port``: the offline
    ``yibao`` template (see :func:`voila_env`), no browser opened, no tracebacks shown to the page, no
    other port tried when this one is taken, the extensions the pages need only, and ``serving``."""
    cmd = [sys.executable, "-m", "yibao.skins.app_server", str(folder), "--no-browser", f"--port={port}",
           f"--Voila.ip={host}", "--Voila.port_retries=0", "--template=yibao",
           "--VoilaConfiguration.show_tracebacks=False",
           # the widgets only: JupyterLab's other extensions (jupytext, pygments) are not used by the pages
           "--VoilaConfiguration.extension_allowlist=@jupyter-widgets/jupyterlab-manager",
           "--VoilaConfiguration.extension_allowlist=@voila-dashboards/widgets-manager8",
           "--VoilaConfiguration.multi_kernel_manager_class=yibao.skins.app_server.PageKernelManager",
           f"--MappingKernelManager.cull_idle_timeout={serving.kernel_idle}",
           f"--MappingKernelManager.cull_interval={serving.cull_interval}",
           "--MappingKernelManager.cull_connected=False",
           f"--PageKernelManager.connected_idle_timeout={serving.page_idle}",
           # under load a cell's output can come seconds after its reply: wait for it (nbclient waits 4 s,
           # then leaves the output out: a page without its result), and for a kernel slow to start
           "--VoilaExecutor.iopub_timeout=60", "--VoilaExecutor.startup_timeout=180",
           # kernels talk over Unix sockets named after their own connection file: a TCP port picked for a
           # kernel is free when picked but can be taken by another process (another server's kernel)
           # before the kernel binds it, and the kernel then dies at start ("Address already in use")
           "--KernelManager.transport=ipc"]
    if serving.ready > 0:
        # refill a page's pool a few seconds after a visitor took its kernel, not while their page loads
        cmd += ["--VoilaConfiguration.preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={serving.ready}",
                "--VoilaKernelManager.fill_delay=3"]
    return cmd


def voila_env(folder: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for Voilà: ``JUPYTER_PATH`` starts with ``app/_jupyter`` (the ``yibao``
    template: Voilà's lab template without its CDN stylesheets)."""
    env = dict(os.environ if base is None else base)
    extra = str(folder / "_jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (extra, env.get("JUPYTER_PATH", "")) if p)
    return env


def urls(port: int, host: str = "127.0.0.1") -> list[str]:
    base = f"http://{host}:{port}"
    return [f"{base}/voila/render/{p}.ipynb" for p in PAGES]


def check_port(port: int, host: str = "127.0.0.1") -> None:
    """Raise :class:`InputError` naming ``--port`` when the port cannot be listened on (taken, or not
    allowed), so that a second ``yibao app`` says so instead of starting Voilà on another port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: TIME_WAIT is no obstacle
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise InputError("--port", f"端口 {port} 已被占用(也许 yibao app 已在运行:http://{host}:{port}/)",
                                 f"另一个空闲端口,例如 --port {port + 1 if port < 65535 else 8866}") from None
            raise InputError("--port", f"不能使用端口 {port}:{e.strerror}", "1024 到 65535 之间的空闲端口") from None


@dataclass
class Stopped:
    returncode: int

    def explain(self) -> str:
        return "网页计算器已停止。"

    def to_dict(self) -> dict:
        return {"stopped": True, "returncode": self.returncode}


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _die_with_parent(parent: int):
    """For Popen's ``preexec_fn`` (Linux): the server is sent SIGTERM when ``yibao app`` ends, however
    it ends (``kill -9`` included), and stops its kernels; a parent already gone ends it at once. (Its
    kernels follow the server by themselves: ipykernel exits when its parent process changes.)"""
    def preexec() -> None:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)
    return preexec


def run(args: argparse.Namespace) -> Stopped:
    if args.kernel_idle == 0:  # Jupyter reads 0 as "never": kernels would pile up again
        raise InputError("--kernel-idle", "0 表示从不关闭闲置内核,内存会一直增长", "至少 1 秒,默认 120")
    folder = app_dir()
    if not (folder / "index.ipynb").exists():
        raise YibaoError(f"app: no pages in {folder} (set YIBAO_APP to the app/ folder of a yibao checkout)")
    if importlib.util.find_spec("voila") is None:
        raise YibaoError("app: Voilà is not installed; install the web extra: pip install -e '.[web]'")
    check_port(args.port)
    serving = Serving(kernel_idle=args.kernel_idle, page_idle=args.page_idle, ready=args.ready_kernels)
    first, *pages = urls(args.port)
    print(f"网页计算器 / web app: {first}", flush=True)
    for url in pages:
        print(f"  {url}", flush=True)
    print("按 Ctrl+C 停止 / Ctrl+C stops it.", flush=True)
    linux = sys.platform.startswith("linux")
    proc = subprocess.Popen(server_command(folder, args.port, serving=serving), cwd=folder, env=voila_env(folder),
                            preexec_fn=_die_with_parent(os.getpid()) if linux else None)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager or a test: stop Voilà too
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
        return Stopped(0)
    if code not in (0, -signal.SIGINT, 130):
        raise YibaoError(f"网页计算器意外退出(Voilà 退出状态 {code}),原因见上面的日志")
    return Stopped(code)


def register(sub) -> None:
    d = Serving()
    p = sub.add_parser("app", help="网页计算器:用 Voilà 在本机(127.0.0.1)打开各计算器页面",
                       description="用 Voilà 在本机(127.0.0.1)提供 app/ 下的各计算器网页,并打印网址。")
    p.add_argument("--port", type=whole("--port", *PORTS), default=8866,
                   help=f"端口({PORTS[0]} 至 {PORTS[1]}),默认 8866;已被占用时报错退出")
    p.add_argument("--kernel-idle", type=whole("--kernel-idle", 0, MAX_KERNEL_IDLE), default=d.kernel_idle,
                   metavar="SECONDS",
                   help=f"页面已关闭(或从未连接)的内核闲置多少秒后关闭(1 至 {MAX_KERNEL_IDLE}),默认 {d.kernel_idle}")
    p.add_argument("--page-idle", type=whole("--page-idle", 0, MAX_PAGE_IDLE), default=d.page_idle, metavar="SECONDS",
                   help=f"页面仍打开、但多少秒未使用后关闭其内核(页面提示刷新),0 表示不关闭(至多 {MAX_PAGE_IDLE}),"
                        f"默认 {d.page_idle}")
    p.add_argument("--ready-kernels", type=whole("--ready-kernels", 0, MAX_READY), default=d.ready, metavar="N",
                   help=f"每个页面预先启动并执行好的内核数(打开页面更快),0 表示不预先启动(至多 {MAX_READY}),"
                        f"默认 {d.ready}")
    p.set_defaults(handler=run)
