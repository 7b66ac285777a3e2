"""Settle one person's claims of one benefit year: check them, run the engine once, explain the result."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError, NotCovered
from ..money import ZERO, from_fen
from ..policy.codes import day_number
from ..policy.compiled import Params, policy_params
from ..policy.model import Policy
from .arithmetic import sort_order
from .checks import RowsError
from .columns import ClaimColumns, PersonColumns
from .engine import settle_claims
from .explain import Explainer
from .inputs import MAX_YEAR_COST, Claim, Person, claim_columns, claim_span, person_columns, tier_needed
from .result import ClaimResult, YearSettlement
from .traces import Settlement


def _as_claim(raw: Claim | Mapping[str, Any], i: int) -> Claim:
    def name(col: str) -> str:
        return f"claims[{i}].{col}"

    if isinstance(raw, Claim):
        return raw.checked(name)
    if isinstance(raw, Mapping):
        return Claim.from_mapping(raw, name)
    raise InputError(f"claims[{i}]", f"{type(raw).__name__} is not a claim", "a Claim or a mapping of its fields")


def check_year(policy: Policy, claims: list[Claim],
               where: Callable[[int, str], str] = lambda i, col: f"claims[{i}].{col}") -> None:
    """One person's claims of one benefit year of ``policy``, adding up to at most :data:`MAX_YEAR_COST`;
    ``where(i, column)`` names a claim's column in an error."""
    if sum((c.total_cost for c in claims), ZERO) > MAX_YEAR_COST:
        raise InputError("claims", f"the claims add up to more than {MAX_YEAR_COST} yuan",
                         f"at most {MAX_YEAR_COST} yuan in one person's year")
    first, last = claim_span(policy)
    for i, c in enumerate(claims):
        if c.date.year != claims[0].date.year:
            raise InputError(where(i, "date"), f"{c.date} is in {c.date.year} but the first claim is in "
                             f"{claims[0].date.year}", "claims of one benefit year: settle each year apart")
        if not first <= c.date <= last:
            raise InputError(where(i, "date"), f"{c.date} is outside the {policy.year} benefit year of policy "
                             f"{policy.id}", f"a date from {first} to {last}; settle other years with their own policy")


def settle(person: Person, claims: Iterable[Claim | Mapping[str, Any]]) -> YearSettlement:
    """Settle one person's claims of one benefit year, in date order (ties in the given order).

    Results keep the given order; ``claims[i].index`` is the position given.
    """
    if not isinstance(person, Person):
        raise InputError("person", f"{type(person).__name__} is not a Person", "yibao.settlement.Person(...)")
    if isinstance(claims, (str, bytes)) or not isinstance(claims, Iterable):
        raise InputError("claims", "not a list of claims", "a list of Claim objects or mappings")
    checked = [_as_claim(c, i) for i, c in enumerate(claims)]
    check_year(person.policy, checked)  # type: ignore[arg-type]
    return settle_columns(person, checked, claim_columns(checked))


@dataclass(frozen=True)
class EngineRun:
    """The engine run once over one person's checked claims, in date order."""

    params: Params
    people: PersonColumns
    #: Settlement order → position given (None: the claims were given in date order).
    order: np.ndarray | None
    #: The claims' columns in settlement order.
    columns: ClaimColumns
    settlement: Settlement

    def given(self, row: int) -> int:
        """The position given of the claim settled ``row``-th."""
        return row if self.order is None else int(self.order[row])


def run_engine(person: Person, claims: Iterable[Claim], columns: ClaimColumns) -> EngineRun:
    """What both doors (:func:`settle_columns`, the table of :mod:`.year_table`) do before explaining: the
    tier asked for where a bill depends on it, the engine once over the claims in date order (ties in the
    order given), a claim the policy states no rule for named by its position given."""
    policy: Policy = person.policy  # type: ignore[assignment]
    tier_needed(person, claims)
    params = policy_params(policy)
    people = person_columns(person, params)
    order = sort_order(columns.person, columns.day)
    ordered = columns if order is None else columns.take(order)
    try:
        s = settle_claims(params, people, ordered)
    except RowsError as e:
        p = e.first()
        row = int(p.rows[0])
        raise NotCovered(f"claims[{row if order is None else int(order[row])}].{p.column}", p.problem(row),
                         p.rules) from None
    return EngineRun(params, people, order, ordered, s)


def settle_columns(person: Person, claims: list[Claim], columns: ClaimColumns) -> YearSettlement:
    """:func:`settle` of claims already checked, with their columns (in the order given)."""
    run = run_engine(person, claims, columns)
    result = YearSettlement(policy=person.policy, person=person)  # type: ignore[arg-type]
    crs = [ClaimResult(i, c) for i, c in enumerate(claims)]
    ex = Explainer(person, result, run.settlement, run.params, run.people)
    ex.person_items()
    for row in range(len(crs)):
        ex.claim(crs[run.given(row)], row)
    ex.fill_state()
    result.claims = crs
    ex.closing_notes()
    seen: dict[Claim, int] = {}
    for i, c in enumerate(claims):  # accepted (two identical bills happen), but said (docs/bad-input.md)
        if c in seen:
            result.notes.append(f"第{i + 1}笔与第{seen[c] + 1}笔完全相同,已分别结算;如为重复录入,请删除一笔。")
        else:
            seen[c] = i
    return result


def check_year_columns(policy: Policy, columns: ClaimColumns, where: Callable[[int, str], str]) -> None:
    """:func:`check_year` on the columns of a claims file (the same messages, the same first row)."""
    if from_fen(sum(columns.cost.tolist()) + sum(columns.outside.tolist())) > MAX_YEAR_COST:
        raise InputError("claims", f"the claims add up to more than {MAX_YEAR_COST} yuan",
                         f"at most {MAX_YEAR_COST} yuan in one person's year")
    if not len(columns):
        return
    first, last = claim_span(policy)
    dates = columns.day.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    other_year = years != years[0]
    outside = (columns.day < day_number(first)) | (columns.day > day_number(last))
    bad = np.flatnonzero(other_year | outside)
    if not len(bad):
        return
    i = int(bad[0])
    day = str(dates[i])
    if other_year[i]:
        raise InputError(where(i, "date"), f"{day} is in {years[i]} but the first claim is in {years[0]}",
                         "claims of one benefit year: settle each year apart")
    raise InputError(where(i, "date"), f"{day} is outside the {policy.year} benefit year of policy {policy.id}",
                     f"a date from {first} to {last}; settle other years with their own policy")
