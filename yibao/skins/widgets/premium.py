"""个人缴费 (premium): the premium a person pays and who pays the rest."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...calculators.premium import premium
from ...format import number
from ...result import Result
from ...vocabulary import Payer, tier_zh
from .base import (
    DESC,
    SEX_OPTIONS,
    Calculator,
    groups_widget,
    opening,
    optional,
    policy_dropdown,
    premium_tiers,
    text_box,
    tier_dropdown,
    tier_refresher,
)
from .render import render_result


def premium_calculator(policy: str | None = None) -> Calculator:
    """个人缴费:policy, tier, groups, sex, birth_date, income, paid_on → premium() (no policy: the example's)."""
    policy, start = opening("premium", policy)
    fields = [
        ("policy", policy_dropdown("premium", policy)),
        ("tier", tier_dropdown()),
        ("groups", groups_widget()),
        ("sex", W.Dropdown(options=SEX_OPTIONS, value="", description="性别", style=DESC)),
        ("birth_date", text_box("出生日期", placeholder="YYYY-MM-DD,可不填")),
        ("income", text_box("年收入(元)", placeholder="可不填")),
        ("paid_on", text_box("缴费日期", placeholder="YYYY-MM-DD,可不填")),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return premium(v["policy"], tier=v["tier"] or None, groups=v["groups"], sex=v["sex"] or None,
                       birth_date=optional(v["birth_date"]), income=optional(v["income"]),
                       paid_on=optional(v["paid_on"]))

    def render(r: Any) -> str:
        summary = [("个人缴费(元)", number(r.individual)), ("缴费标准(元)", number(r.standard)),
                   ("档次", tier_zh(r.tier))]
        summary += [(f"{Payer(p).zh}支付(元)", number(a)) for p, a in r.paid_by.items() if p != Payer.individual]
        if r.age is not None:
            summary.append(("年龄(周岁)", str(r.age)))
        return render_result(r, summary)

    return Calculator("城乡居民医保个人缴费", fields, compute, render,
                      on_policy=tier_refresher(premium_tiers, lambda t: len(t) <= 1),
                      rules=("L3", "L4", "L5", "L6", "L7", "L8", "T12", "T13", "T27", "F5", "X2", "X4", "X6", "X7",
                             "Y2"), start=start)
