"""The docs site as a reader uses it (issue 26): searching Chinese words finds the pages that explain them.

One Sphinx build (as ``make docs``), served by a real HTTP server on 127.0.0.1 (the search fetches page
text, which a ``file://`` page may not do), read by headless Chromium at 1280 px and 390 px; a request off
this machine fails the test (the site works offline). A reader opens the search from the landing page
(Ctrl+K, as the theme's search box says), types a word and presses Enter. Screenshots of the landing page,
one article and the search results go to ``test-artifacts/``.

Every wait ends on an event the page signals (the search's summary line, an article heading), within the
generous limits of app_fixtures; nothing is retried, so a search that truly stalls fails once, with what
the page showed.

Needs Debian's Chromium and the ``web`` extra (sphinx, myst-nb, sphinx-book-theme, jieba).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest
from app_fixtures import ARTIFACTS, LOAD_MS, chromium
from docs_site import built_site, english_label
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = [1280, 390]
TIBET = "_generated/notebooks/001_tibet_press_2024.html"
LHASA = "_generated/notebooks/000_lhasa_2025.html"

#: word → the pages that explain it (read in the articles: the Tibet press conference has the sections
#: 住院:起付线与报销比例 (T6、T7), 大病保险 (T9) and 待遇等待期 (T17); Lhasa 2025 compares the tiers'
#: 起付线 in 选高档还是低档).
EXPLAINED = {
    "起付线": [TIBET, LHASA],
    "大病保险": [TIBET],
    "等待期": [TIBET],
}
SLUG = {"起付线": "qifuxian", "大病保险": "dabingbaoxian", "等待期": "dengdaiqi"}  # screenshot names

#: Script errors of the page (a thrown error, or a summary fetch whose promise failed), kept where the wait
#: below can see them: a broken search never finishes.
CATCH_ERRORS = """(() => { const keep = (m) => (window.__errors = window.__errors || []).push(String(m));
  window.addEventListener('error', (e) => keep(e.message));
  window.addEventListener('unhandledrejection', (e) => keep(e.reason)); })();"""

#: The search has finished: searchtools.js writes the summary line ("搜索完成，……" or "没有搜索到……") in its
#: last step and never before; or a script failed. Not Search._pulse_status: Sphinx's stopPulse sets it to
#: -1, but the pulse's pending timer sets it back to 0 and goes on for ever, so -1 holds for less than the
#: pulse's 500 ms and a wait that polls for it under load may never see it (the "stalled" searches).
FINISHED = """() => (window.__errors || []).length > 0 ||
  ((document.querySelector('#search-results p.search-summary') || {}).innerText || '').trim().length > 0"""
#: What the page showed, for the message of a search that did not finish.
STATE = """() => ({errors: window.__errors || [], search: typeof Search, index: typeof Search !== 'undefined' &&
  Search.hasIndex(), queued: typeof Search !== 'undefined' ? Search._queued_query : null,
  title: (document.querySelector('#search-results h2') || {}).innerText,
  summary: (document.querySelector('#search-results p.search-summary') || {}).innerText,
  results: document.querySelectorAll('#search-results ul.search li').length, url: location.href})"""

RESULTS = """() => [...document.querySelectorAll('#search-results ul.search li > a')]
  .map(a => a.getAttribute('href').split('#')[0])"""
SUMMARIES = "() => [...document.querySelectorAll('#search-results p.context')].map(p => p.innerText)"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A page closed while its summary fetches were still being answered: nothing to report."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built site served by a real HTTP server on 127.0.0.1 (no request interception): its base URL."""
    html = built_site(tmp_path_factory)
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class _Page:
    """A browser page at one width, with what went wrong on it: script errors, requests that failed and
    requests off this machine (watched, not intercepted: the site needs none, the test below says so)."""

    def __init__(self, browser, site: str, width: int):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.set_default_timeout(LOAD_MS)
        self.page.add_init_script(CATCH_ERRORS)
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.elsewhere: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("request", lambda r: None if r.url.startswith((site, "data:")) else self.elsewhere.append(r.url))

    def check(self) -> None:
        assert not self.errors, f"the page raised {self.errors}"
        assert not self.elsewhere, f"the page asked for something off this machine: {self.elsewhere}"


def _search(view: _Page, site: str, word: str) -> list[str]:
    """Search as a reader does: open the search box from the landing page, type, Enter; the result links.

    Every wait ends on an event of the page, within the generous page limit of app_fixtures (LOAD_MS);
    a search that does not finish fails once with what the page showed, it is not retried."""
    page = view.page
    page.goto(site + "index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill(word)
    field.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    try:
        page.wait_for_function(FINISHED, polling=250)
    except PlaywrightTimeout:
        raise AssertionError(f"the search for {word} did not finish within {LOAD_MS / 1000:.0f} s: "
                             f"{page.evaluate(STATE)}; failed requests: {view.failed}") from None
    failed = page.evaluate("window.__errors || []")
    assert not failed, f"the search page stopped on a script error: {failed}"
    return page.evaluate(RESULTS)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("word", list(EXPLAINED))
def test_searching_a_chinese_word_finds_the_pages_that_explain_it(browser, site, word, width):
    view = _Page(browser, site, width)
    page = view.page
    try:
        found = _search(view, site, word)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"docs-search-{SLUG[word]}-{width}.png"))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        try:  # each result's summary comes from a fetch of its page, after the summary line is written
            page.wait_for_function(f"() => document.querySelectorAll('#search-results p.context').length >= "
                                   f"{len(found)} || (window.__errors || []).length > 0", polling=250)
        except PlaywrightTimeout:
            raise AssertionError(f"searching {word}: the results' summaries did not all arrive within "
                                 f"{LOAD_MS / 1000:.0f} s: {page.evaluate(STATE)}; failed requests: {view.failed}") from None
        summaries = page.evaluate(SUMMARIES)
        view.check()
    finally:
        page.close()
    assert any(word in s for s in summaries), f"no result quotes {word}: {summaries[:3]}"
    outline = [s for s in summaries if s.lstrip(".").strip().startswith("本页目录")]
    assert not outline, f"a result quotes the page outline instead of the page: {outline[0][:80]}"
    code = [s for s in summaries if "显示代码" in s or "隐藏代码" in s or "POLICY" in s]
    assert not code, f"a result quotes a notebook's folded code instead of its text: {code[0][:120]}"
    glued = [s for s in summaries if "取值单位" in s]  # the rule tables' header cells (取值, 单位) run together
    assert not glued, f"a result runs a table's cells together: {glued[0][:120]}"
    missing = [p for p in EXPLAINED[word] if p not in found]
    assert not missing, f"searching {word} did not find {missing}; found {found}"
    assert found[0].startswith("_generated/notebooks/0"), f"searching {word}: an article should come first, not {found[0]}"
    assert scroll <= width, f"the search results scroll sideways at {width} px ({scroll} px)"


def test_a_phrase_of_two_words_finds_the_page_holding_both(browser, site):
    """住院起付线 is not a word of the index: the query is cut into 住院 and 起付线, both on the Tibet page."""
    view = _Page(browser, site, 1280)
    try:
        found = _search(view, site, "住院起付线")
        view.check()
    finally:
        view.page.close()
    assert TIBET in found, found


#: Every label a reader's screen reader or mouse meets on the rendered page (after the theme's scripts ran):
#: aria-label, title (hover), placeholder, alt, and the text of buttons and tooltips.
LABELS = """() => [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt], button, [role=tooltip]')]
  .flatMap((e) => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder'),
                   e.getAttribute('alt'), e.matches('button, [role=tooltip]') ? e.innerText : null])
  .filter((t) => t && t.trim())"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["index.html", TIBET])
def test_landing_page_and_article_read_on_desktop_and_phone(browser, site, name, width):
    view = _Page(browser, site, width)
    page = view.page
    try:
        page.goto(site + name)
        page.locator("article h1").first.wait_for(state="visible")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"docs-{Path(name).stem}-{width}.png"))
        view_ = page.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
            title: document.querySelector('article h1').innerText,
            search: [...document.querySelectorAll('.search-button__default-text')].map(e => e.innerText),
            outline: !!document.querySelector('.bd-sidebar-secondary .page-toc, .bd-sidebar-secondary nav'),
            download: !!document.querySelector('.dropdown-download-buttons, [aria-label*="下载"]')})""")
        labels = page.evaluate(LABELS)
        view.check()
    finally:
        page.close()
    assert view_["scroll"] <= width, f"{name} scrolls sideways at {width} px ({view_['scroll']} px)"
    assert "医保" in view_["title"] or "西藏" in view_["title"], view_["title"]
    assert "搜索" in view_["search"], view_["search"]  # the theme's search box speaks Chinese
    assert view_["outline"], f"{name} has no page outline"
    assert view_["download"], f"{name} has no download button"
    english = sorted({t for t in labels if english_label(t)})
    assert not english, f"{name}: labels in English a reader meets (screen reader, hover): {english}"


REFERENCE = ["_generated/assumptions.html", "_generated/policies/xizang-2024.html", "_generated/api.html",
             "_generated/cli.html", "rules.html", "about.html"]


@pytest.mark.parametrize("name", REFERENCE)
def test_a_reference_page_does_not_scroll_sideways_on_a_phone(browser, site, name):
    """Long identifiers (assumption ids, module paths, policy keys) wrap or scroll inside their own box."""
    view = _Page(browser, site, 390)
    page = view.page
    try:
        page.goto(site + name)
        page.locator("article h1").first.wait_for(state="visible")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        view.check()
    finally:
        page.close()
    assert scroll <= 390, f"{name} scrolls sideways at 390 px ({scroll} px)"
