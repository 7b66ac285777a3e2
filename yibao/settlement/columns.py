"""The engine's inputs as typed columns: one array per fact, one row per person or per claim.

Codes are those of :mod:`yibao.policy.codes` (enum positions, −1 none); days are day numbers;
money is int64 fen. Both doors fill these: :mod:`yibao.settlement.inputs` from one person's
:class:`~yibao.settlement.inputs.Claim` objects, :mod:`yibao.populations` from table columns.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from ..policy.codes import NO_END, NO_START

#: The dtype of each column of :class:`PersonColumns` (small codes in small integers: less to move).
PERSON_DTYPES: dict[str, Any] = {
    "tier": np.int8, "poor": bool, "border": bool, "assistance_class": np.int16, "years": np.int16,
    "incentive": np.int64, "retired": bool, "major": bool, "waiting_until": np.int64, "cover_start": np.int64,
    "cover_end": np.int64, "retro_paid_on": np.int64}


@dataclass(frozen=True)
class PersonColumns:
    """Per person (arrays of one length, the number of people)."""

    #: Position of the person's benefit tier among the policy's declared tiers.
    tier: np.ndarray
    #: T10: in a group of the catastrophic poverty adjustment.
    poor: np.ndarray
    #: T13: a border resident whose deliveries the border rule pays.
    border: np.ndarray
    #: T11/T13: index of the person's assistance class (−1: none).
    assistance_class: np.ndarray
    #: T3: continuous years of contribution, counting the settled year.
    years: np.ndarray
    #: T14–T16: the raise of the catastrophic cap, fen.
    incentive: np.ndarray
    #: T18: retired (else working).
    retired: np.ndarray
    #: T11: a 重特大疾病 patient (the major-disease assistance cap).
    major: np.ndarray
    #: T17 and the cover: day numbers, :data:`~yibao.policy.codes.NO_START` / ``NO_END`` for none.
    waiting_until: np.ndarray
    cover_start: np.ndarray
    cover_end: np.ndarray
    #: Y3: paid in the extension on this day.
    retro_paid_on: np.ndarray

    def __len__(self) -> int:
        return len(self.tier)

    @classmethod
    def one(cls, **values: Any) -> PersonColumns:
        """Columns of one person from plain values (missing dates: none)."""
        dates = {"waiting_until": NO_START, "cover_start": NO_START, "cover_end": NO_END, "retro_paid_on": NO_START}
        return cls(**{f.name: np.array([values.get(f.name, dates.get(f.name))], dtype=PERSON_DTYPES[f.name])
                      for f in fields(cls)})


@dataclass(frozen=True)
class ClaimColumns:
    """Per claim (arrays of one length, the number of claims), in settlement order for the engine:
    by person, then date, then the order given (:func:`~yibao.settlement.arithmetic.sort_order`)."""

    #: The claim's person: a row of the :class:`PersonColumns`.
    person: np.ndarray
    day: np.ndarray
    #: :class:`~yibao.vocabulary.ClaimKind` code.
    kind: np.ndarray
    #: Hospital level 1–3 (0: none).
    level: np.ndarray
    #: T8: which admission of the year (0: counted from the claims).
    admission: np.ndarray
    #: Y6: :class:`~yibao.vocabulary.Facility` and :class:`~yibao.vocabulary.DrugClass` codes (−1: none).
    facility: np.ndarray
    drug: np.ndarray
    #: Policy-range cost, cost outside the catalogues, ethnic-medicine part of the cost (T19): fen.
    cost: np.ndarray
    outside: np.ndarray
    ethnic: np.ndarray
    #: F9: :class:`~yibao.vocabulary.Refusal` code of the exclusion (−1: none).
    excluded: np.ndarray
    designated: np.ndarray
    emergency: np.ndarray
    #: Y6: the visit a row belongs to (a code per distinct visit name, −1: a visit of its own).
    visit: np.ndarray

    def __len__(self) -> int:
        return len(self.kind)

    def take(self, rows: np.ndarray | slice) -> ClaimColumns:
        """The claims at ``rows`` (positions, or a slice: views, no copy). A column of one value on every
        row (a table without it) stays one."""
        return replace(self, **{f.name: _take(getattr(self, f.name), rows) for f in fields(self)})


def _take(v: np.ndarray, rows: np.ndarray | slice) -> np.ndarray:
    if v.ndim == 1 and v.strides[0] == 0 and len(v):
        n = len(range(len(v))[rows]) if isinstance(rows, slice) else len(rows)
        return np.broadcast_to(v[:1], (n,))
    return v[rows]
