"""待遇享受期 (coverage): when cover starts and ends, with the waiting period."""

from __future__ import annotations

from typing import Any

from ...calculators.coverage import coverage
from ...format import day, number
from ...policy import load_policy
from ...result import Result
from .base import (
    Calculator,
    groups_widget,
    opening,
    optional,
    policy_dropdown,
    premium_tiers,
    text_box,
    tier_dropdown,
    tier_refresher,
    whole_box,
    years,
)
from .render import render_result


def _first_payment_day(policy: str | None) -> str:
    """A starting value for the payment date: the first day of the policy's first payment window."""
    if policy is None:
        return ""
    cov = load_policy(policy).coverage
    return cov.windows[0].paid_from.isoformat() if cov and cov.windows else ""


def coverage_calculator(policy: str | None = None) -> Calculator:
    """待遇享受期:policy, paid_on, groups, birth_date, gap_years, backpaid_years,
    employee_insurance_ended_on, tier → coverage() (no policy: the example's)."""
    policy, start = opening("coverage", policy)
    fields = [
        ("policy", policy_dropdown("coverage", policy)),
        ("paid_on", text_box("缴费日期", value=_first_payment_day(policy), placeholder="YYYY-MM-DD")),
        ("groups", groups_widget()),
        ("birth_date", text_box("出生日期", placeholder="YYYY-MM-DD,可不填")),
        ("gap_years", whole_box("断保年数", 0, "年,可不填")),
        ("backpaid_years", whole_box("补缴年数", 0, "年,可不填")),
        ("employee_insurance_ended_on", text_box("职工医保终止日期", placeholder="YYYY-MM-DD,可不填")),
        ("tier", tier_dropdown()),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return coverage(v["policy"], paid_on=v["paid_on"].strip(), groups=v["groups"],
                        birth_date=optional(v["birth_date"]), gap_years=years(v["gap_years"]),
                        backpaid_years=years(v["backpaid_years"]),
                        employee_insurance_ended_on=optional(v["employee_insurance_ended_on"]), tier=v["tier"] or None)

    def render(r: Any) -> str:
        summary = [("缴费日期", day(r.paid_on)), ("待遇开始", day(r.start)), ("待遇截止", day(r.end)),
                   ("本年度能享受待遇", "是" if r.covered_this_year else "否"),
                   ("等待期(月)",
                    f"{r.waiting_months}(固定 {r.fixed_waiting_months},变动 {r.variable_waiting_months})")]
        if r.backpay_cost:
            summary.append(("补缴费用(元)", number(r.backpay_cost)))
        return render_result(r, summary)

    calc = Calculator("待遇享受时间", fields, compute, render,
                      on_policy=tier_refresher(premium_tiers, lambda t: len(t) <= 1),
                      rules=("L1", "L9", "L12", "T17", "T24", "F6", "X3", "X4", "X5", "Y1", "Y3", "Y4"), start=start)
    return calc
