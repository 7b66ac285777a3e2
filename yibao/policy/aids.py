"""Which premium aids a policy gives in a benefit year, and the tier an aided person is enrolled at.

The articles give every premium aid "按最高(缴费)档次" (L5–L8, T12, T13): an aided person is enrolled at
the policy's aid tier, whatever tier they would have chosen, and their benefits are that tier's. The
premium calculator prices the aid at that tier; settlement needs the tier without a premium: for a
person whose groups alone give an aid (no age, no income band, an amount the article states), the
tier is the aid tier, and the aid is the value that says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..groups import Group, of_policy
from ..vocabulary import Tier
from .model import Policy
from .model.premium import AidRule


def benefit_year_start(policy: Policy) -> date:
    """The first day of the benefit year the policy's premiums buy."""
    return policy.coverage.benefit_year.start if policy.coverage else policy.in_force.start


def aids_in_force(policy: Policy, on: date | None = None) -> list[AidRule]:
    """The premium aids of ``policy`` in force on ``on`` (by default the first day of its benefit year)."""
    if policy.premium is None:
        return []
    day = benefit_year_start(policy) if on is None else on
    return [a for a in policy.premium.aids if a.in_force is None or a.in_force.contains(day)]


def aid_setting_the_tier(policy: Policy, groups: Iterable[Group]) -> tuple[Tier, AidRule] | None:
    """The aid tier and the first aid that puts a person of ``groups`` (umbrella groups included) at it,
    among the aids whose only condition is a group and whose amount the article states; None when no
    such aid applies, or the policy has one tier only (nothing to choose)."""
    prem = policy.premium
    if prem is None or len(prem.tiers) < 2:
        return None
    have = of_policy(policy, groups)
    for aid in aids_in_force(policy):
        if aid.ages or aid.income_above is not None or aid.income_below is not None:
            continue  # settlement knows neither the age nor the income
        if aid.effect != "amount_not_stated" and have.intersection(aid.groups):
            return prem.aid_tier, aid
    return None
