"""Each calculator a case may name, called the way the public calculators are called."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..calculators.account_sharing import account_sharing
from ..calculators.coverage import coverage
from ..calculators.enrolment import eligibility
from ..calculators.flexible import employee_insurance_stop, flexible_premium
from ..calculators.incentive import incentive
from ..calculators.maternity import maternity
from ..calculators.premium import household_premium, premium
from ..policy.model import Policy
from ..settlement import Person, settle
from ..whatif.tiers import tier_advice


def _settle(policy: Policy, person: dict[str, Any] | None = None, claims: list[Any] | None = None) -> Any:
    return settle(Person(policy, **(person or {})), claims or [])


#: Calculator name (as in a case file) → the function, called ``f(policy=..., **input)``.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "premium": premium,
    "household": household_premium,
    "coverage": coverage,
    "settle": _settle,
    "flexible": flexible_premium,
    "stop": employee_insurance_stop,
    "maternity": maternity,
    "sharing": account_sharing,
    "enrolment": eligibility,
    "incentive": incentive,
    "tiers": tier_advice,
}


def compute(name: str, policy: Policy, inputs: dict[str, Any]) -> Any:
    """The result of calculator ``name`` for ``inputs`` under ``policy``."""
    return FUNCTIONS[name](policy=policy, **inputs)
