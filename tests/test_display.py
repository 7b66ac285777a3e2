"""The notebook display helpers (yibao.skins.display) and the reader's tables (yibao.skins.tables):
Chinese headers, formatted money and dates, styles shipped inline, calculators that show their example
without a kernel and the live widget with one."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

pytest.importorskip("pandas")
pytest.importorskip("ipywidgets")

from yibao.calculators.coverage import coverage
from yibao.calculators.premium import premium
from yibao.settlement import Person, settle
from yibao.skins import display, tables

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_display_shows_text_as_written_the_formatter_writes_the_separators():
    # No second pass re-formats rendered text: what a note or a card shows is what yibao.format wrote.
    assert not hasattr(display, "amounts") and not hasattr(display, "amounts_in_html")
    assert repr(display.say("合计 2013000000 元")) == "合计 2013000000 元"
    assert display.Card("<td>84660.00</td>", "h")._repr_html_().endswith("<td>84660.00</td></div>")
    # (10000 − 400) × 85% = 8160 for a level-3 stay on the high tier (T7): written once, with separators
    stay = settle(Person("xizang-2024", tier="high"),
                  [{"kind": "inpatient", "level": 3, "cost": "10000", "date": "2024-03-01"}])
    assert "基本医保支付8,160.00 元" in stay.headline() and "三级医院" in stay.explain()


def test_a_table_cell_is_shown_as_the_formatter_wrote_it():
    t = display.table([{"金额": "84,660.00 元"}, {"金额": "“收入高于8000元”"}], ["金额"])
    html = t._repr_html_()
    assert "84,660.00 元" in html and "“收入高于8000元”" in html and "8,000" not in html


def test_a_premium_table_has_chinese_headers_and_money_as_yuan():
    high = premium("lhasa-2025", tier="high")
    t = tables.premium_table({"最高档": high})
    assert list(t.columns) == ["情形", "政策", "档次", "缴费标准", "个人缴费", "其他出资", "适用资助"]
    row = t.frame.iloc[0]
    assert (row["档次"], row["缴费标准"], row["个人缴费"]) == ("高档", "400.00 元", "400.00 元")   # Tier.high.zh


def test_a_table_ships_its_borders_and_left_alignment_inline():
    html = tables.premium_table({"低保": premium("lhasa-2025", groups=["dibao"])})._repr_html_()
    assert html.startswith("<style>") and "border:1px solid" in html and "text-align:left!important" in html
    assert "<th>个人缴费</th>" in html and "<td class='yibao-num'>40.00 元</td>" in html
    assert "医疗救助资金 360.00 元" in html


def test_a_coverage_table_writes_dates_in_chinese():
    t = tables.coverage_table({"断保2年": coverage("lhasa-2025", paid_on="2025-03-10", gap_years=2)})
    row = t.frame.iloc[0]
    assert (row["缴费日"], row["待遇开始"], row["待遇结束"]) == ("2025年3月10日", "2025年8月10日", "2025年12月31日")


def test_a_values_table_quotes_the_clause_and_separates_large_sums():
    t = tables.values_table("xizang-2024", ["T11"])
    assert "原文" in t.columns and all(q.startswith("“") or q.startswith("(") for q in t.frame["原文"])
    assert "150,000" in set(t.frame["取值"]) and "300,000" in set(t.frame["取值"])   # 15 万元, 30 万元


def test_a_fact_the_article_writes_in_yi_is_shown_in_yi():
    t = tables.facts_table("xizang-2024", ["T2"])
    assert any("亿元" in v for v in t.frame["取值"]), list(t.frame["取值"])


def test_a_calculator_is_its_widget_with_a_kernel_and_its_example_card_without():
    from yibao.skins.widgets import premium_calculator

    calc = premium_calculator("lhasa-2025").set(groups=("dibao",))
    bundle = display.calculator(calc)._repr_mimebundle_()
    assert WIDGET_VIEW in bundle                                   # live in JupyterLab / Voilà
    assert "yibao-card" in bundle["text/html"] and "40.00" in bundle["text/html"]
    assert "360.00" in bundle["text/html"]                         # the example's answer, stored
    assert bundle["text/plain"].startswith("交互计算器") and "children=" not in bundle["text/plain"]
    assert calc.result.individual == D("40")


def test_a_figure_carries_alt_text_from_its_title():
    from yibao.skins import plots

    plots.use_chinese_font()
    fig, ax = plots.plt.subplots()
    ax.set_title("拉萨 2025 年度:个人缴费")
    bundle = display.figure(fig)._repr_mimebundle_()
    assert 'alt="拉萨 2025 年度:个人缴费"' in bundle["text/html"] and bundle["image/png"]
    assert bundle["text/plain"] == "图:拉萨 2025 年度:个人缴费"
