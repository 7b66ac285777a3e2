"""Settling a year for an aided person without a tier: the aid is given at the highest tier (L6, L7,
T12, T13: “按最高档次”), so the person is settled at the high tier and the result says which aid set it;
a person whose aid needs an age or an income, or who has none, is still asked for the tier."""

from __future__ import annotations

import csv
import json
from decimal import Decimal as D

import pytest

from yibao.errors import InputError
from yibao.settlement import Person, settle
from yibao.skins.cli import main

DIBAO_STAY = {"date": "2025-03-01", "kind": "inpatient", "cost": "20000", "level": 3}


def amounts(year) -> tuple[D, D, D, D]:
    return year.basic, year.catastrophic, year.assistance, year.out_of_pocket


@pytest.mark.rules("L7", "T7", "T9", "T10", "T11")
def test_a_lhasa_dibao_stay_without_a_tier_is_settled_at_the_high_tier_of_the_aid():
    year = settle(Person("lhasa-2025", groups=["dibao"]), [DIBAO_STAY])
    # T7 high: (20000 − 400) × 85% = 16660; self-paid 3340.
    # T9/T10: deductible 5000 halved = 2500; (3340 − 2500) × (70% + 5%) = 630.
    # T11 class 3: (3340 − 630) × 95% = 2574.50; the person 2710 − 2574.50 = 135.50.
    assert amounts(year) == (D("16660.00"), D("630.00"), D("2574.50"), D("135.50"))
    assert year.person.tier == "high" and year.person.tier_aid.id == "l7_forty"
    text = year.explain()
    assert "缴费档次:高档(按所受资助的档次)" in text
    assert "未填缴费档次,按所受资助定为高档" in text and "个人只需按最高档次缴纳40元" in text
    assert year.to_dict()["person"]["tier_set_by_aid"] == "l7_forty"


@pytest.mark.rules("T13", "T7", "T11")
def test_a_border_resident_without_a_tier_is_settled_at_the_high_tier():
    year = settle(Person("xizang-2024", groups=["border_resident"]),
                  [{"date": "2024-03-01", "kind": "inpatient", "cost": "10000", "level": 3}])
    # (10000 − 400) × 85% = 8160; 1840 below the catastrophic deductible 5000; assistance 1840 × 90% = 1656.
    assert amounts(year) == (D("8160.00"), D("0.00"), D("1656.00"), D("184.00"))
    assert year.person.tier_aid.id == "t13_border"


@pytest.mark.rules("L7", "T7")
def test_a_tier_given_is_kept_even_for_an_aided_person():
    year = settle(Person("lhasa-2025", tier="low", groups=["dibao"]), [DIBAO_STAY])
    assert year.basic == D("11760.00")  # (20000 − 400) × 60%
    assert year.person.tier_aid is None and "按所受资助" not in year.explain()


@pytest.mark.rules("L5", "L7", "L8", "T7")
@pytest.mark.parametrize("groups", [[], ["relapse_poverty"], ["low_income_alleviated"]])
def test_without_an_aid_that_fixes_the_tier_an_inpatient_year_still_asks_for_it(groups):
    # 返贫致贫人口 have no Lhasa premium aid; L8 needs the income, L5 the age: settlement knows neither.
    with pytest.raises(InputError) as e:
        settle(Person("lhasa-2025", groups=groups), [DIBAO_STAY])
    assert e.value.field == "tier"


def test_the_cli_and_a_claims_table_settle_the_aided_person_alike(capsys, tmp_path):
    f = tmp_path / "year.csv"
    with f.open("w", newline="", encoding="utf-8") as out:
        w = csv.DictWriter(out, ["date", "kind", "cost", "level"])
        w.writeheader()
        w.writerow(DIBAO_STAY)
    results = []
    for argv in (["--inpatient", "20000", "--level", "3", "--date", "2025-03-01"],
                 ["--claims", str(f), "--detail", "full"], ["--claims", str(f), "--detail", "table"]):
        assert main(["settle", "--policy", "lhasa-2025", "--group", "低保对象", *argv, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        results.append((data["basic"], data["catastrophic"], data["assistance"], data["out_of_pocket"],
                        data["person"]["tier"], data["person"]["tier_set_by_aid"]))
    assert results == [("16660.00", "630.00", "2574.50", "135.50", "high", "l7_forty")] * 3
    assert main(["settle", "--policy", "lhasa-2025", "--group", "低保对象", "--inpatient", "20000", "--level", "3"]) == 0
    assert "未填缴费档次,按所受资助定为高档" in capsys.readouterr().out


@pytest.mark.rules("L7", "T13", "T7")
def test_a_population_table_fills_an_aided_persons_missing_tier_as_settle_does():
    import pandas as pd

    from yibao.populations.frame import settle_frames

    people = pd.DataFrame({"person_id": [1, 2, 3], "tier": ["", "", "low"],
                           "groups": ["dibao", "border_resident", "dibao"]})
    claims = pd.DataFrame({"person_id": [1, 2, 3], "date": ["2025-03-01"] * 3, "kind": ["inpatient"] * 3,
                           "cost": ["20000"] * 3, "level": [3, 3, 3]})
    _, years = settle_frames(people, claims, "lhasa-2025")
    # 1 and 2 at the aid's high tier: (20000 − 400) × 85% = 16660; 3 chose low: (20000 − 400) × 60% = 11760.
    assert [str(v) for v in years["basic"]] == ["16660.00", "16660.00", "11760.00"]
    assert str(years["out_of_pocket"][0]) == "135.50"  # as settle() worked it above
    people.loc[0, "groups"] = "relapse_poverty"
    with pytest.raises(InputError) as e:
        settle_frames(people, claims, "lhasa-2025")
    assert str(e.value.field) == "people.tier"


@pytest.mark.rules("L7", "T11")
def test_a_group_relation_two_lines_rest_on_is_said_once():
    # 边缘易致贫户 reaches both the L7 aid (its tier) and assistance class 4 through 易返贫致贫人口.
    year = settle(Person("lhasa-2025", groups=["edge_poverty"]), [DIBAO_STAY])
    relation = [i for i in year.items if i.label.startswith("人群:边缘易致贫户属于")]
    assert len(relation) == 1
    assert year.basic == D("16660.00")  # the aid's high tier: (20000 − 400) × 85%
