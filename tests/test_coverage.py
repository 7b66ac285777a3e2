"""Cover dates and waiting periods, worked by hand from the articles."""

from datetime import date as d
from decimal import Decimal as D

import pytest

from yibao.calculators.coverage import coverage
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
def test_lhasa_newborn_paid_in_the_period_from_payment_date_to_31_december_next_year():
    # born and paid in the 2025 concentrated period (2024): "自参保缴费之日起至次年12月31日" = 2025-12-31
    res = coverage("lhasa-2025", paid_on="2024-11-20", groups=["newborn"], birth_date="2024-11-10")
    assert (res.start, res.end, res.waiting_months, res.covered_this_year) == (d(2024, 11, 20), d(2025, 12, 31), 0,
                                                                             True)


@r("L12")
def test_lhasa_newborn_born_and_paid_in_the_benefit_year_covered_to_its_end():
    # born 2025-03-01, paid 2025-03-15: from payment to the end of the 2025 benefit year the payment
    # buys, not the literal 2026-12-31 (assumption l12_paid_in_benefit_year, shown in the result)
    res = coverage("lhasa-2025", paid_on="2025-03-15", groups=["newborn"], birth_date="2025-03-01")
    assert (res.start, res.end, res.waiting_months) == (d(2025, 3, 15), d(2025, 12, 31), 0)
    assert "l12_paid_in_benefit_year" in res.assumptions


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
def test_tibet_newborn_born_late_2024_paid_2025_is_covered_in_2025_not_2024():
    # the 2025 payment buys the 2025 benefit year: cover from 2025-01-01 (not the birth day 2024-12-20)
    # to 2025-12-31 (not 2024-12-31)
    res = coverage("xizang-2025", paid_on="2025-01-10", groups=["newborn"], birth_date="2024-12-20")
    assert (res.start, res.end, res.covered_this_year) == (d(2025, 1, 1), d(2025, 12, 31), True)
    assert "newborn_cover_in_benefit_year" in res.assumptions and any("2024" in n for n in res.notes)


@r("T17", "T24")
def test_newborn_exemption_cites_the_clause_that_grants_it():
    res = coverage("xizang-2025", paid_on="2025-05-01", groups=["newborn"], birth_date="2025-04-01")
    line = next(i for i in res.items if i.label.startswith("不设等待期"))
    assert line.quote == "自2025年起,除新生儿等特殊群体外"
    assert "固定等待期3个月" not in line.quote and "除新生儿等特殊群体外" in res.explain()


@r("T17", "F6")
def test_job_changer_exemption_cites_the_f6_clause():
    res = coverage("lhasa-2025", paid_on="2025-06-10", employee_insurance_ended_on="2025-04-30")
    line = next(i for i in res.items if i.label.startswith("不设等待期"))
    assert "随时可以参保缴费" in line.quote


@r("T24")
def test_a_child_past_one_is_not_a_newborn_any_more():
    res = coverage("lhasa-2025", paid_on="2024-11-01", groups=["newborn"], birth_date="2023-10-31")
    assert res.basis == "l1_concentrated" and any("超过1周岁" in n for n in res.notes)


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


# ---- Tibet region 2025: Lhasa's windows as the region's (assumption tibet_payment_windows)

@r("L1", "T17")
@pytest.mark.parametrize("paid_on, start, fixed", [
    ("2024-09-25", d(2025, 1, 1), 0),
    ("2024-12-31", d(2025, 1, 1), 0),
    ("2025-01-05", d(2025, 4, 5), 3),   # outside the period: from payment + the fixed 3 months
])
def test_tibet_region_answers_every_payment_date(paid_on, start, fixed):
    res = coverage("xizang-2025", paid_on=paid_on)
    assert (res.start, res.fixed_waiting_months) == (start, fixed)
    assert "tibet_payment_windows" in res.assumptions


@r("T17")
def test_tibet_region_after_a_break_waits_3_plus_n_months():
    # paid 2025-02-01 after a 2-year break: 3 fixed + 2 variable = 5 months → 2025-07-01
    res = coverage("xizang-2025", paid_on="2025-02-01", gap_years=2)
    assert (res.fixed_waiting_months, res.variable_waiting_months, res.start) == (3, 2, d(2025, 7, 1))


def test_no_error_prints_an_empty_list():
    with pytest.raises(NotCovered) as e:
        coverage("lhasa-2024", paid_on="2024-05-01")  # the 2024 article gives no payment dates
    assert "()" not in str(e.value) and "no payment period" in str(e.value)
    with pytest.raises(InputError) as e:
        coverage("xizang-2024", paid_on="2024-05-01")
    assert e.value.allowed and "xizang-2025" in e.value.allowed


# ---- Lhasa (002, standing rules in _lhasa.yaml)

@r("F6", "T17")
def test_lhasa_2025_keeps_f6_job_changers_any_time_without_waiting():
    # employee insurance ended 2025-04-30, resident insurance paid 2025-06-10 (within 3 months):
    # any time, from the next month (assumption f6_cover_start), no national wait (f6_waiting)
    res = coverage("lhasa-2025", paid_on="2025-06-10", employee_insurance_ended_on="2025-04-30")
    assert (res.basis, res.start, res.waiting_months) == ("f6_job_change", d(2025, 7, 1), 0)


@r("F6")
@pytest.mark.parametrize("group", ["tekun", "dibao", "orphan", "unsupported_child", "severe_disability",
                                   "dibao_edge", "monitored", "edge_poverty", "sudden_hardship"])
def test_lhasa_f6_assistance_recipients_by_the_tibet_list(group):
    # Tibet "将特困、低保、孤儿、重度残疾人、防返贫监测对象、低保边缘等明确为医疗救助对象"
    res = coverage("lhasa-2025", paid_on="2025-06-10", groups=[group], gap_years=2)
    assert (res.basis, res.start, res.waiting_months) == ("f6_assistance", d(2025, 7, 1), 0)
    assert "assistance_recipients_tibet" in res.assumptions


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
@pytest.mark.parametrize("group", ["tekun", "dibao", "orphan", "dibao_edge", "edge_poverty"])
def test_xining_assistance_recipients_by_the_tibet_list_are_not_bound_by_the_period(group):
    # X5 "医疗救助对象……不受居民医保参保缴费期政策限制"; who they are: assumption xining_assistance_recipients
    res = coverage("xining-2025", paid_on="2025-07-15", groups=[group], gap_years=1)
    assert (res.start, res.waiting_months, res.basis) == (d(2025, 7, 15), 0, "x5_assistance")
    assert "xining_assistance_recipients" in res.assumptions


@r("X5")
def test_xining_unstable_alleviated_is_poverty_alleviated():
    res = coverage("xining-2025", paid_on="2025-07-15", groups=["unstable_alleviated"])
    assert (res.start, res.waiting_months) == (d(2025, 7, 15), 0)
    assert "xining_alleviated_members" in res.assumptions or "xining_assistance_recipients" in res.assumptions


@r("X5")
def test_xining_within_3_months_of_leaving_employee_insurance():
    res = coverage("xining-2025", paid_on="2025-08-10", employee_insurance_ended_on="2025-06-01")
    assert res.start == d(2025, 8, 10)


@r("X4", "T17")
def test_xining_late_payer_after_a_break_waits_the_national_3_months_plus_the_variable():
    res = coverage("xining-2025", paid_on="2025-05-10", gap_years=2)
    # after a break the national fixed 3 months (holding the notice's 60 days) from payment + 2 months
    # variable: 2025-05-10 + 5 months = 2025-10-10 (assumption xining_local_wait)
    assert (res.fixed_waiting_months, res.variable_waiting_months, res.start) == (3, 2, d(2025, 10, 10))
    assert "xining_local_wait" in res.assumptions


@r("X3", "X4", "T17")
@pytest.mark.parametrize("paid_on, start", [
    ("2024-12-31", d(2025, 5, 1)),   # in the period: from 2025-01-01, 3 fixed + 1 variable
    ("2025-01-01", d(2025, 5, 1)),   # Q1: from payment, 3 + 1
    ("2025-03-31", d(2025, 7, 31)),  # 2025-03-31 + 4 months
    ("2025-04-01", d(2025, 8, 1)),   # Q2: the 60 days give way to the national 3 months: 04-01 + 4 months
    ("2025-07-01", d(2025, 11, 1)),  # late: the same
])
def test_xining_after_a_break_a_later_payment_never_starts_cover_earlier(paid_on, start):
    res = coverage("xining-2025", paid_on=paid_on, gap_years=1)
    assert (res.fixed_waiting_months, res.variable_waiting_months, res.start) == (3, 1, start)


def test_payment_date_that_does_not_exist():
    with pytest.raises(InputError) as e:
        coverage("xining-2025", paid_on="2025-02-29")
    assert e.value.field == "paid_on"


def test_birth_after_payment():
    with pytest.raises(InputError) as e:
        coverage("xining-2025", paid_on="2025-02-01", birth_date="2025-03-01", groups=["newborn"])
    assert e.value.field == "birth_date"
