"""One person's claims file settled (``yibao settle --claims FILE``): explained claim by claim, or as a
table of one line per claim (:mod:`.year_table`)."""

from __future__ import annotations

from .claims_file import ClaimsFile
from .inputs import Person
from .result import YearSettlement
from .year import settle_columns
from .year_table import CitedOnce, settle_table


def settle_file(person: Person, file: ClaimsFile, detail: str, full_rows: int) -> YearSettlement | CitedOnce:
    """The year of a claims file read by :func:`~.claims_file.read_claim_columns` (with the policy: its
    dates checked). ``detail``: ``"table"`` (one line per claim) or ``"full"`` (every step and its clause;
    above ``full_rows`` rows each clause written once and referred to by number)."""
    if detail == "table":
        return settle_table(person, file.columns, file.claim, file.column("label"), file.column("visit"))
    result = settle_columns(person, file.claims, file.columns)
    return result if len(file) <= full_rows else CitedOnce(result)
