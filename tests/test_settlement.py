"""Settlement: refusals, the employee outpatient mechanism on a test policy, output, disclosure and invariants.
The hand-worked settlements (T3–T13, T17, T19, T23, F9, Y3, Y6) are worked examples in cases/*.yaml."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_fixtures import with_employee_rate
from strategies import bills, claims

from yibao.errors import InputError, NotCovered
from yibao.policy.loader import load_policy
from yibao.settlement import Claim, Person, settle

TIBET = "xizang-2024"


def claim(kind="inpatient", cost="10000", day="2024-03-01", **kw):
    return Claim.from_mapping({"date": day, "kind": kind, "cost": cost, **kw}, lambda c: c)


def one(kind="inpatient", cost="10000", tier="high", policy=TIBET, person=None, **kw):
    person = person or Person(policy, tier=tier)
    r = settle(person, [claim(kind, cost, **kw)])
    return r.claims[0], r


def check_invariant(r):
    for c in r.claims:
        assert c.basic + c.catastrophic + c.assistance + c.out_of_pocket == c.total_cost
        assert min(c.basic, c.catastrophic, c.assistance, c.out_of_pocket) >= 0
        for v in (c.basic, c.catastrophic, c.assistance, c.out_of_pocket):
            assert v == v.quantize(D("0.01"))
    assert r.basic + r.catastrophic + r.assistance + r.out_of_pocket == r.total_cost


# ---------------------------------------------------------------- T19 ethnic medicines


@pytest.mark.rules("T19")
def test_ethnic_share_validated():
    with pytest.raises(InputError, match=r"claims\[0\]\.ethnic_share"):
        settle(Person(TIBET, tier="high"), [{"date": "2024-01-01", "kind": "inpatient", "level": "3",
                                              "cost": "100", "ethnic_share": "100.01"}])
    with pytest.raises(InputError, match="ethnic_share"):
        claim("general_outpatient", "100", ethnic_share="10")


# ---------------------------------------------------------------- delivery T23, T13; employee T18


@pytest.mark.rules("T18")
def test_employee_outpatient_without_a_stated_rate_is_refused_naming_what_is_missing():
    # T18 gives the deductibles 140/200 and the limit 5000, no rate: nothing is computed from a guess
    with pytest.raises(NotCovered) as e:
        settle(Person(TIBET, tier="high"), [{"date": "2024-05-01", "kind": "employee_outpatient", "cost": "1000"}])
    assert e.value.field == "claims[0].kind" and e.value.rules == ("T18",)
    for words in ("no reimbursement rate", "140", "200", "5000", "职工医保门诊统筹"):
        assert words in str(e.value)
    assert "employee_outpatient_rate_unstated" in load_policy(TIBET).assumptions


@pytest.mark.rules("T18")
@pytest.mark.parametrize("retired, paid", [(False, "560.00"), (True, "602.00")])
def test_employee_outpatient_deductible_140_or_200_with_a_stated_rate(retired, paid):
    # the mechanism on a copy of the policy stating a rate of 70% (a test number, tests/policy_fixtures.py):
    # working: (1000 − 200) × 70% = 560; retired: (1000 − 140) × 70% = 602
    p = Person(with_employee_rate(), tier="high", retired=retired)
    c, r = one("employee_outpatient", "1000", person=p)
    assert c.basic == D(paid)


@pytest.mark.rules("T18")
def test_employee_outpatient_annual_limit_5000():
    # (8000 − 200) × 70% = 5460 → the annual limit 5000
    c, _ = one("employee_outpatient", "8000", person=Person(with_employee_rate(), tier="high"))
    assert c.basic == D("5000.00")


# ---------------------------------------------------------------- assistance T11 T13


@pytest.mark.rules("T11")
def test_assistance_major_disease_patient_has_the_300000_cap_for_the_year():
    p = Person(TIBET, tier="low", groups=["tekun"], major_disease=True)
    r = settle(p, [claim("special_outpatient", "725000.05", day="2024-01-01"),
                   claim("special_outpatient", "725000.05", day="2024-02-01")])
    # left 150000.02 then 290000.02: running total 150000.02, then 440000.04 above the 300000 cap,
    # so the second bill gets 300000 − 150000.02 = 149999.98. The two caps do not add.
    assert [c.assistance for c in r.claims] == [D("150000.02"), D("149999.98")]
    assert r.state.assistance_major == D("300000.00") and r.state.assistance_ordinary == 0
    assert r.assistance == D("300000.00")
    assert "重特大疾病医疗救助年度限额300,000.00 元" in r.explain()
    check_invariant(r)


@pytest.mark.rules("T11")
def test_major_disease_on_a_bill_is_refused():
    with pytest.raises(InputError, match=r"claims\[0\]\.major_disease: is a fact about the person"):
        settle(Person(TIBET, tier="low", groups=["tekun"]),
               [{"date": "2024-03-01", "kind": "special_outpatient", "cost": "100", "major_disease": "yes"}])


# ---------------------------------------------------------------- Yuncheng Y6, Y3


@pytest.mark.rules("Y6")
def test_yuncheng_has_no_tibet_inpatient_rule():
    with pytest.raises(NotCovered):
        settle(Person("yuncheng-2024"), [claim(level=3, day="2024-05-01")])
    with pytest.raises(InputError, match="tier"):
        Person("yuncheng-2024", tier="high")


# ---------------------------------------------------------------- validation and output


@pytest.mark.rules("T6", "T7")
@pytest.mark.parametrize("bad, field", [
    ({"level": "4"}, r"claims\[1\]\.level"),
    ({"level": ""}, r"claims\[1\]\.level"),
    ({"kind": "dental"}, r"claims\[1\]\.kind"),
    ({"cost": "-1"}, r"claims\[1\]\.cost"),
    ({"cost": 10.5}, r"claims\[1\]\.cost"),
    ({"cost": "1.001"}, r"claims\[1\]\.cost"),
    ({"date": "2024-02-30"}, r"claims\[1\]\.date"),
    ({"date": "2023-12-31"}, r"claims\[1\]\.date"),
    ({"excluded": "cosmetic"}, r"claims\[1\]\.excluded"),
    ({"emergency": "maybe"}, r"claims\[1\]\.emergency"),
    ({"levle": "3"}, r"claims\[1\]\.levle"),
    ({"admission": "0"}, r"claims\[1\]\.admission"),
])
def test_bad_claims_name_the_field(bad, field):
    good = {"date": "2024-01-01", "kind": "inpatient", "cost": "100", "level": "3"}
    with pytest.raises(InputError, match=field):
        settle(Person(TIBET, tier="high"), [good, {**good, **bad}])


@pytest.mark.rules("Y6")
def test_pooled_outpatient_needs_facility():
    with pytest.raises(InputError, match=r"claims\[0\]\.facility"):
        settle(Person("yuncheng-2024"), [{"date": "2024-01-01", "kind": "pooled_outpatient", "cost": "1",
                                          "drug_class": "jia"}])


@pytest.mark.rules("T5")
def test_bad_person():
    with pytest.raises(InputError, match="tier"):  # asked where a bill depends on it (an admission)
        settle(Person(TIBET), [claim(level=3, cost="100")])
    with pytest.raises(InputError, match="tier"):
        Person(TIBET, tier="middle")
    with pytest.raises(InputError, match="groups"):
        Person(TIBET, tier="high", groups=["rich"])
    with pytest.raises(InputError, match="continuous_years"):
        Person(TIBET, tier="high", continuous_years=-1)
    with pytest.raises(InputError, match="policy"):
        Person("atlantis-2024", tier="high")
    assert Person(TIBET, tier="高档", groups=["低保"]).tier == "high"


@pytest.mark.rules("T7", "C2")
def test_output_explains_and_serialises():
    p = Person(TIBET, tier="high", groups=["dibao"])
    r = settle(p, [claim(level=3, cost="100000"), claim("general_outpatient", "100", excluded="abroad")])
    d = r.to_dict()
    for k in ("total_cost", "basic", "catastrophic", "assistance", "out_of_pocket", "claims", "assumptions"):
        assert k in d
    assert d["total_cost"] == "100100.00"
    assert isinstance(d["basic"], str) and d["claims"][1]["reason_not_paid"] == "abroad"
    assert "catastrophic_segments" in d["assumptions"]
    text = r.explain()
    assert "年度结算" in text and "依据" in text and "境外就医" in text and "大病保险" in text
    check_invariant(r)


@pytest.mark.rules("T4")
def test_empty_year():
    r = settle(Person(TIBET, tier="high"), [])
    assert r.total_cost == 0 and r.to_dict()["claims"] == []


# ---------------------------------------------------------------- invariants (hypothesis)

_GROUPS = ["tekun", "orphan", "dibao", "dibao_edge", "monitored", "border_resident", "relapse_poverty", "newborn"]
_POLICY = with_employee_rate(TIBET)  # so that the generated employee outpatient claims settle


@pytest.mark.rules("T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T13", "T19", "T23")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims(_POLICY, n_max=30, cost=bills, excluded_one_in=10, undesignated_one_in=None), tier=st.sampled_from(["high", "low"]),
       groups=st.lists(st.sampled_from(_GROUPS), max_size=3), years=st.integers(0, 15), major=st.booleans())
def test_invariants(claims, tier, groups, years, major):
    p = Person(_POLICY, tier=tier, groups=groups, continuous_years=years, major_disease=major)
    r = settle(p, claims)
    check_invariant(r)
    s = r.state
    assert s.general_outpatient_paid <= 300
    assert s.employee_outpatient_paid <= 5000
    assert r.catastrophic == s.catastrophic_paid <= 140000
    assert s.assistance_ordinary <= 150000 and s.assistance_major <= 300000
    assert s.assistance_major == 0 if not major else s.assistance_ordinary == 0
    assert r.assistance == s.assistance_ordinary + s.assistance_major
    for c in r.claims:
        if c.reason_not_paid:
            assert c.out_of_pocket == c.total_cost
        assert c.out_of_pocket >= c.claim.outside_catalogue


# ---------------------------------------------------------------- group relations, T8, T4's limit, incentives (issue 10)


@pytest.mark.rules("T4", "T6")
def test_basic_annual_limit_the_articles_do_not_give_is_disclosed():
    _, r = one(level=3)  # basic paid (10000 − 400) × 85% = 8160 on an admission
    assert "basic_annual_limit_unstated" in r.assumptions
    line = next(i for i in r.items if "年度最高支付限额" in i.label)
    assert "8,160.00 元" in line.label and line.quote == "年度最高报销300元,不计入住院和门诊特殊病年度最高支付限额"
    _, r = one("general_outpatient", "100")  # cannot reach it
    assert "basic_annual_limit_unstated" not in r.assumptions


@pytest.mark.rules("T14", "T15", "T16")
def test_a_2024_policy_refuses_an_incentive_raise():
    with pytest.raises(InputError) as e:
        Person(TIBET, tier="high", incentive_amount="1000")
    assert e.value.field == "incentive_amount" and "2025" in str(e.value)
    assert Person(TIBET, tier="high", incentive_amount="0").incentive_amount == 0


@pytest.mark.rules("T16")
@pytest.mark.parametrize("pid", ["xizang-2025", "lhasa-2025"])
def test_no_2025_policy_lets_an_incentive_exceed_20_percent(pid):
    # 140000 × 20% = 28000
    Person(pid, tier="high", incentive_amount="28000.00")
    with pytest.raises(InputError, match=r"28000.00"):
        Person(pid, tier="high", incentive_amount="28000.01")


@pytest.mark.rules("T10")
def test_t10_reading_is_shown_where_the_other_reading_would_tilt():
    # dibao_edge is a 医疗救助对象 but not one of T10's three groups: no tilt, and the reading is listed
    _, r = one("special_outpatient", "60000", person=Person(TIBET, tier="high", groups=["dibao_edge"]))
    assert r.claims[0].catastrophic == D("700.00") and "t10_who" in r.assumptions
    _, r = one("special_outpatient", "60000", person=Person(TIBET, tier="high"))
    assert "t10_who" not in r.assumptions  # not a 医疗救助对象 under either reading


# ---------------------------------------------------------------- declared benefit tiers


@pytest.mark.rules("T5", "T6", "T9")
def test_benefit_tiers_are_the_policys_declared_ones():
    from yibao.settlement import benefit_tiers

    assert benefit_tiers(load_policy("xizang-2024")) == ("high", "low")
    assert benefit_tiers(load_policy("yuncheng-2024")) == ("standard",)
    assert benefit_tiers(load_policy("national-2025")) == ("standard",)  # no basic section: one standard
    with pytest.raises(InputError, match="not a benefit tier of policy yuncheng-2024"):
        Person("yuncheng-2024", tier="high")
    with pytest.raises(InputError, match="two benefit tiers"):
        settle(Person(TIBET), [claim("special_outpatient", "100")])


@pytest.mark.rules("T5", "T6")
@pytest.mark.parametrize("name, old, new, why", [
    ("xizang-2024", "  tiers: [high, low]\n", "", "declare basic.tiers: [high, low]"),
    ("yuncheng-2024", "  tiers: [standard]", "  tiers: [high, low]", "no rate of the policy depends on the tier"),
    ("xizang-2024", "  tiers: [high, low]", "  tiers: [high, standard]", "neither [high, low] nor [standard]"),
])
def test_check_refuses_tiered_rates_without_declared_tiers(tmp_path, name, old, new, why):
    from policy_fixtures import copy_policies

    from yibao.errors import PolicyDataError
    from yibao.policy.check import check_policies

    folder = copy_policies(tmp_path / "policies")
    path = folder / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyDataError, match=why.replace("[", r"\[").replace("]", r"\]")):
        load_policy(name, folder)
    result = check_policies(folder)
    assert not result.ok and any(why in p.reason for p in result.problems)
