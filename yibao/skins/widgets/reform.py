"""政策模拟 (reform): one hospital stay under the policy and under the values the sliders set, side by
side — a thin skin over :func:`yibao.whatif.compare.compare_reform`.

Each slider moves one policy value away from the policy's own (0: unchanged): the inpatient deductible
and rate of the chosen hospital level and tier, the catastrophic deductible and cap. The paths are the
policy's own (:func:`yibao.policy.reformed.settable_values`); a moved value that the policy model refuses
(a rate above 100%) is said beside its slider.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import ipywidgets as W

from ...errors import FieldPath, InputError
from ...format import number, pct, yuan
from ...policy import load_policy
from ...policy.model import Policy
from ...policy.reform import Reform
from ...policy.reformed import settable_values
from ...settlement import Person, YearSettlement, benefit_tiers, settle
from ...vocabulary import Tier
from ...whatif.compare import ROWS, ReformComparison, compare_reform
from .base import DESC, LEVEL_OPTIONS, Calculator, opening, policy_dropdown, text_box, tier_refresher
from .render import RULES_NOTE, esc, html_table, render_result, steps_html

#: Slider → (its label, the unit of the value it moves, its range of changes and step).
SLIDERS: dict[str, tuple[str, str, int, int, int]] = {
    "deductible": ("住院起付线调整(元)", "yuan", -1000, 1000, 50),
    "rate": ("住院报销比例调整(百分点)", "rate", -30, 30, 1),
    "cat_deductible": ("大病保险起付线调整(元)", "yuan", -10000, 10000, 500),
    "cat_cap": ("大病保险最高支付限额调整(元)", "yuan", -200000, 200000, 10000),
}


@dataclass
class Simulation:
    """The stay under the policy, and under the reform when a slider moved (else None)."""

    policy: Policy
    baseline: YearSettlement
    comparison: ReformComparison | None
    moved: dict[str, tuple[str, Any, Any]]  # slider → (path, old value, new value)


def _level_path(policy: Policy, level: int) -> str | None:
    ip = policy.basic.inpatient if policy.basic else None
    if ip is None:
        return None
    for i, lv in enumerate(ip.levels):
        if lv.min_level <= level <= lv.max_level:
            return f"basic.inpatient.levels[{lv.id}]" if getattr(lv, "id", None) else f"basic.inpatient.levels[{i}]"
    return None


def _paths(policy: Policy, tier: str, level: int) -> dict[str, str]:
    """Slider → the path of the value it moves in ``policy`` (a slider the policy has no value for is left out)."""
    values = settable_values(policy)
    base = _level_path(policy, level)
    wanted = {"deductible": [f"{base}.deductible"], "rate": [f"{base}.rate.{tier}", f"{base}.rate"],
              "cat_deductible": [f"catastrophic.deductible.{tier}", "catastrophic.deductible"],
              "cat_cap": ["catastrophic.cap"]}
    out = {}
    for slider, candidates in wanted.items():
        found = next((p for p in candidates if p in values), None)
        if found is not None:
            out[slider] = found
    return out


def _moved(policy: Policy, paths: dict[str, str], v: dict[str, Any]) -> dict[str, tuple[str, Any, Any]]:
    values = settable_values(policy)
    out = {}
    for slider, path in paths.items():
        step = int(v[slider])
        if not step:
            continue
        old = values[path].value
        new = old + (Decimal(step) / 100 if SLIDERS[slider][1] == "rate" else Decimal(step))
        out[slider] = (path, old, new)
    return out


def reform_calculator(policy: str | None = None) -> Calculator:
    """政策模拟:policy, tier, level, cost and four sliders → compare_reform() of one hospital stay."""
    policy, start = opening("reform", policy)
    fields: list[tuple[str, W.Widget]] = [
        ("policy", policy_dropdown("reform", policy)),
        ("tier", W.Dropdown(options=[("(不选)", "")], value="", description="待遇档次", style=DESC)),
        ("level", W.Dropdown(options=LEVEL_OPTIONS, value=3, description="医院级别", style=DESC)),
        ("cost", text_box("一次住院合规费用(元)", placeholder="如 50000")),
    ]
    for name, (label, _unit, low, high, step) in SLIDERS.items():
        fields.append((name, W.IntSlider(value=0, min=low, max=high, step=step, description=label, style=DESC,
                                         continuous_update=False)))

    def compute(v: dict[str, Any]) -> Simulation:
        pol = load_policy(v["policy"])
        tiers = benefit_tiers(pol)
        tier = v["tier"] or (tiers[0].value if len(tiers) == 1 else "")
        person = {"tier": tier or None}
        claims = [{"date": "", "kind": "inpatient", "cost": v["cost"].strip(), "level": v["level"]}]
        baseline = settle(Person(pol, tier=tier or None), _dated(pol, claims))
        paths = _paths(pol, tier or Tier.standard.value, int(v["level"]))
        moved = _moved(pol, paths, v)
        if not moved:
            return Simulation(pol, baseline, None, {})
        overrides = {path: str(new) for path, _old, new in moved.values()}
        title = ";".join(f"{_name(s)} {_shown(n, SLIDERS[s][1])}" for s, (_p, _o, n) in moved.items())
        try:
            comparison = compare_reform(pol, Reform.from_mapping(overrides, title=title, note="网页政策模拟"),
                                        person=person, claims=_dated(pol, claims))
        except InputError as e:
            slider = next((s for s, (path, _o, _n) in moved.items() if path in str(e.path) or path in str(e)), None)
            raise InputError(slider or "deductible", e.problem, e.allowed, kind=e.kind, params=e.params) from None
        return Simulation(pol, baseline, comparison, moved)

    def render(r: Simulation) -> str:
        if r.comparison is None:
            html = render_result(r.baseline, [("基本医保支付(元)", number(r.baseline.basic)),
                                              ("个人负担(元)", number(r.baseline.out_of_pocket))],
                                 sections=[(f"第{c.index + 1}笔 {c.describe()}", c.items) for c in r.baseline.claims])
            note = "<p class='yibao-note'>现行政策的结算;移动下面的滑块改变政策数值,结果会与现行政策并排显示。</p>"
            return html.replace("</b></p>", "</b></p>" + note, 1)  # after the headline
        c = r.comparison
        changes = [f"{_name(s)}:{_shown(o, SLIDERS[s][1])} → {_shown(n, SLIDERS[s][1])}"
                   for s, (_p, o, n) in r.moved.items()]
        rows = []
        for row, label in ROWS:
            b, n = c.total(row, 0), c.total(row, 1)
            if b is None and n is None:
                continue
            d = (n or Decimal(0)) - (b or Decimal(0))
            rows.append([label, yuan(b), yuan(n), ("+" if d > 0 else "") + yuan(d)])
        return (f"<div class='yibao-result'><p class='yibao-headline'><b>{esc(c.headline())}</b></p>"
                f"<p>政策:{esc(r.policy.title)}</p><p>改动:{esc(';'.join(changes))}</p>"
                + html_table(["项目", "现行政策", "改革方案", "差额"], rows, numeric=(1, 2, 3), cards=False)
                + "<p class='yibao-note'>改革方案只改上面列出的数值,其余规则和数值照政策原文;"
                  "改动的数值不来自文章。</p>"
                + "".join(steps_html(title, side.settlement) for title, side in
                          zip(("现行政策的计算步骤", "改革方案的计算步骤"), c.members[0], strict=True)
                          if side.settlement is not None)
                + f"<p class='yibao-rules-note'>{esc(RULES_NOTE)}</p></div>")

    def field_of(path: FieldPath) -> str | None:
        if path.root == "claims":
            return "level" if path.name == "level" else "cost"
        return str(path)

    return Calculator("政策模拟:改一个数值,看一次住院", fields, compute, render, field_of=field_of,
                      on_policy=tier_refresher(lambda p: [t.value for t in benefit_tiers(p) if t != Tier.standard],
                                               lambda t: not t),
                      rules=("T6", "T7", "T9"), start=start)


def _name(slider: str) -> str:
    """The value a slider moves: 住院起付线 of 住院起付线调整(元)."""
    return SLIDERS[slider][0].split("调整")[0]


def _shown(value: Decimal, unit: str) -> str:
    return pct(value) if unit == "rate" else yuan(value)


def _dated(policy: Policy, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claims on the first day of the policy's benefit year (the stay's date does not change its cost)."""
    from ...settlement import claim_span

    day = claim_span(policy)[0].isoformat()
    return [{**c, "date": c["date"] or day} for c in claims]
