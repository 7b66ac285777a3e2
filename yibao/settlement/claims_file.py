"""Read a claims file: CSV or JSON, UTF-8 with or without BOM, as the engine's columns.

Every problem names the file, the row and the column: ``claims.csv row 3, column level: ...``.
Row 1 is the first row after the header (CSV) or the first object of the list (JSON).
The columns are documented in ``docs/claims-file.md``; the table is read by :mod:`yibao.user_tables`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..inputs import MAX_MONEY, Written
from ..money import to_fen
from ..policy.codes import EXCLUSION_CODES, code, day_number
from ..policy.model import Policy
from ..user_tables import csv_columns, is_json, json_rows, load_json, read_text, unknown_column
from .checks import claim_problems
from .columns import ClaimColumns
from .inputs import CLAIM_FIELDS, MOVED_COLUMNS, Claim, read_field
from .year import check_year_columns

#: Columns a claims file must have; the others may be left out (or left empty in a row).
CLAIM_REQUIRED = ("date", "kind", "cost")
CLAIM_COLUMNS = tuple(f.name for f in fields(Claim))


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


def read_claim_columns(path: str | Path, policy: Policy | None = None) -> ClaimsFile:
    """A claims file read column by column: each distinct value of a column once, by the reading of
    :meth:`Claim.from_mapping` (:data:`~yibao.settlement.inputs.CLAIM_FIELDS`); errors name the first row
    with the value. With ``policy``: the claims checked to be one benefit year of it (as :func:`settle` checks)."""
    path, text, name = read_text(path, "--claims")
    cells: dict[str, list[Any] | None]
    if is_json(path, text):
        rows = json_rows(load_json(text, name, "claims"), name, "claims", CLAIM_REQUIRED)
        for row_name, values in rows:  # JSON rows may name other keys (a CSV header is checked once)
            for key in values:
                if key in MOVED_COLUMNS:
                    raise InputError(row_name(str(key)), *MOVED_COLUMNS[key])
                if key not in CLAIM_FIELDS:
                    raise unknown_column(row_name(str(list(values).index(key) + 1)), key, CLAIM_COLUMNS)
        n, text_cells = len(rows), False
        cells = {col: [row.get(col) for _, row in rows] for col in CLAIM_FIELDS}
    else:
        found = csv_columns(text, name, CLAIM_REQUIRED, CLAIM_COLUMNS, MOVED_COLUMNS)
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
    if policy is not None:
        check_year_columns(policy, out.columns, out.where)
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
