"""A result's line items as a reader's steps: label, amount, who pays, clause, and how a computed
number follows from the policy values when its clause does not state it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..format import pct, yuan
from ..policy.check_quotes import stated
from ..policy.model import Policy
from ..policy.provenance import citation, quoted, source_name
from ..policy.values import node_at
from ..vocabulary import party_zh
from .record import LineItem

#: Signs that a line's label shows its own computation (``(50,000.00 元 − 400.00 元) × 85%``).
_SHOWS_ITS_SUM = ("×", "=", "−", "+")


@dataclass(frozen=True)
class Step:
    """One line as a reader sees it."""

    label: str
    amount: Decimal | None
    #: ``1,234.56 元``, or "" for a line without an amount.
    amount_text: str
    #: Who pays or receives it, in Chinese ("" for nobody).
    party: str
    rules: tuple[str, ...]
    #: 《title》“clause”[rules] ("" for a line resting on no clause).
    citation: str
    #: The source's title and the clause, apart (for tables).
    source_title: str
    clause: str
    #: How the amount follows where the clause does not state it ("" where it does, or the label shows it).
    how: str
    #: The value's path in the merged policy (for JSON and tests; never shown).
    path: str




def how(policy: Policy, item: LineItem) -> str:
    """How ``item``'s amount follows from the policy where its clause does not state the number.

    Said from the data: the numbers the clause states, and the named assumptions (their Chinese
    titles) of the value the line used, which say which reading turns them into this one."""
    if item.amount is None or not item.quote or any(s in item.label for s in _SHOWS_ITS_SUM):
        return ""
    source = policy.sources.get(item.source or "")
    if source is not None and source.reform:
        return ""  # a reform's own clause states the value it sets (and the one it replaces)
    says = stated(item.quote)
    amount = Decimal(item.amount)
    if amount in says.plain or not says.plain:
        return ""  # stated as such, or a clause stating no amount at all (a rule in words)
    node = node_at(policy, item.path) if item.path else None
    titles = [policy.assumptions[a].title for a in getattr(node, "assumptions", ()) or ()
              if a in policy.assumptions]
    numbers = "、".join(format(v.normalize(), "f") for v in sorted(says.plain))
    numbers += "".join(f"、{pct(v)}" for v in sorted(says.percent))
    why = ("按本政策的数值计算,依据假设" + "".join(f"“{t}”" for t in titles)) if titles else "按本政策的数值计算"
    return f"原文写出的数是{numbers};{yuan(amount)}不是原文的数,{why}。"


def step(policy: Policy, item: LineItem) -> Step:
    """``item`` as a reader sees it under ``policy``."""
    return Step(
        label=item.label,
        amount=item.amount,
        amount_text="" if item.amount is None else yuan(item.amount),
        party=party_zh(item.party),
        rules=tuple(item.rules),
        citation=citation(policy.sources, item.source, item.quote, tuple(item.rules)) if item.quote else "",
        source_title=source_name(policy.sources, item.source) if item.source else "",
        clause=quoted(policy.sources, item.source, item.quote),
        how=how(policy, item),
        path=item.path,
    )


def steps(policy: Policy, items: Iterable[LineItem]) -> Iterator[Step]:
    """Each of ``items`` as a reader sees it."""
    for it in items:
        yield step(policy, it)
