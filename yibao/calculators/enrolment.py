"""Who may enrol in resident insurance (L2, X1, X9)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..inputs import parse_bool, show
from ..policy import as_policy, not_stated
from ..policy.model import Policy
from ..result import LineItem, Result
from ..rules import implements


@dataclass
class EnrolmentResult(Result):
    may_enrol: bool = False
    category: str | None = None

    def headline(self) -> str:
        return "可以参加本地居民医保" if self.may_enrol else "不能(或不必)参加本地居民医保"

    def fields(self) -> dict[str, Any]:
        return {"may_enrol": self.may_enrol, "category": self.category}


@implements("L2", "X1", "X9")
def eligibility(policy: str | Policy, *, category: str | None = None, employee_insured: bool = False,
                enrolled_elsewhere: bool = False) -> EnrolmentResult:
    """Whether a person may enrol: their category (L2), and no double enrolment (X1, X9)."""
    pol = as_policy(policy)
    rules = pol.enrolment
    if rules is None:
        raise not_stated(pol, "enrolment", f"{pol.id} states no enrolment rules")
    res = EnrolmentResult(policy=pol, may_enrol=True)
    employee_insured = parse_bool(employee_insured, "employee_insured", default=False)
    enrolled_elsewhere = parse_bool(enrolled_elsewhere, "enrolled_elsewhere", default=False)
    cats = {c.code: c for c in rules.categories}
    if cats:
        if category is None:
            raise InputError("category", "who is enrolling?", ", ".join(cats), kind="value.missing",
                             params={"expects": "choice", "choices": tuple(cats)})
        if not isinstance(category, str) or category not in cats:
            raise InputError("category", f"{show(category)} is not a category this policy names", ", ".join(cats),
                             kind="choice.unknown", params={"value": show(category), "choices": tuple(cats)})
        res.category = category
        res.add(LineItem.cite(f"参保范围:{cats[category].label}", None, cats[category]))
    if employee_insured:
        res.may_enrol = False
        cited = rules.excludes_employee_insured
        res.add(LineItem.cite("已参加职工医保的人员不参加居民医保", None, cited))
    if enrolled_elsewhere:
        res.may_enrol = False
        res.add(LineItem.cite("已在异地参加居民医保并缴费的,不用重复参保", None, rules.excludes_enrolled_elsewhere))
    return res
