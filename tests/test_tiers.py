"""Tier advice: the extra premium and the break-even cost of one claim, worked out by hand from the articles
(the break-evens of the other kinds, levels and groups and the year comparisons are worked examples in
cases/*.yaml, calculator ``tiers``).

Lhasa 2025 (L3): 400 − 220 = 180 yuan more for the high tier. Level-3 inpatient (T7): deductible 400 on
both tiers, 85% (high) / 60% (low): the high tier pays 25% more of the cost above 400, so 180 is reached
at 400 + 180 / 25% = 1,120.00 yuan in exact arithmetic. Each tier's payment is rounded half up to the
fen: at 1,119.99 the high tier pays 719.99 × 85% = 611.9915 → 611.99 and the low tier 719.99 × 60% =
431.994 → 431.99, exactly 180.00 more; at 1,119.98, 611.983 → 611.98 and 431.988 → 431.99, only 179.99.
So the break-even to the fen is 1,119.99. The catastrophic layer does not matter there (self-paid 508
and 688, below its deductibles 5000 and 9000, T9); nor does assistance (no group).
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import numpy as np
import pytest

from yibao.errors import InputError
from yibao.money import to_fen
from yibao.settlement import Person, settle
from yibao.whatif.tiers import TierAdvice, tier_advice

rules = pytest.mark.rules


def _extra(policy, cost, level=3, kind="inpatient", **person):
    """What the high tier pays more for one claim, by the one-person path."""
    claim = [{"date": "2025-03-01" if "2025" in str(policy) else "2024-03-01", "kind": kind, "cost": cost,
              "level": level if kind == "inpatient" else None}]
    paid = {}
    for t in ("high", "low"):
        s = settle(Person(policy, tier=t, **person), claim)
        paid[t] = s.basic + s.catastrophic + s.assistance
    return paid["high"] - paid["low"]


@rules("L3", "T7", "T9")
def test_lhasa_2025_level_3_break_even_1119_99():
    a = tier_advice("lhasa-2025", kind="inpatient", level=3)
    assert a.extra_premium == D("180.00") and a.moot is None
    assert a.break_even == D("1119.99")
    assert _extra("lhasa-2025", "1119.99") == D("180.00") and _extra("lhasa-2025", "1119.98") == D("179.99")
    h, lo = a.at_break_even["high"], a.at_break_even["low"]
    assert (h.basic, lo.basic) == (D("611.99"), D("431.99"))
    assert h.catastrophic == lo.catastrophic == h.assistance == lo.assistance == 0
    assert (h.state.catastrophic_base, lo.state.catastrophic_base) == (D("508.00"), D("688.00"))
    assert "1,119.99 元" in a.headline() and a.falls_back_at is None


@rules("T4")
def test_general_outpatient_is_the_same_on_both_tiers_no_break_even():
    a = tier_advice("lhasa-2025", kind="general_outpatient")
    assert a.break_even is None and a.most_extra == 0
    assert "两档的普通门诊待遇相同" in a.headline()


@rules("L7")
def test_dibao_is_aided_at_the_highest_tier_moot():
    a = tier_advice("lhasa-2025", kind="inpatient", level=3, groups=["dibao"])
    assert a.moot and a.extra_premium == 0 and a.break_even is None
    assert a.premiums["high"].individual == a.premiums["low"].individual == D(40)
    assert a.headline().startswith("不需要选档")


@rules("L5")
def test_aged_woman_of_60_is_paid_by_finance_at_the_highest_tier_moot_at_59_not():
    assert tier_advice("lhasa-2025", kind="inpatient", level=3, sex="female", age=60).moot
    assert "财政" in tier_advice("lhasa-2025", kind="inpatient", level=3, sex="female", age=60).moot
    assert tier_advice("lhasa-2025", kind="inpatient", level=3, sex="female", age=59).moot is None
    assert tier_advice("lhasa-2025", kind="inpatient", level=3, sex="male", age=64).moot is None


def test_moot_with_claims_settles_at_the_aided_tier_only():
    claims = [{"date": "2025-04-01", "kind": "inpatient", "level": 3, "cost": "5000"}]
    a = tier_advice("lhasa-2025", kind="inpatient", level=3, groups=["dibao"], claims=claims)
    assert list(a.year) == ["high"] and a.year["high"].settlement.person.tier == "high" and a.cheaper is None


@rules("T7", "T9")
def test_a_reform_can_make_the_low_tiers_catastrophic_insurance_close_the_gap_again():
    """With a high tier of 5500 (extra 5280): 400 + 5280 / 25% = 21,520.00 → 21,519.99 to the fen, below
    the low tier's catastrophic start (400 + 8600 / 40% = 21,900); from 21,900 the low tier's catastrophic
    insurance pays 70% of its 40%, the gap shrinks by 3% a yuan, and by 31,066.67 (the high tier's start,
    400 + 4600 / 15%) it is 5375 − 3% × 9166.67 = 5100 < 5280: the advice says so."""
    a = tier_advice("lhasa-2025", kind="inpatient", level=3, reform={"premium.tiers.high": "5500"})
    assert a.extra_premium == D("5280.00") and a.break_even == D("21519.99")
    assert a.falls_back_at is not None and D("25066") < a.falls_back_at <= D("31067")
    assert a.headline().startswith("【改革方案:") and "又不及" in a.headline()
    assert a.extra_benefit("21900") == D("5375.00")


def _brute_force(a: TierAdvice) -> int:
    """The smallest cost (fen) reaching the extra premium, by settling every fen from 0."""
    target = to_fen(a.extra_premium)
    step = 1 << 20
    for start in range(0, to_fen(a.break_even) + 2, step):
        costs = np.arange(start, start + step, dtype=np.int64)
        hit = np.flatnonzero(a._curves.extra(costs) >= target)
        if len(hit):
            return int(costs[hit[0]])
    raise AssertionError("not found")


@pytest.mark.parametrize("kw", [
    dict(policy="lhasa-2025", kind="inpatient", level=3),
    dict(policy="xizang-2025", kind="special_outpatient", groups=["relapse_poverty"], continuous_years=12),
    dict(policy="lhasa-2025", kind="inpatient", level=3, reform={"premium.tiers.high": "5500"}),
    dict(policy="xizang-2024", kind="inpatient", level=2, reform={"premium.tiers.high": "3000"}),
])
def test_break_even_is_the_first_fen_settled_one_by_one(kw):
    a = tier_advice(kw.pop("policy"), **kw)
    assert to_fen(a.break_even) == _brute_force(a)


@pytest.mark.slow
@pytest.mark.parametrize("kw", [
    dict(policy="lhasa-2025", kind="inpatient", level=3, reform={"premium.tiers.high": "6400"}),
    dict(policy="lhasa-2025", kind="inpatient", level=3, groups=["relapse_poverty"],
         reform={"premium.tiers.high": "6400"}),
])
def test_break_even_past_both_catastrophic_deductibles_settled_one_by_one(kw):
    a = tier_advice(kw.pop("policy"), **kw)
    assert to_fen(a.break_even) == _brute_force(a)


def test_curve_is_premium_plus_out_of_pocket():
    a = tier_advice("lhasa-2025", kind="inpatient", level=3)
    assert a.curve(["0", "400", "5000"]) == [(D("0.00"), D("400.00"), D("220.00")),
                                             (D("400.00"), D("800.00"), D("620.00")),
                                             (D("5000.00"), D("1490.00"), D("2460.00"))]


def test_single_tier_policy_is_refused_with_the_tiered_ones_named():
    with pytest.raises(InputError) as e:
        tier_advice("yuncheng-2024", kind="inpatient", level=2)
    assert e.value.field == "policy" and "one premium standard" in e.value.problem
    assert "lhasa-2025" in e.value.allowed


@pytest.mark.parametrize("kw, field", [
    (dict(kind="delivery"), "kind"), (dict(kind="inpatient"), "level"), (dict(kind="inpatient", level=4), "level"),
    (dict(kind="special_outpatient", level=3), "level"), (dict(kind="inpatient", level=3, groups=["rich"]), "groups"),
    (dict(kind="inpatient", level=3, continuous_years=-1), "continuous_years"),
])
def test_bad_input_names_the_field(kw, field):
    with pytest.raises(InputError) as e:
        tier_advice("lhasa-2025", **kw)
    assert e.value.field == field


def test_cli_json_and_text(cli):
    code, out, err = cli("tiers", "--policy", "lhasa-2025", "--level", "3", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["extra_premium"], data["break_even"], data["moot"]) == ("180.00", "1119.99", None)
    assert data["break_even_settlements"]["high"]["basic"] == "611.99"
    code, out, err = cli("tiers", "--policy", "lhasa-2025", "--kind", "门诊特殊病")
    assert code == 0 and "599.99 元" in out
    code, out, err = cli("tiers", "--policy", "yuncheng-2024", "--kind", "general_outpatient")
    assert code == 2 and len(err.splitlines()) == 1 and "one premium standard" in err


def test_cli_claims_and_reform(cli, tmp_path):
    f = tmp_path / "claims.csv"
    f.write_text("date,kind,cost,level\n2025-04-01,inpatient,5000,3\n", encoding="utf-8")
    code, out, _err = cli("tiers", "--policy", "lhasa-2025", "--level", "3", "--claims", str(f), "--json")
    assert code == 0 and json.loads(out)["cheaper"] == "high" and json.loads(out)["saving"] == "970.00"
    code, out, _err = cli("tiers", "--policy", "lhasa-2025", "--level", "3", "--set", "premium.tiers.low=300")
    assert code == 0 and out.startswith("【改革方案:低档个人缴费标准改为300.00 元】") and "100.00 元" in out


def test_chart_draws_both_tiers_without_warning():
    import warnings

    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from yibao.skins.plots import use_chinese_font
    from yibao.skins.tier_plot import tier_cost_chart

    use_chinese_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = tier_cost_chart(tier_advice("lhasa-2025", kind="inpatient", level=3))
        fig.canvas.draw()
    ax = fig.axes[0]
    assert len(ax.lines) == 3 and "选高档还是低档" in ax.get_title()
    with pytest.raises(ValueError):
        tier_cost_chart(tier_advice("lhasa-2025", kind="inpatient", level=3, groups=["dibao"]))


def test_calculator_page_function():
    pytest.importorskip("ipywidgets")
    from yibao.skins.widgets.tiers import tier_calculator

    calc = tier_calculator("lhasa-2025")
    assert calc.error == "" and calc.result.break_even == D("1119.99")
    calc.set(year_cost="5000")
    assert calc.result.cheaper == "high" and "970.00" in calc.output.value
    calc.set(kind="special_outpatient", year_cost="")
    assert calc.result.break_even == D("599.99")
    calc.set(groups=["dibao"])
    assert "不需要选档" in calc.output.value
    calc.set(groups=[], year_cost="abc")
    assert "abc" in calc.errors["year_cost"].value and calc.result.moot  # shown beside; the last good result stays
