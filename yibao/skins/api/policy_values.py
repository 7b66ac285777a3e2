"""One policy as data: every value in force with its label, value (JSON and Chinese), unit, quoted
clause, source, rule IDs and the readings (named assumptions) it rests on — the walk of
:func:`yibao.policy.values.policy_values`, the same paths as result lines, diffs and reforms."""

from __future__ import annotations

from typing import Any

from ...policy.model import Policy
from ...policy.provenance import is_outside, source_name
from ...policy.reformed import reform_of
from ...policy.show import value_json, value_zh
from ...policy.values import PolicyValue, policy_values


def _value(v: PolicyValue) -> dict[str, Any]:
    """One value; its ``label`` is the Chinese name the policy data and :mod:`yibao.policy.labels` give it."""
    kind = v.field
    return {"path": v.path, "label": v.label or None, "value": value_json(v.value, v.unit),
            "value_zh": value_zh(v.value, v.unit, kind), "unit": v.unit, "quote": v.quote, "source": v.source,
            "rules": list(v.rules), "readings": list(v.assumptions)}


def policy_document(policy: Policy) -> dict[str, Any]:
    """``policy`` with its values, the sources they cite and its readings."""
    values = [_value(v) for v in policy_values(policy).values()]
    used = {v["source"] for v in values if v["source"]}
    applied = reform_of(policy)
    return {
        "id": policy.id, "title": policy.title, "jurisdiction": policy.jurisdiction, "year": policy.year,
        "in_force_from": policy.in_force.start.isoformat(),
        "in_force_to": policy.in_force.to.isoformat() if policy.in_force.to else None,
        "extends": [e for e in policy.extends if not e.startswith("_")],
        "values": values,
        "sources": {s: {"title": source_name(policy.sources, s), "outside": is_outside(policy.sources, s)}
                    for s in sorted(used) if s in policy.sources},
        "readings": [{"id": a, "title": x.title, "reading": x.reading, "clause": x.clause, "source": x.source,
                      "rules": list(x.rules), "alternatives": list(x.alternatives), "why": x.why}
                     for a, x in policy.assumptions.items()],
        "reform": applied.to_dict() if applied is not None else None,
    }
