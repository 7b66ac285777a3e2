"""What a reader sees in a stored notebook (issue 13): every stored output of every notebook is a
sentence, a table with Chinese headers, a chart or a result card — never a Python repr, an English
table header, raw widget text or money without thousands separators.

These read the committed ``notebooks/*.ipynb`` (what JupyterLab shows before the kernel runs, what
``jupyter nbconvert --to html`` and the docs site show), not a fresh run; nbval checks that a fresh run
gives the same outputs. The detectors are tested on hand-written bad and good samples first, so that a
detector that matches nothing cannot pass the notebooks by accident.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from reader_text import BARE_MONEY, QUOTED

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Python reprs a reader must never see (money, dates, widgets, objects, containers).
REPRS = [
    (re.compile(r"\bDecimal\('"), "Decimal repr"),
    (re.compile(r"\b(?:datetime\.)?date(?:time)?\(\d{4}, ?\d"), "date repr"),
    (re.compile(r"\b[A-Z]\w*\(children="), "widget repr"),
    (re.compile(r"\b(?:VBox|HBox|HTML|Dropdown|Text|Button|Label)\((?:value|layout|description)="), "widget repr"),
    (re.compile(r"<[\w.]+ object at 0x"), "object repr"),
    (re.compile(r"<(?:yibao|Calculator)[\w.]*[ >]"), "object repr"),
    (re.compile(r"\bnp\.\w+\(|\bnumpy\.\w+\("), "numpy repr"),
    (re.compile(r"^\s*[\[{(]\s*'[^']*'\s*[:,)\]]", re.M), "dict/list/tuple repr"),
    (re.compile(r"^\s*\{\s*\w+\s*:", re.M), "dict repr"),
    (re.compile(r"^\s*\[\s*(?:\d|')", re.M), "list repr"),
    (re.compile(r"<\w+\.\w+: '?\w+'?>"), "enum repr"),
    (re.compile(r"\b\w+Result\(|\bPolicy\(id="), "dataclass/model repr"),
    (re.compile(r"^(?:True|False|None)$"), "bare Python value"),
    (re.compile(r"^'[^']*'$"), "bare string repr"),
    (re.compile(r"Traceback \(most recent call last\)"), "traceback"),
]

#: A table header cell that is an English word or identifier (rule, what, value, paid_on, ...).
ENGLISH_HEADER = re.compile(r"^[A-Za-z_][A-Za-z_ ]*$")
TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
STYLE = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)


def text_of_html(markup: str) -> str:
    """What a reader reads in an HTML output: styles and scripts dropped, tags removed, entities decoded."""
    return html.unescape(TAG.sub(" ", STYLE.sub(" ", markup)))


def header_cells(markup: str) -> list[str]:
    return [text_of_html(h).strip() for h in TH.findall(STYLE.sub(" ", markup))]


def plain_table_header(text: str) -> list[str]:
    """The column names of a pandas text table (its first line), or [] if the text is not one."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not re.match(r"^\s*0\s", lines[1]):
        return []
    return lines[0].split()


def problems_in(data: dict[str, str]) -> list[str]:
    """Every problem a reader would see in one output's mime bundle (as stored: text/html wins over
    text/plain in every viewer, so text/plain is read only when there is no HTML or image)."""
    found: list[str] = []
    markup = data.get("text/html")
    shown_as_image = any(k.startswith("image/") for k in data)
    if markup is not None:
        texts = [text_of_html(markup)]
        found += [f"English table header {h!r}" for h in header_cells(markup) if ENGLISH_HEADER.match(h)]
    elif shown_as_image:
        texts = []
    else:
        plain = data.get("text/plain", "")
        texts = [plain]
        found += [f"English table header {h!r}" for h in plain_table_header(plain) if ENGLISH_HEADER.match(h)]
    for text in texts:
        for pattern, what in REPRS:
            m = pattern.search(text.strip()) if pattern.pattern.startswith("^") and "$" in pattern.pattern \
                else pattern.search(text)
            if m:
                found.append(f"{what}: {m.group(0)!r}")
        found += [f"money without thousands separators: {m.group(0)!r}"
                  for m in BARE_MONEY.finditer(QUOTED.sub("“”", text))]
    return found


def output_bundles(nb: dict) -> list[tuple[int, dict[str, str]]]:
    """(cell number, mime bundle) for every stored output; streams as text/plain."""
    bundles = []
    for n, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out["output_type"] == "stream":
                bundles.append((n, {"text/plain": "".join(out["text"])}))
            elif out["output_type"] in ("execute_result", "display_data"):
                bundles.append((n, {k: "".join(v) if isinstance(v, list) else v for k, v in out["data"].items()
                                    if isinstance(v, (str, list))}))
            elif out["output_type"] == "error":
                bundles.append((n, {"text/plain": "Traceback (most recent call last): " + out["ename"]}))
    return bundles


# ---------------------------------------------------------------- the detectors catch what they should


@pytest.mark.parametrize("bad", [
    "Decimal('160.00')",
    "datetime.date(2025, 8, 10)",
    "VBox(children=(HTML(value='<h3>个人缴费</h3>'),))",
    "<yibao.calculators.premium.PremiumResult object at 0x7f3a2b>",
    "<Calculator 个人缴费: 结果已算出>",
    "{'individual': '40.00'}",
    "['dibao', 'tekun']",
    "<Tier.high: 'high'>",
    "True",
    "'hmt_foreign_student'",
])
def test_a_python_repr_is_caught(bad):
    assert problems_in({"text/plain": bad})


@pytest.mark.parametrize("header", ["rule", "what", "value", "unit", "quote", "source", "step", "amount",
                                    "paid_on", "waiting months"])
def test_an_english_table_header_is_caught_in_html_and_in_text(header):
    markup = f"<table><thead><tr><th></th><th>规则</th><th>{header}</th></tr></thead><tbody></tbody></table>"
    assert problems_in({"text/html": markup, "text/plain": "x"})
    text = f"   规则  {header}\n0    L2  学生\n1    L3  400"
    assert problems_in({"text/plain": text})


@pytest.mark.parametrize("bad", ["2013000000 元", "个人缴 12000元", "12000.50 元", "合计 1000 元", "2013 万元"])
def test_money_without_thousands_separators_is_caught(bad):
    assert problems_in({"text/plain": f"结果:{bad}。"})
    assert problems_in({"text/html": f"<p>结果:{bad}。</p>"})


@pytest.mark.parametrize("good", [
    "个人缴 1,234.56 元,医疗救助代缴 360.00 元。",
    "基金支出 20.13 亿元,2025年8月10日起享受待遇。",
    "<table><thead><tr><th></th><th>规则</th><th>金额</th></tr></thead>"
    "<tbody><tr><th>0</th><td>L7</td><td>12,000.00 元</td></tr></tbody></table>",
    "<style>.yibao-table th {text-align: left}</style><div>40.00 元</div>",
])
def test_what_a_reader_should_see_passes(good):
    key = "text/html" if good.startswith("<") else "text/plain"
    assert problems_in({key: good}) == []


def test_a_quoted_clause_keeps_the_articles_own_figures():
    assert problems_in({"text/plain": "原文:“收入高于8000元、低于12000元的”"}) == []
    assert problems_in({"text/plain": "原文:“收入高于8000元”,个人缴 12000 元"})


def test_a_chart_is_read_by_its_picture_not_its_figure_repr():
    assert problems_in({"image/png": "iVBOR...", "text/plain": "<Figure size 640x480 with 1 Axes>"}) == []


# ---------------------------------------------------------------- the notebooks


def test_there_are_notebooks_to_read():
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_stored_output_reads_as_chinese_text_a_table_a_chart_or_a_card(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    bad = [f"cell {n}: {p}" for n, data in output_bundles(nb) for p in problems_in(data)]
    assert not bad, f"{path.name}: {len(bad)} output problem(s):\n" + "\n".join(bad[:40])
