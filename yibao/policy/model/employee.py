"""Employee insurance as the articles touch it: flexible employment, maternity, personal-account sharing."""

from __future__ import annotations

from ...vocabulary import Relation
from .params import Cited, Count, Money, Rate, Strict


class Flexible(Strict):
    employee_rate: Rate
    account_share_min_balance: Money
    #: F1: a flexible worker chooses employee or resident insurance; a contract means employee insurance.
    choice: Cited | None = None
    #: F2: employee insurance stops the month after the employment ends; the account pays for medicines only.
    stop: Cited | None = None
    account_after_stop: Cited | None = None
    #: F3: the unemployment fund pays employee insurance while unemployment benefit is drawn.
    unemployment_fund_pays: Cited | None = None
    #: F8: same benefits as employees, no maternity insurance, maternity costs through medical insurance.
    same_benefits: Cited | None = None
    no_maternity_insurance: Cited | None = None


class Maternity(Strict):
    lump_sum_normal: Money
    lump_sum_caesarean: Money
    extra_baby_rate: Rate
    allowance_days: Count
    prenatal_days_included: Count
    difficult_delivery_days: Count
    extra_baby_days: Count
    survivors_days: Count
    survivors_min_babies: Count
    survivors_min_months: Count
    nursing_days: Count
    nutrition_rate: Rate


class AccountSharing(Strict):
    """T20: an employee's personal account pays for close relatives' own costs, within the region where it is held."""

    relations: tuple[Relation, ...]
    relations_source: Cited
    resident_member: Cited
    employee_member: Cited
    within_region: Cited
