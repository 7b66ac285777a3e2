"""The settlement rules once, over integer fen, on numpy arrays: used by ``settle()`` and by the tables.

Money inside is ``int64`` fen; rates are integer basis points (1 bp = 0.01%, 90% = 9000). Paying
a rate on an amount rounds half up to the fen, as Chinese public finance does (四舍五入)::

    pay_rate(amount_fen, rate_bp) = (amount_fen × rate_bp + 5000) // 10000      (amount ≥ 0)

which is exactly ``fen(Decimal(amount) × rate)`` for a rate of at most four decimals (the policy
loader's rates are checked: :func:`rate_bp` raises :class:`PolicyDataError` otherwise).

Running annual totals (deductibles met, caps used, admissions, the catastrophic base) are *grouped
cumulative sums* over one person's claims in settlement order (date, then given order); a claim's
share is ``f(cum after) − f(cum before)``. :func:`settle_arrays` runs the three layers for many
people at once; :func:`yibao.settlement.settle` calls it with one person and builds its explanation
from the same numbers (``detail=True``), :mod:`yibao.frame` calls it with millions.

Everything here takes numpy arrays (a scalar is a 0-d or 1-element array) and needs numpy only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from .errors import PolicyDataError
from .groups import Group, expand
from .policy.loader import policy_file
from .policy.model import Policy

BP = 10_000
HALF = 5_000
I64 = np.int64
#: Day numbers standing for "no date" (before and after every real day).
NO_START = np.iinfo(np.int64).min // 2
NO_END = np.iinfo(np.int64).max // 2

#: Claim kinds, in code order (``kind`` arrays hold the index).
KIND_CODES = ("inpatient", "special_outpatient", "general_outpatient", "pooled_outpatient", "delivery",
              "employee_outpatient")
K_IP, K_SO, K_GO, K_PO, K_DEL, K_EO = range(6)
#: F9 reasons, then the two refusals of the person's cover (``reason`` arrays hold the index; −1 paid).
REASON_CODES = ("work_injury", "third_party", "outside_catalogue", "public_health", "abroad", "non_designated",
                "waiting_period", "outside_cover")
R_NON_DESIGNATED, R_WAITING, R_OUTSIDE_COVER = 5, 6, 7
FACILITY_CODES = ("primary", "county_level2")
DRUG_CODES = ("jia", "yi")
#: Kinds whose self-paid policy-range cost counts toward the catastrophic base (assumption ``catastrophic_base``).
CATASTROPHIC_KIND_CODES = (K_IP, K_SO)
#: Kinds medical assistance covers (assumption ``assistance_base``): resident insurance only.
ASSISTANCE_KIND_CODES = (K_IP, K_SO, K_GO, K_PO, K_DEL)


# ---------------------------------------------------------------- numbers from the policy


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


def yuan(fen_: int | np.integer) -> Decimal:
    """Fen as ``Decimal`` yuan with two decimals (``816000`` → ``Decimal('8160.00')``)."""
    return Decimal(int(fen_)).scaleb(-2)


def to_fen(amount: Decimal) -> int:
    """``Decimal`` yuan with at most two decimals (checked by the caller) as fen."""
    return int(amount.scaleb(2))


# ---------------------------------------------------------------- the arithmetic kernels


def pay_rate(amount: Any, rate: Any) -> Any:
    """``amount`` fen (≥ 0) × ``rate`` bp, rounded half up to the fen."""
    return (amount * rate + HALF) // BP


def pay_rate_wide(amount: Any, rate: Any) -> Any:
    """:func:`pay_rate` for amounts up to 2⁶³ fen (running totals of a year): split at 10000 so that
    no product overflows int64; the same result wherever :func:`pay_rate` does not overflow."""
    q, r = np.divmod(amount, BP)
    return q * rate + (r * rate + HALF) // BP


def deductible_part(before: Any, after: Any, deductible: Any) -> Any:
    """The part of a claim that goes to an annual deductible: ``min(after, d) − min(before, d)``."""
    return np.minimum(after, deductible) - np.minimum(before, deductible)


def capped(before: Any, after: Any, cap: Any) -> Any:
    """The part of a claim's amount that fits under an annual cap: ``min(after, cap) − min(before, cap)``."""
    return np.minimum(after, cap) - np.minimum(before, cap)


def rated(cost: Any, ethnic: Any, deductible: Any, rate: Any, erate: Any) -> tuple[Any, Any, Any, Any]:
    """Pay ``rate`` on the cost above ``deductible``; the ethnic-medicine part (T19) at ``erate``.

    The deductible is taken from the other costs first. Returns ``(pay_other, pay_ethnic,
    deductible_other, deductible_ethnic)``.
    """
    ordinary = cost - ethnic
    ded_o = np.minimum(ordinary, deductible)
    ded_e = np.minimum(ethnic, np.maximum(deductible - ded_o, 0))
    return pay_rate(ordinary - ded_o, rate), pay_rate(ethnic - ded_e, erate), ded_o, ded_e


def ethnic_rate(rate: Any, reduction: int, max_rate: int) -> Any:
    """T19: the ethnic 乙类 medicine rate: ``rate`` + ``reduction``, at most ``max_rate``, never below ``rate``."""
    return np.maximum(rate, np.minimum(rate + reduction, max_rate))


def readmission_deductible(base: Any, n: Any, second: int, third: int) -> Any:
    """T8: the deductible of the ``n``-th admission of the year: the first in full, then 70%, 50% (rounded)."""
    return np.where(n <= 1, base, np.where(n == 2, pay_rate(base, second), pay_rate(base, third)))


def segments_total(x: Any, deductible: Any, up_to: Sequence[int | None], rates: Sequence[int], bonus: Any,
                   cap: Any) -> Any:
    """T9/T10 before the cap and the rounding, in fen × bp: the segments ``(lo, up_to]`` above the
    deductible of a cumulative self-paid base ``x``, each at ``rate + bonus`` (at most 100%)."""
    x = np.asarray(x, dtype=I64)
    if np.size(cap):
        # Beyond the last bound plus cap × 10000 fen every rate of 1 bp or more has reached the cap:
        # clamp there, so that x × rate cannot overflow int64 whatever the input.
        last = max([u for u in up_to if u is not None] + [0])
        x = np.minimum(x, last + int(np.max(cap)) * BP + 1)
    total = np.zeros(np.shape(x), dtype=I64)
    lo = 0
    for hi, r in zip(up_to, rates):
        a = np.maximum(lo, deductible)
        b = x if hi is None else np.minimum(x, hi)
        total += np.maximum(b - a, 0) * np.minimum(BP, r + bonus)
        if hi is None:
            break
        lo = hi
    return total


def catastrophic_paid(x: Any, deductible: Any, up_to: Sequence[int | None], rates: Sequence[int], bonus: Any,
                      cap: Any) -> Any:
    """T9/T10: what catastrophic insurance has paid, in fen, on a cumulative self-paid base ``x``:
    :func:`segments_total`, at most ``cap``, rounded half up once. A claim's payment is
    ``catastrophic_paid(after) − catastrophic_paid(before)``."""
    total = np.minimum(segments_total(x, deductible, up_to, rates, bonus, cap), np.asarray(cap, dtype=I64) * BP)
    return (total + HALF) // BP


def catastrophic_at_cap(x: Any, deductible: Any, up_to: Sequence[int | None], rates: Sequence[int], bonus: Any,
                        cap: Any) -> Any:
    """Whether the segments on ``x`` reach the cap."""
    return segments_total(x, deductible, up_to, rates, bonus, cap) >= np.asarray(cap, dtype=I64) * BP


def per_visit_capped(person: np.ndarray, day: np.ndarray, visit: np.ndarray, raw: np.ndarray,
                     cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Y6 "每人每日每次": the rows of one visit (same person, day and ``visit`` code ≥ 0) share ``cap``
    in row order; a row without a visit (−1) is a visit of its own. Returns per row what it pays
    after the cap, and what its visit's earlier rows paid before it (assumption ``yuncheng_visit_cap``)."""
    n = len(raw)
    if n == 0:
        return raw.copy(), raw.copy()
    own = np.arange(n, dtype=I64)
    big = int(np.max(visit, initial=0)) + 1
    key = np.where(visit >= 0, visit, big + own)
    order = np.lexsort((own, key, day, person))
    p_, d_, k_ = person[order], day[order], key[order]
    new = np.r_[True, (p_[1:] != p_[:-1]) | (d_[1:] != d_[:-1]) | (k_[1:] != k_[:-1])]
    runs = Runs.of(np.cumsum(new, dtype=I64))
    before, after = runs.cumsum(raw[order])
    pay_sorted = capped(before, after, cap)
    paid_before_sorted = np.minimum(before, cap)
    pay = np.empty(n, dtype=I64)
    paid_before = np.empty(n, dtype=I64)
    pay[order] = pay_sorted
    paid_before[order] = paid_before_sorted
    return pay, paid_before


# ---------------------------------------------------------------- grouped running totals


@dataclass(frozen=True)
class Runs:
    """Rows sorted by person: where each person's rows start, for grouped cumulative sums."""

    #: Per row: the row where its person's rows start.
    row_start: np.ndarray
    #: Per group (person with at least one row): its first row and the person's index.
    starts: np.ndarray
    person: np.ndarray

    @classmethod
    def of(cls, person: np.ndarray) -> "Runs":
        n = len(person)
        if n == 0:
            e = np.zeros(0, dtype=I64)
            return cls(e, e, e)
        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(person[1:], person[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        lengths = np.diff(np.append(starts, n))
        return cls(np.repeat(starts, lengths), starts, person[starts])

    def cumsum(self, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row: (running total before the row, after the row) within its person."""
        cs = np.cumsum(v, dtype=I64)
        base = (cs - v)[self.row_start]
        after = cs - base
        return after - v, after

    def cummax0(self, v: np.ndarray, bound: int) -> np.ndarray:
        """Per row: ``max(0, v over the person's rows so far)``, for ``0 ≤ v ≤ bound``."""
        if len(v) == 0:
            return v
        gid = np.cumsum(np.r_[False, self.row_start[1:] != self.row_start[:-1]], dtype=I64)
        shifted = v + gid * (bound + 1)
        return np.maximum.accumulate(shifted) - gid * (bound + 1)

    def total(self, v: np.ndarray, n_people: int, how: str = "sum") -> np.ndarray:
        """Per person (all ``n_people``, 0 for people without rows): the sum (or max) of ``v``."""
        out = np.zeros(n_people, dtype=v.dtype if v.dtype != bool else I64)
        if len(self.starts):
            red = np.add.reduceat(v, self.starts) if how == "sum" else np.maximum.reduceat(v, self.starts)
            out[self.person] = red
        return out


# ---------------------------------------------------------------- the policy as integers


@dataclass(frozen=True)
class Segments:
    up_to: tuple[int | None, ...]
    rates: tuple[int, ...]


@dataclass
class Params:
    """The policy's settlement values as fen and basis points, checked once."""

    policy: Policy
    tiers: tuple[str, ...]
    go: tuple[int, int, int] | None = None                 # deductible, rate, cap
    so: tuple[int, int] | None = None                      # rate high, low
    ip_level: np.ndarray | None = None                     # hospital level 0..3 → level index, −1 none
    ip_ded: np.ndarray | None = None                       # per level index
    ip_rate: np.ndarray | None = None                      # [level index, tier]
    readmission: tuple[int, int] = (BP, BP)
    lc: tuple[int, int] | None = None                      # min years, bonus
    eth: tuple[int, int] | None = None                     # reduction, max rate
    delivery_resident: int | None = None
    delivery_border: int | None = None
    eo: tuple[int, int, int, int] | None = None            # ded retired, ded working, cap, rate
    #: The policy has employee outpatient pooling but states no rate (T18): such claims are refused.
    eo_rate_missing: str | None = None
    po_rate: np.ndarray | None = None                      # [facility, drug]
    po_caps: tuple[int, int] = (0, 0)                      # per visit, annual
    cat_ded: tuple[int, int] = (0, 0)                      # high, low
    cat_segments: Segments | None = None
    cat_cap: int = 0
    cat_poor_groups: frozenset[Group] = frozenset()
    cat_poor_factor: int = BP
    cat_poor_bonus: int = 0
    assist_classes: tuple[tuple[frozenset[Group], int], ...] = ()
    assist_caps: tuple[int, int] = (0, 0)                  # ordinary, major
    incentive_limit: int | None = None
    #: The policy's umbrella groups (``policy.groups.umbrellas``): a rule naming one applies to its members.
    umbrellas: tuple[Any, ...] = ()

    @property
    def has_catastrophic(self) -> bool:
        return self.cat_segments is not None

    @property
    def has_assistance(self) -> bool:
        return self.policy.assistance is not None

    # -- per person, from the groups: one reading for both paths

    def poor(self, groups: Iterable[Group]) -> bool:
        """T10: in a group the catastrophic poverty adjustment names (or a member of one)."""
        return self.has_catastrophic and bool(self.cat_poor_groups.intersection(expand(groups, self.umbrellas)))

    def border(self, groups: Iterable[Group]) -> bool:
        """T13: border residents' deliveries are paid by the border rule, where the policy has one."""
        return Group.border_resident in set(groups) and self.delivery_border is not None

    def assistance_class(self, groups: Iterable[Group]) -> int | None:
        """T11/T13: the index of the most favourable assistance class the person is in, directly or as a
        member of an umbrella group the class names (first of the best)."""
        g = set(expand(groups, self.umbrellas))
        fits = [i for i, (gs, _) in enumerate(self.assist_classes) if gs & g]
        if not fits or not self.has_assistance:
            return None
        return max(fits, key=lambda i: self.assist_classes[i][1])


def tier_code(tier: str) -> int:
    """0 for high (or the single standard), 1 for low."""
    return 1 if tier == "low" else 0


_PARAMS: dict[int, tuple[Policy, Params]] = {}


def policy_params(policy: Policy) -> Params:
    """The policy's settlement values as fen and basis points (kept for the policy object)."""
    hit = _PARAMS.get(id(policy))
    if hit is not None and hit[0] is policy:
        return hit[1]
    params = _build_params(policy)
    if len(_PARAMS) > 64:
        _PARAMS.clear()
    _PARAMS[id(policy)] = (policy, params)
    return params


def _build_params(policy: Policy) -> Params:
    f = policy_file(policy)  # the file in the folder in use (YIBAO_POLICIES), for an error

    def r(p: Any, where: str) -> int:
        return rate_bp(p.value, where, f)

    def m(p: Any, where: str) -> int:
        return money_fen(p.value, where, f)

    b = policy.basic
    tiered = policy.catastrophic is not None or (b is not None and (b.inpatient or b.special_outpatient))
    out = Params(policy=policy, tiers=("high", "low") if tiered else ("standard",),
                 umbrellas=tuple(policy.groups.umbrellas))
    if b is not None:
        if b.general_outpatient:
            g = b.general_outpatient
            out.go = (m(g.deductible, "basic.general_outpatient.deductible"), r(g.rate, "basic.general_outpatient.rate"),
                      m(g.annual_cap, "basic.general_outpatient.annual_cap"))
        if b.special_outpatient:
            s = b.special_outpatient.rate
            out.so = (r(s.high, "basic.special_outpatient.rate.high"), r(s.low, "basic.special_outpatient.rate.low"))
        if b.inpatient:
            ip = b.inpatient
            lv = np.full(4, -1, dtype=I64)
            for i, level in enumerate(ip.levels):
                for n in range(level.min_level, level.max_level + 1):
                    if lv[n] < 0:
                        lv[n] = i
            out.ip_level = lv
            out.ip_ded = np.array([m(x.deductible, f"basic.inpatient.levels[{x.id}].deductible") for x in ip.levels],
                                  dtype=I64)
            out.ip_rate = np.array([[r(x.rate.high, f"basic.inpatient.levels[{x.id}].rate.high"),
                                     r(x.rate.low, f"basic.inpatient.levels[{x.id}].rate.low")] for x in ip.levels],
                                   dtype=I64)
            out.readmission = (r(ip.readmission_deductible.second, "basic.inpatient.readmission_deductible.second"),
                               r(ip.readmission_deductible.third_and_later,
                                 "basic.inpatient.readmission_deductible.third_and_later"))
        if b.long_contribution:
            out.lc = (int(b.long_contribution.min_years.value), r(b.long_contribution.bonus, "basic.long_contribution.bonus"))
        if b.ethnic_medicine:
            out.eth = (r(b.ethnic_medicine.self_pay_reduction, "basic.ethnic_medicine.self_pay_reduction"),
                       r(b.ethnic_medicine.max_rate, "basic.ethnic_medicine.max_rate"))
        if b.resident_delivery:
            out.delivery_resident = r(b.resident_delivery.rate, "basic.resident_delivery.rate")
        if b.border_delivery:
            out.delivery_border = r(b.border_delivery.rate, "basic.border_delivery.rate")
        if b.employee_outpatient:
            e = b.employee_outpatient
            if e.rate is None:
                out.eo_rate_missing = (
                    f"policy {policy.id} states no reimbursement rate for employee outpatient pooling "
                    f"(职工医保门诊统筹): its article gives only the annual deductibles "
                    f"{e.deductible_retired.value:f} (retired) and {e.deductible_working.value:f} (working) yuan and "
                    f"the annual limit {e.annual_cap.value:f} yuan, so this claim cannot be settled "
                    "(nothing is computed from a guessed rate)")
            else:
                out.eo = (m(e.deductible_retired, "basic.employee_outpatient.deductible_retired"),
                          m(e.deductible_working, "basic.employee_outpatient.deductible_working"),
                          m(e.annual_cap, "basic.employee_outpatient.annual_cap"),
                          r(e.rate, "basic.employee_outpatient.rate"))
        if b.pooled_outpatient:
            p = b.pooled_outpatient
            out.po_rate = np.array([[r(p.primary.jia, "basic.pooled_outpatient.primary.jia"),
                                     r(p.primary.yi, "basic.pooled_outpatient.primary.yi")],
                                    [r(p.county_level2.jia, "basic.pooled_outpatient.county_level2.jia"),
                                     r(p.county_level2.yi, "basic.pooled_outpatient.county_level2.yi")]], dtype=I64)
            out.po_caps = (m(p.per_visit_cap, "basic.pooled_outpatient.per_visit_cap"),
                           m(p.annual_cap, "basic.pooled_outpatient.annual_cap"))
    cat = policy.catastrophic
    if cat is not None:
        out.cat_ded = (m(cat.deductible.high, "catastrophic.deductible.high"),
                       m(cat.deductible.low, "catastrophic.deductible.low"))
        segs = cat.segments.segments
        out.cat_segments = Segments(
            tuple(None if s.up_to is None else money_fen(s.up_to, f"catastrophic.segments[{i}].up_to", f)
                  for i, s in enumerate(segs)),
            tuple(rate_bp(s.rate, f"catastrophic.segments[{i}].rate", f) for i, s in enumerate(segs)))
        out.cat_cap = m(cat.cap, "catastrophic.cap")
        if cat.poverty is not None:
            out.cat_poor_groups = frozenset(cat.poverty.groups)
            out.cat_poor_factor = r(cat.poverty.deductible_factor, "catastrophic.poverty.deductible_factor")
            out.cat_poor_bonus = r(cat.poverty.rate_bonus, "catastrophic.poverty.rate_bonus")
        if policy.incentives is not None:
            # T16: the incentives raise the cap by at most this share of it
            out.incentive_limit = int(pay_rate(out.cat_cap, r(policy.incentives.max_share_of_cap,
                                                              "incentives.max_share_of_cap")))
    a = policy.assistance
    if a is not None:
        out.assist_classes = tuple((frozenset(k.groups), r(k.rate, f"assistance.classes[{k.id}].rate"))
                                   for k in a.classes)
        out.assist_caps = (m(a.ordinary_cap, "assistance.ordinary_cap"), m(a.major_cap, "assistance.major_cap"))
    return out


# ---------------------------------------------------------------- eligibility and claim checks


def refusal(excluded: np.ndarray, designated: np.ndarray, emergency: np.ndarray, day: np.ndarray,
            waiting_until: np.ndarray, cover_start: np.ndarray, cover_end: np.ndarray,
            retro_paid_on: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F9, T17, Y3: per claim, the index in :data:`REASON_CODES` of why the fund pays nothing (−1: it
    pays), and whether the claim is reimbursed retroactively (Y3).

    ``excluded`` is −1 or an F9 index; the person's dates are day numbers per claim, with
    :data:`NO_START` / :data:`NO_END` for none.
    """
    reason = excluded.astype(np.int8, copy=True)
    free = reason < 0
    reason[free & ~designated & ~emergency] = R_NON_DESIGNATED
    free = reason < 0
    reason[free & (day < waiting_until)] = R_WAITING
    free = reason < 0
    retro = day < retro_paid_on
    outside = ((day < cover_start) & ~retro) | (day > cover_end)
    reason[free & outside] = R_OUTSIDE_COVER
    return reason, retro & (reason < 0)  # type: ignore[operator]


@dataclass(frozen=True)
class Problem:
    """Rows that break a rule about claims: the column, which rows (positions), why, what is allowed."""

    column: str
    rows: np.ndarray
    problem: Callable[[int], str]
    allowed: Callable[[int], str] | str | None = None
    rules: tuple[str, ...] = ()
    #: "input" (the claim itself is wrong) or "uncovered" (the policy states no rule for it).
    what: str = "input"


def fmt_fen(v: int | np.integer) -> str:
    return f"{yuan(v):.2f}"


def claim_problems(kind: np.ndarray, level: np.ndarray, admission: np.ndarray, facility: np.ndarray,
                   drug: np.ndarray, cost: np.ndarray, ethnic: np.ndarray) -> list[Problem]:
    """The checks across a claim's fields, in the order they are reported (level 0, admission 0,
    facility/drug −1 mean none)."""
    out: list[Problem] = []

    def add(column: str, mask: np.ndarray, problem: Callable[[int], str], allowed: Any) -> None:
        rows = np.flatnonzero(mask)
        if len(rows):
            out.append(Problem(column, rows, problem, allowed))

    add("level", (kind == K_IP) & (level == 0),
        lambda i: "missing: an inpatient claim needs the hospital level", "1, 2, 3")
    add("admission", (admission > 0) & (kind != K_IP),
        lambda i: f"only inpatient claims have an admission number, this is {KIND_CODES[kind[i]]}", "empty")
    add("facility", (kind == K_PO) & (facility < 0),
        lambda i: "missing: a pooled outpatient claim needs the facility", ", ".join(FACILITY_CODES))
    add("drug_class", (kind == K_PO) & (drug < 0),
        lambda i: "missing: a pooled outpatient claim needs the drug class", ", ".join(DRUG_CODES))
    add("ethnic_share", ethnic > cost,
        lambda i: f"{fmt_fen(ethnic[i])} is more than the policy-range cost {fmt_fen(cost[i])}",
        lambda i: f"0 to {fmt_fen(cost[i])}")
    add("ethnic_share", (ethnic > 0) & (kind != K_IP) & (kind != K_SO),
        lambda i: f"ethnic medicines (T19) are settled only for inpatient and special outpatient claims, "
                  f"this is {KIND_CODES[kind[i]]}", "0")
    return out


def _uncovered(params: Params, kind: np.ndarray, level: np.ndarray, ethnic: np.ndarray, border_row: np.ndarray,
               paid: np.ndarray) -> list[Problem]:
    """Paid claims the policy states no rule for (:class:`~yibao.errors.NotCovered`)."""
    pid = params.policy.id
    out: list[Problem] = []
    names = {K_IP: "inpatient", K_SO: "special_outpatient", K_GO: "general_outpatient",
             K_PO: "pooled_outpatient", K_EO: "employee_outpatient"}
    present = {K_IP: params.ip_level is not None, K_SO: params.so is not None, K_GO: params.go is not None,
               K_PO: params.po_rate is not None, K_EO: params.eo is not None}
    from .settlement import KINDS  # the Chinese names

    if params.eo_rate_missing is not None:
        rows = np.flatnonzero(paid & (kind == K_EO))
        if len(rows):
            out.append(Problem("kind", rows, lambda i: params.eo_rate_missing, rules=("T18",), what="uncovered"))
        present[K_EO] = True
    for k, ok in present.items():
        if not ok:
            rows = np.flatnonzero(paid & (kind == k))
            if len(rows):
                out.append(Problem("kind", rows, lambda i, k=k: f"policy {pid} states no rule for {names[k]} "
                                   f"({KINDS[names[k]]})", what="uncovered"))
    dl = paid & (kind == K_DEL)
    if params.delivery_resident is None and params.delivery_border is None:
        rows = np.flatnonzero(dl)
        if len(rows):
            out.append(Problem("kind", rows, lambda i: f"policy {pid} states no rule for delivery (住院分娩)",
                               what="uncovered"))
    elif params.delivery_resident is None:
        rows = np.flatnonzero(dl & ~border_row)
        if len(rows):
            out.append(Problem("kind", rows, lambda i: f"policy {pid} has no rule for delivery costs",
                               rules=("T23",), what="uncovered"))
    if params.ip_level is not None:
        rows = np.flatnonzero(paid & (kind == K_IP) & (params.ip_level[np.clip(level, 0, 3)] < 0))
        if len(rows):
            out.append(Problem("level", rows, lambda i: f"policy {pid} has no inpatient rule for level {level[i]}",
                               rules=("T6", "T7"), what="uncovered"))
    if params.eth is None:
        rows = np.flatnonzero(paid & (ethnic > 0) & ((kind == K_IP) | (kind == K_SO)))
        if len(rows):
            out.append(Problem("ethnic_share", rows, lambda i: f"policy {pid} has no rule for ethnic medicines",
                               rules=("T19",), what="uncovered"))
    return out


class RowsError(Exception):
    """Raised by :func:`settle_arrays` with the problems found; the caller names the rows its own way."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.column}: {p.problem(int(p.rows[0]))}" for p in problems))

    def first(self) -> Problem:
        """The problem met first in settlement order (the smallest row)."""
        return min(self.problems, key=lambda p: int(p.rows[0]))


# ---------------------------------------------------------------- the three layers


def sort_order(person: np.ndarray, day: np.ndarray) -> np.ndarray | None:
    """The settlement order (person, date, given order), or None if the rows are in it already."""
    n = len(person)
    if n == 0:
        return None
    p = np.asarray(person, dtype=I64)
    d = np.asarray(day, dtype=I64)
    d0 = d.min()
    span = int(d.max() - d0) + 1
    key = p * span + (d - d0)
    if n < 2 or bool(np.all(key[1:] >= key[:-1])):
        return None
    return np.argsort(key, kind="stable")


#: Per-person inputs of :func:`settle_arrays` (arrays of one length, the number of people).
PERSON_FIELDS = ("tier", "poor", "border", "assist_bp", "years", "incentive", "retired",
                 "waiting_until", "cover_start", "cover_end", "retro_paid_on", "major")
#: Per-claim inputs (arrays of one length, the number of claims), sorted by :func:`sort_order`.
CLAIM_FIELDS = ("person", "day", "kind", "level", "admission", "facility", "drug", "cost", "outside", "ethnic",
                "excluded", "designated", "emergency", "visit")


def settle_arrays(params: Params, people: dict[str, np.ndarray], claims: dict[str, np.ndarray],
                  detail: bool = False, layers: int = 3) -> dict[str, np.ndarray]:
    """Basic insurance, catastrophic insurance and medical assistance for every claim.

    ``claims`` must be in settlement order (person, date, given order) and ``claims["person"]``
    indexes ``people``. Returns per claim ``basic``, ``catastrophic``, ``assistance`` (fen) and
    ``reason`` (index in :data:`REASON_CODES`, −1 paid), and per person the year's running totals
    (``year_*``). With ``detail`` also the intermediate numbers an explanation shows. ``layers``
    1 or 2 stops after basic insurance or catastrophic insurance (the later layers pay 0).
    Raises :class:`RowsError` for claims the policy states no rule for.

    Each rule works on the rows it applies to (a subset, still in settlement order), so its
    running totals are cumulative sums within each person over those rows only.
    """
    P = params
    n_people = len(people["tier"])
    pi = claims["person"]
    kind = claims["kind"]
    cost = claims["cost"]
    ethnic = claims["ethnic"]
    n = len(kind)
    zeros = np.zeros(n, dtype=I64)

    def at(name: str, idx: np.ndarray) -> np.ndarray:
        """A per-person input for the claims ``idx``."""
        return people[name][pi[idx]]

    def full(idx: np.ndarray, v: Any, fill: int = 0) -> np.ndarray:
        """A per-claim array with ``v`` on the rows ``idx`` (for the detail of an explanation)."""
        out_ = np.full(n, fill, dtype=np.asarray(v).dtype if np.ndim(v) else I64)
        out_[idx] = v
        return out_

    def dates(name: str, none: int) -> Any:
        v = people[name]
        return v[pi] if bool((v != none).any()) else none  # nobody has one: a scalar does

    reason, retro = refusal(claims["excluded"], claims["designated"], claims["emergency"], claims["day"],
                            dates("waiting_until", NO_START), dates("cover_start", NO_START),
                            dates("cover_end", NO_END), dates("retro_paid_on", NO_START))
    paid = reason < 0
    kind_paid = np.where(paid, kind, -1)
    border_row = people["border"][pi]
    problems = _uncovered(P, kind, claims["level"], ethnic, border_row, paid)
    if problems:
        raise RowsError(problems)
    out: dict[str, np.ndarray] = {"reason": reason}
    out.update(empty_year(n_people))
    d: dict[str, np.ndarray] = {"retro": retro}
    basic = zeros.copy()

    # -- rated kinds (special outpatient T5, inpatient T6–T8), with T3 and T19
    r_idx = np.flatnonzero((kind_paid == K_IP) | (kind_paid == K_SO))
    if len(r_idx):
        rk, rcost, reth = kind[r_idx], cost[r_idx], ethnic[r_idx]
        rtier = at("tier", r_idx)
        base_rate = np.zeros(len(r_idx), dtype=I64)
        ded = np.zeros(len(r_idx), dtype=I64)
        if P.so is not None:
            so = rk == K_SO
            base_rate[so] = np.where(rtier[so] == 1, P.so[1], P.so[0])
        if P.ip_level is not None:
            ip = rk == K_IP
            i_idx = r_idx[ip]
            runs = Runs.of(pi[i_idx])
            li = P.ip_level[claims["level"][i_idx]]
            base_rate[ip] = P.ip_rate[li, rtier[ip]]
            # T8: every admission the fund settles counts, a 0-yuan bill too (assumption
            # admission_counted); a given admission number moves the count on
            k_after = np.arange(1, len(i_idx) + 1) - runs.row_start
            given = claims["admission"][i_idx]
            w = np.maximum(given - k_after, 0)
            if w.any():
                t_incl = runs.cummax0(w, int(w.max()))
                t_excl = np.r_[0, t_incl[:-1]]
                t_excl[runs.row_start == np.arange(len(i_idx))] = 0
                out["year_admissions"] = runs.total(np.ones(len(i_idx), dtype=I64), n_people) + runs.total(
                    t_incl, n_people, "max")
            else:
                t_excl = 0
                out["year_admissions"] = runs.total(np.ones(len(i_idx), dtype=I64), n_people)
            adm = np.where(given > 0, given, k_after + t_excl)
            ip_ded = readmission_deductible(P.ip_ded[li], adm, *P.readmission)
            ded[ip] = np.minimum(rcost[ip], ip_ded)
            if detail:
                d.update(adm=full(i_idx, adm), ip_ded=full(i_idx, ip_ded), level_index=full(i_idx, li))
        rate = base_rate
        lc_on = np.zeros(len(r_idx), dtype=bool)
        if P.lc is not None:
            lc_on = at("years", r_idx) >= P.lc[0]
            rate = np.where(lc_on, np.minimum(BP, base_rate + P.lc[1]), base_rate)
        if P.eth is not None and reth.any():
            erate = ethnic_rate(rate, *P.eth)
            pay_o, pay_e, ded_o, ded_e = rated(rcost, reth, ded, rate, erate)
            basic[r_idx] = pay_o + pay_e
        else:
            erate, pay_e, ded_e = rate, 0, 0
            ded_o = ded
            pay_o = pay_rate(rcost - ded, rate)
            basic[r_idx] = pay_o
        if detail:
            d.update(base_rate=full(r_idx, base_rate), rate=full(r_idx, rate), erate=full(r_idx, erate),
                     lc_on=full(r_idx, lc_on), pay_o=full(r_idx, pay_o), pay_e=full(r_idx, pay_e),
                     ded=full(r_idx, ded), ded_o=full(r_idx, ded_o), ded_e=full(r_idx, ded_e))

    # -- annual deductible, rate, annual cap: general outpatient T4, employee outpatient T18
    def annual(idx: np.ndarray, deductible: Any, rate: int, cap: int, prefix: str) -> None:
        runs = Runs.of(pi[idx])
        c = cost[idx]
        before, after = runs.cumsum(c)
        dd = deductible_part(before, after, deductible)
        raw = pay_rate(c - dd, rate)
        rb, ra = runs.cumsum(raw)
        pay = capped(rb, ra, cap)
        basic[idx] = pay
        out[f"year_{prefix}_deductible_met"] = runs.total(dd, n_people)
        out[f"year_{prefix}_paid"] = runs.total(pay, n_people)
        if detail:
            d.update({f"{prefix}_ded": full(idx, dd), f"{prefix}_met_after": full(idx, np.minimum(after, deductible)),
                      f"{prefix}_raw": full(idx, raw), f"{prefix}_room": full(idx, cap - np.minimum(rb, cap))})

    g_idx = np.flatnonzero(kind_paid == K_GO)
    if P.go is not None and len(g_idx):
        annual(g_idx, P.go[0], P.go[1], P.go[2], "go")
    e_idx = np.flatnonzero(kind_paid == K_EO)
    if P.eo is not None and len(e_idx):
        annual(e_idx, np.where(at("retired", e_idx), P.eo[0], P.eo[1]), P.eo[3], P.eo[2], "eo")

    # -- Y6 pooled outpatient: no deductible, rate by facility and drug class, per-visit and annual caps
    p_idx = np.flatnonzero(kind_paid == K_PO)
    if P.po_rate is not None and len(p_idx):
        runs = Runs.of(pi[p_idx])
        r_ = P.po_rate[claims["facility"][p_idx], claims["drug"][p_idx]]
        raw = pay_rate(cost[p_idx], r_)
        visit, visit_before = per_visit_capped(pi[p_idx], claims["day"][p_idx], claims["visit"][p_idx], raw,
                                               P.po_caps[0])
        rb, ra = runs.cumsum(visit)
        pay = capped(rb, ra, P.po_caps[1])
        basic[p_idx] = pay
        out["year_po_paid"] = runs.total(pay, n_people)
        if detail:
            d.update(po_raw=full(p_idx, raw), po_visit=full(p_idx, visit), po_visit_before=full(p_idx, visit_before),
                     po_room=full(p_idx, P.po_caps[1] - np.minimum(rb, P.po_caps[1])))

    # -- T23 / T13 deliveries
    d_idx = np.flatnonzero(kind_paid == K_DEL)
    if len(d_idx):
        rate_d = np.where(border_row[d_idx], P.delivery_border if P.delivery_border is not None else 0,
                          P.delivery_resident if P.delivery_resident is not None else 0)
        basic[d_idx] = pay_rate(cost[d_idx], rate_d)
    out["basic"] = basic

    # -- catastrophic insurance T9/T10 (+ incentives T14–T16 in the cap), on the rated rows' self-paid cost
    cat_pay = zeros
    if P.has_catastrophic:
        poor = people["poor"]
        pded = np.where(people["tier"] == 1, P.cat_ded[1], P.cat_ded[0])
        pded = np.where(poor, pay_rate(pded, P.cat_poor_factor), pded)
        pbonus = np.where(poor, P.cat_poor_bonus, 0)
        pcap = P.cat_cap + people["incentive"]
        out["year_cat_cap"] = pcap
        if detail:
            out.update(p_cat_ded=pded, p_cat_bonus=pbonus, p_cat_cap=pcap)
    if P.has_catastrophic and layers >= 2 and len(r_idx):
        runs = Runs.of(pi[r_idx])
        self_paid = cost[r_idx] - basic[r_idx]
        before, after = runs.cumsum(self_paid)
        cp = pi[r_idx]
        cded, cbonus, ccap = pded[cp], pbonus[cp], pcap[cp]
        seg = P.cat_segments
        f_before = catastrophic_paid(before, cded, seg.up_to, seg.rates, cbonus, ccap)
        pay = catastrophic_paid(after, cded, seg.up_to, seg.rates, cbonus, ccap) - f_before
        cat_pay = zeros.copy()
        cat_pay[r_idx] = pay
        out["year_cat_base"] = runs.total(self_paid, n_people)
        out["year_cat_paid"] = runs.total(pay, n_people)
        if detail:
            d.update(cat_before=full(r_idx, before), cat_after=full(r_idx, after), self_paid=full(r_idx, self_paid),
                     cat_at_cap=full(r_idx, catastrophic_at_cap(after, cded, seg.up_to, seg.rates, cbonus, ccap)),
                     cat_paid_before=full(r_idx, f_before))
    out["catastrophic"] = cat_pay

    # -- medical assistance T11/T13: one running total per person's year, capped at the person's cap
    #    (assumption assistance_cap_per_person: the major-disease cap for a 重特大疾病 patient, else the
    #    ordinary one). The year's assistance is min(rate × L, cap) of the year's total left L, which
    #    grows by at most the cost added: so no bill, and no yuan more of one, makes the layers pay more
    #    than it costs (tests/test_invariants.py).
    as_pay = zeros
    if P.has_assistance and layers >= 3:
        covered = np.zeros(len(KIND_CODES) + 1, dtype=bool)
        covered[list(ASSISTANCE_KIND_CODES)] = True
        a_idx = np.flatnonzero(covered[kind_paid] & (people["assist_bp"][pi] >= 0))
        major = people["major"].astype(bool)
        if len(a_idx):
            left = np.maximum(cost[a_idx] - basic[a_idx] - cat_pay[a_idx], 0)
            rate = at("assist_bp", a_idx)
            cap = np.where(at("major", a_idx), P.assist_caps[1], P.assist_caps[0])
            runs = Runs.of(pi[a_idx])
            # Rounded on the running total (like the catastrophic layer), so that a fen more of
            # cost never leaves the person a fen less to pay.
            lb, la = runs.cumsum(left)
            rb, ra = pay_rate_wide(lb, rate), pay_rate_wide(la, rate)
            pay = capped(rb, ra, cap)
            total = runs.total(pay, n_people)
            out["year_as_ordinary"] = np.where(major, 0, total)
            out["year_as_major"] = np.where(major, total, 0)
            as_pay = zeros.copy()
            as_pay[a_idx] = pay
            if detail:
                d.update(as_left=full(a_idx, left), as_raw=full(a_idx, ra - rb),
                         as_room=full(a_idx, cap - np.minimum(rb, cap)))
    out["assistance"] = as_pay
    if detail:
        out.update(d)
    return out


def empty_year(n_people: int) -> dict[str, np.ndarray]:
    """Year totals that :func:`settle_arrays` leaves out when the policy has no such layer: zeros."""
    z = np.zeros(n_people, dtype=I64)
    return {k: z for k in YEAR_FIELDS}


#: Per-person running totals of the year (``year_*`` outputs of :func:`settle_arrays`).
YEAR_FIELDS = ("year_go_deductible_met", "year_go_paid", "year_eo_deductible_met", "year_eo_paid", "year_po_paid",
               "year_admissions", "year_cat_base", "year_cat_paid", "year_as_ordinary", "year_as_major")
