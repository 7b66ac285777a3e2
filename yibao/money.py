"""Exact money: ``Decimal`` yuan, rounded half up (四舍五入) to the fen. Never float.

Reading an amount a user gives is :func:`yibao.inputs.parse_money` (re-exported here).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .inputs import FEN, MAX_MONEY, parse_money

__all__ = ["FEN", "MAX_MONEY", "ZERO", "fen", "fmt", "parse_money"]

ZERO = Decimal("0.00")


def fen(amount: Decimal | int | str) -> Decimal:
    """Round to the fen, half up, as Chinese public finance does."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal) -> str:
    """Money as a string with two decimals: ``"40.00"``."""
    return f"{fen(amount):.2f}"
