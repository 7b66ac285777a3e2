"""Exact money: ``Decimal`` yuan, rounded half up (四舍五入) to the fen. Never float.

One name per conversion: :func:`fen` rounds yuan to the fen, :func:`to_fen` and :func:`from_fen` go
between ``Decimal`` yuan and the engines' integer fen, :func:`fmt` writes JSON's ``"40.00"``. What a
person reads (``1,234.56 元``) is :func:`yibao.format.yuan`.

Reading an amount a user gives is :func:`yibao.inputs.parse_money` (re-exported here).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from .inputs import FEN, MAX_MONEY, parse_money

__all__ = ["FEN", "MAX_MONEY", "ZERO", "fen", "fmt", "from_fen", "parse_money", "to_fen"]

ZERO = Decimal("0.00")


def fen(amount: Decimal | int | str) -> Decimal:
    """Round to the fen, half up, as Chinese public finance does."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal) -> str:
    """Money as a string with two decimals: ``"40.00"``."""
    return f"{fen(amount):.2f}"


def to_fen(amount: Decimal) -> int:
    """``Decimal`` yuan with at most two decimals (checked by the caller) as integer fen."""
    return int(amount.scaleb(2))


def from_fen(fen_: int | np.integer) -> Decimal:
    """Integer fen as ``Decimal`` yuan with two decimals (``816000`` → ``Decimal('8160.00')``)."""
    return Decimal(int(fen_)).scaleb(-2)
