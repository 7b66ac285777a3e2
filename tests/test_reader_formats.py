"""One way to write a number or a date for a person, and no internal key or id, wherever a person reads
(issue 19, "Done when"): the stored outputs of the committed notebooks (``notebooks/`` and the app's pages
in ``app/``, read as JSON, no kernel) and the prose of the built docs site's reader pages. The app's pages
are scanned at both widths in ``tests/test_app_browser.py`` (``check_page``).

The scans (:mod:`reader_text`) are first shown to find a planted key, id, bare amount, ISO date and
hospital level written in digits, so that a scan that matches nothing cannot pass by accident.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from docs_site import built_site
from reader_text import every_id, misformatted, notebook_problems, page_prose, problems

from yibao.calculators.incentive import incentive
from yibao.format import yuan

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "app").glob("*.ipynb"))

PLANTED = {
    "依据:coverage.windows[l1_concentrated]": "internal key",
    "缴费期 y4_normal": "internal key",
    "(假设 fiscal_subsidy_articles_disagree)": "internal key",
    "成员:tekun": "internal key or id",
    "个人缴 12000元": "money without thousands separators",
    "基本医保支付 84660.00 元": "money without thousands separators",
    "其中医疗救助资金360.00元": "money without a space before 元",
    "缴费日期 2025-03-10": "ISO date in prose",
    "3级医院住院": "hospital level in digits",
}


@pytest.mark.parametrize("text", list(PLANTED))
def test_the_scan_finds_a_planted_key_id_amount_date_or_level(text):
    found = problems(f"结果:{text}。")
    assert found and PLANTED[text] in found[0], found


def test_what_a_reader_should_see_passes_the_scan():
    assert problems("三级医院住院起付线 400.00 元,2025年8月10日起,基本医保支付 84,660.00 元,报销 85%[L3, T17]") == []
    assert problems("基金支出 20.13 亿元;医疗救助限额 30 万元") == []
    assert problems("缴费日期:请写成 2025-01-31 这样的日期") == []  # how to type it, not prose
    assert yuan(84660) == "84,660.00 元" and problems(yuan(84660)) == []


def test_an_articles_quoted_clause_keeps_its_own_figures():
    assert misformatted("原文:“收入高于防返贫监测标准(2024年为8000元)”") == []
    assert misformatted("原文:“收入高于8000元”,个人缴 12000 元")


def test_the_incentive_explanation_writes_money_the_one_way():
    r = incentive("xizang-2025", [{"year": y, "enrolled": True, "fund_reimbursed": False} for y in range(2025, 2031)],
                  2031)
    assert misformatted(r.explain()) == [] and "140,000.00 元" in r.explain()


# ---------------------------------------------------------------- stored notebook outputs


def test_there_are_notebooks_and_app_pages_to_read():
    assert len([p for p in NOTEBOOKS if p.parent.name == "notebooks"]) >= 6
    assert len([p for p in NOTEBOOKS if p.parent.name == "app"]) >= 10


def test_the_notebook_scan_finds_a_leak_planted_in_a_stored_output():
    nb = json.loads((ROOT / "notebooks" / "000_lhasa_2025.ipynb").read_text(encoding="utf-8"))
    assert notebook_problems(nb) == []
    planted = copy.deepcopy(nb)
    cell = next(c for c in planted["cells"] if c["cell_type"] == "code" and c.get("outputs"))
    cell["outputs"].append({"output_type": "display_data", "metadata": {},
                            "data": {"text/html": "<p>premium.aids[l7_forty].amount 12000元,2025-08-10</p>",
                                     "text/plain": "x"}})
    cell["outputs"].append({"output_type": "stream", "name": "stdout", "text": ["3级医院 y4_normal\n"]})
    found = " ".join(notebook_problems(planted))
    for leak in ("premium.aids[l7_forty].amount", "12000元", "2025-08-10", "3级医院", "y4_normal"):
        assert leak in found, (leak, found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_stored_outputs_show_no_key_and_write_money_and_dates_one_way(path):
    bad = notebook_problems(json.loads(path.read_text(encoding="utf-8")))
    assert not bad, f"{path.parent.name}/{path.name}: {len(bad)} problem(s):\n" + "\n".join(bad[:40])


# ---------------------------------------------------------------- the built docs site


#: Hand-written reference pages translated into Chinese prose: their identifiers, columns, options and
#: commands are in code (``page_prose`` drops it), so their prose is scanned like the landing page's.
TRANSLATED = ["claims-file", "population", "app", "bad-input"]


def reader_pages(site: Path) -> list[Path]:
    """The docs pages written for a reader: the landing page, every notebook and the translated reference
    pages. The generated reference pages (policy values by key, assumptions by id, the API, the CLI, the
    rule table) show keys on purpose: they are the handles a reform or a test names."""
    return [site / "index.html", *(site / f"{name}.html" for name in TRANSLATED),
            *sorted((site / "_generated" / "notebooks").glob("*.html"))]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


def test_the_docs_scan_finds_a_leak_planted_in_a_page(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert problems(page_prose(page)) == []
    planted = page.replace("</main>", "<p>依据:coverage.windows[l1_concentrated],共 84660.00 元</p>"
                                      "<pre>code_is_fine 2025-01-01</pre></main>", 1)
    found = " ".join(problems(page_prose(planted)))
    assert "coverage.windows[l1_concentrated]" in found and "84660.00 元" in found
    assert "code_is_fine" not in found and "2025-01-01" not in found


def test_the_docs_reader_pages_show_no_key_and_write_money_and_dates_one_way(site):
    pages = reader_pages(site)
    assert len(pages) >= 7 + len(TRANSLATED) and all(p.exists() for p in pages)
    bad = [f"{p.relative_to(site)}: {x}" for p in pages for x in problems(page_prose(p.read_text(encoding="utf-8")))]
    assert not bad, f"{len(bad)} problem(s):\n" + "\n".join(bad[:40])


def test_every_id_is_known():
    assert {"y4_normal", "tekun", "fiscal_subsidy_articles_disagree"} <= every_id()
