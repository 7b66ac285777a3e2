"""``yibao serve``: the calculators as a JSON web API (FastAPI on uvicorn, :mod:`yibao.skins.api`),
several worker processes; no state between requests; ``/health``; graceful shutdown on SIGTERM/Ctrl-C."""

from __future__ import annotations

import argparse
import ipaddress
import unicodedata

from ...errors import InputError
from ...inputs import parse_choice, parse_whole, show

#: Seconds a stopping server waits for the requests under way before closing their connections.
GRACE = 10
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def parse_host(text: str, field: str = "--host") -> str:
    """An address to listen on: an IPv4 or IPv6 address, or ``localhost`` (typed full-width: read as well)."""
    value = unicodedata.normalize("NFKC", text).strip() if isinstance(text, str) else ""
    if value == "localhost":
        return value
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise InputError(field, f"{show(text)} is not an IP address", "an IP address such as 127.0.0.1 or 0.0.0.0",
                         kind="serve.host", params={"value": show(text)}) from None


def run(args: argparse.Namespace) -> str:
    host = parse_host(args.host)
    port = parse_whole(args.port, "--port", 1, 65535)
    workers = parse_whole(args.workers, "--workers", 1, 64)
    log_level = parse_choice(args.log_level, "--log-level", LOG_LEVELS)
    try:
        import uvicorn
    except ImportError:
        raise InputError("serve", "needs the web extra", "pip install 'yibao[web]'") from None
    uvicorn.run("yibao.skins.api.app:create_app", factory=True, host=host, port=port, workers=workers,
                timeout_graceful_shutdown=GRACE, log_level=log_level, access_log=False,
                server_header=False)
    return "已停止 / stopped"


def register(sub) -> None:
    p = sub.add_parser("serve", help="以 Web 接口(JSON)提供全部计算:yibao serve --port 8000 --workers 2",
                       description="启动 Web 接口(FastAPI + uvicorn):POST /v1/premium、/v1/settle 等,"
                                   "GET /v1/policies,接口文档 /docs,健康检查 /health。不保存任何状态,"
                                   "可多进程、多机器并行。收到 SIGTERM 或 Ctrl-C 时处理完进行中的请求再退出。")
    p.add_argument("--host", default="127.0.0.1", help="监听地址(默认 127.0.0.1;对外服务用 0.0.0.0)")
    p.add_argument("--port", default="8000", metavar="N", help="端口(默认 8000)")
    p.add_argument("--workers", default="1", metavar="N", help="工作进程数(默认 1;一般取 CPU 核数)")
    p.add_argument("--log-level", default="warning", help="日志级别:" + "、".join(LOG_LEVELS) + "(默认 warning)")
    p.set_defaults(handler=run)
