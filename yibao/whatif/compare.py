"""Baseline and reform side by side for one person or a household (C1): premium, each layer of a year
of claims, and what the person pays in all (``yibao compare --policy P --set …``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..calculators.premium import PremiumResult, premium
from ..errors import InputError
from ..money import ZERO
from ..policy import as_policy
from ..policy.model import Policy
from ..policy.reform import Reform, as_reform
from ..policy.reformed import apply_reform, reform_of
from ..policy.show import yuan_zh
from ..rules import implements
from ..settlement import Person, YearSettlement, benefit_tiers, settle

#: premium()'s facts and the settlement's (``Person``); ``tier`` and ``groups`` are both's.
PREMIUM_KEYS = ("tier", "groups", "sex", "birth_date", "age", "income", "paid_on", "employee_insurance_ended_on")
PERSON_KEYS = ("tier", "groups", "continuous_years", "incentive_amount", "retired", "major_disease", "waiting_until",
               "cover_start", "cover_end", "retroactive_paid_on")
ROWS = (("premium", "个人缴费"), ("basic", "基本医保支付"), ("catastrophic", "大病保险支付"),
        ("assistance", "医疗救助支付"), ("out_of_pocket", "个人负担(费用中)"),
        ("burden", "全年负担(个人缴费 + 个人负担)"))


@dataclass
class Side:
    """One member under one policy (baseline or reform)."""

    premium: PremiumResult | None
    settlement: YearSettlement | None

    def amount(self, row: str) -> Decimal | None:
        p, s = self.premium, self.settlement
        if row == "premium":
            return None if p is None else p.individual
        if row == "burden":
            if p is None and s is None:
                return None
            return (p.individual if p else ZERO) + (s.out_of_pocket if s else ZERO)
        return None if s is None else getattr(s, row)

    def to_dict(self) -> dict[str, Any]:
        return {"premium": self.premium.to_dict() if self.premium else None,
                "settlement": self.settlement.to_dict() if self.settlement else None,
                **{row: None if self.amount(row) is None else f"{self.amount(row):.2f}" for row, _ in ROWS}}


@dataclass
class ReformComparison:
    baseline: Policy
    reformed: Policy
    members: list[tuple[Side, Side]] = field(default_factory=list)

    def total(self, row: str, which: int) -> Decimal | None:
        vals = [m[which].amount(row) for m in self.members]
        return None if all(v is None for v in vals) else sum((v for v in vals if v is not None), ZERO)

    def headline(self) -> str:
        who = "这个人" if len(self.members) == 1 else f"全家{len(self.members)}人"
        b, r = self.total("burden", 0), self.total("burden", 1)
        text = f"{reform_of(self.reformed).mark()}{who}全年负担:基线 {yuan_zh(b or ZERO)},改革方案 {yuan_zh(r or ZERO)}"  # type: ignore[union-attr]
        d = (r or ZERO) - (b or ZERO)
        return text + ("," + ("多" if d > 0 else "少") + f" {yuan_zh(abs(d))}。" if d else ",没有变化。")

    def explain(self) -> str:
        applied = reform_of(self.reformed)
        assert applied is not None
        lines = [self.headline(), "", f"政策:{self.baseline.title}", "改革内容:"]
        lines += [f"- {line}" for line in applied.lines()]
        lines += ["", "| 成员 | 项目 | 基线 | 改革方案 | 差额 |", "| --- | --- | --- | --- | --- |"]
        many = len(self.members) > 1
        for i, (b, r) in enumerate(self.members, 1):
            for row, label in ROWS:
                x, y = b.amount(row), r.amount(row)
                if x is None and y is None:
                    continue
                lines.append(f"| {i if many else '本人'} | {label} | {_yuan(x)} | {_yuan(y)} | "
                             f"{_yuan((y or ZERO) - (x or ZERO))} |")
        if many:
            for row, label in ROWS:
                x, y = self.total(row, 0), self.total(row, 1)
                if x is not None or y is not None:
                    lines.append(f"| 合计 | {label} | {_yuan(x)} | {_yuan(y)} | {_yuan((y or ZERO) - (x or ZERO))} |")
        touched = [a for m in self.members for side in m[1:] for res in (side.premium, side.settlement) if res
                   for a in res.assumptions if a.startswith("reform:")]
        if not touched:
            lines.append("")
            lines.append("注意:改革方案改变的值在这个人(户)的计算中没有用到。")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        applied = reform_of(self.reformed)
        return {"policy": self.baseline.id, "reform": applied.to_dict() if applied else None,
                "members": [{"baseline": b.to_dict(), "reform": r.to_dict()} for b, r in self.members],
                "total": {row: {"baseline": _json(self.total(row, 0)), "reform": _json(self.total(row, 1))}
                          for row, _ in ROWS}}


def _yuan(v: Decimal | None) -> str:
    return "—" if v is None else yuan_zh(v)


def _json(v: Decimal | None) -> str | None:
    return None if v is None else f"{v:.2f}"


def _side(policy: Policy, who: Mapping[str, Any], claims: Sequence[Any] | None, i: int | None) -> Side:
    def named(e: InputError) -> InputError:
        return e if i is None else InputError(f"members[{i}].{e.field}", e.problem, e.allowed)

    kw = {k: v for k, v in who.items() if k in PREMIUM_KEYS}
    if kw.get("tier") and policy.premium is not None and set(policy.premium.tiers) == {"standard"}:
        kw["tier"] = None
    try:
        prem = premium(policy, **kw) if policy.premium is not None else None
        sett = None
        if claims is not None:
            pk = {k: v for k, v in who.items() if k in PERSON_KEYS}
            if benefit_tiers(policy) == ("standard",):
                pk.pop("tier", None)
            elif prem is not None and prem.aid is not None:
                pk["tier"] = prem.tier  # aided at the highest tier: the benefits are that tier's
            sett = settle(Person(policy, **pk), list(claims))
    except InputError as e:
        raise named(e) from None
    return Side(prem, sett)


@implements("C1")
def compare_reform(policy: str | Policy, reform: Reform | Mapping[str, Any], *, person: Mapping[str, Any] | None = None,
                   claims: Sequence[Any] | None = None,
                   members: Sequence[Mapping[str, Any]] | None = None) -> ReformComparison:
    """One person (``person``: premium()'s and Person's facts, ``claims``: their year) or a household
    (``members``: such mappings, each with its own ``claims`` list if any) under ``policy`` and under
    ``policy`` with ``reform`` applied."""
    base = as_policy(policy)
    ref = as_reform(reform)
    if ref is None:
        raise InputError("reform", "is empty", "one or more overrides, e.g. {'catastrophic.deductible.high': '4000'}")
    new = apply_reform(base, ref)
    if (person is None) == (members is None):
        raise InputError("person", "give either person (with claims) or members", "person=…, or members=[…]")
    people: list[tuple[Mapping[str, Any], Sequence[Any] | None, int | None]]
    if members is not None:
        if not isinstance(members, (list, tuple)) or not members or not all(isinstance(m, Mapping) for m in members):
            raise InputError("members", "not a list of people", "a list of mappings of premium()'s and Person's facts")
        if claims is not None:
            raise InputError("claims", "give each member's claims in the member", "members=[{…, 'claims': […]}]")
        people = [({k: v for k, v in m.items() if k != "claims"}, m.get("claims"), i) for i, m in enumerate(members)]
    else:
        if not isinstance(person, Mapping):
            raise InputError("person", f"{type(person).__name__} is not a mapping", "premium()'s and Person's facts")
        people = [(person, claims, None)]
    for who, _, i in people:
        unknown = sorted(set(who) - set(PREMIUM_KEYS) - set(PERSON_KEYS))
        if unknown:
            where = "person" if i is None else f"members[{i}]"
            raise InputError(f"{where}.{unknown[0]}", "unknown", ", ".join(dict.fromkeys(PREMIUM_KEYS + PERSON_KEYS)))
    out = ReformComparison(base, new)
    for who, cl, i in people:
        out.members.append((_side(base, who, cl, i), _side(new, who, cl, i)))
    return out


#: The most members a household file may list.
MAX_MEMBERS = 50


def read_household(path: str | Path) -> list[dict[str, Any]]:
    """A household file (JSON): a list of members, each an object of premium()'s and Person's facts
    (``tier``, ``groups``, ``sex``, ``age`` …) with, if any, its year of ``claims`` (a list of claim
    objects, the columns of a claims file). Read as safely as a claims file (a regular file, UTF-8)."""
    from ..inputs import Written
    from ..user_files import json_object, read_user_text, repeated_key, user_file

    p = user_file(path, "--household")
    text = read_user_text(p, "--household")

    def no_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        data = json.loads(text, parse_float=Written, parse_constant=no_constant, object_pairs_hook=json_object)
    except (ValueError, RecursionError) as e:
        raise InputError("--household", f"{p.name}: not valid JSON ({str(e)[:120]})",
                         'a JSON list of members, e.g. [{"tier": "high", "claims": [...]}]') from None
    twice = repeated_key(data)
    if twice is not None:  # a member's tier or a claim's cost given twice: which one was meant is unknown
        where = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in twice)
        raise InputError(f"--household members{where}", "is given twice", "each key once",
                         kind="user_file.repeated_key")
    if not isinstance(data, list) or not data or not all(isinstance(m, dict) for m in data):
        raise InputError("--household", f"{p.name}: not a list of members",
                         'a JSON list of objects, e.g. [{"tier": "high", "groups": ["dibao"]}]')
    if len(data) > MAX_MEMBERS:
        raise InputError("--household", f"{p.name}: {len(data)} members", f"at most {MAX_MEMBERS}")
    for i, m in enumerate(data):
        claims = m.get("claims")
        if claims is not None and not (isinstance(claims, list) and all(isinstance(c, dict) for c in claims)):
            raise InputError(f"--household members[{i}].claims", "not a list of claims", "a JSON list of claim objects")
    return data
