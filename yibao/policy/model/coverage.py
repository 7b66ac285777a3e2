"""Cover: payment windows, who may enrol at any time, the national waiting periods, the benefit year."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from ...groups import Group
from .params import Cited, Count, Period, Strict


class Window(Cited):
    """A payment window and the cover it buys."""

    id: str
    paid_from: date
    paid_to: date | None = None
    start: Literal["benefit_year_start", "payment_date", "payment_plus_days"]
    days: int | None = Field(default=None, ge=1)
    in_concentrated_period: bool
    #: The delay after payment stands in for the national fixed wait (X4).
    stands_for_fixed_wait: bool = False
    #: Days of the month on which payment is taken (first, last; Y4).
    payable_days: tuple[int, int] | None = None
    #: Costs from the benefit-year start until payment are reimbursed afterwards (Y3).
    retroactive: bool = False

    @model_validator(mode="after")
    def _days(self) -> Window:
        if self.start == "payment_plus_days" and self.days is None:
            raise ValueError("start 'payment_plus_days' needs 'days'")
        if self.paid_to is not None and self.paid_to < self.paid_from:
            raise ValueError(f"'paid_to' {self.paid_to} is before 'paid_from' {self.paid_from}")
        return self


class AnytimeRule(Cited):
    """People not bound by the concentrated period, and the cover they get."""

    id: str
    label: str
    groups: tuple[Group, ...] = ()
    #: Employee insurance ended at most this many months before payment (F6, X5).
    employee_insurance_ended_within_months: int | None = None
    start: Literal["next_month_after_payment", "payment_date", "birth_date"]
    #: Cover ends at the end of the benefit year the payment buys; ``next_year_end_after_payment``
    #: (L12 "至次年12月31日") ends there too once clamped to that benefit year.
    end: Literal["benefit_year_end", "next_year_end_after_payment"]
    #: Cover may start before the benefit year (L12 "自参保缴费之日起", paid in the concentrated
    #: period); otherwise it starts on the benefit year's first day at the earliest.
    starts_before_benefit_year: bool = False
    waiting_exempt: bool = False
    #: Readings of who counts as a newborn (一周岁以内) where the article does not say: shown in
    #: every result the baby's age decides, under one year (the rule applies) or over (it does not).
    newborn_age_assumptions: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _who(self) -> AnytimeRule:
        if not self.groups and self.employee_insurance_ended_within_months is None:
            raise ValueError("an anytime rule needs 'groups' or 'employee_insurance_ended_within_months'")
        return self


class Waiting(Strict):
    """National waiting periods (T17), as an article gives them."""

    label: str = ""
    first_benefit_year: Count
    fixed_months: Count
    months_per_break_year: Count
    repair_months_per_backpaid_year: Count
    long_break_years: Count
    long_break_min_variable_months: Count
    exempt_groups: tuple[Group, ...] = ()
    #: The clause that exempts ``exempt_groups`` ("除新生儿等特殊群体外"): cited where no wait applies.
    exemption: Cited | None = None
    #: Assumption ids: how break years are counted, where the wait is counted from, what repair costs.
    assumptions: tuple[str, ...] = ()
    source: str
    quote: str
    rules: tuple[str, ...]
    in_force: Period | None = None


class Coverage(Strict):
    benefit_year: Period
    benefit_year_source: Cited
    concentrated_period: Period | None = None
    windows: list[Window] = []
    anytime: list[AnytimeRule] = []
    #: What happens to a non-special person paying outside every window (assumption id), if allowed.
    late_enrolment: Window | None = None
