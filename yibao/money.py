"""Exact money: ``Decimal`` yuan, rounded half up (四舍五入) to the fen. Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InputError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def fen(amount: Decimal | int | str) -> Decimal:
    """Round to the fen, half up, as Chinese public finance does."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal) -> str:
    """Money as a string with two decimals: ``"40.00"``."""
    return f"{fen(amount):.2f}"


def parse_money(text: str | int | Decimal, field: str) -> Decimal:
    """Read a money amount given by a user, in yuan, with at most two decimals.

    Floats are refused: they are where fen go missing.
    """
    if isinstance(text, bool) or isinstance(text, float):
        raise InputError(field, f"{text!r} is a {type(text).__name__}; give money as a string or Decimal",
                         "a number of yuan such as 380 or 971.19")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        raw = str(text).strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise InputError(field, f"{text!r} is not a number",
                             "a number of yuan such as 380 or 971.19, no commas or units") from None
    if not value.is_finite():
        raise InputError(field, f"{text!r} is not a finite amount", "a number of yuan such as 380 or 971.19")
    if value < 0:
        raise InputError(field, f"{text!r} is negative", "0 or more yuan")
    if value != value.quantize(FEN, rounding=ROUND_HALF_UP):
        raise InputError(field, f"{text!r} has more than two decimals", "yuan to the fen, e.g. 12.34")
    return value
