"""个人账户家庭共济 (sharing): who pays a relative's own costs."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...calculators.account_sharing import account_sharing
from ...format import number
from ...result import Result
from ...vocabulary import Insurance, Relation
from .base import DESC, Calculator, opening, policy_dropdown, text_box
from .render import render_result

RELATION_OPTIONS = [(r.zh, r.value) for r in Relation]
INSURANCE_OPTIONS = [(i.zh, i.value) for i in Insurance]


def sharing_calculator(policy: str | None = None) -> Calculator:
    """职工医保个人账户家庭共济:亲属本人的费用由谁的账户付 → account_sharing() (no policy: the example's)."""
    policy, start = opening("sharing", policy)
    fields = [
        ("policy", policy_dropdown("sharing", policy)),
        ("relation", W.Dropdown(options=RELATION_OPTIONS, value="spouse", description="与授权人的关系", style=DESC)),
        ("member_insurance", W.Dropdown(options=INSURANCE_OPTIONS, value="resident", description="亲属参加",
                                        style=DESC)),
        ("cost", text_box("亲属的费用(元)", placeholder="元")),
        ("authoriser_balance", text_box("授权人账户余额(元)", placeholder="元")),
        ("member_balance", text_box("亲属本人账户余额(元)", placeholder="居民医保没有个人账户")),
        ("member_insured_in_region", W.Checkbox(value=True, description="亲属在本地参保", style=DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return account_sharing(v["relation"], v["member_insurance"], v["cost"].strip(),
                               authoriser_balance=v["authoriser_balance"].strip(),
                               member_balance=v["member_balance"].strip() or "0",
                               member_insured_in_region=v["member_insured_in_region"], policy=v["policy"])

    def render(r: Any) -> str:
        summary = [("可以使用授权人账户", "是" if r.allowed else "否"),
                   ("本人账户支付(元)", number(r.from_own_account)),
                   ("授权人账户支付(元)", number(r.from_authoriser)), ("其余自付(元)", number(r.left_to_pay))]
        return render_result(r, summary)

    return Calculator("职工医保个人账户家庭共济", fields, compute, render, rules=("T20",), start=start)
