"""A case file as typed data: ``cases/<policy>.yaml``, one policy's worked examples.

Each case names the boundary it checks, gives a calculator the same inputs a person gives the public
calculators, and says what must come out (amounts or the arithmetic that gives them), which rules and
which quoted clause decide it, and the named readings (assumption ids) it rests on. Unknown keys are
refused, as in the policy files.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: What each calculator of a case takes, besides the policy (checked against the calculators' own
#: signatures by tests/test_cases.py, so a renamed argument cannot slip past ``yibao check``).
INPUTS: dict[str, tuple[str, ...]] = {
    "premium": ("tier", "groups", "sex", "birth_date", "age", "income", "paid_on", "employee_insurance_ended_on"),
    "household": ("members",),
    "coverage": ("paid_on", "groups", "birth_date", "gap_years", "backpaid_years", "employee_insurance_ended_on",
                 "tier"),
    "settle": ("person", "claims"),
    "flexible": ("average_wage",),
    "stop": ("employment_ended_on", "receiving_unemployment_benefit", "account_balance", "relative_in_region",
             "relative_status_normal"),
    "maternity": ("delivery", "babies", "difficult", "surviving_babies", "average_wage_last_year",
                  "flexible_worker"),
    "sharing": ("relation", "member_insurance", "cost", "authoriser_balance", "member_balance",
                "member_insured_in_region"),
    "enrolment": ("category", "employee_insured", "enrolled_elsewhere"),
    "incentive": ("history", "year"),
    "tiers": ("kind", "level", "groups", "continuous_years", "sex", "age", "birth_date", "income", "claims", "reform"),
}

#: Each calculator as a report names it.
LABELS: dict[str, str] = {
    "premium": "个人缴费", "household": "家庭缴费", "coverage": "待遇起止", "settle": "年度结算",
    "flexible": "灵活就业缴费", "stop": "离职停保", "maternity": "生育待遇", "sharing": "个人账户家庭共济",
    "enrolment": "参保资格", "incentive": "参保激励", "tiers": "选档建议",
}

Calculator = Literal["premium", "household", "coverage", "settle", "flexible", "stop", "maternity", "sharing",
                     "enrolment", "incentive", "tiers"]



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Refusal(_Strict):
    """The calculator must refuse the input, naming ``field`` (``kind``: bad input, or a situation the
    policy states no rule for)."""

    field: str
    kind: Literal["input", "not_covered"] = "input"


class Case(_Strict):
    name: str = Field(pattern=r"^[a-z0-9_]+$", max_length=120)
    description: str | None = None
    calculator: Calculator
    #: The policy computed with, when not the file's (a case of one article under a later policy).
    policy: str | None = None
    #: A what-if: policy values changed before computing (path → value, as ``yibao … --set``).
    reform: dict[str, Any] = {}
    input: dict[str, Any] = {}
    #: Key path in the result (``paid_by.medical_assistance``, ``claims.0.basic``) → expected value.
    output: dict[str, Any] = {}
    refused: Refusal | None = None
    #: Text some note of the result must contain (a note is how a result says what it did not judge).
    notes_contain: list[str] = []
    rules: list[str] = Field(min_length=1)
    #: The clause that decides the case, quoted verbatim from the article ``source`` names.
    clause: str = Field(min_length=4)
    source: str | None = None
    #: The assumptions (named readings of the policy) the expected values rest on: each must be among
    #: the result's assumptions.
    readings: list[str] = []

    @model_validator(mode="after")
    def _one_outcome(self) -> Case:
        if self.refused is not None and (self.output or self.readings or self.notes_contain):
            raise ValueError("a refused case expects no output, readings or notes")
        if self.refused is None and not (self.output or self.notes_contain):
            raise ValueError("a case needs output (or notes_contain), or refused")
        return self

    @field_validator("input")
    @classmethod
    def _no_policy_in_input(cls, v: dict[str, Any]) -> dict[str, Any]:
        if "policy" in v:
            raise ValueError("the policy is the file's (or the case's policy:), not an input")
        return v


class CaseFile(_Strict):
    """One policy's worked examples."""

    policy: str
    #: The article (a source id of policies/sources.yaml) the cases' clauses quote, unless a case says.
    source: str
    cases: list[Case] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> CaseFile:
        names = [c.name for c in self.cases]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"case names must be unique in a file: {', '.join(dup)}")
        return self

    def policy_of(self, case: Case) -> str:
        return case.policy or self.policy

    def source_of(self, case: Case) -> str:
        return case.source or self.source
