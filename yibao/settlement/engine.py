"""The settlement rules once, over integer fen on numpy arrays: one person or millions, the same code.

:func:`settle_claims` takes the policy's :class:`~yibao.policy.compiled.Params`, the people's and the
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

from ..policy.codes import (
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
from ..policy.compiled import Params
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
from .columns import ClaimColumns, PersonColumns
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
from .view import ClaimsView

_ASSISTED = np.zeros(len(KINDS) + 1, dtype=bool)  # by kind code, the last entry for −1 (refused)
_ASSISTED[[code(k) for k in ASSISTANCE_KINDS]] = True


def settle_claims(params: Params, people: PersonColumns, claims: ClaimColumns, layers: int = 3) -> Settlement:
    """Basic insurance, catastrophic insurance and medical assistance for every claim (see the module doc).

    ``layers`` 1 or 2 stops after basic insurance or catastrophic insurance (the later layers are None).
    Raises :class:`~yibao.settlement.checks.RowsError` for claims the policy states no rule for.
    """
    refusal, retro = refusals(people, claims)
    cl = ClaimsView(people, claims, refusal)
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


def basic_layer(params: Params, cl: ClaimsView) -> BasicTrace:
    """Basic insurance per claim, by the rule of its kind (0 for a claim the fund does not pay). Each
    rule pays 0 on the claims of other kinds, so the payments add up."""
    n = len(cl.c)
    kinds = [k for k in range(len(KINDS)) if cl.count[k]]
    parts: dict[str, Any] = {}
    pays: list[np.ndarray] = []

    def put(kind_codes: tuple[int, ...], values: np.ndarray) -> None:
        pays.append(values)

    if K_IP in kinds or K_SO in kinds:
        parts["rated"], p = rated_kinds(params, cl)
        put((K_IP, K_SO), p)
        cl.keep("rated_basic_paid", cl.groups.total(p))
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
    if len(pays) == 1:
        return BasicTrace(pays[0], **parts)
    pay = np.zeros(n, dtype=I64)
    for values in pays:
        pay += values
    return BasicTrace(pay, **parts)


@implements("T5", "T6", "T7", "T8", "T3", "T19")
def rated_kinds(params: Params, cl: ClaimsView) -> tuple[RatedTrace, np.ndarray]:
    """Special outpatient (T5: no deductible) and inpatient (T6/T7: deductible and rate by hospital level
    and tier; T8: the second admission's deductible at 70%, the third and later at 50%), the rate raised
    by 长缴多报 (T3, at most 100%), ethnic 乙类 medicines at a higher rate (T19)."""
    c, t = cl.c, params.rated
    cost = cl.only((K_IP, K_SO), c.cost)  # 0 on the other claims: this rule pays 0 on them
    row = c.kind * np.int8(4) + c.level
    if cl.count[K_IP]:
        admission, readmit = admissions(cl)
        klass4 = t.row_deductible[row]
        full_deductible = t.deductible[klass4 + np.minimum(admission, 3)]
        deductible = np.minimum(cost, full_deductible)
        level_index = klass4 // 4 - 1
    else:  # special outpatient only: no deductible
        admission = readmit = full_deductible = deductible = np.zeros(len(c), dtype=I64)
        level_index = admission
    lc = params.long_contribution
    on = cl.column("years") >= lc.min_years if lc is not None else np.zeros(len(c), dtype=bool)
    index = t.row_rate[row] + cl.of(cl.people.tier * np.int8(2))
    rate = t.rate[index + on] if lc is not None else t.rate[index]
    em = params.ethnic_medicine
    if em is not None and bool(c.ethnic.any()):
        erate = ethnic_rate(rate, em.reduction, em.max_rate)
        pay_o, pay_e, ded_o, ded_e = rated(cost, cl.only((K_IP, K_SO), c.ethnic), deductible, rate, erate)
        pay = pay_o + pay_e
    else:
        zero = np.zeros(len(c), dtype=I64)
        erate, pay_e, ded_o, ded_e = rate, zero, deductible, zero
        pay = pay_o = pay_rate(cost - deductible, rate)
    trace = RatedTrace(level_index, admission, full_deductible, on, rate, erate, deductible, ded_o, ded_e, pay_o, pay_e)
    if cl.count[K_IP]:
        cl.keep("admissions", readmit)
    return trace, pay


def admissions(cl: ClaimsView) -> tuple[np.ndarray, np.ndarray]:
    """T8: which admission of the year each inpatient claim is, and per group the year's admissions.

    Every admission the fund settles counts, a 0-yuan bill too (assumption ``admission_counted``); a
    given admission number moves the count on for the later claims."""
    g = cl.groups
    inpatient = cl.kind == K_IP
    if cl.count[K_IP] == len(cl.c):  # every claim an admission: the position in the person's claims
        count = np.arange(1, len(cl.c) + 1, dtype=I64) - g.spread(g.starts)
    else:
        count = g.running(inpatient)
    given = cl.c.admission
    if bool(given.any()):
        ahead = np.where(inpatient, np.maximum(given - count, 0), 0)
        moved = g.running_max(ahead, int(ahead.max()))
        number = np.where(given > 0, given, count + g.previous(moved))
        return number, g.last(count) + g.last(moved)
    return count, g.last(count)


@implements("T4", "T18")
def annual_kind(cl: ClaimsView, kind: int, deductible: Any, rate: int, cap: int, name: str
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
    paid_after = np.minimum(raw_after, cap)
    paid_before = np.minimum(raw_after - raw, cap)
    cl.keep_last(f"{name}_deductible_met", met_after)
    cl.keep_last(f"{name}_paid", paid_after)
    return AnnualTrace(part, met_after, raw, cap - paid_before), paid_after - paid_before


@implements("Y6")
def pooled_kind(params: Params, cl: ClaimsView) -> tuple[PooledTrace, np.ndarray]:
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
def delivery_kind(params: Params, cl: ClaimsView) -> tuple[DeliveryTrace, np.ndarray]:
    """Residents' in-hospital delivery (T23) and border mothers' delivery and newborn rescue (T13) at their rate."""
    border = params.delivery_border if params.delivery_border is not None else 0
    resident = params.delivery_resident if params.delivery_resident is not None else 0
    rows = cl.rows(K_DEL)
    rate = np.where(cl.people.border[cl.c.person[rows]], border, resident)
    return DeliveryTrace(cl.full(rows, rate)), cl.full(rows, pay_rate(cl.c.cost[rows], rate))


# ---------------------------------------------------------------- catastrophic insurance


def catastrophic_caps(params: Params, people: PersonColumns) -> np.ndarray:
    """T9 + T14–T16: each person's catastrophic cap, raised by the incentive amount."""
    c = params.catastrophic
    return (c.cap if c is not None else 0) + people.incentive


@implements("T9", "T10")
def catastrophic_layer(params: Params, cl: ClaimsView, basic: np.ndarray) -> CatastrophicTrace:
    """T9: the year's cumulative self-paid policy-range cost of inpatient and special outpatient claims
    above the deductible, paid by segments, at most the cap (raised by the incentives); T10: the poverty
    groups' deductible halved and each rate raised. Rounded once, on the running total. The segments
    are worked out only for the persons whose year passes their deductible (the others get nothing)."""
    cat = params.catastrophic
    assert cat is not None
    g, people, c = cl.groups, cl.people, cl.c
    deductible = np.array(cat.deductible, dtype=I64)[people.tier]
    deductible = np.where(people.poor, pay_rate(deductible, cat.poor_factor), deductible)
    bonus = np.where(people.poor, cat.poor_bonus, 0)
    cap = catastrophic_caps(params, people)
    self_paid = cl.only((K_IP, K_SO), c.cost - basic)
    after = g.running(self_paid)
    cl.keep_last("catastrophic_base", after)
    rows = cl.rows_of_groups(g.last(after) > deductible[g.person]) if g.n else np.zeros(0, dtype=I64)
    sub = Groups.of(c.person[rows])
    who = c.person[rows]
    terms = segment_parts(after[rows], deductible[who], cat.up_to)
    paid, at_cap = segments_paid(terms, segment_rates(cat.rates, bonus[who]), cap[who])
    paid_after = cl.full(rows, paid)
    paid_before = g.previous(paid_after)
    cl.keep_last("catastrophic_paid", paid_after)
    parts = tuple(t - sub.previous(t) for t in terms)
    return CatastrophicTrace(paid_after - paid_before, self_paid, after - self_paid, after, paid_before, rows, parts,
                             at_cap, deductible, bonus, cap, tuple(segment_rates(cat.rates, bonus)))


# ---------------------------------------------------------------- medical assistance


@implements("T11", "T13")
def assistance_layer(params: Params, cl: ClaimsView, basic: np.ndarray, catastrophic: Any) -> AssistanceTrace:
    """T11/T13: the class rate × the policy-range cost left after basic and catastrophic insurance, within
    the person's annual cap (assumption ``assistance_cap_per_person``: the major-disease cap for a 重特大疾病
    patient, else the ordinary one). The year's assistance is min(rate × L, cap) of the year's total left
    L, which grows by at most the cost added: so no bill, and no yuan more of one, makes the layers pay
    more than it costs. Rounded on the running total, so that a fen more of cost never leaves the person
    a fen less to pay. Worked out on the claims of the persons in a class only."""
    a = params.assistance
    assert a is not None
    people, c = cl.people, cl.c
    rates = np.array([k.rate for k in a.classes] + [-1], dtype=I64)[people.assistance_class]
    cap = np.where(people.major, a.major_cap, a.ordinary_cap)
    covered = _ASSISTED[cl.kind]
    if not bool((rates >= 0).all()):
        covered = covered & (cl.of(rates) >= 0)
    rows = np.flatnonzero(covered)
    sub = Groups.of(c.person[rows])
    who = c.person[rows]
    other = catastrophic[rows] if np.ndim(catastrophic) else catastrophic
    left = np.maximum(c.cost[rows] - basic[rows] - other, 0)
    total = pay_rate_wide(sub.running(left), rates[who])
    within = np.minimum(total, cap[who])
    before = sub.previous(within)
    year = np.zeros(len(people), dtype=I64)
    if sub.n:
        year[sub.person] = sub.last(within)
    cl.year["assistance"] = year
    return AssistanceTrace(cl.full(rows, within - before), rows, left, total - sub.previous(total), cap[who] - before,
                           rates, cap)


# ---------------------------------------------------------------- the year


def year_totals(params: Params, cl: ClaimsView) -> YearTotals:
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
