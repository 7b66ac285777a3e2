"""The policy's settlement values as fen and basis points, each parameter group a named tuple, checked once.

:func:`policy_params` reads a :class:`~yibao.policy.model.Policy` into :class:`Params` (kept for the
policy object). Rates with more than four decimals or amounts with more than two are policy data
errors (the engine pays whole basis points on whole fen). Values per benefit tier are tuples in the
order of the policy's declared tiers (``basic.tiers``): a person's tier code is its position there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np

from ..errors import PolicyDataError
from ..groups import Group, expand
from ..vocabulary import Tier
from . import model
from .codes import BP, HALF, I64, K_IP, KINDS
from .loader import policy_file
from .model import Policy


def rate_bp(rate: Decimal, where: str, file: str = "") -> int:
    """A policy rate (0.85) as basis points (8500); more than four decimals is a policy data error."""
    v = Decimal(rate) * BP
    if v != v.to_integral_value():
        raise PolicyDataError(file, where, f"rate {rate} has more than four decimals (basis points): "
                              "settlement computes rates as whole basis points")
    return int(v)


def money_fen(amount: Decimal, where: str, file: str = "") -> int:
    """A policy amount of yuan as fen; more than two decimals is a policy data error."""
    v = Decimal(amount) * 100
    if v != v.to_integral_value():
        raise PolicyDataError(file, where, f"amount {amount} has more than two decimals")
    return int(v)


def share(amount: int, rate: int) -> int:
    """``amount`` fen × ``rate`` bp, half up to the fen (:func:`yibao.settlement.arithmetic.pay_rate` on one number)."""
    return (amount * rate + HALF) // BP


def benefit_tiers(policy: Policy) -> tuple[Tier, ...]:
    """The policy's declared benefit tiers (``basic.tiers``; ``standard`` without a basic section)."""
    return tuple(policy.basic.tiers) if policy.basic is not None else (Tier.standard,)


# ---------------------------------------------------------------- parameter groups


class GeneralOutpatient(NamedTuple):
    """T4: an annual deductible, a rate, an annual cap."""

    deductible: int
    rate: int
    annual_cap: int


class EmployeeOutpatient(NamedTuple):
    """T18: an annual deductible by retired/working, a rate, an annual cap."""

    deductible_retired: int
    deductible_working: int
    annual_cap: int
    rate: int


class InpatientLevel(NamedTuple):
    """T6/T7: hospital levels ``min_level``–``max_level``: a first-admission deductible, a rate per tier."""

    deductible: int
    rate: tuple[int, ...]


class Inpatient(NamedTuple):
    """T6–T8: the levels, which level of hospital (0–3) each is for (−1 none), the readmission shares."""

    levels: tuple[InpatientLevel, ...]
    level_index: tuple[int, ...]
    second: int
    third_and_later: int


class LongContribution(NamedTuple):
    """T3: from ``min_years`` continuous years the rate rises by ``bonus`` (at most 100%)."""

    min_years: int
    bonus: int


class EthnicMedicine(NamedTuple):
    """T19: ethnic 乙类 medicines at the rate + ``reduction``, at most ``max_rate``."""

    reduction: int
    max_rate: int


class PooledOutpatient(NamedTuple):
    """Y6: rates per ``[facility][drug class]``, a cap per visit and a cap per year."""

    rates: tuple[tuple[int, int], tuple[int, int]]
    per_visit_cap: int
    annual_cap: int


class Catastrophic(NamedTuple):
    """T9/T10 (+ T16): deductible per tier, segments ``(lo, up_to]`` and their rates, the cap, the poverty
    adjustment and the most the incentives may raise the cap (None: the policy has no incentives)."""

    deductible: tuple[int, ...]
    up_to: tuple[int | None, ...]
    rates: tuple[int, ...]
    cap: int
    poor_groups: frozenset[Group]
    poor_factor: int
    poor_bonus: int
    incentive_limit: int | None

    @property
    def lows(self) -> tuple[int, ...]:
        """Where each segment starts (0, then the previous ``up_to``)."""
        return (0, *(u or 0 for u in self.up_to[:-1]))


class AssistanceClass(NamedTuple):
    groups: frozenset[Group]
    rate: int


class Assistance(NamedTuple):
    """T11/T13: the classes (groups, rate) and the ordinary and major-disease annual caps."""

    classes: tuple[AssistanceClass, ...]
    ordinary_cap: int
    major_cap: int


class RatedTables(NamedTuple):
    """Lookup tables of the rated kinds (special outpatient T5, inpatient T6–T8, with T3) by row class:
    class 0 is special outpatient, class 1 + i inpatient level i. A claim's class is read from
    ``kind * 4 + hospital level``, already as the offset into each table."""

    row_deductible: np.ndarray  # int16 [kind * 4 + level] → class * 4
    row_rate: np.ndarray        # int16 [kind * 4 + level] → class * tiers * 2
    rate: np.ndarray            # int64 [(class * tiers + tier) * 2 + long contribution]
    deductible: np.ndarray      # int64 [class * 4 + min(admission, 3)]: the first admission's at 0 and 1


@dataclass(frozen=True)
class Params:
    """The policy's settlement values as fen and basis points."""

    policy: Policy
    tiers: tuple[Tier, ...]
    #: The policy's umbrella groups (``policy.groups.umbrellas``): a rule naming one applies to its members.
    umbrellas: tuple[Any, ...] = ()
    general_outpatient: GeneralOutpatient | None = None
    special_outpatient: tuple[int, ...] | None = None   # rate per tier
    inpatient: Inpatient | None = None
    long_contribution: LongContribution | None = None
    ethnic_medicine: EthnicMedicine | None = None
    delivery_resident: int | None = None
    delivery_border: int | None = None
    employee_outpatient: EmployeeOutpatient | None = None
    #: The policy has employee outpatient pooling but states no rate (T18): why such claims are refused.
    employee_rate_missing: str | None = None
    pooled_outpatient: PooledOutpatient | None = None
    catastrophic: Catastrophic | None = None
    assistance: Assistance | None = None
    rated: RatedTables = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rated", _rated_tables(self))

    # -- per person, from the groups: one reading for both paths

    def poor(self, groups: Iterable[Group]) -> bool:
        """T10: in a group the catastrophic poverty adjustment names (or a member of one)."""
        c = self.catastrophic
        return c is not None and bool(c.poor_groups.intersection(expand(groups, self.umbrellas)))

    def border(self, groups: Iterable[Group]) -> bool:
        """T13: border residents' deliveries are paid by the border rule, where the policy has one."""
        return Group.border_resident in set(groups) and self.delivery_border is not None

    def assistance_class(self, groups: Iterable[Group]) -> int | None:
        """T11/T13: the index of the most favourable assistance class the person is in, directly or as a
        member of an umbrella group the class names (first of the best)."""
        if self.assistance is None:
            return None
        g = set(expand(groups, self.umbrellas))
        classes = self.assistance.classes
        fits = [i for i, k in enumerate(classes) if k.groups & g]
        return max(fits, key=lambda i: classes[i].rate) if fits else None

    def tier_code(self, tier: Tier | str) -> int:
        """A tier's code: its position among the declared tiers."""
        return self.tiers.index(Tier(tier))


def _rated_tables(p: Params) -> RatedTables:
    levels = p.inpatient.levels if p.inpatient else ()
    n_class, n_tier = 1 + len(levels), len(p.tiers)
    base = np.zeros((n_class, n_tier), dtype=I64)
    first = np.zeros(n_class, dtype=I64)
    if p.special_outpatient is not None:
        base[0] = p.special_outpatient
    for i, level in enumerate(levels):
        base[1 + i] = level.rate
        first[1 + i] = level.deductible
    lc = p.long_contribution
    raised = np.minimum(BP, base + lc.bonus) if lc is not None else base
    rate = np.stack([base, raised], axis=-1).reshape(-1)
    second, third = (p.inpatient.second, p.inpatient.third_and_later) if p.inpatient else (BP, BP)
    ded = np.stack([first, first, (first * second + HALF) // BP, (first * third + HALF) // BP], axis=-1).reshape(-1)
    row_class = np.zeros(len(KINDS) * 4, dtype=np.int16)  # special outpatient (and the rest): 0
    if p.inpatient is not None:
        for hospital, i in enumerate(p.inpatient.level_index):
            row_class[K_IP * 4 + hospital] = 1 + max(i, 0)
    return RatedTables(row_class * 4, row_class * n_tier * 2, rate, ded)


# ---------------------------------------------------------------- reading the policy


_PARAMS: dict[int, tuple[Policy, Params]] = {}


def policy_params(policy: Policy) -> Params:
    """The policy's settlement values as fen and basis points (kept for the policy object)."""
    hit = _PARAMS.get(id(policy))
    if hit is not None and hit[0] is policy:
        return hit[1]
    params = _build(policy)
    if len(_PARAMS) > 64:
        _PARAMS.clear()
    _PARAMS[id(policy)] = (policy, params)
    return params


class _Reader:
    """Reads cited values as basis points and fen, naming the key path and file of a bad one."""

    def __init__(self, policy: Policy):
        self.file = policy_file(policy)  # the file in the folder in use (YIBAO_POLICIES), for an error

    def r(self, p: Any, where: str) -> int:
        return rate_bp(p.value, where, self.file)

    def m(self, p: Any, where: str) -> int:
        return money_fen(p.value, where, self.file)


def _build(policy: Policy) -> Params:
    rd = _Reader(policy)
    tiers = benefit_tiers(policy)
    kw: dict[str, Any] = {"policy": policy, "tiers": tiers, "umbrellas": tuple(policy.groups.umbrellas)}
    if policy.basic is not None:
        kw.update(_basic(policy, rd, tiers))
    if policy.catastrophic is not None:
        kw["catastrophic"] = _catastrophic(policy, rd, tiers)
    a = policy.assistance
    if a is not None:
        kw["assistance"] = Assistance(
            tuple(AssistanceClass(frozenset(k.groups), rd.r(k.rate, f"assistance.classes[{k.id}].rate"))
                  for k in a.classes),
            rd.m(a.ordinary_cap, "assistance.ordinary_cap"), rd.m(a.major_cap, "assistance.major_cap"))
    return Params(**kw)


def _basic(policy: Policy, rd: _Reader, tiers: tuple[Tier, ...]) -> dict[str, Any]:
    b = policy.basic
    assert b is not None
    out: dict[str, Any] = {}
    if b.general_outpatient:
        g, w = b.general_outpatient, "basic.general_outpatient"
        out["general_outpatient"] = GeneralOutpatient(rd.m(g.deductible, f"{w}.deductible"), rd.r(g.rate, f"{w}.rate"),
                                                      rd.m(g.annual_cap, f"{w}.annual_cap"))
    if b.special_outpatient:
        s = b.special_outpatient.rate
        out["special_outpatient"] = tuple(rd.r(s.for_tier(t), f"basic.special_outpatient.rate.{t}") for t in tiers)
    if b.inpatient:
        out["inpatient"] = _inpatient(b.inpatient, rd, tiers)
    if b.long_contribution:
        lc = b.long_contribution
        out["long_contribution"] = LongContribution(int(lc.min_years.value),
                                                    rd.r(lc.bonus, "basic.long_contribution.bonus"))
    if b.ethnic_medicine:
        e = b.ethnic_medicine
        out["ethnic_medicine"] = EthnicMedicine(rd.r(e.self_pay_reduction, "basic.ethnic_medicine.self_pay_reduction"),
                                                rd.r(e.max_rate, "basic.ethnic_medicine.max_rate"))
    if b.resident_delivery:
        out["delivery_resident"] = rd.r(b.resident_delivery.rate, "basic.resident_delivery.rate")
    if b.border_delivery:
        out["delivery_border"] = rd.r(b.border_delivery.rate, "basic.border_delivery.rate")
    if b.employee_outpatient:
        out.update(_employee_outpatient(policy, b.employee_outpatient, rd))
    if b.pooled_outpatient:
        p, w = b.pooled_outpatient, "basic.pooled_outpatient"
        out["pooled_outpatient"] = PooledOutpatient(
            ((rd.r(p.primary.jia, f"{w}.primary.jia"), rd.r(p.primary.yi, f"{w}.primary.yi")),
             (rd.r(p.county_level2.jia, f"{w}.county_level2.jia"), rd.r(p.county_level2.yi, f"{w}.county_level2.yi"))),
            rd.m(p.per_visit_cap, f"{w}.per_visit_cap"), rd.m(p.annual_cap, f"{w}.annual_cap"))
    return out


def _inpatient(ip: model.Inpatient, rd: _Reader, tiers: tuple[Tier, ...]) -> Inpatient:
    index = [-1] * 4
    for i, level in enumerate(ip.levels):
        for n in range(level.min_level, level.max_level + 1):
            if index[n] < 0:
                index[n] = i
    w = "basic.inpatient"
    return Inpatient(
        tuple(InpatientLevel(rd.m(x.deductible, f"{w}.levels[{x.id}].deductible"),
                             tuple(rd.r(x.rate.for_tier(t), f"{w}.levels[{x.id}].rate.{t}") for t in tiers))
              for x in ip.levels),
        tuple(index), rd.r(ip.readmission_deductible.second, f"{w}.readmission_deductible.second"),
        rd.r(ip.readmission_deductible.third_and_later, f"{w}.readmission_deductible.third_and_later"))


def _employee_outpatient(policy: Policy, e: model.EmployeeOutpatient, rd: _Reader) -> dict[str, Any]:
    if e.rate is None:
        return {"employee_rate_missing": (
            f"policy {policy.id} states no reimbursement rate for employee outpatient pooling "
            f"(职工医保门诊统筹): its article gives only the annual deductibles "
            f"{e.deductible_retired.value:f} (retired) and {e.deductible_working.value:f} (working) yuan and "
            f"the annual limit {e.annual_cap.value:f} yuan, so this claim cannot be settled "
            "(nothing is computed from a guessed rate)")}
    w = "basic.employee_outpatient"
    return {"employee_outpatient": EmployeeOutpatient(
        rd.m(e.deductible_retired, f"{w}.deductible_retired"), rd.m(e.deductible_working, f"{w}.deductible_working"),
        rd.m(e.annual_cap, f"{w}.annual_cap"), rd.r(e.rate, f"{w}.rate"))}


def _catastrophic(policy: Policy, rd: _Reader, tiers: tuple[Tier, ...]) -> Catastrophic:
    cat = policy.catastrophic
    assert cat is not None
    segs = cat.segments.segments
    cap = rd.m(cat.cap, "catastrophic.cap")
    pov = cat.poverty
    limit = None
    if policy.incentives is not None:  # T16: the incentives raise the cap by at most this share of it
        limit = share(cap, rd.r(policy.incentives.max_share_of_cap, "incentives.max_share_of_cap"))
    return Catastrophic(
        tuple(rd.m(cat.deductible.for_tier(t), f"catastrophic.deductible.{t}") for t in tiers),
        tuple(None if s.up_to is None else money_fen(s.up_to, f"catastrophic.segments[{i}].up_to", rd.file)
              for i, s in enumerate(segs)),
        tuple(rate_bp(s.rate, f"catastrophic.segments[{i}].rate", rd.file) for i, s in enumerate(segs)),
        cap,
        frozenset(pov.groups) if pov else frozenset(),
        rd.r(pov.deductible_factor, "catastrophic.poverty.deductible_factor") if pov else BP,
        rd.r(pov.rate_bonus, "catastrophic.poverty.rate_bonus") if pov else 0,
        limit)
