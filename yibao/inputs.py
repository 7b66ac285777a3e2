"""Every value a user gives, read once: one parser per kind of field (money, whole numbers, dates,
yes/no, choices, short text).

The command line, the claims and history files, the Python API, the tables (once per distinct
value) and the widgets all call these, so a value is refused or accepted the same way whichever
door it comes in by (docs/bad-input.md). The rules every kind shares:

- text is folded first (:func:`fold`): full-width characters typed with a Chinese input method
  (``１２．５``, ``２０２５－０１－３１``, U+FF01–FF5E) and ideographic spaces read as ASCII. Nothing
  else is folded (not Unicode NFKC, which reads ``10⁴`` as 104 and ``①⓪`` as 10);
- after that only ASCII digits count: superscript, subscript, circled digits and other scripts'
  digits (``²``, ``①``, ``٣``, ``३``) are refused (``value.odd_digits``);
- no grouping (``1,000``, ``1_000``, ``1 000``), no exponents, no units, no floats (floats are
  where fen go missing), no ``True`` for a number;
- a value is shown back in a message at most :data:`SHOW` characters long, never in full.

Each parser raises one :class:`~yibao.errors.InputError` naming ``field`` and what is allowed.
``None`` is "not given" and a blank string "given empty": a parser refuses both ("is missing",
"is empty") unless it is given a ``default``, which it returns for either (optional columns of a
file, optional arguments).
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import FieldLike, InputError

FEN = Decimal("0.01")
#: The largest amount a user may give: one trillion yuan. Far above any bill, wage or income, and
#: far below where the settlement's 64-bit integer fen could overflow.
MAX_MONEY = Decimal("1000000000000")
#: The days a user may give (birth dates, payments, bills, cover): 1900-01-01 to 2199-12-31.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)
#: Longest text read as a number or a date (a longer one is refused before it is parsed).
MAX_NUMBER_TEXT = 40
#: Longest free text (a claim's label).
MAX_TEXT = 500
#: How much of a bad value a message shows.
SHOW = 40

_MONEY = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_SPECIAL = re.compile(r"[+-]?(nan|snan|inf|infinity)", re.IGNORECASE)
_WHOLE = re.compile(r"[+-]?[0-9]+")
_DATE = (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"), re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})"),
         re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日"))
_TRUE = {"true", "1", "yes", "y", "t", "是"}
_FALSE = {"false", "0", "no", "n", "f", "否"}
_MONEY_ALLOWED = "a number of yuan such as 380 or 971.19"
DATE_ALLOWED = "a date as YYYY-MM-DD, e.g. 2025-01-31"
BOOL_ALLOWED = "true/false, 1/0, yes/no, 是/否"


def show(value: Any) -> str:
    """A value as a message shows it: its repr, cut to :data:`SHOW` characters."""
    text = repr(value)
    if len(text) <= SHOW:
        return text
    size = f"{len(value)} characters" if isinstance(value, str) else type(value).__name__
    return f"{text[:SHOW - 1]}… ({size})"


def show_key(key: Any) -> str:
    """A column or key name as a message shows it: as it is if it looks like a name, else quoted and cut."""
    if key == "":
        return "(empty)"
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z0-9_\u4e00-\u9fff]{1,40}", key):
        return key
    return show(key)


class Written(Decimal):
    """A number as a file wrote it (a JSON number): read by its text, as a typed value is, so that a
    JSON file refuses what every other door refuses (``1E+4`` for an amount, ``3.0`` for a level)."""

    text: str

    def __new__(cls, text: str) -> Written:
        self = super().__new__(cls, text)
        self.text = text
        return self


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: The ``default`` of a parser when the value must be given.
REQUIRED: Any = _Required()


def given(value: Any) -> bool:
    """Whether an optional value was given: not ``None`` and not a blank string."""
    return value is not None and not (isinstance(value, str) and not value.strip())


_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """``text`` with full-width forms (U+FF01–FF5E: ``１２．５``, ``ｈｉｇｈ``) and the ideographic space
    read as ASCII: what a Chinese input method types. Every other character stays as it is, so that a
    superscript or circled digit is refused rather than read as a digit."""
    return text.translate(_FULL_WIDTH)


def _text(value: str) -> str:
    return fold(value).strip()


def odd_digits(text: str) -> bool:
    """Whether ``text`` (folded) holds a numeric character that is not an ASCII digit: ``²``, ``①``,
    ``٣``, ``Ⅻ``, ``五``."""
    return any(c.isnumeric() and not ("0" <= c <= "9") for c in text)


def _refuse_odd_digits(raw: str, value: str, field: FieldLike, allowed: str, expects: Mapping[str, Any]) -> None:
    if odd_digits(raw):
        what = {"money": "a number", "whole": "a whole number", "date": "a date"}[expects["expects"]]
        raise InputError(field, f"{show(value)} is not {what}: it holds a character that is not a plain digit "
                         "0-9 (a superscript, circled or other digit)", allowed,
                         kind="value.odd_digits", params={"value": show(value), **expects})


def _absent(value: Any, field: FieldLike, allowed: str, default: Any, expects: Mapping[str, Any]) -> bool:
    """True if ``value`` is not given and ``default`` stands in; refuses it if there is no default.
    ``expects``: what the field takes, for the message (``{"expects": "whole", "low": 0, "high": 9}``)."""
    if given(value):
        return False
    if default is not REQUIRED:
        return True
    if value is None:
        raise InputError(field, "is missing", allowed, kind="value.missing", params=expects)
    raise InputError(field, "is empty", allowed, kind="value.empty", params=expects)


def _is_nat(value: Any) -> bool:
    """pandas' NaT (and numpy's): a missing time, which is also a datetime instance."""
    return type(value).__name__ == "NaTType" or (type(value).__name__ == "datetime64" and value != value)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or type(value).__name__ == "bool_"  # numpy's too


def _is_float(value: Any) -> bool:
    """float, numpy floats, fractions: any real number that is neither an integer nor a Decimal."""
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and not _is_bool(value)


# ---------------------------------------------------------------- money


def parse_money(value: str | int | Decimal | None, field: FieldLike, *, default: Any = REQUIRED,
                maximum: Decimal = MAX_MONEY) -> Decimal:
    """A money amount in yuan, 0 or more, at most two decimals (see the module doc)."""
    if _absent(value, field, _MONEY_ALLOWED, default, {"expects": "money"}):
        return default
    number = _money_number(value, field, maximum)
    if not number.is_finite():
        raise InputError(field, f"{show(value)} is not a finite amount", _MONEY_ALLOWED,
                         kind="money.not_finite", params={"value": show(value)})
    if number < 0:
        raise InputError(field, f"{show(value)} is negative", "0 or more yuan",
                         kind="money.negative", params={"value": show(value)})
    if number > maximum:
        raise InputError(field, f"{show(value)} is too large", f"0 to {maximum} yuan",
                         kind="money.too_large", params={"value": show(value), "maximum": maximum})
    if number == 0:
        number = abs(number)  # "-0" is 0, not -0.00
    if number != number.quantize(FEN, rounding=ROUND_HALF_UP):
        raise InputError(field, f"{show(value)} has more than two decimals", "yuan to the fen, e.g. 12.34",
                         kind="money.too_precise", params={"value": show(value)})
    return number


def _money_number(value: Any, field: FieldLike, maximum: Decimal) -> Decimal:
    """The number a money input gives, before its range is checked: a Decimal, an int or text."""
    if _is_bool(value) or _is_float(value):
        raise InputError(field, f"{show(value)} is a {type(value).__name__}; give money as a string or Decimal",
                         _MONEY_ALLOWED,
                         kind="money.wrong_type", params={"value": show(value), "type": type(value).__name__})
    if isinstance(value, Written):
        return _money_text(value.text, field, maximum)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, str):
        return _money_text(value, field, maximum)
    raise InputError(field, f"{show(value)} is a {type(value).__name__}, not an amount", _MONEY_ALLOWED,
                     kind="money.wrong_type", params={"value": show(value), "type": type(value).__name__})


def _money_text(value: str, field: FieldLike, maximum: Decimal) -> Decimal:
    """A money amount written as text: digits with at most one point, nothing else."""
    raw = _text(value)
    if not raw:
        raise InputError(field, "is empty", _MONEY_ALLOWED, kind="value.empty", params={"expects": "money"})
    if len(raw) > MAX_NUMBER_TEXT and not _SPECIAL.fullmatch(raw):
        raise InputError(field, f"{show(value)} is too long to be an amount", f"0 to {maximum} yuan",
                         kind="money.too_long", params={"value": show(value), "maximum": maximum})
    if _SPECIAL.fullmatch(raw):
        raise InputError(field, f"{show(value)} is not a finite amount", _MONEY_ALLOWED,
                         kind="money.not_finite", params={"value": show(value)})
    _refuse_odd_digits(raw, value, field, _MONEY_ALLOWED, {"expects": "money"})
    if not _MONEY.fullmatch(raw):
        raise InputError(field, f"{show(value)} is not a number",
                         f"{_MONEY_ALLOWED}, no commas, spaces, exponents or units",
                         kind="money.not_a_number", params={"value": show(value)})
    return Decimal(raw)


# ---------------------------------------------------------------- whole numbers


def parse_whole(value: Any, field: FieldLike, low: int, high: int, allowed: str | None = None, *,
                default: Any = REQUIRED) -> int:
    """A whole number from ``low`` to ``high``: an int, an integral Decimal, or plain digits as text."""
    allowed = allowed or f"a whole number from {low} to {high}"
    if _absent(value, field, allowed, default, {"expects": "whole", "low": low, "high": high}):
        return default
    number = _whole_number(value, field, low, high, allowed)
    if not low <= number <= high:
        raise InputError(field, f"{show(number)} is out of range", allowed,
                         kind="whole.out_of_range", params={"value": show(number), "low": low, "high": high})
    return number


def _whole_number(value: Any, field: FieldLike, low: int, high: int, allowed: str) -> int:
    """The whole number an input gives, before its range is checked: an int, a Decimal or text."""
    if _is_bool(value):
        raise InputError(field, f"{show(value)} is true/false, not a whole number", allowed,
                         kind="whole.wrong_type",
                         params={"value": repr(value), "type": "bool", "low": low, "high": high})
    if _is_float(value):
        raise InputError(field, f"{show(value)} is a float, not a whole number", allowed,
                         kind="whole.wrong_type",
                         params={"value": show(value), "type": "float", "low": low, "high": high})
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, Written):
        return _whole_text(value.text, field, low, high, allowed)
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise InputError(field, f"{show(value)} is not a whole number", allowed,
                             kind="whole.not_whole", params={"value": show(value), "low": low, "high": high})
        if abs(value) > Decimal(10) ** MAX_NUMBER_TEXT:
            raise InputError(field, f"{show(value)} is out of range", allowed,
                             kind="whole.out_of_range", params={"value": show(value), "low": low, "high": high})
        return int(value)
    if isinstance(value, str):
        return _whole_text(value, field, low, high, allowed)
    raise InputError(field, f"{show(value)} is a {type(value).__name__}, not a whole number", allowed,
                     kind="whole.wrong_type",
                     params={"value": show(value), "type": type(value).__name__, "low": low, "high": high})


def _whole_text(value: str, field: FieldLike, low: int, high: int, allowed: str) -> int:
    """A whole number written as text: plain digits."""
    raw = _text(value)
    if not raw:
        raise InputError(field, "is empty", allowed, kind="value.empty",
                         params={"expects": "whole", "low": low, "high": high})
    if len(raw) > MAX_NUMBER_TEXT:
        raise InputError(field, f"{show(value)} is too long to be a number", allowed,
                         kind="whole.too_long", params={"value": show(value), "low": low, "high": high})
    _refuse_odd_digits(raw, value, field, allowed, {"expects": "whole", "low": low, "high": high})
    if not _WHOLE.fullmatch(raw):
        raise InputError(field, f"{show(value)} is not a whole number", allowed,
                         kind="whole.not_whole", params={"value": show(value), "low": low, "high": high})
    return int(raw)


# ---------------------------------------------------------------- dates


def parse_date(value: Any, field: FieldLike, *, default: Any = REQUIRED, low: dt.date = MIN_DATE,
               high: dt.date = MAX_DATE) -> dt.date:
    """A day: ``YYYY-MM-DD`` (month and day may have one digit), ``YYYYMMDD`` or ``YYYY年M月D日``, or a
    ``date``/``datetime`` (its day). Week dates (``2025-W01-1``), ordinal dates, times, numbers and
    NaT are refused; the day must lie from ``low`` to ``high``."""
    allowed = f"{DATE_ALLOWED}, from {low} to {high}"
    if _absent(value, field, allowed, default, {"expects": "date", "low": low, "high": high}):
        return default
    if _is_nat(value):
        raise InputError(field, "NaT is not a date (a missing value)", allowed,
                         kind="date.missing_time", params={"low": low, "high": high})
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif type(value).__name__ == "datetime64":  # numpy, not NaT (above)
        import numpy as np

        day = dt.date(1970, 1, 1) + dt.timedelta(days=int(value.astype("datetime64[D]").astype(np.int64)))
    elif isinstance(value, str):
        day = _date_text(value, field, allowed, low, high)
    else:
        raise InputError(field, f"{show(value)} is a {type(value).__name__}, not a date; give dates as text",
                         allowed,
                         kind="date.wrong_type",
                         params={"value": show(value), "type": type(value).__name__, "low": low, "high": high})
    if not low <= day <= high:
        raise InputError(field, f"{day} is out of range", allowed,
                         kind="date.out_of_range", params={"value": str(day), "low": low, "high": high})
    return day


def _date_text(value: str, field: FieldLike, allowed: str, low: dt.date, high: dt.date) -> dt.date:
    """A day written as text (see :func:`parse_date`)."""
    raw = _text(value)
    if not raw:
        raise InputError(field, "is empty", allowed, kind="value.empty",
                         params={"expects": "date", "low": low, "high": high})
    if len(raw) <= MAX_NUMBER_TEXT:
        _refuse_odd_digits(raw, value, field, allowed, {"expects": "date", "low": low, "high": high})
    match = None
    if len(raw) <= MAX_NUMBER_TEXT:
        match = next((m for m in (p.fullmatch(raw) for p in _DATE) if m), None)
    if match is None:
        raise InputError(field, f"{show(value)} is not a date", allowed,
                         kind="date.not_a_date", params={"value": show(value), "low": low, "high": high})
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise InputError(field, f"{show(value)} is not a real date", allowed,
                         kind="date.not_real", params={"value": show(value), "low": low, "high": high}) from None


# ---------------------------------------------------------------- yes/no, choices, text


def parse_bool(value: Any, field: FieldLike, *, default: Any = REQUIRED) -> bool:
    """Yes or no: ``True``/``False``, 1/0, or one of true/false, 1/0, yes/no, y/n, t/f, 是/否."""
    if _absent(value, field, BOOL_ALLOWED, default, {"expects": "bool"}):
        return default
    if _is_bool(value):
        return bool(value)
    if isinstance(value, numbers.Integral) or (isinstance(value, Decimal) and value.is_finite()
                                                and not isinstance(value, Written)):
        if value in (0, 1):
            return bool(value)
        raise InputError(field, f"{show(value)} is not yes or no", BOOL_ALLOWED,
                         kind="bool.not_yes_no", params={"value": show(value)})
    if isinstance(value, str):
        text = _text(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise InputError(field, f"{show(value)} is not yes or no", BOOL_ALLOWED,
                     kind="bool.not_yes_no", params={"value": show(value)})


def parse_choice(value: Any, field: FieldLike, choices: Sequence[str] | Mapping[str, str],
                 aliases: Mapping[str, str] | None = None, *, default: Any = REQUIRED) -> str:
    """One of ``choices`` (codes; a mapping's keys), or an alias of one (Chinese names), any case."""
    allowed = ", ".join(choices)
    if _absent(value, field, allowed, default, {"expects": "choice", "choices": tuple(choices)}):
        return default
    if not isinstance(value, str):
        raise InputError(field, f"{show(value)} is not one of the allowed values", allowed,
                         kind="choice.unknown", params={"value": show(value), "choices": tuple(choices)})
    key = _text(value)
    if key in choices:
        return key
    if aliases and key in aliases:
        return aliases[key]
    if key.lower() in choices:
        return key.lower()
    raise InputError(field, f"{show(value)} is not one of the allowed values", allowed,
                     kind="choice.unknown", params={"value": show(value), "choices": tuple(choices)})


def parse_text(value: Any, field: FieldLike, maximum: int = MAX_TEXT) -> str:
    """Short free text (a label): a string of at most ``maximum`` characters, stripped, without
    control characters (a newline or a terminal escape would break the lines it is shown on)."""
    allowed = f"text of at most {maximum} characters, on one line"
    if not isinstance(value, str):
        raise InputError(field, f"{show(value)} is a {type(value).__name__}, not text", allowed,
                         kind="text.wrong_type",
                         params={"value": show(value), "type": type(value).__name__, "maximum": maximum})
    text = value.strip()
    if len(text) > maximum:
        raise InputError(field, f"is {len(text)} characters long", allowed,
                         kind="text.too_long", params={"length": len(text), "maximum": maximum})
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise InputError(field, f"{show(text)} contains control characters", allowed,
                         kind="text.control_characters", params={"value": show(text), "maximum": maximum})
    return text
