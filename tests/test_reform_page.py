"""The 政策模拟 calculator (issue 15 §5): one hospital stay under the policy and under the sliders' values.

Worked by hand from Tibet 2024 (xizang-2024, high tier, a 三级 hospital, 50,000 yuan policy-range cost):
basic insurance pays (50,000 − 400) × 85% = 42,160 (T7); the person's self-paid 7,840 is above the
catastrophic deductible of 5,000 (T9) by 2,840, paid 70% = 1,988; out of pocket 7,840 − 1,988 = 5,852.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

pytest.importorskip("ipywidgets")

from yibao.skins.widgets import reform_calculator


@pytest.mark.rules("T7", "T9")
def test_the_page_opens_on_the_policy_as_written():
    calc = reform_calculator()
    assert calc.error == "" and calc.result.comparison is None
    assert (calc.result.baseline.basic, calc.result.baseline.catastrophic) == (D("42160.00"), D("1988.00"))
    assert "移动下面的滑块" in calc.output.value


@pytest.mark.rules("T9")
def test_a_catastrophic_deductible_lowered_by_1000_pays_700_more():
    # 4,000 deductible: (7,840 − 4,000) × 70% = 2,688 (700 more); out of pocket 5,152
    calc = reform_calculator().set(tier="high", cat_deductible=-1000)
    c = calc.result.comparison
    assert calc.error == "" and (c.total("catastrophic", 0), c.total("catastrophic", 1)) == (D("1988.00"), D("2688.00"))
    assert c.total("out_of_pocket", 1) == D("5152.00")
    assert "大病保险起付线:5,000.00 元 → 4,000.00 元" in calc.output.value and "+700.00 元" in calc.output.value
    assert "catastrophic." not in calc.output.value  # the value by its Chinese name, not its path


@pytest.mark.rules("T7")
def test_an_inpatient_rate_raised_5_points_pays_5_percent_more_above_the_deductible():
    # 90%: (50,000 − 400) × 90% = 44,640; self-paid 5,360 → catastrophic (360 above 5,000) × 70% = 252
    calc = reform_calculator().set(tier="high", rate=5)
    c = calc.result.comparison
    assert (c.total("basic", 1), c.total("catastrophic", 1)) == (D("44640.00"), D("252.00"))


def test_a_rate_above_100_percent_is_refused_beside_its_slider_and_the_last_result_kept():
    calc = reform_calculator().set(tier="high", cat_deductible=-1000)
    calc.set(rate=30)  # 85% + 30 points = 115%
    assert calc.errors["rate"].value and "1.15" in calc.errors["rate"].value
    assert calc.result.comparison.total("catastrophic", 1) == D("2688.00")


def test_only_policies_with_an_inpatient_rule_are_offered():
    assert [v for _, v in reform_calculator().inputs["policy"].options] == [
        "lhasa-2024", "lhasa-2025", "xizang-2024", "xizang-2025"]


@pytest.mark.rules("T7", "T9")
def test_every_step_shows_under_the_policy_and_under_the_reform():
    # deductible 400 (T7), 85% → 90% of 49,600 = 42,160 → 44,640; catastrophic deductible 5,000 → 4,000
    calc = reform_calculator().set(tier="high", cat_deductible=-1000, rate=5)
    html = calc.output.value
    policy, reform = html.split("现行政策的计算步骤")[1].split("改革方案的计算步骤")
    for side in (policy, reform):
        assert "三级医院住院起付线400.00 元,由个人负担" in side
        assert "个人负担(目录外费用" in side
    assert "(50,000.00 元 − 400.00 元) × 85%" in policy and "42,160.00" in policy
    assert "(50,000.00 元 − 400.00 元) × 90%" in reform and "44,640.00" in reform
    assert "大病保险起付标准(高档)5,000.00 元" in policy and "大病保险起付标准(高档)4,000.00 元" in reform
    assert "改革方案把大病保险起付标准(高档)由 5,000.00 元 改为 4,000.00 元" in reform
    assert "大病保险每人每年最高支付140,000.00 元,本年已支付1,988.00 元" in policy  # the cap, not reached
    assert "大病保险每人每年最高支付140,000.00 元,本年已支付952.00 元" in reform
