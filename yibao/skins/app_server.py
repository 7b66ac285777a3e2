"""The web app's server process: Voilà on ``app/``, set up as a service one can leave running.

``yibao app`` starts ``python -m yibao.skins.app_server APP_DIR --port … (Voilà options)``; the options are
built by :func:`yibao.skins.commands.app.server_command`. What differs from plain Voilà 0.5:

- ``/`` (and Voilà's file list under ``/voila/tree``) redirects to the calculators' index page;
- each page sets the ``_xsrf`` cookie, so the shutdown request the page sends when it is closed
  (a ``sendBeacon`` carrying that cookie's value) is accepted and the page's kernel stops at once.
  Plain Voilà never sets the cookie, the request fails with ``403 '_xsrf' argument missing``
  (voila-dashboards/voila issue 1458) and every kernel stays until the server stops;
- :class:`PageKernelManager` shuts down idle kernels: a kernel with no page connected after
  ``cull_idle_timeout`` seconds without activity (a page closed without its beacon arriving, or
  fetched by a script), a kernel whose page is still open after ``connected_idle_timeout``.
  Kernels kept ready for the next visitor (Voilà's ``preheat_kernel`` pool) are never culled;
- a visitor gets the page's ready kernel only when it is ready, else a kernel started at once;
- when more pages are being prepared at once than the machine can run (:data:`BUSY_AT`, by default
  two per core; ``YIBAO_APP_BUSY_AT`` sets it), a visitor gets a short Chinese page saying the service
  is busy, which retries by itself after a few seconds (HTTP 503 with ``Retry-After``), instead of a
  page that waits minutes and then shows no result.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler
from traitlets import Integer
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

#: The page the server root leads to.
INDEX = "voila/render/index.ipynb"
#: Pages prepared side by side at most (each runs its notebook in a kernel); a visit beyond them gets
#: the busy page. ``YIBAO_APP_BUSY_AT`` sets it (0: every visit gets the busy page, for tests).
BUSY_AT = int(os.environ.get("YIBAO_APP_BUSY_AT") or 2 * (os.cpu_count() or 1))
#: Seconds after which the busy page tries again.
RETRY_AFTER = 5
BUSY_PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{RETRY_AFTER}">
<title>服务繁忙,请稍候</title></head>
<body style="font-family: sans-serif; margin: 2em; line-height: 1.6">
<h1 style="font-size: 1.3em">服务繁忙,请稍候</h1>
<p id="yibao-busy">正在为其他访问者准备计算器。本页会在 {RETRY_AFTER} 秒后自动重试,不用手动刷新。</p>
</body></html>
"""


class PageKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel culler with a second limit for kernels whose page is still open.

    Voilà's pool (``VoilaConfiguration.preheat_kernel``) starts a page's next kernel ahead and
    executes the page in it; that kernel then sits idle until a visitor takes it, so its last activity
    can be older than the idle limit. The culler therefore counts a kernel's first sight outside the
    pool as activity: a visitor always gets the full idle time.
    """

    connected_idle_timeout = Integer(
        0, config=True,
        help="Shut down a kernel whose page is still connected after this many seconds without activity "
             "(0: never). Kernels with no page connected follow cull_idle_timeout.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._first_seen: dict[str, datetime] = {}

    async def cull_kernels(self):
        """Jupyter's pass over the kernels, but the idle ones stop side by side: one after the other,
        each waiting for its process to exit, 70 kernels took 20 s to stop."""
        self._first_seen = {k: t for k, t in self._first_seen.items() if k in self._kernels}

        async def cull(kernel_id: str) -> None:
            try:
                await self.cull_kernel_if_idle(kernel_id)
            except Exception:
                self.log.exception("While checking whether kernel %s is idle:", kernel_id)

        await asyncio.gather(*(cull(k) for k in list(self._kernels)))

    async def cull_kernel_if_idle(self, kernel_id: str):
        kernel = self._kernels.get(kernel_id)
        if kernel is None or not hasattr(kernel, "last_activity"):
            return await super().cull_kernel_if_idle(kernel_id)
        now = datetime.now(UTC)
        if kernel_id not in self._first_seen:
            self._first_seen[kernel_id] = now
            kernel.last_activity = max(kernel.last_activity, now)
            return None
        if self._kernel_connections.get(kernel_id, 0) and self.connected_idle_timeout > 0 \
                and getattr(kernel, "execution_state", None) != "busy" \
                and (now - kernel.last_activity).total_seconds() > self.connected_idle_timeout:
            self.log.warning("Culling kernel %s: its page is open but idle for more than %s s.", kernel_id,
                             self.connected_idle_timeout)
            self._close_websockets(kernel_id)  # the page learns at once that its kernel is gone
            return await self.shutdown_kernel(kernel_id)
        return await super().cull_kernel_if_idle(kernel_id)

    @staticmethod
    def _close_websockets(kernel_id: str) -> None:
        for connection in list(getattr(ZMQChannelsWebsocketConnection, "_open_sockets", ())):
            if getattr(connection, "kernel_id", None) == kernel_id:
                connection.websocket_handler.close()


class PageHandler(TornadoVoilaHandler):
    """Voilà's page handler, which also sets the ``_xsrf`` cookie the page's shutdown beacon sends back,
    and takes a ready kernel only when one is ready.

    Voilà's pool hands a visitor the page's next kernel even while that kernel is still starting (it
    starts ``fill_delay`` seconds after the last visitor took one): in a burst of visits to one page
    each visitor would wait for that delay and a start. A kernel started for the visitor at once is
    never slower, so that is what a visitor gets when the ready kernel is not ready yet.
    """

    #: Pages being prepared now (this process serves them all, on one event loop).
    rendering = 0

    async def get(self, path=None):
        if PageHandler.rendering >= BUSY_AT:
            self.set_status(503)
            self.set_header("Retry-After", str(RETRY_AFTER))
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(BUSY_PAGE)
            return
        PageHandler.rendering += 1
        try:
            await super().get(path=path)
        finally:
            PageHandler.rendering -= 1

    async def prepare(self, *args, **kwargs):
        await super().prepare(*args, **kwargs)
        self.xsrf_token  # noqa: B018 - reading it sets the cookie (tornado)

    def get_generator(self, path=None):
        self._page = self.notebook_path or path
        return super().get_generator(path=path)

    def should_use_rendered_notebook(self, notebook_data, pool_size, template_name, theme, request_args):
        if not super().should_use_rendered_notebook(notebook_data, pool_size, template_name, theme, request_args):
            return False
        pool = getattr(self.kernel_manager, "_pools", {}).get(getattr(self, "_page", None), [])
        ready = pool[0] if pool else None
        return ready is not None and ready.done() and not ready.cancelled() and ready.exception() is None


class YibaoVoila(Voila):
    """Voilà serving a folder of pages, with the root leading to the index page (see module docstring)."""

    def init_handlers(self) -> list:
        index = url_path_join(self.server_url, INDEX)
        handlers = []
        for pattern, handler, *rest in super().init_handlers():
            if handler is TornadoVoilaTreeHandler:  # the file list: the index page instead
                handlers.append((pattern, RedirectHandler, {"url": index, "permanent": False}))
            elif handler is TornadoVoilaHandler:
                handlers.append((pattern, PageHandler, *rest))
            else:
                handlers.append((pattern, handler, *rest))
        return handlers


def watch_parent(interval: float = 1.0) -> None:
    """End this server (SIGTERM: Voilà stops its kernels) once the ``yibao app`` that started it is gone,
    however it ended: on Linux the parent-death signal does it at once (:mod:`yibao.skins.commands.app`);
    this thread does it elsewhere too, within ``interval`` seconds."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="yibao-parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> None:
    watch_parent()
    YibaoVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
