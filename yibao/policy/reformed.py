"""Applying a reform (:mod:`yibao.policy.reform`) to a policy: a new policy, validated again like a
policy file, every overridden value citing the reform; how each result says it was computed under one
(:func:`reform_mark`, :func:`reform_of`) and which values a reform may set (:func:`settable_values`)."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, PolicyDataError
from ..inputs import show
from .loader import as_policy, load_policy, policy_ids
from .model import Policy
from .provenance import citation
from .reform import REFORM_SOURCE, SETTABLE, Override, Reform, as_reform, auto_title, norm_path, parse_value
from .show import value_zh
from .validate import bound_problems, dotted, fill_paths, level_overlap, named_path
from .values import PolicyValue, cited_nodes, policy_values


@dataclass(frozen=True)
class Change:
    """One override as applied to one policy: the old and the new value, in their unit."""

    path: str
    unit: str
    field: str
    old: Any
    new: Any
    note: str
    #: The clause the old value came from (None for a value outside any cited rule).
    cited: Any
    assumption: str | None
    #: What the value is, in Chinese (:attr:`PolicyValue.label`): what a reader sees, never ``path``.
    label: str = ""

    @property
    def old_zh(self) -> str:
        return value_zh(self.old, self.unit, self.field)

    @property
    def new_zh(self) -> str:
        return value_zh(self.new, self.unit, self.field)

    def to_dict(self) -> dict[str, Any]:
        from .show import value_json
        return {"path": self.path, "unit": self.unit, "old": value_json(self.old, self.unit),
                "new": value_json(self.new, self.unit), "note": self.note,
                "old_quote": getattr(self.cited, "quote", None), "old_source": getattr(self.cited, "source", None),
                "rules": list(getattr(self.cited, "rules", ()) or ())}


@dataclass(frozen=True)
class Applied:
    """A reform applied to a baseline policy: what each override changed."""

    reform: Reform
    baseline: Policy
    changes: tuple[Change, ...] = field(default_factory=tuple)
    #: What is legal but odd about the reformed policy (a low tier dearer than the high one), in Chinese:
    #: computed as given, and said in every result under it.
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        """The reform's title; for a reform given without one, its changes by their Chinese names."""
        return title_of(self.reform, self.changes)

    def mark(self) -> str:
        return f"【改革方案:{self.title}】"

    def lines(self) -> list[str]:
        return [f"{c.label}:{c.old_zh} → {c.new_zh}({c.note})" for c in self.changes] + list(self.notes)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "note": self.reform.note, "origin": self.reform.origin,
                "baseline": self.baseline.id, "changes": [c.to_dict() for c in self.changes],
                "notes": list(self.notes)}




def title_of(reform: Reform, changes: Sequence[Change]) -> str:
    """``reform``'s own title, or (given without one) its changes by the values' Chinese names."""
    if reform.title != auto_title(reform.overrides) or not changes:
        return reform.title
    return ";".join(f"{c.label}改为{c.new_zh}" for c in changes)


def reform_of(policy: Any) -> Applied | None:
    """How ``policy`` was made from a baseline by :func:`apply_reform`, or None for a policy as loaded."""
    applied = getattr(policy, "_reform", None)
    return applied if isinstance(applied, Applied) else None


def reform_notes(policy: Any) -> list[str]:
    """What is odd about a reformed policy (:attr:`Applied.notes`); [] for a policy as loaded."""
    applied = reform_of(policy)
    return list(applied.notes) if applied else []


def _tier_order_notes(base: Policy, reformed: Policy, changes: Sequence[Change]) -> tuple[str, ...]:
    """A pair of values per tier (``….low`` and ``….high``) whose order the reform reverses: a low-tier
    premium above the high one, a low-tier rate above the high one. Legal, so computed; odd, so said."""
    touched = {c.path for c in changes}
    before, after = settable_values(base), settable_values(reformed)
    notes = []
    for path in sorted(touched):
        stem = path.removesuffix(".low").removesuffix(".high")
        low, high = f"{stem}.low", f"{stem}.high"
        if stem == path or low not in after or high not in after or low not in before or high not in before:
            continue
        was = (before[low].value > before[high].value) - (before[low].value < before[high].value)
        now = (after[low].value > after[high].value) - (after[low].value < after[high].value)
        if now and was and now != was:
            v = after[low]
            notes.append(f"改革后 {stem} 的低档({value_zh(v.value, v.unit, v.field)})"
                         f"{'高于' if now > 0 else '低于'}高档({value_zh(after[high].value, v.unit, v.field)}),"
                         "与原政策的高低次序相反;仍按改革方案计算,请确认这是有意的。")
    return tuple(dict.fromkeys(notes))


def reform_mark(policy: Any) -> str:
    """``【改革方案:…】`` for a reformed policy ("" otherwise): the first words of a result's headline."""
    applied = reform_of(policy)
    return applied.mark() if applied else ""


def settable_values(policy: Policy) -> dict[str, PolicyValue]:
    """The values of ``policy`` a reform can set: amounts, rates, counts and dates the calculators use
    (not the figures only shown, ``facts.*``), by path."""
    return {p: v for p, v in policy_values(policy).items()
            if v.unit in SETTABLE and not isinstance(v.value, bool) and not p.startswith(("facts.", "texts."))}


def _lookup(policy: Policy, o: Override, path: str, settable: dict[str, PolicyValue]) -> PolicyValue:
    """The value an override names, or one message saying why it names none."""
    if path in settable:
        return settable[path]
    values = policy_values(policy)
    if path.startswith(("facts.", "texts.")) and path in values:
        raise InputError(o.field, f"{path} is a figure the article states for showing; the calculators do not use it",
                         "a value the calculators use, e.g. " + ", ".join(list(settable)[:3]))
    if path in values:
        v = values[path]
        raise InputError(o.field, f"{path} is {value_zh(v.value, v.unit, v.field)!r} ({v.unit}), not an amount, "
                         "rate, count or date: a reform changes numbers and dates", "a path of a number or a date")
    nodes = cited_nodes(policy)
    if path in nodes:
        inside = [p for p in settable if p.startswith(path + ".") or p.startswith(path + "[")]
        raise InputError(o.field, f"{path} is a whole rule, not one value",
                         ", ".join(inside[:6]) if inside else "a path of one of its values")
    others = [pid for pid in policy_ids() if pid != policy.id and path in _settable_of(pid)]
    if others:
        raise InputError(o.field, f"policy {policy.id} has no value {path}",
                         f"a value of {policy.id}; {path} is a value of " + ", ".join(others))
    near = difflib.get_close_matches(path, list(settable), n=3, cutoff=0.6)
    raise InputError(o.field, f"unknown path {show(path)} in policy {policy.id}",
                     ("nearest: " + ", ".join(near)) if near else
                     "a dotted path such as " + ", ".join(list(settable)[:3]) + " (yibao diff lists a policy's values)")


def _settable_of(pid: str) -> dict[str, PolicyValue]:
    """The settable values of another policy of the folder (none if its file is broken: not a suggestion)."""
    try:
        return settable_values(load_policy(pid))
    except (InputError, PolicyDataError):
        return {}


def _steps(path: str) -> list[str | tuple[str]]:
    """``a.b[x].c`` → ["a", "b", ("x",), "c"] (a bracket is a list item by id or position)."""
    out: list[str | tuple[str]] = []
    for part in re.findall(r"[^.\[\]]+|\[[^\]]*\]", path):
        out.append((part[1:-1],) if part.startswith("[") else part)
    return out


def _node(data: Any, steps: Sequence[str | tuple[str]]) -> Any:
    """The mapping of the dumped policy at ``steps``."""
    node = data
    for s in steps:
        if isinstance(s, tuple):
            key = s[0]
            node = next((i for i in node if isinstance(i, dict) and str(i.get("id")) == key), None) \
                if any(isinstance(i, dict) and "id" in i for i in node) else node[int(key)]
        else:
            node = node[s]
    return node


def _where(reform: Reform, loc: str) -> str:
    """The override an error at key path ``loc`` is about: the one whose path shares most of ``loc``
    (a segments error for a segment's rate), else the reform as a whole."""
    def common(o: Override) -> int:
        return len(os.path.commonprefix([loc, norm_path(o.path, o.field)]))  # noqa: RUF071 - key paths, by character
    best = max(reform.overrides, key=common)
    return best.field if common(best) > loc.find(".") > 0 or common(best) == len(loc) else "reform"


def apply_reform(policy: str | Policy, reform: Reform | Mapping[str, Any] | None) -> Policy:
    """``policy`` with ``reform``'s overrides, validated again as a policy file would be.

    Returns the policy itself when ``reform`` is None or empty. The result is a new object (the
    baseline is unchanged); :func:`reform_of` tells how it was made."""
    base = as_policy(policy)
    ref = as_reform(reform)
    if ref is None:
        return base
    done: dict[Reform, Policy] = base.memo().setdefault("reforms", {})
    try:
        hit = done.get(ref)
        cacheable = True
    except TypeError:  # a value of a kind no reform takes (a list): refused below, by its path and value
        hit, cacheable = None, False
    if hit is not None:
        return hit  # the same reform is applied once to a baseline
    settable = settable_values(base)
    data = base.model_dump(mode="python", by_alias=True)
    changes: list[Change] = []
    notes: dict[str, list[str]] = {}
    rules_of: dict[str, Any] = {}
    for o in ref.overrides:
        path = norm_path(o.path, o.field)
        v = _lookup(base, o, path, settable)
        new = parse_value(o.value, v.unit, o.field)
        steps = _steps(path)
        owner = _node(data, steps if v.is_param else steps[:-1])
        owner["value" if v.is_param else v.field] = new
        aid = f"reform:{path}" if v.cited is not None and getattr(v.cited, "rules", None) else None
        changes.append(Change(path, v.unit, v.field, v.value, new, o.note, v.cited, aid, v.label))
        said = (f"改革方案把{v.label}由 {value_zh(v.value, v.unit, v.field)} 改为 "
                f"{value_zh(new, v.unit, v.field)}({o.note})")
        # the clause stating the value, and the rules enclosing it (an aid rule around its amount): the
        # lines citing any of them show the change
        for where, node in cited_nodes(base).items():
            if where == v.cited_path or path.startswith(where + ".") or path.startswith(where + "["):
                rules_of[where] = node
                notes.setdefault(where, []).append(said)
    title = title_of(ref, changes)
    for where, lines in notes.items():
        node = _node(data, _steps(where))
        cited = rules_of[where]
        was = citation(base.sources, cited.source, cited.quote, ()) if getattr(cited, "quote", None) else ""
        node["quote"] = ";".join(lines) + (f"。原规定:{was}" if was else "")
        node["source"] = REFORM_SOURCE
        node["derived"] = {}
        node["note"] = f"改革方案「{title}」"
        node["assumptions"] = list(node.get("assumptions") or ()) + [
            c.assumption for c in changes if c.assumption and c.cited is rules_of[where]]
    data["title"] = f"{base.title}(改革方案:{title})"
    data["sources"] = {k: v.model_dump(exclude_none=True) for k, v in base.sources.items()}
    data["sources"][REFORM_SOURCE] = {"title": title, "document": f"改革方案(来自 {ref.origin},不是政策原文)",
                                      "reform": True}
    for c in changes:
        if c.assumption:
            cited = c.cited
            data["assumptions"][c.assumption] = {
                "title": f"改革方案「{title}」:{c.label}为 {c.new_zh}", "source": REFORM_SOURCE,
                "rules": list(cited.rules), "reading": f"按改革方案,{c.label}由 {c.old_zh} 改为 {c.new_zh}。",
                "alternatives": [f"政策原值 {c.old_zh}:" + citation(base.sources, cited.source, cited.quote, ())],
                "why": c.note, "id": c.assumption}
    reformed = _validated(data, ref)
    reformed._reform = Applied(ref, base, tuple(changes), _tier_order_notes(base, reformed, changes))
    if cacheable:
        if len(done) >= 64:
            done.clear()  # sliders make many reforms of one baseline: keep the last few dozen
        done[ref] = reformed
    return reformed


def _validated(data: dict, ref: Reform) -> Policy:
    """The policy model, the loader's paths and bounds, the payment windows and the kernels' numbers, as
    for a policy file: the first problem as an InputError naming the override."""
    from .check import windows_problems
    from .compiled import policy_params

    try:
        pol = Policy.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = dotted(named_path(data, tuple(err["loc"])))
        raise InputError(_where(ref, loc), f"the policy model refuses it: {loc}: {err['msg']}",
                         "a value the policy model allows") from None
    fill_paths(pol, "")
    inpatient = pol.basic.inpatient if pol.basic is not None else None
    overlap = level_overlap(inpatient)
    if overlap is not None:  # two ranges for one level: which deductible and rate apply is not said
        i, j, n = overlap
        ids = [x.id for x in inpatient.levels]  # type: ignore[union-attr]
        raise InputError(_where(ref, "basic.inpatient.levels"), f"level {n} would be in two ranges ({ids[i]} and "
                         f"{ids[j]}): the policy would say two things for it", "ranges of levels that do not overlap",
                         kind="reform.levels_overlap", params={"level": n, "first": ids[i], "second": ids[j]})
    for loc_t, reason in bound_problems(pol):
        loc = dotted(loc_t)
        raise InputError(_where(ref, loc), f"{loc}: {reason}", "a value the calculators can use")
    for loc, reason in windows_problems(pol):
        raise InputError(_where(ref, loc), f"{loc}: {reason}", "payment windows that do not overlap")
    try:
        policy_params(pol)
    except PolicyDataError as e:
        raise InputError(_where(ref, e.key_path), f"{e.key_path}: {e.reason}",
                         "a value the calculators can use") from None
    return pol


def reformed(policy: str | Policy, reform: Reform | Mapping[str, Any] | None = None) -> Policy:
    """The policy to compute with: loaded from its id if need be, with ``reform`` applied (if any)."""
    return apply_reform(policy, reform)


__all__ = ["Applied", "Change", "apply_reform", "reform_mark", "reform_notes", "reform_of", "reformed",
           "settable_values"]
