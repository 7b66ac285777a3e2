"""Tables for the notebooks, rendered from the policy data and the results (pandas).

Nothing here restates a rule: every row comes from a value in ``policies/*.yaml`` (with its unit,
rule IDs, quoted clause and source) or from a calculator's result. Each is a
:class:`~yibao.skins.display.Table`: Chinese column names, money as ``1,234.56 元``, dates as
``2025年8月10日`` (:mod:`yibao.format`), tiers and payers by their Chinese names, clauses quoted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
from pydantic import BaseModel

from ..explain import steps
from ..format import day, large, pct, yuan
from ..groups import zh
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
from ..policy.provenance import OUTSIDE_MARK, quoted
from ..policy.values import rule_label
from ..vocabulary import Payer, tier_zh
from . import display
from .display import Table

UNITS_ZH = {"yuan": "元", "rate": "比例", "days": "天", "months": "月", "years": "年", "count": "个", "age": "周岁",
            "date": "日期"}
START_ZH = {"benefit_year_start": "待遇年度1月1日起", "payment_date": "自缴费之日起",
            "payment_plus_days": "缴费之日起{days}天后", "next_month_after_payment": "足额缴费次月起",
            "birth_date": "自出生之日起"}


def _num(value: Any, money: bool = False) -> str:
    if money and isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal):
        if money:  # thousands separated, as the article's figure (no needless ".00")
            return f"{int(value):,}" if value == value.to_integral() else f"{value:,f}"
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, date):
        return day(value)
    return str(value)


def param_text(p: Param) -> str:
    """A value as a reader expects it: rates as percentages, money thousands separated, dates in Chinese."""
    v = p.value
    return pct(Decimal(v)) if p.unit == "rate" and not isinstance(v, date) else _num(v, money=p.unit == "yuan")


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


def _aid_effect(c: AidRule) -> str:
    if c.effect == "full":
        return "个人不缴费(全额资助)"
    if c.effect == "individual_amount" and c.amount is not None:
        return f"个人缴 {_num(c.amount.value, money=True)} 元"
    if c.effect == "amount_not_stated":
        return "有定额资助,文章未给出金额"
    return f"资助 {pct(c.rate.value)}" if c.rate is not None else ""


def _describe(c: Cited) -> str:
    """The value column for a cited rule that is not a single number."""
    if isinstance(c, Param):
        return param_text(c)
    if isinstance(c, AidRule):
        return f"{_aid_effect(c)};{c.payer.zh}"
    if isinstance(c, Umbrella):
        return "成员:" + "、".join(zh(g) for g in c.members)
    if isinstance(c, Unstated):
        return "文章没有给出"
    if isinstance(c, Window):
        start = START_ZH[c.start].format(days=c.days)
        return f"{day(c.paid_from)}至{day(c.paid_to) if c.paid_to else '…'}缴费 → {start}"
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


def _table(rows: list[dict], columns: list[str], **kw: Any) -> Table:
    return display.table([{k: r[k] for k in columns} for r in rows], columns, **kw)


def _label(c: Cited) -> str:
    """What a cited value is, in the words of the data (its ``label``, which ``yibao check`` requires)."""
    return c.label


def _quote(pol: Policy, source: str | None, quote: str | None) -> str:
    return quoted(pol.sources, source, quote)


#: Column names a reader sees (the values tables).
VALUE_HEAD = ["规则", "项目", "取值", "单位", "原文", "出处"]


def values_table(policy: str | Policy, rules: Iterable[str] | None = None, *,
                 include_facts: bool = False) -> Table:
    """Every cited value of ``policy`` (inherited ones included) serving any of ``rules``: rule IDs,
    what it is, value, unit, the quoted clause and the article's title. Facts and text facts are left
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
        label, value = _label(c), _describe(c)
        rows.append({"_rules": c.rules, "规则": ", ".join(c.rules), "项目": label,
                     "取值": "" if value == label else value,
                     "单位": UNITS_ZH.get(getattr(c, "unit", ""), ""), "原文": _quote(pol, c.source, c.quote),
                     "出处": _source_title(pol, c.source)})
    return _table(_order(rows, rules), VALUE_HEAD, quotes=["原文"])


def _in_article_units(p: Param) -> bool:
    """A large sum the article writes in 亿元 or 万元 (its quote says so)."""
    if p.unit != "yuan" or isinstance(p.value, date):
        return False
    v = abs(Decimal(p.value))
    return (v >= 100_000_000 and "亿" in p.quote) or (v >= 10_000 and "万元" in p.quote)


def _fact_text(p: Param) -> str:
    """A fact's value: a large sum in the article's own units (``20.13 亿元``), else as :func:`param_text`."""
    v = p.value
    return large(Decimal(v)) if _in_article_units(p) and not isinstance(v, date) else param_text(p)


def facts_table(policy: str | Policy, rules: Iterable[str] | None = None) -> Table:
    """The numbers the articles state (``facts:``): rule, value, unit, note, quote, source."""
    pol = as_policy(policy)
    rules = None if rules is None else tuple(rules)
    rows = [{"_rules": p.rules, "规则": ", ".join(p.rules), "取值": _fact_text(p),
             "单位": "" if _in_article_units(p) else UNITS_ZH.get(p.unit, p.unit), "说明": p.note or "",
             "原文": _quote(pol, p.source, p.quote),
             "出处": _source_title(pol, p.source)}
            for p in pol.facts.values() if _matches(p, rules)]
    return _table(_order(rows, rules), ["规则", "取值", "单位", "说明", "原文", "出处"], numeric=["取值"],
                  quotes=["原文"])


def texts_table(policy: str | Policy, rules: Iterable[str] | None = None) -> Table:
    """The facts the articles state in words (``texts:``): payment channels, documents ..."""
    pol = as_policy(policy)
    rules = None if rules is None else tuple(rules)
    rows = [{"_rules": t.rules, "规则": ", ".join(t.rules), "项目": t.label, "内容": "、".join(t.items),
             "原文": _quote(pol, t.source, t.quote), "出处": _source_title(pol, t.source)}
            for t in pol.texts.values() if _matches(t, rules)]
    return _table(_order(rows, rules), ["规则", "项目", "内容", "原文", "出处"], quotes=["原文"])


def assumptions_table(policy: str | Policy, ids: Iterable[str] | None = None,
                      rules: Iterable[str] | None = None) -> Table:
    """Named assumptions (our reading where an article is silent or ambiguous), with the
    alternatives we did not take and why; by ``ids`` (in that order) or by ``rules``."""
    pol = as_policy(policy)
    if ids is not None:
        chosen = [pol.assumptions[i] for i in dict.fromkeys(ids)]
    else:
        chosen = [a for a in pol.assumptions.values() if rules is None or set(a.rules) & set(rules)]
    rows = [{"假设": a.title, "我们的读法": a.reading, "其他读法": ";".join(a.alternatives), "理由": a.why,
             "规则": ", ".join(a.rules)} for a in chosen]
    return display.table(rows, ["假设", "我们的读法", "其他读法", "理由", "规则"])


def result_assumptions(result: Any) -> Table:
    """The named assumptions a calculator's result used."""
    return assumptions_table(result.policy, ids=result.assumptions)


def steps_table(result: Any) -> Table:
    """A result's line items: each step, its amount, who pays, its rule IDs and the clause it rests on."""
    pol = result.policy
    rows = [{"步骤": s.label, "金额": s.amount_text, "支付方": s.party, "规则": ", ".join(s.rules),
             "原文": s.clause, "说明": s.how, "出处": _source_title(pol, it.source)}
            for it, s in zip(result.items, steps(pol, result.items), strict=True)]
    head = ["步骤", "金额", "支付方", "规则", "原文", *(["说明"] if any(r["说明"] for r in rows) else []), "出处"]
    return display.table(rows, head, numeric=["金额"], quotes=["原文"])


def _others(r: Any) -> str:
    return ";".join(f"{Payer(p).zh} {yuan(a)}" for p, a in r.paid_by.items() if p != Payer.individual and a) or "—"


def _aid_label(pol: Policy, aid: str | None) -> str:
    return rule_label(pol, aid) if aid else "—"


PREMIUM_HEAD = ["情形", "政策", "档次", "缴费标准", "个人缴费", "其他出资", "适用资助"]


def premium_table(results: Mapping[str, Any]) -> Table:
    """Premium results side by side: who, policy, tier, standard, individual, every other payer, the aid."""
    rows = [{"情形": who, "政策": r.policy.title, "档次": tier_zh(r.tier) or "—", "缴费标准": yuan(r.standard),
             "个人缴费": yuan(r.individual), "其他出资": _others(r), "适用资助": _aid_label(r.policy, r.aid)}
            for who, r in results.items()]
    return display.table(rows, PREMIUM_HEAD, numeric=["缴费标准", "个人缴费"])


def comparison_table(comparison: Any) -> Table:
    """One person under every policy (C1), from :func:`yibao.calculators.compare.compare_premiums`."""
    rows = []
    for pid, r, why in comparison.rows:
        if r is None:
            rows.append({"政策": as_policy(pid).title, "档次": "—", "缴费标准": "—", "个人缴费": "—",
                         "其他出资": why or "—"})
            continue
        rows.append({"政策": r.policy.title, "档次": tier_zh(r.tier) or "—", "缴费标准": yuan(r.standard),
                     "个人缴费": yuan(r.individual), "其他出资": _others(r)})
    return display.table(rows, ["政策", "档次", "缴费标准", "个人缴费", "其他出资"], numeric=["缴费标准", "个人缴费"])


def household_table(results: Mapping[str, Any], names: list[str] | None = None) -> Table:
    """Households side by side (C1, X9): one row per member, one column per policy with what that
    member pays, a total row last (``results``: policy id → :class:`~yibao.calculators.premium.HouseholdResult`)."""
    pids = list(results)
    titles = {pid: as_policy(pid).title for pid in pids}
    size = max(len(r.members) for r in results.values())
    names = names or [f"成员{i + 1}" for i in range(size)]
    rows = [{"成员": names[i], **{titles[pid]: yuan(results[pid].members[i].individual) for pid in pids}}
            for i in range(size)]
    rows.append({"成员": "个人合计", **{titles[pid]: yuan(r.total_individual) for pid, r in results.items()}})
    return display.table(rows, ["成员", *titles.values()], numeric=list(titles.values()))


COVERAGE_HEAD = ["情形", "缴费日", "待遇开始", "待遇结束", "等待期(月)", "补缴费用", "依据"]


def coverage_table(results: Mapping[str, Any]) -> Table:
    """Coverage results side by side: payment date, cover start and end, waiting months, back pay, basis."""
    rows = [{"情形": case, "缴费日": day(r.paid_on), "待遇开始": day(r.start), "待遇结束": day(r.end),
             "等待期(月)": str(r.waiting_months), "补缴费用": yuan(r.backpay_cost),
             "依据": rule_label(r.policy, r.basis)}
            for case, r in results.items()]
    return display.table(rows, COVERAGE_HEAD, numeric=["等待期(月)", "补缴费用"])


SETTLEMENT_HEAD = ["费用", "总费用", "基本医保", "大病保险", "医疗救助", "个人负担"]


def settlement_table(year: Any) -> Table:
    """A settled year, claim by claim, with the three layers and what is left; a total row last."""
    rows = [{"费用": c.describe(), "总费用": yuan(c.total_cost), "基本医保": yuan(c.basic),
             "大病保险": yuan(c.catastrophic), "医疗救助": yuan(c.assistance), "个人负担": yuan(c.out_of_pocket)}
            for c in year.claims]
    rows.append({"费用": "全年合计", "总费用": yuan(year.total_cost), "基本医保": yuan(year.basic),
                 "大病保险": yuan(year.catastrophic), "医疗救助": yuan(year.assistance),
                 "个人负担": yuan(year.out_of_pocket)})
    return display.table(rows, SETTLEMENT_HEAD, numeric=SETTLEMENT_HEAD[1:])


def set_display() -> None:
    """pandas display options for Chinese text tables (aligned, nothing cut off)."""
    pd.set_option("display.unicode.east_asian_width", True)
    pd.set_option("display.unicode.ambiguous_as_wide", False)
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.width", 250)
