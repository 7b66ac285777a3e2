"""Settlement worked examples, computed by hand (the arithmetic is in the comments), and invariants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_fixtures import with_employee_rate

from yibao.errors import InputError, NotCovered
from yibao.policy.loader import load_policy
from yibao.settlement import Claim, Person, settle
from yibao.vocabulary import Exclusion

EXCLUSIONS = [e.value for e in Exclusion]

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


# ---------------------------------------------------------------- inpatient T6 T7 T8


@pytest.mark.rules("T7")
def test_level3_high_first_admission():
    c, r = one(level=3)
    # (10000 − 400) × 85% = 8160.00
    assert c.basic == D("8160.00")
    assert c.out_of_pocket == D("1840.00")
    check_invariant(r)


@pytest.mark.rules("T6")
def test_level2_high():
    c, _ = one(level=2)
    # (10000 − 200) × 90% = 8820.00
    assert c.basic == D("8820.00")


@pytest.mark.rules("T6")
def test_level1_is_level2_or_below_low_tier():
    c, _ = one(level=1, tier="low")
    # (10000 − 200) × 65% = 6370.00
    assert c.basic == D("6370.00")


@pytest.mark.rules("T7")
def test_level3_low():
    c, _ = one(level=3, tier="low")
    # (10000 − 400) × 60% = 5760.00
    assert c.basic == D("5760.00")


@pytest.mark.rules("T8")
def test_second_and_third_admission_in_date_order():
    p = Person(TIBET, tier="high")
    # given out of date order: settled by date
    r = settle(p, [claim(level=3, day="2024-09-01"), claim(level=3, day="2024-02-01"),
                   claim(level=3, day="2024-05-01"), claim(level=3, day="2024-11-01")])
    first, second, third, fourth = r.claims[1], r.claims[2], r.claims[0], r.claims[3]
    assert first.basic == D("8160.00")          # (10000 − 400) × 85%
    assert second.basic == D("8262.00")         # deductible 400 × 70% = 280; (10000 − 280) × 85%
    assert third.basic == D("8330.00")          # deductible 400 × 50% = 200; (10000 − 200) × 85%
    assert fourth.basic == D("8330.00")         # third and later: 50%
    assert r.state.admissions == 4
    assert "readmission_deductible_base" in r.assumptions
    check_invariant(r)


@pytest.mark.rules("T8")
def test_readmission_at_other_level_uses_that_levels_standard():
    r = settle(Person(TIBET, tier="high"), [claim(level=3, day="2024-01-05"), claim(level=2, day="2024-02-05")])
    # second admission at level 2: 200 × 70% = 140; (10000 − 140) × 90% = 8874.00
    assert r.claims[1].basic == D("8874.00")


@pytest.mark.rules("T8")
def test_admission_number_given():
    c, _ = one(level=3, admission=2)
    assert c.basic == D("8262.00")


@pytest.mark.rules("T6")
def test_cost_below_deductible_pays_nothing():
    c, r = one(level=2, cost="199.99")
    assert c.basic == 0 and c.out_of_pocket == D("199.99")
    check_invariant(r)


# ---------------------------------------------------------------- general outpatient T4


@pytest.mark.rules("T4")
@pytest.mark.parametrize("cost, paid", [
    ("49.99", "0.00"),      # all below the 50 deductible
    ("50.00", "0.00"),      # exactly the deductible
    ("50.01", "0.01"),      # 0.01 × 60% = 0.006 → 0.01 (half up)
    ("549.99", "299.99"),   # (549.99 − 50) × 60% = 299.994 → 299.99
    ("550.00", "300.00"),   # (550 − 50) × 60% = 300 = the cap
    ("550.01", "300.00"),   # 300.006 → 300.01, capped at 300
])
def test_general_outpatient_edges(cost, paid):
    c, r = one("general_outpatient", cost)
    assert c.basic == D(paid)
    check_invariant(r)


@pytest.mark.rules("T4")
def test_general_outpatient_deductible_and_cap_are_annual():
    p = Person(TIBET, tier="low")
    r = settle(p, [claim("general_outpatient", "30", day="2024-01-02"),    # 30 to the deductible
                   claim("general_outpatient", "30", day="2024-01-03"),    # 20 more; (30 − 20) × 60% = 6
                   claim("general_outpatient", "500", day="2024-02-01"),   # 500 × 60% = 300 → 294 left
                   claim("general_outpatient", "100", day="2024-03-01")])  # cap used: 0
    assert [c.basic for c in r.claims] == [D("0.00"), D("6.00"), D("294.00"), D("0.00")]
    assert r.state.general_outpatient_paid == D("300.00")
    assert r.state.general_outpatient_deductible_met == D("50.00")
    assert r.catastrophic == 0 and r.state.catastrophic_base == 0  # not in the catastrophic base
    check_invariant(r)


# ---------------------------------------------------------------- special outpatient T5, T3


@pytest.mark.rules("T5")
@pytest.mark.parametrize("tier, paid", [("high", "900.00"), ("low", "600.00")])
def test_special_outpatient(tier, paid):
    c, _ = one("special_outpatient", "1000", tier=tier)   # no deductible; 1000 × 90% / 60%
    assert c.basic == D(paid)


@pytest.mark.rules("T3")
@pytest.mark.parametrize("years, so, ip", [
    (9, "900.00", "8160.00"),     # no bonus yet
    (10, "930.00", "8448.00"),    # 1000 × 93%; (10000 − 400) × 88%
    (25, "930.00", "8448.00"),
])
def test_long_contribution(years, so, ip):
    p = Person(TIBET, tier="high", continuous_years=years)
    r = settle(p, [claim("special_outpatient", "1000"), claim(level=3, day="2024-04-01")])
    assert r.claims[0].basic == D(so)
    assert r.claims[1].basic == D(ip)
    assert ("long_contribution_points" in r.assumptions) == (years >= 10)
    if years in (9, 10):
        assert "long_contribution_count" in r.assumptions


@pytest.mark.rules("T3")
def test_long_contribution_not_for_general_outpatient():
    c, _ = one("general_outpatient", "150", person=Person(TIBET, tier="high", continuous_years=12))
    assert c.basic == D("60.00")   # (150 − 50) × 60%, no +3


# ---------------------------------------------------------------- T19 ethnic medicines


@pytest.mark.rules("T19")
def test_ethnic_medicines_special_outpatient():
    c, r = one("special_outpatient", "1000", ethnic_share="400")
    # other 600 × 90% = 540; ethnic 400 × 95% (90 + 5) = 380
    assert c.basic == D("920.00")
    assert "ethnic_medicine_reading" in r.assumptions


@pytest.mark.rules("T19", "T3")
def test_ethnic_medicines_capped_at_95():
    c, _ = one("special_outpatient", "1000", ethnic_share="400",
               person=Person(TIBET, tier="high", continuous_years=10))
    # other 600 × 93% = 558; ethnic min(98%, 95%) = 95%: 380
    assert c.basic == D("938.00")


@pytest.mark.rules("T19", "T7")
def test_ethnic_medicines_inpatient_deductible_from_other_costs_first():
    c, _ = one(level=3, tier="low", ethnic_share="2000")
    # other (8000 − 400) × 60% = 4560; ethnic 2000 × 65% = 1300
    assert c.basic == D("5860.00")


@pytest.mark.rules("T19")
def test_ethnic_share_validated():
    with pytest.raises(InputError, match=r"claims\[0\]\.ethnic_share"):
        settle(Person(TIBET, tier="high"), [{"date": "2024-01-01", "kind": "inpatient", "level": "3",
                                              "cost": "100", "ethnic_share": "100.01"}])
    with pytest.raises(InputError, match="ethnic_share"):
        claim("general_outpatient", "100", ethnic_share="10")


# ---------------------------------------------------------------- delivery T23, T13; employee T18


@pytest.mark.rules("T23")
def test_resident_delivery_in_full():
    c, r = one("delivery", "6543.21")
    assert c.basic == D("6543.21") and c.out_of_pocket == 0
    assert c.items[0].rules == ("T23",)


@pytest.mark.rules("T13")
def test_border_delivery_in_full():
    c, _ = one("delivery", "8000", outside_catalogue="100",
               person=Person(TIBET, tier="high", groups=["border_resident"]))
    assert c.basic == D("8000.00") and c.out_of_pocket == D("100.00")
    assert any(i.rules == ("T13",) for i in c.items)


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


# ---------------------------------------------------------------- catastrophic T9 T10


@pytest.mark.rules("T9")
@pytest.mark.parametrize("tier, cost, cat", [
    # special outpatient: self-paid = cost − basic (10% high, 40% low)
    ("high", "50000.00", "0.00"),     # self-paid 5000.00 = deductible
    ("high", "50000.10", "0.01"),     # self-paid 5000.01: 0.01 × 70% = 0.007 → 0.01
    ("high", "60000.00", "700.00"),   # (6000 − 5000) × 70%
    ("high", "49999.90", "0.00"),
    ("low", "22500.00", "0.00"),      # self-paid 9000 = deductible
    ("low", "22499.00", "0.00"),
    ("low", "25000.00", "700.00"),    # (10000 − 9000) × 70%
])
def test_catastrophic_deductible_edges(tier, cost, cat):
    c, r = one("special_outpatient", cost, tier=tier)
    assert c.catastrophic == D(cat)
    check_invariant(r)


@pytest.mark.rules("T9")
def test_catastrophic_segments():
    c, r = one("special_outpatient", "600000")
    # self-paid 60000: (20000 − 5000) × 70% + (50000 − 20000) × 80% + (60000 − 50000) × 90%
    #                = 10500 + 24000 + 9000 = 43500
    assert c.catastrophic == D("43500.00")
    assert {"catastrophic_segments", "catastrophic_base"} <= set(r.assumptions)


@pytest.mark.rules("T9")
def test_catastrophic_runs_over_the_year():
    r = settle(Person(TIBET, tier="high"), [claim("special_outpatient", "40000", day="2024-01-10"),
                                            claim("special_outpatient", "20000", day="2024-06-10")])
    # self-paid 4000, then 2000 more: cumulative 6000 → (6000 − 5000) × 70% = 700 on the second claim
    assert [c.catastrophic for c in r.claims] == [D("0.00"), D("700.00")]
    assert r.state.catastrophic_base == D("6000.00")


@pytest.mark.rules("T10", "T11")
def test_poverty_halved_deductible_and_assistance():
    c, r = one("special_outpatient", "30000", person=Person(TIBET, tier="high", groups=["dibao"]))
    # basic 27000; self-paid 3000; deductible 5000 × 50% = 2500; (3000 − 2500) × 75% = 375
    # assistance class 3 (低保) 95% of 3000 − 375 = 2625 → 2493.75; person 131.25
    assert (c.basic, c.catastrophic, c.assistance, c.out_of_pocket) == (
        D("27000.00"), D("375.00"), D("2493.75"), D("131.25"))
    check_invariant(r)


@pytest.mark.rules("T10")
def test_poverty_low_tier_segments():
    c, _ = one("special_outpatient", "100000", tier="low", person=Person(TIBET, tier="low", groups=["tekun"]))
    # self-paid 40000; deductible 9000 × 50% = 4500;
    # (20000 − 4500) × 75% + (40000 − 20000) × 85% = 11625 + 17000 = 28625
    assert c.catastrophic == D("28625.00")


@pytest.mark.rules("T9", "T14", "T16")
def test_catastrophic_cap_and_incentive():
    # self-paid 200000: 10500 + 24000 + 150000 × 90% = 169500 → capped
    c, r = one("special_outpatient", "2000000")
    assert c.catastrophic == D("140000.00")
    assert r.state.incentive_used is False
    c, r = one("special_outpatient", "2000000",
               person=Person("xizang-2025", tier="high", incentive_amount="10000"), day="2025-03-01")
    assert c.catastrophic == D("150000.00") and r.state.incentive_used
    c, _ = one("special_outpatient", "2000000",
               person=Person("xizang-2025", tier="high", incentive_amount="28000"), day="2025-03-01")
    assert c.catastrophic == D("168000.00")
    with pytest.raises(InputError, match=r"incentive_amount.*28000.00"):
        Person("xizang-2025", tier="high", incentive_amount="28000.01")


@pytest.mark.rules("T9")
def test_catastrophic_cap_just_below():
    # self-paid x with 34500 + (x − 50000) × 90% = 139999.10 → x = 167221.22
    c, _ = one("special_outpatient", "1672212.20")
    assert c.catastrophic == D("139999.10")
    c, _ = one("special_outpatient", "1672222.30")   # self-paid 167222.23 → 140000.007 → capped
    assert c.catastrophic == D("140000.00")


# ---------------------------------------------------------------- assistance T11 T13


@pytest.mark.rules("T11", "T13")
@pytest.mark.parametrize("group, rate", [
    ("tekun", "1"), ("orphan", "1"), ("unsupported_child", "1"), ("severe_disability", "1"),
    ("dibao", "0.95"), ("dibao_edge", "0.90"), ("monitored", "0.90"), ("border_resident", "0.90"),
])
def test_assistance_class_rates(group, rate):
    c, r = one("general_outpatient", "1050", person=Person(TIBET, tier="high", groups=[group]))
    # basic (1050 − 50) × 60% = 600 → capped 300; left 750; general outpatient not in the catastrophic base
    assert c.basic == D("300.00") and c.catastrophic == 0
    assert c.assistance == (D("750") * D(rate)).quantize(D("0.01"))
    check_invariant(r)


@pytest.mark.rules("T11")
def test_most_favourable_class():
    c, _ = one("general_outpatient", "1050", person=Person(TIBET, tier="high", groups=["dibao_edge", "dibao"]))
    assert c.assistance == D("712.50")   # 750 × 95%


@pytest.mark.rules("T11")
def test_no_class_no_assistance():
    c, _ = one("special_outpatient", "1000", person=Person(TIBET, tier="high", groups=["newborn"]))
    assert c.assistance == 0


@pytest.mark.rules("T11")
@pytest.mark.parametrize("cost, assistance, person", [
    # 特困, low tier: basic 60%; self-paid 40%; catastrophic at its 140000 cap; class 1 100%.
    ("725000.00", "150000.00", "0.00"),   # self-paid 290000; left 150000 = the cap exactly
    ("725000.05", "150000.00", "0.02"),   # basic 435000.03; self-paid 290000.02; left 150000.02 → cap
])
def test_assistance_ordinary_cap_edge(cost, assistance, person):
    c, r = one("special_outpatient", cost, person=Person(TIBET, tier="low", groups=["tekun"]))
    assert c.catastrophic == D("140000.00")
    assert c.assistance == D(assistance) and c.out_of_pocket == D(person)
    check_invariant(r)


@pytest.mark.rules("T11")
def test_assistance_ordinary_cap_is_for_the_whole_year():
    """Assumption assistance_cap_per_person: one running total per person and year, 150000 for a
    person who is not a major-disease patient, whatever the bills."""
    p = Person(TIBET, tier="low", groups=["tekun"])
    r = settle(p, [claim("special_outpatient", "725000.05", day="2024-01-01"),
                   claim("special_outpatient", "725000.05", day="2024-02-01")])
    # first bill: basic 60% = 435000.03, self-paid 290000.02, catastrophic its cap 140000, left 150000.02:
    # class 1 (100%) pays the ordinary cap 150000.00. Second bill: catastrophic cap used up, left
    # 290000.02, but the year's 150000 is used: 0.
    assert [c.assistance for c in r.claims] == [D("150000.00"), D("0.00")]
    assert r.claims[1].catastrophic == 0
    assert r.state.assistance_ordinary == D("150000.00") and r.state.assistance_major == 0
    assert "assistance_cap_per_person" in r.assumptions
    check_invariant(r)


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


# ---------------------------------------------------------------- F9, T17, cover


@pytest.mark.rules("F9")
@pytest.mark.parametrize("code", sorted(EXCLUSIONS))
def test_excluded_claims_pay_nothing(code):
    c, r = one(level=3, excluded=code, outside_catalogue="10")
    assert (c.basic, c.catastrophic, c.assistance) == (0, 0, 0)
    assert c.out_of_pocket == D("10010.00")
    assert c.reason_not_paid == code
    cited = [i for i in c.items if i.rules == ("F9",) and i.source == "lhasa-flexible"]
    assert cited and cited[-1].quote


@pytest.mark.rules("F9")
def test_non_designated_unless_emergency():
    c, _ = one(level=3, designated=False)
    assert c.reason_not_paid == "non_designated" and c.basic == 0
    c, _ = one(level=3, designated="false", emergency="true")
    assert c.reason_not_paid is None and c.basic == D("8160.00")


@pytest.mark.rules("F9", "T8", "T9")
def test_excluded_admission_not_counted():
    r = settle(Person(TIBET, tier="high"), [claim(level=3, day="2024-01-01", excluded="third_party"),
                                            claim(level=3, day="2024-02-01")])
    assert r.claims[1].basic == D("8160.00")    # still the first admission's deductible
    assert r.state.catastrophic_base == D("1840.00")


@pytest.mark.rules("F9")
def test_outside_catalogue_paid_by_person():
    c, r = one(level=3, outside_catalogue="500")
    assert c.total_cost == D("10500.00") and c.basic == D("8160.00") and c.out_of_pocket == D("2340.00")
    check_invariant(r)


@pytest.mark.rules("T17")
def test_waiting_period():
    p = Person("xizang-2025", tier="high", waiting_until="2025-04-01")
    r = settle(p, [claim(level=3, day="2025-03-31"), claim(level=3, day="2025-04-01")])
    assert r.claims[0].reason_not_paid == "waiting_period" and r.claims[0].basic == 0
    assert r.claims[0].items[0].rules == ("T17",) and r.claims[0].items[0].quote
    assert r.claims[1].basic == D("8160.00")   # first paid admission
    check_invariant(r)


@pytest.mark.rules("T17")
def test_outside_cover():
    p = Person(TIBET, tier="high", cover_start="2024-03-01", cover_end="2024-10-31")
    r = settle(p, [claim(level=3, day="2024-02-29"), claim(level=3, day="2024-11-01"), claim(level=3, day="2024-03-01")])
    assert [c.reason_not_paid for c in r.claims] == ["outside_cover", "outside_cover", None]


# ---------------------------------------------------------------- Yuncheng Y6, Y3


@pytest.mark.rules("Y6")
def test_yuncheng_pooled_outpatient():
    p = Person("yuncheng-2024")
    po = dict(facility="primary", drug_class="jia")
    r = settle(p, [claim("pooled_outpatient", "50", day="2024-03-01", **po),        # 50 × 60% = 30
                   claim("pooled_outpatient", "83.33", day="2024-03-02", **po),     # 49.998 → 50.00
                   claim("pooled_outpatient", "100", day="2024-03-03", **po),       # 60 → 50 a visit
                   claim("pooled_outpatient", "100", day="2024-03-04", facility="county_level2",
                         drug_class="yi"),                                            # 100 × 45% = 45
                   claim("pooled_outpatient", "100", day="2024-03-05", **po),       # 50 (total 225)
                   claim("pooled_outpatient", "100", day="2024-03-06", **po),       # 50 (total 275)
                   claim("pooled_outpatient", "100", day="2024-03-07", **po),       # 25 left of 300
                   claim("pooled_outpatient", "100", day="2024-03-08", **po)])      # 0
    assert [c.basic for c in r.claims] == [D(x) for x in ("30.00", "50.00", "50.00", "45.00", "50.00",
                                                            "50.00", "25.00", "0.00")]
    assert r.state.pooled_outpatient_paid == D("300.00")
    check_invariant(r)


@pytest.mark.rules("Y6")
def test_yuncheng_pooled_yi_primary():
    c, _ = one("pooled_outpatient", "40", policy="yuncheng-2024", tier=None, day="2024-05-01",
               facility="primary", drug_class="yi", person=Person("yuncheng-2024"))
    assert c.basic == D("20.00")   # 40 × 50%


@pytest.mark.rules("Y6")
def test_yuncheng_has_no_tibet_inpatient_rule():
    with pytest.raises(NotCovered):
        settle(Person("yuncheng-2024"), [claim(level=3, day="2024-05-01")])
    with pytest.raises(InputError, match="tier"):
        Person("yuncheng-2024", tier="high")


@pytest.mark.rules("Y3")
def test_yuncheng_retroactive():
    po = dict(facility="primary", drug_class="jia")
    p = Person("yuncheng-2024", cover_start="2024-02-20", retroactive_paid_on="2024-02-20")
    r = settle(p, [claim("pooled_outpatient", "50", day="2024-01-15", **po)])
    assert r.claims[0].basic == D("30.00")
    assert any("缴费后补报" in n and "延期缴费" in n for n in r.claims[0].notes)  # Y3, named by its window
    p = Person("yuncheng-2024", cover_start="2024-02-20")
    r = settle(p, [claim("pooled_outpatient", "50", day="2024-01-15", **po)])
    assert r.claims[0].reason_not_paid == "outside_cover"
    with pytest.raises(InputError, match="retroactive_paid_on"):
        Person(TIBET, tier="high", retroactive_paid_on="2024-02-20")


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
    with pytest.raises(InputError, match="tier"):
        Person(TIBET)
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
_KINDS = ["inpatient", "special_outpatient", "general_outpatient", "delivery", "employee_outpatient"]
_POLICY = with_employee_rate(TIBET)  # so that the generated employee outpatient claims settle


@st.composite
def _claims(draw):
    n = draw(st.integers(0, 30))
    out = []
    for _ in range(n):
        kind = draw(st.sampled_from(_KINDS))
        cost = D(draw(st.integers(0, 50_000_000))) / 100
        row = {"date": dt.date(2024, draw(st.integers(1, 12)), draw(st.integers(1, 28))), "kind": kind,
               "cost": cost, "outside_catalogue": D(draw(st.integers(0, 100_000))) / 100}
        if kind == "inpatient":
            row["level"] = draw(st.integers(1, 3))
        if kind in ("inpatient", "special_outpatient") and draw(st.booleans()):
            row["ethnic_share"] = (cost * draw(st.integers(0, 100)) / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
        if draw(st.integers(0, 9)) == 0:
            row["excluded"] = draw(st.sampled_from(sorted(EXCLUSIONS)))
        out.append(row)
    return out


@pytest.mark.rules("T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T13", "T19", "T23")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=_claims(), tier=st.sampled_from(["high", "low"]),
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


@pytest.mark.rules("T11")
@pytest.mark.parametrize("group", ["edge_poverty", "unstable_alleviated", "sudden_hardship"])
def test_monitored_households_are_assistance_class_4_at_90(group):
    # level 3, high tier, 10000: basic (10000 − 400) × 85% = 8160; self-paid 1840 (< 5000, no catastrophic);
    # class 4 "纳入防返贫监测范围的低收入人口" 90%: 1840 × 90% = 1656; left 184
    c, r = one(level=3, person=Person(TIBET, tier="high", groups=[group]))
    assert (c.basic, c.catastrophic, c.assistance, c.out_of_pocket) == (
        D("8160.00"), D("0.00"), D("1656.00"), D("184.00"))
    assert "monitored_members" in r.assumptions and any("属于" in i.label for i in r.items)


@pytest.mark.rules("T11")
def test_unsupported_child_is_an_orphan_class_2_in_full():
    # "第二类〔孤儿(含事实无人抚养儿童)〕全额": 1840 × 100% = 1840, nothing left
    c, _ = one(level=3, person=Person(TIBET, tier="high", groups=["unsupported_child"]))
    assert (c.assistance, c.out_of_pocket) == (D("1840.00"), D("0.00"))


@pytest.mark.rules("T10")
@pytest.mark.parametrize("group, tilted", [("relapse_poverty", True), ("tekun", True), ("dibao", True),
                                           ("monitored", False), ("edge_poverty", False), ("orphan", False)])
def test_catastrophic_tilt_reaches_the_three_groups_t10_names(group, tilted):
    # special outpatient 60000, high: basic 54000, self-paid 6000; deductible 5000 (2500 tilted):
    # plain (6000 − 5000) × 70% = 700; tilted (6000 − 2500) × 75% = 2625 (assumption t10_who)
    c, r = one("special_outpatient", "60000", person=Person(TIBET, tier="high", groups=[group]))
    assert c.catastrophic == (D("2625.00") if tilted else D("700.00"))
    assert "t10_who" in r.assumptions  # the reading changes every one of these results


@pytest.mark.rules("T8")
def test_a_0_yuan_inpatient_bill_still_counts_as_an_admission():
    # assumption admission_counted: 0-yuan admission on 03-01 is the first; the 10000 one on 04-01 is the
    # second: deductible 400 × 70% = 280; (10000 − 280) × 85% = 8262
    r = settle(Person(TIBET, tier="high"), [claim(cost="0", level=3), claim(cost="10000", level=3, day="2024-04-01")])
    assert r.claims[0].basic == 0 and r.claims[1].basic == D("8262.00") and r.state.admissions == 2
    assert "admission_counted" in r.assumptions and any("0元" in i.label for i in r.claims[0].items)


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


# ---------------------------------------------------------------- Y6 per visit and day


def _po(cost, drug, visit=None, day="2024-03-01", facility="primary"):
    row = {"date": day, "kind": "pooled_outpatient", "cost": cost, "facility": facility, "drug_class": drug}
    if visit is not None:
        row["visit"] = visit
    return row


@pytest.mark.rules("Y6")
def test_one_visit_split_into_jia_and_yi_rows_is_capped_once():
    # 甲 60 × 60% = 36.00; 乙 50 × 50% = 25.00; one visit: 61.00 → 50.00 (the second row 50 − 36 = 14.00)
    r = settle(Person("yuncheng-2024"), [_po("60", "jia", "v1"), _po("50", "yi", "v1")])
    assert [c.basic for c in r.claims] == [D("36.00"), D("14.00")] and r.basic == D("50.00")
    assert "yuncheng_visit_cap" in r.assumptions


@pytest.mark.rules("Y6")
def test_rows_without_a_visit_are_visits_of_their_own():
    # each row its own visit: 36.00 + 25.00 = 61.00 (the cap 50 is not reached by either)
    r = settle(Person("yuncheng-2024"), [_po("60", "jia"), _po("50", "yi")])
    assert r.basic == D("61.00")


@pytest.mark.rules("Y6")
def test_the_same_visit_name_on_another_day_is_another_visit():
    # v1 on 03-01: 36.00 + 14.00 = 50.00; v1 on 03-02: 25.00 (its own 50)
    r = settle(Person("yuncheng-2024"), [_po("60", "jia", "v1"), _po("50", "yi", "v1"),
                                         _po("50", "yi", "v1", day="2024-03-02")])
    assert [c.basic for c in r.claims] == [D("36.00"), D("14.00"), D("25.00")]


@pytest.mark.rules("Y6")
def test_visit_cap_to_the_fen_then_the_annual_300():
    # county 乙 45%: 55.55 × 45% = 24.9975 → 25.00; 甲 55%: 45.45 × 55% = 24.9975 → 25.00: visit 50.00 exactly;
    # 6 such visits = 300.00, a 7th pays 0 (annual 300)
    rows = []
    for k in range(7):
        day = f"2024-03-{k + 1:02d}"
        rows += [_po("55.55", "yi", "v", day, "county_level2"), _po("45.45", "jia", "v", day, "county_level2")]
    r = settle(Person("yuncheng-2024"), rows)
    assert [c.basic for c in r.claims[:2]] == [D("25.00"), D("25.00")]
    assert r.basic == D("300.00") and r.claims[-1].basic == 0 and r.claims[-2].basic == 0


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
        Person(TIBET)


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
