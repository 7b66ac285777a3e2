"""Cover dates and waiting periods, worked by hand from the articles."""

from datetime import date as d
from decimal import Decimal as D

import pytest

from yibao.coverage import coverage
from yibao.errors import InputError, NotCovered

r = pytest.mark.rules


# ---- Lhasa 2025 (000)

@r("L1")
@pytest.mark.parametrize("paid_on", ["2024-09-25", "2024-12-31"])
def test_lhasa_concentrated_period_buys_all_of_2025(paid_on):
    res = coverage("lhasa-2025", paid_on=paid_on)
    assert (res.start, res.end, res.waiting_months) == (d(2025, 1, 1), d(2025, 12, 31), 0)


@r("L1")
def test_lhasa_before_the_period_is_not_for_2025():
    with pytest.raises(NotCovered) as e:
        coverage("lhasa-2025", paid_on="2024-09-24")
    assert e.value.field == "paid_on"


@r("L1", "T17")
def test_lhasa_paying_after_the_period_waits_3_months():
    res = coverage("lhasa-2025", paid_on="2025-01-01")
    assert res.fixed_waiting_months == 3 and res.start == d(2025, 4, 1)
    assert "lhasa_late_enrolment" in res.assumptions


@r("L9")
@pytest.mark.parametrize("group", ["unemployed_veteran", "abandoned_infant", "released_prisoner", "community_correction"])
def test_l9_groups_enrol_any_time_cover_from_next_month(group):
    res = coverage("lhasa-2025", paid_on="2025-03-15", groups=[group])
    assert (res.start, res.end, res.waiting_months) == (d(2025, 4, 1), d(2025, 12, 31), 0)


@r("L9")
def test_l9_payment_on_31_december_starts_next_january_not_in_2025():
    res = coverage("lhasa-2025", paid_on="2025-12-31", groups=["released_prisoner"])
    assert res.start == d(2026, 1, 1) and not res.covered_this_year


@r("L12")
def test_lhasa_newborn_from_payment_date_to_31_december_next_year():
    res = coverage("lhasa-2025", paid_on="2025-03-15", groups=["newborn"], birth_date="2025-03-01")
    assert (res.start, res.end, res.waiting_months) == (d(2025, 3, 15), d(2026, 12, 31), 0)


@r("L12")
def test_newborn_needs_a_birth_date():
    with pytest.raises(InputError) as e:
        coverage("lhasa-2025", paid_on="2025-03-15", groups=["newborn"])
    assert e.value.field == "birth_date"


# ---- Tibet 2025 (001)

@r("T24")
def test_tibet_newborn_covered_from_birth_date_for_that_year():
    res = coverage("xizang-2025", paid_on="2025-05-01", groups=["newborn"], birth_date="2025-04-01")
    assert (res.start, res.end, res.waiting_months) == (d(2025, 4, 1), d(2025, 12, 31), 0)


@r("T24")
def test_a_child_past_one_is_not_a_newborn_any_more():
    res = coverage("lhasa-2025", paid_on="2024-11-01", groups=["newborn"], birth_date="2023-10-31")
    assert res.basis == "l1_concentrated" and any("满1周岁" in n for n in res.notes)


# ---- T17 waiting periods, in the Lhasa 2025 concentrated period (a break gives the fixed 3 months too)

@r("T17")
@pytest.mark.parametrize("gap, back, fixed, variable, start", [
    (0, 0, 0, 0, d(2025, 1, 1)),
    (1, 0, 3, 1, d(2025, 5, 1)),   # 3 fixed + 1 per break year
    (2, 0, 3, 2, d(2025, 6, 1)),
    (2, 1, 3, 1, d(2025, 5, 1)),   # one year paid back removes one month
    (2, 2, 3, 0, d(2025, 4, 1)),
    (3, 3, 3, 0, d(2025, 4, 1)),   # a 3-year break can be repaired down to the fixed wait
    (4, 0, 3, 4, d(2025, 8, 1)),
    (4, 1, 3, 3, d(2025, 7, 1)),
    (4, 4, 3, 3, d(2025, 7, 1)),   # 4+ years: variable never below 3, "至少等待6个月"
    (6, 2, 3, 4, d(2025, 8, 1)),
    (6, 5, 3, 3, d(2025, 7, 1)),
])
def test_waiting_fixed_variable_and_repair(gap, back, fixed, variable, start):
    res = coverage("lhasa-2025", paid_on="2024-11-15", gap_years=gap, backpaid_years=back, tier="high")
    assert (res.fixed_waiting_months, res.variable_waiting_months, res.start) == (fixed, variable, start)


@r("T17")
def test_break_of_4_years_waits_at_least_6_months_in_all():
    for back in range(5):
        assert coverage("lhasa-2025", paid_on="2024-11-15", gap_years=4, backpaid_years=back,
                        tier="high").waiting_months >= 6


@r("T17")
def test_backpay_cost_is_years_times_this_years_individual_standard():
    res = coverage("lhasa-2025", paid_on="2024-11-15", gap_years=3, backpaid_years=2, tier="low")
    assert res.backpay_cost == D("440")  # 2 × 220
    assert "backpay_cost" in res.assumptions


@r("T17")
def test_cannot_pay_back_more_years_than_the_break():
    with pytest.raises(InputError) as e:
        coverage("lhasa-2025", paid_on="2024-11-15", gap_years=1, backpaid_years=2, tier="high")
    assert e.value.field == "backpaid_years"


@r("T17")
def test_no_reimbursement_while_waiting():
    res = coverage("lhasa-2025", paid_on="2025-02-10")  # late: waits 3 months, from 2025-05-10
    assert res.start == d(2025, 5, 10)
    assert not res.reimbursable(d(2025, 5, 9)) and res.reimbursable(d(2025, 5, 10))


@r("T17", "T24")
def test_newborns_do_not_wait_even_after_a_break_in_the_family():
    res = coverage("xizang-2025", paid_on="2025-05-01", groups=["newborn"], birth_date="2025-04-01", gap_years=2)
    assert res.waiting_months == 0


@r("T17", "Y1")
def test_no_waiting_period_before_2025():
    res = coverage("yuncheng-2024", paid_on="2023-10-10", gap_years=3)
    assert res.waiting_months == 0 and any("没有待遇等待期" in n for n in res.notes)


# ---- Lhasa 2024 (002)

@r("F6")
def test_f6_assistance_recipient_any_time():
    res = coverage("lhasa-2024", paid_on="2024-05-01", groups=["assistance_recipient"])
    assert res.basis.startswith("f6") and res.end == d(2024, 12, 31)


@r("F6")
@pytest.mark.parametrize("ended, anytime", [("2024-02-01", True), ("2024-01-31", False)])
def test_f6_within_3_months_of_a_job_change(ended, anytime):
    kw = dict(paid_on="2024-05-01", employee_insurance_ended_on=ended)
    if anytime:
        assert coverage("lhasa-2024", **kw).basis.startswith("f6")
    else:
        with pytest.raises(NotCovered):
            coverage("lhasa-2024", **kw)


# ---- Yuncheng 2024 (003)

@r("Y4")
@pytest.mark.parametrize("paid_on", ["2023-09-01", "2023-12-25"])
def test_yuncheng_normal_period_gives_2024(paid_on):
    res = coverage("yuncheng-2024", paid_on=paid_on)
    assert (res.start, res.end) == (d(2024, 1, 1), d(2024, 12, 31)) and not res.retroactive


@r("Y4")
def test_yuncheng_takes_payment_only_on_days_1_to_25():
    with pytest.raises(InputError) as e:
        coverage("yuncheng-2024", paid_on="2023-11-26")
    assert e.value.field == "paid_on" and "1" in e.value.allowed and "25" in e.value.allowed


@r("Y1", "Y3")
@pytest.mark.parametrize("paid_on", ["2024-01-05", "2024-02-25"])
def test_yuncheng_extension_to_25_february_reimburses_back_to_1_january(paid_on):
    res = coverage("yuncheng-2024", paid_on=paid_on)
    assert (res.start, res.end, res.retroactive) == (d(2024, 1, 1), d(2024, 12, 31), True)


@r("Y1")
def test_yuncheng_after_the_extension_is_not_covered():
    with pytest.raises(NotCovered):
        coverage("yuncheng-2024", paid_on="2024-03-01")


# ---- Xining 2025 (004)

@r("X3", "X4")
@pytest.mark.parametrize("paid_on, start", [
    ("2024-09-01", d(2025, 1, 1)), ("2024-12-31", d(2025, 1, 1)),
    ("2025-01-01", d(2025, 1, 1)), ("2025-03-31", d(2025, 3, 31)),
    ("2025-04-01", d(2025, 5, 31)),   # 60 days after 1 April
    ("2025-06-30", d(2025, 8, 29)),
    ("2025-07-01", d(2025, 8, 30)),
])
def test_xining_schedule(paid_on, start):
    res = coverage("xining-2025", paid_on=paid_on)
    assert res.start == start and res.end == d(2025, 12, 31) and res.fixed_waiting_months == 0


@r("X4")
def test_xining_sixty_days_is_a_named_assumption():
    assert "xining_sixty_days" in coverage("xining-2025", paid_on="2025-05-10").assumptions


@r("X5")
@pytest.mark.parametrize("groups", [["newborn"], ["assistance_recipient"], ["poverty_alleviated"]])
def test_xining_special_groups_not_bound_by_the_period(groups):
    kw = {"birth_date": "2025-07-20"} if groups == ["newborn"] else {}
    res = coverage("xining-2025", paid_on="2025-08-01", groups=groups, **kw)
    assert res.start <= d(2025, 8, 1) + (d(2025, 1, 2) - d(2025, 1, 1)) and res.waiting_months == 0


@r("X5")
def test_xining_within_3_months_of_leaving_employee_insurance():
    res = coverage("xining-2025", paid_on="2025-08-10", employee_insurance_ended_on="2025-06-01")
    assert res.start == d(2025, 8, 10)


@r("X4", "T17")
def test_xining_late_payer_after_a_break_adds_the_variable_wait():
    res = coverage("xining-2025", paid_on="2025-05-10", gap_years=2)
    # 60 days → 2025-07-09, then 2 months variable → 2025-09-09
    assert (res.variable_waiting_months, res.start) == (2, d(2025, 9, 9))


def test_payment_date_that_does_not_exist():
    with pytest.raises(InputError) as e:
        coverage("xining-2025", paid_on="2025-02-29")
    assert e.value.field == "paid_on"


def test_birth_after_payment():
    with pytest.raises(InputError) as e:
        coverage("xining-2025", paid_on="2025-02-01", birth_date="2025-03-01", groups=["newborn"])
    assert e.value.field == "birth_date"
