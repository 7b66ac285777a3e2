"""Checks across a claim's fields, and the claims a policy states no rule for: on arrays, for both doors.

Each returns :class:`Problem` records (a column, the rows, why, what is allowed); the caller names the
rows its own way (``claims[3].level``, ``claims.level … in rows 3, 17``, ``claims.csv row 4, column level``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from ..money import fmt, from_fen
from ..policy.codes import DRUG_CLASSES, FACILITIES, K_DEL, K_EO, K_GO, K_IP, K_PO, K_SO, KINDS
from ..policy.compiled import Params


@dataclass(frozen=True)
class Problem:
    """Rows that break a rule about claims: the column, which rows (positions), why, what is allowed."""

    column: str
    rows: np.ndarray
    problem: Callable[[int], str]
    allowed: Callable[[int], str] | str | None = None
    rules: tuple[str, ...] = ()

    def allowed_at(self, row: int) -> str | None:
        return self.allowed(row) if callable(self.allowed) else self.allowed


class RowsError(Exception):
    """Claims the policy states no rule for (:func:`uncovered`); the caller names the rows its own way."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.column}: {p.problem(int(p.rows[0]))}" for p in problems))

    def first(self) -> Problem:
        """The problem met first in settlement order (the smallest row)."""
        return min(self.problems, key=lambda p: int(p.rows[0]))


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
        lambda i: f"only inpatient claims have an admission number, this is {KINDS[kind[i]].value}", "empty")
    add("facility", (kind == K_PO) & (facility < 0),
        lambda i: "missing: a pooled outpatient claim needs the facility", ", ".join(FACILITIES))
    add("drug_class", (kind == K_PO) & (drug < 0),
        lambda i: "missing: a pooled outpatient claim needs the drug class", ", ".join(DRUG_CLASSES))
    add("ethnic_share", ethnic > cost,
        lambda i: f"{fmt(from_fen(int(ethnic[i])))} is more than the policy-range cost {fmt(from_fen(int(cost[i])))}",
        lambda i: f"0 to {fmt(from_fen(int(cost[i])))}")
    add("ethnic_share", (ethnic > 0) & (kind != K_IP) & (kind != K_SO),
        lambda i: f"ethnic medicines (T19) are settled only for inpatient and special outpatient claims, "
                  f"this is {KINDS[kind[i]].value}", "0")
    return out


def _no_rule(text: str, row: int) -> str:
    return text


def _paid_of_kind(paid: np.ndarray, kind: np.ndarray, k: int) -> np.ndarray:
    return paid & (kind == k)


def uncovered(params: Params, kind: np.ndarray, level: np.ndarray, ethnic: np.ndarray, border_row: np.ndarray,
              paid: np.ndarray, present: np.ndarray) -> list[Problem]:
    """Paid claims the policy states no rule for (:class:`~yibao.errors.NotCovered`); ``present`` says
    which kinds occur among the paid claims (a count per kind code)."""
    pid = params.policy.id
    out: list[Problem] = []

    def add(column: str, mask: Callable[[], np.ndarray], problem: Callable[[int], str], rules: tuple[str, ...] = ()
            ) -> None:
        rows = np.flatnonzero(mask())
        if len(rows):
            out.append(Problem(column, rows, problem, rules=rules))

    has = {K_IP: params.inpatient is not None, K_SO: params.special_outpatient is not None,
           K_GO: params.general_outpatient is not None, K_PO: params.pooled_outpatient is not None,
           K_EO: params.employee_outpatient is not None}
    if params.employee_rate_missing is not None and present[K_EO]:
        add("kind", lambda: paid & (kind == K_EO), lambda i: str(params.employee_rate_missing), ("T18",))
        has[K_EO] = True
    for k, ok in has.items():
        if not ok and present[k]:
            name = f"{KINDS[k].value} ({KINDS[k].zh})"
            add("kind", partial(_paid_of_kind, paid, kind, k),
                partial(_no_rule, f"policy {pid} states no rule for {name}"))
    if present[K_DEL]:
        if params.delivery_resident is None and params.delivery_border is None:
            add("kind", lambda: paid & (kind == K_DEL),
                lambda i: f"policy {pid} states no rule for delivery (住院分娩)")
        elif params.delivery_resident is None:
            add("kind", lambda: paid & (kind == K_DEL) & ~border_row,
                lambda i: f"policy {pid} has no rule for delivery costs", ("T23",))
    if params.inpatient is not None and present[K_IP] and min(params.inpatient.level_index[1:]) < 0:
        index = np.array(params.inpatient.level_index)
        add("level", lambda: paid & (kind == K_IP) & (index[np.clip(level, 0, 3)] < 0),
            lambda i: f"policy {pid} has no inpatient rule for level {level[i]}", ("T6", "T7"))
    if params.ethnic_medicine is None and (present[K_IP] or present[K_SO]):
        add("ethnic_share", lambda: paid & (ethnic > 0) & ((kind == K_IP) | (kind == K_SO)),
            lambda i: f"policy {pid} has no rule for ethnic medicines", ("T19",))
    return out
