"""Two notebooks as a reader opens them without a kernel (issue 13): their ``jupyter nbconvert --to html``
export and their page in the docs site, drawn by headless Chromium on a desktop (1280 px) and a phone
(390 px). On every view: the page does not scroll sideways, no Python repr or raw widget text shows, no
check cell (``assert``) shows, every image has alt text, each calculator shows its example card, and
result tables keep their borders with Chinese text left-aligned. Screenshots go to ``test-artifacts/``.

Needs Debian's Chromium and the ``web`` extra (as ``tests/test_app_browser.py``: a missing one fails).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from app_fixtures import ARTIFACTS, chromium
from docs_site import built_site

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["000_lhasa_2025", "001_tibet_press_2024"]
WIDTHS = [1280, 390]

#: What a reader must never see on a rendered page.
REPR_TEXT = re.compile(r"Decimal\('|datetime\.date\(|\(children=|object at 0x|<yibao\.|Error displaying widget|"
                       r"Traceback \(most recent call last\)|Model not found")

_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "scripts" / "build_notebooks.py")
build_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_notebooks)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """name → HTML file: the nbconvert exports and the docs pages of the two notebooks."""
    out = tmp_path_factory.mktemp("notebook-pages")
    found = {f"export-{n}": build_notebooks.export_html(ROOT / "notebooks" / f"{n}.ipynb", out / "export")
             for n in NOTEBOOKS}
    site = built_site(tmp_path_factory)
    found.update({f"docs-{n}": site / "_generated" / "notebooks" / f"{n}.html" for n in NOTEBOOKS})
    return found


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


VIEW = """() => {
  const W = window.innerWidth;
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  const sticking = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > W + 1 && !clipped(e))
    .slice(0, 5).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 50));
  const code = [...document.querySelectorAll('pre')].map(p => p.innerText);
  const td = document.querySelector('table.yibao-table td:not(.yibao-num)');
  const s = td && getComputedStyle(td);
  return {scrollWidth: document.documentElement.scrollWidth, width: W, sticking,
          text: document.body.innerText, code,
          imgs: [...document.querySelectorAll('img')].map(i => i.getAttribute('alt') || ''),
          cards: document.querySelectorAll('.yibao-card').length,
          cell: s && {border: s.borderTopWidth, style: s.borderTopStyle, align: s.textAlign}};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [f"{kind}-{n}" for kind in ("export", "docs") for n in NOTEBOOKS])
def test_a_notebook_page_reads_cleanly_on_desktop_and_phone(browser, pages, name, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("http*://**", lambda route: route.abort())  # offline: nothing from a CDN
    try:
        page.goto(pages[name].as_uri())
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")  # text laid out in its final font
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"notebook-{name}-{width}.png"))
        view = page.evaluate(VIEW)
    finally:
        page.close()
    assert view["scrollWidth"] <= width, f"{name} scrolls sideways at {width} px: {view['sticking']}"
    shown = REPR_TEXT.search(view["text"])
    assert shown is None, f"{name} shows {shown.group(0)!r}"
    checks = [c for c in view["code"] if re.search(r"^\s*assert\b", c, re.M)]
    assert not checks, f"{name} shows a check cell: {checks[0][:120]!r}"
    assert view["imgs"] and all(a.strip() and "No description" not in a for a in view["imgs"]), view["imgs"]
    assert view["cards"] >= 3, f"{name}: {view['cards']} calculator card(s), expected the notebook's calculators"
    cell = view["cell"]
    assert cell and cell["border"] != "0px" and cell["style"] != "none", f"{name}: table without borders {cell}"
    assert cell["align"] in ("left", "start"), f"{name}: table text aligned {cell['align']}"
