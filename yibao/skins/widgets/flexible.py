"""灵活就业 (flexible, stop): employee or resident insurance; employee insurance after a job ends."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...calculators.flexible import employee_insurance_stop, flexible_premium
from ...format import day, number
from ...result import Result
from ...vocabulary import tier_zh
from .base import DESC, Calculator, opening, optional, policy_dropdown, text_box
from .render import render_result


def flexible_calculator(policy: str | None = None) -> Calculator:
    """灵活就业人员:上年度社平工资(月)→ 职工医保月缴/年缴,对照居民医保各档 (no policy: the example's)。"""
    policy, start = opening("flexible", policy)
    fields = [
        ("policy", policy_dropdown("flexible", policy)),
        ("average_wage", text_box("上年度社平工资(月,元)", placeholder="元/月")),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return flexible_premium(v["average_wage"].strip(), policy=v["policy"])

    def render(r: Any) -> str:
        summary = [("职工医保每月(元)", number(r.monthly)), ("职工医保一年(元)", number(r.annual))]
        summary += [(f"居民医保{tier_zh(k)}一年(元)", number(a)) for k, a in r.resident_tiers.items()]
        return render_result(r, summary)

    return Calculator("灵活就业人员:职工医保还是居民医保", fields, compute, render, rules=("F1", "F5", "F7", "F8"),
                      start=start)


def stop_calculator(policy: str | None = None) -> Calculator:
    """解除劳动关系后:职工医保何时停保、失业期间谁来缴、个人账户能否家庭共享 → employee_insurance_stop()
    (no policy: the example's)."""
    policy, start = opening("stop", policy)
    fields = [
        ("policy", policy_dropdown("stop", policy)),
        ("employment_ended_on", text_box("解除劳动关系日期", placeholder="YYYY-MM-DD")),
        ("receiving_unemployment_benefit", W.Checkbox(value=False, description="正在领取失业保险金", style=DESC)),
        ("account_balance", text_box("个人账户余额(元)", placeholder="可不填")),
        ("relative_in_region", W.Checkbox(value=True, description="共享的亲属在区内", style=DESC)),
        ("relative_status_normal", W.Checkbox(value=True, description="亲属参保状态正常", style=DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return employee_insurance_stop(v["employment_ended_on"].strip(),
                                       receiving_unemployment_benefit=v["receiving_unemployment_benefit"],
                                       account_balance=optional(v["account_balance"]),
                                       relative_in_region=v["relative_in_region"],
                                       relative_status_normal=v["relative_status_normal"], policy=v["policy"])

    def render(r: Any) -> str:
        summary = [("解除劳动关系", day(r.employment_ended_on)),
                   ("停保日期", day(r.stops_on) if r.stops_on else "不停保(失业保险基金代缴)"),
                   ("职工医保由谁缴", "失业保险基金" if r.premium_paid_by == "unemployment_fund" else "个人"),
                   ("个人账户只能用于药费", "是" if r.account_for_medicines_only else "否")]
        if r.account_sharing_allowed is not None:
            summary.append(("个人账户可以家庭共享", "是" if r.account_sharing_allowed else "否"))
        return render_result(r, summary)

    return Calculator("解除劳动关系后的职工医保", fields, compute, render, rules=("F2", "F3", "F4"), start=start)
