"""Read a claims file (or an incentive history file): CSV or JSON, UTF-8 with or without BOM.

Every problem names the file, the row and the column: ``claims.csv row 3, column level: ...``.
Row 1 is the first row after the header (CSV) or the first object of the list (JSON).
The columns are documented in ``docs/claims-file.md``.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .inputs import MAX_MONEY, Written, show, show_key
from .money import to_fen
from .policy.codes import EXCLUSION_CODES, code, day_number
from .settlement import MOVED_COLUMNS, Claim
from .settlement.checks import claim_problems
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
    path, text, name = _read_text(path, option)
    if _is_json(path, text):
        return _json_rows(_load_json(text, name, key), name, key, required)
    return _csv_rows(text, name, "claims" if key == "claims" else key, required, columns, moved or {})


def _read_text(path: str | Path, option: str) -> tuple[Path, str, str]:
    """(path, text, the file's name as messages show it)."""
    path = user_file(path, option)
    text = read_user_text(path, option)
    return path, text, path.name if len(path.name) <= 60 else path.name[:59] + "…"


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


def _csv_columns(text: str, name: str, required: Sequence[str], columns: Sequence[str],
                 moved: Mapping[str, tuple[str, str]]) -> dict[str, list[str]]:
    """:func:`_csv_rows` of a claims file as columns (a list of stripped cells per header column), with
    the same checks and messages; no object per row (a file may have 200 000 rows)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    bad: InputError | None = None  # raised after the rows before it are checked, as _csv_rows meets them
    try:
        for record in reader:
            if "".join(record).strip():
                header = [c.strip() for c in record]
                _check_header(header, name, "claims", required, columns, moved)
                break
        records = list(reader)
    except csv.Error as e:
        bad = InputError(f"{name} line {reader.line_num}", f"not valid CSV: {str(e)[:80]}",
                         f"a CSV file with cells of at most {csv.field_size_limit()} characters")
        if header is not None:  # the rows before the bad line, one by one
            reader = csv.reader(io.StringIO(text, newline=""))
            records = []
            with contextlib.suppress(csv.Error):
                next(r for r in reader if "".join(r).strip())
                records.extend(reader)
    if header is None:
        if bad is not None:
            raise bad
        raise InputError(name, "empty file", f"a header row with at least: {', '.join(required)}")
    width = len(header)
    out = _stripped(header, records) if set(map(len, records)) <= {width} else None
    if out is None or ("" in out[header[0]] and _blank_rows(out)):  # blank or ragged rows
        out = _stripped(header, _kept(records, name, width))
    if len(out[header[0]]) > MAX_ROWS:
        raise InputError(name, f"more than {MAX_ROWS} rows", _ROWS_ALLOWED)
    if bad is not None:
        raise bad
    return out


def _kept(records: list[list[str]], name: str, width: int) -> list[list[str]]:
    """The rows as :func:`_csv_rows` reads them, one by one: blank rows skipped, short rows padded, long
    rows and too many rows refused where it would meet them."""
    kept: list[list[str]] = []
    for record in records:
        if not "".join(record).strip():
            continue
        if len(kept) + 1 > MAX_ROWS:
            raise InputError(name, f"more than {MAX_ROWS} rows", _ROWS_ALLOWED)
        if len(record) > width:
            raise InputError(f"{name} row {len(kept) + 1}", f"{len(record)} cells but the header has {width}",
                             "one cell per header column")
        kept.append(record + [""] * (width - len(record)))
    return kept


def _stripped(header: list[str], records: list[list[str]]) -> dict[str, list[str]]:
    cells = zip(*records, strict=True) if records else [() for _ in header]
    return {col: list(map(str.strip, column)) for col, column in zip(header, cells, strict=True)}


def _blank_rows(columns: dict[str, list[str]]) -> bool:
    return any(not any(cells) for cells in zip(*columns.values(), strict=True))


def _namer(file: str, row: int) -> Callable[[str], str]:
    return lambda col: f"{file} row {row}, column {col}"


def read_claims(path: str | Path) -> list[Claim]:
    """The claims of a claims file, validated (see ``docs/claims-file.md``)."""
    return read_claim_columns(path).claims


def _key(v: Any) -> Any:
    """A value as a key of its distinct values: ``True`` and ``1`` (equal in Python) stay apart, and so do
    JSON ``10.0`` and ``1E+1`` (read by their text)."""
    return (type(v), v.text if isinstance(v, Written) else v)


@dataclass
class ClaimsFile:
    """A claims file read as a table: the engine's columns (in file order), and per column the code of
    each row's value and the column's distinct values, each read once."""

    name: str
    columns: ClaimColumns
    codes: dict[str, np.ndarray]
    values: dict[str, list[Any]]

    def __len__(self) -> int:
        return len(self.columns.kind)

    def where(self, i: int, column: str) -> str:
        """How a message names the column of the ``i``-th row (from 0): ``claims.csv row 3, column level``."""
        return f"{self.name} row {i + 1}, column {column}"

    def column(self, column: str) -> list[Any]:
        """A column's read values, one per row."""
        return list(map(self.values[column].__getitem__, self.codes[column].tolist()))

    def claim(self, i: int) -> Claim:
        """The ``i``-th row as a :class:`Claim`."""
        return Claim(*(self.values[f][int(self.codes[f][i])] for f in CLAIM_COLUMNS))

    @functools.cached_property
    def claims(self) -> list[Claim]:
        """The rows as :class:`Claim` objects (built on first use: a table needs none)."""
        per_field = [self.column(f) for f in CLAIM_COLUMNS]
        return [Claim(*values) for values in zip(*per_field, strict=True)] if len(self) else []


#: Money written plainly (digits, at most two decimals): read without the general parser, to the same Decimal.
_PLAIN_MONEY = re.compile(r"[0-9]{1,13}(\.[0-9]{1,2})?")
_MONEY_FIELDS = ("cost", "outside_catalogue", "ethnic_share")


def read_claim_columns(path: str | Path) -> ClaimsFile:
    """A claims file read column by column: each distinct value of a column once, by the reading of
    :meth:`Claim.from_mapping` (:data:`~yibao.settlement.inputs.CLAIM_FIELDS`); errors name the first row
    with the value."""
    path, text, name = _read_text(path, "--claims")
    cells: dict[str, list[Any] | None]
    if _is_json(path, text):
        rows = _json_rows(_load_json(text, name, "claims"), name, "claims", CLAIM_REQUIRED)
        for row_name, values in rows:  # JSON rows may name other keys (a CSV header is checked once)
            for key in values:
                if key in MOVED_COLUMNS:
                    raise InputError(row_name(str(key)), *MOVED_COLUMNS[key])
                if key not in CLAIM_FIELDS:
                    raise unknown_column(row_name(str(list(values).index(key) + 1)), key, CLAIM_COLUMNS)
        n, text_cells = len(rows), False
        cells = {col: [row.get(col) for _, row in rows] for col in CLAIM_FIELDS}
    else:
        found = _csv_columns(text, name, CLAIM_REQUIRED, CLAIM_COLUMNS, MOVED_COLUMNS)
        n, text_cells = len(next(iter(found.values()))), True
        cells = {col: found.get(col) for col in CLAIM_FIELDS}
    out = ClaimsFile(name, None, {}, {})  # type: ignore[arg-type]  # the columns once read
    for col in CLAIM_FIELDS:
        out.codes[col], out.values[col] = _read_column(col, cells[col], n, text_cells, out.where)
    out.columns = _columns(out.codes, out.values)
    c = out.columns
    problems = claim_problems(c.kind, c.level, c.admission, c.facility, c.drug, c.cost, c.ethnic)
    if problems:
        p = problems[0]
        r = int(p.rows[0])
        raise InputError(out.where(r, p.column), p.problem(r), p.allowed_at(r))
    return out


def _read_column(col: str, cells: list[Any] | None, n: int, text: bool,
                 where: Callable[[int, str], str]) -> tuple[np.ndarray, list[Any]]:
    """A column's code per row and its distinct values, each read once (errors name its first row).
    ``cells`` None: the column is absent (every row reads the missing value); ``text``: every cell is a str."""
    if cells is None:
        return np.zeros(n, dtype=np.int64), ([read_field(col, None, where(0, col))] if n else [])
    if text or all(v is None or type(v) is str for v in cells):  # CSV (text) and absent cells: a cell is its own key
        index = {v: j for j, v in enumerate(dict.fromkeys(cells))}
        codes = np.fromiter(map(index.__getitem__, cells), dtype=np.int64, count=n)
        first = np.unique(codes, return_index=True)[1].tolist() if len(index) < n else range(n)
        values = []
        plain = _PLAIN_MONEY.fullmatch if col in _MONEY_FIELDS else None
        for position, v in enumerate(index):
            if plain is not None and type(v) is str and plain(v) and (d := Decimal(v)) <= MAX_MONEY:
                values.append(d)  # what parse_money gives for it
            else:
                values.append(read_field(col, v, where(first[position], col)))
        return codes, values
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
            values.append(read_field(col, v, where(i, col)))
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
