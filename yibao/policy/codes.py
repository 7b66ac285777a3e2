"""The integers both engines compute with: vocabulary codes, day numbers and basis points (fen: :mod:`yibao.money`).

- An enum member's code is its position in the enum (:func:`code`): ``ClaimKind.inpatient`` is 0.
  Arrays hold these codes, −1 for "none" (no facility given, a claim the fund pays).
- A day is the number of days since 1970-01-01 (numpy's ``datetime64[D]``), on every path.
- Money is ``int64`` fen (:func:`yibao.money.to_fen`); rates are integer basis points (1 bp = 0.01%, 90% = 9000).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import TypeVar

import numpy as np

from ..vocabulary import ClaimKind, DrugClass, Exclusion, Facility, Refusal

E = TypeVar("E", bound=Enum)

BP = 10_000
HALF = 5_000
I64 = np.int64
_EPOCH = dt.date(1970, 1, 1)
#: Day numbers standing for "no date" (before and after every real day).
NO_START = int(np.iinfo(np.int64).min // 2)
NO_END = int(np.iinfo(np.int64).max // 2)


def code(member: Enum) -> int:
    """The member's position in its enum: the integer the engine's arrays hold for it."""
    return list(type(member)).index(member)


def member(enum: type[E], c: int) -> E:
    """The member of ``enum`` at code ``c`` (:func:`code` backwards)."""
    return list(enum)[c]


KINDS: tuple[ClaimKind, ...] = tuple(ClaimKind)
REFUSALS: tuple[Refusal, ...] = tuple(Refusal)
FACILITIES: tuple[Facility, ...] = tuple(Facility)
DRUG_CLASSES: tuple[DrugClass, ...] = tuple(DrugClass)
K_IP, K_SO, K_GO, K_PO, K_DEL, K_EO = (code(k) for k in (
    ClaimKind.inpatient, ClaimKind.special_outpatient, ClaimKind.general_outpatient, ClaimKind.pooled_outpatient,
    ClaimKind.delivery, ClaimKind.employee_outpatient))
R_NON_DESIGNATED, R_WAITING, R_OUTSIDE_COVER = (code(r) for r in (
    Refusal.non_designated, Refusal.waiting_period, Refusal.outside_cover))
#: An F9 exclusion's code in :data:`REFUSALS` (the refusals list the exclusions first).
EXCLUSION_CODES: dict[Exclusion, int] = {e: code(Refusal(e.value)) for e in Exclusion}

#: Kinds whose self-paid policy-range cost counts toward the catastrophic base (assumption ``catastrophic_base``).
CATASTROPHIC_KINDS = (ClaimKind.inpatient, ClaimKind.special_outpatient)
#: Kinds medical assistance covers (assumption ``assistance_base``): resident insurance only.
ASSISTANCE_KINDS = (ClaimKind.inpatient, ClaimKind.special_outpatient, ClaimKind.general_outpatient,
                    ClaimKind.pooled_outpatient, ClaimKind.delivery)


def day_number(d: dt.date) -> int:
    """Days since 1970-01-01."""
    return (d - _EPOCH).days


def day_of(n: int | np.integer) -> dt.date:
    """The day of a day number."""
    return _EPOCH + dt.timedelta(days=int(n))


def rate_of(bp: int | np.integer) -> Decimal:
    """Basis points as a ``Decimal`` rate (``8500`` → ``Decimal('0.85')``)."""
    return Decimal(int(bp)).scaleb(-4)
