"""``yibao app``: the what-if calculators as web pages (Voilà on ``app/``), on this machine only."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, YibaoError
from ._common import whole

#: The pages in ``app/``, one per calculator (``index`` lists them).
PAGES = ("index", "premium", "coverage", "hospital", "flexible", "maternity", "stop", "incentive", "sharing",
         "enrolment", "compare")


def app_dir() -> Path:
    """``YIBAO_APP``, else the ``app/`` folder beside the package (like ``policies/``)."""
    env = os.environ.get("YIBAO_APP")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "app"


def voila_command(folder: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    """The Voilà command line serving ``folder`` on ``host:port`` with the offline ``yibao`` template
    (see :func:`voila_env`), no browser opened and no tracebacks shown to the page."""
    return [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--port={port}", f"--Voila.ip={host}",
            "--template=yibao", "--VoilaConfiguration.show_tracebacks=False"]


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


@dataclass
class Stopped:
    returncode: int

    def explain(self) -> str:
        return "网页计算器已停止。" if self.returncode in (0, -2, 130) else f"Voilà 退出,状态 {self.returncode}"

    def to_dict(self) -> dict:
        return {"stopped": True, "returncode": self.returncode}


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> Stopped:
    if not 1 <= args.port <= 65535:
        raise InputError("--port", f"{args.port} is not a port", "1 to 65535")
    folder = app_dir()
    if not (folder / "index.ipynb").exists():
        raise YibaoError(f"app: no pages in {folder} (set YIBAO_APP to the app/ folder of a yibao checkout)")
    if importlib.util.find_spec("voila") is None:
        raise YibaoError("app: Voilà is not installed; install the web extra: pip install -e '.[web]'")
    first, *pages = urls(args.port)
    print(f"网页计算器 / web app: {first}", flush=True)
    for url in pages:
        print(f"  {url}", flush=True)
    print("按 Ctrl+C 停止 / Ctrl+C stops it.", flush=True)
    proc = subprocess.Popen(voila_command(folder, args.port), cwd=folder, env=voila_env(folder))
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager or a test: stop Voilà too
    try:
        return Stopped(proc.wait())
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
        return Stopped(0)


def register(sub) -> None:
    p = sub.add_parser("app", help="网页计算器:用 Voilà 在本机(127.0.0.1)打开各计算器页面",
                       description="Serve the what-if calculators of app/ with Voilà on 127.0.0.1 and print the URL.")
    p.add_argument("--port", type=whole("--port"), default=8866, help="端口,默认 8866")
    p.set_defaults(handler=run)
