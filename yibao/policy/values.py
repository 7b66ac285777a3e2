"""Every value of a loaded policy by its dotted path — the ``path`` result line items show.

A policy holds two kinds of values: cited parameters (:class:`~yibao.policy.model.Param`: an amount,
a rate, a count or a date with its unit, at ``catastrophic.deductible.high``) and the plain fields of
the structured rules (an aid's ``effect``, a window's ``paid_to``, a catastrophic segment's ``rate``
at ``catastrophic.segments.segments[0].rate``). :func:`policy_values` lists both, each with the
clause that states it (the nearest cited node: its source, quote, rules and assumptions).

What is provenance, not a value, is left out: ``source``, ``quote``, ``rules``, ``assumptions``,
``note``, ``derived``, ``in_force``, ``readings_against`` and descriptive ``label`` texts. Values
inherited from a parent but not in force during the policy's own period (the region's 2024 aid rules
inside a 2025 policy) are left out too: they do not apply. The year-on-year diff (:mod:`yibao.policy.diff`) and the
reforms (:mod:`yibao.policy.reform`) read values through this one walk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .labels import field_zh, item_zh, joined
from .model import Cited, Param, Period, Policy

#: Fields that say where a value comes from, not what it is.
PROVENANCE = frozenset({"source", "quote", "rules", "assumptions", "note", "derived", "in_force", "path", "label",
                        "readings_against"})
#: Top-level fields that describe the policy itself (shown apart), or are compared apart (assumptions).
META = frozenset({"id", "title", "jurisdiction", "year", "extends", "in_force", "sources", "assumptions"})
#: Units of values that are not :class:`Param`: a plain field's unit follows from its type and name.
RATE_FIELDS = frozenset({"rate"})


@dataclass(frozen=True)
class PolicyValue:
    """One value of a policy: where it is, what it is, and the clause that states it."""

    path: str
    value: Any
    #: ``yuan``, ``rate``, ``days``, ``months``, ``years``, ``count``, ``age``, ``date`` (numbers and
    #: dates), or ``text``, ``flag``, ``list`` for the other plain fields.
    unit: str
    #: The nearest cited node: a :class:`Param` itself, or the rule a plain field belongs to (None
    #: for a field outside any cited rule, such as ``premium.aid_tier``).
    cited: Any
    #: The model holding the value and its field name (``value`` for a :class:`Param`).
    owner: Any
    field: str
    #: The path of ``cited`` ("" when there is none).
    cited_path: str = ""
    #: What the value is, in Chinese (:mod:`yibao.policy.labels`): what a reader sees instead of ``path``.
    label: str = ""

    @property
    def is_param(self) -> bool:
        return isinstance(self.owner, Param)

    @property
    def is_number_or_date(self) -> bool:
        return self.unit in ("yuan", "rate", "days", "months", "years", "count", "age", "date")

    @property
    def quote(self) -> str | None:
        return getattr(self.cited, "quote", None)

    @property
    def source(self) -> str | None:
        return getattr(self.cited, "source", None)

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(getattr(self.cited, "rules", ()) or ())

    @property
    def assumptions(self) -> tuple[str, ...]:
        return tuple(getattr(self.cited, "assumptions", ()) or ())


def overlaps(a: Period | None, b: Period | None) -> bool:
    """Whether two periods share a day (an absent period is always in force)."""
    if a is None or b is None:
        return True
    return a.start <= (b.to or dt.date.max) and b.start <= (a.to or dt.date.max)


def _unit_of(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, Decimal):
        return "rate" if name in RATE_FIELDS else "yuan"
    if isinstance(value, int):
        return {"days": "days"}.get(name, "count")
    if isinstance(value, (tuple, list)):
        return "list"
    return "text"


def _plain(value: Any) -> Any:
    """A field value as plain data: enums as their codes, tuples of them as tuples of codes."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    return value


def _key(item: Any, i: int) -> str:
    ident = getattr(item, "id", None)
    return str(ident.value if isinstance(ident, Enum) else ident) if ident else str(i)


def _walk(node: BaseModel, path: str, cited: tuple[Any, str], in_force: Period, name: str = ""
          ) -> Iterator[PolicyValue | tuple[str, Cited]]:
    own = getattr(node, "label", None)
    if isinstance(own, str) and own:
        name = own  # a labelled rule or value names itself
    if isinstance(node, Cited):
        if not overlaps(node.in_force, in_force):
            return  # inherited but not in force in this policy's period: it does not apply
        yield path, node
    if isinstance(node, Param):
        yield PolicyValue(path, node.value, node.unit, node, node, "value", path, name)
        return
    here = (node, path) if hasattr(node, "quote") else cited
    for field, info in type(node).model_fields.items():
        if field in PROVENANCE or field == "id" or (isinstance(node, Policy) and field in META):
            continue  # an id names the rule (in its path), it is not one of its values
        key = info.alias or field  # a period's "from", as the files write it
        sub = f"{path}.{key}" if path else key
        yield from _field(node, field, getattr(node, field), sub, here, in_force, joined(name, field_zh(key)))


def _field(owner: BaseModel, field: str, value: Any, path: str, cited: tuple[Any, str], in_force: Period,
           name: str) -> Iterator[PolicyValue | tuple[str, Cited]]:
    if value is None or (isinstance(value, (list, tuple, dict)) and not value):
        return  # absent: a diff shows it as added or removed
    if isinstance(value, BaseModel):
        yield from _walk(value, path, cited, in_force, name)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _field(owner, field, v, f"{path}.{k}", cited, in_force, name)
    elif isinstance(value, (list, tuple)) and value and all(isinstance(v, BaseModel) for v in value):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{_key(v, i)}]", cited, in_force, joined(name, item_zh(i)))
    else:
        plain = _plain(value)
        yield PolicyValue(path, plain, _unit_of(field, plain), cited[0], owner, field, cited[1], name)


def policy_values(policy: Policy) -> dict[str, PolicyValue]:
    """Every value of ``policy`` in force in its own period, by dotted path, in the order of the model."""
    return {v.path: v for v in _walk(policy, "", (None, ""), policy.in_force) if isinstance(v, PolicyValue)}


def cited_nodes(policy: Policy) -> dict[str, Cited]:
    """Every cited node of ``policy`` in force in its own period (parameters and structured rules) by path."""
    return {v[0]: v[1] for v in _walk(policy, "", (None, ""), policy.in_force) if isinstance(v, tuple)}


def rule_label(policy: Policy, ident: str) -> str:
    """The Chinese label of the rule of ``policy`` with id ``ident`` (a payment window, an aid rule, a
    group): how a result's ``basis`` or ``aid`` id is shown to a reader."""
    for node in cited_nodes(policy).values():
        ident_of = getattr(node, "id", None)
        if (ident_of.value if isinstance(ident_of, Enum) else ident_of) == ident and node.label:
            return node.label
    return ""


def node_at(policy: Policy, path: str) -> Any:
    """The node of ``policy`` at key path ``path`` (``premium.aids[l7_forty].amount``), or None: found
    by following the path alone, reading no other field on the way."""
    node: Any = policy
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", path):
        if node is None:
            return None
        if part.startswith("["):
            key = part[1:-1]
            items = list(node) if isinstance(node, (list, tuple)) else []
            node = next((v for i, v in enumerate(items) if _key(v, i) == key), None)
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            name = next((n for n, f in type(node).model_fields.items() if (f.alias or n) == part), part) \
                if isinstance(node, BaseModel) else part
            node = getattr(node, name, None)
    return node
