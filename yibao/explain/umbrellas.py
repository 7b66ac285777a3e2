"""The group relation a line rests on: a person falls under a rule naming an umbrella group (低保 →
医疗救助对象) through the relation an article states, cited like every other value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..groups import Group, implied_umbrellas, zh
from ..policy.model import Policy
from .record import LineItem


def add_umbrellas(res: Any, pol: Policy, given: Iterable[Group], rule_groups: Iterable[Group]) -> None:
    """Add to ``res`` (a result: ``add``, ``use``) a line item for each umbrella relation through which a
    person of ``given`` falls under a rule naming ``rule_groups`` (e.g. 低保 → 医疗救助对象), citing the
    clause that states it, and the assumptions it rests on. Nothing when the person is named by the rule itself."""
    given = frozenset(given)
    rule_groups = set(rule_groups)
    if given.intersection(rule_groups):
        return
    rels = implied_umbrellas(given, pol.groups.umbrellas)
    needed, kept = set(rule_groups), []
    for rel in reversed(rels):
        if rel.id in needed:
            kept.append(rel)
            needed |= set(rel.members) - given
    ids = {k.id for k in kept}
    for rel in reversed(kept):
        members = "、".join(zh(g) for g in rel.members if g in given or g in ids)
        line = LineItem.cite(f"人群:{members}属于“{rel.label}”", None, rel)
        if line not in getattr(res, "items", ()):  # two rules of one result reached through one relation
            res.add(line)
        res.use(rel)
