"""What a reform costs: a population under the baseline and under the reform, with the table API.

    impact = budget_impact(people, claims, "lhasa-2025", {"catastrophic.deductible.high": "4000"})
    impact.total            # one row per amount: baseline, reform, change (exact Decimal yuan)
    impact.by("group")      # the same per combination of population groups; by("tier") per tier
    impact.people           # one row per person: every amount under both (for checks row by row)

The amounts, summed over the people (exact, integer fen underneath):

- **the fund** (医保基金): basic insurance and catastrophic insurance paid on the claims, and the
  premiums it collects (individual and aid payers together);
- **medical assistance** (医疗救助): paid on the claims (T11, T13), and the premium aid it pays (L6–L8, T12);
- **finance** (财政): the premiums it pays for people (L5); the premiums finance and medical assistance pay
  together for border residents (T13) are shown apart, as the article does not split them;
- **the people**: their premiums and what they pay of their bills, and the two together.

Every number is the table path's (:func:`yibao.populations.premium_frame.premium_frame`,
:func:`yibao.populations.frame.settle_frames`),
which agrees with the one-person path to the fen on every row (``tests/test_budget.py`` checks it
under a reform too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from ..groups import zh
from ..policy import as_policy
from ..policy.model import Policy
from ..policy.reform import Reform, as_reform
from ..policy.reformed import apply_reform, reform_of
from ..policy.show import yuan_zh
from ..vocabulary import tier_zh


def _frame() -> Any:
    """The table API (yibao.populations: needs the population extra, so imported when first used)."""
    from types import SimpleNamespace

    from ..populations import frame, premium_frame, reading

    return SimpleNamespace(settle_frames=frame.settle_frames, premium_frame=premium_frame.premium_frame,
                           PEOPLE_SETTLE=frame.PEOPLE_SETTLE, PEOPLE_PREMIUM=frame.PEOPLE_PREMIUM,
                           Table=reading.Table, read_groups=reading.read_groups)


#: The amounts reported, in order: code → Chinese name.
AMOUNTS: dict[str, str] = {
    "fund_paid": "医保基金支付(基本医保 + 大病保险)",
    "basic": "其中基本医保",
    "catastrophic": "其中大病保险",
    "premium_income": "保费收入(个人缴费 + 代缴)",
    "assistance_total": "医疗救助支出(费用救助 + 代缴保费)",
    "assistance": "其中医疗救助(费用)",
    "assistance_premium": "其中医疗救助代缴保费",
    "finance_premium": "财政代缴保费",
    "joint_premium": "财政资金和医疗救助基金代缴保费(未拆分)",
    "government_aid_premium": "政府资助保费(资金来源未指明)",
    "people_total": "个人负担合计(个人缴费 + 自付费用)",
    "premium_individual": "其中个人缴费",
    "out_of_pocket": "其中自付费用",
    "total_cost": "医疗费用合计",
}
_COUNT = "people"


def _amounts(people: Any, claims: Any, policy: Policy) -> Any:
    """One row per person (the index of ``people``): every amount of :data:`AMOUNTS` in fen."""
    import pandas as pd

    F = _frame()
    _, year = F.settle_frames(people, claims, policy, money="fen")
    out = pd.DataFrame(index=people.index)
    for k in ("basic", "catastrophic", "assistance", "out_of_pocket", "total_cost"):
        out[k] = year[f"{k}_fen"].to_numpy(dtype=np.int64)
    zero = np.zeros(len(people), dtype=np.int64)
    if policy.premium is not None:
        prem = F.premium_frame(people, policy, money="fen")
        get = {c: prem[f"{c}_fen"].to_numpy(dtype=np.int64) for c in
               ("standard", "individual", "finance", "medical_assistance", "finance_and_medical_assistance",
                "government_aid", "late_fiscal_share")}
    else:
        get = {c: zero for c in ("standard", "individual", "finance", "medical_assistance",
                                 "finance_and_medical_assistance", "government_aid", "late_fiscal_share")}
    out["premium_individual"] = get["individual"]
    out["premium_income"] = get["standard"] + get["late_fiscal_share"]
    out["assistance_premium"] = get["medical_assistance"]
    out["finance_premium"] = get["finance"]
    out["joint_premium"] = get["finance_and_medical_assistance"]
    out["government_aid_premium"] = get["government_aid"]
    out["fund_paid"] = out["basic"] + out["catastrophic"]
    out["assistance_total"] = out["assistance"] + out["assistance_premium"]
    out["people_total"] = out["premium_individual"] + out["out_of_pocket"]
    return out[list(AMOUNTS)]


def _labels(people: Any) -> tuple[Any, Any]:
    """Per person: the Chinese name of their groups (a combination, "一般参保人" for none) and of their tier."""
    import pandas as pd

    F = _frame()
    table = F.Table(people, "people", F.PEOPLE_SETTLE + F.PEOPLE_PREMIUM, ())
    codes, sets = F.read_groups(table)
    names = ["、".join(zh(g) for g in sorted(s)) or "一般参保人" for s in sets]
    group = pd.Series(np.array(names, dtype=object)[codes], index=people.index)
    if "tier" in people.columns:
        tier = people["tier"].map(lambda t: tier_zh(str(t).strip()) if isinstance(t, str) and t.strip() else "(未选)")
    else:
        tier = pd.Series("(未选)", index=people.index)
    return group, tier


@dataclass
class BudgetImpact:
    """A population under ``baseline`` and ``reformed``: per person (:attr:`people`), in total and by group or tier."""

    baseline: Policy
    reformed: Policy
    #: One row per person: ``<amount>_baseline``, ``<amount>_reform`` in fen (int64), ``group``, ``tier``.
    people: Any
    #: What the reader should know about the input (people aided at the highest tier but settled at another).
    notes: list[str] = field(default_factory=list)

    def _table(self, rows: Any) -> Any:
        import pandas as pd

        out = {}
        for k in AMOUNTS:
            b, r = int(rows[f"{k}_baseline"].sum()), int(rows[f"{k}_reform"].sum())
            out[k] = {"baseline": _yuan(b), "reform": _yuan(r), "change": _yuan(r - b)}
        return pd.DataFrame(out).T

    @property
    def total(self) -> Any:
        """One row per amount (:data:`AMOUNTS`): ``baseline``, ``reform``, ``change`` as exact Decimal yuan."""
        return self._table(self.people)

    def by(self, key: str) -> Any:
        """``by("group")`` or ``by("tier")``: for each group (or tier) and amount, baseline, reform and change."""
        import pandas as pd

        if key not in ("group", "tier"):
            from ..errors import InputError
            raise InputError("by", f"{key!r} is not a grouping", "group, tier")
        parts = []
        for name, rows in self.people.groupby(key, sort=True):
            t = self._table(rows)
            t.insert(0, key, name)
            t.insert(1, _COUNT, len(rows))
            parts.append(t)
        out = pd.concat(parts)
        out.index.name = "amount"
        return out.reset_index().set_index([key, "amount"])

    def change(self, amount: str) -> Decimal:
        """The reform's change of one amount over the population, yuan (e.g. ``change("fund_paid")``)."""
        return self.total.loc[amount, "change"]

    def headline(self) -> str:
        applied = reform_of(self.reformed)
        mark = applied.mark() if applied else ""
        return (f"{mark}{len(self.people)}人:医保基金支付{_sign(self.change('fund_paid'))},"
                f"医疗救助支出{_sign(self.change('assistance_total'))},"
                f"个人负担{_sign(self.change('people_total'))}。")

    def explain(self) -> str:
        applied = reform_of(self.reformed)
        lines = [self.headline(), "", f"政策:{self.baseline.title}"]
        if applied is not None:
            lines += ["改革内容:"] + [f"- {line}" for line in applied.lines()]
        lines += ["", "| 项目 | 基线 | 改革方案 | 变化 |", "| --- | --- | --- | --- |"]
        for k, row in self.total.iterrows():
            lines.append(f"| {AMOUNTS[k]} | {yuan_zh(row['baseline'])} | {yuan_zh(row['reform'])} | "
                         f"{yuan_zh(row['change'])} |")
        for key, title in (("group", "按人群"), ("tier", "按档次")):
            lines += ["", f"{title}(医保基金支付、医疗救助支出、个人负担合计的变化):",
                      f"| {'人群' if key == 'group' else '档次'} | 人数 | 医保基金 | 医疗救助 | 个人负担 |",
                      "| --- | --- | --- | --- | --- |"]
            t = self.by(key)
            for name in dict.fromkeys(t.index.get_level_values(0)):
                sub = t.loc[name]
                lines.append(f"| {name} | {int(sub[_COUNT].iloc[0])} | {yuan_zh(sub.loc['fund_paid', 'change'])} | "
                             f"{yuan_zh(sub.loc['assistance_total', 'change'])} | "
                             f"{yuan_zh(sub.loc['people_total', 'change'])} |")
        lines += [f"注意:{n}" for n in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        applied = reform_of(self.reformed)

        def table(t: Any) -> dict[str, Any]:
            return {k: {c: f"{v:.2f}" for c, v in row.items()} for k, row in t.iterrows()}

        by = {}
        for key in ("group", "tier"):
            t = self.by(key)
            by[key] = {str(name): {"people": int(t.loc[name][_COUNT].iloc[0]),
                                   "amounts": table(t.loc[name].drop(columns=[_COUNT]))}
                       for name in dict.fromkeys(t.index.get_level_values(0))}
        return {"policy": self.baseline.id, "reform": applied.to_dict() if applied else None,
                "people": len(self.people), "total": table(self.total), "by": by, "notes": list(self.notes)}


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def _sign(v: Decimal) -> str:
    return "不变" if v == 0 else f"{'增加' if v > 0 else '减少'} {yuan_zh(abs(v))}"


def budget_impact(people: Any, claims: Any, policy: str | Policy, reform: Reform | Mapping[str, Any]) -> BudgetImpact:
    """``people`` and their ``claims`` (the tables of :mod:`yibao.populations.frame`) under ``policy`` and under
    ``policy`` with ``reform``: what the fund, medical assistance, finance and the people pay."""
    import pandas as pd

    base = as_policy(policy)
    ref = as_reform(reform)
    if ref is None:
        from ..errors import InputError
        raise InputError("reform", "is empty", "one or more overrides, e.g. {'catastrophic.deductible.high': '4000'}")
    new = apply_reform(base, ref)
    a, b = _amounts(people, claims, base), _amounts(people, claims, new)
    rows = pd.concat([a.add_suffix("_baseline"), b.add_suffix("_reform")], axis=1)
    rows["group"], rows["tier"] = _labels(people)
    out = BudgetImpact(base, new, rows)
    if base.premium is not None and "tier" in people.columns:
        priced = _frame().premium_frame(people, base, money="fen")["tier"].astype(str).to_numpy()
        given = people["tier"].map(lambda t: str(t).strip() if isinstance(t, str) else "").to_numpy()
        odd = (priced == base.premium.aid_tier) & (given != "") & (given != priced)
        if odd.any():
            out.notes.append(f"{int(odd.sum())}人按资助以{tier_zh(base.premium.aid_tier)}缴费,人员表的档次却是另一档:"
                             "费用按人员表的档次结算(如应按资助档次享受待遇,请改正人员表)。")
    return out
