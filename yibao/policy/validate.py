"""What pydantic alone would let through: values of the wrong kind read silently, references to
sources and assumptions that do not exist, values outside what the calculators can use; and where
in the chain of files a key path is defined (for the error)."""

from __future__ import annotations

import datetime as dt
import itertools
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import PolicyDataError
from . import reader
from .model import RULE_ID, Cited, Count, Param, Policy, Rate


def file_defining(loc: tuple, files: dict[str, Path], folder: Path) -> str:
    """Which file in the chain defines this key path (the nearest one); for a missing key, the
    nearest file that defines its parent."""
    for depth in range(len(loc), 0, -1):
        found = defining_file(loc[:depth], files)
        if found:
            return found
    return str(next(iter(files.values())))


def dotted(loc: tuple) -> str:
    key = ".".join(f"[{p[3:]}]" if isinstance(p, str) and p.startswith("id=") else str(p) for p in loc)
    return key.replace(".[", "[")


def named_path(merged: Any, loc: tuple) -> tuple:
    """The key path with list positions replaced by item ids where the items have one: positions in
    the merged list are not positions in any one file."""
    out: list = []
    node = merged
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            out.append(f"id={node['id']}" if isinstance(node, dict) and "id" in node else part)
        elif isinstance(node, dict) and part in node:
            node = node[part]
            out.append(part)
        else:
            out.append(part)
            node = None
    return tuple(out)


def defining_file(loc: tuple, files: dict[str, Path]) -> str | None:
    for path in files.values():
        node: Any = reader.read_yaml(path)
        ok = True
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, str) and part.startswith("id="):
                match = [i for i in node if isinstance(i, dict) and str(i.get("id")) == part[3:]]
                if not match:
                    ok = False
                    break
                node = match[0]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                ok = False
                break
        if ok:
            return str(path)
    return None


def fill_paths(node: Any, path: str) -> None:
    if isinstance(node, Cited):
        object.__setattr__(node, "path", path)
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name in ("sources", "in_force"):
                continue
            fill_paths(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, dict):
        for k, v in node.items():
            fill_paths(v, f"{path}.{k}")
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            key = getattr(v, "id", None) or i
            fill_paths(v, f"{path}[{key}]")


def check_references(policy: Policy, files: dict[str, Path]) -> None:
    """Every source and assumption a value names must exist."""

    def fail(loc: tuple, reason: str) -> None:
        raise PolicyDataError(file_defining(loc, files, Path()), dotted(loc), reason)

    def walk(node: Any, loc: tuple) -> None:
        problem = _unknown_reference(node, policy)
        if problem:
            fail(loc, problem)
        for child, sub in _referring_children(node, loc):
            walk(child, sub)

    walk(policy, ())
    for aid, a in policy.assumptions.items():
        if a.source is not None and a.source not in policy.sources:
            fail(("assumptions", aid, "source"), f"source {a.source!r} is not in sources.yaml of this folder")


def _referring_children(node: Any, loc: tuple) -> Iterator[tuple[Any, tuple]]:
    """The values inside a node, each with its key path (a policy's own sources and assumptions aside)."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in ("sources", "assumptions") or not isinstance(node, Policy):
                yield getattr(node, name), loc + (name,)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield v, loc + (k,)
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            yield v, loc + ((f"id={v.id}" if getattr(v, "id", None) else i),)


def _unknown_reference(node: Any, policy: Policy) -> str | None:
    """The first source or assumption a cited value names that the policy does not have, if any; a
    reading a rule lists in ``readings_against`` must name the groups it leaves out."""
    for a in getattr(node, "readings_against", ()) or ():
        if a not in policy.assumptions:
            return f"assumption {a!r} is not defined under 'assumptions'"
        if not policy.assumptions[a].decides_for:
            return f"assumption {a!r} names no groups in decides_for"
    if isinstance(node, BaseModel) and "source" in type(node).model_fields:
        src = getattr(node, "source", None)
        if src is not None and src not in policy.sources:
            return f"source {src!r} is not in sources.yaml of this folder"
        for a in getattr(node, "assumptions", ()) or ():
            if a not in policy.assumptions:
                return f"assumption {a!r} is not defined under 'assumptions'"
    return None


# ---------------------------------------------------------------- bounds: what the calculators can use

#: Money the calculators compute with (caps, deductibles, standards, thresholds), yuan. Running
#: totals are int64 fen times basis points: 10⁸ yuan keeps every product far inside 2⁶³.
MAX_POLICY_MONEY = Decimal(100_000_000)
#: Figures only shown (``facts``: T2's 2.013 billion yuan fiscal subsidy ...).
MAX_FACT = Decimal(10) ** 15
#: Days a policy may state (in force, windows, benefit years): dates the calculators can add
#: months and years to.
MIN_POLICY_DATE, MAX_POLICY_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
#: The largest count of each unit (a waiting period of 1200 months is already 100 years).
MAX_COUNT = {"days": 3660, "months": 1200, "years": 2199, "count": 10_000, "age": 150}  # years: also a year (2025)
#: The units a fact (a figure only shown) may have.
FACT_UNITS = ("yuan", "rate", "days", "months", "years", "count", "age", "date")
#: Whole numbers of the structured rules (not :class:`Count`): their own bounds.
INT_BOUNDS = {"year": (1900, 2199), "days": (1, 3660), "employee_insurance_ended_within_months": (0, 1200),
              "payable_days": (1, 31), "min_level": (1, 3), "max_level": (1, 3)}


def decimals(value: Decimal) -> int:
    exp = value.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def bound_problems(policy: Policy) -> Iterator[tuple[tuple, str]]:
    """(key path, reason) for every value outside what the calculators can use: money 0 to
    :data:`MAX_POLICY_MONEY` yuan to the fen, rates to four decimals (basis points), counts and
    whole numbers within their bounds, dates from 1900 to 2199, segments in increasing order."""
    yield from _bounds_walk(policy, (), False)


def _bounds_walk(node: Any, loc: tuple, fact: bool) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            if name in ("path", "sources"):
                continue
            v = getattr(node, name)
            sub = loc + (info.alias or name,)  # "from", as the file says, not "start"
            yield from _field_bounds(node, name, v, sub, fact)
            yield from _bounds_walk(v, sub, fact or (isinstance(node, Policy) and name == "facts"))
        yield from _order_problems(node, loc)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _bounds_walk(v, loc + (k,), fact)
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            yield from _bounds_walk(v, loc + ((f"id={v.id}" if isinstance(getattr(v, "id", None), str) and v.id
                                               else i),), fact)


def _field_bounds(node: Any, name: str, v: Any, sub: tuple, fact: bool) -> Iterator[tuple[tuple, str]]:
    """One field's own value: rule IDs, a tuple of whole numbers in order, or one number or date."""
    if name == "rules" and isinstance(v, tuple):  # assumptions' too, not only cited values'
        for r in v:
            if not RULE_ID.match(str(r)):
                yield sub, f"{str(r)[:40]!r} is not a rule ID like L3, T17 or X4"
    elif isinstance(v, tuple) and v and all(isinstance(x, int) and not isinstance(x, bool) for x in v):
        for x in v:  # payable_days (1, 25)
            yield from _number_bounds(node, name, x, sub, fact)
        if list(v) != sorted(v):
            yield sub, f"{list(v)} is not in increasing order"
    else:
        yield from _number_bounds(node, name, v, sub, fact)


def level_overlap(node: Any) -> tuple[int, int, int] | None:
    """The first hospital level two ranges of ``node.levels`` both hold, as (first item, second item,
    level), or None: with two ranges the policy says two things for one level."""
    levels = getattr(node, "levels", None)
    if not isinstance(levels, list) or not all(hasattr(x, "min_level") and hasattr(x, "max_level") for x in levels):
        return None
    taken: dict[int, int] = {}
    for j, x in enumerate(levels):
        for n in range(x.min_level, x.max_level + 1):
            if n in taken:
                return taken[n], j, n
            taken[n] = j
    return None


def _order_problems(node: BaseModel, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """A model's levels (min to max) and segments (rising) in order."""
    if hasattr(node, "min_level") and hasattr(node, "max_level") and node.min_level > node.max_level:
        yield loc + ("min_level",), f"min_level {node.min_level} is above max_level {node.max_level}"
    overlap = level_overlap(node)
    if overlap is not None:
        i, j, n = overlap
        yield loc + ("levels", j, "min_level"), (f"level {n} is in two ranges (items {i + 1} and {j + 1}): "
                                                 "the ranges must not overlap")
    segs = getattr(node, "segments", None)
    if isinstance(segs, list) and segs and all(hasattr(x, "up_to") for x in segs):
        bounds = [x.up_to for x in segs]
        if any(b is None for b in bounds[:-1]) or any(
                a >= b for a, b in itertools.pairwise(bounds) if a is not None and b is not None):
            yield loc + ("segments",), ("segments must rise: each up_to above the one before, only the "
                                        "last may be empty (no limit)")


def _number_bounds(node: Any, name: str, v: Any, loc: tuple, fact: bool) -> Iterator[tuple[tuple, str]]:
    if isinstance(v, bool):
        return
    if fact and name == "value" and type(node) is Param:  # a fact: the unit says what the number is
        yield from _fact_value_bounds(node, loc)
        return
    if isinstance(v, dt.date):
        if not MIN_POLICY_DATE <= v <= MAX_POLICY_DATE:
            yield loc, f"{v} is outside the dates a policy can state ({MIN_POLICY_DATE} to {MAX_POLICY_DATE})"
    elif isinstance(v, Decimal):
        problem = _decimal_problem(node, name, v, fact)
        if problem:
            yield loc, problem
    elif isinstance(v, int):
        low, high = _int_bounds(node, name, fact)
        if not low <= v <= high:
            yield loc, f"{v} is out of range ({low} to {high})"


def _decimal_problem(node: Any, name: str, v: Decimal, fact: bool) -> str | None:
    """Why a decimal is out of what it may be (a figure shown, a rate, or money), if it is."""
    if fact and not isinstance(node, Rate):
        if abs(v) > MAX_FACT:
            return f"{v} is too large (at most {MAX_FACT})"
    elif isinstance(node, Rate) or name == "rate":
        if decimals(v) > 4:
            return f"rate {v} has more than four decimals: rates are whole basis points (0.0001)"
    elif not 0 <= v <= MAX_POLICY_MONEY:
        return f"{v} is outside 0 to {MAX_POLICY_MONEY} yuan, what the calculators can use"
    elif decimals(v) > 2:
        return f"amount {v} has more than two decimals (yuan to the fen)"
    return None


def _int_bounds(node: Any, name: str, fact: bool) -> tuple[int, int]:
    """The lowest and highest whole number a field may hold."""
    if fact:
        return -10 ** 15, 10 ** 15
    if isinstance(node, Count) and name == "value":
        return 0, MAX_COUNT.get(node.unit, 10_000)
    return INT_BOUNDS.get(name, (-10 ** 6, 10 ** 6))


def _fact_value_bounds(node: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    v, unit = node.value, node.unit
    if unit not in FACT_UNITS:
        yield loc[:-1] + ("unit",), f"{unit[:40]!r} is not a unit (allowed: {', '.join(FACT_UNITS)})"
    elif unit == "date":
        if not isinstance(v, dt.date):
            yield loc, f"{v} is not a date"
        elif not MIN_POLICY_DATE <= v <= MAX_POLICY_DATE:
            yield loc, f"{v} is outside the dates a policy can state ({MIN_POLICY_DATE} to {MAX_POLICY_DATE})"
    elif isinstance(v, dt.date):
        yield loc, f"{v} is a date, not a number of {unit}"
    elif not 0 <= v <= (1 if unit == "rate" else MAX_FACT):
        yield loc, f"{v} is out of range for {unit} (0 to {1 if unit == 'rate' else MAX_FACT})"
    elif decimals(Decimal(v)) > {"yuan": 2, "rate": 4}.get(unit, 0):
        yield loc, f"{v} has too many decimals for {unit}"


@cache
def _plan(annotation: Any) -> tuple[str, Any]:
    """How :func:`type_problems` reads a value of this annotation: ("model", cls), ("union", model or None,
    kinds), ("list", item), ("dict", value) or ("scalar", kinds) — worked out once per annotation."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        model = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        return "union", (model, _scalar_kinds(args))
    if origin in (list, tuple):
        return "list", args[0] if args else Any
    if origin is dict:
        return "dict", args[1] if len(args) > 1 else Any
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", tuple((info.alias or name, info.annotation) for name, info in annotation.model_fields.items())
    return "scalar", _scalar_kinds((annotation,))


def _scalar_kinds(args: tuple) -> frozenset:
    out: set = set()
    for a in args:
        if typing.get_origin(a) is typing.Literal:
            out.update(type(x) for x in typing.get_args(a))
        elif isinstance(a, type):
            out.add(a)
    return frozenset(out)


_WORDS = {int: "a whole number", Decimal: "a number", float: "a number", str: "text", dt.date: "a date"}


def type_problems(model: Any, raw: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """What pydantic would read silently as another type: a number where only a date belongs (0 would be
    1970-01-01), true/false where a number belongs (true would be 1), binary data (``!!binary``)."""
    if isinstance(raw, bytes):
        yield loc, "binary data (!!binary) is not a policy value"
        return
    how, what = _plan(model)
    if how == "union":
        if what[0] is not None and isinstance(raw, dict):
            yield from type_problems(what[0], raw, loc)
        else:
            yield from _scalar_type_problems(what[1], raw, loc)
    elif how == "scalar":
        yield from _scalar_type_problems(what, raw, loc)
    else:
        yield from _nested_type_problems(how, what, raw, loc)


def _nested_type_problems(how: str, what: Any, raw: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """:func:`type_problems` of the items of a list, the values of a mapping or the fields of a model."""
    if how == "list":
        if isinstance(raw, list):
            for i, v in enumerate(raw):
                key = f"id={v['id']}" if isinstance(v, dict) and isinstance(v.get("id"), str) else i
                yield from type_problems(what, v, loc + (key,))
    elif how == "dict":
        if isinstance(raw, dict):
            for k, v in raw.items():
                yield from type_problems(what, v, loc + (k,))
    elif how == "model" and isinstance(raw, dict):
        for key, annotation in what:
            if key in raw:
                yield from type_problems(annotation, raw[key], loc + (key,))


def _scalar_type_problems(kinds: frozenset, raw: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """True/false where no boolean belongs, or a number where only a date belongs."""
    if not kinds or object in kinds or isinstance(raw, (str, dict, list)) or raw is None:
        return
    if isinstance(raw, bool):
        if bool not in kinds:
            wanted = sorted({_WORDS.get(k, k.__name__) for k in kinds if k is not type(None)})
            yield loc, f"{str(raw).lower()} is true/false, not {' or '.join(wanted)}"
    elif isinstance(raw, (int, float, Decimal)) and dt.date in kinds and not kinds & {int, float, Decimal}:
        yield loc, f"{raw} is a number, not a date (write the date as YYYY-MM-DD)"
