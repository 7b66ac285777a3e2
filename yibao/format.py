"""How a person reads numbers and dates: one formatting module for explanations, CLI, widgets,
tables, notebooks and the app.

Money as ``1,234.56 元`` (or ``20.13 亿元`` / ``37.78 万人`` where the article writes so), dates as
``2025年8月10日``, rates as ``90%``. JSON keeps its own forms (``"1234.56"``, ISO dates):
:func:`yibao.result.jsonable`.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
WAN = Decimal(10_000)
YI = Decimal(100_000_000)


def number(amount: Decimal | int, places: int = 2) -> str:
    """``1234.5`` → ``1,234.50`` (half up, thousands separated)."""
    q = Decimal(1).scaleb(-places)
    return f"{Decimal(amount).quantize(q, rounding=ROUND_HALF_UP):,.{places}f}"


def yuan(amount: Decimal | int | None, unit: str = "元") -> str:
    """Money as a person reads it: ``1,234.56 元``; None as ``—``."""
    if amount is None:
        return "—"
    return f"{number(amount)} {unit}"


def large(amount: Decimal | int, unit: str = "元") -> str:
    """A large figure in the article's own units: 2013000000 → ``20.13 亿元``, 377800 → ``37.78 万``.

    Uses 亿 from a hundred million, 万 from ten thousand, trailing zeros dropped (``2.3 亿元``)."""
    value = Decimal(amount)
    for size, word in ((YI, "亿"), (WAN, "万")):
        if abs(value) >= size:
            text = f"{(value / size).quantize(FEN, rounding=ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
            return f"{text} {word}{unit}"
    return f"{value:,f}".rstrip("0").rstrip(".") + f" {unit}" if value != value.to_integral_value() \
        else f"{int(value):,} {unit}"


def day(d: date | None) -> str:
    """``2025年8月10日``; None as ``—``."""
    if d is None:
        return "—"
    return f"{d.year}年{d.month}月{d.day}日"


def span(start: date | None, end: date | None) -> str:
    """``2025年1月1日至2025年12月31日``; an open end as ``起``."""
    if end is None:
        return f"{day(start)}起"
    return f"{day(start)}至{day(end)}"


def pct(rate: Decimal | int | float) -> str:
    """A rate as a percentage without needless zeros: 0.9 → ``90%``, 0.925 → ``92.5%``."""
    text = format((Decimal(str(rate)) * 100).normalize(), "f")
    return f"{text}%"


_LEVELS = {1: "一级", 2: "二级", 3: "三级"}


def hospital_level(level: int | None) -> str:
    """A hospital level as the articles write it: 3 → ``三级医院`` (None: ``医院``)."""
    return f"{_LEVELS.get(level, str(level))}医院" if level is not None else "医院"
