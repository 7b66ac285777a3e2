"""Benefits of a year of claims: basic insurance, catastrophic insurance, medical assistance, incentives."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, model_validator

from ...groups import Group
from ...vocabulary import Exclusion as ExclusionCode
from ...vocabulary import Tier
from .params import Cited, Count, Money, Rate, Strict, Unstated


class TierRates(Strict):
    high: Rate
    low: Rate

    def for_tier(self, tier: str) -> Rate:
        return self.high if tier == Tier.high else self.low


class TierMoney(Strict):
    high: Money
    low: Money

    def for_tier(self, tier: str) -> Money:
        return self.high if tier == Tier.high else self.low


class GeneralOutpatient(Strict):
    deductible: Money
    rate: Rate
    annual_cap: Money


class SpecialOutpatient(Strict):
    rate: TierRates


class InpatientLevel(Strict):
    id: str
    #: The hospitals it covers, in Chinese (``三级医院``).
    label: str = ""
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


class EmployeeOutpatient(Strict):
    deductible_retired: Money
    deductible_working: Money
    annual_cap: Money
    #: T18 states no rate: ``rate_unstated`` says so, and settlement refuses such claims.
    rate: Rate | None = None
    rate_unstated: Unstated | None = None

    @model_validator(mode="after")
    def _rate_or_unstated(self) -> EmployeeOutpatient:
        if (self.rate is None) == (self.rate_unstated is None):
            raise ValueError("give either 'rate' or 'rate_unstated' (the article states no rate)")
        return self


class FacilityRates(Strict):
    jia: Rate
    yi: Rate


class PooledOutpatient(Strict):
    """Pooled outpatient cover (Y6): no deductible, rate by facility and drug class, per-visit and annual caps."""

    primary: FacilityRates
    county_level2: FacilityRates
    per_visit_cap: Money
    annual_cap: Money


class Exclusion(Cited):
    """F9: costs the fund never pays (work injury, third party, abroad ...), with the clause saying so."""

    id: ExclusionCode
    label: str


class Basic(Strict):
    #: The benefit tiers (档次) a person is settled in, in this order: ``[high, low]`` where rates depend on
    #: the tier paid (then every tiered rate gives both), ``[standard]`` (the default) where there is one.
    tiers: tuple[Tier, ...] = (Tier.standard,)
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
    #: Readings that leave a person of their ``decides_for`` groups out of the tilt (yibao.policy.readings).
    readings_against: tuple[str, ...] = ()


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
