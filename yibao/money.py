"""Exact money: ``Decimal`` yuan, rounded half up (四舍五入) to the fen. Never float."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InputError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
#: The largest amount a user may give: one trillion yuan. Far above any bill, wage or income, and
#: far below where Decimal arithmetic (28 digits) would stop being exact.
MAX_MONEY = Decimal("1000000000000")
#: Plain decimal notation only: digits, at most one point, an optional sign. No grouping
#: (``1,000``, ``1_000``), no exponent (``1e3``), no units (``100元``).
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_SPECIAL = re.compile(r"[+-]?(nan|snan|inf|infinity)", re.IGNORECASE)


def fen(amount: Decimal | int | str) -> Decimal:
    """Round to the fen, half up, as Chinese public finance does."""
    return Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal) -> str:
    """Money as a string with two decimals: ``"40.00"``."""
    return f"{fen(amount):.2f}"


def parse_money(text: str | int | Decimal, field: str) -> Decimal:
    """Read a money amount given by a user, in yuan, with at most two decimals.

    Floats are refused: they are where fen go missing. Full-width digits, point and sign
    (``１０００``, ``１２．５``, typed with a Chinese input method) are read as their ASCII forms
    (Unicode NFKC); anything else that is not plain ``digits[.digits]`` is refused, with one
    message naming ``field`` (see docs/bad-input.md).
    """
    if isinstance(text, bool) or isinstance(text, float):
        raise InputError(field, f"{text!r} is a {type(text).__name__}; give money as a string or Decimal",
                         "a number of yuan such as 380 or 971.19")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        raw = unicodedata.normalize("NFKC", str(text)).strip()
        if not raw:
            raise InputError(field, "is empty", "a number of yuan such as 380 or 971.19")
        if not (_PLAIN.fullmatch(raw) and raw.isascii()) and not _SPECIAL.fullmatch(raw):
            raise InputError(field, f"{text!r} is not a number",
                             "a number of yuan such as 380 or 971.19, no commas, spaces, exponents or units")
        try:
            value = Decimal(raw)
        except InvalidOperation:  # pragma: no cover - the pattern above admits only what Decimal reads
            raise InputError(field, f"{text!r} is not a number",
                             "a number of yuan such as 380 or 971.19, no commas or units") from None
    if not value.is_finite():
        raise InputError(field, f"{text!r} is not a finite amount", "a number of yuan such as 380 or 971.19")
    if value < 0:
        raise InputError(field, f"{text!r} is negative", "0 or more yuan")
    if value > MAX_MONEY:
        raise InputError(field, f"{text!r} is too large", f"0 to {MAX_MONEY} yuan")
    if value == 0:
        value = abs(value)  # "-0" is 0, not -0.00
    if value != value.quantize(FEN, rounding=ROUND_HALF_UP):
        raise InputError(field, f"{text!r} has more than two decimals", "yuan to the fen, e.g. 12.34")
    return value
