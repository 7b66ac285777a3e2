"""Reforms: overrides of policy values by dotted path, validated again, cited on every line they touch.

The worked example (T7, T9; its amounts are cases of cases/lhasa-2025.yaml): a 60,000 yuan stay in a
level-3 hospital, high tier, Lhasa 2025.
Basic insurance: (60000 − 400) × 85% = 50660; self-paid 9340. Catastrophic insurance (segments
assumption: 70% up to 20000): baseline (9340 − 5000) × 70% = 3038; with the deductible at 4000,
(9340 − 4000) × 70% = 3738 — 700 more, 1000 × 70%.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from yibao.calculators.premium import premium
from yibao.errors import InputError
from yibao.policy import load_policy
from yibao.policy.reform import REFORM_SOURCE, Reform, read_reform
from yibao.policy.reformed import apply_reform, reform_of, settable_values
from yibao.settlement import Person, settle
from yibao.whatif.compare import compare_reform

rules = pytest.mark.rules
STAY = [{"date": "2025-03-01", "kind": "inpatient", "cost": "60000", "level": 3}]
LOWER = {"catastrophic.deductible.high": "4000"}


def _year(policy, claims=STAY, **kw):
    return settle(Person(policy, tier=kw.pop("tier", "high"), **kw), claims)


@rules("T9")
def test_the_baseline_is_untouched_and_the_reform_validated_anew():
    base = load_policy("lhasa-2025")
    new = apply_reform(base, LOWER)
    assert base.catastrophic.deductible.high.value == D(5000)
    assert new.catastrophic.deductible.high.value == D(4000) and new is not base
    assert reform_of(base) is None and reform_of(new).baseline is base
    assert apply_reform(base, LOWER) is new  # applied once
    assert apply_reform(base, None) is base and apply_reform(base, {}) is base


@rules("T9")
def test_every_line_citing_the_overridden_value_says_reform():
    new = _year(apply_reform("lhasa-2025", LOWER))
    ded = next(i for c in new.claims for i in c.items if i.path == "catastrophic.deductible.high")
    assert ded.source == REFORM_SOURCE and ded.amount == D("4000.00")
    assert "由 5,000.00 元 改为 4,000.00 元" in ded.quote and "起付标准5000元和9000元" in ded.quote
    text = new.explain()
    assert text.startswith("【改革方案:大病保险起付标准(高档)改为4,000.00 元】年度结算")
    assert "依据:改革方案《大病保险起付标准(高档)改为4,000.00 元》" in text
    assert "reform:catastrophic.deductible.high" in new.assumptions
    data = new.to_dict()
    assert data["reform"]["changes"][0] == {**data["reform"]["changes"][0], "path": "catastrophic.deductible.high",
                                            "old": "5000.00", "new": "4000.00", "rules": ["T9"]}
    # lines the reform does not touch keep the article's clause
    rate = next(i for c in new.claims for i in c.items if i.path == "basic.inpatient.levels[level_3].rate.high")
    assert rate.source == "xizang-press-2024"


@rules("T9")
def test_a_segment_rate_given_as_a_percentage():
    """(9340 − 5000) × 75% = 3255."""
    new = _year(apply_reform("lhasa-2025", {"catastrophic.segments.segments[0].rate": "75%"}))
    assert new.catastrophic == D("3255.00")
    seg = next(i for c in new.claims for i in c.items if i.path == "catastrophic.segments")
    assert seg.source == REFORM_SOURCE and "由 70% 改为 75%" in seg.quote


@rules("T7")
def test_low_tier_rate_as_decimal_or_percent_is_the_same_reform():
    a = apply_reform("lhasa-2025", {"basic.inpatient.levels[level_3].rate.low": "0.65"})
    b = apply_reform("lhasa-2025", {"basic.inpatient.levels[level_3].rate.low": "65%"})
    assert a.basic.inpatient.levels[1].rate.low.value == b.basic.inpatient.levels[1].rate.low.value == D("0.65")
    assert _year(a, tier="low").basic == (D(60000) - 400) * D("0.65")  # 38740.00


@rules("L3", "L7")
def test_premium_reform_marks_the_tier_and_the_aid_rule():
    """L7 at a highest tier of 380 with the individual's 40 lowered to 20: assistance pays 360."""
    pol = apply_reform("lhasa-2025", {"premium.tiers.high": "380", "premium.aids[l7_forty].amount": "20"})
    r = premium(pol, groups=["dibao"])
    assert (r.standard, r.individual, r.paid_by["medical_assistance"]) == (D(380), D(20), D(360))
    assert r.headline().startswith("【改革方案:")
    aid = next(i for i in r.items if i.label.startswith("资助"))
    assert aid.source == REFORM_SOURCE  # the rule around the changed amount says so too
    assert premium("lhasa-2025", groups=["dibao"]).individual == D(40)


# ---------------------------------------------------------------- bad input: one message naming the override


@pytest.mark.parametrize("over, field, words", [
    ({"catastrophic.deductible.hihg": "4000"}, "catastrophic.deductible.hihg", "nearest: catastrophic.deductible.high"),
    ({"catastrophic.deductible.high": "85%"}, "catastrophic.deductible.high", "is a percentage"),
    ({"basic.inpatient.levels[level_3].rate.low": "4000元"}, "rate.low", "is an amount of yuan"),
    ({"basic.inpatient.levels[level_3].rate.high": "120%"}, "rate.high", "out of range for a rate"),
    ({"basic.inpatient.levels[level_3].rate.high": "0.12345"}, "rate.high", "more than four decimals"),
    ({"catastrophic.cap": "-1"}, "catastrophic.cap", "negative"),
    ({"catastrophic.cap": "12.345"}, "catastrophic.cap", "decimals"),
    ({"catastrophic.cap": "2025-01-01"}, "catastrophic.cap", "not a number"),
    ({"waiting.fixed_months": "2.5"}, "waiting.fixed_months", "not a whole number"),
    ({"coverage.windows[l1_concentrated].paid_to": "4000"}, "paid_to", "not a date"),
    ({"basic.pooled_outpatient.annual_cap": "100"}, "pooled_outpatient", "is a value of yuncheng-2024"),
    ({"premium.aids[l7_forty]": "20"}, "premium.aids[l7_forty]", "premium.aids[l7_forty].amount"),
    ({"premium.aid_tier": "low"}, "premium.aid_tier", "a reform changes numbers and dates"),
    ({"facts.monitoring_line_2024": "9000"}, "facts.monitoring_line_2024", "the calculators do not use it"),
    ({"coverage.windows[l1_concentrated].paid_to": "2024-09-01"}, "paid_to", "'paid_to' 2024-09-01 is before 'paid_from' 2024-09-25"),
    ({"catastrophic.segments.segments[0].up_to": "60000"}, "segments", "segments must rise"),
    ({"catastrophic.cap": "100000001"}, "catastrophic.cap", "too large"),
])
def test_bad_override_is_one_message_naming_it(over, field, words):
    with pytest.raises(InputError) as e:
        apply_reform("lhasa-2025", over)
    assert field in e.value.field and words in str(e.value), str(e.value)


def test_a_path_set_twice_is_refused():
    with pytest.raises(InputError, match="again"):
        Reform.from_sets(["catastrophic.cap=1000", "catastrophic.cap = 2000"])


def test_set_needs_path_and_value():
    for bad in ("catastrophic.cap", "=4000", ""):
        with pytest.raises(InputError) as e:
            Reform.from_sets([bad])
        assert e.value.field == "--set"


def test_every_settable_value_is_a_number_or_date_the_calculators_use():
    values = settable_values(load_policy("lhasa-2025"))
    assert "catastrophic.deductible.high" in values and "premium.tiers.low" in values
    assert "catastrophic.segments.segments[2].rate" in values
    assert not any(p.startswith("facts.") for p in values)
    assert all(v.unit in ("yuan", "rate", "days", "months", "years", "count", "age", "date") for v in values.values())


# ---------------------------------------------------------------- reform files


def _file(tmp_path, text):
    p = tmp_path / "reform.yaml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """title: 大病保险起付线降至4000元
note: 测算降低高档大病保险起付线的成本
overrides:
  - path: catastrophic.deductible.high
    value: 4000
    note: 高档起付线由5000元降至4000元
  - path: catastrophic.segments.segments[0].rate
    value: 0.75
    note: 第一段提高5个百分点
"""


@rules("T9")
def test_a_reform_file_with_a_note_for_each_override(tmp_path):
    ref = read_reform(_file(tmp_path, GOOD))
    assert ref.title == "大病保险起付线降至4000元" and len(ref.overrides) == 2
    new = _year(apply_reform("lhasa-2025", ref))
    assert new.catastrophic == D("4005.00")  # (9340 − 4000) × 75%
    seg = next(i for c in new.claims for i in c.items if i.path == "catastrophic.segments")
    assert "第一段提高5个百分点" in seg.quote


@pytest.mark.parametrize("text, words", [
    (GOOD.replace("    note: 高档起付线由5000元降至4000元\n", ""), "note"),
    (GOOD.replace("value: 4000", "value: 1_000"), "YAML 1.1"),
    (GOOD.replace("value: 4000", "value: yes"), "boolean"),
    (GOOD.replace("value: 4000", "value: true"), "true/false"),
    (GOOD + "extra: 1\n", "extra"),
    ("title: x\noverrides:\n  - &a {path: catastrophic.cap, value: 1, note: ab}\n  - *a\n", "anchors"),
    ("title: x\noverrides: []\n", "no overrides"),
    ("- 1\n", "mapping"),
    (GOOD.replace("    note: 第一段提高5个百分点\n", "    note: ' '\n"), "note"),
])
def test_a_bad_reform_file_is_one_message(tmp_path, text, words):
    with pytest.raises(InputError) as e:
        read_reform(_file(tmp_path, text))
    assert words in str(e.value), str(e.value)


def test_no_reform_file_there(tmp_path):
    with pytest.raises(InputError) as e:
        read_reform(tmp_path / "missing.yaml")
    assert e.value.field == "--reform"


# ---------------------------------------------------------------- the command line


def test_cli_set_on_premium_coverage_settle(cli):
    code, out, err = cli("premium", "--policy", "lhasa-2025", "--tier", "low", "--set", "premium.tiers.low=200")
    assert code == 0 and out.startswith("【改革方案:低档个人缴费标准改为200.00 元】个人缴费 200.00 元"), err
    code, out, err = cli("settle", "--policy", "lhasa-2025", "--tier", "high", "--inpatient", "60000", "--level", "3",
                         "--set", "catastrophic.deductible.high=4000", "--json")
    assert code == 0 and json.loads(out)["catastrophic"] == "3738.00"
    code, out, err = cli("coverage", "--policy", "lhasa-2025", "--paid-on", "2025-02-01",
                         "--set", "coverage.windows[l1_concentrated].paid_to=2025-02-25", "--json")
    assert code == 0 and json.loads(out)["start"] == "2025-01-01"


def test_cli_reform_file_and_set_together(cli, tmp_path):
    path = _file(tmp_path, GOOD)
    code, out, err = cli("settle", "--policy", "lhasa-2025", "--tier", "high", "--inpatient", "60000", "--level", "3",
                         "--reform", str(path), "--set", "catastrophic.cap=3000", "--json")
    assert code == 0, err
    assert json.loads(out)["catastrophic"] == "3000.00"  # 4005 capped at 3000
    code, out, err = cli("settle", "--policy", "lhasa-2025", "--tier", "high", "--inpatient", "60000", "--level", "3",
                         "--reform", str(path), "--set", "catastrophic.deductible.high=3000")
    assert code == 2 and "again" in err and len(err.splitlines()) == 1


def test_cli_bad_set_exits_2_with_one_line(cli):
    code, _out, err = cli("settle", "--policy", "lhasa-2025", "--tier", "high", "--inpatient", "100", "--level", "3",
                         "--set", "catastrophic.deductible.hihg=4000")
    assert code == 2 and len(err.splitlines()) == 1 and "catastrophic.deductible.high" in err


# ---------------------------------------------------------------- baseline and reform side by side (C1)


@rules("C1", "T9", "T10", "T11")
def test_compare_reform_for_a_person_and_a_household():
    """A dibao member (T10: deductible halved, +5 points; T11 class 3: 95%): baseline (9340 − 2500) × 75% = 5130,
    assistance (9340 − 5130) × 95% = 3999.50; reform (9340 − 2000) × 75% = 5505, (9340 − 5505) × 95% = 3643.25.
    Out of pocket: 9340 − 5130 − 3999.50 = 210.50 and 9340 − 5505 − 3643.25 = 191.75; premium 40 (L7)."""
    one = compare_reform("lhasa-2025", LOWER, person={"tier": "high"}, claims=STAY)
    (b, r), = one.members
    assert (b.amount("catastrophic"), r.amount("catastrophic")) == (D("3038.00"), D("3738.00"))
    assert (b.amount("burden"), r.amount("burden")) == (D("6702.00"), D("6002.00"))
    home = compare_reform("lhasa-2025", LOWER, members=[
        {"tier": "high", "claims": STAY}, {"groups": ["dibao"], "tier": "high", "claims": STAY}, {"tier": "low"}])
    dibao = home.members[1]
    assert (dibao[0].amount("catastrophic"), dibao[1].amount("catastrophic")) == (D("5130.00"), D("5505.00"))
    assert (dibao[0].amount("assistance"), dibao[1].amount("assistance")) == (D("3999.50"), D("3643.25"))
    assert (dibao[0].amount("burden"), dibao[1].amount("burden")) == (D("250.50"), D("231.75"))
    assert home.total("burden", 0) == D("6702.00") + D("250.50") + D("220.00")
    assert home.total("burden", 1) - home.total("burden", 0) == D("-718.75")
    text = home.explain()
    assert text.startswith("【改革方案:") and "| 合计 | 全年负担" in text


def test_compare_cli_needs_one_policy_and_says_when_the_reform_does_not_touch_the_person(cli):
    code, out, err = cli("compare", "--set", "catastrophic.deductible.high=4000")
    assert code == 2 and "--policy" in err
    code, out, err = cli("compare", "--policy", "lhasa-2025", "--set", "catastrophic.deductible.high=4000")
    assert code == 0 and "没有用到" in out
    code, out, err = cli("compare", "--claims", "x.csv")
    assert code == 2 and "only with --set" in err


@rules("C1")
def test_compare_cli_household_file(cli, tmp_path):
    """The household of the API test above, from a file: −700 for the first, −18.75 for the dibao member."""
    f = tmp_path / "home.json"
    stay = json.dumps(STAY)
    f.write_text(f'[{{"tier": "high", "claims": {stay}}}, {{"tier": "high", "groups": ["dibao"], "claims": {stay}}},'
                 '{"tier": "low"}]', encoding="utf-8")
    code, out, err = cli("compare", "--policy", "lhasa-2025", "--set", "catastrophic.deductible.high=4000",
                         "--household", str(f), "--json")
    assert code == 0, err
    total = json.loads(out)["total"]["burden"]
    assert (total["baseline"], total["reform"]) == ("7172.50", "6453.75")
    code, out, err = cli("compare", "--policy", "lhasa-2025", "--set", "catastrophic.deductible.high=4000",
                         "--household", str(f), "--age", "30")
    assert code == 2 and "--age" in err and "household file" in err
    f.write_text('[{"tier": "high", "claims": [{"date": "2025-03-01", "kind": "inpatient", "cost": "x", "level": 3}]}]',
                 encoding="utf-8")
    code, out, err = cli("compare", "--policy", "lhasa-2025", "--set", "catastrophic.deductible.high=4000",
                         "--household", str(f))
    assert code == 2 and "members[0].claims[0].cost" in err
    f.write_text('{"tier": "high"}', encoding="utf-8")
    code, out, err = cli("compare", "--policy", "lhasa-2025", "--set", "catastrophic.deductible.high=4000",
                         "--household", str(f))
    assert code == 2 and "not a list of members" in err
