"""Tables for the notebooks, rendered from the policy data and the results (pandas).

Nothing here restates a rule: every row comes from a value in ``policies/*.yaml`` (with its unit,
rule IDs, quoted clause and source) or from a calculator's result. Money is shown as "40.00"
strings (exact, from ``Decimal``), rates as percentages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from pydantic import BaseModel

from ..groups import zh
from ..money import fmt
from ..policy import as_policy
from ..policy.model import (
    AidRule,
    AnytimeRule,
    Cited,
    EnrolmentCategory,
    Exclusion,
    Param,
    Policy,
    TextFact,
    Umbrella,
    Unstated,
    Window,
)
from ..policy.provenance import OUTSIDE_MARK
from ..vocabulary import Payer

VALUE_COLUMNS = ["rule", "what", "value", "unit", "quote", "source"]
UNITS_ZH = {"yuan": "元", "rate": "比例", "days": "天", "months": "月", "years": "年", "count": "个", "age": "周岁",
            "date": "日期"}
START_ZH = {"benefit_year_start": "待遇年度1月1日起", "payment_date": "自缴费之日起",
            "payment_plus_days": "缴费之日起{days}天后", "next_month_after_payment": "足额缴费次月起",
            "birth_date": "自出生之日起"}


def pct(rate: Decimal) -> str:
    """0.6 → "60%", 0.7166 → "71.66%"."""
    return f"{(Decimal(rate) * 100).normalize():f}%"


def _num(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def param_text(p: Param) -> str:
    """A value as a reader expects it: rates as percentages, everything else as written."""
    return pct(p.value) if p.unit == "rate" else _num(p.value)


def _walk(node: Any) -> Iterator[Cited]:
    if isinstance(node, Cited):
        yield node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name != "sources":
                yield from _walk(getattr(node, name))
    elif isinstance(node, Mapping):
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _walk(v)


def _describe(c: Cited) -> str:
    """The value column for a cited rule that is not a single number."""
    if isinstance(c, Param):
        return param_text(c)
    if isinstance(c, AidRule):
        if c.effect == "full":
            what = "个人不缴费(全额资助)"
        elif c.effect == "individual_amount":
            what = f"个人缴 {_num(c.amount.value)} 元"
        elif c.effect == "amount_not_stated":
            what = "有定额资助,文章未给出金额"
        else:
            what = f"资助 {pct(c.rate.value)}"
        return f"{what};{c.payer.zh}"
    if isinstance(c, Umbrella):
        return "成员:" + "、".join(zh(g) for g in c.members)
    if isinstance(c, Unstated):
        return "文章没有给出"
    if isinstance(c, Window):
        start = START_ZH[c.start].format(days=c.days)
        return f"{c.paid_from} 至 {c.paid_to or '…'} 缴费 → {start}"
    if isinstance(c, AnytimeRule):
        return f"{c.label} → {START_ZH[c.start].format(days='')}"
    if isinstance(c, TextFact):
        return "、".join(c.items)
    if isinstance(c, (Exclusion, EnrolmentCategory)):
        return c.label
    return ""


def _source_title(pol: Policy, source: str | None) -> str:
    src = pol.sources.get(source or "")
    if src is not None and not src.file:  # an outside document: its clause could not be checked
        return f"{src.title}({OUTSIDE_MARK})"
    return src.title if src else (source or "")


def _matches(c: Cited, rules: Iterable[str] | None) -> bool:
    return rules is None or bool(set(c.rules) & set(rules))


def _order(rows: list[dict], rules: Iterable[str] | None) -> list[dict]:
    if rules is None:
        return rows
    order = {r: i for i, r in enumerate(rules)}
    return sorted(rows, key=lambda row: min(order.get(r, len(order)) for r in row["_rules"]))


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{k: r[k] for k in columns} for r in rows], columns=columns)


def values_table(policy: str | Policy, rules: Iterable[str] | None = None, *,
                 include_facts: bool = False) -> pd.DataFrame:
    """Every cited value of ``policy`` (inherited ones included) serving any of ``rules``: rule IDs,
    key path, value, unit, the quoted clause and the article's title. Facts and text facts are left
    to :func:`facts_table` and :func:`texts_table` unless ``include_facts``."""
    pol = as_policy(policy)
    rules = None if rules is None else tuple(rules)
    rows: list[dict] = []
    seen: set[str] = set()
    for c in _walk(pol):
        if not _matches(c, rules) or c.path in seen:
            continue
        if not include_facts and (c.path.startswith("facts.") or c.path.startswith("texts.")):
            continue
        seen.add(c.path)
        rows.append({"_rules": c.rules, "rule": ", ".join(c.rules), "what": c.path, "value": _describe(c),
                     "unit": UNITS_ZH.get(getattr(c, "unit", ""), ""), "quote": c.quote,
                     "source": _source_title(pol, c.source)})
    return _frame(_order(rows, rules), VALUE_COLUMNS)


def facts_table(policy: str | Policy, rules: Iterable[str] | None = None) -> pd.DataFrame:
    """The numbers the articles state (``facts:``): rule, key, value, unit, note, quote, source."""
    pol = as_policy(policy)
    rules = None if rules is None else tuple(rules)
    rows = [{"_rules": p.rules, "rule": ", ".join(p.rules), "what": key, "value": param_text(p),
             "unit": UNITS_ZH.get(p.unit, p.unit), "note": p.note or "", "quote": p.quote,
             "source": _source_title(pol, p.source)}
            for key, p in pol.facts.items() if _matches(p, rules)]
    return _frame(_order(rows, rules), ["rule", "what", "value", "unit", "note", "quote", "source"])


def texts_table(policy: str | Policy, rules: Iterable[str] | None = None) -> pd.DataFrame:
    """The facts the articles state in words (``texts:``): payment channels, documents ..."""
    pol = as_policy(policy)
    rules = None if rules is None else tuple(rules)
    rows = [{"_rules": t.rules, "rule": ", ".join(t.rules), "what": t.label, "items": "、".join(t.items),
             "quote": t.quote, "source": _source_title(pol, t.source)}
            for t in pol.texts.values() if _matches(t, rules)]
    return _frame(_order(rows, rules), ["rule", "what", "items", "quote", "source"])


def assumptions_table(policy: str | Policy, ids: Iterable[str] | None = None,
                      rules: Iterable[str] | None = None) -> pd.DataFrame:
    """Named assumptions (our reading where an article is silent or ambiguous), with the
    alternatives we did not take and why; by ``ids`` (in that order) or by ``rules``."""
    pol = as_policy(policy)
    if ids is not None:
        chosen = [pol.assumptions[i] for i in dict.fromkeys(ids)]
    else:
        chosen = [a for a in pol.assumptions.values() if rules is None or set(a.rules) & set(rules)]
    rows = [{"id": a.id, "title": a.title, "reading": a.reading, "alternatives": ";".join(a.alternatives),
             "why": a.why, "rule": ", ".join(a.rules)} for a in chosen]
    return pd.DataFrame(rows, columns=["id", "title", "reading", "alternatives", "why", "rule"])


def result_assumptions(result: Any) -> pd.DataFrame:
    """The named assumptions a calculator's result used."""
    return assumptions_table(result.policy, ids=result.assumptions)


def steps_table(result: Any) -> pd.DataFrame:
    """A result's line items: each step, its amount, its rule IDs and the clause it rests on."""
    pol = result.policy
    rows = [{"step": it.label, "amount": "" if it.amount is None else fmt(it.amount),
             "party": "" if it.party is None else it.party.zh,
             "rule": ", ".join(it.rules), "quote": it.quote or "", "source": _source_title(pol, it.source)}
            for it in result.items]
    return pd.DataFrame(rows, columns=["step", "amount", "party", "rule", "quote", "source"])


def premium_table(results: Mapping[str, Any]) -> pd.DataFrame:
    """Premium results side by side: who, tier, standard, individual, and every other payer."""
    rows = []
    for who, r in results.items():
        others = ";".join(f"{Payer(p).zh} {fmt(a)}" for p, a in r.paid_by.items()
                          if p != Payer.individual and a)
        rows.append({"who": who, "policy": r.policy.id, "tier": r.tier, "standard": fmt(r.standard),
                     "individual": fmt(r.individual), "others": others or "—", "aid": r.aid or "—"})
    return pd.DataFrame(rows, columns=["who", "policy", "tier", "standard", "individual", "others", "aid"])


def comparison_table(comparison: Any) -> pd.DataFrame:
    """One person under every policy (C1), from :func:`yibao.calculators.compare.compare_premiums`."""
    rows = []
    for pid, r, why in comparison.rows:
        if r is None:
            rows.append({"policy": pid, "tier": "—", "standard": "—", "individual": "—", "others": why or "—"})
            continue
        others = ";".join(f"{Payer(p).zh} {fmt(a)}" for p, a in r.paid_by.items()
                          if p != Payer.individual and a)
        rows.append({"policy": pid, "tier": r.tier, "standard": fmt(r.standard), "individual": fmt(r.individual),
                     "others": others or "—"})
    return pd.DataFrame(rows, columns=["policy", "tier", "standard", "individual", "others"])


def household_table(results: Mapping[str, Any], names: list[str] | None = None) -> pd.DataFrame:
    """Households side by side (C1, X9): one row per member, one column per policy with what that
    member pays, a total row last (``results``: policy id → :class:`~yibao.calculators.premium.HouseholdResult`)."""
    pids = list(results)
    size = max(len(r.members) for r in results.values())
    names = names or [f"成员{i + 1}" for i in range(size)]
    rows = [{"member": names[i], **{pid: fmt(results[pid].members[i].individual) for pid in pids}}
            for i in range(size)]
    rows.append({"member": "个人合计", **{pid: fmt(r.total_individual) for pid, r in results.items()}})
    return pd.DataFrame(rows, columns=["member", *pids])


def coverage_table(results: Mapping[str, Any]) -> pd.DataFrame:
    """Coverage results side by side: payment date, cover start and end, waiting months, basis."""
    rows = [{"case": case, "paid_on": r.paid_on.isoformat(), "start": r.start.isoformat(), "end": r.end.isoformat(),
             "waiting_months": r.waiting_months, "backpay_cost": fmt(r.backpay_cost), "basis": r.basis}
            for case, r in results.items()]
    return pd.DataFrame(rows, columns=["case", "paid_on", "start", "end", "waiting_months", "backpay_cost", "basis"])


def settlement_table(year: Any) -> pd.DataFrame:
    """A settled year, claim by claim, with the three layers and what is left; a total row last."""
    rows = [{"claim": c.describe(), "total_cost": fmt(c.total_cost), "basic": fmt(c.basic),
             "catastrophic": fmt(c.catastrophic), "assistance": fmt(c.assistance),
             "out_of_pocket": fmt(c.out_of_pocket)} for c in year.claims]
    rows.append({"claim": "全年合计", "total_cost": fmt(year.total_cost), "basic": fmt(year.basic),
                 "catastrophic": fmt(year.catastrophic), "assistance": fmt(year.assistance),
                 "out_of_pocket": fmt(year.out_of_pocket)})
    return pd.DataFrame(rows, columns=["claim", "total_cost", "basic", "catastrophic", "assistance", "out_of_pocket"])


def set_display() -> None:
    """pandas display options for Chinese text tables (aligned, nothing cut off)."""
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.unicode.ambiguous_as_wide", False)
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.width", 250)
