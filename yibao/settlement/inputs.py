"""Who is settled and their bills: :class:`Person` and :class:`Claim`, read by the parsers of
:mod:`yibao.inputs` (one reading for every door), and their columns for the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import Enum
from typing import Any

import numpy as np

from ..errors import InputError
from ..groups import Group, group_list
from ..inputs import (
    MAX_MONEY,
    given,
    parse_bool,
    parse_date,
    parse_money,
    parse_text,
    parse_whole,
    show,
    show_key,
)
from ..money import ZERO, fmt, from_fen, to_fen
from ..policy.aids import aid_setting_the_tier
from ..policy.codes import EXCLUSION_CODES, NO_END, NO_START, code, day_number
from ..policy.compiled import Params, benefit_tiers, policy_params
from ..policy.loader import load_policy, policy_ids
from ..policy.model import Policy
from ..policy.model.premium import AidRule
from ..vocabulary import ClaimKind, DrugClass, Exclusion, Facility, Tier, parse_term
from .checks import claim_problems
from .columns import ClaimColumns, PersonColumns

#: The most admissions of one year a claim may number (T8).
MAX_ADMISSION = 999
#: The most continuous years a person may count (T3).
MAX_YEARS = 150
#: The most one person's claims of a year may add up to (cost and outside-catalogue cost), yuan: far
#: above any year, and so far below 2⁶³ fen that no running total of the settlement can overflow.
MAX_YEAR_COST = MAX_MONEY * 100

#: Columns a claim no longer has, with why and where the fact goes now.
MOVED_COLUMNS: dict[str, tuple[str, str]] = {
    "major_disease": ("is a fact about the person, not about a bill: the major-disease assistance cap applies to "
                      "the person's year (assumption assistance_cap_per_person)",
                      "leave it out of the claims; give --major-disease, Person(major_disease=True) "
                      "or a people column major_disease"),
}


def policies_having(what: Callable[[Policy], bool]) -> str:
    """The ids of the policies in use that have something (for a message naming where it exists)."""
    out = []
    for pid in policy_ids():
        try:
            if what(load_policy(pid)):
                out.append(pid)
        except Exception:
            continue
    return ", ".join(out) or "none in the policy folder in use"


# ---------------------------------------------------------------- claims


@dataclass(frozen=True)
class Claim:
    """One bill: the policy-range cost, what is outside the catalogues, and what kind of care it was."""

    date: dt.date
    kind: ClaimKind
    #: Policy-range (合规, within the three catalogues) cost, yuan.
    cost: Decimal
    #: Cost outside the catalogues: always paid by the person (F9).
    outside_catalogue: Decimal = ZERO
    #: Hospital level for ``inpatient``: 1, 2 or 3.
    level: int | None = None
    #: Which admission of the year this is (T8); empty: counted from the claims in date order.
    admission: int | None = None
    #: ``pooled_outpatient`` (Y6): where the visit took place.
    facility: Facility | None = None
    #: ``pooled_outpatient`` (Y6): 甲类 or 乙类.
    drug_class: DrugClass | None = None
    #: Part of ``cost`` that is ethnic 乙类 medicines (T19).
    ethnic_share: Decimal = ZERO
    emergency: bool = False
    designated: bool = True
    #: F9 reason the fund does not pay at all.
    excluded: Exclusion | None = None
    label: str | None = None
    #: Which visit the bill belongs to (any text, e.g. ``"v1"``): the rows of one visit on one day
    #: share the per-visit cap (Y6 "每人每日每次", assumption ``yuncheng_visit_cap``). Empty: the row is
    #: a visit of its own.
    visit: str | None = None

    @property
    def total_cost(self) -> Decimal:
        return self.cost + self.outside_catalogue

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], name: Callable[[str], str]) -> Claim:
        """A validated claim from loose values (strings from a file, numbers, dates).

        ``name(column)`` says where a value came from, for the error (``claims[3].level``).
        """
        allowed = [f.name for f in fields(cls)]
        for key in data:
            if key in MOVED_COLUMNS:
                raise InputError(name(str(key)), *MOVED_COLUMNS[key])
            if key not in allowed:
                raise InputError(name(show_key(key)), "unknown column", ", ".join(allowed))
        v = {col: read_field(col, data.get(col), name(col)) for col in _BEFORE_CHECKS}
        problems = claim_problems(*(np.array([x]) for x in cross_values(v)))
        if problems:
            p = problems[0]
            raise InputError(name(p.column), p.problem(0), p.allowed_at(0))
        v.update({col: read_field(col, data.get(col), name(col)) for col in _AFTER_CHECKS})
        return cls(**v)

    def checked(self, name: Callable[[str], str]) -> Claim:
        return Claim.from_mapping({f.name: getattr(self, f.name) for f in fields(self)}, name)


def _code_or_none(m: Enum | None) -> int:
    return -1 if m is None else code(m)


def _visit(value: Any, field: str) -> str | None:
    if (value is not None and not isinstance(value, (str, int))) or isinstance(value, bool):
        raise InputError(field, f"{show(value)} is not a visit name", "any text naming the visit, e.g. v1")
    return parse_text(str(value), field) or None if given(value) else None


#: How each column of a claim is read from a loose value: the one reading of :meth:`Claim.from_mapping`
#: and of the columns of a claims file (:func:`yibao.settlement.claims_file.read_claim_columns`).
CLAIM_FIELDS: dict[str, Callable[[Any, str], Any]] = {
    "kind": lambda v, f: parse_term(v, f, ClaimKind),
    "cost": lambda v, f: parse_money(v, f),
    "outside_catalogue": lambda v, f: parse_money(v, f, default=ZERO),
    "level": lambda v, f: parse_whole(v, f, 1, 3, "1, 2, 3", default=None),
    "admission": lambda v, f: parse_whole(v, f, 1, MAX_ADMISSION, f"1 to {MAX_ADMISSION} (which admission of the year)",
                                          default=None),
    "facility": lambda v, f: parse_term(v, f, Facility, default=None),
    "drug_class": lambda v, f: parse_term(v, f, DrugClass, default=None),
    "ethnic_share": lambda v, f: parse_money(v, f, default=ZERO),
    "excluded": lambda v, f: parse_term(v, f, Exclusion, default=None),
    "visit": _visit,
    "date": lambda v, f: parse_date(v, f),
    "emergency": lambda v, f: parse_bool(v, f, default=False),
    "designated": lambda v, f: parse_bool(v, f, default=True),
    "label": lambda v, f: parse_text(v, f) or None if given(v) else None,
}
#: The columns read before the checks across fields (:func:`~yibao.settlement.checks.claim_problems`), then the rest.
_BEFORE_CHECKS = ("kind", "cost", "outside_catalogue", "level", "admission", "facility", "drug_class", "ethnic_share",
                  "excluded", "visit")
_AFTER_CHECKS = ("date", "emergency", "designated", "label")


def read_field(column: str, value: Any, field: str) -> Any:
    """One column of a claim read from a loose value; ``field`` names it in an error."""
    return CLAIM_FIELDS[column](value, field)


def cross_values(v: Mapping[str, Any]) -> tuple[int, ...]:
    """The codes :func:`~yibao.settlement.checks.claim_problems` checks, from a claim's read values."""
    return (code(v["kind"]), v["level"] or 0, v["admission"] or 0, _code_or_none(v["facility"]),
            _code_or_none(v["drug_class"]), to_fen(v["cost"]), to_fen(v["ethnic_share"]))


def claim_columns(claims: list[Claim]) -> ClaimColumns:
    """The engine's columns of one person's claims (in the order given)."""
    visits: dict[str, int] = {}
    i64 = np.int64
    return ClaimColumns(
        person=np.zeros(len(claims), dtype=i64),
        day=np.array([day_number(c.date) for c in claims], dtype=i64),
        kind=np.array([code(c.kind) for c in claims], dtype=np.int8),
        level=np.array([c.level or 0 for c in claims], dtype=np.int8),
        admission=np.array([c.admission or 0 for c in claims], dtype=i64),
        facility=np.array([_code_or_none(c.facility) for c in claims], dtype=np.int8),
        drug=np.array([_code_or_none(c.drug_class) for c in claims], dtype=np.int8),
        cost=np.array([to_fen(c.cost) for c in claims], dtype=i64),
        outside=np.array([to_fen(c.outside_catalogue) for c in claims], dtype=i64),
        ethnic=np.array([to_fen(c.ethnic_share) for c in claims], dtype=i64),
        excluded=np.array([-1 if c.excluded is None else EXCLUSION_CODES[c.excluded] for c in claims], dtype=np.int8),
        designated=np.array([c.designated for c in claims], dtype=bool),
        emergency=np.array([c.emergency for c in claims], dtype=bool),
        visit=np.array([-1 if c.visit is None else visits.setdefault(c.visit, len(visits)) for c in claims], dtype=i64))


def claim_span(policy: Policy) -> tuple[dt.date, dt.date]:
    """The first and last day a claim may have under ``policy``: in force and in its benefit year."""
    first, last = policy.in_force.start, policy.in_force.to or dt.date.max
    year = policy.coverage.benefit_year if policy.coverage else None
    if year is not None:
        return max(first, year.start), min(last, year.to or dt.date.max)
    return max(first, dt.date(policy.year, 1, 1)), min(last, dt.date(policy.year, 12, 31))


# ---------------------------------------------------------------- the person


def optional_benefit_tier(policy: Policy, value: Any, field: str = "tier") -> Tier | None:
    """:func:`benefit_tier`, or None when none is given under a policy of several: asked later only
    if a bill's settlement depends on it (:func:`tier_needed`)."""
    if not given(value) and len(benefit_tiers(policy)) > 1:
        return None
    return benefit_tier(policy, value, field)


def benefit_tier(policy: Policy, value: Any, field: str = "tier") -> Tier:
    """The person's benefit tier among the policy's declared tiers (empty: its one standard)."""
    tiers = benefit_tiers(policy)
    allowed = ", ".join(tiers)
    if not given(value):
        if len(tiers) > 1:
            raise InputError(field, f"policy {policy.id} has two benefit tiers: choose one", allowed)
        return tiers[0]
    try:
        tier = parse_term(value, field, Tier)
    except InputError:
        tier = None
    if tier not in tiers:
        raise InputError(field, f"{show(value)} is not a benefit tier of policy {policy.id}", allowed)
    return tier


def incentive_problem(policy: Policy, params: Params, amount: int) -> tuple[str, str] | None:
    """Why a raise of the catastrophic cap (fen) is not allowed under ``policy`` (problem, allowed), if it is not."""
    cat = params.catastrophic
    if not amount:
        return None
    if cat is None:
        return f"policy {policy.id} has no catastrophic insurance to raise", "0"
    if policy.incentives is None:
        return (f"policy {policy.id} has no enrolment incentives (T14–T16)",
                f"0, or a policy with them: {policies_having(lambda p: p.incentives is not None)}")
    if cat.incentive_limit is not None and amount > cat.incentive_limit:
        inc = policy.incentives
        return (f"{fmt(from_fen(amount))} is above the T16 limit ({fmt(inc.max_share_of_cap.value * 100)}% of "
                f"{fmt(from_fen(cat.cap))})", f"0 to {fmt(from_fen(cat.incentive_limit))}")
    return None


@dataclass
class Person:
    """Who is settled: policy, benefit tier, population groups and the facts the rules look at."""

    policy: str | Policy
    tier: str | Tier | None = None
    groups: Iterable[str | Group] = ()
    #: Continuous years of resident insurance in the region, counting the settled year (T3,
    #: assumption ``long_contribution_count``).
    continuous_years: int = 0
    #: Raise of the catastrophic cap from the incentives (T14–T16), yuan.
    incentive_amount: Decimal | str | int = ZERO
    #: Claims dated before this day are in a waiting period (T17).
    waiting_until: dt.date | None = None
    cover_start: dt.date | None = None
    cover_end: dt.date | None = None
    #: Y3: paid in the extension on this day; earlier claims of the year are reimbursed afterwards.
    retroactive_paid_on: dt.date | None = None
    #: Employee outpatient pooling: the retired persons' deductible, else the working persons' (T18).
    retired: bool = False
    #: Recognised as a 重特大疾病 patient for the year: medical assistance is capped at the major-disease
    #: cap instead of the ordinary one (T11, assumption ``assistance_cap_per_person``).
    major_disease: bool = False
    #: The aid that set the tier when none was given: an aided person is enrolled at the aid tier
    #: (:func:`yibao.policy.aids.aid_setting_the_tier`).
    tier_aid: AidRule | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.policy, str):
            self.policy = load_policy(self.policy)
        elif not isinstance(self.policy, Policy):
            raise InputError("policy", f"{show(self.policy)} is not a policy",
                             "a policy id (yibao policies lists them)")
        policy: Policy = self.policy
        self.tier = optional_benefit_tier(policy, self.tier)
        self.groups = group_list(self.groups, "groups")
        if self.tier is None:
            aided = aid_setting_the_tier(policy, self.groups)
            if aided is not None:
                self.tier, self.tier_aid = aided
        self.continuous_years = parse_whole(self.continuous_years, "continuous_years", 0, MAX_YEARS,
                                            f"a whole number of years, 0 to {MAX_YEARS}", default=0)
        self.incentive_amount = parse_money(self.incentive_amount, "incentive_amount", default=ZERO)
        bad = incentive_problem(policy, policy_params(policy), to_fen(self.incentive_amount))
        if bad is not None:
            raise InputError("incentive_amount", *bad)
        for attr in ("waiting_until", "cover_start", "cover_end", "retroactive_paid_on"):
            setattr(self, attr, parse_date(getattr(self, attr), attr, default=None))
        if self.cover_start and self.cover_end and self.cover_end < self.cover_start:
            raise InputError("cover_end", f"{self.cover_end} is before cover_start {self.cover_start}",
                             "a day on or after cover_start")
        self.retired = parse_bool(self.retired, "retired", default=False)
        self.major_disease = parse_bool(self.major_disease, "major_disease", default=False)
        if self.retroactive_paid_on is not None and not has_retroactive_window(policy):
            raise InputError("retroactive_paid_on", f"policy {policy.id} has no payment window with "
                             "retroactive reimbursement (Y3)",
                             f"empty, or a policy with one: {policies_having(has_retroactive_window)}")

    @property
    def group_set(self) -> frozenset[Group]:
        return frozenset(self.groups)  # type: ignore[arg-type]


def has_retroactive_window(policy: Policy) -> bool:
    """Y3: the policy has a payment window whose earlier costs of the year are reimbursed afterwards."""
    return policy.coverage is not None and any(w.retroactive for w in policy.coverage.windows)


#: Bills whose settlement depends on the tier paid: their rates (T5, T6, T7) and the catastrophic
#: deductible their self-paid part counts toward (T9). Other bills settle alike at every tier.
TIER_KINDS = frozenset({ClaimKind.inpatient, ClaimKind.special_outpatient})


def tier_needed(person: Person, claims: Iterable[Claim]) -> None:
    """Refuse a year with no tier chosen under a policy of several tiers only where a bill depends on it."""
    if person.tier is not None:
        return
    policy: Policy = person.policy  # type: ignore[assignment]
    for i, c in enumerate(claims):
        if c.kind in TIER_KINDS:
            tiers = benefit_tiers(policy)
            raise InputError("tier", f"policy {policy.id} has two benefit tiers: choose one (bill {i + 1}, "
                             f"{c.kind.value}, is paid by the tier)", ", ".join(tiers), kind="tier.choose",
                             params={"policy": policy.id, "choices": tuple(tiers)})


def person_columns(person: Person, params: Params) -> PersonColumns:
    """The engine's columns of one person (no tier chosen: :func:`tier_needed` has checked that no
    bill depends on it, so any of the policy's tiers settles the year alike)."""
    groups = person.group_set
    k = params.assistance_class(groups)
    tier = person.tier or benefit_tiers(person.policy)[0]  # type: ignore[arg-type]

    def day(d: dt.date | None, none: int) -> int:
        return none if d is None else day_number(d)

    return PersonColumns.one(
        tier=params.tier_code(tier), poor=params.poor(groups), border=params.border(groups),
        assistance_class=-1 if k is None else k, years=person.continuous_years,
        incentive=to_fen(person.incentive_amount), retired=person.retired,  # type: ignore[arg-type]
        major=person.major_disease, waiting_until=day(person.waiting_until, NO_START),
        cover_start=day(person.cover_start, NO_START), cover_end=day(person.cover_end, NO_END),
        retro_paid_on=day(person.retroactive_paid_on, NO_START))
