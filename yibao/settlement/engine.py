"""The settlement rules once, over integer fen on numpy arrays: one person or millions, the same code.

:func:`settle_claims` takes the policy's :class:`~yibao.settlement.params.Params`, the people's and the
claims' columns (claims in settlement order: person, date, given order) and returns a
:class:`~yibao.settlement.traces.Settlement`: per claim why the fund pays nothing (F9, T17, cover),
then each layer's trace — basic insurance, catastrophic insurance on the year's self-paid cost,
medical assistance on what is left — and the year's totals per person.

Each rule computes over every claim with the amounts of other kinds masked to 0, so a running total
within a person over all claims is the running total over the rule's own claims.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..rules import implements
from .arithmetic import (
    Groups,
    capped,
    ethnic_rate,
    pay_rate,
    pay_rate_wide,
    per_visit_capped,
    rated,
    segment_parts,
    segment_rates,
    segments_paid,
)
from .checks import RowsError, uncovered
from .codes import (
    ASSISTANCE_KINDS,
    I64,
    K_DEL,
    K_EO,
    K_GO,
    K_IP,
    K_PO,
    K_SO,
    KINDS,
    NO_END,
    NO_START,
    R_NON_DESIGNATED,
    R_OUTSIDE_COVER,
    R_WAITING,
    code,
)
from .columns import ClaimColumns, PersonColumns
from .params import Params
from .traces import (
    AnnualTrace,
    AssistanceTrace,
    BasicTrace,
    CatastrophicTrace,
    DeliveryTrace,
    PooledTrace,
    RatedTrace,
    Settlement,
    YearTotals,
)

_ASSISTED = np.zeros(len(KINDS) + 1, dtype=bool)  # by kind code, the last entry for −1 (refused)
_ASSISTED[[code(k) for k in ASSISTANCE_KINDS]] = True


class _Claims:
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
        out = self.kind == kinds[0]
        for k in kinds[1:]:
            out |= self.kind == k
        return out

    def keep(self, name: str, per_group: np.ndarray) -> None:
        """The year's ``name`` per person from a value per group (0 for a person without claims)."""
        out = np.zeros(len(self.people), dtype=per_group.dtype)
        out[self.groups.person] = per_group
        self.year[name] = out

    def keep_last(self, name: str, running: np.ndarray) -> None:
        """The year's ``name``: a running total's value after each person's last claim."""
        self.keep(name, self.groups.last(running) if self.groups.n else running[:0])


def settle_claims(params: Params, people: PersonColumns, claims: ClaimColumns, layers: int = 3) -> Settlement:
    """Basic insurance, catastrophic insurance and medical assistance for every claim (see the module doc).

    ``layers`` 1 or 2 stops after basic insurance or catastrophic insurance (the later layers are None).
    Raises :class:`~yibao.settlement.checks.RowsError` for claims the policy states no rule for.
    """
    refusal, retro = refusals(people, claims)
    cl = _Claims(people, claims, refusal)
    present = np.array(cl.count) > 0
    border = cl.column("border") if present[K_DEL] else np.zeros(0, dtype=bool)
    problems = uncovered(params, cl.kind, claims.level, claims.ethnic, border, cl.paid, present)
    if problems:
        raise RowsError(problems)
    basic = basic_layer(params, cl)
    cat = catastrophic_layer(params, cl, basic.pay) if params.catastrophic is not None and layers >= 2 else None
    assist = None
    if params.assistance is not None and layers >= 3:
        assist = assistance_layer(params, cl, basic.pay, cat.pay if cat is not None else 0)
    return Settlement(refusal, retro, basic, cat, assist, year_totals(params, cl))


# ---------------------------------------------------------------- F9, T17, Y3


@implements("F9", "T17", "Y3")
def refusals(people: PersonColumns, claims: ClaimColumns) -> tuple[np.ndarray, np.ndarray]:
    """Per claim, the :class:`~yibao.vocabulary.Refusal` code of why the fund pays nothing (−1: it pays):
    an F9 exclusion, a non-designated facility outside an emergency, a waiting period (T17), a day
    outside the cover; and whether a paid claim is reimbursed after the person's later payment (Y3)."""
    day, pi = claims.day, claims.person

    def dates(per: np.ndarray, none: int) -> Any:
        return per[pi] if bool((per != none).any()) else none  # nobody has one: a scalar does

    reason = claims.excluded.astype(np.int8, copy=True)
    if not bool(claims.designated.all()):
        reason[(reason < 0) & ~claims.designated & ~claims.emergency] = R_NON_DESIGNATED
    waiting = dates(people.waiting_until, NO_START)
    if not np.isscalar(waiting):
        reason[(reason < 0) & (day < waiting)] = R_WAITING
    retro_on = dates(people.retro_paid_on, NO_START)
    retro = None if np.isscalar(retro_on) else day < retro_on
    start, end = dates(people.cover_start, NO_START), dates(people.cover_end, NO_END)
    if not (np.isscalar(start) and np.isscalar(end)):
        outside = (day < start) if retro is None else ((day < start) & ~retro)
        outside |= day > end
        reason[(reason < 0) & outside] = R_OUTSIDE_COVER
    if retro is None:
        return reason, np.zeros(len(day), dtype=bool)
    return reason, retro & (reason < 0)


# ---------------------------------------------------------------- basic insurance


def basic_layer(params: Params, cl: _Claims) -> BasicTrace:
    """Basic insurance per claim, by the rule of its kind (0 for a claim the fund does not pay)."""
    n = len(cl.c)
    kinds = [k for k in range(len(KINDS)) if cl.count[k]]
    parts: dict[str, Any] = {}
    pays: list[tuple[tuple[int, ...], np.ndarray]] = []

    def put(kind_codes: tuple[int, ...], values: np.ndarray) -> None:
        pays.append((kind_codes, values))

    if K_IP in kinds or K_SO in kinds:
        parts["rated"], p = rated_kinds(params, cl)
        put((K_IP, K_SO), p)
        cl.keep("rated_basic_paid", cl.groups.total(cl.only((K_IP, K_SO), p)))
    if K_GO in kinds and params.general_outpatient is not None:
        g = params.general_outpatient
        parts["general"], p = annual_kind(cl, K_GO, g.deductible, g.rate, g.annual_cap, "general_outpatient")
        put((K_GO,), p)
    if K_EO in kinds and params.employee_outpatient is not None:
        e = params.employee_outpatient
        ded = np.where(cl.column("retired"), e.deductible_retired, e.deductible_working)
        parts["employee"], p = annual_kind(cl, K_EO, ded, e.rate, e.annual_cap, "employee_outpatient")
        put((K_EO,), p)
    if K_PO in kinds and params.pooled_outpatient is not None:
        parts["pooled"], p = pooled_kind(params, cl)
        put((K_PO,), p)
    if K_DEL in kinds:
        parts["delivery"], p = delivery_kind(params, cl)
        put((K_DEL,), p)
    if len(pays) == 1 and sum(cl.count[k] for k in pays[0][0]) == n:
        return BasicTrace(pays[0][1], **parts)  # every claim of one rule: its payments as they are
    pay = np.zeros(n, dtype=I64)
    for kind_codes, values in pays:
        np.copyto(pay, values, where=cl.mask(*kind_codes))
    return BasicTrace(pay, **parts)


@implements("T5", "T6", "T7", "T8", "T3", "T19")
def rated_kinds(params: Params, cl: _Claims) -> tuple[RatedTrace, np.ndarray]:
    """Special outpatient (T5: no deductible) and inpatient (T6/T7: deductible and rate by hospital level
    and tier; T8: the second admission's deductible at 70%, the third and later at 50%), the rate raised
    by 长缴多报 (T3, at most 100%), ethnic 乙类 medicines at a higher rate (T19)."""
    c, t = cl.c, params.rated
    n_tier = len(params.tiers)
    klass = t.row_class[c.kind * np.int8(4) + c.level]
    tier = cl.column("tier")
    if cl.count[K_IP]:
        admission, readmit = admissions(cl)
        full_deductible = t.deductible[klass * 3 + (np.clip(admission, 1, 3) - 1).astype(np.int16)]
        deductible = np.minimum(c.cost, full_deductible)
        level_index = klass - 1
    else:  # special outpatient only: no deductible
        admission = readmit = full_deductible = deductible = np.zeros(len(c), dtype=I64)
        level_index = admission
    lc = params.long_contribution
    on = cl.column("years") >= lc.min_years if lc is not None else np.zeros(len(c), dtype=bool)
    index = (klass * n_tier + tier) * 2
    rate = t.rate[index + on] if lc is not None else t.rate[index]
    em = params.ethnic_medicine
    if em is not None and bool(c.ethnic.any()):
        erate = ethnic_rate(rate, em.reduction, em.max_rate)
        pay_o, pay_e, ded_o, ded_e = rated(c.cost, c.ethnic, deductible, rate, erate)
        pay = pay_o + pay_e
    else:
        zero = np.zeros(len(c), dtype=I64)
        erate, pay_e, ded_o, ded_e = rate, zero, deductible, zero
        pay = pay_o = pay_rate(c.cost - deductible, rate)
    trace = RatedTrace(level_index, admission, full_deductible, on, rate, erate, deductible, ded_o, ded_e, pay_o, pay_e)
    if cl.count[K_IP]:
        cl.keep("admissions", readmit)
    return trace, pay


def admissions(cl: _Claims) -> tuple[np.ndarray, np.ndarray]:
    """T8: which admission of the year each inpatient claim is, and per group the year's admissions.

    Every admission the fund settles counts, a 0-yuan bill too (assumption ``admission_counted``); a
    given admission number moves the count on for the later claims."""
    g = cl.groups
    inpatient = cl.kind == K_IP
    if cl.count[K_IP] == len(cl.c):  # every claim an admission: the position in the person's claims
        count = np.arange(1, len(cl.c) + 1, dtype=I64) - g.spread(g.starts)
    else:
        count = g.running(inpatient.astype(I64))
    given = cl.c.admission
    if bool(given.any()):
        ahead = np.where(inpatient, np.maximum(given - count, 0), 0)
        moved = g.running_max(ahead, int(ahead.max()))
        number = np.where(given > 0, given, count + g.previous(moved))
        return number, g.last(count) + g.last(moved)
    return count, g.last(count)


@implements("T4", "T18")
def annual_kind(cl: _Claims, kind: int, deductible: Any, rate: int, cap: int, name: str
                ) -> tuple[AnnualTrace, np.ndarray]:
    """General outpatient (T4) and employee outpatient pooling (T18): an annual cumulative deductible, a
    rate on the rest, an annual cap, each apart from the other kinds."""
    g = cl.groups
    cost = cl.c.cost if cl.count[kind] == len(cl.c) else np.where(cl.kind == kind, cl.c.cost, 0)
    after = g.running(cost)
    met_after = np.minimum(after, deductible)
    part = met_after - np.minimum(after - cost, deductible)
    raw = pay_rate(cost - part, rate)
    raw_after = g.running(raw)
    raw_before = raw_after - raw
    trace = AnnualTrace(part, met_after, raw, cap - np.minimum(raw_before, cap))
    cl.keep_last(f"{name}_deductible_met", met_after)
    cl.keep_last(f"{name}_paid", np.minimum(raw_after, cap))
    return trace, capped(raw_before, raw_after, cap)


@implements("Y6")
def pooled_kind(params: Params, cl: _Claims) -> tuple[PooledTrace, np.ndarray]:
    """Yuncheng outpatient pooling (Y6): no deductible; the rate by facility and drug class; at most the
    per-visit cap for the rows of one visit and the annual cap."""
    po = params.pooled_outpatient
    assert po is not None
    c = cl.c
    rows = np.flatnonzero(cl.kind == K_PO)
    rate = np.array(po.rates, dtype=I64)[c.facility[rows], c.drug[rows]]
    raw = pay_rate(c.cost[rows], rate)
    visit, visit_before = per_visit_capped(c.person[rows], c.day[rows], c.visit[rows], raw, po.per_visit_cap)
    sub = Groups.of(c.person[rows])
    after = sub.running(visit)
    before = after - visit
    pay = capped(before, after, po.annual_cap)
    paid = np.zeros(len(cl.people), dtype=I64)
    paid[sub.person] = sub.last(np.minimum(after, po.annual_cap))
    cl.year["pooled_outpatient_paid"] = paid

    def full(v: np.ndarray) -> np.ndarray:
        out = np.zeros(len(c), dtype=I64)
        out[rows] = v
        return out

    trace = PooledTrace(full(rate), full(raw), full(visit), full(visit_before),
                        full(po.annual_cap - np.minimum(before, po.annual_cap)))
    return trace, full(pay)


@implements("T23", "T13")
def delivery_kind(params: Params, cl: _Claims) -> tuple[DeliveryTrace, np.ndarray]:
    """Residents' in-hospital delivery (T23) and border mothers' delivery and newborn rescue (T13) at their rate."""
    border = params.delivery_border if params.delivery_border is not None else 0
    resident = params.delivery_resident if params.delivery_resident is not None else 0
    rate = np.where(cl.column("border"), border, resident)
    return DeliveryTrace(rate), pay_rate(cl.c.cost, rate)


# ---------------------------------------------------------------- catastrophic insurance


def catastrophic_caps(params: Params, people: PersonColumns) -> np.ndarray:
    """T9 + T14–T16: each person's catastrophic cap, raised by the incentive amount."""
    c = params.catastrophic
    return (c.cap if c is not None else 0) + people.incentive


@implements("T9", "T10")
def catastrophic_layer(params: Params, cl: _Claims, basic: np.ndarray) -> CatastrophicTrace:
    """T9: the year's cumulative self-paid policy-range cost of inpatient and special outpatient claims
    above the deductible, paid by segments, at most the cap (raised by the incentives); T10: the poverty
    groups' deductible halved and each rate raised. Rounded once, on the running total."""
    cat = params.catastrophic
    assert cat is not None
    g, people = cl.groups, cl.people
    deductible = np.array(cat.deductible, dtype=I64)[people.tier]
    deductible = np.where(people.poor, pay_rate(deductible, cat.poor_factor), deductible)
    bonus = np.where(people.poor, cat.poor_bonus, 0)
    cap = catastrophic_caps(params, people)
    rated_rows = cl.mask(K_IP, K_SO)
    self_paid = np.where(rated_rows, cl.c.cost - basic, 0)
    after = g.running(self_paid)
    ded_row, bonus_row, cap_row = cl.of(deductible), cl.of(bonus), cl.of(cap)
    terms = segment_parts(after, ded_row, cat.up_to)
    rates = segment_rates(cat.rates, bonus_row)
    paid_after, at_cap = segments_paid(terms, rates, cap_row)
    paid_before = g.previous(paid_after)
    parts = tuple(t - g.previous(t) for t in terms)
    cl.keep_last("catastrophic_base", after)
    cl.keep_last("catastrophic_paid", paid_after)
    return CatastrophicTrace(paid_after - paid_before, self_paid, after - self_paid, after, parts, tuple(rates),
                             paid_before, at_cap, deductible, bonus, cap)


# ---------------------------------------------------------------- medical assistance


@implements("T11", "T13")
def assistance_layer(params: Params, cl: _Claims, basic: np.ndarray, catastrophic: Any) -> AssistanceTrace:
    """T11/T13: the class rate × the policy-range cost left after basic and catastrophic insurance, within
    the person's annual cap (assumption ``assistance_cap_per_person``: the major-disease cap for a 重特大疾病
    patient, else the ordinary one). The year's assistance is min(rate × L, cap) of the year's total left
    L, which grows by at most the cost added: so no bill, and no yuan more of one, makes the layers pay
    more than it costs. Rounded on the running total, so that a fen more of cost never leaves the person
    a fen less to pay."""
    a = params.assistance
    assert a is not None
    g, people = cl.groups, cl.people
    rates = np.array([k.rate for k in a.classes] + [-1], dtype=I64)[people.assistance_class]
    cap = np.where(people.major, a.major_cap, a.ordinary_cap)
    rate_row, cap_row = cl.of(rates), cl.of(cap)
    covered = _ASSISTED[cl.kind] & (rate_row >= 0)
    left = np.where(covered, np.maximum(cl.c.cost - basic - catastrophic, 0), 0)
    total = pay_rate_wide(g.running(left), np.maximum(rate_row, 0))
    within = np.minimum(total, cap_row)
    before = g.previous(within)
    cl.keep_last("assistance", within)
    return AssistanceTrace(within - before, left, total - g.previous(total), cap_row - before, rates, cap)


# ---------------------------------------------------------------- the year


def year_totals(params: Params, cl: _Claims) -> YearTotals:
    """Per person, the year's running totals after the claims (what the rules left in ``cl.year``)."""
    people = cl.people
    zero = np.zeros(len(people), dtype=I64)
    y = cl.year
    paid = y.get("catastrophic_paid")
    cat = params.catastrophic
    assisted = y.get("assistance")
    major = people.major.astype(bool)
    no = np.zeros(len(people), dtype=bool)
    return YearTotals(
        y.get("general_outpatient_deductible_met", zero), y.get("general_outpatient_paid", zero),
        y.get("employee_outpatient_deductible_met", zero), y.get("employee_outpatient_paid", zero),
        y.get("pooled_outpatient_paid", zero), y.get("admissions", zero), y.get("rated_basic_paid", zero),
        y.get("catastrophic_base", zero), zero if paid is None else paid, catastrophic_caps(params, people),
        paid > cat.cap if cat is not None and paid is not None else no,
        zero if assisted is None else np.where(major, 0, assisted),
        zero if assisted is None else np.where(major, assisted, 0))
