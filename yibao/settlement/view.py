"""One call's claims as every rule of the engine reads them: per person, by kind, paid or not."""

from __future__ import annotations

import numpy as np

from ..policy.codes import I64, KINDS
from .arithmetic import Groups
from .columns import ClaimColumns, PersonColumns


class ClaimsView:
    """One call's claims with what every rule reads: the groups of rows per person, the kinds the fund
    pays, the people's columns per claim; and the year's totals per person as the rules find them."""

    def __init__(self, people: PersonColumns, claims: ClaimColumns, refusal: np.ndarray):
        self.people, self.c = people, claims
        self.groups = Groups.of(claims.person)
        self.paid = refusal < 0
        self.all_paid = bool(self.paid.all())
        self.kind = claims.kind if self.all_paid else np.where(self.paid, claims.kind, -1).astype(np.int8)
        self.count = [int(np.count_nonzero(self.kind == k)) for k in range(len(KINDS))]
        self._columns: dict[str, np.ndarray] = {}
        self._masks: dict[tuple[int, ...], np.ndarray] = {}
        #: Per person (a row of ``people`` each), what the year's totals are after the claims.
        self.year: dict[str, np.ndarray] = {}

    def of(self, per_person: np.ndarray) -> np.ndarray:
        """A value per person, per claim (one value for all: a view, nothing taken)."""
        if len(per_person) == 1 or (len(per_person) and per_person.min() == per_person.max()):
            return np.broadcast_to(per_person[:1], (len(self.c),))
        return per_person[self.c.person]

    def column(self, name: str) -> np.ndarray:
        """A column of the people, per claim (taken once)."""
        v = self._columns.get(name)
        if v is None:
            v = self._columns[name] = self.of(getattr(self.people, name))
        return v

    def only(self, kinds: tuple[int, ...], values: np.ndarray) -> np.ndarray:
        """``values`` on the claims of these kinds the fund pays, 0 on the others."""
        if sum(self.count[k] for k in kinds) == len(self.c):
            return values
        return np.where(self.mask(*kinds), values, 0)

    def mask(self, *kinds: int) -> np.ndarray:
        """Which claims are of these kinds and paid by the fund (kept for the next rule asking)."""
        out = self._masks.get(kinds)
        if out is None:
            out = self.kind == kinds[0]
            for k in kinds[1:]:
                out |= self.kind == k
            self._masks[kinds] = out
        return out

    def rows(self, *kinds: int) -> np.ndarray:
        """The positions of the claims of these kinds the fund pays."""
        return np.arange(len(self.c)) if sum(self.count[k] for k in kinds) == len(self.c) \
            else np.flatnonzero(self.mask(*kinds))

    def rows_of_groups(self, chosen: np.ndarray) -> np.ndarray:
        """The positions of the claims of the chosen groups (a flag per group)."""
        if not bool(chosen.any()):
            return np.zeros(0, dtype=I64)
        if bool(chosen.all()):
            return np.arange(len(self.c))
        return np.flatnonzero(self.groups.spread(chosen))

    def full(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Per claim: ``values`` at ``rows``, 0 elsewhere."""
        out = np.zeros(len(self.c), dtype=values.dtype if values.dtype != bool else I64)
        out[rows] = values
        return out

    def keep(self, name: str, per_group: np.ndarray) -> None:
        """The year's ``name`` per person from a value per group (0 for a person without claims)."""
        out = np.zeros(len(self.people), dtype=per_group.dtype)
        out[self.groups.person] = per_group
        self.year[name] = out

    def keep_last(self, name: str, running: np.ndarray) -> None:
        """The year's ``name``: a running total's value after each person's last claim."""
        self.keep(name, self.groups.last(running) if self.groups.n else running[:0])
