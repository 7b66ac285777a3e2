"""Premiums of whole populations: :func:`yibao.calculators.premium.premium` once per distinct combination of the facts
it reads, spread over the rows (one implementation of the premium rules)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, NotCovered
from ..groups import Group
from ..money import from_fen, to_fen
from ..policy import as_policy
from ..policy.codes import day_number, day_of
from ..policy.model import Policy
from ..vocabulary import Payer
from .frame import PEOPLE_PREMIUM, PEOPLE_SETTLE
from .money import check_money_mode, money_out
from .reading import Table, read_groups, row_labels

PAYERS = tuple(p.value for p in Payer)
_NONE = -(10 ** 9)  # a missing day number


def _combine(columns: list[np.ndarray]) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Codes of the distinct rows of integer columns, and those rows (one int64 key, mixed radix)."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    parts = []
    for c in columns:
        codes, uniq = pd.factorize(np.asarray(c, dtype=np.int64))
        key = key * len(uniq) + codes  # the product of distinct counts stays far below 2**63 here
        parts.append((codes, uniq))
    kcodes, _ = pd.factorize(key)
    _, first = np.unique(kcodes, return_index=True)
    rows = [tuple(int(u[c[i]]) for c, u in parts) for i in first]
    return np.asarray(kcodes, dtype=np.int64), rows


def _fails_alike(e: Exception, f: Callable[[], Any]) -> bool:
    """Whether ``f()`` raises the same error as ``e`` (to name every row with that problem)."""
    try:
        f()
    except (InputError, NotCovered) as e2:
        return type(e2) is type(e) and str(e2) == str(e)
    return False


def _paid_by(payer: str, r: Any) -> Decimal:
    return r.paid_by.get(payer, Decimal(0))


def _ages(t: Table, reference: str, pol: Policy, paid: np.ndarray, birth: np.ndarray) -> np.ndarray:
    """Completed years of age per row (−1: unknown), once per distinct (birth date, stated age, day judged on)."""
    from ..calculators.person import age_on

    n, df = len(t.df), t.df
    year_start = pol.coverage.benefit_year.start if pol.coverage else pol.in_force.start
    stated = t.integer("age", 0, 150, "0 to 150") if "age" in df.columns else np.zeros(n, dtype=np.int64)
    has_age = df["age"].notna().to_numpy() if "age" in df.columns else np.zeros(n, dtype=bool)
    on = np.full(n, day_number(year_start), dtype=np.int64)
    if reference != "benefit_year_start":
        on = np.where(paid > _NONE, paid, on)
    acodes, auniq = _combine([birth, np.where(has_age, stated, -1), on])
    ages = []
    for j, (b, a, o) in enumerate(auniq):
        try:
            ages.append(age_on(None if b == _NONE else day_of(b), None if a < 0 else int(a), day_of(o)))
        except InputError as e:
            t.fail(e.field, e.problem, acodes == j, e.allowed)
    return np.array([-1 if a is None else a for a in ages], dtype=np.int64)[acodes]


def _income_classes(aids: list[Any], inc: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Where each income lies against the aid rules' income bounds (all that matters of it; −1: none)."""
    bounds = sorted({to_fen(Decimal(x)) for a in aids for x in (a.income_above, a.income_below) if x is not None})
    if not bounds:
        return np.where(missing, -1, 0)
    b = np.array(bounds, dtype=np.int64)
    pos = np.searchsorted(b, inc, side="left")
    eq = (pos < len(b)) & (b[np.minimum(pos, len(b) - 1)] == inc)
    return np.where(missing, -1, 2 * pos + eq)


def premium_frame(people: pd.DataFrame, policy: str | Policy, *, money: str = "decimal") -> pd.DataFrame:
    """:func:`yibao.calculators.premium.premium` for every row of ``people`` (same index).

    Columns read (all optional): ``tier``, ``groups``, ``sex``, ``birth_date``, ``age``, ``income``,
    ``paid_on``. Returns ``tier``, ``standard``, ``individual`` and one money column per other payer
    (``finance``, ``medical_assistance``, ``finance_and_medical_assistance``, ``government_aid``;
    ``individual`` is the individual payer's), ``aid`` (the aid rule id, missing if none),
    ``late_fiscal_share`` and ``age``.

    The premium depends on a person only through a few discrete facts (tier, groups, sex, age,
    where the income lies against the aid rules' income bounds, payment date): the scalar
    :func:`~yibao.calculators.premium.premium` runs once per distinct combination and its result is spread over
    the rows, so there is one implementation of the premium rules.
    """
    from ..calculators.person import parse_sex
    from ..calculators.premium import premium

    check_money_mode(money)
    pol = as_policy(policy)
    t = Table(people, "people", PEOPLE_SETTLE + PEOPLE_PREMIUM, ())
    n = len(people)
    df = people
    prem = pol.premium
    if prem is None:
        raise InputError("policy", f"{pol.id} states no premium", "a policy with a premium section")

    def codes_of(column: str, canon: Callable[[Any], Any]) -> tuple[np.ndarray, list[Any]]:
        if column not in df.columns:
            return np.zeros(n, dtype=np.int64), [None]
        codes, vals = t.factorized(column, canon)
        vals.append(None)
        return codes % len(vals), vals  # a missing cell (−1) takes the last entry: None

    tier_c, tier_v = codes_of("tier", lambda v: str(v).strip() or None)
    gcodes, gsets = read_groups(t)
    sex_c, sex_v = codes_of("sex", lambda v: parse_sex(v))
    paid = t.day("paid_on", required=False, none=_NONE)
    birth = t.day("birth_date", required=False, none=_NONE)
    age_arr = _ages(t, prem.age_reference, pol, paid, birth)
    inc, inc_na = t.money("income", required=False)
    inc_class = _income_classes(prem.aids, inc, inc_na)
    # a newborn's birth date itself matters (one year old at payment: no longer exempt from the period, X5)
    newborn = np.array([Group.newborn in g for g in gsets], dtype=bool)[gcodes]
    birth_key = np.where(newborn, birth, _NONE)
    kcodes, kuniq = _combine([tier_c, gcodes, sex_c, age_arr, inc_class, paid, birth_key])
    _, first = np.unique(kcodes, return_index=True)  # the first row of each combination
    def call(i: int) -> Any:
        b = None if birth_key[i] == _NONE else day_of(birth_key[i])
        return premium(pol, tier=tier_v[tier_c[i]], groups=sorted(gsets[gcodes[i]]), sex=sex_v[sex_c[i]],
                       age=None if age_arr[i] < 0 else int(age_arr[i]), birth_date=b,
                       income=None if inc_na[i] else from_fen(inc[i]),
                       paid_on=None if paid[i] == _NONE else day_of(paid[i]))

    results = []
    for j in range(len(kuniq)):
        try:
            r = call(int(first[j]))
        except (InputError, NotCovered) as e:
            column = e.field.split(".")[-1]
            same = [j] + [k for k in range(j + 1, len(kuniq)) if _fails_alike(e, partial(call, int(first[k])))]
            msg = f"{e.problem} in {row_labels(t.index, np.isin(kcodes, same))}"
            if isinstance(e, InputError):
                raise InputError(f"people.{column}", msg, e.allowed) from None
            raise NotCovered(f"people.{column}", msg, e.rules) from None
        results.append(r)
    out: dict[str, Any] = {}
    if "person_id" in df.columns:
        out["person_id"] = df["person_id"].to_numpy()
    out["tier"] = pd.Categorical(np.array([r.tier for r in results], dtype=object)[kcodes])

    def col(get: Callable[[Any], Decimal]) -> np.ndarray:
        return np.array([to_fen(get(r)) for r in results], dtype=np.int64)[kcodes]

    money_out(out, money, "standard", col(lambda r: r.standard))
    money_out(out, money, "individual", col(lambda r: r.individual))
    for p in PAYERS[1:]:
        money_out(out, money, p, col(partial(_paid_by, p)))
    aids = [r.aid for r in results]
    out["aid"] = pd.Categorical(np.array(aids, dtype=object)[kcodes],
                                categories=[a.id for a in prem.aids])
    money_out(out, money, "late_fiscal_share", col(lambda r: r.late_fiscal_share))
    out["age"] = pd.array(np.array([r.age for r in results], dtype=object)[kcodes], dtype="Int64")
    return pd.DataFrame(out, index=people.index)
