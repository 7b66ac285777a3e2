"""Links from the docs to the same calculator in the web app (``yibao app``, Voilà).

The role ``{app}`premium``` links to ``<yibao_app_url>/voila/render/premium.ipynb`` and reads as the
page's own title (the ``# `` heading of ``app/premium.ipynb``); ``{app}`text <premium>``` sets the text.
``yibao_app_url`` (conf.py) is where the app runs: ``http://127.0.0.1:8866`` by default, the address
``yibao app`` prints; a site served elsewhere sets ``YIBAO_APP_URL`` or ``sphinx-build -D yibao_app_url=…``.
A page name that is not in ``app/`` is a build warning (an error with ``-W``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

APP = Path(__file__).resolve().parents[2] / "app"
DEFAULT_URL = "http://127.0.0.1:8866"
logger = logging.getLogger(__name__)


@cache
def page_title(name: str) -> str | None:
    """The ``# `` heading of ``app/NAME.ipynb``; None when there is no such page."""
    path = APP / f"{name}.ipynb"
    if not path.is_file():
        return None
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        if cell.get("cell_type") == "markdown":
            m = re.search(r"^# (.+)$", "".join(cell.get("source", [])), re.M)
            if m:
                return m.group(1).strip()
    return name


def page_url(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/voila/render/{name}.ipynb"


class AppRole(SphinxRole):
    """``{app}`NAME``` or ``{app}`text <NAME>```: a link to the web app's page NAME."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        m = re.fullmatch(r"\s*(.*?)\s*<([\w-]+)>\s*", self.text)
        text, name = (m.group(1), m.group(2)) if m else (None, self.text.strip())
        title = page_title(name)
        if title is None:
            logger.warning("网页计算器没有页面 %r(app/ 里找不到 %s.ipynb)", name, name, location=self.get_location())
            return [nodes.literal(self.rawtext, name)], []
        url = page_url(self.config.yibao_app_url, name)
        ref = nodes.reference(self.rawtext, text or title, refuri=url, classes=["yibao-app-link"])
        return [ref], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("yibao_app_url", DEFAULT_URL, "html", types=[str])
    app.add_role("app", AppRole())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
