"""Typed policy data. Every value is a :class:`Param`: the value, its unit, the article it comes from,
the clause quoted verbatim, the rule IDs it serves and the dates it is in force.

Structured rules (an aid rule, a payment window) are :class:`Cited` objects: they carry the same
provenance for the clause that states them as a whole.
"""

from __future__ import annotations

import re
import datetime as dt
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..groups import Group

RULE_ID = re.compile(r"^[LTFYXC]\d{1,2}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class Period(Strict):
    """Dates a value is in force, both ends inclusive; ``to`` empty means until replaced."""

    start: date = Field(alias="from")
    to: date | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.to is not None and self.to < self.start:
            raise ValueError(f"'to' {self.to} is before 'from' {self.start}")
        return self

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.to is None or day <= self.to)


class Derivation(Strict):
    """A value worked out from the numbers its quote states: ``formula`` uses only those numbers
    (``400 * 90%``), ``note`` says why in Chinese."""

    formula: str | None = None
    note: str


class Cited(Strict):
    """Provenance shared by every value and every structured rule."""

    source: str
    quote: str = Field(min_length=2)
    rules: tuple[str, ...] = Field(min_length=1)
    in_force: Period | None = None
    assumptions: tuple[str, ...] = ()
    note: str | None = None
    #: How a number or date of this item follows from its quote when the quote does not state it
    #: as such: field name → a note, or a formula over numbers the quote states (``yibao check``
    #: evaluates it, :mod:`yibao.check_quotes`).
    derived: dict[str, Derivation | str] = {}
    #: Key path inside the policy, filled by the loader (for line items and error messages).
    path: str = ""

    @field_validator("rules")
    @classmethod
    def _rule_ids(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for r in v:
            if not RULE_ID.match(r):
                raise ValueError(f"{r!r} is not a rule ID like L3, T17 or X4")
        return v


class Param(Cited):
    value: Decimal | int | date
    unit: str


class Money(Param):
    """An amount of yuan."""

    value: Decimal = Field(ge=0)
    unit: Literal["yuan"]


class Rate(Param):
    """A fraction between 0 and 1 (0.9 is 90%)."""

    value: Decimal = Field(ge=0, le=1)
    unit: Literal["rate"]


class Count(Param):
    value: int = Field(ge=0)
    unit: Literal["days", "months", "years", "count", "age"]


class DateParam(Param):
    value: date
    unit: Literal["date"]


class Assumption(Strict):
    """A reading chosen where the article is silent or ambiguous."""

    title: str
    clause: str | None = None
    source: str | None = None
    rules: tuple[str, ...] = Field(min_length=1)
    reading: str
    alternatives: tuple[str, ...] = Field(min_length=1)
    why: str
    id: str = ""


class Source(Strict):
    """An article in ``seeds/`` (``file``) or an outside document (``document``) cited for a gap."""

    title: str
    file: str | None = None
    document: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    id: str = ""
    #: A what-if reform's overrides (:mod:`yibao.policy.reform`), shown as 改革方案, never as an article.
    reform: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> "Source":
        if bool(self.file) == bool(self.document):
            raise ValueError("a source names either 'file' (a seed article) or 'document' (an outside document)")
        return self


# ---------------------------------------------------------------- premium


class Payer(StrEnum):
    individual = "individual"
    finance = "finance"
    medical_assistance = "medical_assistance"
    finance_and_medical_assistance = "finance_and_medical_assistance"
    government_aid = "government_aid"


PAYER_ZH = {
    Payer.individual: "个人",
    Payer.finance: "财政",
    Payer.medical_assistance: "医疗救助资金",
    Payer.finance_and_medical_assistance: "财政资金和医疗救助基金",
    Payer.government_aid: "政府资助(文中未指明资金来源)",
}


#: Chinese names of the premium and benefit tiers (``high`` 高档, ``low`` 低档, ``standard`` 统一标准).
TIER_ZH = {"high": "高档", "low": "低档", "standard": "统一标准"}


def tier_zh(tier: str | None) -> str:
    """The Chinese name of a tier code (an unknown code is returned as it is)."""
    return TIER_ZH.get(tier or "", tier or "")


class Sex(StrEnum):
    female = "female"
    male = "male"


class AgeBand(Strict):
    """Completed years of age (周岁), both ends inclusive; sex empty means either."""

    sex: Sex | None = None
    min: int | None = Field(default=None, ge=0, le=150)
    max: int | None = Field(default=None, ge=0, le=150)

    def holds(self, sex: Sex | None, age: int) -> bool | None:
        """True/False, or None when the sex it needs is unknown."""
        if self.sex is not None:
            if sex is None:
                return None
            if sex != self.sex:
                return False
        return (self.min is None or age >= self.min) and (self.max is None or age <= self.max)


class AidRule(Cited):
    """Premium aid for a group: the individual pays less and a named payer pays the rest of the tier."""

    id: str
    label: str
    groups: tuple[Group, ...] = ()
    #: Any one band must hold (empty: no age condition).
    ages: tuple[AgeBand, ...] = ()
    income_above: Decimal | None = None
    income_below: Decimal | None = None
    #: ``amount_not_stated``: the article says the aid exists but not how much (T27); the person's
    #: premium is then shown before that aid, with a note.
    effect: Literal["full", "individual_amount", "subsidy_rate", "amount_not_stated"]
    #: What the individual pays (``individual_amount``).
    amount: Money | None = None
    #: Share of the tier the payer pays (``subsidy_rate``).
    rate: Rate | None = None
    payer: Payer

    @model_validator(mode="after")
    def _effect_has_value(self) -> "AidRule":
        if self.effect == "individual_amount" and self.amount is None:
            raise ValueError("effect 'individual_amount' needs 'amount'")
        if self.effect == "subsidy_rate" and self.rate is None:
            raise ValueError("effect 'subsidy_rate' needs 'rate'")
        if not self.groups and not self.ages:
            raise ValueError("an aid rule needs 'groups' or 'ages'")
        return self


class LateSurcharge(Cited):
    """Xining X4: from a date, the late payer pays the fiscal subsidy too. The amount is
    ``fiscal_share`` where the policy states one, else the policy's per-capita fiscal subsidy."""

    paid_from: date
    fiscal_share: Money | None = None


class Premium(Strict):
    #: Individual contribution standard by tier code (``high``/``low``, or ``standard`` alone).
    tiers: dict[str, Money] = Field(min_length=1)
    #: The tier at which aid and finance pay (``按最高档次``).
    aid_tier: str
    per_capita_fiscal_subsidy: Money | None = None
    #: On which date completed years of age are judged: an assumption id chooses the reading.
    age_reference: Literal["benefit_year_start", "payment_date"] = "benefit_year_start"
    aids: list[AidRule] = []
    late_surcharge: LateSurcharge | None = None
    #: How to choose when several aids apply (an assumption).
    aid_choice_assumption: str | None = None

    @model_validator(mode="after")
    def _aid_tier_known(self) -> "Premium":
        if self.aid_tier not in self.tiers:
            raise ValueError(f"aid_tier {self.aid_tier!r} is not one of the tiers {sorted(self.tiers)}")
        return self


# ---------------------------------------------------------------- coverage


class Window(Cited):
    """A payment window and the cover it buys."""

    id: str
    paid_from: date
    paid_to: date | None = None
    start: Literal["benefit_year_start", "payment_date", "payment_plus_days"]
    days: int | None = Field(default=None, ge=1)
    charge: Literal["individual", "individual_plus_fiscal"] = "individual"
    in_concentrated_period: bool
    #: Xining: the delay after payment stands in for the national fixed wait.
    stands_for_fixed_wait: bool = False
    #: Days of the month on which payment is taken (Yuncheng Y4: 1–25).
    payable_days: tuple[int, int] | None = None
    #: Costs from the benefit-year start until payment are reimbursed afterwards (Y3).
    retroactive: bool = False

    @model_validator(mode="after")
    def _days(self) -> "Window":
        if self.start == "payment_plus_days" and self.days is None:
            raise ValueError("start 'payment_plus_days' needs 'days'")
        if self.paid_to is not None and self.paid_to < self.paid_from:
            raise ValueError("paid_to is before paid_from")
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

    @model_validator(mode="after")
    def _who(self) -> "AnytimeRule":
        if not self.groups and self.employee_insurance_ended_within_months is None:
            raise ValueError("an anytime rule needs 'groups' or 'employee_insurance_ended_within_months'")
        return self


class Waiting(Strict):
    """National waiting periods (国办发〔2024〕38号, as the Tibet article gives them: T17)."""

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


# ---------------------------------------------------------------- benefits (settlement layers)


class TierRates(Strict):
    high: Rate
    low: Rate

    def for_tier(self, tier: str) -> Rate:
        return self.high if tier == "high" else self.low


class TierMoney(Strict):
    high: Money
    low: Money

    def for_tier(self, tier: str) -> Money:
        return self.high if tier == "high" else self.low


class GeneralOutpatient(Strict):
    deductible: Money
    rate: Rate
    annual_cap: Money


class SpecialOutpatient(Strict):
    rate: TierRates


class InpatientLevel(Strict):
    id: str
    min_level: int = Field(ge=1, le=3)
    max_level: int = Field(ge=1, le=3)
    deductible: Money
    rate: TierRates


class Readmission(Strict):
    second: Rate
    third_and_later: Rate


class Inpatient(Strict):
    levels: list[InpatientLevel] = Field(min_length=1)
    readmission_deductible: Readmission


class LongContribution(Strict):
    min_years: Count
    bonus: Rate


class EthnicMedicine(Strict):
    self_pay_reduction: Rate
    max_rate: Rate


class FullReimbursement(Strict):
    rate: Rate


class Unstated(Cited):
    """A value the articles show exists but do not give (T4's inpatient annual limit, T18's rate):
    nothing is computed from it; results that could reach it say so."""

    label: str


class EmployeeOutpatient(Strict):
    deductible_retired: Money
    deductible_working: Money
    annual_cap: Money
    #: T18 states no rate: ``rate_unstated`` says so, and settlement refuses such claims.
    rate: Rate | None = None
    rate_unstated: Unstated | None = None

    @model_validator(mode="after")
    def _rate_or_unstated(self) -> "EmployeeOutpatient":
        if (self.rate is None) == (self.rate_unstated is None):
            raise ValueError("give either 'rate' or 'rate_unstated' (the article states no rate)")
        return self


class FacilityRates(Strict):
    jia: Rate
    yi: Rate


class PooledOutpatient(Strict):
    """Yuncheng Y6: no deductible, rate by facility and drug class, per-visit and annual caps."""

    primary: FacilityRates
    county_level2: FacilityRates
    per_visit_cap: Money
    annual_cap: Money


class Exclusion(Cited):
    """F9: costs the fund never pays (work injury, third party, abroad ...), with the clause saying so."""

    id: Literal["work_injury", "third_party", "outside_catalogue", "public_health", "abroad", "non_designated"]
    label: str


class Basic(Strict):
    #: F9: what the fund does not pay at all (every layer pays 0), each with its clause.
    exclusions: list[Exclusion] = []
    general_outpatient: GeneralOutpatient | None = None
    special_outpatient: SpecialOutpatient | None = None
    inpatient: Inpatient | None = None
    long_contribution: LongContribution | None = None
    ethnic_medicine: EthnicMedicine | None = None
    resident_delivery: FullReimbursement | None = None
    border_delivery: FullReimbursement | None = None
    employee_outpatient: EmployeeOutpatient | None = None
    pooled_outpatient: PooledOutpatient | None = None
    #: T4: inpatient and special outpatient have an annual limit the articles do not give.
    annual_limit_unstated: Unstated | None = None


class Segment(Strict):
    """Catastrophic segment: cumulative self-paid cost up to ``up_to`` (empty: no limit) paid at ``rate``."""

    up_to: Decimal | None = None
    rate: Decimal = Field(ge=0, le=1)


class CatastrophicSegments(Cited):
    segments: list[Segment] = Field(min_length=1)


class PovertyAdjustment(Strict):
    groups: tuple[Group, ...]
    deductible_factor: Rate
    rate_bonus: Rate


class Catastrophic(Strict):
    deductible: TierMoney
    segments: CatastrophicSegments
    cap: Money
    poverty: PovertyAdjustment | None = None


class AssistanceClass(Cited):
    id: str
    label: str
    groups: tuple[Group, ...]
    rate: Rate


class Assistance(Strict):
    classes: list[AssistanceClass]
    ordinary_cap: Money
    major_cap: Money


class Incentives(Strict):
    first_year: Count
    continuous_qualifying_years: Count
    continuous_amount_per_year: Money
    zero_claim_amount_per_year: Money
    max_share_of_cap: Rate


# ---------------------------------------------------------------- flexible employment, maternity, enrolment


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
    """T20: an employee's personal account pays for close relatives' own costs, within Tibet."""

    relations: tuple[Literal["spouse", "parent", "child"], ...]
    relations_source: Cited
    resident_member: Cited
    employee_member: Cited
    within_region: Cited


class TextFact(Cited):
    """A fact the articles state in words (payment channels, documents needed): shown, not computed."""

    label: str
    items: tuple[str, ...] = Field(min_length=1)


class EnrolmentCategory(Cited):
    code: str
    label: str


class Enrolment(Strict):
    categories: list[EnrolmentCategory] = []
    #: X1/X9: people already in employee insurance (or in resident insurance elsewhere) do not enrol.
    excludes_employee_insured: Cited | None = None
    excludes_enrolled_elsewhere: Cited | None = None


# ---------------------------------------------------------------- group relations


class Umbrella(Cited):
    """An umbrella group and its members, as an article names them ("易返贫致贫人口(含脱贫不稳定户、
    边缘易致贫户、突发严重困难户)"): a rule naming the umbrella applies to each member."""

    id: Group
    members: tuple[Group, ...] = Field(min_length=1)
    label: str

    @model_validator(mode="after")
    def _not_itself(self) -> "Umbrella":
        if self.id in self.members:
            raise ValueError(f"umbrella {self.id.value} lists itself as a member")
        return self


class GroupRelations(Strict):
    umbrellas: list[Umbrella] = []


class FundingNotice(Cited):
    """The national funding notice whose standards a benefit year applies (T26): the notice of
    ``notice_year`` sets the premiums collected in advance for ``benefit_year``."""

    notice_year: int = Field(ge=2000, le=2100)
    benefit_year: int = Field(ge=2000, le=2100)
    document: str


# ---------------------------------------------------------------- the policy


class Policy(Strict):
    id: str
    title: str
    jurisdiction: str
    year: int
    extends: tuple[str, ...] = ()
    in_force: Period
    premium: Premium | None = None
    coverage: Coverage | None = None
    waiting: Waiting | None = None
    basic: Basic | None = None
    catastrophic: Catastrophic | None = None
    assistance: Assistance | None = None
    incentives: Incentives | None = None
    flexible: Flexible | None = None
    maternity: Maternity | None = None
    account_sharing: AccountSharing | None = None
    enrolment: Enrolment | None = None
    groups: GroupRelations = GroupRelations()
    funding_notice: FundingNotice | None = None
    facts: dict[str, Param] = {}
    texts: dict[str, TextFact] = {}
    assumptions: dict[str, Assumption] = {}
    #: Filled by the loader from policies/sources.yaml.
    sources: dict[str, Source] = {}
