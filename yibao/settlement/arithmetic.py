"""The arithmetic of settlement over integer fen on numpy arrays: rates, deductibles, caps, segments and
running totals within each person. Pure functions; a scalar is a 0-d or 1-element array.

Paying a rate on an amount rounds half up to the fen, as Chinese public finance does (四舍五入)::

    pay_rate(amount_fen, rate_bp) = (amount_fen × rate_bp + 5000) // 10000      (amount ≥ 0)

which is exactly ``fen(Decimal(amount) × rate)`` for a rate of at most four decimals.

Running annual totals (deductibles met, caps used, admissions, the catastrophic base) are cumulative
sums within each person's claims in settlement order (:class:`Groups`); a claim's share of a capped
total is ``f(total after) − f(total before)``, and ``f(total before)`` is the previous claim's
``f(total after)`` (:meth:`Groups.previous`), so each ``f`` is evaluated once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ..policy.codes import BP, HALF, I64


def pay_rate(amount: Any, rate: Any) -> Any:
    """``amount`` fen (≥ 0) × ``rate`` bp, rounded half up to the fen."""
    return (amount * rate + HALF) // BP


def pay_rate_wide(amount: Any, rate: Any) -> Any:
    """:func:`pay_rate` for amounts up to 2⁶³ fen (running totals of a year): split at 10000 so that
    no product overflows int64; the same result wherever :func:`pay_rate` does not overflow."""
    if np.size(amount) and int(np.max(amount)) < np.iinfo(np.int64).max // BP - HALF:
        return pay_rate(amount, rate)
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


# ---------------------------------------------------------------- catastrophic segments


def segment_parts(x: Any, deductible: Any, up_to: Sequence[int | None]) -> list[Any]:
    """T9: how much of a cumulative self-paid base ``x`` lies in each segment ``(lo, up_to]`` above the
    deductible. A claim's part of a segment is ``part(total after) − part(total before)``."""
    out = []
    lo = 0
    for hi in up_to:
        a = np.maximum(lo, deductible)
        b = x if hi is None else np.minimum(x, hi)
        out.append(np.maximum(b - a, 0))
        if hi is None:
            break
        lo = hi
    return out


def segments_paid(parts: Sequence[Any], rates: Sequence[Any], cap: Any) -> tuple[Any, Any]:
    """T9/T10: what catastrophic insurance has paid on the segment parts of a cumulative base (fen), each
    part at its rate (bp, at most 100%), in total at most ``cap``, rounded half up once; and whether
    the total reached the cap. A claim's payment is ``paid(after) − paid(before)``.

    A part is clamped where every rate of 1 bp or more has passed the cap (``cap × 10000`` fen), so
    that part × rate cannot overflow int64 whatever the input."""
    cap_bp = np.asarray(cap, dtype=I64) * BP
    limit = cap_bp + 1
    total = np.zeros(np.shape(parts[0]), dtype=I64)
    for part, r in zip(parts, rates, strict=True):
        total += np.minimum(part, limit) * r
    return (np.minimum(total, cap_bp) + HALF) // BP, total >= cap_bp


def segment_rates(rates: Sequence[int], bonus: Any) -> list[Any]:
    """T10: each segment's rate with the poverty ``bonus`` added, at most 100%."""
    return [np.minimum(BP, r + bonus) for r in rates]


# ---------------------------------------------------------------- running totals within each person


@dataclass(frozen=True)
class Groups:
    """Rows sorted by person: where each person's rows start, for running totals within a person."""

    #: The first row of each group (a person with at least one row), and the person's index.
    starts: np.ndarray
    person: np.ndarray
    #: The last row of each group.
    ends: np.ndarray
    n: int
    #: Per row: whether it starts a group (None: one group).
    first: np.ndarray | None = None

    @classmethod
    def of(cls, person: np.ndarray) -> Groups:
        n = len(person)
        if n == 0:
            e = np.zeros(0, dtype=I64)
            return cls(e, e, e, 0)
        new = None
        if person[0] == person[-1]:  # sorted: one person
            starts = np.zeros(1, dtype=I64)
        else:
            new = np.empty(n, dtype=bool)
            new[0] = True
            np.not_equal(person[1:], person[:-1], out=new[1:])
            starts = np.flatnonzero(new)
        ends = np.empty_like(starts)
        ends[:-1] = starts[1:] - 1
        ends[-1] = n - 1
        return cls(starts, person[starts], ends, n, new)

    @cached_property
    def group(self) -> np.ndarray:
        """Per row: the index of its group (a cumulative count of group starts: far quicker than np.repeat)."""
        if self.first is None:
            return np.zeros(self.n, dtype=I64)
        out = np.cumsum(self.first, dtype=I64)
        out -= 1
        return out

    @property
    def one(self) -> bool:
        return len(self.starts) <= 1

    def lengths(self) -> np.ndarray:
        return self.ends - self.starts + 1

    def spread(self, per_group: np.ndarray) -> np.ndarray:
        """A value per group on each of its rows."""
        if self.one:
            return np.broadcast_to(per_group[:1], (self.n,)) if self.n else per_group[:0]
        return per_group[self.group]

    def running(self, v: np.ndarray) -> np.ndarray:
        """Per row: the running total of ``v`` within its person, the row included."""
        if self.one:
            return np.cumsum(v, dtype=I64)
        # one cumulative sum, each group's first row less the previous group's total (int64 wraps consistently)
        w = v.astype(I64, copy=True)
        w[self.starts[1:]] -= np.add.reduceat(w, self.starts)[:-1]
        return np.cumsum(w, out=w)

    def previous(self, v: np.ndarray, first: Any = 0) -> np.ndarray:
        """Per row: ``v`` of the row before in the same person (``first`` on a person's first row)."""
        out = np.empty_like(v)
        if self.n:
            out[1:] = v[:-1]
            out[self.starts] = first
        return out

    def running_max(self, v: np.ndarray, bound: int) -> np.ndarray:
        """Per row: ``max(0, v over the person's rows so far)``, for ``0 ≤ v ≤ bound``."""
        if self.n == 0:
            return v
        if self.one:
            return np.maximum.accumulate(np.maximum(v, 0))
        offset = self.group * (bound + 1)
        return np.maximum.accumulate(v + offset) - offset

    def total(self, v: np.ndarray) -> np.ndarray:
        """Per group: the sum of ``v`` over its rows."""
        if self.n == 0:
            return np.zeros(0, dtype=I64)
        return np.add.reduceat(v, self.starts) if not self.one else np.array([v.sum()], dtype=I64)

    def last(self, v: np.ndarray) -> np.ndarray:
        """Per group: ``v`` on its last row (a running total's value for the year)."""
        return v[self.ends]


def sort_order(person: np.ndarray, day: np.ndarray) -> np.ndarray | None:
    """The settlement order (person, date, given order), or None if the rows are in it already."""
    n = len(person)
    if n < 2:
        return None
    p = np.asarray(person, dtype=I64)
    d = np.asarray(day, dtype=I64)
    d0 = d.min()
    span = int(d.max() - d0) + 1
    key = p * span + (d - d0)
    if bool(np.all(key[1:] >= key[:-1])):
        return None
    return np.argsort(key, kind="stable")


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
    visits = Groups.of(np.cumsum(new, dtype=I64))
    after = visits.running(raw[order])
    before = after - raw[order]
    pay = np.empty(n, dtype=I64)
    paid_before = np.empty(n, dtype=I64)
    pay[order] = capped(before, after, cap)
    paid_before[order] = np.minimum(before, cap)
    return pay, paid_before
