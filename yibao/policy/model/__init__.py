"""Typed policy data (pydantic), by topic: :mod:`.params` (provenance, money, rates, counts),
:mod:`.premium`, :mod:`.coverage`, :mod:`.benefits`, :mod:`.employee`, :mod:`.enrolment` and
:mod:`.policy` (the whole policy). Every name is importable from here.
"""

from .benefits import (
    Assistance,
    AssistanceClass,
    Basic,
    Catastrophic,
    CatastrophicSegments,
    EmployeeOutpatient,
    EthnicMedicine,
    Exclusion,
    FacilityRates,
    FullReimbursement,
    GeneralOutpatient,
    Incentives,
    Inpatient,
    InpatientLevel,
    LongContribution,
    PooledOutpatient,
    PovertyAdjustment,
    Readmission,
    Segment,
    SpecialOutpatient,
    TierMoney,
    TierRates,
)
from .coverage import AnytimeRule, Coverage, Waiting, Window
from .employee import AccountSharing, Flexible, Maternity
from .enrolment import Enrolment, EnrolmentCategory, GroupRelations, Umbrella
from .params import (
    RULE_ID,
    Assumption,
    Cited,
    Count,
    Derivation,
    Money,
    Param,
    Period,
    Rate,
    Source,
    Strict,
    TextFact,
    Unstated,
)
from .policy import Policy
from .premium import AgeBand, AidRule, FundingNotice, LateSurcharge, Premium

__all__ = [
    "AccountSharing", "AgeBand", "AidRule", "AnytimeRule", "Assistance", "AssistanceClass", "Assumption", "Basic",
    "Catastrophic", "CatastrophicSegments", "Cited", "Count", "Coverage", "Derivation",
    "EmployeeOutpatient", "Enrolment", "EnrolmentCategory", "EthnicMedicine", "Exclusion", "FacilityRates",
    "Flexible", "FullReimbursement", "FundingNotice", "GeneralOutpatient", "GroupRelations", "Incentives",
    "Inpatient", "InpatientLevel", "LateSurcharge", "LongContribution", "Maternity", "Money", "Param",
    "Period", "Policy", "PooledOutpatient", "PovertyAdjustment", "Premium", "RULE_ID", "Rate",
    "Readmission", "Segment", "Source", "SpecialOutpatient", "Strict", "TextFact", "TierMoney",
    "TierRates", "Umbrella", "Unstated", "Waiting", "Window",
]
