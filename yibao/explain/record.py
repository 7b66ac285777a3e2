"""What a calculator or the settlement engine records for each line it produces: the amount, who pays
it, and the policy value it used (its path in the merged policy, its clause, source and rule IDs)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..money import fmt
from ..policy.model import Cited
from ..vocabulary import Layer, Payer


def as_party(party: Payer | Layer | str | None) -> Payer | Layer | None:
    """A party given by its code (``"individual"``, ``"basic"``) as the member of its vocabulary."""
    if party is None or type(party) in (Payer, Layer):
        return party  # type: ignore[return-value]
    return Payer(party) if party in Payer.__members__ else Layer(party)


@dataclass(frozen=True)
class LineItem:
    """One step of a calculation, in Chinese, with the clause it comes from."""

    label: str
    amount: Decimal | None = None
    rules: tuple[str, ...] = ()
    source: str | None = None
    quote: str | None = None
    path: str = ""
    #: Who pays or receives this amount (a premium payer, a settlement layer), if anyone; JSON: its code.
    party: Payer | Layer | None = None

    def __post_init__(self) -> None:
        if self.party is not None and type(self.party) not in (Payer, Layer):
            object.__setattr__(self, "party", as_party(self.party))

    @classmethod
    def cite(cls, label: str, amount: Decimal | None, cited: Cited | None, party: Payer | Layer | str | None = None,
             rules: tuple[str, ...] | None = None) -> LineItem:
        if cited is None:
            return cls(label, amount, rules or (), party=as_party(party))
        return cls(label, amount, rules or tuple(cited.rules), cited.source, cited.quote, cited.path, as_party(party))

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "amount": None if self.amount is None else fmt(self.amount),
            "party": None if self.party is None else self.party.value,
            "rules": list(self.rules),
            "source": self.source,
            "quote": self.quote,
            "path": self.path,
        }
