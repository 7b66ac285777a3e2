"""Claims settlement for one person and one benefit year: the three layers and what is left.

For each claim, in date order: the basic insurance pays first (general outpatient T4, special
outpatient T5, inpatient T6–T8 with 长缴多报 T3 and ethnic medicines T19, delivery T23/T13,
employee outpatient T18, Yuncheng outpatient pooling Y6); the catastrophic insurance (大病保险,
T9/T10) pays on the annual cumulative self-paid policy-range cost above its deductible; medical
assistance (医疗救助, T11/T13) pays a share of what is still left, within its annual caps; the
person pays the rest, plus every cost outside the catalogues (F9). Claims the fund never pays (F9),
claims in a waiting period (T17) and claims outside the cover pay 0 in every layer, with the reason.

Invariant, to the fen, per claim and per year::

    basic + catastrophic + assistance + out_of_pocket == total_cost == cost + outside_catalogue

Every amount is ``Decimal`` yuan, rounded half up to the fen (:func:`yibao.money.fen`) where it is
paid; every step is a :class:`~yibao.result.LineItem` citing the policy value it uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from .errors import InputError, NotCovered
from .groups import Group, expand, group_list, zh
from .inputs import (MAX_MONEY, given, parse_bool, parse_choice, parse_date, parse_money,
                     parse_text, parse_whole, show, show_key)
from .money import ZERO, fmt
from .policy.loader import load_policy
from .policy.model import AssistanceClass, Cited, Policy
from .vocabulary import tier_zh
from . import kernels as K
from .calculators.coverage import add_umbrellas
from .policy.provenance import citation
from .result import LineItem, Result
from .rules import implements

# ---------------------------------------------------------------- vocabulary

KINDS: dict[str, str] = {
    "inpatient": "住院",
    "special_outpatient": "门诊特殊病",
    "general_outpatient": "普通门诊",
    "pooled_outpatient": "门诊统筹",
    "delivery": "住院分娩",
    "employee_outpatient": "职工医保门诊统筹",
}
KIND_ALIASES: dict[str, str] = {
    "住院": "inpatient", "门诊特殊病": "special_outpatient", "门特": "special_outpatient",
    "门诊慢特病": "special_outpatient", "普通门诊": "general_outpatient", "门诊": "general_outpatient",
    "门诊统筹": "pooled_outpatient", "分娩": "delivery", "住院分娩": "delivery",
    "职工门诊": "employee_outpatient", "职工医保门诊统筹": "employee_outpatient",
}
EXCLUSIONS: dict[str, str] = {
    "work_injury": "工伤事故",
    "third_party": "第三方责任",
    "outside_catalogue": "非医保目录",
    "public_health": "公共卫生服务",
    "abroad": "境外就医(含港澳台)",
    "non_designated": "非定点医疗机构就医(急诊除外)",
}
FACILITIES: dict[str, str] = {"primary": "基层医疗机构", "county_level2": "县域内二级及以下医疗机构"}
DRUG_CLASSES: dict[str, str] = {"jia": "甲类", "yi": "乙类"}
_FACILITY_ALIASES = {"基层": "primary", "基层医疗机构": "primary", "县域二级": "county_level2",
                     "县域内二级及以下医疗机构": "county_level2"}
_DRUG_ALIASES = {"甲": "jia", "甲类": "jia", "乙": "yi", "乙类": "yi"}
_TIER_ALIASES = {"高": "high", "高档": "high", "低": "low", "低档": "low"}

#: Claim kinds whose self-paid policy-range cost counts toward the catastrophic base
#: (assumption ``catastrophic_base``).
CATASTROPHIC_KINDS = ("inpatient", "special_outpatient")
#: Claim kinds medical assistance covers (assumption ``assistance_base``): resident insurance only.
ASSISTANCE_KINDS = ("inpatient", "special_outpatient", "general_outpatient", "pooled_outpatient", "delivery")

BASIC = "基本医保"
CATASTROPHIC = "大病保险"
ASSISTANCE = "医疗救助"
PERSON = "个人"

#: The most admissions of one year a claim may number (T8).
MAX_ADMISSION = 999
#: The most continuous years a person may count (T3).
MAX_YEARS = 150
#: The most one person's claims of a year may add up to (cost and outside-catalogue cost), yuan: far
#: above any year, and so far below 2⁶³ fen that no running total of the settlement can overflow.
MAX_YEAR_COST = MAX_MONEY * 100


#: Columns a claim no longer has, with why and where the fact goes now.
MOVED_COLUMNS: dict[str, tuple[str, str]] = {
    "major_disease": ("is a fact about the person, not about a bill: the major-disease assistance cap applies to "
                      "the person's year (assumption assistance_cap_per_person)",
                      "leave it out of the claims; give --major-disease, Person(major_disease=True) "
                      "or a people column major_disease"),
}


def _blank(v: Any) -> bool:
    return not given(v)


# ---------------------------------------------------------------- claims and person


@dataclass(frozen=True)
class Claim:
    """One bill: the policy-range cost, what is outside the catalogues, and what kind of care it was."""

    date: dt.date
    kind: str
    #: Policy-range (合规, within the three catalogues) cost, yuan.
    cost: Decimal
    #: Cost outside the catalogues: always paid by the person (F9).
    outside_catalogue: Decimal = ZERO
    #: Hospital level for ``inpatient``: 1, 2 or 3.
    level: int | None = None
    #: Which admission of the year this is (T8); empty: counted from the claims in date order.
    admission: int | None = None
    #: ``pooled_outpatient`` (Y6): ``primary`` or ``county_level2``.
    facility: str | None = None
    #: ``pooled_outpatient`` (Y6): ``jia`` (甲类) or ``yi`` (乙类).
    drug_class: str | None = None
    #: Part of ``cost`` that is Tibetan/ethnic 乙类 medicines (T19).
    ethnic_share: Decimal = ZERO
    emergency: bool = False
    designated: bool = True
    #: F9 reason the fund does not pay at all: one of :data:`EXCLUSIONS`.
    excluded: str | None = None
    label: str | None = None
    #: Which visit the bill belongs to (any text, e.g. ``"v1"``): the rows of one visit on one day
    #: share Yuncheng's per-visit cap (Y6 "每人每日每次", assumption ``yuncheng_visit_cap``). Empty:
    #: the row is a visit of its own.
    visit: str | None = None

    @property
    def total_cost(self) -> Decimal:
        return self.cost + self.outside_catalogue

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], name: Callable[[str], str]) -> "Claim":
        """A validated claim from loose values (strings from a file, numbers, dates).

        ``name(column)`` says where a value came from, for the error (``claims[3].level``).
        """
        allowed = [f.name for f in fields(cls)]
        for key in data:
            if key in MOVED_COLUMNS:
                raise InputError(name(str(key)), *MOVED_COLUMNS[key])
            if key not in allowed:
                raise InputError(name(show_key(key)), "unknown column", ", ".join(allowed))
        g = data.get
        kind = parse_choice(g("kind"), name("kind"), KINDS, KIND_ALIASES)
        cost = parse_money(g("cost"), name("cost"))
        outside = parse_money(g("outside_catalogue"), name("outside_catalogue"), default=ZERO)
        level = parse_whole(g("level"), name("level"), 1, 3, "1, 2, 3", default=None)
        admission = parse_whole(g("admission"), name("admission"), 1, MAX_ADMISSION,
                                f"1 to {MAX_ADMISSION} (which admission of the year)", default=None)
        facility = parse_choice(g("facility"), name("facility"), FACILITIES, _FACILITY_ALIASES, default=None)
        drug_class = parse_choice(g("drug_class"), name("drug_class"), DRUG_CLASSES, _DRUG_ALIASES, default=None)
        ethnic = parse_money(g("ethnic_share"), name("ethnic_share"), default=ZERO)
        excluded = parse_choice(g("excluded"), name("excluded"), EXCLUSIONS, default=None)
        label = g("label")
        visit = g("visit")
        if visit is not None and not isinstance(visit, (str, int)) or isinstance(visit, bool):
            raise InputError(name("visit"), f"{show(visit)} is not a visit name", "any text naming the visit, e.g. v1")
        _check_fields(name, kind, level, admission, facility, drug_class, cost, ethnic)  # type: ignore[arg-type]
        return cls(
            date=parse_date(g("date"), name("date")),
            kind=kind,  # type: ignore[arg-type]
            cost=cost,
            outside_catalogue=outside,
            level=level,
            admission=admission,
            facility=facility,
            drug_class=drug_class,
            ethnic_share=ethnic,
            emergency=parse_bool(g("emergency"), name("emergency"), default=False),
            designated=parse_bool(g("designated"), name("designated"), default=True),
            excluded=excluded,
            label=parse_text(label, name("label")) or None if given(label) else None,
            visit=parse_text(str(visit), name("visit")) or None if given(visit) else None,
        )

    def checked(self, name: Callable[[str], str]) -> "Claim":
        return Claim.from_mapping({f.name: getattr(self, f.name) for f in fields(self)}, name)


def _check_fields(name: Callable[[str], str], kind: str, level: int | None, admission: int | None,
                  facility: str | None, drug_class: str | None, cost: Decimal, ethnic: Decimal) -> None:
    """The checks across a claim's fields, as the tables make them (:func:`yibao.kernels.claim_problems`)."""
    import numpy as np

    problems = K.claim_problems(
        np.array([K.KIND_CODES.index(kind)]), np.array([level or 0]), np.array([admission or 0]),
        np.array([-1 if facility is None else K.FACILITY_CODES.index(facility)]),
        np.array([-1 if drug_class is None else K.DRUG_CODES.index(drug_class)]),
        np.array([K.to_fen(cost)]), np.array([K.to_fen(ethnic)]))
    if problems:
        p = problems[0]
        allowed = p.allowed(0) if callable(p.allowed) else p.allowed
        raise InputError(name(p.column), p.problem(0), allowed)


def benefit_tiers(policy: Policy) -> tuple[str, ...]:
    b = policy.basic
    tiered = policy.catastrophic is not None or (b is not None and (b.inpatient or b.special_outpatient))
    return ("high", "low") if tiered else ("standard",)


def benefit_tier(policy: Policy, value: Any, field: str = "tier") -> str:
    """The benefit tier code (``high``, ``low``; ``standard`` where the policy has one standard)."""
    tiers = benefit_tiers(policy)
    if _blank(value):
        if tiers != ("standard",):
            raise InputError(field, f"policy {policy.id} has two benefit tiers: choose one", ", ".join(tiers))
        return "standard"
    try:
        return parse_choice(value, field, tiers, _TIER_ALIASES)
    except InputError:
        raise InputError(field, f"{show(value)} is not a benefit tier of policy {policy.id}",
                         ", ".join(tiers)) from None


@dataclass
class Person:
    """Who is settled: policy, benefit tier, population groups and the facts the rules look at."""

    policy: str | Policy
    tier: str | None = None
    groups: Iterable[str | Group] = ()
    #: Continuous years of resident insurance in the region, counting the settled year (T3,
    #: assumption ``long_contribution_count``).
    continuous_years: int = 0
    #: Raise of the catastrophic cap from the incentives (T14–T16), yuan.
    incentive_amount: Decimal | str | int = ZERO
    #: Claims dated before this day are in a waiting period (T17).
    waiting_until: dt.date | None = None
    cover_start: dt.date | None = None
    cover_end: dt.date | None = None
    #: Y3: paid in the extension on this day; earlier claims of the year are reimbursed afterwards.
    retroactive_paid_on: dt.date | None = None
    #: Employee outpatient pooling deductible: retired (140) or working (200) (T18).
    retired: bool = False
    #: Recognised as a 重特大疾病 patient for the year: medical assistance is capped at the major-disease
    #: cap (300000) instead of the ordinary one (150000) (T11, assumption ``assistance_cap_per_person``).
    major_disease: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.policy, str):
            self.policy = load_policy(self.policy)
        elif not isinstance(self.policy, Policy):
            raise InputError("policy", f"{show(self.policy)} is not a policy", "a policy id such as xizang-2024")
        policy: Policy = self.policy
        self.tier = benefit_tier(policy, self.tier)
        self.groups = group_list(self.groups, "groups")
        self.continuous_years = parse_whole(self.continuous_years, "continuous_years", 0, MAX_YEARS,
                                            f"a whole number of years, 0 to {MAX_YEARS}", default=0)
        self.incentive_amount = parse_money(self.incentive_amount, "incentive_amount", default=ZERO)
        inc, cat = policy.incentives, policy.catastrophic
        if self.incentive_amount and cat is None:
            raise InputError("incentive_amount", f"policy {policy.id} has no catastrophic insurance to raise", "0")
        if self.incentive_amount and inc is None:
            raise InputError("incentive_amount", f"policy {policy.id} has no enrolment incentives: they raise the "
                             "catastrophic cap from the 2025 benefit year (T14–T16)",
                             "0, or a policy from 2025 on such as xizang-2025")
        if self.incentive_amount and inc is not None and cat is not None:
            limit = K.yuan(K.policy_params(policy).incentive_limit or 0)  # T16
            if self.incentive_amount > limit:
                raise InputError("incentive_amount", f"{fmt(self.incentive_amount)} is above the T16 limit "
                                 f"({fmt(inc.max_share_of_cap.value * 100)}% of {fmt(cat.cap.value)})",
                                 f"0 to {fmt(limit)}")
        if self.incentive_amount and inc is None and cat is not None and self.incentive_amount > cat.cap.value:
            # No T16 limit in this policy: a raise of more than the cap itself is no incentive anyone earns.
            raise InputError("incentive_amount", f"{fmt(self.incentive_amount)} is more than the catastrophic cap "
                             f"{fmt(cat.cap.value)} itself", f"0 to {fmt(cat.cap.value)}")
        for attr in ("waiting_until", "cover_start", "cover_end", "retroactive_paid_on"):
            setattr(self, attr, parse_date(getattr(self, attr), attr, default=None))
        if self.cover_start and self.cover_end and self.cover_end < self.cover_start:
            raise InputError("cover_end", f"{self.cover_end} is before cover_start {self.cover_start}",
                             "a day on or after cover_start")
        self.retired = parse_bool(self.retired, "retired", default=False)
        self.major_disease = parse_bool(self.major_disease, "major_disease", default=False)
        if self.retroactive_paid_on is not None:
            if policy.coverage is None or not any(w.retroactive for w in policy.coverage.windows):
                raise InputError("retroactive_paid_on", f"policy {policy.id} has no payment window with "
                                 "retroactive reimbursement (Y3)", "empty, or a policy such as yuncheng-2024")

    @property
    def group_set(self) -> frozenset[Group]:
        return frozenset(self.groups)  # type: ignore[arg-type]


# ---------------------------------------------------------------- results


@dataclass
class ClaimResult:
    index: int
    claim: Claim
    basic: Decimal = ZERO
    catastrophic: Decimal = ZERO
    assistance: Decimal = ZERO
    reason_not_paid: str | None = None
    reason: str | None = None
    items: list[LineItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total_cost(self) -> Decimal:
        return self.claim.total_cost

    @property
    def out_of_pocket(self) -> Decimal:
        return self.total_cost - self.basic - self.catastrophic - self.assistance

    def describe(self) -> str:
        c = self.claim
        what = KINDS[c.kind]
        if c.kind == "inpatient":
            what += f"({c.level}级医院)"
        if c.kind == "pooled_outpatient":
            what += f"({FACILITIES[c.facility or '']},{DRUG_CLASSES[c.drug_class or '']})"
        if c.visit is not None:
            what += f" 就诊 {c.visit}"
        if c.label:
            what += f" {c.label}"
        return f"{c.date.isoformat()} {what}"

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        return {
            "index": self.index,
            "date": c.date.isoformat(),
            "kind": c.kind,
            "label": c.label,
            "visit": c.visit,
            "level": c.level,
            "cost": fmt(c.cost),
            "outside_catalogue": fmt(c.outside_catalogue),
            "total_cost": fmt(self.total_cost),
            "basic": fmt(self.basic),
            "catastrophic": fmt(self.catastrophic),
            "assistance": fmt(self.assistance),
            "out_of_pocket": fmt(self.out_of_pocket),
            "reason_not_paid": self.reason_not_paid,
            "reason": self.reason,
            "items": [i.to_dict() for i in self.items],
            "notes": list(self.notes),
        }


@dataclass
class YearState:
    """Running totals of the year, after the claims settled so far."""

    general_outpatient_deductible_met: Decimal = ZERO
    general_outpatient_paid: Decimal = ZERO
    employee_outpatient_deductible_met: Decimal = ZERO
    employee_outpatient_paid: Decimal = ZERO
    pooled_outpatient_paid: Decimal = ZERO
    admissions: int = 0
    catastrophic_base: Decimal = ZERO
    catastrophic_paid: Decimal = ZERO
    catastrophic_cap: Decimal | None = None
    assistance_ordinary: Decimal = ZERO
    assistance_major: Decimal = ZERO

    #: The cap without incentives (T9).
    catastrophic_base_cap: Decimal | None = None

    @property
    def incentive_used(self) -> bool:
        """Whether catastrophic payments went above the cap without incentives (this resets T15)."""
        return self.catastrophic_base_cap is not None and self.catastrophic_paid > self.catastrophic_base_cap

    def to_dict(self) -> dict[str, Any]:
        return {
            "general_outpatient_deductible_met": self.general_outpatient_deductible_met,
            "general_outpatient_paid": self.general_outpatient_paid,
            "employee_outpatient_deductible_met": self.employee_outpatient_deductible_met,
            "employee_outpatient_paid": self.employee_outpatient_paid,
            "pooled_outpatient_paid": self.pooled_outpatient_paid,
            "admissions": self.admissions,
            "catastrophic_base": self.catastrophic_base,
            "catastrophic_paid": self.catastrophic_paid,
            "catastrophic_cap": self.catastrophic_cap,
            "catastrophic_base_cap": self.catastrophic_base_cap,
            "incentive_used": self.incentive_used,
            "assistance_used": {"ordinary": self.assistance_ordinary, "major": self.assistance_major},
        }


@dataclass
class YearSettlement(Result):
    person: Person | None = None
    claims: list[ClaimResult] = field(default_factory=list)
    state: YearState = field(default_factory=YearState)

    @property
    def total_cost(self) -> Decimal:
        return sum((c.total_cost for c in self.claims), ZERO)

    @property
    def basic(self) -> Decimal:
        return sum((c.basic for c in self.claims), ZERO)

    @property
    def catastrophic(self) -> Decimal:
        return sum((c.catastrophic for c in self.claims), ZERO)

    @property
    def assistance(self) -> Decimal:
        return sum((c.assistance for c in self.claims), ZERO)

    @property
    def out_of_pocket(self) -> Decimal:
        return sum((c.out_of_pocket for c in self.claims), ZERO)

    def headline(self) -> str:
        return (f"年度结算:{len(self.claims)}笔费用共{fmt(self.total_cost)}元,基本医保支付{fmt(self.basic)}元,"
                f"大病保险支付{fmt(self.catastrophic)}元,医疗救助{fmt(self.assistance)}元,"
                f"个人负担{fmt(self.out_of_pocket)}元。")

    def _item_lines(self, it: LineItem, indent: str) -> list[str]:
        amount = f":{fmt(it.amount)}元" if it.amount is not None else ""
        party = f"[{it.party}]" if it.party else ""
        out = [f"{indent}- {it.label}{amount}{party}"]
        if it.quote:
            out.append(f"{indent}  依据:{citation(self.policy.sources, it.source, it.quote, it.rules)}")
        elif it.rules:
            out.append(f"{indent}  规则:{', '.join(it.rules)}")
        return out

    def explain(self) -> str:
        p = self.person
        lines = [self.headline(), "", f"政策:{self.policy.title}({self.policy.id})"]
        if p is not None:
            who = f"缴费档次:{tier_zh(p.tier or 'standard')}"
            if p.groups:
                who += ";人群:" + "、".join(zh(g) for g in p.groups)  # type: ignore[arg-type]
            if p.continuous_years:
                who += f";连续参保{p.continuous_years}年"
            if p.major_disease:
                who += ";重特大疾病患者"
            lines.append(who)
        for it in self.items:
            lines.extend(self._item_lines(it, ""))
        for c in self.claims:
            lines.append("")
            lines.append(f"第{c.index + 1}笔 {c.describe()}:费用{fmt(c.total_cost)}元"
                         + (f"(其中目录外{fmt(c.claim.outside_catalogue)}元)" if c.claim.outside_catalogue else ""))
            if c.reason:
                lines.append(f"  不予报销:{c.reason}")
            for it in c.items:
                lines.extend(self._item_lines(it, "  "))
            lines.append(f"  合计:基本医保{fmt(c.basic)}元,大病保险{fmt(c.catastrophic)}元,"
                         f"医疗救助{fmt(c.assistance)}元,个人负担{fmt(c.out_of_pocket)}元")
            for n in c.notes:
                lines.append(f"  注意:{n}")
        s = self.state
        lines.append("")
        lines.append("年度累计:")
        lines.append(f"- 普通门诊起付线已付{fmt(s.general_outpatient_deductible_met)}元,已报销{fmt(s.general_outpatient_paid)}元")
        lines.append(f"- 住院{s.admissions}次;大病保险累计自付合规费用{fmt(s.catastrophic_base)}元,"
                     f"已支付{fmt(s.catastrophic_paid)}元"
                     + (f"(最高支付限额{fmt(s.catastrophic_cap)}元)" if s.catastrophic_cap is not None else ""))
        if self.policy.assistance is not None:
            major = p is not None and p.major_disease
            cap = self.policy.assistance.major_cap if major else self.policy.assistance.ordinary_cap
            lines.append(f"- 医疗救助已用{fmt(s.assistance_ordinary + s.assistance_major)}元"
                         f"({'重特大疾病医疗救助' if major else '普通医疗救助'}年度限额{fmt(cap.value)}元)")
        return "\n".join(lines + self.footer_lines())

    def fields(self) -> dict[str, Any]:
        p = self.person
        return {
            "total_cost": self.total_cost,
            "basic": self.basic,
            "catastrophic": self.catastrophic,
            "assistance": self.assistance,
            "out_of_pocket": self.out_of_pocket,
            "person": None if p is None else {
                "tier": p.tier, "groups": [str(g) for g in p.groups], "continuous_years": p.continuous_years,
                "incentive_amount": p.incentive_amount, "retired": p.retired,
                "waiting_until": p.waiting_until, "cover_start": p.cover_start, "cover_end": p.cover_end,
                "retroactive_paid_on": p.retroactive_paid_on, "major_disease": p.major_disease,
            },
            "claims": [c.to_dict() for c in self.claims],
            "state": self.state.to_dict(),
        }


# ---------------------------------------------------------------- the calculation


def _pct(rate: Decimal) -> str:
    text = format((rate * 100).normalize(), "f")
    return f"{text}%"


class _Settler:
    """Builds the explanation of a year: every amount comes from :func:`yibao.kernels.settle_arrays`
    (``self.d``, one row per claim in settlement order), every line item cites the policy value used."""

    def __init__(self, person: Person, result: YearSettlement, detail: dict[str, Any] | None = None,
                 rows: dict[int, int] | None = None):
        self.person = person
        self.policy: Policy = person.policy  # type: ignore[assignment]
        self.params = K.policy_params(self.policy)
        self.tier: str = person.tier  # type: ignore[assignment]
        self.groups = person.group_set
        self.r = result
        self.s = result.state
        self.d = detail or {}
        self.rows = rows or {}

    # -- helpers

    def v(self, cr: ClaimResult, key: str) -> int:
        """An integer of the kernels' detail for this claim."""
        return int(self.d[key][self.rows[cr.index]])

    def y(self, cr: ClaimResult, key: str) -> Decimal:
        """An amount of the kernels' detail for this claim, in yuan."""
        return K.yuan(self.d[key][self.rows[cr.index]])

    def cite(self, cr: ClaimResult, label: str, amount: Decimal | None, cited: Cited | None,
             party: str | None = None, rules: tuple[str, ...] | None = None) -> None:
        cr.items.append(LineItem.cite(label, amount, cited, party, rules))
        if cited is not None:
            self.r.use(cited)

    def _exclusion(self, code: str) -> Cited | None:
        b = self.policy.basic
        for e in (b.exclusions if b else []):
            if e.id == code:
                return e
        return None

    # -- F9, T17, cover

    @implements("F9", "T17", "Y3")
    def refused(self, cr: ClaimResult) -> bool:
        """Whether the fund pays nothing for this claim: F9 exclusions, waiting period, outside cover
        (the reason from :func:`yibao.kernels.refusal`)."""
        c, p = cr.claim, self.person
        reason = self.v(cr, "reason")
        code = None if reason < 0 else K.REASON_CODES[reason]
        if code in EXCLUSIONS:
            cited = self._exclusion(code)
            cr.reason_not_paid = code
            cr.reason = f"{EXCLUSIONS[code]},医保不予报销"
            self.cite(cr, f"{EXCLUSIONS[code]}:医保不予报销,全部费用由个人负担", c.total_cost, cited, PERSON,
                      rules=("F9",))
            if cited is None:
                cr.notes.append(f"政策 {self.policy.id} 未载不予报销的条文,按 F9(拉萨灵活就业一文)处理。")
            return True
        if code == "waiting_period":
            assert p.waiting_until is not None
            cr.reason_not_paid = "waiting_period"
            cr.reason = f"待遇等待期内(至{p.waiting_until.isoformat()}前),不能享受医保报销待遇"
            w = self.policy.waiting
            if w is not None:
                cr.items.append(LineItem(f"等待期内就医:全部费用由个人负担(等待期至{p.waiting_until.isoformat()})",
                                         c.total_cost, tuple(w.rules), w.source, w.quote, "waiting", PERSON))
                self.r.use(w)
            else:
                cr.items.append(LineItem(f"等待期内就医:全部费用由个人负担(等待期至{p.waiting_until.isoformat()})",
                                         c.total_cost, ("T17",), party=PERSON))
            return True
        if code == "outside_cover":
            cr.reason_not_paid = "outside_cover"
            span = f"{p.cover_start or ''}至{p.cover_end or ''}"
            cr.reason = f"就医日期不在待遇享受期({span})内"
            cov = self.policy.coverage
            self.cite(cr, f"不在待遇享受期({span})内:全部费用由个人负担", c.total_cost,
                      cov.benefit_year_source if cov else None, PERSON, rules=("T17",) if cov is None else None)
            return True
        if self.v(cr, "retro"):
            assert p.retroactive_paid_on is not None
            win = next(w for w in self.policy.coverage.windows if w.retroactive)  # type: ignore[union-attr]
            self.cite(cr, f"缴费({p.retroactive_paid_on.isoformat()})前发生的费用,缴费后按规定补报", None, win)
            cr.notes.append("Y3:本笔费用发生在缴费之前,按规定在缴费后补报(以税务部门征收时间为准)。")
        return False

    # -- basic layer

    @implements("T3")
    def long_contribution(self, cr: ClaimResult, rate: Decimal) -> Decimal:
        """T3 长缴多报: +3 points from the 10th continuous year (inpatient, special outpatient), at most 100%."""
        lc = self.policy.basic.long_contribution  # type: ignore[union-attr]
        if lc is None:
            return rate
        years, need = self.person.continuous_years, lc.min_years.value
        if years in (need - 1, need):
            self.r.use(lc.min_years)
        if not self.v(cr, "lc_on"):
            return rate
        new = K.yuan(self.v(cr, "rate")) / 100
        self.cite(cr, f"长缴多报:连续参保{years}年(满{need}年),报销比例{_pct(rate)}提高{_pct(lc.bonus.value)}"
                  f"为{_pct(new)}", None, lc.bonus, rules=("T3",))
        self.r.use(lc.min_years)
        return new

    @implements("T19")
    def rated(self, cr: ClaimResult, rate: Decimal, cited: Cited) -> Decimal:
        """Pay ``rate`` on the cost above the deductible; ethnic medicines (T19) at rate + 5 points, ≤ 95%."""
        c = cr.claim
        pay_o, pay_e = self.y(cr, "pay_o"), self.y(cr, "pay_e")
        if not c.ethnic_share:
            return pay_o  # the caller cites the one rate
        em = self.policy.basic.ethnic_medicine  # type: ignore[union-attr]
        assert em is not None  # the kernels refuse ethnic shares a policy has no rule for
        ded_o, ded_e = self.y(cr, "ded_o"), self.y(cr, "ded_e")
        erate = K.yuan(self.v(cr, "erate")) / 100
        self.cite(cr, f"其他合规费用{fmt(c.cost - c.ethnic_share)}元减起付线{fmt(ded_o)}元后按{_pct(rate)}报销", pay_o,
                  cited, BASIC)
        self.cite(cr, f"藏药、民族药“乙类”药品{fmt(c.ethnic_share)}元" + (f"减起付线{fmt(ded_e)}元" if ded_e else "")
                  + f"后按{_pct(erate)}报销(提高{_pct(em.self_pay_reduction.value)},最高{_pct(em.max_rate.value)})",
                  pay_e, em.self_pay_reduction, BASIC, rules=("T19",))
        self.r.use(em.max_rate)
        return pay_o + pay_e

    @implements("T4")
    def general_outpatient(self, cr: ClaimResult) -> Decimal:
        """T4: annual cumulative deductible 50, 60%, at most 300 a year, apart from everything else."""
        go = self.policy.basic.general_outpatient  # type: ignore[union-attr]
        c = cr.claim
        ded = self.y(cr, "go_ded")
        self.cite(cr, f"普通门诊年度累计起付线{fmt(go.deductible.value)}元,本笔计入{fmt(ded)}元"
                  f"(年度已累计{fmt(self.y(cr, 'go_met_after'))}元)", ded, go.deductible, PERSON)
        raw = self.y(cr, "go_raw")
        self.cite(cr, f"({fmt(c.cost)} − {fmt(ded)}) × {_pct(go.rate.value)}", raw, go.rate, BASIC)
        room = self.y(cr, "go_room")
        pay = self.y(cr, "basic")
        if pay < raw:
            self.cite(cr, f"普通门诊年度最高报销{fmt(go.annual_cap.value)}元,本年尚余{fmt(room)}元,本笔报销{fmt(pay)}元",
                      pay, go.annual_cap, BASIC)
        else:
            self.r.use(go.annual_cap)
        return pay

    @implements("T5")
    def special_outpatient(self, cr: ClaimResult) -> Decimal:
        """T5: no deductible; 90% (high tier) / 60% (low tier)."""
        so = self.policy.basic.special_outpatient  # type: ignore[union-attr]
        rate = so.rate.for_tier(self.tier)
        tier = {'high': '高', 'low': '低'}[self.tier]
        rate_v = self.long_contribution(cr, rate.value)
        pay = self.rated(cr, rate_v, rate)
        if not cr.claim.ethnic_share:
            self.cite(cr, f"门诊特殊病不设起付线:{fmt(cr.claim.cost)} × {_pct(rate_v)}({tier}档{_pct(rate.value)}"
                      + (f",长缴多报后{_pct(rate_v)}" if rate_v != rate.value else "") + ")", pay, rate, BASIC)
        else:
            self.cite(cr, f"门诊特殊病不设起付线,{tier}档报销比例{_pct(rate.value)}", None, rate)
        return pay

    @implements("T6", "T7", "T8")
    def inpatient(self, cr: ClaimResult) -> Decimal:
        """T6/T7 deductible and rate by hospital level and tier; T8 second admission 70%, third and later 50%."""
        ip = self.policy.basic.inpatient  # type: ignore[union-attr]
        c = cr.claim
        level = ip.levels[self.v(cr, "level_index")]
        n = self.v(cr, "adm")
        base = level.deductible.value
        tier = {'high': '高', 'low': '低'}[self.tier]
        deductible = self.y(cr, "ip_ded")
        ded = self.y(cr, "ded")
        if not c.cost:
            # a 0-yuan bill is still the n-th admission of the year (assumption admission_counted)
            self.cite(cr, f"政策范围内费用为0元,仍是年度内第{n}次住院(计入住院次数)", None,
                      ip.readmission_deductible.second, rules=("T8",))
        if n == 1:
            self.cite(cr, f"{c.level}级医院住院起付线{fmt(base)}元,由个人负担", ded, level.deductible, PERSON)
        else:
            factor = ip.readmission_deductible.second if n == 2 else ip.readmission_deductible.third_and_later
            self.r.use(level.deductible)
            self.cite(cr, f"年度内第{n}次住院,起付线按{c.level}级医院首次住院起付标准{fmt(base)}元的{_pct(factor.value)}"
                      f"即{fmt(deductible)}元,由个人负担", ded, factor, PERSON, rules=(*level.deductible.rules, "T8"))
        rate = level.rate.for_tier(self.tier)
        rate_v = self.long_contribution(cr, rate.value)
        pay = self.rated(cr, rate_v, rate)
        if not c.ethnic_share:
            self.cite(cr, f"({fmt(c.cost)} − {fmt(ded)}) × {_pct(rate_v)}({tier}档{_pct(rate.value)}"
                      + (f",长缴多报后{_pct(rate_v)}" if rate_v != rate.value else "") + ")", pay, rate, BASIC)
        return pay

    @implements("T23", "T13")
    def delivery(self, cr: ClaimResult) -> Decimal:
        """T23 residents' in-hospital delivery in full; T13 border mothers' delivery and newborn rescue in full."""
        b = self.policy.basic
        border = self.params.border(self.groups)
        rule = b.border_delivery if border else b.resident_delivery  # type: ignore[union-attr]
        assert rule is not None  # the kernels refuse deliveries a policy has no rule for
        pay = self.y(cr, "basic")
        what = "边境孕产妇分娩和新生儿抢救治疗费用" if border else "在定点医疗机构住院分娩的生育医疗费用"
        self.cite(cr, f"{what}按{_pct(rule.rate.value)}报销", pay, rule.rate, BASIC)
        return pay

    @implements("T18")
    def employee_outpatient(self, cr: ClaimResult) -> Decimal:
        """T18: employee outpatient pooling, deductible 140 (retired) / 200 (working) a year, at most 5000."""
        eo = self.policy.basic.employee_outpatient  # type: ignore[union-attr]
        c = cr.claim
        d = eo.deductible_retired if self.person.retired else eo.deductible_working
        ded = self.y(cr, "eo_ded")
        who = "退休人员" if self.person.retired else "在职人员"
        self.cite(cr, f"职工门诊统筹{who}年度累计起付线{fmt(d.value)}元,本笔计入{fmt(ded)}元", ded, d, PERSON)
        raw = self.y(cr, "eo_raw")
        self.cite(cr, f"({fmt(c.cost)} − {fmt(ded)}) × {_pct(eo.rate.value)}", raw, eo.rate, BASIC)
        room = self.y(cr, "eo_room")
        pay = self.y(cr, "basic")
        if pay < raw:
            self.cite(cr, f"年度报销限额{fmt(eo.annual_cap.value)}元,本年尚余{fmt(room)}元", pay, eo.annual_cap, BASIC)
        else:
            self.r.use(eo.annual_cap)
        return pay

    @implements("Y6")
    def pooled_outpatient(self, cr: ClaimResult) -> Decimal:
        """Y6: no deductible; rate by facility and drug class; at most 50 a visit and 300 a year."""
        po = self.policy.basic.pooled_outpatient  # type: ignore[union-attr]
        c = cr.claim
        rates = po.primary if c.facility == "primary" else po.county_level2
        rate = rates.jia if c.drug_class == "jia" else rates.yi
        raw = self.y(cr, "po_raw")
        self.cite(cr, f"门诊统筹不设起付线,{FACILITIES[c.facility or '']}{DRUG_CLASSES[c.drug_class or '']}"
                  f":{fmt(c.cost)} × {_pct(rate.value)}", raw, rate, BASIC)
        visit = self.y(cr, "po_visit")
        before = self.y(cr, "po_visit_before")
        if visit < raw:
            cap = po.per_visit_cap.value
            same = f"同一次就诊({c.visit})本行之前已支付{fmt(before)}元,本行最多{fmt(cap - before)}元" \
                if c.visit is not None and before else f"本行最多{fmt(cap)}元"
            self.cite(cr, f"每人每日每次最高支付{fmt(cap)}元:{same}", visit, po.per_visit_cap, BASIC)
        else:
            self.r.use(po.per_visit_cap)
        room = self.y(cr, "po_room")
        pay = self.y(cr, "basic")
        if pay < visit:
            self.cite(cr, f"年度最高支付{fmt(po.annual_cap.value)}元,本年尚余{fmt(room)}元", pay, po.annual_cap, BASIC)
        else:
            self.r.use(po.annual_cap)
        return pay

    def basic(self, cr: ClaimResult) -> Decimal:
        return getattr(self, cr.claim.kind)(cr)

    # -- catastrophic layer

    def catastrophic_cap(self) -> Decimal | None:
        cat = self.policy.catastrophic
        return None if cat is None else cat.cap.value + self.person.incentive_amount  # type: ignore[operator]

    @implements("T9", "T10")
    def catastrophic(self, cr: ClaimResult) -> Decimal:
        """T9: cumulative self-paid policy-range cost above 5000/9000 paid by segments, at most the cap
        (+ incentives, T14–T16); T10: poverty groups halve the deductible and get +5 points."""
        cat = self.policy.catastrophic
        c = cr.claim
        if cat is None or c.kind not in CATASTROPHIC_KINDS:
            return ZERO
        self_paid, before, after = self.y(cr, "self_paid"), self.y(cr, "cat_before"), self.y(cr, "cat_after")
        d = cat.deductible.for_tier(self.tier)
        deductible = K.yuan(self.d["p_cat_ded"][0])
        bonus = K.yuan(self.d["p_cat_bonus"][0]) / 100
        pov = cat.poverty
        poor = pov is not None and self.params.poor(self.groups)
        if after <= deductible:
            return ZERO
        cap = K.yuan(self.d["p_cat_cap"][0])
        self.cite(cr, f"大病保险:年度累计个人自付合规费用{fmt(before)}元 + 本笔{fmt(self_paid)}元 = {fmt(after)}元",
                  None, cat.segments, rules=("T9",))
        if poor:
            self.cite(cr, f"大病保险起付标准{fmt(d.value)}元,困难群众降低50%为{fmt(deductible)}元",
                      deductible, pov.deductible_factor, rules=("T10",))  # type: ignore[union-attr]
            self.r.use(d)
        else:
            self.cite(cr, f"大病保险起付标准({tier_zh(self.tier)}){fmt(deductible)}元", deductible, d)
        lo = ZERO
        for seg in cat.segments.segments:  # which segments this claim's self-paid cost falls in (shown only)
            hi = seg.up_to
            a = max(lo, deductible, before)
            b = after if hi is None else min(after, hi)
            if b > a:
                r = min(Decimal(1), seg.rate + bonus)
                extra = f"(含困难群众提高{_pct(bonus)})" if bonus else ""
                rng = f"{fmt(max(lo, deductible))}元以上" if hi is None else f"{fmt(max(lo, deductible))}–{fmt(hi)}元段"
                self.cite(cr, f"累计自付{rng}中本笔的{fmt(b - a)}元按{_pct(r)}{extra}", None, cat.segments,
                          rules=("T9", "T10") if bonus else ("T9",))
            if hi is None:
                break
            lo = hi
        pay = self.y(cr, "catastrophic")
        paid_before = self.y(cr, "cat_paid_before")
        if bonus:
            self.r.use(pov.rate_bonus)  # type: ignore[union-attr]
        if self.v(cr, "cat_at_cap"):
            inc = self.person.incentive_amount
            label = f"大病保险每人每年最高支付{fmt(cat.cap.value)}元"
            if inc:
                label += f",加激励提高的{fmt(inc)}元,共{fmt(cap)}元"
            self.cite(cr, label + f";本年已支付{fmt(paid_before)}元,本笔最多{fmt(cap - paid_before)}元",
                      cap, cat.cap, rules=("T9", "T14", "T15", "T16") if inc else ("T9",))
        self.cite(cr, "大病保险支付", pay, cat.segments, CATASTROPHIC, rules=("T9", "T10") if bonus else ("T9",))
        return pay

    # -- assistance layer

    def assistance_class(self) -> AssistanceClass | None:
        """The most favourable class the person is in (:meth:`yibao.kernels.Params.assistance_class`)."""
        i = self.params.assistance_class(self.groups)
        return None if i is None else self.policy.assistance.classes[i]  # type: ignore[union-attr]

    def assistance_cap(self) -> tuple[Cited, str] | None:
        """The person's annual assistance cap and its name: the major-disease cap (300000) for a
        重特大疾病 patient, else the ordinary cap (150000) (assumption ``assistance_cap_per_person``)."""
        a = self.policy.assistance
        if a is None:
            return None
        if self.person.major_disease:
            return a.major_cap, "重特大疾病医疗救助"
        return a.ordinary_cap, "普通医疗救助"

    @implements("T11", "T13")
    def assistance(self, cr: ClaimResult) -> Decimal:
        """T11/T13: the class rate × policy-range self-paid cost left after basic and catastrophic,
        within the person's annual cap (ordinary 150000, or major-disease 300000 for a 重特大疾病 patient)."""
        a = self.policy.assistance
        k = self.assistance_class()
        c = cr.claim
        if a is None or k is None or c.kind not in ASSISTANCE_KINDS:
            return ZERO
        left = self.y(cr, "as_left")
        if left <= 0:
            return ZERO
        raw = self.y(cr, "as_raw")
        self.cite(cr, f"医疗救助({k.label}):剩余政策范围内个人自付{fmt(left)}元 × {_pct(k.rate.value)}", raw, k.rate,
                  ASSISTANCE)
        self.r.use(k)
        cap_v, which = self.assistance_cap()  # type: ignore[misc]
        room = self.y(cr, "as_room")
        pay = self.y(cr, "assistance")
        if pay < raw:
            self.cite(cr, f"{which}年度限额{fmt(cap_v.value)}元,本年尚余{fmt(room)}元", pay, cap_v, ASSISTANCE)
        else:
            self.r.use(cap_v)
        return pay

    # -- one claim

    def settle(self, cr: ClaimResult) -> None:
        c = cr.claim
        if c.outside_catalogue:
            cited = self._exclusion("outside_catalogue")
            self.cite(cr, "医保目录外费用,由个人负担", c.outside_catalogue, cited, PERSON, rules=("F9",))
        if self.refused(cr):
            return
        cr.basic = self.basic(cr)
        cr.catastrophic = self.catastrophic(cr)
        cr.assistance = self.assistance(cr)
        self.cite(cr, "个人负担(目录外费用、起付线、按比例自付及超限额部分)", cr.out_of_pocket, None, PERSON, rules=())


def _person_items(st: _Settler) -> None:
    """Year-level facts about the person that every claim relies on."""
    p, r = st.person, st.r
    cat = st.policy.catastrophic
    if cat is not None:
        cap = st.catastrophic_cap()
        r.state.catastrophic_cap = cap
        r.state.catastrophic_base_cap = cat.cap.value
        if p.incentive_amount:
            r.add(LineItem.cite(f"大病保险最高支付限额{fmt(cat.cap.value)}元,加连续参保/零报销激励{fmt(p.incentive_amount)}元,"
                                f"本年为{fmt(cap)}元", cap, cat.cap, rules=("T9", "T14", "T15", "T16")))
            r.use(cat.cap)
            inc = st.policy.incentives  # a policy without incentives refuses an incentive amount (Person)
            r.add(LineItem.cite(f"两项激励累计最多为限额的{_pct(inc.max_share_of_cap.value)}", None, inc.max_share_of_cap))
            r.use(inc.max_share_of_cap)
        if cat.poverty is not None and st.params.poor(p.group_set):
            add_umbrellas(r, st.policy, p.group_set, cat.poverty.groups)
            r.add(LineItem.cite("大病保险倾斜:起付线降低50%、支付比例提高5个百分点(T10)", None, cat.poverty.rate_bonus))
            r.use(cat.poverty.deductible_factor)
    k = st.assistance_class()
    if k is not None:
        add_umbrellas(r, st.policy, p.group_set, k.groups)
        r.add(LineItem.cite(f"医疗救助对象:{k.label},救助比例{_pct(k.rate.value)}", None, k.rate))
        cap_v, which = st.assistance_cap()  # type: ignore[misc]
        who = "重特大疾病患者," if p.major_disease else ""
        r.add(LineItem.cite(f"{who}{which}年度限额{fmt(cap_v.value)}元(全年各笔累计)", None, cap_v))
        r.use(cap_v)
    if p.major_disease and st.policy.assistance is None:
        r.notes.append(f"政策 {st.policy.id} 没有医疗救助规定:重特大疾病患者身份不影响本结果。")
    if Group.assistance_recipient in p.group_set and k is None and st.policy.assistance is not None:
        r.notes.append("“医疗救助对象”未指明救助类别:请给出具体人群(如 tekun、dibao、dibao_edge)以计算医疗救助。")


def _closing_notes(st: _Settler) -> None:
    r = st.r
    if st.policy.assistance is not None and st.assistance_class() is None and r.catastrophic > 0:
        r.notes.append("未纳入困难身份的参保群众,医疗费用负担较重的,可以依申请享受同样额度的医疗救助(T11),本结果未计入。")
    cat = st.policy.catastrophic
    if cat is not None and cat.poverty is not None and r.catastrophic > 0 and not st.params.poor(st.groups) \
            and Group.assistance_recipient in expand(st.groups, st.params.umbrellas):
        # T10's "困难群众": under the other reading (every 医疗救助对象) this person's deductible would halve
        r.use(cat.poverty.deductible_factor)
        r.notes.append("大病保险倾斜(起付线减半、比例加5个百分点)按本项目的读法只给特困人员、低保对象、返贫致贫人口;"
                       "若“困难群众”指全部医疗救助对象,本人也会享受(见下面列出的假设)。")
    limit = st.policy.basic.annual_limit_unstated if st.policy.basic else None
    paid = sum((c.basic for c in r.claims if c.claim.kind in CATASTROPHIC_KINDS), ZERO)
    if limit is not None and paid > 0:
        # T4 implies an annual limit for inpatient and special outpatient the articles do not give:
        # every result in which basic insurance paid such bills says so (assumption basic_annual_limit_unstated).
        r.add(LineItem.cite(f"{limit.label}:文章没有给出金额,本结果未计入;本年基本医保已支付住院和门诊特殊病"
                            f"{fmt(paid)}元", None, limit))
        r.use(limit)


def person_arrays(person: Person, params: K.Params) -> dict[str, Any]:
    """The kernels' per-person inputs (:data:`yibao.kernels.PERSON_FIELDS`) for one person."""
    import numpy as np

    groups = person.group_set
    k = params.assistance_class(groups)

    def day(d: dt.date | None, none: int) -> int:
        return none if d is None else d.toordinal()

    one = {
        "tier": K.tier_code(person.tier or ""), "poor": params.poor(groups), "border": params.border(groups),
        "assist_bp": -1 if k is None else params.assist_classes[k][1], "years": person.continuous_years,
        "incentive": K.to_fen(person.incentive_amount), "retired": person.retired,  # type: ignore[arg-type]
        "waiting_until": day(person.waiting_until, K.NO_START), "cover_start": day(person.cover_start, K.NO_START),
        "cover_end": day(person.cover_end, K.NO_END), "retro_paid_on": day(person.retroactive_paid_on, K.NO_START),
        "major": person.major_disease,
    }
    return {f: np.array([one[f]], dtype=bool if isinstance(one[f], bool) else np.int64) for f in K.PERSON_FIELDS}


def claim_arrays(claims: list[Claim]) -> dict[str, Any]:
    """The kernels' per-claim inputs (:data:`yibao.kernels.CLAIM_FIELDS`) for one person's claims."""
    import numpy as np

    i64, b = np.int64, bool
    cols: dict[str, tuple[Any, Callable[[Claim], Any]]] = {
        "person": (i64, lambda c: 0),
        "day": (i64, lambda c: c.date.toordinal()),
        "kind": (np.int8, lambda c: K.KIND_CODES.index(c.kind)),
        "level": (i64, lambda c: c.level or 0),
        "admission": (i64, lambda c: c.admission or 0),
        "facility": (np.int8, lambda c: -1 if c.facility is None else K.FACILITY_CODES.index(c.facility)),
        "drug": (np.int8, lambda c: -1 if c.drug_class is None else K.DRUG_CODES.index(c.drug_class)),
        "cost": (i64, lambda c: K.to_fen(c.cost)),
        "outside": (i64, lambda c: K.to_fen(c.outside_catalogue)),
        "ethnic": (i64, lambda c: K.to_fen(c.ethnic_share)),
        "excluded": (np.int8, lambda c: -1 if c.excluded is None else K.REASON_CODES.index(c.excluded)),
        "designated": (b, lambda c: c.designated),
        "emergency": (b, lambda c: c.emergency),
    }
    out = {f: np.array([get(c) for c in claims], dtype=t) for f, (t, get) in cols.items()}
    visits: dict[str, int] = {}
    out["visit"] = np.array([-1 if c.visit is None else visits.setdefault(c.visit, len(visits)) for c in claims],
                            dtype=i64)
    return out


def _run_kernels(person: Person, ordered: list[Claim], index: list[int]) -> dict[str, Any]:
    """The amounts of every claim (in settlement order) and the year's totals, from the kernels."""
    params = K.policy_params(person.policy)  # type: ignore[arg-type]
    try:
        return K.settle_arrays(params, person_arrays(person, params), claim_arrays(ordered), detail=True)
    except K.RowsError as e:
        p = e.first()
        row = int(p.rows[0])
        raise NotCovered(f"claims[{index[row]}].{p.column}", p.problem(row), p.rules) from None


def _fill_state(s: YearState, d: dict[str, Any]) -> None:
    def total(key: str) -> Decimal:
        return K.yuan(d[key][0]) if key in d else ZERO

    s.general_outpatient_deductible_met = total("year_go_deductible_met")
    s.general_outpatient_paid = total("year_go_paid")
    s.employee_outpatient_deductible_met = total("year_eo_deductible_met")
    s.employee_outpatient_paid = total("year_eo_paid")
    s.pooled_outpatient_paid = total("year_po_paid")
    s.admissions = int(d["year_admissions"][0])
    s.catastrophic_base = total("year_cat_base")
    s.catastrophic_paid = total("year_cat_paid")
    s.assistance_ordinary = total("year_as_ordinary")
    s.assistance_major = total("year_as_major")


def _as_claim(raw: Claim | Mapping[str, Any], i: int) -> Claim:
    def name(col: str) -> str:
        return f"claims[{i}].{col}"

    if isinstance(raw, Claim):
        return raw.checked(name)
    if isinstance(raw, Mapping):
        return Claim.from_mapping(raw, name)
    raise InputError(f"claims[{i}]", f"{type(raw).__name__} is not a claim", "a Claim or a mapping of its fields")


def claim_span(policy: Policy) -> tuple[dt.date, dt.date]:
    """The first and last day a claim may have under ``policy``: in force and in its benefit year."""
    first, last = policy.in_force.start, policy.in_force.to or dt.date.max
    year = policy.coverage.benefit_year if policy.coverage else None
    if year is not None:
        return max(first, year.start), min(last, year.to or dt.date.max)
    return max(first, dt.date(policy.year, 1, 1)), min(last, dt.date(policy.year, 12, 31))


def settle(person: Person, claims: Iterable[Claim | Mapping[str, Any]]) -> YearSettlement:
    """Settle one person's claims of one benefit year, in date order (ties in the given order).

    Results keep the given order; ``claims[i].index`` is the position given.
    """
    if not isinstance(person, Person):
        raise InputError("person", f"{type(person).__name__} is not a Person", "yibao.settlement.Person(...)")
    if isinstance(claims, (str, bytes)) or not isinstance(claims, Iterable):
        raise InputError("claims", "not a list of claims", "a list of Claim objects or mappings")
    checked = [_as_claim(c, i) for i, c in enumerate(claims)]
    policy: Policy = person.policy  # type: ignore[assignment]
    if sum((c.total_cost for c in checked), ZERO) > MAX_YEAR_COST:
        raise InputError("claims", f"the claims add up to more than {MAX_YEAR_COST} yuan",
                         f"at most {MAX_YEAR_COST} yuan in one person's year")
    for i, c in enumerate(checked):
        if c.date.year != checked[0].date.year:
            raise InputError(f"claims[{i}].date", f"{c.date} is in {c.date.year} but claims[0] is in "
                             f"{checked[0].date.year}", "claims of one benefit year: settle each year apart")
        first, last = claim_span(policy)
        if not first <= c.date <= last:
            raise InputError(f"claims[{i}].date", f"{c.date} is outside the {policy.year} benefit year of policy "
                             f"{policy.id}", f"a date from {first} to {last}; settle other years with their own policy")
    result = YearSettlement(policy=policy, person=person)
    crs = [ClaimResult(i, c) for i, c in enumerate(checked)]
    ordered = sorted(crs, key=lambda x: (x.claim.date, x.index))
    detail = _run_kernels(person, [cr.claim for cr in ordered], [cr.index for cr in ordered])
    st = _Settler(person, result, detail, {cr.index: row for row, cr in enumerate(ordered)})
    _person_items(st)
    for cr in ordered:
        st.settle(cr)
    _fill_state(result.state, detail)
    result.claims = crs
    _closing_notes(st)
    seen: dict[Claim, int] = {}
    for i, c in enumerate(checked):  # accepted (two identical bills happen), but said (docs/bad-input.md)
        if c in seen:
            result.notes.append(f"第{i + 1}笔与第{seen[c] + 1}笔完全相同,已分别结算;如为重复录入,请删除一笔。")
        else:
            seen[c] = i
    return result
