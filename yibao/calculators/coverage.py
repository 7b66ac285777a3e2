"""When cover starts and ends, from the payment date and the person's situation.

Paying inside a window buys the cover that window states (L1, X4, Y1, Y3, Y4); some people may
enrol at any time with their own start (L9, L12, T24, F6, X5); from the policy's first waiting year a waiting period may
follow (T17, see :mod:`yibao.calculators.waiting`). No reimbursement before ``start``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from ..errors import InputError, NotCovered
from ..explain import add_umbrellas as add_umbrellas  # where the premium calculator reads it
from ..format import day as day_zh
from ..format import yuan
from ..groups import Group, of_policy, parse_groups, zh
from ..inputs import MAX_DATE, MIN_DATE
from ..money import ZERO
from ..policy import as_policy, not_stated
from ..policy.model import AnytimeRule, Cited, Coverage, Policy, Window
from ..result import LineItem, Result
from ..rules import implements
from ..vocabulary import tier_zh
from .person import parse_date, parse_tier
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
        return self.start is not None and self.end is not None and self.start <= day <= self.end

    def headline(self) -> str:
        if not self.covered_this_year:
            return (f"{day_zh(self.paid_on)}缴费:等待期到{day_zh(self.start)},"
                    f"已超过待遇年度末{day_zh(self.end)},本年度不能享受待遇")
        text = f"{day_zh(self.paid_on)}缴费:{day_zh(self.start)}起享受待遇,至{day_zh(self.end)}止"
        if self.waiting_months:
            text += (f"(含等待期 {self.waiting_months} 个月:固定 {self.fixed_waiting_months} 个月,"
                     f"变动 {self.variable_waiting_months} 个月)")
        return text

    def fields(self) -> dict[str, Any]:
        return {"paid_on": self.paid_on, "start": self.start, "end": self.end, "basis": self.basis,
                "fixed_waiting_months": self.fixed_waiting_months,
                "variable_waiting_months": self.variable_waiting_months,
                "waiting_months": self.waiting_months, "backpay_cost": self.backpay_cost,
                "retroactive": self.retroactive, "covered_this_year": self.covered_this_year}


def _cover(pol: Policy) -> Coverage:
    """The policy's cover section; a policy without one states no payment periods or cover dates."""
    if pol.coverage is None:
        raise not_stated(pol, "coverage", f"{pol.id} states no payment periods or cover dates")
    return pol.coverage


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _anytime_match(rule: AnytimeRule, groups: frozenset[Group], paid_on: date,
                   employee_ended: date | None) -> bool:
    """Whether the person is one the rule names (``groups`` already include their umbrellas)."""
    if groups.intersection(rule.groups):
        return True
    months = rule.employee_insurance_ended_within_months
    return months is not None and employee_ended is not None and \
        employee_ended <= paid_on <= employee_ended + relativedelta(months=months)


def _grown(birth: date | None, paid_on: date) -> bool:
    """A "newborn" over one year old at payment is not one any more (T24, F6: 一周岁以内婴儿)."""
    return birth is not None and paid_on > birth + relativedelta(years=1)


def use_newborn_age_reading(res: Result, rule: AnytimeRule) -> None:
    """The baby's age decided whether a newborn rule applies: name the policy's reading of 新生儿."""
    for a in rule.newborn_age_assumptions:
        if a not in res.assumptions:
            res.assumptions.append(a)


def grown_newborn_rule(pol: Policy, groups: frozenset[Group], paid_on: date,
                       birth: date | None) -> AnytimeRule | None:
    """The newborn rule a person given as a newborn misses because they were over one at payment."""
    if pol.coverage is None or Group.newborn not in groups or not _grown(birth, paid_on):
        return None
    return next((r for r in pol.coverage.anytime if Group.newborn in r.groups), None)


def period_exemption(pol: Policy, groups: frozenset[Group], paid_on: date, birth: date | None = None,
                     employee_ended: date | None = None) -> AnytimeRule | None:
    """The first rule of the policy under which this person is not bound by the payment periods
    (L9, L12, T24, F6, X5), or None. ``groups`` as given: umbrellas are added here. Used for cover
    dates and for a late payer's surcharge alike (X4, X5)."""
    if pol.coverage is None:
        return None
    have = of_policy(pol, groups)
    for rule in pol.coverage.anytime:
        if not _anytime_match(rule, have, paid_on, employee_ended):
            continue
        if Group.newborn in rule.groups and _grown(birth, paid_on) \
                and not (have - {Group.newborn}).intersection(rule.groups):
            continue
        return rule
    return None


def _anytime_start_end(pol: Policy, rule: AnytimeRule, paid_on: date, birth: date | None) -> tuple[date, date]:
    """Cover under an anytime rule, inside the benefit year the payment buys: it starts on that
    year's first day at the earliest (unless the rule says it may start before, L12) and ends on its
    last day (L12's "至次年12月31日" included: assumption ``l12_paid_in_benefit_year``)."""
    year = _cover(pol).benefit_year
    year_end = year.to or _year_end(year.start.year)
    start = {
        "payment_date": paid_on,
        "next_month_after_payment": (paid_on + relativedelta(months=1)).replace(day=1),
        "birth_date": birth or paid_on,
    }[rule.start]
    if not rule.starts_before_benefit_year:
        start = max(start, year.start)
    end = {"benefit_year_end": year_end, "next_year_end_after_payment": _year_end(paid_on.year + 1)}[rule.end]
    return start, min(end, year_end)


def check_paid_on(pol: Policy, paid: date) -> date:
    """Refuse a payment date outside the span in which the policy takes payments for its benefit
    year (from its first window to the year's end); returns the benefit year's last day."""
    cov = _cover(pol)
    year_start = cov.benefit_year.start
    year_end = cov.benefit_year.to or _year_end(year_start.year)
    first_paid = min([w.paid_from for w in cov.windows] + [year_start])
    if not (first_paid <= paid <= year_end):
        raise NotCovered("paid_on", f"{paid} is outside policy {pol.id}, which takes payments for the "
                         f"{year_start.year} benefit year from {first_paid} to {year_end}",
                         kind="coverage.outside_year", params={"value": paid, "policy": pol.id, "year": year_start.year,
                                                               "first": first_paid, "last": year_end})
    return year_end


def check_payment(pol: Policy, paid: date, groups: Iterable[Group] = (), birth: date | None = None,
                  employee_ended: date | None = None) -> None:
    """Refuse a payment date the policy takes for nobody like this person: outside its span
    (:func:`check_paid_on`), or outside every window while the person may not enrol at any time.
    The one check (and message) for premiums and cover alike."""
    year_end = check_paid_on(pol, paid)
    if _window_for(pol, paid) is None \
            and period_exemption(pol, frozenset(groups), paid, birth, employee_ended) is None:
        raise _no_window(pol, paid, year_end)


def _no_window(pol: Policy, paid: date, year_end: date) -> NotCovered:
    """Why a payment date has no rule: the windows there are, or that the article gives none."""
    cov = _cover(pol)
    who = "、".join(r.label for r in cov.anytime)
    anytime = f"; only people who may enrol at any time are answered: {who}" if who else ""
    params = {"value": paid, "policy": pol.id, "year": cov.benefit_year.start.year, "anytime": who}
    if not cov.windows and cov.late_enrolment is None:
        return NotCovered("paid_on", f"{paid}: policy {pol.id} states no payment period for the "
                          f"{cov.benefit_year.start.year} benefit year (its article gives no dates){anytime}",
                          kind="coverage.no_period", params=params)
    periods = [(w.paid_from, w.paid_to or year_end) for w in cov.windows]
    if cov.late_enrolment is not None:
        periods.append((cov.late_enrolment.paid_from, cov.late_enrolment.paid_to or year_end))
    spans = [f"{a}..{b}" for a, b in periods]
    return NotCovered("paid_on", f"{paid} is outside every payment period of {pol.id} ({'; '.join(spans)})"
                      + (f" and the person is not one who may enrol at any time ({who})" if who else ""),
                      kind="coverage.outside_periods", params={**params, "periods": tuple(periods)})


def _window_for(pol: Policy, paid_on: date) -> Window | None:
    cov = _cover(pol)
    for w in cov.windows:
        if w.paid_from <= paid_on and (w.paid_to is None or paid_on <= w.paid_to):
            return w
    late = cov.late_enrolment
    if late and late.paid_from <= paid_on and (late.paid_to is None or paid_on <= late.paid_to):
        return late
    return None


@dataclass
class _WaitBasis:
    """What the cover rule tells the waiting period: whether the payment is in the concentrated
    period, why no wait applies (a label) and the clause that says so, and the local delay that
    stands for the fixed wait (X4)."""

    in_period: bool = False
    exempt: str | None = None
    exempt_by: Cited | None = None
    stands_for_fixed: str | None = None


def _parse_person(paid_on: str | date, groups: Iterable[str | Group], birth_date: str | date | None,
                  employee_insurance_ended_on: str | date | None,
                  ) -> tuple[date, frozenset[Group], date | None, date | None]:
    """The payment date, groups, birth date and end of employee insurance, checked against each other."""
    paid = parse_date(paid_on, "paid_on")
    if paid is None:
        raise InputError("paid_on", "a payment date is needed", "a date as YYYY-MM-DD", kind="value.missing",
                         params={"expects": "date", "low": MIN_DATE, "high": MAX_DATE})
    person_groups = parse_groups(groups)
    birth = parse_date(birth_date, "birth_date")
    employee_ended = parse_date(employee_insurance_ended_on, "employee_insurance_ended_on")
    if birth is not None and birth > paid:
        raise InputError("birth_date", f"{birth} is after the payment date {paid}", "a date on or before paid_on",
                         kind="date.after", params={"value": birth, "other": paid, "other_field": "paid_on"})
    if Group.newborn in person_groups and birth is None:
        raise InputError("birth_date", "needed for group newborn", "the baby's birth date, YYYY-MM-DD",
                         kind="birth_date.needed_for_newborn")
    return paid, person_groups, birth, employee_ended


def _choose_anytime(res: CoverageResult, pol: Policy, person_groups: frozenset[Group], paid: date,
                    birth: date | None, employee_ended: date | None,
                    window: Window | None) -> tuple[AnytimeRule | None, AnytimeRule | None]:
    """The anytime rule that gives this person's cover, and a rule the person matches but that is
    not needed in the concentrated period: its waiting exemption still holds (else paying earlier
    would start cover later: tests/test_invariants.py). Newborn rules apply always (cover from birth
    or payment); others only outside the windows."""
    have = of_policy(pol, person_groups)  # with the umbrella groups they are members of
    grown = _grown(birth, paid)
    exempt_in_window: AnytimeRule | None = None
    for rule in _cover(pol).anytime:
        if not _anytime_match(rule, have, paid, employee_ended):
            continue
        if Group.newborn in rule.groups and Group.newborn in person_groups:
            use_newborn_age_reading(res, rule)
            if grown:
                res.notes.append(f"出生于{day_zh(birth)},缴费时已超过1周岁,不再按新生儿办理")
                continue
        elif window is not None and window.in_concentrated_period:
            if rule.waiting_exempt and exempt_in_window is None:
                exempt_in_window = rule
            continue
        return rule, exempt_in_window
    return None, exempt_in_window


def _cover_anytime(res: CoverageResult, pol: Policy, chosen: AnytimeRule, person_groups: frozenset[Group],
                   paid: date, birth: date | None, national_exempt: bool) -> _WaitBasis:
    """Cover under an anytime rule (L9, L12, T24, F6, X5): its own start, inside the benefit year."""
    year_start = _cover(pol).benefit_year.start
    res.start, res.end = _anytime_start_end(pol, chosen, paid, birth)
    res.basis = chosen.id
    add_umbrellas(res, pol, person_groups, chosen.groups)
    res.add(LineItem.cite(f"不受集中参保期限制:{chosen.label}", None, chosen))
    res.use(chosen)
    basis = _WaitBasis(in_period=True)
    if chosen.start == "birth_date" and birth is not None and birth < year_start:
        res.notes.append(f"出生于{day_zh(birth)},在{year_start.year}待遇年度之前:这笔缴费买的是"
                         f"{year_start.year}年度的待遇,出生至{day_zh(year_start - timedelta(days=1))}"
                         "属于上一待遇年度")
    if national_exempt:  # cited by the national clause itself ("除新生儿等特殊群体外")
        basis.exempt = chosen.label
    elif chosen.waiting_exempt:
        basis.exempt, basis.exempt_by = chosen.label, chosen
    return basis


def _check_payable_day(window: Window, paid: date) -> None:
    """Refuse a payment on a day of the month the window does not take payments (Y4)."""
    if window.payable_days and not (window.payable_days[0] <= paid.day <= window.payable_days[1]):
        raise InputError("paid_on", f"{paid} is day {paid.day} of the month; payment is taken only on days "
                         f"{window.payable_days[0]}–{window.payable_days[1]}",
                         f"a day from {window.payable_days[0]} to {window.payable_days[1]} of the month",
                         kind="coverage.payable_days",
                         params={"value": paid, "day": paid.day, "first": window.payable_days[0],
                                 "last": window.payable_days[1]})


def _cover_window(res: CoverageResult, pol: Policy, window: Window, paid: date, year_end: date,
                  gap_years: int | None, exempt: str | None, exempt_by: Cited | None) -> _WaitBasis:
    """Cover bought in a payment window (L1, X4, Y1, Y3, Y4), given why no wait applies (if so)."""
    year_start = _cover(pol).benefit_year.start
    res.basis = window.id
    res.retroactive = window.retroactive
    _check_payable_day(window, paid)
    label = f"在{day_zh(window.paid_from)}至{day_zh(window.paid_to or year_end)}缴费"
    basis = _WaitBasis(in_period=window.in_concentrated_period, exempt=exempt, exempt_by=exempt_by)
    # After a break the national fixed wait applies in every window; a local delay that stands
    # for it (stands_for_fixed_wait) is then inside the fixed wait, counted from payment.
    after_break = window.stands_for_fixed_wait and bool(gap_years) and not exempt
    if window.start == "benefit_year_start":
        res.start = year_start
    elif window.start == "payment_date" or after_break:
        res.start = paid
    else:
        assert window.days is not None  # the model requires days for payment_plus_days
        res.start = paid + timedelta(days=window.days)
    if window.start == "payment_plus_days":
        label += f",自缴费之日起{window.days}天后享受待遇"
    res.add(LineItem.cite(label, None, window))
    res.use(window)
    if window.stands_for_fixed_wait and not after_break:
        basis.stands_for_fixed = f"{label}"
    elif after_break:
        res.notes.append("断保后参保:按国家规定有固定等待期,自缴费之日起算,"
                         f"已包含本地规定的{window.days}天,不再另加")
    if window.retroactive:
        res.notes.append(f"{day_zh(year_start)}之后、缴费之前发生的医疗费用,缴费后可以按规定报销;"
                         "缴费时间以税务部门征收时间为准")
    record = pol.texts.get("payment_record_delay")
    if record is not None:
        res.add(LineItem.cite(f"{record.label}:{'、'.join(record.items)}", None, record))
    return basis


def _window_exemption(res: CoverageResult, pol: Policy, person_groups: frozenset[Group],
                      exempt_in_window: AnytimeRule | None,
                      national: frozenset[Group]) -> tuple[str | None, Cited | None]:
    """Why a window payer waits no time: an anytime rule they match (cited), or the national
    exempt groups they are in (cited by the national clause itself)."""
    if exempt_in_window is not None:
        add_umbrellas(res, pol, person_groups, exempt_in_window.groups)
        res.use(exempt_in_window)
        return exempt_in_window.label, exempt_in_window
    if national:
        return "、".join(zh(g) for g in national), None
    return None, None


def _add_waiting(res: CoverageResult, pol: Policy, basis: _WaitBasis, gap_years: int | None,
                 backpaid_years: int | None, tier: str | None, special: bool = False) -> None:
    """The T17 waiting period on top of the cover start (see :mod:`yibao.calculators.waiting`)."""
    tiers = pol.premium.tiers if pol.premium else {}
    tier_open = tier is None and len(tiers) > 1  # the waiting months do not depend on the tier

    def year_premium() -> Decimal | None:
        # Asked only once the back-paid years are known to be valid, so that error comes first.
        if not tiers or tier_open:
            return None
        return tiers[parse_tier(pol, tier)].value

    wait = waiting_period(pol, in_concentrated_period=basis.in_period, gap_years=gap_years,
                          backpaid_years=backpaid_years, exempt=basis.exempt, exempt_by=basis.exempt_by,
                          fixed_replaced_by=basis.stands_for_fixed, year_premium=year_premium,
                          in_special_group=special)
    res.items.extend(wait.items)
    res.notes.extend(wait.notes)
    for a in wait.assumptions:
        if a not in res.assumptions:
            res.assumptions.append(a)
    res.fixed_waiting_months = wait.fixed_months
    res.variable_waiting_months = wait.variable_months
    res.backpay_cost = wait.backpay_cost
    if tier_open and backpaid_years:
        costs = "、".join(f"{tier_zh(k)}{yuan(v.value * backpaid_years)}"
                          for k, v in sorted(tiers.items(), key=lambda kv: -kv[1].value))
        res.notes.append(f"补缴{backpaid_years}年的费用按所选缴费档次计:{costs};"
                         "等待期不因档次而不同,选择档次(--tier)后列出补缴费用")
        if pol.waiting is not None and "backpay_cost" in pol.waiting.assumptions \
                and "backpay_cost" not in res.assumptions:
            res.assumptions.append("backpay_cost")
    if wait.months and res.start is not None:
        res.start = res.start + relativedelta(months=wait.months)
        res.notes.append(f"等待期内发生的医疗费用,医保基金不予支付;{day_zh(res.start)}起才能报销")


@implements("L1", "L9", "L12", "T24", "F6", "Y1", "Y3", "Y4", "X3", "X4", "X5")
def coverage(policy: str | Policy, *, paid_on: str | date, groups: Iterable[str | Group] = (),
             birth_date: str | date | None = None, gap_years: int | None = 0, backpaid_years: int | None = 0,
             employee_insurance_ended_on: str | date | None = None, tier: str | None = None) -> CoverageResult:
    """Cover dates for a payment on ``paid_on``, with the T17 waiting period where it applies."""
    pol = as_policy(policy)
    cov = _cover(pol)
    paid, person_groups, birth, employee_ended = _parse_person(paid_on, groups, birth_date,
                                                               employee_insurance_ended_on)
    year_end = check_paid_on(pol, paid)

    res = CoverageResult(policy=pol, paid_on=paid, end=year_end)
    res.add(LineItem.cite(f"待遇年度{day_zh(cov.benefit_year.start)}至{day_zh(year_end)}", None,
                          cov.benefit_year_source))

    window = _window_for(pol, paid)
    chosen, exempt_in_window = _choose_anytime(res, pol, person_groups, paid, birth, employee_ended, window)
    waiting_groups = person_groups - {Group.newborn} if _grown(birth, paid) else person_groups
    national = waiting_groups.intersection(pol.waiting.exempt_groups) if pol.waiting is not None else frozenset()
    if chosen is not None:
        basis = _cover_anytime(res, pol, chosen, person_groups, paid, birth, bool(national))
    elif window is not None:
        exempt, exempt_by = _window_exemption(res, pol, person_groups, exempt_in_window, national)
        basis = _cover_window(res, pol, window, paid, year_end, gap_years, exempt, exempt_by)
    else:
        raise _no_window(pol, paid, year_end)

    _add_waiting(res, pol, basis, gap_years, backpaid_years, tier, bool(person_groups - {Group.newborn}))
    if not res.covered_this_year:
        res.notes.append("待遇开始日晚于待遇年度结束日:本年度不能享受待遇")
    res.notes = list(dict.fromkeys(res.notes))
    return res
