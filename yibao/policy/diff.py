"""What changed between two policies (``yibao diff OLD NEW``): every value, after inheritance.

Both policies are read value by value (:func:`yibao.policy.values.policy_values`, the same dotted
paths the result line items show) and compared:

- **changed**: a value at the same path differs (``premium.tiers.high`` 380 → 400), with the old and
  the new clause and rule IDs (F5 → L3);
- **added** / **removed**: a value only one policy has (Lhasa 2025's aid rules L5–L8, its payment
  window L1; the 2024 flexible-employment example figures);
- **recited**: the same value now rests on another clause (the 705 yuan fiscal subsidy: T2's
  "目前的705元" for 2024, L4's "达到每人每年705元" for 2025 — assumption ``fiscal_subsidy_articles_disagree``);
- **assumptions**: named readings added, removed or reworded.

Values inherited but not in force in a policy's own period (the region's 2024 aid rules inside
lhasa-2025) do not count: they do not apply there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .loader import as_policy
from .model import Assumption, Cited, Param, Policy
from .provenance import citation
from .reformed import reform_mark
from .show import date_zh, value_json, value_zh
from .values import PolicyValue, cited_nodes, policy_values


def _period_zh(policy: Policy) -> str:
    p = policy.in_force
    return f"{date_zh(p.start)}至{date_zh(p.to)}" if p.to else f"{date_zh(p.start)}起"


def _cite(policy: Policy, cited: Any) -> str:
    if cited is None or not getattr(cited, "quote", None):
        return "(此值无单独引文)"
    return citation(policy.sources, cited.source, cited.quote, tuple(cited.rules))


def _cited_json(prefix: str, cited: Any) -> dict[str, Any]:
    return {f"{prefix}_quote": getattr(cited, "quote", None), f"{prefix}_source": getattr(cited, "source", None),
            f"{prefix}_rules": list(getattr(cited, "rules", ()) or ()),
            f"{prefix}_assumptions": list(getattr(cited, "assumptions", ()) or ())}


@dataclass(frozen=True)
class ValueChange:
    """One value that differs: ``old`` or ``new`` is None (absent) for a value added or removed."""

    path: str
    old: PolicyValue | None
    new: PolicyValue | None

    @property
    def change(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def unit(self) -> str:
        return (self.new or self.old).unit  # type: ignore[union-attr]

    @property
    def rules(self) -> tuple[str, ...]:
        both = (self.old.rules if self.old else ()) + (self.new.rules if self.new else ())
        return tuple(dict.fromkeys(both))

    @property
    def label(self) -> str:
        """What the value is, in Chinese (never its path)."""
        return (self.new or self.old).label  # type: ignore[union-attr]

    def text(self, which: str) -> str:
        v = self.old if which == "old" else self.new
        name = getattr(v.cited, "label", None) if v is not None else None
        if v is not None and v.field == "code" and isinstance(name, str) and name:
            return name  # a category's code is its id: shown by its name
        return "(无)" if v is None else value_zh(v.value, v.unit, v.field)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "change": self.change, "unit": self.unit,
                "old": None if self.old is None else value_json(self.old.value, self.old.unit),
                "new": None if self.new is None else value_json(self.new.value, self.new.unit),
                **_cited_json("old", self.old.cited if self.old else None),
                **_cited_json("new", self.new.cited if self.new else None),
                "rules": list(self.rules)}


@dataclass(frozen=True)
class Recited:
    """A rule or value present in both whose value is the same but whose clause, rules or readings differ."""

    path: str
    old: Cited
    new: Cited

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path}
        if isinstance(self.new, Param):
            out["unit"] = self.new.unit
            out["value"] = value_json(self.new.value, self.new.unit)
        return {**out, **_cited_json("old", self.old), **_cited_json("new", self.new),
                "rules": list(dict.fromkeys(tuple(self.old.rules) + tuple(self.new.rules)))}


@dataclass(frozen=True)
class AssumptionChange:
    id: str
    old: Assumption | None
    new: Assumption | None

    @property
    def change(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    def to_dict(self) -> dict[str, Any]:
        def one(a: Assumption | None) -> dict[str, Any] | None:
            return None if a is None else a.model_dump(mode="json", exclude={"id"})
        return {"id": self.id, "change": self.change, "old": one(self.old), "new": one(self.new)}


@dataclass
class PolicyDiff:
    """Every difference between ``old`` and ``new``; ``explain()`` in Chinese, ``to_dict()`` for JSON."""

    old: Policy
    new: Policy
    changed: list[ValueChange] = field(default_factory=list)
    added: list[ValueChange] = field(default_factory=list)
    removed: list[ValueChange] = field(default_factory=list)
    recited: list[Recited] = field(default_factory=list)
    assumptions: list[AssumptionChange] = field(default_factory=list)

    def change(self, path: str) -> ValueChange | None:
        """The change at ``path`` (changed, added or removed), or None."""
        return next((c for c in self.changed + self.added + self.removed if c.path == path), None)

    def headline(self) -> str:
        return reform_mark(self.new) + (f"政策比较({self.old.title} → {self.new.title}):{len(self.changed)}项数值改变,"
                                        f"新增{len(self.added)}项,"
                f"删除{len(self.removed)}项,{len(self.recited)}项数值未变但出处改变,"
                f"{len(self.assumptions)}项假设不同。")

    def _lines(self, changes: list[ValueChange]) -> list[str]:
        """Changes under the rule (cited node) they belong to, each rule with its old and new clause."""
        groups: dict[str, list[ValueChange]] = {}
        for c in changes:
            v = c.new or c.old
            assert v is not None
            groups.setdefault(v.cited_path or c.path, []).append(c)
        lines: list[str] = []
        for group in groups.values():
            first = group[0]
            ends = [(w, p, getattr(first, w)) for w, p in (("old", self.old), ("new", self.new))]
            shown = [(w, p, v) for w, p, v in ends if v is not None]
            param = all(v.is_param for _, _, v in shown)
            if param or (len(group) == 1 and not shown[0][2].cited_path):
                lines.append(f"- {first.label}:" + " → ".join(first.text(w) for w, _, _ in shown)
                             if first.change == "changed" else f"- {first.label}:{first.text(shown[0][0])}")
            else:
                label = next((getattr(v.cited, "label", None) for _, _, v in shown if getattr(v.cited, "label", None)),
                             None)
                lines.append(f"- {label or first.label}")
            if any(v.cited is not None for _, _, v in shown):
                word = {"old": "原", "new": "新"} if len(shown) == 2 else {"old": "依据", "new": "依据"}
                lines += [f"  {word[w]}:{_cite(p, v.cited)}" for w, p, v in shown]
            if not param and not (len(group) == 1 and not shown[0][2].cited_path):
                for c in group:
                    sub = c.label.removeprefix(label or "").lstrip("·") or c.label
                    text = (f"{c.text('old')} → {c.text('new')}" if c.change == "changed"
                            else c.text("new" if c.new else "old"))
                    lines.append(f"  - {sub}:{text}")
        return lines

    def explain(self) -> str:
        o, n = self.old, self.new
        lines = [self.headline(), "",
                 f"旧:{o.title},{_period_zh(o)}", f"新:{n.title},{_period_zh(n)}",
                 "比较的是两份政策继承之后、在各自生效期内适用的全部值。"]
        lines += ["", f"一、数值改变({len(self.changed)}项)", *self._lines(self.changed)]
        lines += ["", f"二、新增({len(self.added)}项)", *self._lines(self.added)]
        lines += ["", f"三、删除({len(self.removed)}项)", *self._lines(self.removed)]
        lines += ["", f"四、数值未变、出处或解读改变({len(self.recited)}项)"]
        for r in self.recited:
            what = f":{value_zh(r.new.value, r.new.unit)}" if isinstance(r.new, Param) else ""
            lines.append(f"- {r.new.label or r.old.label}{what}")
            lines.append(f"  原:{_cite(o, r.old)}" + _assumed(o, r.old))
            lines.append(f"  新:{_cite(n, r.new)}" + _assumed(n, r.new))
        lines += ["", f"五、假设的变化({len(self.assumptions)}项)"]
        word = {"added": "新增", "removed": "删除", "changed": "改变"}
        for a in self.assumptions:
            now = a.new or a.old
            assert now is not None
            lines.append(f"- {word[a.change]}假设:{now.title}")
            if a.change == "changed" and a.old is not None and a.old.reading != now.reading:
                lines.append(f"  原解读:{a.old.reading}")
            lines.append(f"  {'原' if a.change == 'removed' else ''}解读:{now.reading}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        def meta(p: Policy) -> dict[str, Any]:
            return {"id": p.id, "title": p.title, "year": p.year, "in_force_from": p.in_force.start.isoformat(),
                    "in_force_to": p.in_force.to.isoformat() if p.in_force.to else None}
        return {"old": meta(self.old), "new": meta(self.new),
                "changed": [c.to_dict() for c in self.changed], "added": [c.to_dict() for c in self.added],
                "removed": [c.to_dict() for c in self.removed], "recited": [r.to_dict() for r in self.recited],
                "assumptions": [a.to_dict() for a in self.assumptions]}


def _assumed(policy: Policy, c: Cited) -> str:
    """The assumptions a clause rests on, by their Chinese titles."""
    titles = [policy.assumptions[a].title if a in policy.assumptions else a for a in c.assumptions]
    return f"(假设:{'、'.join(titles)})" if titles else ""


def _citation_key(c: Cited) -> tuple:
    return (c.source, c.quote, tuple(c.rules), tuple(c.assumptions))


def diff_policies(old: str | Policy, new: str | Policy) -> PolicyDiff:
    """Every value that differs between ``old`` and ``new`` (policy ids or loaded policies)."""
    a, b = as_policy(old), as_policy(new)
    va, vb = policy_values(a), policy_values(b)
    out = PolicyDiff(a, b)
    for path, v in vb.items():
        if path not in va:
            out.added.append(ValueChange(path, None, v))
        elif va[path].value != v.value:
            out.changed.append(ValueChange(path, va[path], v))
    out.removed = [ValueChange(p, v, None) for p, v in va.items() if p not in vb]
    changed = {c.path for c in out.changed} | {c.new.cited_path for c in out.changed if c.new is not None}
    na, nb = cited_nodes(a), cited_nodes(b)
    for path, node in nb.items():
        before = na.get(path)
        if before is None or _citation_key(before) == _citation_key(node):
            continue
        if path in changed:
            continue  # the change shows both clauses already
        out.recited.append(Recited(path, before, node))
    for aid in dict.fromkeys([*a.assumptions, *b.assumptions]):
        x, y = a.assumptions.get(aid), b.assumptions.get(aid)
        if x is None or y is None or x.model_dump(exclude={"id"}) != y.model_dump(exclude={"id"}):
            out.assumptions.append(AssumptionChange(aid, x, y))
    return out
