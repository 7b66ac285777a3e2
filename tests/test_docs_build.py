"""The docs site builds offline with warnings as errors, and its key pages are there and say the right things:
a book in Chinese (issue 26 and the docs part of issue 20) whose landing page starts from a resident's
questions, whose chapters are the five articles, and whose search index holds Chinese words.

One Sphinx build (as ``make docs`` runs it) into a temporary folder, shared by the checks below.
Needs the ``web`` extra (sphinx, myst-nb, sphinx-book-theme, jieba); a missing one FAILS with what to install.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docs_site import built_site, english_label

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _text(path: Path) -> str:
    """The visible text of an HTML page (tags dropped, entities decoded, whitespace collapsed)."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


def test_key_pages_exist(site):
    from yibao.policy import policy_ids

    pages = ["index.html", "app.html", "rules.html", "claims-file.html", "_generated/assumptions.html",
             "_generated/policies/index.html", "_generated/cli.html", "_generated/api.html",
             "about.html", "search.html"]
    pages += [f"_generated/policies/{p}.html" for p in policy_ids() if not p.startswith("_")]
    pages += [f"{p.stem}.html" for p in DOCS.glob("*.md")]  # every hand-written page, e.g. bad-input.md
    missing = [p for p in pages if not (site / p).is_file()]
    assert not missing, f"pages missing from the site: {missing}"


def test_every_notebook_is_rendered_with_its_outputs(site):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in notebooks:
        page = site / "_generated" / "notebooks" / f"{nb.stem}.html"
        assert page.is_file(), f"{nb.name} is not in the site"
        assert f"notebooks/{nb.stem}.html" in index, f"{nb.name} is not in the book's table of contents"
        text = nb.read_text(encoding="utf-8")
        html = page.read_text(encoding="utf-8")
        if '"outputs": [\n' in text.replace('"outputs": []', ""):
            assert "cell_output" in html, f"{nb.name} is shown without its outputs"
        if "application/vnd.jupyter.widget-view+json" in text:  # a calculator: a note, not its repr
            assert "yibao-widget-note" in html and "VBox(children=" not in html, nb.name


def test_policy_page_cites_every_value(site):
    text = _text(site / "_generated" / "policies" / "lhasa-2025.html")
    # L7: 40 yuan for the six groups, its clause verbatim, rule ID, in-force dates and the article's title
    assert "premium.aids[l7_forty].amount" in text
    assert "个人只需按最高档次缴纳40元" in text
    assert "L7" in text and "2025-01-01 至 2025-12-31" in text
    assert "2025年度城乡居民基本医疗保险参保登记工作接近尾声" in text
    tibet = _text(site / "_generated" / "policies" / "xizang-2024.html")
    assert "basic.inpatient.levels[level_3].rate.high" in tibet


def test_assumptions_page_lists_every_assumption(site):
    from yibao.policy import load_policy, policy_ids

    text = _text(site / "_generated" / "assumptions.html")
    ids = {a for p in policy_ids() if not p.startswith("_") for a in load_policy(p).assumptions}
    missing = sorted(a for a in ids if a not in text)
    assert not missing, f"assumptions missing from the page: {missing}"
    a = load_policy("lhasa-2025").assumptions["age_reference"]
    for part in (a.title, a.reading, a.why, *a.alternatives):
        assert part in text
    assert "lhasa-2025" in text and "xining-2025" in text


def test_cli_page_has_every_subcommand(site):
    from yibao.skins.cli import command_names

    text = _text(site / "_generated" / "cli.html")
    assert len(command_names()) >= 10
    for name in command_names():
        assert f"yibao {name}" in text, name
    assert "--policy" in text and "--json" in text


def test_api_page_has_docstrings(site):
    text = _text(site / "_generated" / "api.html")
    assert "load_policy" in text
    assert "The validated policy" in text  # yibao.policy.loader.load_policy's docstring
    assert "premium" in text and "settle" in text


def test_rules_and_hand_written_pages(site):
    assert "规则覆盖表(Rule coverage)" in _text(site / "rules.html")
    for link in ("rules.html", "_generated/assumptions.html", "_generated/cli.html", "app.html", "about.html"):
        assert link in (site / "index.html").read_text(encoding="utf-8"), link
    about = _text(site / "about.html")
    assert "make docs" in about and "YIBAO_APP_URL" in about and "http://127.0.0.1:8866" in about


def test_no_request_off_this_machine_needed(site):
    """The site is offline: no page loads a script, stylesheet, font or image from elsewhere (widget JS is
    switched off; the theme's CSS, JavaScript and icon font ship in its package)."""
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert not remote, f"{page.relative_to(site)} loads {remote}"
    for css in sorted((site / "_static").rglob("*.css")):
        remote = re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", css.read_text(encoding="utf-8", errors="replace"))
        assert not remote, f"{css.relative_to(site)} fetches {remote}"
    assert "sphinx-book-theme.css" in (site / "index.html").read_text(encoding="utf-8")


HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_heading_and_navigation_caption_has_chinese(site):
    """Every heading of the site reads in Chinese (English may follow in brackets), as do the book's
    part captions in the sidebar and the search box."""
    lacking = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for level, inner in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, flags=re.S):
            text = unescape(re.sub(r"<[^>]+>", "", inner)).replace("#", "").strip()
            if not HAN.search(text):
                lacking.append(f"{page.relative_to(site)}: h{level} {text!r}")
        for caption in re.findall(r'<p aria-level="2" class="caption"[^>]*>(.*?)</p>', html, flags=re.S):
            if not HAN.search(unescape(re.sub(r"<[^>]+>", "", caption))):
                lacking.append(f"{page.relative_to(site)}: caption {caption!r}")
    assert not lacking, f"{len(lacking)} heading(s) without Chinese: {lacking[:10]}"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "搜索" in index and 'placeholder="搜索本站' in index and 'lang="zh-CN"' in index
    for caption in ("五篇文章", "参考资料"):
        assert caption in index, caption


#: The landing page's questions and where each must lead: a section of an article (page, anchor) and a
#: calculator of the web app. Read in the articles: Lhasa 2025 explains the tiers and their subsidies
#: (L3, L4) and the payment period (L1); Tibet 2024 the waiting period (T17) and a stay in hospital (T6, T7).
QUESTIONS = {
    "我要交多少钱": ("000_lhasa_2025", "缴费档次与财政补助", "premium"),
    "什么时候开始能报销": ("000_lhasa_2025", "集中缴费期与待遇期", "coverage"),
    "断缴了要等多久": ("001_tibet_press_2024", "待遇等待期", "coverage"),
    "住一次院自己要付多少": ("001_tibet_press_2024", "住院", "hospital"),
    "选高档还是低档": ("000_lhasa_2025", "选高档还是低档", "tiers"),
}


def test_landing_page_starts_from_the_residents_questions(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    sections = re.split(r"<section\b", html)
    for question, (notebook, heading, app) in QUESTIONS.items():
        section = next((s for s in sections if re.search(rf"<h2[^>]*>{question}", s)), None)
        assert section is not None, f"the landing page has no section for {question}"
        links = [unescape(h) for h in re.findall(r'href="([^"]+)"', section)]
        article = [h for h in links if h.startswith(f"_generated/notebooks/{notebook}.html#")]
        assert article, f"{question}: no link into {notebook}; links {links}"
        target = (site / "_generated" / "notebooks" / f"{notebook}.html").read_text(encoding="utf-8")
        anchor = article[0].split("#", 1)[1]
        found = re.search(rf'<section id="{re.escape(anchor)}"[^>]*>\s*(?:<span [^>]*></span>)?<h2>([^<]*)', target)
        assert found and heading in found.group(1), f"{question}: {article[0]} is not the section {heading}"
        assert f"http://127.0.0.1:8866/voila/render/{app}.ipynb" in links, f"{question}: no link to the {app} calculator"


#: The calculators each chapter uses (read in the notebooks' 自己算一算 sections), as web-app pages.
CHAPTER_APPS = {
    "000_lhasa_2025": ["premium", "coverage", "enrolment"],
    "001_tibet_press_2024": ["hospital", "maternity", "incentive", "sharing"],
    "002_lhasa_flexible": ["flexible", "stop", "hospital"],
}


def test_each_chapter_links_its_calculators_in_the_web_app_and_its_notebook(site):
    for stem, apps in CHAPTER_APPS.items():
        html = (site / "_generated" / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
        box = html[html.index("yibao-chapter-tools"):]
        box = box[:box.index("</div>")]
        for app in apps:
            assert f'href="http://127.0.0.1:8866/voila/render/{app}.ipynb"' in box, f"{stem}: no link to {app}"
        download = re.search(r'href="([^"]*_downloads/[^"]*/' + stem + r'\.ipynb)"', box)
        assert download, f"{stem}: no download of the notebook"
        shipped = (site / "_generated" / "notebooks" / download.group(1)).resolve()
        assert shipped.read_bytes() == (ROOT / "notebooks" / f"{stem}.ipynb").read_bytes()
        assert "_sources/_generated/notebooks/" + stem + ".ipynb" in html  # the theme's .ipynb download button


def test_a_chinese_paragraph_wrapped_in_the_source_has_no_stray_space(site):
    """The hand-written pages wrap Chinese paragraphs over several lines; the page joins them
    (“计算器。这里”, not “计算器。 这里”), while a break next to Latin text stays a space. A paragraph of
    several breaks has each joined (each break is its own Text node, all equal as strings)."""
    gaps = []
    for page in sorted(p.with_suffix(".html").name for p in DOCS.glob("*.md")):
        page = site / page
        for para in re.findall(r"<p>(.*?)</p>", page.read_text(encoding="utf-8"), flags=re.S):
            text = unescape(re.sub(r"<[^>]+>", "", para))
            gaps += [f"{page.name}: {m.group(0)!r}" for m in re.finditer(r"[\u4e00-\u9fff。,;:、]\n[\u4e00-\u9fff]", text)]
    assert not gaps, gaps[:10]


def _index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_search_index_holds_chinese_words_on_the_pages_that_explain_them(site):
    """jieba with the project's words: 大病保险 and 等待期 are words of the index (jieba alone cuts them in
    two), found on the Tibet article that explains them (T9, T17); 起付线 on the Tibet and Lhasa articles."""
    index = _index(site)
    docs = index["docnames"]

    def pages(word: str, where: tuple[str, ...] = ("terms", "titleterms")) -> set[str]:
        """The pages holding a word (Sphinx lists a page under titleterms alone when a heading holds it)."""
        found = set()
        for kind in where:
            hits = index[kind].get(word, [])
            found |= {docs[i] for i in ([hits] if isinstance(hits, int) else hits)}
        return found

    # a heading of the Tibet article holds each: 大病保险(T9), 待遇等待期(T17)
    assert "_generated/notebooks/001_tibet_press_2024" in pages("大病保险", ("titleterms",))
    assert "_generated/notebooks/001_tibet_press_2024" in pages("等待期", ("titleterms",))
    assert {"_generated/notebooks/001_tibet_press_2024", "_generated/notebooks/000_lhasa_2025"} <= pages("起付线")
    assert pages("大病") >= pages("大病保险")  # the parts stay searchable too
    language = (site / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "window.Stemmer = EnglishStemmer" in language  # sphinx-doc/sphinx#14229: ChineseStemmer does not exist


class _Labels(HTMLParser):
    """The labels of an HTML page a reader meets without reading the article: what a screen reader says
    for an element (aria-label), what a mouse shows (title), a field's placeholder, an image's alt text,
    and the text of buttons and of the summaries that fold code."""

    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description", "data-bs-title")
    TEXT_OF = ("button", "summary")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[str] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.labels += [f"{tag} {name}: {value}" for name, value in attrs if name in self.ATTRIBUTES and value]
        if tag in self.TEXT_OF:
            self._open.append((tag, []))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if text:
                self.labels.append(f"{tag} text: {text}")


def english_labels(html: str) -> list[str]:
    """The labels of a page (see :class:`_Labels`) that read in English."""
    parser = _Labels()
    parser.feed(html)
    return [label for label in parser.labels if english_label(label.split(": ", 1)[1])]


def test_english_labels_are_found():
    """The scan below can fail: the two labels the theme and myst-nb wrote in English before docs/_templates/
    layout.html and yibao_labels.py, and a title, are found; identifiers, file names and key names are not."""
    found = english_labels('<nav aria-label="Page"><details><summary aria-label="Toggle hidden content">'
                           '<p>显示代码</p></summary></details><button title="Toggle secondary sidebar">'
                           '<span>Close</span></button><a title="yibao.policy.Policy">Policy</a>'
                           '<a class="btn" title="下载 .ipynb">.ipynb</a><kbd>Ctrl</kbd></nav>')
    assert found == ["nav aria-label: Page", "summary aria-label: Toggle hidden content",
                     "button title: Toggle secondary sidebar", "button text: Close"], found


def test_no_label_in_english_on_any_page(site):
    """A Chinese reader's screen reader and mouse meet Chinese labels on every page: the theme's and
    myst-nb's English ones ("Toggle hidden content" on folded code, "Page" on the printed outline) are
    translated (docs/_locale, docs/_templates, docs/_ext/yibao_labels.py)."""
    english = {}
    for page in sorted(site.rglob("*.html")):
        if page.parent.name == "_static":
            continue  # the theme's template sources copied as static files, not pages
        for label in english_labels(page.read_text(encoding="utf-8")):
            english.setdefault(label, str(page.relative_to(site)))
    assert not english, f"{len(english)} label(s) in English: " + "; ".join(
        f"{label} ({page})" for label, page in list(english.items())[:10])
