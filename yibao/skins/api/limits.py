"""How much one request may ask: the bounds the schemas and the app enforce (a request past them is
refused with the field's path, never half-computed)."""

from __future__ import annotations

from dataclasses import dataclass

#: The longest text field (a policy id, a date, an amount written out).
MAX_TEXT = 200
#: Items of a short list (groups, policies).
MAX_LIST = 20
#: ``set`` items and reform overrides.
MAX_SETS = 50
#: Claims in one request: far beyond one person's year of bills in practice, still answered in well
#: under a second (a year of claims files goes through ``yibao settle --claims``).
MAX_CLAIMS = 2000
#: Years of incentive history.
MAX_HISTORY = 100
#: Household members (as the household file).
MAX_MEMBERS = 50
#: People in a budget-impact population (larger ones go through yibao.populations).
MAX_PEOPLE = 500


@dataclass(frozen=True)
class Limits:
    """Per-request bounds of a running app."""

    #: Bytes of a request body.
    body_bytes: int = 1_000_000
    #: Seconds a calculation may take before the answer is 503.
    seconds: float = 10.0
