"""Cover dates and waiting periods: citations, refusals and what a later payment may not do. The hand-worked
dates are worked examples in cases/*.yaml."""

from datetime import date as d

import pytest

from yibao.calculators.coverage import coverage
from yibao.errors import InputError, NotCovered

r = pytest.mark.rules


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


# ---- T17 waiting periods, in the Lhasa 2025 concentrated period (a break gives the fixed 3 months too)

@r("T17")
def test_break_of_4_years_waits_at_least_6_months_in_all():
    for back in range(5):
        assert coverage("lhasa-2025", paid_on="2024-11-15", gap_years=4, backpaid_years=back,
                        tier="high").waiting_months >= 6


@r("T17")
def test_no_reimbursement_while_waiting():
    res = coverage("lhasa-2025", paid_on="2025-02-10")  # late: waits 3 months, from 2025-05-10
    assert res.start == d(2025, 5, 10)
    assert not res.reimbursable(d(2025, 5, 9)) and res.reimbursable(d(2025, 5, 10))


def test_no_error_prints_an_empty_list():
    with pytest.raises(NotCovered) as e:
        coverage("lhasa-2024", paid_on="2024-05-01")  # the 2024 article gives no payment dates
    assert "()" not in str(e.value) and "no payment period" in str(e.value)
    with pytest.raises(InputError) as e:
        coverage("xizang-2024", paid_on="2024-05-01")
    assert e.value.allowed and "xizang-2025" in e.value.allowed


def test_payment_date_that_does_not_exist():
    with pytest.raises(InputError) as e:
        coverage("xining-2025", paid_on="2025-02-29")
    assert e.value.field == "paid_on"


def test_birth_after_payment():
    with pytest.raises(InputError) as e:
        coverage("xining-2025", paid_on="2025-02-01", birth_date="2025-03-01", groups=["newborn"])
    assert e.value.field == "birth_date"
