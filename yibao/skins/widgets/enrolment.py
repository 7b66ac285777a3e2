"""谁可以参保 (enrolment): who may enrol in resident insurance."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...calculators.enrolment import eligibility
from ...policy import load_policy
from ...result import Result
from .base import DESC, Calculator, opening, policy_dropdown
from .render import render_result


def _category_refresher(calc: Calculator) -> None:
    """On a policy change: the categories the policy names (none: the dropdown offers only "(不选)")."""
    rules = load_policy(calc.inputs["policy"].value).enrolment
    cats = [(c.label, c.code) for c in (rules.categories if rules else [])]
    box = calc.inputs["category"]
    keep = box.value if box.value in [c for _, c in cats] else (cats[0][1] if cats else "")
    box.options = cats or [("(本政策不分人员类别)", "")]
    box.value = keep


def enrolment_calculator(policy: str | None = None) -> Calculator:
    """能不能参加本地居民医保:人员类别、已参加职工医保、已在异地参保 → eligibility() (no policy: the example's)."""
    policy, start = opening("enrolment", policy)
    fields = [
        ("policy", policy_dropdown("enrolment", policy)),
        ("category", W.Dropdown(options=[("(不选)", "")], value="", description="人员类别", style=DESC,
                                layout=W.Layout(width="46em"))),
        ("employee_insured", W.Checkbox(value=False, description="已参加职工医保", style=DESC)),
        ("enrolled_elsewhere", W.Checkbox(value=False, description="已在异地参加居民医保并缴费", style=DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return eligibility(v["policy"], category=v["category"] or None, employee_insured=v["employee_insured"],
                           enrolled_elsewhere=v["enrolled_elsewhere"])

    def render(r: Any) -> str:
        return render_result(r, [("可以参保", "是" if r.may_enrol else "否")])

    return Calculator("谁可以参加居民医保", fields, compute, render, on_policy=_category_refresher,
                      rules=("L2", "X1", "X9"), start=start)
