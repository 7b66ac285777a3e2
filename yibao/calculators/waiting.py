"""National waiting periods (T17; ``policy.waiting``, from its first benefit year).

Enrolling outside the concentrated period or after a break: a fixed wait. Each year of break adds
months of variable wait; each year paid back removes some of them; after a long break the variable
wait has a floor. No reimbursement while waiting. The months and years are the policy's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import InputError
from ..inputs import show
from ..money import ZERO
from ..policy.model import Cited, Policy, Waiting
from ..result import LineItem
from ..rules import implements


@dataclass
class WaitingPeriod:
    fixed_months: int = 0
    variable_months: int = 0
    backpay_cost: Decimal = ZERO
    items: list[LineItem] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def months(self) -> int:
        return self.fixed_months + self.variable_months


def _count(value: int | None, field_name: str) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field_name, f"{show(value)} is not a whole number of years", "0 or more whole years",
                         kind="whole.wrong_type",
                         params={"value": show(value), "type": type(value).__name__, "low": 0, "high": 100})
    if value < 0:
        raise InputError(field_name, f"{value} is negative", "0 or more whole years", kind="whole.out_of_range",
                         params={"value": value, "low": 0, "high": 100})
    if value > 100:
        raise InputError(field_name, f"{value} years is out of range", "0 to 100", kind="whole.out_of_range",
                         params={"value": value, "low": 0, "high": 100})
    return value


def _reading(out: WaitingPeriod, w: Waiting, assumption: str) -> None:
    """The result rests on this reading of T17, where the policy's waiting rules name it."""
    if assumption in w.assumptions and assumption not in out.assumptions:
        out.assumptions.append(assumption)


@implements("T17")
def waiting_period(policy: Policy, *, in_concentrated_period: bool, gap_years: int | None = 0,
                   backpaid_years: int | None = 0, exempt: str | None = None,
                   exempt_by: Cited | None = None, fixed_replaced_by: str | None = None,
                   year_premium: Callable[[], Decimal | None] | None = None,
                   in_special_group: bool = False) -> WaitingPeriod:
    """The fixed and variable waiting months for one enrolment.

    ``exempt`` names why no wait applies (a newborn...) and ``exempt_by`` is the clause granting it
    (a local rule's; else the national "除新生儿等特殊群体外"); ``fixed_replaced_by`` names the local rule
    whose delay stands in for the fixed wait (``stands_for_fixed_wait``); ``year_premium()`` prices a
    back-paid year (called only when years are paid back). ``in_special_group``: the person was given
    a group besides newborn, so the reading of "除新生儿等特殊群体外" decides whether they wait.
    """
    gap = _count(gap_years, "gap_years")
    back = _count(backpaid_years, "backpaid_years")
    if back > gap:
        raise InputError("backpaid_years", f"{back} back-paid years is more than the {gap} years of break",
                         f"0 to {gap} (the years of break)", kind="years.more_than_gap",
                         params={"value": back, "gap": gap})
    w: Waiting | None = policy.waiting
    out = WaitingPeriod()
    year = policy.coverage.benefit_year.start.year if policy.coverage else policy.year
    if w is None or year < w.first_benefit_year.value:
        if gap or back:
            since = f"(等待期自{w.first_benefit_year.value}年度起实行)" if w is not None else ""
            out.notes.append(f"{year}年度的政策没有待遇等待期{since},断保年数不影响待遇开始日")
        return out
    if exempt:
        _exempt(out, w, exempt, exempt_by)
        if exempt_by is not None:  # a local list, read as the national "等特殊群体"
            _reading(out, w, "special_groups_exempt")
        return out
    if not in_concentrated_period or gap:
        _fixed_wait(out, w, in_concentrated_period, fixed_replaced_by)
    if gap:
        _variable_wait(out, w, gap, back, year_premium)
    if out.months:
        _reading(out, w, "waiting_counted_from")
        if in_special_group:
            _reading(out, w, "special_groups_exempt")
    return out


def _exempt(out: WaitingPeriod, w: Waiting, exempt: str, exempt_by: Cited | None) -> None:
    """No wait, citing the clause that grants it (a local rule's, else the national exemption)."""
    clause = exempt_by or w.exemption
    if clause is not None:
        out.items.append(LineItem.cite(f"不设等待期:{exempt}", None, clause))
        out.assumptions.extend(a for a in clause.assumptions if a not in out.assumptions)
    else:  # pragma: no cover - every policy with waiting periods states the exemption
        out.items.append(LineItem(f"不设等待期:{exempt}", None, tuple(w.rules)))


def _fixed_wait(out: WaitingPeriod, w: Waiting, in_concentrated_period: bool,
                fixed_replaced_by: str | None) -> None:
    """Enrolling outside the concentrated period or after a break: the fixed wait, unless a local
    delay stands for it."""
    if fixed_replaced_by:
        out.notes.append(f"固定等待期由本地规定代替:{fixed_replaced_by}")
        return
    out.fixed_months = w.fixed_months.value
    out.items.append(LineItem.cite(f"固定等待期{out.fixed_months}个月", None, w.fixed_months))
    if in_concentrated_period:
        _reading(out, w, "waiting_applies_in_period")


def _variable_wait(out: WaitingPeriod, w: Waiting, gap: int, back: int,
                   year_premium: Callable[[], Decimal | None] | None) -> None:
    """Months per year of break, less the months each back-paid year repairs, with the long-break floor."""
    raw = gap * w.months_per_break_year.value
    out.items.append(LineItem.cite(f"断保{gap}年,变动等待期{raw}个月", None, w.months_per_break_year))
    variable = max(raw - back * w.repair_months_per_backpaid_year.value, 0)
    if back:
        _backpay(out, w, back, year_premium)
    if gap >= w.long_break_years.value and variable < w.long_break_min_variable_months.value:
        variable = w.long_break_min_variable_months.value
        out.items.append(LineItem.cite(f"断保{w.long_break_years.value}年及以上,变动等待期不少于{variable}个月",
                                       None, w.long_break_min_variable_months))
    out.variable_months = variable
    if variable != raw:  # after repair or the 4-year floor: the months that are left
        out.items.append(LineItem(f"变动等待期共{variable}个月", None, tuple(w.rules)))
    _reading(out, w, "break_years_counted")


def _backpay(out: WaitingPeriod, w: Waiting, back: int, year_premium: Callable[[], Decimal | None] | None) -> None:
    """The months the back-paid years remove, and what paying them back costs."""
    out.items.append(LineItem.cite(f"补缴{back}年,减少{back * w.repair_months_per_backpaid_year.value}个月",
                                   None, w.repair_months_per_backpaid_year))
    price = year_premium() if year_premium is not None else None
    if price is not None:
        out.backpay_cost = price * back
        out.items.append(LineItem.cite(f"补缴费用:{back}年 × 当年个人缴费标准", out.backpay_cost,
                                       w.repair_months_per_backpaid_year))
        _reading(out, w, "backpay_cost")
