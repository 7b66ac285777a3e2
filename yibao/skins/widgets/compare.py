"""各地缴多少 (compare): one person's premium under every policy."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...calculators.compare import Comparison, compare_premiums
from ...format import number, yuan
from ...policy import load_policy
from ...vocabulary import Payer, Tier, tier_zh
from .base import DESC, SEX_OPTIONS, Calculator, groups_widget, opening, optional, text_box
from .render import explained, html_table

COMPARE_TIERS = [("(不选:各政策的默认)", ""), *((t.zh, t.value) for t in (Tier.high, Tier.low))]


def compare_calculator() -> Calculator:
    """同一个人在各政策下的个人缴费:tier, groups, sex, birth_date, income → compare_premiums()."""
    _, start = opening("compare", None)
    fields = [
        ("tier", W.Dropdown(options=COMPARE_TIERS, value="high", description="缴费档次", style=DESC)),
        ("groups", groups_widget()),
        ("sex", W.Dropdown(options=SEX_OPTIONS, value="", description="性别", style=DESC)),
        ("birth_date", text_box("出生日期", placeholder="YYYY-MM-DD,可不填")),
        ("income", text_box("年收入(元)", placeholder="可不填")),
    ]

    def compute(v: dict[str, Any]) -> Comparison:
        person = {"tier": v["tier"] or None, "groups": v["groups"], "sex": v["sex"] or None,
                  "birth_date": optional(v["birth_date"]), "income": optional(v["income"])}
        return compare_premiums({k: x for k, x in person.items() if x not in (None, ())})

    def render(c: Comparison) -> str:
        rows = []
        for pid, res, why in c.rows:
            if res is None:
                rows.append((load_policy(pid).title, "—", "—", "—", "", why or ""))
                continue
            others = ",".join(f"{Payer(p).zh} {yuan(a)}" for p, a in res.paid_by.items()
                              if p != Payer.individual and a)
            rows.append((res.policy.title, tier_zh(res.tier), number(res.individual),
                         number(res.standard), others or "—", res.headline()))
        head = ("政策", "档次", "个人缴费(元)", "缴费标准(元)", "其他付款方", "说明")
        return ("<div class='yibao-result'><p><b>同一个人在各政策下的个人缴费</b></p>" + html_table(head, rows, (2, 3))
                + f"<details><summary>完整说明</summary><pre style='white-space:pre-wrap'>{explained(c)}"
                "</pre></details></div>")

    return Calculator("同一个人,各地缴多少", fields, compute, render, rules=("C1",), start=start)
