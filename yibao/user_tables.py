"""The rows (or columns) of a CSV or JSON table a user gives: claims and history files.

UTF-8 with or without BOM (:mod:`yibao.user_files` checks the path and reads the text). Every problem
names the file, the row and the column: ``claims.csv row 3, column level: ...``. Row 1 is the first row
after the header (CSV) or the first object of the list (JSON). Nothing of a file that is not such a table
is shown back.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InputError
from .inputs import Written, show, show_key
from .user_files import json_object, read_user_text, user_file

Row = tuple[Callable[[str], str], dict[str, Any]]


#: The most rows a file may have: far beyond one person's year (550 bills a day), still settled and
#: explained in seconds (the columns are read as a table); whole populations go through the tables
#: (yibao.populations), not one explanation of millions of lines.
MAX_ROWS = 200_000
_ROWS_ALLOWED = f"at most {MAX_ROWS} rows (one person's year); settle populations with yibao.populations"


def is_json(path: Path, text: str) -> bool:
    """Whether a file is read as JSON: by its suffix, else by its first character."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix == ".csv":
        return False
    return text.lstrip()[:1] in ("[", "{")


def _json_int(text: str) -> int | Decimal:
    # A number too long for int() (Python refuses 4300+ digits) stays a Decimal: the column says it is too large.
    return int(text) if len(text) <= 40 else Decimal(text)


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json(text: str, name: str, key: str) -> Any:
    """A JSON file's data: numbers as written (no floats), a key given twice remembered (refused later)."""
    allowed = f"a JSON list of objects, or {{\"{key}\": [...]}}"
    try:
        return json.loads(text, parse_float=Written, parse_int=_json_int, parse_constant=_json_constant,
                          object_pairs_hook=json_object)
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
    path, text, name = read_text(path, option)
    if is_json(path, text):
        return json_rows(load_json(text, name, key), name, key, required)
    return _csv_rows(text, name, "claims" if key == "claims" else key, required, columns, moved or {})


def read_text(path: str | Path, option: str) -> tuple[Path, str, str]:
    """(path, text, the file's name as messages show it)."""
    path = user_file(path, option)
    text = read_user_text(path, option)
    return path, text, path.name if len(path.name) <= 60 else path.name[:59] + "…"


def json_rows(data: Any, name: str, key: str, required: Sequence[str]) -> list[Row]:
    """The rows of a JSON table (a list of objects, or the list under ``key``), checked as :func:`read_rows` does."""
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


def csv_columns(text: str, name: str, required: Sequence[str], columns: Sequence[str],
                moved: Mapping[str, tuple[str, str]], what: str = "claims") -> dict[str, list[str]]:
    """:func:`read_rows` of a CSV table as columns (a list of stripped cells per header column), with
    the same checks and messages; no object per row (a file may have 200 000 rows)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    bad: InputError | None = None  # raised after the rows before it are checked, as _csv_rows meets them
    try:
        for record in reader:
            if "".join(record).strip():
                header = [c.strip() for c in record]
                _check_header(header, name, what, required, columns, moved)
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


