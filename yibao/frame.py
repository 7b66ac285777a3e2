"""Whole populations at once: premiums and a year of claims as pandas tables, exact to the fen.

    from yibao.frame import premium_frame, settle_frame, year_frame, settle_frames

    prem = premium_frame(people, "xizang-2024")          # one row per person
    claims_out = settle_frame(people, claims, "xizang-2024")   # one row per claim
    year = year_frame(people, claims, "xizang-2024")     # one row per person: the year's totals

The settlement rules are those of :mod:`yibao.kernels`, the very functions :func:`yibao.settlement.settle`
uses; premiums are :func:`yibao.premium.premium` itself, evaluated once per distinct combination
of the facts it looks at (tier, groups, sex, age, income class, payment date) and spread over the
rows. So the table and the one-person calculators cannot disagree.

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
(fastest; divide by 100 only for display). :func:`fen_of` and :func:`decimals` convert.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import kernels as K
from .errors import InputError, NotCovered
from .groups import Group, parse_group
from .inputs import BOOL_ALLOWED, MAX_DATE, MAX_MONEY, MIN_DATE, parse_bool, parse_choice, parse_date, parse_money, parse_whole, show, show_key
from .policy import as_policy
from .policy.model import Policy
from .vocabulary import Payer
from .settlement import (DRUG_CLASSES, MAX_ADMISSION, MAX_YEAR_COST, MAX_YEARS, claim_span, EXCLUSIONS, FACILITIES, KIND_ALIASES,
                         KINDS, _DRUG_ALIASES, _FACILITY_ALIASES, benefit_tier)

#: The dtype of money columns in results (``money="decimal"``).
MONEY = pd.ArrowDtype(pa.decimal128(18, 2))
_EPOCH = dt.date(1970, 1, 1).toordinal()
_MAX_FEN = int(MAX_MONEY * 100)

#: Columns of the people table: the settlement reads the first group, the premium the second.
PEOPLE_SETTLE = ("person_id", "tier", "groups", "continuous_years", "incentive_amount", "retired",
                 "waiting_until", "cover_start", "cover_end", "retroactive_paid_on", "major_disease")
PEOPLE_PREMIUM = ("person_id", "tier", "groups", "sex", "birth_date", "age", "income", "paid_on")
CLAIMS = ("person_id", "date", "kind", "cost", "outside_catalogue", "level", "admission", "facility", "drug_class",
          "ethnic_share", "emergency", "designated", "excluded", "label", "visit")
_PEOPLE_MONEY = ("incentive_amount", "income")
_CLAIM_MONEY = ("cost", "outside_catalogue", "ethnic_share")
#: Settlement amounts per claim and the year's totals per person.
CLAIM_MONEY_OUT = ("total_cost", "basic", "catastrophic", "assistance", "out_of_pocket")
YEAR_MONEY_OUT = CLAIM_MONEY_OUT + (
    "general_outpatient_deductible_met", "general_outpatient_paid", "employee_outpatient_deductible_met",
    "employee_outpatient_paid", "pooled_outpatient_paid", "catastrophic_base", "catastrophic_paid",
    "catastrophic_cap", "assistance_ordinary", "assistance_major")
PAYERS = tuple(p.value for p in Payer)


# ---------------------------------------------------------------- money out


def decimal_array(fen: np.ndarray, mask: np.ndarray | None = None) -> pd.arrays.ArrowExtensionArray:
    """int64 fen → an exact ``decimal128(18, 2)`` yuan column (no float on the way)."""
    v = np.ascontiguousarray(fen, dtype=np.int64)
    two = np.empty((len(v), 2), dtype=np.int64)
    two[:, 0] = v
    two[:, 1] = v >> 63  # the high 64 bits of a 128-bit two's complement
    validity = None
    if mask is not None and mask.any():
        validity = pa.array(~mask).buffers()[1]
    arr = pa.Array.from_buffers(pa.decimal128(18, 2), len(v), [validity, pa.py_buffer(two)],
                                null_count=-1 if validity is not None else 0)
    return pd.arrays.ArrowExtensionArray(arr)


def fen_of(values: Any) -> np.ndarray:
    """A money column of a result (decimal yuan, or already fen) as int64 fen; nulls are refused."""
    s = pd.Series(values)
    if pd.api.types.is_integer_dtype(s.dtype) and not isinstance(s.dtype, pd.ArrowDtype):
        return s.to_numpy(dtype=np.int64)
    out, bad = _decimal_to_fen(pa.array(s.array) if isinstance(s.dtype, pd.ArrowDtype)
                               else pa.array(list(s), type=pa.decimal128(38, 2)))
    if bad is not None or s.isna().any():
        raise InputError("values", "not whole fen or missing", "a money column of a yibao result")
    return out


def decimals(values: Any) -> list[Decimal]:
    """A money column as a list of ``Decimal`` yuan (``Decimal('8160.00')``)."""
    return [K.yuan(v) for v in fen_of(values)]


def _money_out(df: dict[str, Any], money: str, name: str, fen: np.ndarray, mask: np.ndarray | None = None) -> None:
    if money == "fen":
        if mask is not None and mask.any():
            df[f"{name}_fen"] = pd.arrays.IntegerArray(np.where(mask, 0, fen).astype(np.int64), mask.copy())
        else:
            df[f"{name}_fen"] = np.asarray(fen, dtype=np.int64)
    else:
        df[name] = decimal_array(fen, mask)


def _check_money_mode(money: str) -> None:
    if money not in ("decimal", "fen"):
        raise InputError("money", f"{show(money)} is not an output money format", "decimal, fen")


# ---------------------------------------------------------------- reading columns


def _rows(index: pd.Index, mask_or_rows: np.ndarray) -> str:
    rows = np.flatnonzero(mask_or_rows) if mask_or_rows.dtype == bool else mask_or_rows
    labels = [str(index[i]) for i in rows[:5]]
    more = f" … ({len(rows)} rows)" if len(rows) > 5 else ""
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(labels) + more


class _Table:
    """One input table: its name in messages, its index for row labels, the allowed columns."""

    def __init__(self, df: Any, name: str, allowed: Sequence[str], required: Sequence[str]):
        if not isinstance(df, pd.DataFrame):
            raise InputError(name, f"{type(df).__name__} is not a pandas DataFrame", "a pandas.DataFrame")
        self.df, self.name, self.index = df, name, df.index
        ok = set(allowed) | {f"{m}_fen" for m in (*_CLAIM_MONEY, *_PEOPLE_MONEY)}
        unknown = [c for c in df.columns if c not in ok]
        if name == "claims" and "major_disease" in unknown:
            raise InputError("claims.major_disease", "is a fact about the person, not about a bill: the major-disease "
                             "assistance cap applies to the person's year (assumption assistance_cap_per_person)",
                             "a column major_disease of the people table")
        if unknown:
            raise InputError(f"{name}.{show_key(unknown[0])}", "unknown column", ", ".join(allowed))
        for c in df.columns:
            if c.endswith("_fen") and c[:-4] in df.columns:
                raise InputError(f"{name}.{c}", f"both {c[:-4]} and {c} are given", f"one of {c[:-4]}, {c}")
        for c in required:
            if c not in df.columns and f"{c}_fen" not in df.columns:
                raise InputError(f"{name}.{c}", "missing column", f"a column {c}")
        if not df.columns.is_unique:
            raise InputError(name, "column names repeat", "each column once")

    def fail(self, column: str, problem: str, rows: np.ndarray, allowed: str | None) -> None:
        raise InputError(f"{self.name}.{column}", f"{problem} in {_rows(self.index, rows)}", allowed)

    def has(self, column: str) -> bool:
        return column in self.df.columns

    # -- per unique value, with the scalar parser (exactly the same reading as one person's input)

    def factorize(self, column: str, values: Any) -> tuple[np.ndarray, Any]:
        """``pd.factorize``, with a cell holding a list or a mapping refused (it cannot be one value)."""
        try:
            return pd.factorize(values, use_na_sentinel=True)
        except TypeError:
            bad = np.array([not _hashable(v) for v in values], dtype=bool)
            self.fail(column, "holds lists or mappings, not single values", bad, "one value per cell")
            raise  # pragma: no cover - fail() raises

    def factorized(self, column: str, parse: Callable[[Any], Any]) -> tuple[np.ndarray, list[Any]]:
        """(codes, parsed unique values): code −1 marks a missing cell; each value parsed once."""
        codes, uniques = self.factorize(column, self.df[column])
        codes = np.asarray(codes, dtype=np.int64)
        values = []
        for j, u in enumerate(uniques):
            try:
                values.append(parse(u))
            except InputError as e:
                self.fail(column, e.problem, codes == j, e.allowed)
        return codes, values

    def by_value(self, column: str, parse: Callable[[Any], Any], *, required: bool, allowed: str,
                 missing: Any = None, dtype: Any = np.int64) -> np.ndarray:
        codes, values = self.factorized(column, parse)
        if required and (codes < 0).any():
            self.fail(column, "missing", codes < 0, allowed)
        table = np.array(values + [missing], dtype=dtype)
        return table[codes]  # code −1 takes the last entry: missing

    def choice(self, column: str, choices: Sequence[str], aliases: dict[str, str] | None, *,
               required: bool = False, names: dict[str, str] | None = None) -> np.ndarray:
        """Codes (index in ``choices``; −1 missing) read by the scalar :func:`~yibao.inputs.parse_choice`."""
        if not self.has(column):
            if required:
                self.fail(column, "missing column", np.zeros(0, dtype=np.int64), ", ".join(choices))
            return np.full(len(self.df), -1, dtype=np.int8)
        lookup = names or {c: c for c in choices}

        def parse(v: Any) -> int:
            if isinstance(v, str) and not v.strip():
                if required:
                    raise InputError(column, "missing", ", ".join(choices))
                return -1
            return list(choices).index(parse_choice(v, column, lookup, aliases))

        return self.by_value(column, parse, required=required, allowed=", ".join(choices), missing=-1, dtype=np.int8)

    def integer(self, column: str, lo: int, hi: int, allowed: str) -> np.ndarray:
        """Whole numbers from ``lo`` to ``hi``; 0 where missing (the kernels' "none")."""
        n = len(self.df)
        if not self.has(column):
            return np.zeros(n, dtype=np.int64)
        s = self.df[column]
        if pd.api.types.is_bool_dtype(s.dtype):
            self.fail(column, "is true/false, not a whole number", np.arange(n), allowed)
        if pd.api.types.is_integer_dtype(s.dtype) or pd.api.types.is_float_dtype(s.dtype):
            na = s.isna().to_numpy()
            # compared in the column's own type (uint64, float) before any cast, so nothing wraps
            own = "float64" if pd.api.types.is_float_dtype(s.dtype) else getattr(s.dtype, "numpy_dtype", s.dtype)
            vals = s.to_numpy(dtype=own, na_value=0)
            if pd.api.types.is_float_dtype(s.dtype):
                with np.errstate(invalid="ignore"):
                    bad = ~na & ((vals != np.floor(vals)) | ~np.isfinite(vals))
                if bad.any():
                    self.fail(column, "not a whole number", bad, allowed)
            bad = ~na & ((vals < lo) | (vals > hi))
            if bad.any():
                self.fail(column, "out of range", bad, allowed)
            return np.where(na, 0, vals).astype(np.int64)
        return self.by_value(column, lambda v: parse_whole(v, column, lo, hi, allowed), required=False,
                             allowed=allowed, missing=0)

    def boolean(self, column: str, default: bool) -> np.ndarray:
        n = len(self.df)
        if not self.has(column):
            return np.full(n, default)
        s = self.df[column]
        if pd.api.types.is_bool_dtype(s.dtype):
            return s.to_numpy(dtype=bool, na_value=default)
        return self.by_value(column, lambda v: parse_bool(v, column, default=default), required=False,
                             allowed=BOOL_ALLOWED, missing=default, dtype=bool)

    def day(self, column: str, *, required: bool, none: int) -> np.ndarray:
        """Day numbers (days since 1970-01-01); ``none`` where missing."""
        n = len(self.df)
        allowed = "a date such as 2024-05-31"
        if not self.has(column):
            if required:
                self.fail(column, "missing column", np.zeros(0, dtype=np.int64), allowed)
            return np.full(n, none, dtype=np.int64)
        s = self.df[column]
        if pd.api.types.is_datetime64_any_dtype(s.dtype) and not isinstance(s.dtype, pd.ArrowDtype):
            if getattr(s.dt, "tz", None) is not None:
                self.fail(column, "has a time zone", np.arange(n), "dates without time zone")
            na = s.isna().to_numpy()
            if required and na.any():
                self.fail(column, "missing", na, allowed)
            ns = s.to_numpy(dtype="datetime64[ns]")
            days = ns.astype("datetime64[D]")
            bad = ~na & (days.astype("datetime64[ns]") != ns)
            if bad.any():
                self.fail(column, "has a time of day", bad, "dates (midnight)")
            out = np.where(na, none, days.astype(np.int64))
            lo, hi = (d.toordinal() - _EPOCH for d in (MIN_DATE, MAX_DATE))
            bad = ~na & ((out < lo) | (out > hi))
            if bad.any():
                self.fail(column, "out of range", bad, f"a date from {MIN_DATE} to {MAX_DATE}")
            return out

        def parse(v: Any) -> int:
            if isinstance(v, str) and not v.strip():
                if required:
                    raise InputError(column, "missing", allowed)
                return none
            if isinstance(v, dt.datetime) and v != dt.datetime.combine(v.date(), dt.time()):
                raise InputError(column, f"{v} has a time of day", allowed)
            return parse_date(v, column).toordinal() - _EPOCH

        return self.by_value(column, parse, required=required, allowed=allowed, missing=none)

    def money(self, column: str, *, required: bool) -> tuple[np.ndarray, np.ndarray]:
        """(fen, missing) for a money column given as ``column`` or ``column_fen`` (see the module doc)."""
        n = len(self.df)
        allowed = "0 or more yuan, to the fen"
        if self.has(f"{column}_fen"):
            col = f"{column}_fen"
            s = self.df[col]
            if not pd.api.types.is_integer_dtype(s.dtype) or pd.api.types.is_bool_dtype(s.dtype):
                self.fail(col, f"is {s.dtype}, not whole fen", np.arange(min(n, 1)),
                          "an integer column of fen (1234 is 12.34 yuan)")
            na = s.isna().to_numpy()
            own = _own_ints(s)  # checked in the column's own type (uint64 stays unsigned): nothing wraps
            for bad, what, ok in ((~na & (own < 0), "negative", "0 or more yuan"),
                                  (~na & (own > _MAX_FEN), "too large", f"0 to {MAX_MONEY} yuan")):
                if bad.any():
                    self.fail(col, what, bad, ok)
            fen = own.astype(np.int64)
        elif self.has(column):
            col = column
            s = self.df[col]
            na = s.isna().to_numpy()
            fen = self._money_values(col, s, na)
        else:
            if required:
                self.fail(column, "missing column", np.zeros(0, dtype=np.int64), allowed)
            return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
        if required and na.any():
            self.fail(col, "missing", na, allowed)
        fen = np.where(na, 0, fen)
        if (fen < 0).any():
            self.fail(col, "negative", fen < 0, "0 or more yuan")
        if (fen > _MAX_FEN).any():
            self.fail(col, "too large", fen > _MAX_FEN, f"0 to {MAX_MONEY} yuan")
        return fen, na

    def _money_values(self, col: str, s: pd.Series, na: np.ndarray) -> np.ndarray:
        dtype = s.dtype
        if pd.api.types.is_bool_dtype(dtype):
            self.fail(col, "is true/false, not money", np.arange(min(len(s), 1)), "yuan such as 12.34")
        if isinstance(dtype, pd.ArrowDtype) and pa.types.is_decimal(dtype.pyarrow_dtype):
            fen, bad = _decimal_to_fen(pa.array(s.array))
            if bad is not None:  # find the rows, one by one (an error path only)
                rows = np.array([v is not None and (v != v.quantize(Decimal("0.01")) or abs(v) > MAX_MONEY)
                                 for v in pa.array(s.array).to_pylist()], dtype=bool)
                self.fail(col, bad, rows, "yuan to the fen, e.g. 12.34")
            return fen
        if pd.api.types.is_integer_dtype(dtype):
            own = _own_ints(s)
            for bad, what, ok in ((~na & (own < 0), "negative", "0 or more yuan"),
                                  (~na & (own > _MAX_FEN // 100), "too large", f"0 to {MAX_MONEY} yuan")):
                if bad.any():
                    self.fail(col, what, bad, ok)
            return own.astype(np.int64) * 100
        if pd.api.types.is_float_dtype(dtype):
            x = s.to_numpy(dtype=np.float64, na_value=0.0)
            with np.errstate(invalid="ignore", over="ignore"):
                f = np.rint(x * 100)
                ok = np.isfinite(x) & (np.abs(x) <= float(MAX_MONEY)) & ((f / 100) == x)
            bad = ~na & ~ok
            if bad.any():
                self.fail(col, "float values that are not a whole number of fen", bad,
                          "yuan to the fen (a float must be the nearest double to such an amount); "
                          "better: strings, Decimal, or whole fen in a column " + f"{col}_fen")
            return f.astype(np.int64)

        def parse(v: Any) -> int:
            if isinstance(v, (float, np.floating)):
                raise InputError(col, f"{show(v)} is a float in a column of {dtype}",
                                 "strings, Decimal or int in one column; or a float column of whole fen")
            if isinstance(v, np.integer):
                v = int(v)
            return K.to_fen(parse_money(v, col))

        return self.by_value(col, parse, required=False, allowed="yuan to the fen, e.g. 12.34", missing=0)


def _own_ints(s: pd.Series) -> np.ndarray:
    """An integer column's values in its own numpy type (missing as 0)."""
    return s.to_numpy(dtype=getattr(s.dtype, "numpy_dtype", s.dtype), na_value=0)


def _decimal_to_fen(arr: pa.Array) -> tuple[np.ndarray, str | None]:
    """decimal128/256 → int64 fen, or a reason it cannot be read exactly."""
    try:
        d = pc.cast(arr, pa.decimal128(38, 2), safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.zeros(len(arr), dtype=np.int64), "has more than two decimals"
    d = d.combine_chunks() if isinstance(d, pa.ChunkedArray) else d
    words = np.frombuffer(d.buffers()[1], dtype=np.int64)[2 * d.offset: 2 * (d.offset + len(d))].reshape(-1, 2)
    lo, hi = words[:, 0], words[:, 1]
    valid = ~np.asarray(d.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if (valid & (hi != (lo >> 63))).any():
        return np.zeros(len(arr), dtype=np.int64), "too large"
    return np.where(valid, lo, 0), None


_SPLIT = re.compile(r"[;,,;、|\s]+")


def _hashable(v: Any) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


def _groups_key(v: Any) -> str:
    """A hashable stand-in for a row's groups (a string as given, or a list-like joined)."""
    if isinstance(v, (list, tuple, set, frozenset, np.ndarray)):
        return ";".join(sorted(str(g) for g in v))
    return v


def _groups(table: _Table) -> tuple[np.ndarray, list[frozenset[Group]]]:
    """Per row a code, and per code the set of groups (codes of :class:`~yibao.groups.Group` or Chinese
    names, separated by ``;`` ``,`` ``、`` ``|`` or spaces, or list-likes of them)."""
    n = len(table.df)
    if not table.has("groups"):
        return np.zeros(n, dtype=np.int64), [frozenset()]
    s = table.df["groups"]
    if s.dtype == object:
        s = s.map(_groups_key)
    codes, uniques = table.factorize("groups", s)
    sets: list[frozenset[Group]] = []
    for j, u in enumerate(uniques):
        try:
            sets.append(frozenset(parse_group(g, "groups") for g in _SPLIT.split(str(u).strip()) if g))
        except InputError as e:
            table.fail("groups", e.problem, codes == j, "codes of yibao.groups.Group or their Chinese names, "
                       "separated by ';'")
    sets.append(frozenset())
    return np.asarray(codes, dtype=np.int64) % len(sets), sets  # −1 (none) → the last, empty set


def _person_ids(table: _Table) -> pd.Index:
    ids = table.df["person_id"]
    na = ids.isna().to_numpy()
    if na.any():
        table.fail("person_id", "missing", na, "an id for every person")
    idx = pd.Index(ids)
    if not idx.is_unique:
        table.fail("person_id", "repeated", idx.duplicated(keep=False), "each person once")
    return idx


# ---------------------------------------------------------------- settlement


def _people_arrays(table: _Table, policy: Policy, params: K.Params) -> dict[str, np.ndarray]:
    n = len(table.df)
    out: dict[str, np.ndarray] = {}
    tiers = table.by_value("tier", lambda v: K.tier_code(benefit_tier(policy, v)), required=False,
                           allowed=", ".join(params.tiers), missing=-1) if table.has("tier") else np.full(n, -1)
    if (tiers < 0).any():
        if params.tiers != ("standard",):
            table.fail("tier", f"missing: policy {policy.id} has two benefit tiers", tiers < 0, "high, low")
        tiers = np.zeros(n, dtype=np.int64)
    out["tier"] = tiers.astype(np.int64)
    gcodes, sets = _groups(table)
    poor = np.array([params.poor(g) for g in sets])
    border = np.array([params.border(g) for g in sets])
    cls = [params.assistance_class(g) for g in sets]
    abp = np.array([-1 if k is None else params.assist_classes[k][1] for k in cls], dtype=np.int64)
    out["poor"], out["border"], out["assist_bp"] = poor[gcodes], border[gcodes], abp[gcodes]
    out["years"] = table.integer("continuous_years", 0, MAX_YEARS, f"a whole number of years, 0 to {MAX_YEARS}")
    inc, _ = table.money("incentive_amount", required=False)
    if inc.any():
        if not params.has_catastrophic:
            table.fail("incentive_amount", f"policy {policy.id} has no catastrophic insurance to raise", inc > 0, "0")
        if policy.incentives is None:
            table.fail("incentive_amount", f"policy {policy.id} has no enrolment incentives: they raise the "
                       "catastrophic cap from the 2025 benefit year (T14–T16)", inc > 0,
                       "0, or a policy from 2025 on such as xizang-2025")
        if params.incentive_limit is not None and (inc > params.incentive_limit).any():
            table.fail("incentive_amount", "above the T16 limit", inc > params.incentive_limit,
                       f"0 to {K.fmt_fen(params.incentive_limit)}")
        if params.incentive_limit is None and (inc > params.cat_cap).any():  # as Person: no more than the cap
            table.fail("incentive_amount", "more than the catastrophic cap itself", inc > params.cat_cap,
                       f"0 to {K.fmt_fen(params.cat_cap)}")
    out["incentive"] = inc
    out["retired"] = table.boolean("retired", False)
    out["major"] = table.boolean("major_disease", False)
    out["waiting_until"] = table.day("waiting_until", required=False, none=K.NO_START)
    out["cover_start"] = table.day("cover_start", required=False, none=K.NO_START)
    out["cover_end"] = table.day("cover_end", required=False, none=K.NO_END)
    bad = (out["cover_start"] != K.NO_START) & (out["cover_end"] != K.NO_END) & (out["cover_end"] < out["cover_start"])
    if bad.any():
        table.fail("cover_end", "before cover_start", bad, "a day on or after cover_start")
    out["retro_paid_on"] = table.day("retroactive_paid_on", required=False, none=K.NO_START)
    if (out["retro_paid_on"] != K.NO_START).any():
        if policy.coverage is None or not any(w.retroactive for w in policy.coverage.windows):
            table.fail("retroactive_paid_on", f"policy {policy.id} has no payment window with retroactive "
                       "reimbursement (Y3)", out["retro_paid_on"] != K.NO_START,
                       "empty, or a policy such as yuncheng-2024")
    return out


def _year_days(policy: Policy) -> tuple[int, int]:
    """:func:`yibao.settlement.claim_span` as day numbers."""
    first, last = claim_span(policy)
    return first.toordinal() - _EPOCH, last.toordinal() - _EPOCH


def _visits(table: _Table) -> np.ndarray:
    """Per row a code of its ``visit`` (the rows of one visit share the Y6 cap), −1 where none is given."""
    n = len(table.df)
    if not table.has("visit"):
        return np.full(n, -1, dtype=np.int64)

    def name(v: Any) -> str | None:
        if isinstance(v, bool) or not isinstance(v, (str, int, np.integer)):
            raise InputError("visit", f"{show(v)} is not a visit name", "any text naming the visit, e.g. v1")
        return str(v).strip() or None

    codes, names = table.factorized("visit", name)
    # blanks and equal names after stripping share one code (as Claim.visit reads them)
    canon = {v: i for i, v in enumerate(dict.fromkeys(x for x in names if x is not None))}
    table_ = np.array([canon[v] if v is not None else -1 for v in names] + [-1], dtype=np.int64)
    return table_[codes]


def _claim_arrays(table: _Table, person_index: pd.Index, policy: Policy) -> dict[str, np.ndarray]:
    df = table.df
    pos = person_index.get_indexer(pd.Index(df["person_id"]))
    if (pos < 0).any():
        table.fail("person_id", "not in people", pos < 0, "the person_id of a row of people")
    out: dict[str, np.ndarray] = {"person": pos.astype(np.int64)}
    day = table.day("date", required=True, none=0)
    first, last = _year_days(policy)
    bad = (day < first) | (day > last)
    if bad.any():
        table.fail("date", f"outside the {policy.year} benefit year of policy {policy.id}", bad,
                   f"a date from {dt.date.fromordinal(first + _EPOCH)} to {dt.date.fromordinal(last + _EPOCH)}")
    out["day"] = day
    out["kind"] = table.choice("kind", K.KIND_CODES, KIND_ALIASES, required=True, names=KINDS)
    out["level"] = table.integer("level", 1, 3, "1, 2, 3")
    out["admission"] = table.integer("admission", 1, MAX_ADMISSION, f"1 to {MAX_ADMISSION} (which admission of the year)")
    out["facility"] = table.choice("facility", K.FACILITY_CODES, _FACILITY_ALIASES, names=FACILITIES)
    out["drug"] = table.choice("drug_class", K.DRUG_CODES, _DRUG_ALIASES, names=DRUG_CLASSES)
    out["cost"], _ = table.money("cost", required=True)
    out["outside"], _ = table.money("outside_catalogue", required=False)
    out["ethnic"], _ = table.money("ethnic_share", required=False)
    out["excluded"] = table.choice("excluded", K.REASON_CODES[:6], None, names=EXCLUSIONS)
    out["designated"] = table.boolean("designated", True)
    out["emergency"] = table.boolean("emergency", False)
    out["visit"] = _visits(table)
    problems = K.claim_problems(out["kind"], out["level"], out["admission"], out["facility"], out["drug"],
                                out["cost"], out["ethnic"])
    if problems:
        p = problems[0]
        i = int(p.rows[0])
        allowed = p.allowed(i) if callable(p.allowed) else p.allowed
        table.fail(p.column, p.problem(i), p.rows, allowed)
    return out


def _settle(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy
            ) -> tuple[_Table, _Table, pd.Index, dict[str, np.ndarray], dict[str, np.ndarray]]:
    pol = as_policy(policy)
    params = K.policy_params(pol)
    pt = _Table(people, "people", PEOPLE_SETTLE + PEOPLE_PREMIUM, ("person_id",))
    ct = _Table(claims, "claims", CLAIMS, ("person_id", "date", "kind", "cost"))
    ids = _person_ids(pt)
    pa_ = _people_arrays(pt, pol, params)
    ca = _claim_arrays(ct, ids, pol)
    year = np.bincount(ca["person"], weights=(ca["cost"] + ca["outside"]).astype(np.float64), minlength=len(ids))
    if (year > float(MAX_YEAR_COST) * 100).any():  # the running totals stay far inside int64
        ct.fail("cost", f"a person's claims add up to more than {MAX_YEAR_COST} yuan",
                (year > float(MAX_YEAR_COST) * 100)[ca["person"]], f"at most {MAX_YEAR_COST} yuan a person a year")
    order = K.sort_order(ca["person"], ca["day"])
    if order is not None:
        for k in list(ca):  # one copy at a time
            ca[k] = ca[k][order]
    try:
        res = K.settle_arrays(params, pa_, ca)
    except K.RowsError as e:
        p = e.first()
        rows = p.rows if order is None else order[p.rows]
        raise NotCovered(f"claims.{p.column}", f"{p.problem(int(p.rows[0]))} in {_rows(ct.index, rows)}",
                         p.rules) from None
    res["cost"], res["outside"], res["person"] = ca["cost"], ca["outside"], ca["person"]
    del ca
    runs = K.Runs.of(res["person"])  # the year's totals per person, exact, on the sorted rows
    n_people = len(ids)
    res["sum_total"] = runs.total(res["cost"] + res["outside"], n_people)
    for k in ("basic", "catastrophic", "assistance"):
        res[f"sum_{k}"] = runs.total(res[k], n_people)
    res["count"] = runs.total(np.ones(len(res["person"]), dtype=np.int64), n_people)
    del runs
    if order is not None:  # back to the order given
        inv = np.empty_like(order)
        inv[order] = np.arange(len(order))
        del order
        for k in ("basic", "catastrophic", "assistance", "reason", "cost", "outside", "person"):
            res[k] = res[k][inv]
    return pt, ct, ids, pa_, res


def _claims_out(ct: _Table, ids: pd.Index, res: dict[str, np.ndarray], money: str) -> pd.DataFrame:
    total = res["cost"] + res["outside"]
    oop = total - res["basic"] - res["catastrophic"] - res["assistance"]
    cols: dict[str, Any] = {"person_id": ct.df["person_id"].to_numpy()}
    for name, v in (("total_cost", total), ("basic", res["basic"]), ("catastrophic", res["catastrophic"]),
                    ("assistance", res["assistance"]), ("out_of_pocket", oop)):
        _money_out(cols, money, name, v)
    reasons = np.array(list(K.REASON_CODES) + [None], dtype=object)
    cols["reason"] = pd.Categorical(reasons[res["reason"]], categories=list(K.REASON_CODES))
    return pd.DataFrame(cols, index=ct.index)


def _year_out(pt: _Table, ids: pd.Index, params: K.Params, res: dict[str, np.ndarray], money: str) -> pd.DataFrame:
    n = len(ids)

    cols: dict[str, Any] = {"person_id": ids.to_numpy(), "claims": res["count"]}
    amounts = {"total_cost": res["sum_total"], "basic": res["sum_basic"],
               "catastrophic": res["sum_catastrophic"], "assistance": res["sum_assistance"]}
    amounts["out_of_pocket"] = amounts["total_cost"] - amounts["basic"] - amounts["catastrophic"] - amounts["assistance"]
    zero = np.zeros(n, dtype=np.int64)
    y = {k: res.get(k, zero) for k in K.YEAR_FIELDS}
    amounts.update({
        "general_outpatient_deductible_met": y["year_go_deductible_met"], "general_outpatient_paid": y["year_go_paid"],
        "employee_outpatient_deductible_met": y["year_eo_deductible_met"], "employee_outpatient_paid": y["year_eo_paid"],
        "pooled_outpatient_paid": y["year_po_paid"]})
    for k, v in amounts.items():
        _money_out(cols, money, k, v)
    cols["admissions"] = y["year_admissions"]
    cap = res.get("year_cat_cap")
    nocap = np.ones(n, dtype=bool) if cap is None else np.zeros(n, dtype=bool)
    for k, v in (("catastrophic_base", y["year_cat_base"]), ("catastrophic_paid", y["year_cat_paid"])):
        _money_out(cols, money, k, v)
    _money_out(cols, money, "catastrophic_cap", zero if cap is None else cap, nocap)
    cols["incentive_used"] = (y["year_cat_paid"] > params.cat_cap) if cap is not None else np.zeros(n, dtype=bool)
    _money_out(cols, money, "assistance_ordinary", y["year_as_ordinary"])
    _money_out(cols, money, "assistance_major", y["year_as_major"])
    return pd.DataFrame(cols, index=pt.index)


def settle_frames(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy, *,
                  money: str = "decimal") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per claim, per person) in one pass; see :func:`settle_frame` and :func:`year_frame`."""
    _check_money_mode(money)
    pt, ct, ids, _, res = _settle(people, claims, policy)
    params = K.policy_params(as_policy(policy))
    return _claims_out(ct, ids, res, money), _year_out(pt, ids, params, res, money)


def settle_frame(people: pd.DataFrame, claims: pd.DataFrame, policy: str | Policy, *,
                 money: str = "decimal") -> pd.DataFrame:
    """Every claim through basic insurance, catastrophic insurance and medical assistance.

    ``people``: one row per person, ``person_id`` unique, and the facts of :class:`yibao.settlement.Person`
    as columns (``tier``, ``groups``, ``continuous_years``, ``incentive_amount``, ``retired``,
    ``waiting_until``, ``cover_start``, ``cover_end``, ``retroactive_paid_on``; all but ``person_id``
    optional). ``claims``: one row per bill with ``person_id`` and the fields of
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


# ---------------------------------------------------------------- premium


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


def premium_frame(people: pd.DataFrame, policy: str | Policy, *, money: str = "decimal") -> pd.DataFrame:
    """:func:`yibao.premium.premium` for every row of ``people`` (same index).

    Columns read (all optional): ``tier``, ``groups``, ``sex``, ``birth_date``, ``age``, ``income``,
    ``paid_on``. Returns ``tier``, ``standard``, ``individual`` and one money column per other payer
    (``finance``, ``medical_assistance``, ``finance_and_medical_assistance``, ``government_aid``;
    ``individual`` is the individual payer's), ``aid`` (the aid rule id, missing if none),
    ``late_fiscal_share`` and ``age``.

    The premium depends on a person only through a few discrete facts (tier, groups, sex, age,
    where the income lies against the aid rules' income bounds, payment date): the scalar
    :func:`~yibao.premium.premium` runs once per distinct combination and its result is spread over
    the rows, so there is one implementation of the premium rules.
    """
    from .calculators.person import age_on, parse_sex
    from .calculators.premium import premium

    _check_money_mode(money)
    pol = as_policy(policy)
    t = _Table(people, "people", PEOPLE_SETTLE + PEOPLE_PREMIUM, ())
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
    gcodes, gsets = _groups(t)
    sex_c, sex_v = codes_of("sex", lambda v: parse_sex(v))
    paid = t.day("paid_on", required=False, none=-(10 ** 9))
    year_start = pol.coverage.benefit_year.start if pol.coverage else pol.in_force.start
    # age: once per distinct (birth date, stated age, day it is judged on)
    birth = t.day("birth_date", required=False, none=-(10 ** 9))
    stated = t.integer("age", 0, 150, "0 to 150") if "age" in df.columns else np.zeros(n, dtype=np.int64)
    has_age = df["age"].notna().to_numpy() if "age" in df.columns else np.zeros(n, dtype=bool)
    on = np.full(n, year_start.toordinal() - _EPOCH, dtype=np.int64)
    if prem.age_reference != "benefit_year_start":
        on = np.where(paid > -(10 ** 9), paid, on)
    acodes, auniq = _combine([birth, np.where(has_age, stated, -1), on])
    ages = []
    for j, (b, a, o) in enumerate(auniq):
        try:
            ages.append(age_on(None if b == -(10 ** 9) else dt.date.fromordinal(int(b) + _EPOCH),
                               None if a < 0 else int(a), dt.date.fromordinal(int(o) + _EPOCH)))
        except InputError as e:
            t.fail(e.field, e.problem, acodes == j, e.allowed)
    age_arr = np.array([-1 if a is None else a for a in ages], dtype=np.int64)[acodes]
    # income: only its place against the aid rules' bounds matters
    inc, inc_na = t.money("income", required=False)
    bounds = sorted({K.to_fen(Decimal(x)) for a in prem.aids for x in (a.income_above, a.income_below)
                     if x is not None})
    if bounds:
        b = np.array(bounds, dtype=np.int64)
        pos = np.searchsorted(b, inc, side="left")
        eq = (pos < len(b)) & (b[np.minimum(pos, len(b) - 1)] == inc)
        inc_class = np.where(inc_na, -1, 2 * pos + eq)
    else:
        inc_class = np.where(inc_na, -1, 0)
    # a newborn's birth date itself matters (one year old at payment: no longer exempt from the period, X5)
    newborn = np.array([Group.newborn in g for g in gsets], dtype=bool)[gcodes]
    birth_key = np.where(newborn, birth, -(10 ** 9))
    kcodes, kuniq = _combine([tier_c, gcodes, sex_c, age_arr, inc_class, paid, birth_key])
    _, first = np.unique(kcodes, return_index=True)  # the first row of each combination
    def call(i: int) -> Any:
        b = None if birth_key[i] == -(10 ** 9) else dt.date.fromordinal(int(birth_key[i]) + _EPOCH)
        return premium(pol, tier=tier_v[tier_c[i]], groups=sorted(gsets[gcodes[i]]), sex=sex_v[sex_c[i]],
                       age=None if age_arr[i] < 0 else int(age_arr[i]), birth_date=b,
                       income=None if inc_na[i] else K.yuan(inc[i]),
                       paid_on=None if paid[i] == -(10 ** 9) else dt.date.fromordinal(int(paid[i]) + _EPOCH))

    results = []
    for j in range(len(kuniq)):
        try:
            r = call(int(first[j]))
        except (InputError, NotCovered) as e:
            column = e.field.split(".")[-1]
            err = type(e)
            same = [j] + [k for k in range(j + 1, len(kuniq)) if _fails_alike(e, lambda k=k: call(int(first[k])))]
            msg = f"{e.problem} in {_rows(t.index, np.isin(kcodes, same))}"
            raise (InputError(f"people.{column}", msg, e.allowed) if err is InputError
                   else NotCovered(f"people.{column}", msg, e.rules)) from None
        results.append(r)
    out: dict[str, Any] = {}
    if "person_id" in df.columns:
        out["person_id"] = df["person_id"].to_numpy()
    out["tier"] = pd.Categorical(np.array([r.tier for r in results], dtype=object)[kcodes])

    def col(get: Callable[[Any], Decimal]) -> np.ndarray:
        return np.array([K.to_fen(get(r)) for r in results], dtype=np.int64)[kcodes]

    _money_out(out, money, "standard", col(lambda r: r.standard))
    _money_out(out, money, "individual", col(lambda r: r.individual))
    for p in PAYERS[1:]:
        _money_out(out, money, p, col(lambda r, p=p: r.paid_by.get(p, Decimal(0))))
    aids = [r.aid for r in results]
    out["aid"] = pd.Categorical(np.array(aids, dtype=object)[kcodes],
                                categories=[a.id for a in prem.aids])
    _money_out(out, money, "late_fiscal_share", col(lambda r: r.late_fiscal_share))
    out["age"] = pd.array(np.array([r.age for r in results], dtype=object)[kcodes], dtype="Int64")
    return pd.DataFrame(out, index=people.index)
