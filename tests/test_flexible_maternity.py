"""Flexible employment (002), maternity (001), account sharing (001) and enrolment (000, 004)."""

from datetime import date as d
from decimal import Decimal as D

import pytest

from yibao.calculators.account_sharing import account_sharing
from yibao.calculators.enrolment import eligibility
from yibao.calculators.flexible import employee_insurance_stop, flexible_premium
from yibao.calculators.maternity import maternity
from yibao.errors import InputError

r = pytest.mark.rules


@r("F7")
def test_flexible_worker_pays_971_19_a_month_at_10791():
    # 10791 × 9% = 971.19
    res = flexible_premium("10791", "lhasa-2024")
    assert res.monthly == D("971.19") and res.annual == D("11654.28")  # × 12


@r("F7")
def test_flexible_premium_rounds_half_up_to_the_fen():
    # 10000.50 × 9% = 900.045 → 900.05 (half up, not half even)
    assert flexible_premium("10000.50", "lhasa-2024").monthly == D("900.05")


@r("F1", "F5", "F8")
def test_flexible_shows_the_resident_alternative_and_no_maternity_insurance():
    res = flexible_premium("10791", "lhasa-2024")
    assert res.resident_tiers == {"low": D("200"), "high": D("380")}
    assert any("F8" in i.rules for i in res.items) and any("F1" in i.rules for i in res.items)


@r("F7")
@pytest.mark.parametrize("wage", ["0", "-1", "1,000", "abc", "10791.001"])
def test_flexible_bad_wage(wage):
    with pytest.raises(InputError) as e:
        flexible_premium(wage, "lhasa-2024")
    assert e.value.field == "average_wage"


@r("F2")
@pytest.mark.parametrize("ended, stops", [("2024-05-20", d(2024, 6, 1)), ("2024-12-31", d(2025, 1, 1))])
def test_employee_insurance_stops_the_month_after(ended, stops):
    res = employee_insurance_stop(ended, policy="lhasa-2024")
    assert res.stops_on == stops and res.account_for_medicines_only


@r("F3")
def test_unemployment_fund_pays_while_benefit_is_drawn():
    res = employee_insurance_stop("2024-05-20", policy="lhasa-2024", receiving_unemployment_benefit=True)
    assert res.premium_paid_by == "unemployment_fund" and res.stops_on is None


@r("F4")
@pytest.mark.parametrize("balance, normal, allowed", [
    ("3000.01", True, True), ("3000", True, False), ("5000", False, False)])
def test_account_sharing_after_a_stop_needs_more_than_3000(balance, normal, allowed):
    res = employee_insurance_stop("2024-05-20", policy="lhasa-2024", account_balance=balance,
                                  relative_status_normal=normal)
    assert res.account_sharing_allowed is allowed


@r("T21")
@pytest.mark.parametrize("delivery, babies, lump", [
    ("normal", 1, "6000"), ("caesarean", 1, "8000"),
    ("normal", 2, "6900"),      # 6000 × (1 + 15%)
    ("caesarean", 3, "10400"),  # 8000 × (1 + 2 × 15%)
])
def test_maternity_lump_sum(delivery, babies, lump):
    assert maternity("xizang-2024", delivery=delivery, babies=babies).lump_sum == D(lump)


@r("T22")
@pytest.mark.parametrize("kw, days", [
    ({}, 120),
    ({"difficult": True}, 135),
    ({"babies": 2}, 165),                        # 120 + 15 + 30 (both survive 4 months)
    ({"babies": 2, "surviving_babies": 1}, 135),  # 120 + 15
    ({"babies": 3, "difficult": True}, 195),      # 120 + 15 + 2 × 15 + 30
])
def test_maternity_allowance_days_add_up(kw, days):
    res = maternity("xizang-2024", delivery="normal", **kw)
    assert res.allowance_days == days and res.nursing_days == 15


@r("T22")
def test_nutrition_allowance_is_1_percent_of_last_years_wage():
    assert maternity("xizang-2024", delivery="normal", average_wage_last_year="123456.78").nutrition_allowance == D("1234.57")


@r("T21")
@pytest.mark.parametrize("kw, field", [({"delivery": "forceps"}, "delivery"), ({"babies": 0}, "babies"),
                                       ({"babies": 2, "surviving_babies": 3}, "surviving_babies")])
def test_maternity_bad_input(kw, field):
    kw.setdefault("delivery", "normal")
    with pytest.raises(InputError) as e:
        maternity("xizang-2024", **kw)
    assert e.value.field == field


@r("T20")
def test_resident_relative_draws_on_the_authoriser():
    res = account_sharing("parent", "resident", "500", authoriser_balance="300", policy="xizang-2024")
    assert (res.from_own_account, res.from_authoriser, res.left_to_pay) == (0, D("300"), D("200"))


@r("T20")
def test_employee_relative_uses_own_account_first():
    res = account_sharing("spouse", "employee", "500", authoriser_balance="1000", member_balance="200",
                          policy="xizang-2024")
    assert (res.from_own_account, res.from_authoriser, res.left_to_pay) == (D("200"), D("300"), 0)


@r("T20")
def test_no_sharing_outside_tibet():
    res = account_sharing("child", "employee", "500", authoriser_balance="1000", member_insured_in_region=False,
                          policy="xizang-2024")
    assert not res.allowed and res.left_to_pay == D("500")


@r("T20")
def test_sharing_with_a_sibling_is_not_in_the_rule():
    with pytest.raises(InputError) as e:
        account_sharing("sibling", "resident", "1", authoriser_balance="1", policy="xizang-2024")
    assert e.value.field == "relation"


@r("L2")
def test_lhasa_enrolment_categories():
    assert eligibility("lhasa-2025", category="student").may_enrol
    with pytest.raises(InputError) as e:
        eligibility("lhasa-2025", category="tourist")
    assert e.value.field == "category"


@r("X1", "X9")
def test_xining_no_double_enrolment():
    assert eligibility("xining-2025").may_enrol
    assert not eligibility("xining-2025", employee_insured=True).may_enrol
    assert not eligibility("xining-2025", enrolled_elsewhere=True).may_enrol
