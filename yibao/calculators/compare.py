"""One person (or household) priced under every policy side by side (C1)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..errors import InputError
from ..format import yuan
from ..inputs import show_key
from ..policy import load_policy, policy_ids
from ..rules import implements
from ..vocabulary import Payer, tier_zh
from .premium import PremiumResult, premium


class ComparisonRow(NamedTuple):
    """One policy's answer: its premium result, or why it cannot price this person."""

    policy: str
    result: PremiumResult | None
    why: str | None


@dataclass
class Comparison:
    rows: list[ComparisonRow] = field(default_factory=list)

    def explain(self) -> str:
        lines = ["同一个人在各政策下的个人缴费:", "", "| 政策 | 档次 | 个人缴费 | 缴费标准 | 其他付款方 |",
                 "| --- | --- | --- | --- | --- |"]
        for pid, res, why in self.rows:
            title = load_policy(pid).title  # a person reads the policy's name, not its id
            if res is None:
                lines.append(f"| {title} | — | — | — | {why} |")
            else:
                others = ",".join(f"{Payer(p).zh} {yuan(a)}" for p, a in res.paid_by.items()
                                  if p != Payer.individual and a)
                lines.append(f"| {title} | {tier_zh(res.tier)} | {yuan(res.individual)} | {yuan(res.standard)} | "
                             f"{others or '—'} |")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"policies": [{"policy": pid, "result": res.to_dict() if res else None, "not_applicable": why}
                             for pid, res, why in self.rows]}


@implements("C1")
def compare_premiums(person: dict[str, Any], policies: list[str] | None = None) -> Comparison:
    """``premium(**person)`` under each policy; the tier "high"/"low" falls back to the single standard
    where a policy has only one. A policy that cannot price this person says why instead."""
    if not isinstance(person, Mapping):
        raise InputError("person", f"{type(person).__name__} is not a mapping of premium()'s arguments",
                         "tier, groups, sex, birth_date, age, income", kind="mapping.wrong_type",
                         params={"type": type(person).__name__, "expects": "person"})
    unknown = sorted(set(person) - {"tier", "groups", "sex", "birth_date", "age", "income", "paid_on"})
    if unknown:
        keys = ("tier", "groups", "sex", "birth_date", "age", "income", "paid_on")
        raise InputError(("person", show_key(unknown[0])), "unknown", ", ".join(keys), kind="key.unknown",
                         params={"choices": keys})
    if policies is not None and (isinstance(policies, (str, bytes)) or not isinstance(policies, (list, tuple))):
        raise InputError("policies", f"{type(policies).__name__} is not a list of policy ids", "a list of policy ids",
                         kind="list.wrong_type", params={"type": type(policies).__name__, "expects": "policies"})
    out = Comparison()
    for pid in policies or policy_ids():
        pol = load_policy(pid)
        if pol.premium is None:
            continue
        kw = dict(person)
        if kw.get("tier") and set(pol.premium.tiers) == {"standard"}:
            kw["tier"] = None
        try:
            out.rows.append(ComparisonRow(pid, premium(pol, **kw), None))
        except InputError as e:
            if e.path == ("tier",):
                offered = "、".join(tier_zh(t) for t in sorted(pol.premium.tiers))
                asked = kw.get("tier")
                why = (f"本政策没有“{tier_zh(str(asked))}”这一档(只有{offered})" if asked
                       else f"本政策有几个档次,请选择:{offered}")
                out.rows.append(ComparisonRow(pid, None, why))
            else:
                raise
    return out
