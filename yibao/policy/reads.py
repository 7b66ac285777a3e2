"""Who reads each value of a policy file: a calculator, or only the tables and the docs.

Every field of the model (:mod:`yibao.policy.model`) is read by a calculator or a skin, or is
declared here as shown only (:data:`SHOWN`): ``tests/test_policy_reads.py`` tracks the reads while
every calculator runs over every policy, and fails on a field that is neither. So a value that
validates is a value something uses, except where the model cannot say so alone; ``yibao check``
refuses those (:func:`unread_values`):

- a value that only some settings read, given where they do not (:data:`READ_WHEN`: a window's
  ``days`` counts only with ``start: payment_plus_days``);
- ``in_force`` on a value whose calculator takes one value per policy file: only premium aids
  (:data:`DATED`) change within a file's year; a value for another period needs its own file;
- a ``derived`` note for a field its item does not have, or that its quote check does not read;
- a shared part (``_*.yaml``) that no policy extends: nothing reads any of its values.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import reader
from .check_quotes import DATE_FIELDS, NUMBER_FIELDS
from .loader import NOT_POLICIES
from .model import Cited, Policy

#: Fields only shown (in the tables, the docs, ``yibao policies``) or checked by ``yibao check``,
#: never computed with: model class name → fields (a class's entry covers its subclasses).
SHOWN: dict[str, tuple[str, ...]] = {
    # provenance shown with every value: the dates it is in force, a note, how a number is derived
    "Cited": ("in_force", "note", "derived"),
    # the Chinese name of every value and rule: what a reader sees for it (yibao.policy.labels)
    "InpatientLevel": ("label",),
    # the facts and texts of an article, its enrolment categories and funding notice: shown with
    # the assumptions they rest on
    "Param": ("assumptions", "label"),
    "TextFact": ("assumptions",),
    "EnrolmentCategory": ("assumptions",),
    "FundingNotice": ("assumptions", "document"),
    "Derivation": ("formula", "note"),
    "Assumption": ("clause", "source", "id"),  # id: the key it is filed under, never shown
    "Source": ("publisher", "date", "id"),
    # the national waiting rules' own clause (each number cites its own)
    "Waiting": ("source", "quote", "in_force", "label"),
    # checked against the windows (they carry in_concentrated_period), shown in the docs
    "Coverage": ("concentrated_period",),
}

#: Fields read only when another field of the same item has one of some values.
READ_WHEN: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("Window", "days"): ("start", ("payment_plus_days",)),
}

#: Items whose own ``in_force`` a calculator honours (premium aids of part of a year).
DATED = ("AidRule",)


def declared_shown(cls: type, name: str) -> bool:
    """Whether ``name`` of model class ``cls`` is declared shown only (here or for a base class)."""
    return any(name in SHOWN.get(c.__name__, ()) for c in cls.__mro__)


def _model_of(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """("model" | "list" | "dict" | "", the model class inside an annotation)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        found = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        return ("model", found[0]) if found else ("", None)
    if origin in (list, tuple) and args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return "list", args[0]
    if origin is dict and len(args) > 1 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
        return "dict", args[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    return "", None


def _items(cls: type[BaseModel], raw: Any, loc: str) -> Iterator[tuple[type[BaseModel], dict, str]]:
    """Every mapping of a raw file with the model class it is read as, and its key path."""
    if not isinstance(raw, dict):
        return
    yield cls, raw, loc
    for name, info in cls.model_fields.items():
        key = info.alias or name
        if key not in raw or name == "sources":
            continue
        how, sub = _model_of(info.annotation)
        where = f"{loc}.{key}" if loc else key
        if sub is None:
            continue
        if how == "model":
            yield from _items(sub, raw[key], where)
        elif how == "list" and isinstance(raw[key], list):
            for i, v in enumerate(raw[key]):
                ident = v.get("id", i) if isinstance(v, dict) else i
                yield from _items(sub, v, f"{where}[{ident}]")
        elif how == "dict" and isinstance(raw[key], dict):
            for k, v in raw[key].items():
                yield from _items(sub, v, f"{where}.{k}")


def _item_problems(cls: type[BaseModel], node: dict, loc: str) -> Iterator[tuple[str, str]]:
    for (owner, name), (other, values) in READ_WHEN.items():
        if owner == cls.__name__ and name in node and node.get(other) not in values:
            yield (f"{loc}.{name}", f"not read: {name} counts only with {other}: {' or '.join(values)} "
                   f"(here {other}: {node.get(other)}); remove it, or set {other}")
    if loc and "in_force" in node and issubclass(cls, Cited) and cls.__name__ not in DATED:
        yield (f"{loc}.in_force", "not read: the calculators use one value per policy file for this item (only "
               "premium aids may change within a year); a value for another period needs its own policy file")
    derived = node.get("derived")
    if isinstance(derived, dict):
        checked = {"value", *NUMBER_FIELDS, *DATE_FIELDS}
        for name in derived:
            if name not in node or name not in checked:
                yield (f"{loc}.derived.{name}", f"not read: this item has no {name} that its quote is checked "
                       f"against (derived notes are for: {', '.join(sorted(checked & set(node)))})")


def _parents(raw: Any) -> list[str]:
    parents = raw.get("extends") if isinstance(raw, dict) else None
    if isinstance(parents, str):
        return [parents]
    return [p for p in parents or [] if isinstance(p, str)] if isinstance(parents, list) else []


def unread_values(folder: Path, files: list[Path]) -> Iterator[tuple[str, str, str]]:
    """(file name, key path, reason) for every value of the policy files that nothing would read.
    Never raises for malformed files (the other checks report them)."""
    raws: dict[str, Any] = {}
    for path in files:
        if path.stem in NOT_POLICIES:
            continue
        try:
            raws[path.stem] = reader.read_yaml(path)
        except Exception:  # reported by the schema check
            continue
    reached: set[str] = set()
    todo = [i for i in raws if not i.startswith("_")]
    while todo:
        pid = todo.pop()
        if pid in reached:
            continue
        reached.add(pid)
        todo.extend(p for p in _parents(raws.get(pid)) if p in raws)
    for pid, raw in raws.items():
        if pid.startswith("_") and pid not in reached:
            yield f"{pid}.yaml", "", "not read: no policy extends this shared part, so nothing reads its values"
        try:
            for cls, node, loc in _items(Policy, raw, ""):
                for key, reason in _item_problems(cls, node, loc):
                    yield f"{pid}.yaml", key, reason
        except Exception:  # a shape the schema check reports
            continue
