"""A reading that leaves a person out of a rule is named in that person's result, though nothing in
it used the rule: 返贫致贫人口 and the aids written for 易返贫致贫人口 (L7, T12), the groups outside the
catastrophic tilt (T10). Others' results do not name it."""

from __future__ import annotations

import shutil
from decimal import Decimal as D

import pytest

from yibao.calculators.premium import premium
from yibao.policy.loader import policies_dir
from yibao.settlement import Person, settle

RELAPSE, T10 = "relapse_not_monitored", "t10_who"


@pytest.mark.rules("L3", "L7")
def test_relapsed_poor_in_lhasa_pay_the_full_tier_and_the_reading_says_why():
    res = premium("lhasa-2025", tier="high", groups=["relapse_poverty"])
    assert res.individual == D("400")  # L3's high tier: L7's 40 is for 易返贫致贫人口 only
    assert RELAPSE in res.assumptions
    assert "“返贫致贫人口”是不是“易返贫致贫人口”" in res.explain()


@pytest.mark.rules("T12")
def test_relapsed_poor_in_tibet_2024_pay_380_and_the_reading_says_why():
    res = premium("xizang-2024", tier="high", groups=["relapse_poverty"])
    assert res.individual == D("380") and RELAPSE in res.assumptions


@pytest.mark.rules("L7", "Y2")
@pytest.mark.parametrize("policy, groups, individual", [
    ("lhasa-2025", ["dibao"], D("40")),  # L7 applies: the reading does not decide
    ("lhasa-2025", ["edge_poverty"], D("40")),  # 易返贫致贫人口 itself
    ("yuncheng-2024", ["relapse_poverty"], D("38")),  # Yuncheng names 返贫致贫人口 with its own amount
])
def test_the_reading_is_not_named_where_it_decides_nothing(policy, groups, individual):
    res = premium(policy, groups=groups)
    assert res.individual == individual and RELAPSE not in res.assumptions


@pytest.mark.rules("T7", "T9", "T10", "T11")
def test_a_monitored_persons_stay_names_the_reading_that_leaves_them_out_of_the_tilt():
    year = settle(Person("lhasa-2025", groups=["edge_poverty"]),
                  [{"date": "2025-03-01", "kind": "inpatient", "cost": "30000", "level": 3}])
    # (30000 − 400) × 85% = 25160; self-paid 4840 is below the full deductible 5000 (no halving for them:
    # the tilt would have made it 2500); assistance class 4: 4840 × 90% = 4356; the person 484.
    assert (year.basic, year.catastrophic, year.assistance, year.out_of_pocket) == \
        (D("25160.00"), D("0.00"), D("4356.00"), D("484.00"))
    assert T10 in year.assumptions
    assert any(n.startswith("大病保险倾斜(起付线降低、支付比例提高)不适用于边缘易致贫户") for n in year.notes)


@pytest.mark.rules("T10")
def test_a_dibao_stay_uses_the_tilt_and_has_no_left_out_note():
    year = settle(Person("lhasa-2025", groups=["dibao"]),
                  [{"date": "2025-03-01", "kind": "inpatient", "cost": "30000", "level": 3}])
    assert T10 in year.assumptions and not any("不适用于" in n for n in year.notes)


@pytest.mark.parametrize("value, says", [
    ("[no_such_reading]", "假设 “no_such_reading” 没有在 assumptions 下定义"),
    ("[age_reference]", "假设 “age_reference” 列在 readings_against 中,却没有在 decides_for 写出它排除的人群"),
])
def test_check_refuses_a_reading_against_that_is_undefined_or_names_no_groups(cli, tmp_path, value, says):
    folder = tmp_path / "policies"
    shutil.copytree(policies_dir(), folder)
    f = folder / "lhasa-2025.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace(
        "readings_against: [relapse_not_monitored]", f"readings_against: {value}"), encoding="utf-8")
    code, out, err = cli("check", "--policies", str(folder), "--lang", "zh")
    assert code == 1 and "lhasa-2025.yaml 第" in out and "premium.aids[l7_forty]" in out and says in out, out


@pytest.mark.rules("Y2")
def test_a_yuncheng_severely_disabled_person_pays_380_unless_unable_to_work_and_the_reading_says_so():
    key = "yuncheng_severe_disability_work_capacity"
    res = premium("yuncheng-2024", groups=["severe_disability"])
    assert res.individual == D("380") and key in res.assumptions  # “普通人群个人缴费标准为380元”
    res = premium("yuncheng-2024", groups=["severe_disability", "disabled_unable_to_work"])
    assert res.individual == D("190") and key not in res.assumptions  # “丧失劳动能力的残疾人……190元”
