"""Which tier is worth it? (``yibao tiers``) — for a policy with two tiers (Lhasa's 220 and 400 yuan).

For one person (groups, continuous years, age and sex for the aid rules):

- ``extra_premium``: what the high tier costs them more than the low one (:func:`yibao.calculators.premium.premium`
  at each tier; aid may make it 0);
- ``break_even``: the policy-range cost of **one** claim of a kind (inpatient at a hospital level,
  special outpatient, general outpatient) at which what the high tier pays more — all layers: basic
  insurance, catastrophic insurance, medical assistance — first equals the extra premium. It is the
  smallest cost in fen where ``extra benefit ≥ extra premium``, each tier settled exactly to the fen by
  the settlement kernels (:func:`yibao.settlement.batch.settle_many`, the functions :func:`yibao.settlement.settle`
  uses); the answer is then settled again by :func:`~yibao.settlement.settle` for its explanation;
- with a year of claims: which tier costs the person less over the year (premium + out of pocket);
- where aid pays the highest tier (L5–L7, T12, T13) the choice is moot, and the advice says so.

**How the break-even is found.** The extra benefit ``B(c)`` of a claim costing ``c`` is piecewise
linear in ``c`` (up to the fen roundings of each layer): it bends only where one tier's layer starts
paying, reaches its cap, or where the self-paid cost crosses a catastrophic segment bound. Those
points are found exactly, each by bisection over integer fen on a quantity that never decreases with
the cost; between two of them ``B`` follows a straight line within a few fen, so only the fen near
the line's crossing of the extra premium are settled one by one. The search covers one claim of 0 to
:data:`MAX_CLAIM` yuan (what a claim may cost): "no break-even" means none in that range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

import numpy as np

from ..calculators.premium import PremiumResult, premium
from ..errors import InputError
from ..format import hospital_level
from ..groups import Group
from ..inputs import MAX_MONEY, parse_whole, show
from ..money import ZERO, from_fen, to_fen
from ..policy import as_policy, load_policy, policy_ids
from ..policy.compiled import policy_params
from ..policy.model import Policy
from ..policy.reform import Reform
from ..policy.reformed import apply_reform
from ..policy.show import rate_zh, yuan_zh
from ..result import LineItem, Result
from ..settlement import (
    Claim,
    Person,
    YearSettlement,
    benefit_tiers,
    claim_columns,
    claim_span,
    person_columns,
    settle,
    settle_many,
)
from ..vocabulary import ClaimKind, Payer, Tier, tier_zh

#: The claim kinds whose benefits differ by tier (T5–T7; T4 general outpatient is the same on both).
KINDS = (ClaimKind.inpatient, ClaimKind.special_outpatient, ClaimKind.general_outpatient)
#: The largest cost of one claim the search covers, yuan (what a claim may cost: :data:`yibao.inputs.MAX_MONEY`).
MAX_CLAIM = MAX_MONEY
_MAX_FEN = int(MAX_CLAIM * 100)
#: How far (fen) the extra benefit may stray from the straight line between two bends: each tier's three
#: layers round once each, and each rounding moves the next layer's base by at most a fen.
_MARGIN = 20
#: The most fen settled one by one around one crossing, and the sample of a long flat stretch.
_SCAN = 1 << 18
_FLAT_SAMPLES = 1024


def _tiered_policies() -> list[str]:
    out = []
    for pid in policy_ids():
        try:
            p = load_policy(pid)
        except Exception:
            continue
        if p.premium is not None and {"high", "low"} <= set(p.premium.tiers) and benefit_tiers(p) == ("high", "low"):
            out.append(pid)
    return out


def _kind(kind: Any, level: Any) -> tuple[ClaimKind, int | None]:
    k = ClaimKind.lookup(kind)
    if k is None or k not in KINDS:
        raise InputError("kind", f"{show(kind)} is not a kind of claim tier advice covers",
                         ", ".join(f"{x.value}({x.zh})" for x in KINDS))
    if k is ClaimKind.inpatient:
        if level is None:
            raise InputError("level", "missing: inpatient advice needs the hospital level", "1, 2, 3")
        return k, parse_whole(level, "level", 1, 3, "1, 2, 3")
    if level is not None:
        raise InputError("level", f"only for inpatient claims, not {k.zh}", "leave it out")
    return k, None


# ---------------------------------------------------------------- one claim, both tiers, many costs


class _Curves:
    """What each tier pays for one claim of a kind, at many costs at once (integer fen)."""

    def __init__(self, policy: Policy, people: Mapping[str, Person], kind: ClaimKind, level: int | None):
        self.policy = policy
        self.params = policy_params(policy)
        self.day = claim_span(policy)[0]
        self.claim = Claim(date=self.day, kind=kind, cost=ZERO, level=level)
        self.people = {t: person_columns(p, self.params) for t, p in people.items()}
        self.template = claim_columns([self.claim])

    def layers(self, tier: str, costs: np.ndarray) -> dict[str, np.ndarray]:
        """``basic``, ``catastrophic``, ``assistance`` and the self-paid ``base`` of the catastrophic layer, fen."""
        n = len(costs)
        one = self.people[tier]  # one person per cost: each claim alone in its year
        people = replace(one, **{f.name: np.repeat(getattr(one, f.name), n) for f in fields(one)})
        claims = replace(self.template.take(np.zeros(n, dtype=np.int64)), person=np.arange(n, dtype=np.int64),
                         cost=np.asarray(costs, dtype=np.int64))
        res = settle_many(self.params, people, claims)
        return {"basic": res.basic, "catastrophic": res.catastrophic, "assistance": res.assistance,
                "base": res.year.catastrophic_base}

    def paid(self, tier: str, costs: np.ndarray) -> np.ndarray:
        d = self.layers(tier, costs)
        return d["basic"] + d["catastrophic"] + d["assistance"]

    def extra(self, costs: np.ndarray) -> np.ndarray:
        """What the high tier pays more than the low one, fen."""
        costs = np.asarray(costs, dtype=np.int64)
        return self.paid("high", costs) - self.paid("low", costs)

    def bends(self) -> list[int]:
        """Every cost (fen) where a layer of either tier starts paying or reaches its cap, or the self-paid
        cost crosses a catastrophic bound: each by bisection on a quantity that never decreases."""
        seg = self.params.catastrophic
        bounds = [b for b in (seg.up_to if seg else ()) if b is not None]
        top = np.array([_MAX_FEN], dtype=np.int64)
        targets: list[tuple[str, str, int]] = []
        for tier in ("high", "low"):
            final = {k: int(v[0]) for k, v in self.layers(tier, top).items()}
            for q in ("basic", "catastrophic", "assistance"):
                if final[q] > 0:
                    targets += [(tier, q, 1), (tier, q, final[q])]
            targets += [(tier, "base", b) for b in bounds if b <= final["base"]]
        if not targets:
            return []
        lo = np.full(len(targets), -1, dtype=np.int64)  # the quantity is below its threshold at lo ...
        hi = np.full(len(targets), _MAX_FEN, dtype=np.int64)  # ... and reaches it at hi
        while (hi - lo > 1).any():
            mid = (lo + hi) // 2
            reached = np.zeros(len(targets), dtype=bool)
            for tier in ("high", "low"):
                rows = [i for i, t in enumerate(targets) if t[0] == tier]
                if not rows:
                    continue
                d = self.layers(tier, np.maximum(mid[rows], 0))
                for j, i in enumerate(rows):
                    reached[i] = d[targets[i][1]][j] >= targets[i][2]
            hi = np.where(reached, mid, hi)
            lo = np.where(reached, lo, mid)
        return sorted(set(int(h) for h in hi))

    def break_even(self, extra_premium: int) -> int | None:
        """The smallest cost (fen) whose extra benefit reaches ``extra_premium`` fen, or None."""
        points = np.array(sorted({0, _MAX_FEN, *self.bends()}), dtype=np.int64)
        values = self.extra(points)
        if values[0] >= extra_premium:
            return 0
        for a, b, va, vb in zip(points[:-1], points[1:], values[:-1], values[1:], strict=False):
            if max(va, vb) + _MARGIN < extra_premium:
                continue  # the straight line and its roundings stay below
            found = self._crossing(int(a), int(b), int(va), int(vb), extra_premium)
            if found is not None:
                return found
        return None

    def _crossing(self, a: int, b: int, va: int, vb: int, target: int) -> int | None:
        """The first cost in ``(a, b]`` reaching ``target``, where the extra benefit runs straight from
        ``va`` to ``vb`` within :data:`_MARGIN` fen."""
        span = b - a
        if vb > va:  # from where the line is _MARGIN below the target to where it is _MARGIN above
            lo = a + max(0, (target - _MARGIN - va) * span // (vb - va))
            hi = a + min(span, -(-(target + _MARGIN - va) * span // (vb - va)))
        elif vb < va:
            lo, hi = a, a + min(span, (va - (target - _MARGIN)) * span // (va - vb) + 1)
        else:
            lo, hi = a, b
            sample = np.linspace(a, b, _FLAT_SAMPLES, dtype=np.int64)
            if hi - lo > _SCAN and (self.extra(sample) == va).all() and va < target:
                return None  # the same on every sample of a long flat stretch: both tiers pay alike there
        start = max(lo, a + 1)
        while start <= hi:
            costs = np.arange(start, min(hi, start + _SCAN - 1) + 1, dtype=np.int64)
            hit = np.flatnonzero(self.extra(costs) >= target)
            if len(hit):
                return int(costs[hit[0]])
            start = int(costs[-1]) + 1
        return None


# ---------------------------------------------------------------- the advice


@dataclass
class TierYear:
    """One tier over the person's year of claims: premium, settlement, and the two together."""

    tier: str
    premium: PremiumResult
    settlement: YearSettlement

    @property
    def total(self) -> Decimal:
        return self.premium.individual + self.settlement.out_of_pocket

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "premium": f"{self.premium.individual:.2f}",
                "out_of_pocket": f"{self.settlement.out_of_pocket:.2f}", "total": f"{self.total:.2f}",
                "settlement": self.settlement.to_dict()}


@dataclass
class TierAdvice(Result):
    """Tier advice for one person and one kind of claim (see the module doc)."""

    kind: str = ""
    level: int | None = None
    premiums: dict[str, PremiumResult] = field(default_factory=dict)
    extra_premium: Decimal = ZERO
    #: Why the choice is moot (aid pays the highest tier), or None.
    moot: str | None = None
    break_even: Decimal | None = None
    #: Each tier settled at the break-even cost (explanations), when there is one.
    at_break_even: dict[str, YearSettlement] = field(default_factory=dict)
    #: The most the high tier pays more for one such claim, and from which cost, when there is no break-even.
    most_extra: Decimal | None = None
    most_extra_from: Decimal | None = None
    #: A cost above the break-even where the extra benefit is below the extra premium again (the low tier's
    #: catastrophic insurance starting first can do that), or None.
    falls_back_at: Decimal | None = None
    year: dict[str, TierYear] = field(default_factory=dict)
    groups: tuple[str, ...] = ()
    continuous_years: int = 0
    _curves: Any = None

    @property
    def what(self) -> str:
        k = ClaimKind(self.kind)
        return f"{hospital_level(self.level)}{k.zh}" if k is ClaimKind.inpatient else k.zh

    @property
    def cheaper(self) -> str | None:
        """The tier costing less over the year of claims (None: no claims given, moot, or a tie)."""
        if len(self.year) != 2:
            return None
        h, lo = self.year["high"].total, self.year["low"].total
        return None if h == lo else "high" if h < lo else "low"

    @property
    def saving(self) -> Decimal:
        """How much less the cheaper tier costs over the year."""
        if len(self.year) != 2:
            return ZERO
        return abs(self.year["high"].total - self.year["low"].total)

    @property
    def claim_day(self) -> Any:
        """The day the advice's one claim is dated: the first day of the policy's benefit year."""
        return self._curves.day

    def bends(self) -> list[int]:
        """The costs (fen) where the two tiers' lines bend (deductibles, segment ends, caps)."""
        return list(self._curves.bends())

    def extra_benefit(self, cost: Decimal | str | int) -> Decimal:
        """What the high tier pays more than the low one for one such claim of ``cost`` yuan."""
        from ..inputs import parse_money
        c = to_fen(parse_money(cost, "cost"))
        return from_fen(int(self._curves.extra(np.array([c]))[0]))

    def curve(self, costs: Iterable[Decimal | str | int]) -> list[tuple[Decimal, Decimal, Decimal]]:
        """(cost, high tier's premium + out of pocket, low tier's) for one such claim of each cost, yuan."""
        from ..inputs import parse_money
        fen = np.array([to_fen(parse_money(c, "cost")) for c in costs], dtype=np.int64)
        if self.moot:
            raise InputError("tier", f"the choice is moot: {self.moot}", "a person who chooses a tier")
        out = []
        paid = {t: self._curves.paid(t, fen) for t in ("high", "low")}
        for i, c in enumerate(fen):
            row = [from_fen(int(c))]
            for t in ("high", "low"):
                row.append(self.premiums[t].individual + from_fen(int(c - paid[t][i])))
            out.append((row[0], row[1], row[2]))
        return out

    def headline(self) -> str:
        if self.moot:
            return f"不需要选档:{self.moot}"
        e = yuan_zh(self.extra_premium)
        if self.break_even is None and not self.most_extra:
            text = (f"高档比低档多缴 {e};两档的{self.what}待遇相同,多缴的保费换不来{self.what}的任何待遇:"
                    f"只看{self.what},低档更划算。")
        elif self.break_even is None:
            text = (f"高档比低档多缴 {e};单笔{self.what}费用再高,高档多得的待遇也达不到多缴的保费"
                    f"(最多多得 {yuan_zh(self.most_extra or ZERO)}):只看{self.what},低档更划算。")
        elif self.extra_premium <= 0:
            text = f"高档不比低档多缴保费({e}),任何{self.what}费用下高档都不吃亏。"
        else:
            text = (f"高档比低档多缴 {e};一次{self.what}的政策范围内费用达到 {yuan_zh(self.break_even)} 时,"
                    f"高档多得的待遇等于多缴的保费")
            text += ("," + f"但费用为 {yuan_zh(self.falls_back_at)} 等更高的费用时又不及多缴的保费。"
                     if self.falls_back_at is not None else ",费用更高时高档更划算。")
        if self.year:
            text += self._year_text()
        return text

    def _year_text(self) -> str:
        if self.moot:
            return ""
        c = self.cheaper
        if c is None:
            return "按所给的全年费用,两档全年负担相同。"
        return f"按所给的全年费用,{tier_zh(c)}全年负担(保费 + 个人负担)少 {yuan_zh(self.saving)}。"

    def explain(self) -> str:
        p = self.policy
        lines = [self.headline(), "", f"政策:{p.title}", f"费用类型:{self.what}(一次,首次住院)"
                 if self.kind == ClaimKind.inpatient.value else f"费用类型:{self.what}(一笔)"]
        for it in self.items:
            lines.extend(_item_lines(p, it))
        if self.at_break_even:
            lines.append("")
            lines.append(f"在 {yuan_zh(self.break_even or ZERO)} 时两档各付:")
            for t, s in self.at_break_even.items():
                lines.append(f"- {tier_zh(t)}:基本医保 {yuan_zh(s.basic)},大病保险 {yuan_zh(s.catastrophic)},"
                             f"医疗救助 {yuan_zh(s.assistance)},个人负担 {yuan_zh(s.out_of_pocket)}")
            h, lo = self.at_break_even["high"], self.at_break_even["low"]
            diff = (h.basic + h.catastrophic + h.assistance) - (lo.basic + lo.catastrophic + lo.assistance)
            lines.append(f"  高档多得 {yuan_zh(diff)},多缴保费 {yuan_zh(self.extra_premium)}。")
            if self.break_even and self.break_even > Decimal("0.01"):
                below = self.extra_benefit(self.break_even - Decimal("0.01"))
                lines.append(f"  费用少1分钱({yuan_zh(self.break_even - Decimal('0.01'))})时高档多得 {yuan_zh(below)},"
                             "不足多缴的保费。")
        if self.year:
            lines.append("")
            lines.append("按所给的全年费用:")
            for t, y in self.year.items():
                lines.append(f"- {tier_zh(t)}:保费 {yuan_zh(y.premium.individual)} + 个人负担 "
                             f"{yuan_zh(y.settlement.out_of_pocket)} = {yuan_zh(y.total)}")
        return "\n".join(lines + self.footer_lines())

    def fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "level": self.level, "groups": list(self.groups),
            "continuous_years": self.continuous_years, "moot": self.moot,
            "premiums": {t: r.to_dict() for t, r in self.premiums.items()},
            "extra_premium": self.extra_premium, "break_even": self.break_even,
            "break_even_settlements": {t: s.to_dict() for t, s in self.at_break_even.items()},
            "most_extra_benefit": self.most_extra, "most_extra_benefit_from": self.most_extra_from,
            "falls_back_at": self.falls_back_at,
            "year": {t: y.to_dict() for t, y in self.year.items()} or None,
            "cheaper": self.cheaper, "saving": self.saving if self.year else None,
        }


def _item_lines(policy: Policy, it: LineItem) -> list[str]:
    from ..policy.provenance import citation
    amount = f":{yuan_zh(it.amount)}" if it.amount is not None else ""
    out = [f"- {it.label}{amount}"]
    if it.quote:
        out.append(f"  依据:{citation(policy.sources, it.source, it.quote, it.rules)}")
    return out


def _benefit_values(pol: Policy, kind: ClaimKind, level: int | None) -> list[tuple[str, Any]]:
    """The basic-insurance values of this kind of claim by tier, as line items cite them."""
    b = pol.basic
    if b is None:
        return []
    if kind is ClaimKind.inpatient and b.inpatient is not None:
        lv = next((x for x in b.inpatient.levels if x.min_level <= (level or 0) <= x.max_level), None)
        if lv is None:
            return []
        return [(f"{hospital_level(level)}住院起付线 {yuan_zh(lv.deductible.value)}(两档相同)", lv.deductible),
                (f"高档报销 {rate_zh(lv.rate.high.value)}", lv.rate.high),
                (f"低档报销 {rate_zh(lv.rate.low.value)}", lv.rate.low)]
    if kind is ClaimKind.special_outpatient and b.special_outpatient is not None:
        r = b.special_outpatient.rate
        return [(f"门诊特殊病高档报销 {rate_zh(r.high.value)}", r.high),
                (f"门诊特殊病低档报销 {rate_zh(r.low.value)}", r.low)]
    if kind is ClaimKind.general_outpatient and b.general_outpatient is not None:
        g = b.general_outpatient
        return [(f"普通门诊两档相同:起付线 {yuan_zh(g.deductible.value)}、报销 {rate_zh(g.rate.value)}、"
                 f"年度最高 {yuan_zh(g.annual_cap.value)}", g.rate)]
    return []


def _moot(prem: PremiumResult) -> str | None:
    """Why a person need not choose: an aid pays at the highest tier (they are priced there whatever they choose)."""
    if prem.aid is None:
        return None
    rule = next(a for a in prem.policy.premium.aids if a.id == prem.aid)  # type: ignore[union-attr]
    others = "、".join(f"{Payer(p).zh}{yuan_zh(a)}" for p, a in prem.paid_by.items()
                      if p != Payer.individual and a)
    return (f"{rule.label}:按最高档次({tier_zh(prem.tier)},{yuan_zh(prem.standard)})缴费,"
            f"个人缴 {yuan_zh(prem.individual)}" + (f"({others})" if others else "")
            + f",按{tier_zh(prem.tier)}享受待遇")


def tier_advice(policy: str | Policy, *, kind: str = "inpatient", level: int | str | None = None,
                groups: Iterable[str | Group] = (), continuous_years: int | str = 0, sex: str | None = None,
                age: int | str | None = None, birth_date: str | dt.date | None = None, income: Any = None,
                claims: Sequence[Claim | Mapping[str, Any]] | None = None,
                reform: Reform | Mapping[str, Any] | None = None) -> TierAdvice:
    """Tier advice for one person under ``policy`` (optionally with ``reform`` applied): the extra
    premium of the high tier, the break-even cost of one claim of ``kind`` (``level`` for inpatient),
    and with ``claims`` (a year of them) which tier costs the person less over the year."""
    pol = _two_tiers(apply_reform(as_policy(policy), reform))
    k, lvl = _kind(kind, level)
    years = parse_whole(continuous_years, "continuous_years", 0, 150, "a whole number of years, 0 to 150")
    res = TierAdvice(policy=pol, kind=k.value, level=lvl, continuous_years=years)
    people = {t: Person(pol, tier=t, groups=groups, continuous_years=years) for t in ("high", "low")}
    res.groups = tuple(str(g) for g in people["high"].groups)
    _price(res, groups=groups, sex=sex, age=age, birth_date=birth_date, income=income)
    res._curves = _Curves(pol, people, k, lvl)
    for label, cited in _benefit_values(pol, k, lvl):
        res.add(LineItem.cite(label, None, cited))
        res.use(cited)
    if not res.moot:
        _find_break_even(res, people)
    if claims is not None:
        for t in ("high",) if res.moot else ("high", "low"):
            tier = res.premiums[t].tier if res.moot else t
            res.year[t] = TierYear(tier, res.premiums[t], settle(people[tier], list(claims)))
            _take_assumptions(res, res.year[t].settlement)
    return res


def _two_tiers(pol: Policy) -> Policy:
    """The policy, if it has a high and a low tier (premium and benefits); else one message naming those that do."""
    if pol.premium is None:
        raise InputError("policy", f"{pol.id} states no premium", "a policy with a premium section")
    tiers = pol.premium.tiers
    if len(tiers) < 2 or not {"high", "low"} <= set(tiers) or benefit_tiers(pol) != ("high", "low"):
        only = "、".join(f"{tier_zh(t)} {yuan_zh(m.value)}" for t, m in tiers.items())
        raise InputError("policy", f"policy {pol.id} has one premium standard ({only}): there is no tier to choose",
                         "a policy with a high and a low tier: " + ", ".join(_tiered_policies()))
    return pol


def _take_assumptions(res: TierAdvice, other: Result) -> None:
    for a in other.assumptions:
        if a not in res.assumptions:
            res.assumptions.append(a)


def _price(res: TierAdvice, **person: Any) -> None:
    """Each tier's premium for the person, the extra premium, or why the choice is moot."""
    pol = res.policy
    tiers = pol.premium.tiers  # type: ignore[union-attr]
    for t in ("high", "low"):
        res.premiums[t] = premium(pol, tier=t, **person)
    res.moot = _moot(res.premiums["high"])
    for t in ("high",) if res.moot else ("high", "low"):  # moot: the low tier's premium is the same aided one
        _take_assumptions(res, res.premiums[t])
        res.notes += [n for n in res.premiums[t].notes if n not in res.notes]
    if res.moot:
        high = res.premiums["high"]
        aid = next(a for a in pol.premium.aids if a.id == high.aid)  # type: ignore[union-attr]
        res.add(LineItem.cite(f"资助:{aid.label};个人缴费", high.individual, aid, party=Payer.individual.value))
        return
    for tier in (Tier.high, Tier.low):
        res.add(LineItem.cite(f"{tier_zh(tier.value)}个人缴费", res.premiums[tier.value].individual, tiers[tier],
                              party=Payer.individual.value))
    high_pays, low_pays = res.premiums["high"].individual, res.premiums["low"].individual
    res.extra_premium = high_pays - low_pays
    res.add(LineItem(f"高档多缴:{yuan_zh(high_pays)} − {yuan_zh(low_pays)}", res.extra_premium,
                     tuple(tiers[Tier.high].rules)))
    if any(r.aid_not_quantified for r in res.premiums.values()):
        res.notes.append("另有一项文章未给出金额的参保资助:上面的个人缴费是资助前的数,实际多缴的可能不同。")


def _find_break_even(res: TierAdvice, people: Mapping[str, Person]) -> None:
    curves: _Curves = res._curves
    target = to_fen(res.extra_premium)
    found = curves.break_even(target)
    if found is None:
        points = np.array(sorted({0, _MAX_FEN, *curves.bends()}), dtype=np.int64)
        values = curves.extra(points)
        i = int(np.argmax(values))
        res.most_extra, res.most_extra_from = from_fen(int(values[i])), from_fen(int(points[i]))
        return
    res.break_even = from_fen(found)
    points = np.array(sorted({0, _MAX_FEN, *curves.bends()}), dtype=np.int64)
    after = points[points > found]
    below = after[curves.extra(after) + _MARGIN < target] if len(after) else after
    res.falls_back_at = from_fen(int(below[0])) if len(below) else None
    claim = {"date": curves.day, "kind": res.kind, "cost": res.break_even, "level": res.level}
    for t in ("high", "low"):
        res.at_break_even[t] = settle(people[t], [claim])
        _take_assumptions(res, res.at_break_even[t])
    h, lo = res.at_break_even["high"], res.at_break_even["low"]
    gain = (h.basic + h.catastrophic + h.assistance) - (lo.basic + lo.catastrophic + lo.assistance)
    # the one-person path and the kernels are one implementation: they cannot disagree
    assert to_fen(gain) == int(curves.extra(np.array([found]))[0]) >= target
    rules = tuple(dict.fromkeys(r for it in res.items for r in it.rules))
    res.add(LineItem(f"盈亏平衡点:一次{res.what}政策范围内费用 {yuan_zh(res.break_even)},高档多得 {yuan_zh(gain)}",
                     res.break_even, rules))
