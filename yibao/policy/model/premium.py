"""Premiums: the tiers, the aid rules for groups, a late payer's surcharge, the national funding notice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from ...groups import Group
from ...vocabulary import Payer, Sex, Tier
from .params import Cited, Money, Rate, Strict


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
    #: Readings that leave a person of their ``decides_for`` groups out of the aid (yibao.policy.readings).
    readings_against: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _effect_has_value(self) -> AidRule:
        if self.effect == "individual_amount" and self.amount is None:
            raise ValueError("effect 'individual_amount' needs 'amount'")
        if self.effect == "subsidy_rate" and self.rate is None:
            raise ValueError("effect 'subsidy_rate' needs 'rate'")
        if not self.groups and not self.ages:
            raise ValueError("an aid rule needs 'groups' or 'ages'")
        return self


class LateSurcharge(Cited):
    """X4: from a date, the late payer pays the fiscal subsidy too. The amount is
    ``fiscal_share`` where the policy states one, else the policy's per-capita fiscal subsidy."""

    paid_from: date
    fiscal_share: Money | None = None
    #: Whether a full aid (``effect: full``) pays the fiscal share too, so the person still pays
    #: nothing; a partial aid never does. A reading: ``aided_assumptions`` name it, shown wherever
    #: an aided person pays late.
    full_aid_covers: bool = False
    aided_assumptions: tuple[str, ...] = ()


class Premium(Strict):
    #: Individual contribution standard by tier code (``high``/``low``, or ``standard`` alone).
    tiers: dict[Tier, Money] = Field(min_length=1)
    #: The tier at which aid and finance pay (``按最高档次``).
    aid_tier: Tier
    per_capita_fiscal_subsidy: Money | None = None
    #: On which date completed years of age are judged: an assumption id chooses the reading.
    age_reference: Literal["benefit_year_start", "payment_date"] = "benefit_year_start"
    aids: list[AidRule] = []
    late_surcharge: LateSurcharge | None = None
    #: How to choose when several aids apply (an assumption).
    aid_choice_assumption: str | None = None

    @model_validator(mode="after")
    def _aid_tier_known(self) -> Premium:
        if self.aid_tier not in self.tiers:
            raise ValueError(f"aid_tier {self.aid_tier.value!r} is not one of the tiers "
                             f"{sorted(t.value for t in self.tiers)}")
        return self


class FundingNotice(Cited):
    """The national funding notice whose standards a benefit year applies (T26): the notice of
    ``notice_year`` sets the premiums collected in advance for ``benefit_year``."""

    notice_year: int = Field(ge=2000, le=2100)
    benefit_year: int = Field(ge=2000, le=2100)
    document: str
