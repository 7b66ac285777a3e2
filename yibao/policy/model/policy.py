"""The policy: one jurisdiction's year, every section typed (``policies/<id>.yaml`` with its parents merged)."""

from __future__ import annotations

from typing import Any

from pydantic import PrivateAttr, model_validator

from ...vocabulary import Tier
from .benefits import Assistance, Basic, Catastrophic, Incentives
from .coverage import Coverage, Waiting
from .employee import AccountSharing, Flexible, Maternity
from .enrolment import Enrolment, GroupRelations
from .params import Assumption, Param, Period, Source, Strict, TextFact
from .premium import FundingNotice, Premium


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
    #: How a reformed policy was made (:class:`yibao.policy.reformed.Applied`); None as loaded. The
    #: policy carries its own mark: no registry keyed by object ids.
    _reform: Any = PrivateAttr(default=None)
    #: What readers work out once from this policy and keep with it (its cited nodes by path, the
    #: reforms applied to it), by name.
    _memo: dict[str, Any] = PrivateAttr(default_factory=dict)

    def memo(self) -> dict[str, Any]:
        """Values worked out once from this (immutable) policy, kept with it."""
        return self._memo

    @model_validator(mode="after")
    def _benefit_tiers_declared(self) -> Policy:
        """A rate or amount given per tier needs ``basic.tiers: [high, low]``; declared tiers need one."""
        b = self.basic
        tiers = tuple(b.tiers) if b is not None else (Tier.standard,)
        tiered = [name for name, section in (("basic.special_outpatient", b and b.special_outpatient),
                                             ("basic.inpatient", b and b.inpatient),
                                             ("catastrophic", self.catastrophic)) if section is not None]
        if sorted(tiers) not in (["high", "low"], ["standard"]):
            raise ValueError(f"basic.tiers {[t.value for t in tiers]} is neither [high, low] nor [standard]")
        if tiered and tiers == (Tier.standard,):
            raise ValueError(f"{tiered[0]} gives rates per benefit tier (high, low): declare basic.tiers: [high, low]")
        if not tiered and tiers != (Tier.standard,):
            raise ValueError("basic.tiers declares high and low tiers but no rate of the policy depends on the tier")
        return self
