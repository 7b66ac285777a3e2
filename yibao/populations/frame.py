"""Whole populations at once: a year of claims as pandas tables, exact to the fen.

    from yibao.populations.frame import settle_frame, year_frame, settle_frames, trace_frame

    claims_out = settle_frame(people, claims, "xizang-2024")   # one row per claim
    year = year_frame(people, claims, "xizang-2024")           # one row per person: the year's totals
    why = trace_frame(people, claims, "xizang-2024")           # one row per claim: every number of the engine

The settlement is :func:`yibao.settlement.settle_many`: the engine :func:`yibao.settlement.settle`
runs for one person, here over the whole table. So the table and the one-person calculator cannot
disagree. Premiums: :mod:`yibao.populations.premium_frame`.

**Money in.** A money column ``cost`` may come as

* ``cost_fen``: an integer column of fen (the fast path for big data; ``1234`` is 12.34 yuan);
* ``cost`` holding strings (``"12.34"``) or ``Decimal`` objects, read exactly like the command line
  does (at most two decimals, never negative, plain digits);
* ``cost`` as a pandas ``ArrowDtype`` decimal column (``decimal128``), scale at most 2 after a lossless cast;
* ``cost`` as an integer column: whole yuan;
* ``cost`` as a float column, only if every value is the double nearest to a whole number of fen
  (``12.34`` yes, ``12.345`` or ``nan`` in a required column no): floats are where fen go missing,
  so nothing is rounded for you.

Anything else, a missing column, an unknown column, a negative amount, more than two decimals,
an unknown group or kind: :class:`~yibao.errors.InputError` naming ``table.column``, the problem
and the first offending rows by their index label, e.g. ``claims.cost: negative in rows 3, 17
(allowed: 0 or more yuan)``. Nothing is dropped or coerced silently.

**Money out.** ``money="decimal"`` (the default): money columns are
``pd.ArrowDtype(pa.decimal128(18, 2))``: yuan with two decimals, exact, summing exactly
(``df.basic.sum()`` is a ``Decimal``). ``money="fen"``: ``int64`` columns named ``basic_fen`` …
(fastest; divide by 100 only for display). :func:`~yibao.populations.money.fen_of` and
:func:`~yibao.populations.money.decimals` convert.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import NotCovered
from ..inputs import given
from ..policy import as_policy
from ..policy.aids import aid_setting_the_tier
from ..policy.codes import EXCLUSION_CODES, NO_END, NO_START, REFUSALS, code, day_number
from ..policy.compiled import Params, policy_params
from ..policy.model import Policy
from ..settlement import (
    MAX_ADMISSION,
    MAX_YEAR_COST,
    MAX_YEARS,
    PERSON_DTYPES,
    Batch,
    ClaimColumns,
    PersonColumns,
    RowsError,
    benefit_tier,
    claim_problems,
    claim_span,
    has_retroactive_window,
    incentive_problem,
    policies_having,
    settle_many,
)
from ..vocabulary import ClaimKind, DrugClass, Exclusion, Facility
from .money import check_money_mode, money_out
from .reading import Table, person_ids, read_groups, read_visits, row_labels

#: Columns of the people table: the settlement reads the first group, the premium the second.
PEOPLE_SETTLE = ("person_id", "tier", "groups", "continuous_years", "incentive_amount", "retired",
                 "waiting_until", "cover_start", "cover_end", "retroactive_paid_on", "major_disease")
PEOPLE_PREMIUM = ("person_id", "tier", "groups", "sex", "birth_date", "age", "income", "paid_on")
CLAIMS = ("person_id", "date", "kind", "cost", "outside_catalogue", "level", "admission", "facility", "drug_class",
          "ethnic_share", "emergency", "designated", "excluded", "label", "visit")
#: Settlement amounts per claim and the year's totals per person.
CLAIM_MONEY_OUT = ("total_cost", "basic", "catastrophic", "assistance", "out_of_pocket")
YEAR_MONEY_OUT = (*CLAIM_MONEY_OUT, "general_outpatient_deductible_met", "general_outpatient_paid",
                  "employee_outpatient_deductible_met", "employee_outpatient_paid", "pooled_outpatient_paid",
                  "catastrophic_base", "catastrophic_paid", "catastrophic_cap", "assistance_ordinary",
                  "assistance_major")
_EXCLUDED = np.array([EXCLUSION_CODES[e] for e in Exclusion] + [-1], dtype=np.int8)


# ---------------------------------------------------------------- the tables as the engine's columns


def people_columns(table: Table, policy: Policy, params: Params) -> PersonColumns:
    """The people table as the engine's columns (each distinct value read once)."""
    n = len(table.df)
    tiers = np.full(n, -1, dtype=np.int64)
    if table.has("tier"):
        tiers = table.by_value("tier", lambda v: params.tier_code(benefit_tier(policy, v)) if given(v) else -1,
                               required=False, allowed=", ".join(params.tiers), missing=-1)
    gcodes, sets = read_groups(table)
    if (tiers < 0).any() and len(params.tiers) > 1:  # an aided person's tier is the aid's (yibao.policy.aids)
        aided = [aid_setting_the_tier(policy, g) for g in sets]
        aid_tier = np.array([-1 if a is None else params.tier_code(a[0]) for a in aided], dtype=np.int64)[gcodes]
        tiers = np.where(tiers < 0, aid_tier, tiers)
    if (tiers < 0).any():
        if len(params.tiers) > 1:
            table.fail("tier", f"missing: policy {policy.id} has two benefit tiers", tiers < 0,
                       ", ".join(params.tiers))
        tiers = np.zeros(n, dtype=np.int64)
    poor = np.array([params.poor(g) for g in sets])
    border = np.array([params.border(g) for g in sets])
    klass = np.array([-1 if (k := params.assistance_class(g)) is None else k for g in sets], dtype=np.int64)
    inc, _ = table.money("incentive_amount", required=False)
    if inc.any() and incentive_problem(policy, params, int(inc.max())) is not None:
        values, inverse = np.unique(inc, return_inverse=True)
        bad = np.array([incentive_problem(policy, params, int(v)) is not None for v in values])[inverse]
        problem, allowed = incentive_problem(policy, params, int(inc[bad][0]))  # type: ignore[misc]
        table.fail("incentive_amount", problem, bad, allowed)
    cover_start = table.day("cover_start", required=False, none=NO_START)
    cover_end = table.day("cover_end", required=False, none=NO_END)
    bad = (cover_start != NO_START) & (cover_end != NO_END) & (cover_end < cover_start)
    if bad.any():
        table.fail("cover_end", "before cover_start", bad, "a day on or after cover_start")
    retro = table.day("retroactive_paid_on", required=False, none=NO_START)
    if (retro != NO_START).any() and not has_retroactive_window(policy):
        table.fail("retroactive_paid_on", f"policy {policy.id} has no payment window with retroactive "
                   "reimbursement (Y3)", retro != NO_START,
                   f"empty, or a policy with one: {policies_having(has_retroactive_window)}")
    return PersonColumns(
        tier=tiers.astype(PERSON_DTYPES["tier"]), poor=poor[gcodes], border=border[gcodes],
        assistance_class=klass.astype(PERSON_DTYPES["assistance_class"])[gcodes],
        years=table.integer("continuous_years", 0, MAX_YEARS, f"a whole number of years, 0 to {MAX_YEARS}").astype(
            PERSON_DTYPES["years"]),
        incentive=inc, retired=table.boolean("retired", False), major=table.boolean("major_disease", False),
        waiting_until=table.day("waiting_until", required=False, none=NO_START), cover_start=cover_start,
        cover_end=cover_end, retro_paid_on=retro)


def claim_columns(table: Table, person_index: pd.Index, policy: Policy) -> ClaimColumns:
    """The claims table as the engine's columns (each distinct value read once), checked across fields."""
    pos = _positions(person_index, table.df["person_id"])
    if (pos < 0).any():
        table.fail("person_id", "not in people", pos < 0, "the person_id of a row of people")
    day = table.day("date", required=True, none=0)
    first, last = claim_span(policy)
    bad = (day < day_number(first)) | (day > day_number(last))
    if bad.any():
        table.fail("date", f"outside the {policy.year} benefit year of policy {policy.id}", bad,
                   f"a date from {first} to {last}")
    out = ClaimColumns(
        person=pos, day=day, kind=table.term("kind", ClaimKind, required=True),
        level=table.integer("level", 1, 3, "1, 2, 3").astype(np.int8),
        admission=table.integer("admission", 1, MAX_ADMISSION, f"1 to {MAX_ADMISSION} (which admission of the year)"),
        facility=table.term("facility", Facility), drug=table.term("drug_class", DrugClass),
        cost=table.money("cost", required=True)[0], outside=table.money("outside_catalogue", required=False)[0],
        ethnic=table.money("ethnic_share", required=False)[0],
        excluded=_refusal_codes(table.term("excluded", Exclusion)),
        designated=table.boolean("designated", True), emergency=table.boolean("emergency", False),
        visit=read_visits(table))
    problems = claim_problems(out.kind, out.level, out.admission, out.facility, out.drug, out.cost, out.ethnic)
    if problems:
        p = problems[0]
        i = int(p.rows[0])
        table.fail(p.column, p.problem(i), p.rows, p.allowed_at(i))
    return out


def _refusal_codes(exclusions: np.ndarray) -> np.ndarray:
    """:class:`~yibao.vocabulary.Exclusion` codes as :class:`~yibao.vocabulary.Refusal` codes."""
    if exclusions.strides[0] == 0 and len(exclusions):
        return np.broadcast_to(_EXCLUDED[exclusions[:1]], exclusions.shape)
    return _EXCLUDED[exclusions]


def _positions(index: pd.Index, ids: pd.Series) -> np.ndarray:
    """Each claim's row of the people table (−1: none), fast where the people's ids are 0, 1, 2, …"""
    plain = isinstance(index, pd.RangeIndex) or (
        index.is_monotonic_increasing and pd.api.types.is_integer_dtype(index) and len(index) > 0
        and index[0] == 0 and index[-1] == len(index) - 1)  # unique (person_ids): exactly 0 … n−1
    if plain and pd.api.types.is_integer_dtype(ids.dtype) and not ids.isna().any():
        v = ids.to_numpy(dtype=np.int64)
        return np.where((v >= 0) & (v < len(index)), v, -1)
    return index.get_indexer(pd.Index(ids)).astype(np.int64)


def _settle(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy, trace: bool = False
            ) -> tuple[Table, Table, pd.Index, Params, ClaimColumns, Batch]:
    pol = as_policy(policy)
    params = policy_params(pol)
    pt = Table(people, "people", PEOPLE_SETTLE + PEOPLE_PREMIUM, ("person_id",))
    ct = Table(claims, "claims", CLAIMS, ("person_id", "date", "kind", "cost"))
    ids = person_ids(pt)
    pc = people_columns(pt, pol, params)
    cc = claim_columns(ct, ids, pol)
    limit = float(MAX_YEAR_COST) * 100
    if len(cc) and (float(cc.cost.max()) + float(cc.outside.max())) * len(cc) > limit:  # else no one can pass it
        year = np.bincount(cc.person, weights=(cc.cost + cc.outside).astype(np.float64), minlength=len(ids))
        over = year > limit
        if over.any():  # the running totals stay far inside int64
            ct.fail("cost", f"a person's claims add up to more than {MAX_YEAR_COST} yuan", over[cc.person],
                    f"at most {MAX_YEAR_COST} yuan a person a year")
    try:
        batch = settle_many(params, pc, cc, trace=trace)
    except RowsError as e:
        p = e.first()
        raise NotCovered(f"claims.{p.column}", f"{p.problem(0)} in {row_labels(ct.index, p.rows)}", p.rules) from None
    return pt, ct, ids, params, cc, batch


# ---------------------------------------------------------------- the tables out


def _claims_out(ct: Table, cc: ClaimColumns, b: Batch, money: str) -> pd.DataFrame:
    total = cc.cost + cc.outside
    cols: dict[str, Any] = {"person_id": ct.df["person_id"].to_numpy()}
    for name, v in (("total_cost", total), ("basic", b.basic), ("catastrophic", b.catastrophic),
                    ("assistance", b.assistance), ("out_of_pocket", total - b.basic - b.catastrophic - b.assistance)):
        money_out(cols, money, name, v)
    cols["reason"] = pd.Categorical.from_codes(b.refusal, categories=pd.Index([r.value for r in REFUSALS]))
    return pd.DataFrame(cols, index=ct.index)


def _year_out(pt: Table, ids: pd.Index, params: Params, b: Batch, money: str) -> pd.DataFrame:
    y = b.year
    cols: dict[str, Any] = {"person_id": ids.to_numpy(), "claims": b.claims}
    amounts = {"total_cost": b.total_cost, "basic": b.basic_paid, "catastrophic": b.catastrophic_paid,
               "assistance": b.assistance_paid,
               "out_of_pocket": b.total_cost - b.basic_paid - b.catastrophic_paid - b.assistance_paid,
               "general_outpatient_deductible_met": y.general_outpatient_deductible_met,
               "general_outpatient_paid": y.general_outpatient_paid,
               "employee_outpatient_deductible_met": y.employee_outpatient_deductible_met,
               "employee_outpatient_paid": y.employee_outpatient_paid,
               "pooled_outpatient_paid": y.pooled_outpatient_paid}
    for k, v in amounts.items():
        money_out(cols, money, k, v)
    cols["admissions"] = y.admissions
    money_out(cols, money, "catastrophic_base", y.catastrophic_base)
    money_out(cols, money, "catastrophic_paid", y.catastrophic_paid)
    nocap = np.full(len(ids), params.catastrophic is None)
    money_out(cols, money, "catastrophic_cap", np.where(nocap, 0, y.catastrophic_cap), nocap)
    cols["incentive_used"] = y.incentive_used
    money_out(cols, money, "assistance_ordinary", y.assistance_ordinary)
    money_out(cols, money, "assistance_major", y.assistance_major)
    return pd.DataFrame(cols, index=pt.index)


def settle_frames(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy, *,
                  money: str = "decimal") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per claim, per person) in one pass; see :func:`settle_frame` and :func:`year_frame`."""
    check_money_mode(money)
    pt, ct, ids, params, cc, batch = _settle(people, claims, policy)
    return _claims_out(ct, cc, batch, money), _year_out(pt, ids, params, batch, money)


def settle_frame(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy, *,
                 money: str = "decimal") -> pd.DataFrame:
    """Every claim through basic insurance, catastrophic insurance and medical assistance.

    ``people``: one row per person, ``person_id`` unique, and the facts of :class:`yibao.settlement.Person`
    as columns (``tier``, ``groups``, ``continuous_years``, ``incentive_amount``, ``retired``,
    ``waiting_until``, ``cover_start``, ``cover_end``, ``retroactive_paid_on``, ``major_disease``; all but
    ``person_id`` optional). ``claims``: one row per bill with ``person_id`` and the fields of
    :class:`yibao.settlement.Claim` (``date``, ``kind``, ``cost`` required). A person's claims are
    settled in date order, ties in the order of the table.

    Returns one row per claim, same index and order as ``claims``: ``person_id``, ``total_cost``,
    ``basic``, ``catastrophic``, ``assistance``, ``out_of_pocket`` (money, see the module doc) and
    ``reason`` (why the fund paid nothing, as ``ClaimResult.reason_not_paid``; missing when it paid).
    ``basic + catastrophic + assistance + out_of_pocket == total_cost`` on every row.
    """
    return settle_frames(people, claims, policy, money=money)[0]


def year_frame(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy, *,
               money: str = "decimal") -> pd.DataFrame:
    """The year per person (same index as ``people``): ``claims`` (count), the five totals of
    :func:`settle_frame`, and the running totals of :class:`yibao.settlement.YearState`
    (``general_outpatient_paid``, ``admissions``, ``catastrophic_base``, ``catastrophic_paid``,
    ``catastrophic_cap``, ``incentive_used``, ``assistance_ordinary``, ``assistance_major`` …)."""
    return settle_frames(people, claims, policy, money=money)[1]


def trace_frame(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy) -> pd.DataFrame:
    """Every number the engine computed for each claim (same index as ``claims``): the fields of the
    traces of :mod:`yibao.settlement.traces` as int64 columns (fen, basis points, counts, flags), named
    ``layer.rule.field`` (``basic.rated.rate``, ``catastrophic.parts.0`` …), each missing on the rows its
    rule does not settle; ``refusal`` is the reason code as in :func:`settle_frame`."""
    _, ct, _, _, cc, batch = _settle(people, claims, policy, trace=True)
    paid = batch.refusal < 0
    kind = cc.kind
    rule_kinds = {"basic.rated": (ClaimKind.inpatient, ClaimKind.special_outpatient),
                  "basic.general": (ClaimKind.general_outpatient,), "basic.employee": (ClaimKind.employee_outpatient,),
                  "basic.pooled": (ClaimKind.pooled_outpatient,), "basic.delivery": (ClaimKind.delivery,),
                  "catastrophic": (ClaimKind.inpatient, ClaimKind.special_outpatient)}
    inpatient_only = ("basic.rated.level_index", "basic.rated.admission", "basic.rated.admission_deductible")
    cols: dict[str, Any] = {"person_id": ct.df["person_id"].to_numpy()}
    for name, v in batch.traces.items():
        rule = next((r for r in rule_kinds if name.startswith(r + ".") and not name.endswith(".pay")), None)
        values = v.astype(np.int64)
        if rule is None:
            cols[name] = values
            continue
        kinds = (ClaimKind.inpatient,) if name in inpatient_only else rule_kinds[rule]
        on = paid & np.isin(kind, [code(k) for k in kinds])
        cols[name] = pd.arrays.IntegerArray(np.where(on, values, 0), ~on)
    return pd.DataFrame(cols, index=ct.index)


