"""Result objects that explain themselves: amounts, line items each with its source, assumptions."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .explain import LineItem, steps
from .money import fmt
from .policy.model import Assumption, Policy
from .policy.reformed import reform_mark, reform_notes, reform_of


def assumptions_used(policy: Policy, *cited: Any) -> list[str]:
    """Ids of the named assumptions the given cited values rest on, in order, once each."""
    out: list[str] = []
    for c in cited:
        for a in getattr(c, "assumptions", ()) or ():
            if a not in out:
                out.append(a)
    return out


def jsonable(value: Any) -> Any:
    """Money as "40.00", dates ISO, everything else plain."""
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


@dataclass
class Result:
    """Base of every calculator's result."""

    policy: Policy
    items: list[LineItem] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A result computed under a reform (its policy came from :func:`yibao.policy.reformed.apply_reform`)
        says so first in its headline: every subclass's ``headline()`` is prefixed with ``【改革方案:…】``."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("headline")
        if own is not None and not getattr(own, "marks_reform", False):
            @functools.wraps(own)
            def headline(self: Result) -> str:
                return reform_mark(self.policy) + own(self)
            headline.marks_reform = True  # type: ignore[attr-defined]
            cls.headline = headline  # type: ignore[method-assign]

    def add(self, item: LineItem) -> None:
        self.items.append(item)

    def use(self, *cited: Any) -> None:
        for a in assumptions_used(self.policy, *cited):
            if a not in self.assumptions:
                self.assumptions.append(a)

    @property
    def assumption_details(self) -> list[Assumption]:
        return [self.policy.assumptions[a] for a in self.assumptions]

    def headline(self) -> str:  # pragma: no cover - every subclass says its own
        raise NotImplementedError

    def explain(self) -> str:
        """The calculation in plain Chinese: headline, each step with its source, notes, assumptions."""
        lines = [self.headline(), "", f"政策:{self.policy.title}"]
        for s in steps(self.policy, self.items):
            lines.append(f"- {s.label}" + (f":{s.amount_text}" if s.amount_text else ""))
            if s.citation:
                lines.append(f"  依据:{s.citation}")
            if s.how:
                lines.append(f"  说明:{s.how}")
        return "\n".join(lines + self.footer_lines())

    def footer_lines(self) -> list[str]:
        """The notes (each once) and the named assumptions this result used, in Chinese."""
        lines = [f"注意:{n}" for n in dict.fromkeys(self.notes + reform_notes(self.policy))]
        if self.assumptions:
            lines.append("本结果用到的假设:")
            lines += [f"- {a.title}:{a.reading}" for a in self.assumption_details]
        return lines

    def fields(self) -> dict[str, Any]:  # pragma: no cover - every subclass says its own
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        out = {"policy": self.policy.id, **jsonable(self.fields())}
        out["items"] = [i.to_dict() for i in self.items]
        out["assumptions"] = list(self.assumptions)
        out["notes"] = list(self.notes)
        applied = reform_of(self.policy)
        if applied is not None:
            out["reform"] = applied.to_dict()
        return out
