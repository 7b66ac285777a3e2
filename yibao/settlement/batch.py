"""Many people at once: the engine (:func:`~yibao.settlement.engine.settle_claims`) over chunks of whole
persons, so that its arrays stay small enough for the processor's cache and the traces of a chunk are
dropped once its columns are kept. Numpy only: the tables (:mod:`yibao.populations`) and the claims
files call it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from itertools import pairwise
from typing import Any

import numpy as np

from ..policy.codes import I64
from ..policy.compiled import Params
from .arithmetic import Groups, sort_order
from .checks import Problem, RowsError
from .columns import ClaimColumns, PersonColumns
from .engine import catastrophic_caps, refusals, settle_claims
from .traces import PER_PERSON, Settlement, YearTotals

#: Claims per chunk: about 2 MB per int64 column, inside a processor's cache.
CHUNK = 1 << 16


@dataclass(frozen=True)
class Batch:
    """What the tables show: per claim (in the order given) the layers and the refusal; per person the
    year's totals and sums. ``traces``: with ``trace=True``, every trace field as a column per claim
    (in the order given), named ``layer.rule.field``."""

    refusal: np.ndarray
    basic: np.ndarray
    catastrophic: np.ndarray
    assistance: np.ndarray
    year: YearTotals
    #: Per person: the number of claims and the sums of their total cost and of the three layers.
    claims: np.ndarray
    total_cost: np.ndarray
    basic_paid: np.ndarray
    catastrophic_paid: np.ndarray
    assistance_paid: np.ndarray
    traces: dict[str, np.ndarray]


def _trace_columns(s: Settlement, person: np.ndarray) -> dict[str, np.ndarray]:
    """Every array of a settlement's traces as a column per claim, by a dotted name (``basic.rated.rate``);
    a value per person on each of the person's claims (``person``: each claim's row of the people)."""
    out: dict[str, np.ndarray] = {"refusal": s.refusal, "retro": s.retro}

    def walk(obj: Any, prefix: str) -> None:
        for f in fields(obj):
            v = getattr(obj, f.name)
            name = f"{prefix}.{f.name}"
            if v is None or isinstance(v, YearTotals) or f.name == "rows":  # rows: where a Subset's detail is
                continue
            arrays = list(enumerate(v)) if isinstance(v, tuple) else [(None, v)]
            if not all(isinstance(a, np.ndarray) for _, a in arrays):
                walk(v, name)
                continue
            for i, a in arrays:
                if f.metadata == PER_PERSON:
                    a = a[person]
                elif "rows" in f.metadata:  # on some claims only: 0 on the others
                    full = np.zeros(len(person), dtype=a.dtype)
                    full[getattr(obj, f.metadata["rows"])] = a
                    a = full
                out[name if i is None else f"{name}.{i}"] = a

    for layer in ("basic", "catastrophic", "assistance"):
        t = getattr(s, layer)
        if t is not None:
            walk(t, layer)
    return out


def settle_many(params: Params, people: PersonColumns, claims: ClaimColumns, *, layers: int = 3,
                trace: bool = False, chunk: int = CHUNK) -> Batch:
    """The engine on every person's claims (in any order: settled by person, date, given order).

    Raises :class:`~yibao.settlement.checks.RowsError` with the rows as positions in ``claims``.
    """
    n, n_people = len(claims), len(people)
    order = sort_order(claims.person, claims.day)
    # the claims are gathered into settlement order chunk by chunk (cache-sized, no full-size copy of the table)
    groups = Groups.of(claims.person if order is None else claims.person[order])
    lengths = groups.lengths()
    out = {k: np.zeros(n, dtype=I64) for k in ("basic", "catastrophic", "assistance")}
    refusal = np.full(n, -1, dtype=np.int8)
    year = _empty_year(params, people)
    per_person = {k: np.zeros(n_people, dtype=I64) for k in ("claims", "total", "basic")}
    traces: dict[str, np.ndarray] = {}
    for g0, g1 in _chunks(groups, chunk):
        lo, hi = int(groups.starts[g0]), int(groups.ends[g1 - 1]) + 1
        rows = slice(lo, hi) if order is None else order[lo:hi]  # where the chunk's claims were given
        who = groups.person[g0:g1]
        part = replace(claims.take(rows), person=np.repeat(np.arange(g1 - g0, dtype=I64), lengths[g0:g1]))
        try:
            s = settle_claims(params, _people(people, who), part, layers)
        except RowsError:
            raise _all_rows_error(params, people, claims if order is None else claims.take(order), order) from None
        refusal[rows] = s.refusal
        pays = {"basic": s.basic.pay, "catastrophic": s.catastrophic.pay if s.catastrophic is not None else None,
                "assistance": s.assistance.pay if s.assistance is not None else None}
        for key, pay in pays.items():
            if pay is not None:
                out[key][rows] = pay
        for f in fields(YearTotals):
            v = getattr(s.year, f.name)
            if v.any():  # a total no claim of the chunk added to stays 0 (or the cap it starts at)
                getattr(year, f.name)[who] = v
        starts = groups.starts[g0:g1] - lo  # the chunk's persons, where each starts in it
        per_person["claims"][who] = lengths[g0:g1]
        per_person["total"][who] = np.add.reduceat(part.cost + part.outside, starts)
        per_person["basic"][who] = np.add.reduceat(s.basic.pay, starts)
        if trace:
            for name, v in _trace_columns(s, part.person).items():
                if name not in traces:
                    traces[name] = np.zeros(n, dtype=v.dtype)
                traces[name][rows] = v
    return Batch(refusal, out["basic"], out["catastrophic"], out["assistance"], year, per_person["claims"],
                 per_person["total"], per_person["basic"], year.catastrophic_paid,
                 year.assistance_ordinary + year.assistance_major, traces)


def _chunks(groups: Groups, size: int) -> list[tuple[int, int]]:
    """Ranges of groups with about ``size`` rows each (a group is never split)."""
    n_groups = len(groups.starts)
    if n_groups == 0:
        return []
    cuts = np.searchsorted(groups.starts, np.arange(size, groups.n, size), side="left")
    bounds = [0, *dict.fromkeys(int(c) for c in cuts if 0 < c < n_groups), n_groups]
    return list(pairwise(bounds))


def _people(people: PersonColumns, who: np.ndarray) -> PersonColumns:
    return PersonColumns(**{f.name: getattr(people, f.name)[who] for f in fields(people)})


def _empty_year(params: Params, people: PersonColumns) -> YearTotals:
    """The year of people without claims: zeros, the catastrophic cap with incentives, nothing used."""
    n = len(people)
    out = {f.name: np.zeros(n, dtype=I64) for f in fields(YearTotals)}
    out["catastrophic_cap"] = np.asarray(catastrophic_caps(params, people), dtype=I64).copy()
    out["incentive_used"] = np.zeros(n, dtype=bool)
    return YearTotals(**out)


def _all_rows_error(params: Params, people: PersonColumns, ordered: ClaimColumns,
                    order: np.ndarray | None) -> RowsError:
    """The uncovered claims of the whole table (a chunk met the first), rows as positions given."""
    from ..policy.codes import K_DEL, KINDS
    from .checks import uncovered

    refusal, _ = refusals(people, ordered)
    paid = refusal < 0
    kind = np.where(paid, ordered.kind, -1)
    present = np.array([bool((kind == k).any()) for k in range(len(KINDS))])
    border = people.border[ordered.person] if present[K_DEL] else np.zeros(0, dtype=bool)
    problems = uncovered(params, kind, ordered.level, ordered.ethnic, border, paid, present)
    p = min(problems, key=lambda q: int(q.rows[0]))
    row = int(p.rows[0])
    text = p.problem(row)
    rows = p.rows if order is None else order[p.rows]
    return RowsError([Problem(p.column, rows, lambda i: text, p.allowed, p.rules)])
