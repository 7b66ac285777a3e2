"""Read a claims file (or an incentive history file): CSV or JSON, UTF-8 with or without BOM.

Every problem names the file, the row and the column: ``claims.csv row 3, column level: ...``.
Row 1 is the first row after the header (CSV) or the first object of the list (JSON).
The columns are documented in ``docs/claims-file.md``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .inputs import Written, show, show_key
from .settlement import MOVED_COLUMNS, Claim
from .settlement.checks import claim_problems
from .settlement.codes import EXCLUSION_CODES, code, day_number, to_fen
from .settlement.columns import ClaimColumns
from .settlement.inputs import CLAIM_FIELDS, read_field
from .user_files import read_user_text, user_file

#: Columns a claims file must have; the others may be left out (or left empty in a row).
CLAIM_REQUIRED = ("date", "kind", "cost")
CLAIM_COLUMNS = tuple(f.name for f in fields(Claim))

Row = tuple[Callable[[str], str], dict[str, Any]]


#: The most rows a file may have: far beyond one person's year (550 bills a day), still settled and
#: explained in seconds (the columns are read as a table); whole populations go through the tables
#: (yibao.populations), not one explanation of millions of lines.
MAX_ROWS = 200_000
_ROWS_ALLOWED = f"at most {MAX_ROWS} rows (one person's year); settle populations with yibao.populations"


def _is_json(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix == ".csv":
        return False
    return text.lstrip()[:1] in ("[", "{")


class _Object(dict):
    """A JSON object; ``repeated`` names a key given twice (the first such), which CSV refuses too."""

    repeated: str | None = None


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    out = _Object()
    for k, v in pairs:
        if k in out and out.repeated is None:
            out.repeated = k
        out[k] = v
    return out


def _json_int(text: str) -> int | Decimal:
    # A number too long for int() (Python refuses 4300+ digits) stays a Decimal: the column says it is too large.
    return int(text) if len(text) <= 40 else Decimal(text)


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _load_json(text: str, name: str, key: str) -> Any:
    allowed = f"a JSON list of objects, or {{\"{key}\": [...]}}"
    try:
        return json.loads(text, parse_float=Written, parse_int=_json_int, parse_constant=_json_constant,
                          object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        raise InputError(name, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})", allowed) from None
    except RecursionError:
        raise InputError(name, "not valid JSON here: nested too deeply", allowed) from None
    except (ValueError, ArithmeticError) as e:
        raise InputError(name, f"not valid JSON: {str(e)[:80]}", allowed) from None


def read_rows(path: str | Path, required: Sequence[str], columns: Sequence[str], *, key: str = "claims",
              option: str = "--claims", moved: Mapping[str, tuple[str, str]] | None = None) -> list[Row]:
    """The rows of a CSV or JSON file, each with a function naming where a column's value came from.

    JSON is a list of objects, or an object with the list under ``key``. Unknown or repeated
    columns, missing required columns and rows with too many cells are errors. Nothing of a file
    that cannot be read as such a table is shown back (a CSV file whose first row names none of the
    columns is "not a claims file", without its first line).
    """
    path = user_file(path, option)
    text = read_user_text(path, option)
    name = path.name if len(path.name) <= 60 else path.name[:59] + "…"
    if _is_json(path, text):
        return _json_rows(_load_json(text, name, key), name, key, required)
    return _csv_rows(text, name, "claims" if key == "claims" else key, required, columns, moved or {})


def _json_rows(data: Any, name: str, key: str, required: Sequence[str]) -> list[Row]:
    if isinstance(data, dict):
        if data.repeated is not None:  # type: ignore[attr-defined]
            raise InputError(name, f"key {show(data.repeated)} appears twice", "each key once")  # type: ignore[attr-defined]
        other = next((k for k in data if k != key), None)
        if other is not None:  # "person" beside "claims": not read, so refused (named, not echoed)
            raise InputError(name, f"a top-level key other than {key!r}", f"{{\"{key}\": [...]}} only",
                             kind="user_file.unknown_key", params={"key": key, "name": _key_name(other)})
        if key in data:
            data = data[key]
    if not isinstance(data, list):
        raise InputError(name, "expected a list of objects", f"a JSON list of objects, or {{\"{key}\": [...]}}")
    if len(data) > MAX_ROWS:
        raise InputError(name, f"{len(data)} rows", _ROWS_ALLOWED)
    rows: list[Row] = []
    for i, obj in enumerate(data, start=1):
        if not isinstance(obj, dict):
            raise InputError(f"{name} row {i}", f"{type(obj).__name__} is not an object",
                             "an object such as {\"date\": \"2024-05-01\", ...}")
        if getattr(obj, "repeated", None) is not None:
            raise InputError(f"{name} row {i}, column {show_key(obj.repeated)}", "appears twice",  # type: ignore[attr-defined]
                             "each column once")
        for col in required:
            if col not in obj:
                raise InputError(f"{name} row {i}, column {col}", "required column missing",
                                 f"required: {', '.join(required)}")
        rows.append((_namer(name, i), dict(obj)))
    return rows


def unknown_column(field: str, key: Any, columns: Sequence[str]) -> InputError:
    """An unknown column, named by its place (never by its text: a file that is not ours is not shown
    back), with the column it was perhaps meant to be."""
    import difflib

    near = difflib.get_close_matches(key, list(columns), n=1, cutoff=0.75) if isinstance(key, str) else []
    hint = f" (did you mean {near[0]}?)" if near else ""
    return InputError(field, f"unknown column name{hint}", ", ".join(columns),
                      kind="user_file.unknown_column_near" if near else "user_file.unknown_column",
                      params={"choices": tuple(columns), "near": near[0] if near else ""})


def _key_name(key: str) -> str:
    """A key or column name of a file shown back only if it is short and plain (letters, digits, _):
    the content of a file that is not one of ours is never echoed."""
    import re

    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", key) else "…"


def _check_header(header: list[str], name: str, what: str, required: Sequence[str], columns: Sequence[str],
                  moved: Mapping[str, tuple[str, str]]) -> None:
    if not any(col in columns or col in moved for col in header):
        # Not a table of ours (a wrong file, /etc/passwd ...): say so without echoing it.
        raise InputError(name, f"not a {what} file: its first row names none of the columns",
                         f"a header row with at least: {', '.join(required)}")
    for position, col in enumerate(header, start=1):
        if col in moved:
            raise InputError(f"{name}, column {col}", *moved[col])
        if col not in columns:
            raise unknown_column(f"{name} header, column {position}", col, columns)
    for col in required:
        if col not in header:
            raise InputError(f"{name}, column {col}", "required column missing",
                             f"required: {', '.join(required)}; optional: "
                             + ", ".join(c for c in columns if c not in required))
    dup = {c for c in header if header.count(c) > 1}
    if dup:
        raise InputError(f"{name}, column {sorted(dup)[0]}", "appears twice", "each column once")


def _csv_rows(text: str, name: str, what: str, required: Sequence[str], columns: Sequence[str],
              moved: Mapping[str, tuple[str, str]]) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[Row] = []
    try:
        for record in reader:
            if not "".join(record).strip():
                continue
            if header is None:
                header = [c.strip() for c in record]
                _check_header(header, name, what, required, columns, moved)
                continue
            i = len(rows) + 1
            if i > MAX_ROWS:
                raise InputError(name, f"more than {MAX_ROWS} rows", _ROWS_ALLOWED)
            if len(record) > len(header):
                raise InputError(f"{name} row {i}", f"{len(record)} cells but the header has {len(header)}",
                                 "one cell per header column")
            if len(record) < len(header):
                record = record + [""] * (len(header) - len(record))
            rows.append((_namer(name, i), dict(zip(header, map(str.strip, record), strict=True))))
    except csv.Error as e:
        raise InputError(f"{name} line {reader.line_num}", f"not valid CSV: {str(e)[:80]}",
                         f"a CSV file with cells of at most {csv.field_size_limit()} characters") from None
    if header is None:
        raise InputError(name, "empty file", f"a header row with at least: {', '.join(required)}")
    return rows


def _namer(file: str, row: int) -> Callable[[str], str]:
    return lambda col: f"{file} row {row}, column {col}"


def read_claims(path: str | Path) -> list[Claim]:
    """The claims of a claims file, validated (see ``docs/claims-file.md``)."""
    return read_claim_columns(path)[0]


def _key(v: Any) -> Any:
    """A value as a key of its distinct values: ``True`` and ``1`` (equal in Python) stay apart, and so do
    JSON ``10.0`` and ``1E+1`` (read by their text)."""
    return (type(v), v.text if isinstance(v, Written) else v)


def read_claim_columns(path: str | Path) -> tuple[list[Claim], ClaimColumns, list[Callable[[str], str]]]:
    """The claims of a claims file, read column by column: each distinct value of a column once, by the
    reading of :meth:`Claim.from_mapping` (:data:`~yibao.settlement.inputs.CLAIM_FIELDS`); errors name the
    first row with the value. Returns the claims, their columns for the engine (in file order) and, per
    row, how to name a column of it in an error."""
    rows = read_rows(path, CLAIM_REQUIRED, CLAIM_COLUMNS, key="claims", option="--claims", moved=MOVED_COLUMNS)
    for name, values in rows:  # JSON rows may name other keys (a CSV header is checked once)
        for key in values:
            if key in MOVED_COLUMNS:
                raise InputError(name(str(key)), *MOVED_COLUMNS[key])
            if key not in CLAIM_FIELDS:
                raise unknown_column(name(str(list(values).index(key) + 1)), key, CLAIM_COLUMNS)
    n = len(rows)
    codes: dict[str, np.ndarray] = {}
    read: dict[str, list[Any]] = {}
    for col in CLAIM_FIELDS:
        codes[col], read[col] = _read_column(col, [row.get(col) for _, row in rows], rows)
    columns = _columns(codes, read)
    problems = claim_problems(columns.kind, columns.level, columns.admission, columns.facility, columns.drug,
                              columns.cost, columns.ethnic)
    if problems:
        p = problems[0]
        r = int(p.rows[0])
        raise InputError(rows[r][0](p.column), p.problem(r), p.allowed_at(r))
    per_field = [list(map(read[f].__getitem__, codes[f].tolist())) for f in CLAIM_COLUMNS]
    claims = [Claim(*values) for values in zip(*per_field, strict=True)] if n else []
    return claims, columns, [name for name, _ in rows]


def _read_column(col: str, cells: list[Any], rows: list[Row]) -> tuple[np.ndarray, list[Any]]:
    """A column's code per row and its distinct values, each read once (errors name its first row)."""
    if all(v is None or type(v) is str for v in cells):  # CSV (text) and absent cells: a cell is its own key
        first = dict.fromkeys(cells)
        index = {v: j for j, v in enumerate(first)}
        rows_of = {v: i for i, v in reversed(list(enumerate(cells)))} if len(first) < len(cells) else None
        values = []
        for position, v in enumerate(first):
            i = position if rows_of is None else rows_of[v]
            values.append(read_field(col, v, rows[i][0](col)))
        return np.fromiter(map(index.__getitem__, cells), dtype=np.int64, count=len(cells)), values
    distinct: dict[Any, int] = {}
    values = []
    codes = np.empty(len(cells), dtype=np.int64)
    for i, v in enumerate(cells):
        k: Any = None
        j: int | None = None
        try:
            k = _key(v)
            j = distinct.get(k)
        except TypeError:  # a list or a mapping: read (and refused) on its own
            k = None
        if j is None:
            j = len(values)
            values.append(read_field(col, v, rows[i][0](col)))
            if k is not None:
                distinct[k] = j
        codes[i] = j
    return codes, values


def _columns(codes: dict[str, np.ndarray], read: dict[str, list[Any]]) -> ClaimColumns:
    """The engine's columns from each column's codes and read distinct values."""
    def col(name: str, f: Any, dtype: Any) -> np.ndarray:
        table = np.array([f(v) for v in read[name]], dtype=dtype)
        return table[codes[name]] if len(table) else np.zeros(len(codes[name]), dtype=dtype)

    visits: dict[str, int] = {}
    return ClaimColumns(
        person=np.zeros(len(codes["kind"]), dtype=np.int64), day=col("date", day_number, np.int64),
        kind=col("kind", code, np.int8), level=col("level", lambda v: v or 0, np.int8),
        admission=col("admission", lambda v: v or 0, np.int64),
        facility=col("facility", lambda v: -1 if v is None else code(v), np.int8),
        drug=col("drug_class", lambda v: -1 if v is None else code(v), np.int8),
        cost=col("cost", to_fen, np.int64), outside=col("outside_catalogue", to_fen, np.int64),
        ethnic=col("ethnic_share", to_fen, np.int64),
        excluded=col("excluded", lambda v: -1 if v is None else EXCLUSION_CODES[v], np.int8),
        designated=col("designated", bool, bool), emergency=col("emergency", bool, bool),
        visit=col("visit", lambda v: -1 if v is None else visits.setdefault(v, len(visits)), np.int64))
