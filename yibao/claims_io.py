"""Read a claims file (or an incentive history file): CSV or JSON, UTF-8 with or without BOM.

Every problem names the file, the row and the column: ``claims.csv row 3, column level: ...``.
Row 1 is the first row after the header (CSV) or the first object of the list (JSON).
The columns are documented in ``docs/claims-file.md``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InputError
from .settlement import Claim

#: Columns a claims file must have; the others may be left out (or left empty in a row).
CLAIM_REQUIRED = ("date", "kind", "cost")
CLAIM_COLUMNS = tuple(f.name for f in fields(Claim))

Row = tuple[Callable[[str], str], dict[str, Any]]


def _read_text(path: Path, option: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(option, f"file {str(path)!r} not found", "the path of a CSV or JSON file") from None
    except OSError as e:
        raise InputError(option, f"cannot read {str(path)!r}: {e.strerror}", "a readable CSV or JSON file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(path.name, f"not UTF-8 text (byte {e.start}){_gbk_hint(data)}",
                         "a UTF-8 file (with or without BOM); save it from Excel as 'CSV UTF-8'") from None
    if _looks_like_gbk(text, data):
        raise InputError(path.name, "looks like GBK/GB18030 text (Excel's plain 'CSV' on Chinese Windows), "
                         "not UTF-8", "a UTF-8 file (with or without BOM); save it from Excel as 'CSV UTF-8'")
    return text


def _gbk_hint(data: bytes) -> str:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return ": it looks like GBK/GB18030"


def _looks_like_gbk(text: str, data: bytes) -> bool:
    """Short GBK text can be valid UTF-8 by chance (住院 reads as Hebrew). A claims file has no use for
    the scripts between U+0100 and U+07FF (Greek, Cyrillic, Hebrew, Arabic ...): if such a character
    appears and the bytes read as GB18030 with Chinese in them, the file is GBK, not UTF-8."""
    if not any("\u0100" <= ch <= "\u07ff" for ch in text):
        return False
    try:
        other = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return any("\u4e00" <= ch <= "\u9fff" for ch in other)


def _is_json(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix == ".csv":
        return False
    return text.lstrip()[:1] in ("[", "{")


def read_rows(path: str | Path, required: Sequence[str], columns: Sequence[str], *, key: str = "claims",
              option: str = "--claims") -> list[Row]:
    """The rows of a CSV or JSON file, each with a function naming where a column's value came from.

    JSON is a list of objects, or an object with the list under ``key``. Unknown columns, missing
    required columns and rows with too many cells are errors.
    """
    path = Path(path)
    text = _read_text(path, option)
    name = path.name
    rows: list[Row] = []
    if _is_json(path, text):
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as e:
            raise InputError(name, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})",
                             f"a JSON list of objects, or {{\"{key}\": [...]}}") from None
        if isinstance(data, dict) and key in data:
            data = data[key]
        if not isinstance(data, list):
            raise InputError(name, "expected a list of objects", f"a JSON list of objects, or {{\"{key}\": [...]}}")
        for i, obj in enumerate(data, start=1):
            if not isinstance(obj, dict):
                raise InputError(f"{name} row {i}", f"{type(obj).__name__} is not an object",
                                 "an object such as {\"date\": \"2024-05-01\", ...}")
            for col in required:
                if col not in obj:
                    raise InputError(f"{name} row {i}, column {col}", "required column missing",
                                     f"required: {', '.join(required)}")
            rows.append((_namer(name, i), obj))
        return rows
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    for record in reader:
        if header is None:
            if not any(c.strip() for c in record):
                continue
            header = [c.strip() for c in record]
            for col in header:
                if col not in columns:
                    raise InputError(f"{name}, column {col or '(empty)'}", "unknown column", ", ".join(columns))
            for col in required:
                if col not in header:
                    raise InputError(f"{name}, column {col}", "required column missing",
                                     f"required: {', '.join(required)}; optional: "
                                     + ", ".join(c for c in columns if c not in required))
            dup = {c for c in header if header.count(c) > 1}
            if dup:
                raise InputError(f"{name}, column {sorted(dup)[0]}", "appears twice", "each column once")
            continue
        if not any(c.strip() for c in record):
            continue
        i = len(rows) + 1
        if len(record) > len(header):
            raise InputError(f"{name} row {i}", f"{len(record)} cells but the header has {len(header)}",
                             "one cell per header column")
        values = {col: (record[j].strip() if j < len(record) else "") for j, col in enumerate(header)}
        rows.append((_namer(name, i), values))
    if header is None:
        raise InputError(name, "empty file", f"a header row with at least: {', '.join(required)}")
    return rows


def _namer(file: str, row: int) -> Callable[[str], str]:
    return lambda col: f"{file} row {row}, column {col}"


def read_claims(path: str | Path) -> list[Claim]:
    """The claims of a claims file, validated (see ``docs/claims-file.md``)."""
    return [Claim.from_mapping(values, name) for name, values in
            read_rows(path, CLAIM_REQUIRED, CLAIM_COLUMNS, key="claims", option="--claims")]
