"""选档建议 (tiers): which tier costs less, a thin skin over :func:`yibao.whatif.tiers.tier_advice`."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...errors import FieldPath
from ...format import number
from ...policy.show import yuan_zh
from ...vocabulary import ClaimKind, tier_zh
from ...whatif.tiers import KINDS, TierAdvice, tier_advice
from .base import (
    DESC,
    LEVEL_OPTIONS,
    SEX_OPTIONS,
    Calculator,
    groups_widget,
    opening,
    optional,
    policy_dropdown,
    text_box,
    whole_box,
    whole_or_text,
    years,
)
from .render import render_result

KIND_OPTIONS = [(k.zh, k.value) for k in KINDS]


def tier_calculator(policy: str | None = None) -> Calculator:
    """选档建议:policy, kind, level, groups, continuous_years, sex, age, year_cost → tier_advice().

    ``year_cost`` (optional): the cost of one such claim expected in the year; the result then says which
    tier costs less over the year and by how much. No policy: the example's."""
    policy, start = opening("tiers", policy)
    fields = [
        ("policy", policy_dropdown("tiers", policy)),
        ("kind", W.Dropdown(options=KIND_OPTIONS, value="inpatient", description="费用类型", style=DESC)),
        ("level", W.Dropdown(options=LEVEL_OPTIONS, value=3, description="医院级别(住院)", style=DESC)),
        ("groups", groups_widget()),
        ("continuous_years", whole_box("连续参保年数", 0, "年,可不填")),
        ("sex", W.Dropdown(options=SEX_OPTIONS, value="", description="性别", style=DESC)),
        ("age", text_box("年龄(周岁)", placeholder="可不填;老年人代缴看年龄和性别")),
        ("year_cost", text_box("预计全年这类费用(元)", placeholder="可不填,如 5000")),
    ]

    def compute(v: dict[str, Any]) -> TierAdvice:
        kind = v["kind"]
        cost = optional(v["year_cost"])
        advice_claims = None
        if cost is not None:
            claim: dict[str, Any] = {"date": "", "kind": kind, "cost": cost}
            advice_claims = [claim]
        res = tier_advice(v["policy"], kind=kind, level=v["level"] if kind == ClaimKind.inpatient.value else None,
                          groups=v["groups"], continuous_years=years(v["continuous_years"]), sex=v["sex"] or None,
                          age=whole_or_text(v["age"]))
        if advice_claims is not None:  # the year: one such claim on the benefit year's first day
            advice_claims[0].update(date=res.claim_day, level=res.level)
            res = tier_advice(v["policy"], kind=kind, level=res.level, groups=v["groups"],
                              continuous_years=years(v["continuous_years"]), sex=v["sex"] or None,
                              age=whole_or_text(v["age"]), claims=advice_claims)
        return res

    def field_of(path: FieldPath) -> str | None:
        if path.root == "claims":  # the one claim of the year is built from the expected cost
            return "year_cost"
        return str(path)

    def render(r: TierAdvice) -> str:
        summary = [(f"{tier_zh(t)}个人缴费(元)", number(p.individual)) for t, p in r.premiums.items()]
        if r.moot:
            summary.append(("选档", "不需要选档(资助按最高档次缴费)"))
        else:
            summary.append(("高档多缴(元)", number(r.extra_premium)))
            summary.append(("盈亏平衡点(元)", number(r.break_even) if r.break_even is not None
                            else "没有(高档多得的待遇达不到多缴的保费)"))
        for t, y in r.year.items():
            summary.append((f"{tier_zh(t)}全年负担(元)", f"{number(y.total)}(保费 {number(y.premium.individual)} + "
                                                     f"个人负担 "
                                                     f"{number(y.settlement.out_of_pocket)})"))
        if r.cheaper is not None:
            summary.append(("更省的档次", f"{tier_zh(r.cheaper)},少 {yuan_zh(r.saving)}"))
        return render_result(r, summary)

    return Calculator("选档建议:高档还是低档", fields, compute, render, field_of=field_of,
                      rules=("L3", "L5", "L6", "L7", "F5", "T3", "T5", "T6", "T7", "T9", "T11", "T12"), start=start)
