"""A settled year that explains itself: per claim the three layers and what is left, per year the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..explain import step
from ..format import day as day_zh
from ..format import hospital_level, yuan
from ..groups import zh
from ..money import ZERO
from ..result import LineItem, Result
from ..vocabulary import ClaimKind, Refusal, Tier
from .inputs import Claim, Person


def money_text(amount: Decimal) -> str:
    """Yuan with two decimals (``"8160.00"``), as :func:`yibao.money.fmt`: settlement amounts are whole
    fen already (inputs and policy values are checked to two decimals, the engine pays whole fen), so
    formatting needs no rounding (which keeps a year of 100 000 claims quick to explain)."""
    return f"{amount:.2f}"


fmt = money_text


@dataclass
class ClaimResult:
    index: int
    claim: Claim
    basic: Decimal = ZERO
    catastrophic: Decimal = ZERO
    assistance: Decimal = ZERO
    #: Why the fund paid nothing (None: it paid), and the reason in Chinese.
    reason_not_paid: Refusal | None = None
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
        what = c.kind.zh
        if c.kind == ClaimKind.inpatient:
            what += f"({hospital_level(c.level)})"
        if c.kind == ClaimKind.pooled_outpatient and c.facility is not None and c.drug_class is not None:
            what += f"({c.facility.zh},{c.drug_class.zh})"
        if c.visit is not None:
            what += f" 就诊 {c.visit}"
        if c.label:
            what += f" {c.label}"
        return f"{day_zh(c.date)} {what}"

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        return {
            "index": self.index,
            "date": c.date.isoformat(),
            "kind": c.kind.value,
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
            "reason_not_paid": None if self.reason_not_paid is None else self.reason_not_paid.value,
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
    #: Whether catastrophic payments went above the cap without incentives (this resets T15).
    incentive_used: bool = False

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
        return (f"年度结算:{len(self.claims)}笔费用共{yuan(self.total_cost)},基本医保支付{yuan(self.basic)},"
                + self._layers(self.catastrophic, self.assistance, "大病保险支付")
                + f"个人负担{yuan(self.out_of_pocket)}。")

    def _layers(self, catastrophic: Decimal, assistance: Decimal, cat_word: str = "大病保险") -> str:
        """The catastrophic and assistance amounts, for the layers the policy has (Yuncheng has neither)."""
        text = f"{cat_word}{yuan(catastrophic)}," if self.policy.catastrophic is not None or catastrophic else ""
        return text + (f"医疗救助{yuan(assistance)}," if self.policy.assistance is not None or assistance else "")

    def _item_lines(self, it: LineItem, indent: str, cited: dict[tuple[Any, ...], list[str]]) -> list[str]:
        """One step (:func:`yibao.explain.step`); a year of many claims citing the same few values
        reads each value's clause once."""
        key = (it.label, it.amount, it.party, it.source, it.quote, it.rules, it.path)
        if key not in cited:
            s = step(self.policy, it)
            out = [f"- {s.label}" + (f":{s.amount_text}" if s.amount_text else "")
                   + (f"[{s.party}]" if s.party else "")]
            if s.citation:
                out.append(f"  依据:{s.citation}")
            elif s.rules:
                out.append(f"  规则:{', '.join(s.rules)}")
            if s.how:
                out.append(f"  说明:{s.how}")
            cited[key] = out
        return [indent + line for line in cited[key]]

    def explain(self) -> str:
        p = self.person
        cited: dict[tuple[Any, ...], list[str]] = {}
        lines = [self.headline(), "", f"政策:{self.policy.title}"]
        if p is not None:
            who = "缴费档次:未选择(本年的费用不因档次而不同)" if p.tier is None else f"缴费档次:{Tier(p.tier).zh}" + \
                ("(按所受资助的档次)" if p.tier_aid is not None else "")
            if p.groups:
                who += ";人群:" + "、".join(zh(g) for g in p.groups)  # type: ignore[arg-type]
            if p.continuous_years:
                who += f";连续参保{p.continuous_years}年"
            if p.major_disease:
                who += ";重特大疾病患者"
            lines.append(who)
        for it in self.items:
            lines.extend(self._item_lines(it, "", cited))
        for c in self.claims:
            lines.append("")
            lines.append(f"第{c.index + 1}笔 {c.describe()}:费用{yuan(c.total_cost)}"
                         + (f"(其中目录外{yuan(c.claim.outside_catalogue)})" if c.claim.outside_catalogue else ""))
            if c.reason:
                lines.append(f"  不予报销:{c.reason}")
            for it in c.items:
                lines.extend(self._item_lines(it, "  ", cited))
            lines.append(f"  合计:基本医保{yuan(c.basic)},{self._layers(c.catastrophic, c.assistance)}"
                         f"个人负担{yuan(c.out_of_pocket)}")
            for n in c.notes:
                lines.append(f"  注意:{n}")
        s = self.state
        lines.append("")
        lines.append("年度累计:")
        lines.extend(self._year_lines())
        if self.policy.assistance is not None:
            major = p is not None and p.major_disease
            cap = self.policy.assistance.major_cap if major else self.policy.assistance.ordinary_cap
            lines.append(f"- 医疗救助已用{yuan(s.assistance_ordinary + s.assistance_major)}"
                         f"({'重特大疾病医疗救助' if major else '普通医疗救助'}年度限额{yuan(cap.value)})")
        return "\n".join(lines + self.footer_lines())

    def _year_lines(self) -> list[str]:
        """The year's running totals, only for the parts the policy has: a city whose pooled outpatient
        has no deductible (Y6) shows no deductible line but how much of its annual cap is used."""
        s, basic, out = self.state, self.policy.basic, []
        if basic is not None and basic.general_outpatient is not None:
            out.append(f"- 普通门诊起付线已付{yuan(s.general_outpatient_deductible_met)},"
                       f"已报销{yuan(s.general_outpatient_paid)}")
        if basic is not None and basic.pooled_outpatient is not None:
            cap = basic.pooled_outpatient.annual_cap.value
            out.append(f"- 门诊统筹已支付{yuan(s.pooled_outpatient_paid)}(年度最高支付限额{yuan(cap)},"
                       f"尚余{yuan(max(cap - s.pooled_outpatient_paid, ZERO))})")
        if basic is not None and basic.inpatient is not None:
            text = f"- 住院{s.admissions}次"
            if self.policy.catastrophic is not None:
                text += (f";大病保险累计自付合规费用{yuan(s.catastrophic_base)},已支付{yuan(s.catastrophic_paid)}"
                         + (f"(最高支付限额{yuan(s.catastrophic_cap)})" if s.catastrophic_cap is not None else ""))
            out.append(text)
        if self.policy.catastrophic is None and self.policy.assistance is None:
            out.append("- 大病保险、医疗救助:本政策依据的文章没有写,本结果未计入")
        return out

    def fields(self) -> dict[str, Any]:
        p = self.person
        return {
            "total_cost": self.total_cost,
            "basic": self.basic,
            "catastrophic": self.catastrophic,
            "assistance": self.assistance,
            "out_of_pocket": self.out_of_pocket,
            "person": None if p is None else {
                "tier": None if p.tier is None else str(p.tier),
                "tier_set_by_aid": None if p.tier_aid is None else p.tier_aid.id,  # no tier given: the aid's
                "groups": [str(g) for g in p.groups],
                "continuous_years": p.continuous_years, "incentive_amount": p.incentive_amount, "retired": p.retired,
                "waiting_until": p.waiting_until, "cover_start": p.cover_start, "cover_end": p.cover_end,
                "retroactive_paid_on": p.retroactive_paid_on, "major_disease": p.major_disease,
            },
            "claims": [c.to_dict() for c in self.claims],
            "state": self.state.to_dict(),
        }
