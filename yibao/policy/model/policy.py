"""The policy: one jurisdiction's year, every section typed (``policies/<id>.yaml`` with its parents merged)."""

from __future__ import annotations

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
