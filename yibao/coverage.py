"""When cover starts and ends, from the payment date and the person's situation.

Paying inside a window buys the cover that window states (L1, X4, Y1, Y3, Y4); some people may
enrol at any time with their own start (L9, L12, T24, F6, X5); from 2025 a waiting period may
follow (T17, see :mod:`yibao.waiting`). No reimbursement before ``start``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Iterable

from dateutil.relativedelta import relativedelta

from .errors import InputError, NotCovered
from .groups import Group, parse_groups
from .money import ZERO
from .person import parse_date, parse_tier
from .policy import as_policy
from .policy.model import AnytimeRule, Policy, Window
from .result import LineItem, Result
from .rules import implements
from .waiting import waiting_period


@dataclass
class CoverageResult(Result):
    paid_on: date | None = None
    start: date | None = None
    end: date | None = None
    basis: str = ""
    fixed_waiting_months: int = 0
    variable_waiting_months: int = 0
    backpay_cost: Decimal = ZERO
    retroactive: bool = False

    @property
    def waiting_months(self) -> int:
        return self.fixed_waiting_months + self.variable_waiting_months

    @property
    def covered_this_year(self) -> bool:
        return self.start is not None and self.end is not None and self.start <= self.end

    def reimbursable(self, day: date) -> bool:
        """Whether a cost incurred on ``day`` can be reimbursed (not before cover starts, nor while waiting)."""
        return self.covered_this_year and self.start <= day <= self.end

    def headline(self) -> str:
        if not self.covered_this_year:
            return f"{self.paid_on} 缴费:等待期到 {self.start},已超过待遇年度末 {self.end},本年度不能享受待遇"
        text = f"{self.paid_on} 缴费:{self.start} 起享受待遇,至 {self.end} 止"
        if self.waiting_months:
            text += f"(含等待期 {self.waiting_months} 个月:固定 {self.fixed_waiting_months},变动 {self.variable_waiting_months})"
        return text

    def fields(self) -> dict[str, Any]:
        return {"paid_on": self.paid_on, "start": self.start, "end": self.end, "basis": self.basis,
                "fixed_waiting_months": self.fixed_waiting_months,
                "variable_waiting_months": self.variable_waiting_months,
                "waiting_months": self.waiting_months, "backpay_cost": self.backpay_cost,
                "retroactive": self.retroactive, "covered_this_year": self.covered_this_year}


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _anytime_match(rule: AnytimeRule, groups: frozenset[Group], paid_on: date,
                   employee_ended: date | None) -> bool:
    if groups.intersection(rule.groups):
        return True
    months = rule.employee_insurance_ended_within_months
    return months is not None and employee_ended is not None and \
        employee_ended <= paid_on <= employee_ended + relativedelta(months=months)


def _anytime_start_end(pol: Policy, rule: AnytimeRule, paid_on: date, birth: date | None) -> tuple[date, date]:
    year_end = pol.coverage.benefit_year.to or _year_end(pol.coverage.benefit_year.start.year)
    start = {
        "payment_date": paid_on,
        "next_month_after_payment": (paid_on + relativedelta(months=1)).replace(day=1),
        "birth_date": birth,
    }[rule.start]
    if rule.start != "birth_date":
        start = max(start, pol.coverage.benefit_year.start) if rule.end == "benefit_year_end" else start
    end = {
        "benefit_year_end": year_end,
        "payment_year_end": _year_end(paid_on.year),
        "next_year_end_after_payment": _year_end(paid_on.year + 1),
        "birth_year_end": _year_end(birth.year) if birth else year_end,
    }[rule.end]
    return start, end


def check_paid_on(pol: Policy, paid: date) -> date:
    """Refuse a payment date outside the span in which the policy takes payments for its benefit
    year (from its first window to the year's end); returns the benefit year's last day."""
    cov = pol.coverage
    year_start = cov.benefit_year.start
    year_end = cov.benefit_year.to or _year_end(year_start.year)
    first_paid = min([w.paid_from for w in cov.windows] + [year_start])
    if not (first_paid <= paid <= year_end):
        raise NotCovered("paid_on", f"{paid} is outside policy {pol.id}, which takes payments for the "
                         f"{year_start.year} benefit year from {first_paid} to {year_end}")
    return year_end


def _window_for(pol: Policy, paid_on: date) -> Window | None:
    for w in pol.coverage.windows:
        if w.paid_from <= paid_on and (w.paid_to is None or paid_on <= w.paid_to):
            return w
    late = pol.coverage.late_enrolment
    if late and late.paid_from <= paid_on and (late.paid_to is None or paid_on <= late.paid_to):
        return late
    return None


@implements("L1", "L9", "L12", "T24", "F6", "Y1", "Y3", "Y4", "X3", "X4", "X5")
def coverage(policy: str | Policy, *, paid_on: str | date, groups: Iterable[str | Group] = (),
             birth_date: str | date | None = None, gap_years: int | None = 0, backpaid_years: int | None = 0,
             employee_insurance_ended_on: str | date | None = None, tier: str | None = None) -> CoverageResult:
    """Cover dates for a payment on ``paid_on``, with the T17 waiting period where it applies."""
    pol = as_policy(policy)
    if pol.coverage is None:
        raise InputError("policy", f"{pol.id} states no payment periods or cover dates",
                         "a city or regional policy with a coverage section")
    cov = pol.coverage
    paid = parse_date(paid_on, "paid_on")
    if paid is None:
        raise InputError("paid_on", "a payment date is needed", "a date as YYYY-MM-DD")
    person_groups = parse_groups(groups)
    birth = parse_date(birth_date, "birth_date")
    employee_ended = parse_date(employee_insurance_ended_on, "employee_insurance_ended_on")
    if birth is not None and birth > paid:
        raise InputError("birth_date", f"{birth} is after the payment date {paid}", "a date on or before paid_on")
    if Group.newborn in person_groups and birth is None:
        raise InputError("birth_date", "needed for group newborn", "the baby's birth date, YYYY-MM-DD")
    year_start = cov.benefit_year.start
    year_end = check_paid_on(pol, paid)

    res = CoverageResult(policy=pol, paid_on=paid, end=year_end)
    res.add(LineItem.cite(f"待遇年度 {year_start} 至 {year_end}", None, cov.benefit_year_source))

    # Anytime rules: newborn rules always (cover from birth or payment); others only outside the windows.
    window = _window_for(pol, paid)
    exempt: str | None = None
    in_period = False
    stands_for_fixed: str | None = None
    chosen: AnytimeRule | None = None
    #: A rule the person matches but that is not needed in the concentrated period: its waiting
    #: exemption still holds (else paying earlier would start cover later: tests/test_invariants.py).
    exempt_in_window: str | None = None
    for rule in cov.anytime:
        if not _anytime_match(rule, person_groups, paid, employee_ended):
            continue
        if Group.newborn in rule.groups and Group.newborn in person_groups:
            if paid > birth + relativedelta(years=1):
                res.notes.append(f"出生于 {birth},缴费时已满1周岁,不再按新生儿办理")
                continue
        elif window is not None and window.in_concentrated_period:
            if rule.waiting_exempt and exempt_in_window is None:
                exempt_in_window = rule.label
            continue
        chosen = rule
        break
    if chosen is not None:
        res.start, res.end = _anytime_start_end(pol, chosen, paid, birth)
        res.basis = chosen.id
        res.add(LineItem.cite(f"不受集中参保期限制:{chosen.label}", None, chosen))
        res.use(chosen)
        in_period = True
        # a "newborn" over one year old at payment is not exempt from waiting as one (T24)
        grown = birth is not None and paid > birth + relativedelta(years=1)
        waiting_groups = person_groups - {Group.newborn} if grown else person_groups
        if chosen.waiting_exempt or waiting_groups.intersection(pol.waiting.exempt_groups if pol.waiting else ()):
            exempt = chosen.label
    elif window is not None:
        res.basis = window.id
        exempt = exempt_in_window
        res.retroactive = window.retroactive
        if window.payable_days and not (window.payable_days[0] <= paid.day <= window.payable_days[1]):
            raise InputError("paid_on", f"{paid} is day {paid.day} of the month; payment is taken only on days "
                             f"{window.payable_days[0]}–{window.payable_days[1]}",
                             f"a day from {window.payable_days[0]} to {window.payable_days[1]} of the month")
        if window.start == "benefit_year_start":
            res.start = year_start
        elif window.start == "payment_date":
            res.start = paid
        else:
            res.start = paid + timedelta(days=window.days)
        label = f"在 {window.paid_from} 至 {window.paid_to or '年底'} 缴费"
        res.add(LineItem.cite(label, None, window))
        res.use(window)
        in_period = window.in_concentrated_period
        if window.stands_for_fixed_wait:
            stands_for_fixed = f"{label},缴费后{window.days}天起享受待遇"
        if window.retroactive:
            res.notes.append(f"{year_start} 之后、缴费之前发生的医疗费用,缴费后可以按规定报销;缴费时间以税务部门征收时间为准")
        record = pol.texts.get("payment_record_delay")
        if record is not None:
            res.add(LineItem.cite(f"{record.label}:{'、'.join(record.items)}", None, record))
    else:
        allowed = "; ".join(f"{w.paid_from}..{w.paid_to or year_end}" for w in cov.windows)
        who = "、".join(r.label for r in cov.anytime)
        raise NotCovered("paid_on", f"{paid} is outside every payment period of {pol.id} ({allowed}) and the "
                         f"person is not one who may enrol at any time ({who})")

    def year_premium() -> Decimal | None:
        # Asked only once the back-paid years are known to be valid, so that error comes first.
        return pol.premium.tiers[parse_tier(pol, tier)].value if pol.premium else None

    wait = waiting_period(pol, in_concentrated_period=in_period, gap_years=gap_years,
                          backpaid_years=backpaid_years, exempt=exempt, fixed_replaced_by=stands_for_fixed,
                          year_premium=year_premium)
    res.items.extend(wait.items)
    res.notes.extend(wait.notes)
    for a in wait.assumptions:
        if a not in res.assumptions:
            res.assumptions.append(a)
    res.fixed_waiting_months = wait.fixed_months
    res.variable_waiting_months = wait.variable_months
    res.backpay_cost = wait.backpay_cost
    if wait.months:
        res.start = res.start + relativedelta(months=wait.months)
        res.notes.append(f"等待期内发生的医疗费用,医保基金不予支付;{res.start} 起才能报销")
    if not res.covered_this_year:
        res.notes.append("待遇开始日晚于待遇年度结束日:本年度不能享受待遇")
    return res
