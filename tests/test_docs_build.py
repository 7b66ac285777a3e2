"""The docs site builds offline with warnings as errors, and its key pages are there and say the right things.

One Sphinx build (as ``make docs`` runs it) into a temporary folder, shared by the checks below.
Needs the ``web`` extra (sphinx, myst-nb); a missing one FAILS with what to install.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from docs_site import built_site

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
             "_generated/notebooks.html", "search.html"]
    pages += [f"_generated/policies/{p}.html" for p in policy_ids() if not p.startswith("_")]
    pages += [f"{p.stem}.html" for p in DOCS.glob("*.md")]  # every hand-written page, e.g. bad-input.md
    missing = [p for p in pages if not (site / p).is_file()]
    assert not missing, f"pages missing from the site: {missing}"


def test_every_notebook_is_rendered_with_its_outputs(site):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    index = (site / "_generated" / "notebooks.html").read_text(encoding="utf-8")
    for nb in notebooks:
        page = site / "_generated" / "notebooks" / f"{nb.stem}.html"
        assert page.is_file(), f"{nb.name} is not in the site"
        assert f"notebooks/{nb.stem}.html" in index, f"{nb.name} is not listed on the notebooks page"
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
    assert "Rule coverage" in _text(site / "rules.html")
    index = _text(site / "index.html")
    for link in ("rules.html", "_generated/assumptions.html", "_generated/cli.html", "app.html"):
        assert link in (site / "index.html").read_text(encoding="utf-8"), link
    assert "make docs" in index


def test_no_request_off_this_machine_needed(site):
    """The site is offline: no script or stylesheet from a CDN (widget JS is switched off)."""
    for page in [site / "index.html", *sorted((site / "_generated" / "notebooks").glob("*.html"))]:
        html = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="(https?://[^"]+)"', html)
        remote = [u for u in remote if "mathjax" not in u]  # MathJax only matters for pages with maths
        assert not remote, f"{page.name} loads {remote}"
