"""Reading the columns of a people or claims table: each distinct value once, with the scalar parsers of
:mod:`yibao.inputs` (so a value is read as one person's input reads it), typed columns checked in their
own dtype. Every problem names ``table.column``, the problem and the first rows by index label."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import InputError
from ..groups import Group, parse_group
from ..inputs import (
    BOOL_ALLOWED,
    MAX_DATE,
    MAX_MONEY,
    MIN_DATE,
    parse_bool,
    parse_date,
    parse_money,
    parse_whole,
    show,
    show_key,
)
from ..money import to_fen
from ..policy.codes import code, day_number
from ..vocabulary import Term, parse_term
from .money import decimal_to_fen

T = TypeVar("T", bound=Term)
_MAX_FEN = int(MAX_MONEY * 100)


def constant(n: int, value: Any, dtype: Any) -> np.ndarray:
    """The column of a table that does not have it: one value on every row (a read-only view, no memory)."""
    return np.broadcast_to(np.array(value, dtype=dtype), (n,))
#: Money columns, each also accepted as whole fen in a column ``<name>_fen``.
MONEY_COLUMNS = ("cost", "outside_catalogue", "ethnic_share", "incentive_amount", "income")


def row_labels(index: pd.Index, mask_or_rows: np.ndarray) -> str:
    rows = np.flatnonzero(mask_or_rows) if mask_or_rows.dtype == bool else mask_or_rows
    labels = [str(index[i]) for i in rows[:5]]
    more = f" … ({len(rows)} rows)" if len(rows) > 5 else ""
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(labels) + more


class Table:
    """One input table: its name in messages, its index for row labels, the allowed columns."""

    def __init__(self, df: Any, name: str, allowed: Sequence[str], required: Sequence[str]):
        if not isinstance(df, pd.DataFrame):
            raise InputError(name, f"{type(df).__name__} is not a pandas DataFrame", "a pandas.DataFrame")
        self.df, self.name, self.index = df, name, df.index
        ok = set(allowed) | {f"{m}_fen" for m in MONEY_COLUMNS}
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
        raise InputError(f"{self.name}.{column}", f"{problem} in {row_labels(self.index, rows)}", allowed)

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
        table = np.array([*values, missing], dtype=dtype)
        return table[codes]  # code −1 takes the last entry: missing

    def term(self, column: str, enum: type[T], *, required: bool = False) -> np.ndarray:
        """Codes of a vocabulary enum (its members' positions; −1 missing), each distinct value read by
        :func:`~yibao.vocabulary.parse_term`."""
        allowed = ", ".join(m.value for m in enum)
        if not self.has(column):
            if required:
                self.fail(column, "missing column", np.zeros(0, dtype=np.int64), allowed)
            return constant(len(self.df), -1, np.int8)

        def parse(v: Any) -> int:
            if isinstance(v, str) and not v.strip():
                if required:
                    raise InputError(column, "missing", allowed)
                return -1
            return code(parse_term(v, column, enum))

        return self.by_value(column, parse, required=required, allowed=allowed, missing=-1, dtype=np.int8)

    def integer(self, column: str, lo: int, hi: int, allowed: str) -> np.ndarray:
        """Whole numbers from ``lo`` to ``hi``; 0 where missing (the kernels' "none")."""
        n = len(self.df)
        if not self.has(column):
            return constant(n, 0, np.int64)
        s = self.df[column]
        if pd.api.types.is_bool_dtype(s.dtype):
            self.fail(column, "is true/false, not a whole number", np.arange(n), allowed)
        if pd.api.types.is_integer_dtype(s.dtype) or pd.api.types.is_float_dtype(s.dtype):
            na = s.isna().to_numpy()
            # compared in the column's own type (uint64, float) before any cast, so nothing wraps
            own = "float64" if pd.api.types.is_float_dtype(s.dtype) else getattr(s.dtype, "numpy_dtype", s.dtype)
            vals = s.to_numpy(dtype=own, na_value=0)  # type: ignore[arg-type]
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
            return constant(n, default, bool)
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
            return constant(n, none, np.int64)
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
            lo, hi = day_number(MIN_DATE), day_number(MAX_DATE)
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
            return day_number(parse_date(v, column))

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
            return constant(n, 0, np.int64), constant(n, True, bool)
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
            fen, why = decimal_to_fen(pa.array(s.array))
            if why is not None:  # find the rows, one by one (an error path only)
                rows = np.array([v is not None and (v != v.quantize(Decimal("0.01")) or abs(v) > MAX_MONEY)
                                 for v in pa.array(s.array).to_pylist()], dtype=bool)
                self.fail(col, why, rows, "yuan to the fen, e.g. 12.34")
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
            return to_fen(parse_money(v, col))

        return self.by_value(col, parse, required=False, allowed="yuan to the fen, e.g. 12.34", missing=0)


def _own_ints(s: pd.Series) -> np.ndarray:
    """An integer column's values in its own numpy type (missing as 0)."""
    return s.to_numpy(dtype=getattr(s.dtype, "numpy_dtype", s.dtype), na_value=0)  # type: ignore[arg-type]


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


def read_groups(table: Table) -> tuple[np.ndarray, list[frozenset[Group]]]:
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


def person_ids(table: Table) -> pd.Index:
    ids = table.df["person_id"]
    na = ids.isna().to_numpy()
    if na.any():
        table.fail("person_id", "missing", na, "an id for every person")
    idx = pd.Index(ids)
    if not idx.is_unique:
        table.fail("person_id", "repeated", idx.duplicated(keep=False), "each person once")
    return idx


# ---------------------------------------------------------------- settlement

def read_visits(table: Table) -> np.ndarray:
    """Per row a code of its ``visit`` (the rows of one visit share the Y6 cap), −1 where none is given."""
    n = len(table.df)
    if not table.has("visit"):
        return constant(n, -1, np.int64)

    def name(v: Any) -> str | None:
        if isinstance(v, bool) or not isinstance(v, (str, int, np.integer)):
            raise InputError("visit", f"{show(v)} is not a visit name", "any text naming the visit, e.g. v1")
        return str(v).strip() or None

    codes, names = table.factorized("visit", name)
    # blanks and equal names after stripping share one code (as Claim.visit reads them)
    canon = {v: i for i, v in enumerate(dict.fromkeys(x for x in names if x is not None))}
    table_ = np.array([canon[v] if v is not None else -1 for v in names] + [-1], dtype=np.int64)
    return table_[codes]

