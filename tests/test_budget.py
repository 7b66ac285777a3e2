"""Budget impact: a population under the baseline and a reform, with the table API — and the same
numbers, row by row, as the one-person path (premium(), settle()) under the reformed policy."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from yibao.calculators.premium import premium  # noqa: E402
from yibao.errors import InputError  # noqa: E402
from yibao.policy.reformed import apply_reform  # noqa: E402
from yibao.settlement import Person, settle  # noqa: E402
from yibao.whatif.budget import AMOUNTS, budget_impact  # noqa: E402

rules = pytest.mark.rules
REFORM = {"catastrophic.deductible.high": "4000", "premium.tiers.high": "420",
          "assistance.classes[class_3].rate": "100%", "basic.inpatient.levels[level_3].rate.low": "0.65"}
GROUPS = ["", "", "", "dibao", "tekun", "relapse_poverty", "edge_poverty", "dibao_edge", "orphan"]


def _population(seed: int = 15, n: int = 40):
    rng = np.random.default_rng(seed)
    people, claims = [], []
    for i in range(n):
        g = GROUPS[rng.integers(len(GROUPS))]
        aided = g in ("dibao", "tekun", "edge_poverty", "dibao_edge", "orphan")
        p = {"person_id": f"p{i}", "tier": "high" if aided or rng.random() < 0.5 else "low", "groups": g,
             "sex": ["female", "male"][rng.integers(2)], "age": int(rng.integers(0, 90)),
             "continuous_years": int(rng.integers(0, 14))}
        people.append(p)
        for _ in range(int(rng.integers(0, 4))):
            kind = ["inpatient", "special_outpatient", "general_outpatient"][rng.integers(3)]
            c = {"person_id": p["person_id"], "date": dt.date(2025, 1, 1) + dt.timedelta(days=int(rng.integers(365))),
                 "kind": kind, "cost": D(int(rng.choice([rng.integers(0, 50_000), rng.integers(0, 20_000_000)])))
                 .scaleb(-2), "level": int(rng.integers(1, 4)) if kind == "inpatient" else None}
            claims.append(c)
    pdf = pd.DataFrame(people)
    cdf = pd.DataFrame(claims)
    cdf["level"] = cdf["level"].astype("Int64")
    return people, claims, pdf, cdf


def _one_person(policy, p, claims):
    prem = premium(policy, tier=p["tier"], groups=[p["groups"]] if p["groups"] else [], sex=p["sex"], age=p["age"])
    mine = [{k: v for k, v in c.items() if k != "person_id" and v is not None} for c in claims
            if c["person_id"] == p["person_id"]]
    year = settle(Person(policy, tier=p["tier"], groups=[p["groups"]] if p["groups"] else [],
                         continuous_years=p["continuous_years"]), mine)
    return prem, year


@rules("C1", "T9", "T11", "L3", "L7")
def test_budget_rows_agree_with_the_one_person_path_under_baseline_and_reform():
    people, claims, pdf, cdf = _population()
    impact = budget_impact(pdf, cdf, "lhasa-2025", REFORM)
    reformed = apply_reform("lhasa-2025", REFORM)
    fen = lambda v: int(v.scaleb(2))  # noqa: E731
    for (i, p) in enumerate(people):
        row = impact.people.iloc[i]
        for which, policy in (("baseline", "lhasa-2025"), ("reform", reformed)):
            prem, year = _one_person(policy, p, claims)
            got = {k: int(row[f"{k}_{which}"]) for k in AMOUNTS}
            want = {"basic": fen(year.basic), "catastrophic": fen(year.catastrophic),
                    "assistance": fen(year.assistance), "out_of_pocket": fen(year.out_of_pocket),
                    "total_cost": fen(year.total_cost), "premium_individual": fen(prem.individual),
                    "premium_income": fen(prem.standard + prem.late_fiscal_share),
                    "assistance_premium": fen(prem.paid_by.get("medical_assistance", D(0))),
                    "finance_premium": fen(prem.paid_by.get("finance", D(0)))}
            want["fund_paid"] = want["basic"] + want["catastrophic"]
            want["people_total"] = want["premium_individual"] + want["out_of_pocket"]
            want["assistance_total"] = want["assistance"] + want["assistance_premium"]
            assert {k: got[k] for k in want} == want, (p["person_id"], which)
    # the reform changed something on this population, and the parts add up
    assert impact.change("catastrophic") > 0 and impact.change("premium_individual") > 0
    t = impact.total
    assert t.loc["fund_paid", "reform"] == t.loc["basic", "reform"] + t.loc["catastrophic", "reform"]


@rules("T7", "T9", "L5", "L6", "L7")
def test_a_small_population_by_hand():
    """a: 60000 at level 3, high tier: the reform's catastrophic insurance pays 3738 instead of 3038 (+700).
    b (dibao, aided at the high tier, L7): deductible halved either way (T10): 2500 → 2000, +375 catastrophic;
    assistance 95% of what is left: 4070.75 → 3714.50 (−356.25); out of pocket 214.25 → 195.50.
    c (tekun): no claims; d: special outpatient, low tier, untouched; e: a woman of 70, paid by finance (L5)."""
    people = pd.DataFrame([
        {"person_id": "a", "tier": "high", "groups": ""}, {"person_id": "b", "tier": "high", "groups": "dibao"},
        {"person_id": "c", "tier": "high", "groups": "tekun"}, {"person_id": "d", "tier": "low", "groups": ""},
        {"person_id": "e", "tier": "high", "groups": "", "sex": "female", "age": 70}])
    claims = pd.DataFrame([
        {"person_id": "a", "date": "2025-03-01", "kind": "inpatient", "cost": "60000", "level": 3},
        {"person_id": "b", "date": "2025-03-01", "kind": "inpatient", "cost": "60000", "level": 3},
        {"person_id": "b", "date": "2025-06-01", "kind": "special_outpatient", "cost": "3000", "level": None},
        {"person_id": "d", "date": "2025-05-01", "kind": "special_outpatient", "cost": "3000", "level": None}])
    claims["level"] = claims["level"].astype("Int64")
    im = budget_impact(people, claims, "lhasa-2025", {"catastrophic.deductible.high": "4000"})
    assert im.change("catastrophic") == D("700.00") + D("375.00")
    assert im.change("assistance") == D("-356.25")
    assert im.change("fund_paid") == D("1075.00")
    assert im.change("people_total") == D("-700.00") + D("-18.75")
    t = im.total
    assert t.loc["finance_premium", "baseline"] == D("400.00")  # e, L5
    assert t.loc["assistance_premium", "baseline"] == D("760.00")  # b 360 (L7) + c 400 (L6)
    assert t.loc["premium_individual", "baseline"] == D("400") + D("40") + D("0") + D("220") + D("0")
    by = im.by("group")
    assert by.loc[("一般参保人", "fund_paid"), "change"] == D("700.00")
    assert by.loc[("低保对象", "assistance"), "change"] == D("-356.25")
    assert int(by.loc[("一般参保人", "fund_paid"), "people"]) == 3
    tiers = im.by("tier")
    assert tiers.loc[("低档", "fund_paid"), "change"] == 0
    text = im.explain()
    assert text.startswith("【改革方案:大病保险起付标准(高档)改为4,000.00 元】5人:医保基金支付增加 1,075.00 元")
    data = json.loads(json.dumps(im.to_dict(), ensure_ascii=False))
    assert data["total"]["fund_paid"] == {"baseline": data["total"]["fund_paid"]["baseline"],
                                          "reform": data["total"]["fund_paid"]["reform"], "change": "1075.00"}
    assert data["by"]["group"]["低保对象"]["people"] == 1


def test_by_group_and_tier_add_up_to_the_total():
    _, _, pdf, cdf = _population(seed=3, n=25)
    im = budget_impact(pdf, cdf, "xizang-2025", {"catastrophic.deductible.low": "7000"})
    for key in ("group", "tier"):
        by = im.by(key)
        for amount in AMOUNTS:
            rows = by.xs(amount, level="amount")
            assert rows["change"].sum() == im.total.loc[amount, "change"]


def test_aided_people_settled_at_another_tier_are_pointed_out():
    people = pd.DataFrame([{"person_id": "b", "tier": "low", "groups": "dibao"}])
    claims = pd.DataFrame([{"person_id": "b", "date": "2025-03-01", "kind": "special_outpatient", "cost": "100"}])
    im = budget_impact(people, claims, "lhasa-2025", {"catastrophic.deductible.high": "4000"})
    assert im.notes and "1人" in im.notes[0]


def test_bad_reform_or_grouping_is_refused():
    _, _, pdf, cdf = _population(seed=1, n=3)
    with pytest.raises(InputError):
        budget_impact(pdf, cdf, "lhasa-2025", {})
    with pytest.raises(InputError) as e:
        budget_impact(pdf, cdf, "lhasa-2025", {"catastrophic.deductible.hihg": "4000"})
    assert "nearest" in str(e.value)
    with pytest.raises(InputError):
        budget_impact(pdf, cdf, "lhasa-2025", REFORM).by("age")
