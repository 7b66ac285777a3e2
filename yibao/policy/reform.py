"""Reforms: what if a policy value were different? ("what if the catastrophic deductible were 4,000?")

A :class:`Reform` is a small set of overrides of policy values by their dotted paths — the ``path``
result line items show (``catastrophic.deductible.high``, ``basic.inpatient.levels[level_3].rate.low``,
``catastrophic.segments.segments[0].rate``) — each with a note of why. Give it as

- ``--set PATH=VALUE`` (repeatable) on the command line (:meth:`Reform.from_sets`);
- a YAML file ``--reform FILE`` (:func:`read_reform`), read with the policy loader's safe reader::

      title: 大病保险起付线降至4000元
      note: 测算降低高档大病保险起付线的基金成本
      overrides:
        - path: catastrophic.deductible.high
          value: 4000
          note: 高档起付线由5000元降至4000元

- a dict in the API, ``{"catastrophic.deductible.high": "4000"}`` (:meth:`Reform.from_mapping`).

:func:`apply_reform` returns a **new policy, validated again** by the policy model and the loader's
bounds, so a reform cannot introduce a value the model refuses (a rate of 120%, a deductible of
−1, segments out of order, two overlapping payment windows). The baseline is untouched. Every
overridden value cites the reform instead of the article (source ``yibao-reform``, its quote saying
what changed and what the article said) and names a reform assumption, so every result line citing
it, and the list of assumptions a result used, say so; results under a reform also say so in their
headline (:func:`reform_mark`). Values are read by their unit: yuan (``4000``, ``4000元``), rates
(``0.75`` or ``75%``), whole counts, dates.

Bad input is one :class:`~yibao.errors.InputError` naming the override: an unknown path (with the
nearest valid paths), a value of the wrong unit or out of range, a path the policy lacks (and which
policies have it), a rule rather than a value, a figure only shown (``facts.*``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, PolicyDataError
from ..inputs import Written, fold, parse_date, parse_money, parse_text, parse_whole, show
from .loader import read_yaml
from .validate import MAX_COUNT, MAX_POLICY_MONEY

#: The source id every overridden value cites.
REFORM_SOURCE = "yibao-reform"
#: Overrides one reform may hold (a reform is a small set; a bigger change is a policy file of its own).
MAX_OVERRIDES = 100
#: Value units a reform can set: amounts, rates, counts and dates.
SETTABLE = ("yuan", "rate", "days", "months", "years", "count", "age", "date")
_UNIT_WORDS = {"yuan": "an amount of yuan", "rate": "a rate", "days": "a number of days",
               "months": "a number of months", "years": "a number of years", "count": "a whole number",
               "age": "an age in years", "date": "a date"}
_SET_ALLOWED = "PATH=VALUE, e.g. catastrophic.deductible.high=4000"
_ALLOWED = {"yuan": "an amount of yuan such as 4000 or 4000元 (at most two decimals)",
            "rate": "a rate such as 0.75 or 75% (0 to 1, at most four decimals)",
            "date": "a date such as 2025-02-25"}


@dataclass(frozen=True)
class Override:
    """One value of a reform: the dotted ``path``, the ``value`` as given, and ``note`` (why)."""

    path: str
    value: Any
    note: str
    #: Where it was given, for messages: ``--set catastrophic.deductible.high``, ``reform.yaml overrides[0]``.
    given_as: str = ""

    @property
    def field(self) -> str:
        return self.given_as or f"reform[{self.path}]"


@dataclass(frozen=True)
class Reform:
    """A named set of overrides. ``title`` and every ``note`` are shown in results (Chinese)."""

    title: str
    overrides: tuple[Override, ...]
    note: str | None = None
    #: Where it was given: ``--set``, a file name, ``API``.
    origin: str = "API"

    def __post_init__(self) -> None:
        if not isinstance(self.title, str) or not self.title.strip():
            raise InputError("reform.title", "is empty", "a short Chinese title of the reform")
        if not self.overrides:
            raise InputError("reform", "has no overrides", "one or more PATH=VALUE overrides")
        if len(self.overrides) > MAX_OVERRIDES:
            raise InputError("reform", f"has {len(self.overrides)} overrides", f"at most {MAX_OVERRIDES}")
        seen: dict[str, Override] = {}
        for o in self.overrides:
            key = norm_path(o.path, o.field)
            if key in seen:
                raise InputError(o.field, f"sets {key} again (also {seen[key].field})", "each path once in a reform")
            seen[key] = o

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], title: str | None = None, note: str | None = None,
                     origin: str = "API") -> Reform:
        """``{"catastrophic.deductible.high": "4000", ...}``: each value with the reform's note."""
        if not isinstance(values, Mapping):
            raise InputError("reform", f"{type(values).__name__} is not a mapping of path to value",
                             'a dict such as {"catastrophic.deductible.high": "4000"} or a Reform')
        why = note or "API 给出的改革值"
        overrides = tuple(Override(str(k), v, why, f"reform[{k!r}]") for k, v in values.items())
        return cls(title or auto_title(overrides), overrides, note, origin)

    @classmethod
    def from_sets(cls, items: Sequence[str], title: str | None = None) -> Reform:
        """``["catastrophic.deductible.high=4000", ...]`` as given to ``--set`` (repeatable)."""
        overrides = []
        for item in items:
            item = fold(item) if isinstance(item, str) else item  # typed full-width
            if not isinstance(item, str) or "=" not in item:
                raise InputError("--set", f"{show(item)} has no '='", _SET_ALLOWED)
            path, value = item.split("=", 1)
            if not path.strip():
                raise InputError("--set", f"{show(item)} names no path", _SET_ALLOWED)
            path = path.strip()
            overrides.append(Override(path, value.strip(), "命令行 --set 给出的改革值", f"--set {path}"))
        return cls(title or auto_title(overrides), tuple(overrides), None, "--set")

    def plus(self, other: Reform | None) -> Reform:
        """This reform and ``other`` together (a file and ``--set`` values): a path may be set once."""
        if other is None:
            return self
        return Reform(self.title if self.origin != "--set" else other.title, self.overrides + other.overrides,
                      self.note or other.note, f"{self.origin} + {other.origin}")


def auto_title(overrides: Iterable[Override]) -> str:
    """The title of a reform given without one (by path: applied to a policy, the reform is shown by
    its values' Chinese names instead, :attr:`yibao.policy.reformed.Applied.title`)."""
    return ";".join(f"{o.path} 改为 {o.value}" for o in overrides)


def norm_path(path: Any, field: str) -> str:
    if not isinstance(path, str) or not path.strip():
        raise InputError(field, f"{show(path)} is not a path", "a dotted path such as catastrophic.deductible.high")
    return fold(path).strip()


# ---------------------------------------------------------------- a reform file


_KEYS = frozenset({"title", "note", "overrides", "path", "value"})


class _OverrideSpec(BaseModel):
    model_config = {"extra": "forbid"}

    path: str
    value: Decimal | int | dt.date | str
    note: str


class _ReformFile(BaseModel):
    model_config = {"extra": "forbid"}

    title: str
    note: str | None = None
    overrides: list[_OverrideSpec]


def read_reform(path: str | Path) -> Reform:
    """A reform file (YAML), read as safely as a policy file (no anchors, YAML 1.2 numbers, no repeated
    keys, a regular file of bounded size); every override needs ``path``, ``value`` and ``note``."""
    from ..user_files import user_file  # the same checks of a path as every file a user gives

    p = user_file(path, "--reform")
    try:
        raw = read_yaml(p)
    except PolicyDataError as e:  # the file's text is not shown back (quoted parts elided): it may not be
        # a reform file at all (--reform /proc/self/status); the reason and the line are
        mark = re.fullmatch(r"line ([0-9]+), column ([0-9]+)", e.key_path or "")
        reason = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", "'…'", e.reason)
        raise InputError(f"--reform {p.name}", f"is not a reform YAML file ({reason})",
                         "a reform YAML file (title, note, overrides: path, value, note)", kind="user_file.not_reform",
                         params={"line": int(mark[1])} if mark else {}) from None
    if not isinstance(raw, dict):
        raise InputError(f"--reform {p.name}", "expected a mapping with title and overrides",
                         "title: …, overrides: [{path: …, value: …, note: …}]")
    if isinstance(raw.get("overrides"), list):
        for i, o in enumerate(raw["overrides"]):
            if isinstance(o, dict) and isinstance(o.get("value"), bool):
                raise InputError(f"--reform {p.name} overrides[{i}].value", f"{o['value']} is true/false",
                                 "an amount, a rate, a whole number or a date")
    try:
        spec = _ReformFile.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        # a stray key is named only in what is otherwise a reform file (in another file it may be a secret)
        ours = "title" in raw and "overrides" in raw
        where = ".".join(f"[{x}]" if isinstance(x, int) else str(x) if x in _KEYS or ours else "(unknown key)"
                         for x in err["loc"]).replace(".[", "[")
        raise InputError(f"--reform {p.name} {where}", err["msg"],
                         "title: …, overrides: [{path: …, value: …, note: why}]") from None
    for i, o in enumerate(spec.overrides):
        if len(o.note.strip()) < 2:
            raise InputError(f"--reform {p.name} overrides[{i}].note", "is empty",
                             "a note saying why this value changes")
    # the texts every result shows: one line, no control characters (parse_text), as a claim's label
    title = parse_text(spec.title, f"--reform {p.name} title")
    note = parse_text(spec.note, f"--reform {p.name} note") if spec.note is not None else None
    notes = [parse_text(o.note, f"--reform {p.name} overrides[{i}].note") for i, o in enumerate(spec.overrides)]
    return Reform(title, tuple(Override(o.path, _as_written(o.value), notes[i], f"--reform {p.name} overrides[{i}]")
                               for i, o in enumerate(spec.overrides)), note, p.name)


def _as_written(value: Any) -> Any:
    """A number of the file read by its text, as a typed value is (``1E+4`` is not an amount, ``3.0``
    not a whole number); the YAML reader keeps that text in the Decimal it gives."""
    return Written(str(value)) if isinstance(value, Decimal) and not isinstance(value, Written) else value


def as_reform(reform: Reform | Mapping[str, Any] | None) -> Reform | None:
    """A :class:`Reform` from a Reform, a dict of path → value, or None (no reform)."""
    if reform is None or isinstance(reform, Reform):
        return reform
    if isinstance(reform, Mapping):
        return Reform.from_mapping(reform) if reform else None
    raise InputError("reform", f"{type(reform).__name__} is not a reform",
                     'a yibao.policy.reform.Reform or a dict such as {"catastrophic.deductible.high": "4000"}')


# ---------------------------------------------------------------- reading a value by its unit


_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def parse_value(value: Any, unit: str, field: str) -> Any:
    """The value of an override in the unit of the value it replaces."""
    text = value.text if isinstance(value, Written) else fold(value).strip() if isinstance(value, str) else None
    if unit == "date":
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            raise InputError(field, f"{show(value)} is a number, but this value is a date", _ALLOWED["date"])
        return parse_date(value, field)
    if isinstance(value, dt.date):
        raise InputError(field, f"{value} is a date, but this value is {_UNIT_WORDS[unit]}", _ALLOWED.get(unit))
    if text is not None:
        if text.endswith("%") and unit != "rate":
            raise InputError(field, f"{show(value)} is a percentage, but this value is {_UNIT_WORDS[unit]}",
                             _ALLOWED.get(unit, "a whole number"))
        if text.endswith("元") and unit != "yuan":
            raise InputError(field, f"{show(value)} is an amount of yuan, but this value is {_UNIT_WORDS[unit]}",
                             _ALLOWED.get(unit, "a whole number"))
    if unit == "yuan":
        raw = text.removesuffix("元").strip() if text is not None else value
        return parse_money(raw, field, maximum=MAX_POLICY_MONEY)
    if unit == "rate":
        return _parse_rate(value, text, field)
    high = MAX_COUNT.get(unit, 10_000)
    return parse_whole(value, field, 0, high, f"a whole number from 0 to {high}")


def _parse_rate(value: Any, text: str | None, field: str) -> Decimal:
    allowed = _ALLOWED["rate"]
    if isinstance(value, (bool, float)):
        raise InputError(field, f"{show(value)} is a {type(value).__name__}; give a rate as text or Decimal", allowed)
    if text is not None:
        percent = text.endswith("%")
        digits = text.removesuffix("%").strip()
        if not _NUMBER.fullmatch(digits):
            raise InputError(field, f"{show(value)} is not a rate", allowed)
        rate = Decimal(digits) / 100 if percent else Decimal(digits)
    elif isinstance(value, (int, Decimal)):
        rate = Decimal(value)
    else:
        raise InputError(field, f"{show(value)} is a {type(value).__name__}, not a rate", allowed)
    try:
        if not rate.is_finite() or not 0 <= rate <= 1:
            raise InputError(field, f"{show(value)} is out of range for a rate", allowed)
        if rate * 10_000 != (rate * 10_000).to_integral_value():
            raise InputError(field, f"{show(value)} has more than four decimals (whole basis points)", allowed)
    except InvalidOperation:
        raise InputError(field, f"{show(value)} is not a rate", allowed) from None
    return rate


__all__ = ["REFORM_SOURCE", "SETTABLE", "Override", "Reform", "as_reform", "norm_path", "parse_value", "read_reform"]
