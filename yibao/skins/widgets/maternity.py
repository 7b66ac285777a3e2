"""职工生育待遇 (maternity): the lump sum and the allowance days."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...calculators.maternity import maternity
from ...format import number
from ...policy import load_policy
from ...result import Result
from ...vocabulary import Delivery
from .base import (
    DESC,
    Calculator,
    opening,
    optional,
    policy_dropdown,
    text_box,
    whole_box,
    whole_or_text,
)
from .render import render_result

DELIVERY_OPTIONS = [(d.zh, d.value) for d in Delivery]


def _survivors_label(calc: Calculator) -> None:
    """On a policy change: the surviving babies' field says the policy's months."""
    m = load_policy(calc.inputs["policy"].value).maternity
    if m is not None:
        calc.inputs["surviving_babies"].description = f"存活{m.survivors_min_months.value}个月以上婴儿数"


def maternity_calculator(policy: str | None = None) -> Calculator:
    """职工生育待遇:delivery, babies, difficult, surviving_babies, average_wage_last_year → maternity()
    (no policy: the example's)."""
    policy, start = opening("maternity", policy)
    fields = [
        ("policy", policy_dropdown("maternity", policy)),
        ("delivery", W.Dropdown(options=DELIVERY_OPTIONS, value="normal", description="分娩方式", style=DESC)),
        ("babies", whole_box("婴儿数", 1)),
        ("difficult", W.Checkbox(value=False, description="难产", style=DESC)),
        ("surviving_babies", text_box("存活婴儿数", placeholder="可不填(默认全部)")),
        ("average_wage_last_year", text_box("上年度在职职工年平均工资(元)", placeholder="可不填")),
        ("flexible_worker", W.Checkbox(value=False, description="灵活就业人员(不参加生育保险)", style=DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return maternity(v["policy"], delivery=v["delivery"], babies=whole_or_text(v["babies"]),
                         difficult=v["difficult"],
                         surviving_babies=whole_or_text(v["surviving_babies"]),
                         average_wage_last_year=optional(v["average_wage_last_year"]),
                         flexible_worker=v["flexible_worker"])

    def render(r: Any) -> str:
        summary = [("生育医疗费用包干(元)", number(r.lump_sum)), ("生育津贴(天)", str(r.allowance_days)),
                   ("配偶护理津贴(天)", str(r.nursing_days))]
        if r.nutrition_allowance is not None:
            summary.append(("一次性营养补助(元)", number(r.nutrition_allowance)))
        return render_result(r, summary)

    return Calculator("职工生育待遇", fields, compute, render, on_policy=_survivors_label, rules=("T21", "T22"),
                      start=start)
