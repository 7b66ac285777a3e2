"""Every number and date a policy file states, checked against the quote that cites it and the
file's year (``yibao check``; :func:`value_problems` is called for each file by :mod:`yibao.policy.check`).

- **Numbers**: a cited item's ``value`` (and its ``income_above``/``income_below``, ``days``,
  ``payable_days``, ``employee_insurance_ended_within_months``, ``ages``) must be a number its own
  quote states: 420 with the quote "分别为220元和400元" fails. Rates are read from percentages
  ("90%" is 0.9, "5个百分点" is 0.05, "全额" is 1), amounts from 元/万元/亿元 (14万元 is 140000);
  a few words stand for numbers ("不缴费" 0, "次月" 1, 两 2).
- **Dates**: a window's ``paid_from``/``paid_to`` must be a date its quote states (a quote's
  "至12月31日" takes the year of the date before it; "每年的9月1日" fits any year), and so must a
  benefit year where its ``benefit_year_source`` quote states dates.
- **Derived values** say how in a ``derived:`` mapping of the item, field → note, or field →
  ``{formula, note}``: the formula may use only numbers the quote states ("400 * 90%") and must
  give the value. A field its quote does not state and no ``derived`` explains is a problem.
- **Dates against the year**: the file's ``in_force`` starts in its ``year``; the benefit year lies
  in that year and inside ``in_force``; payment windows, the concentrated period and a late
  surcharge's date fall in the benefit year or the year before it; a funding notice's benefit year
  is the file's year.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .provenance import walk_yaml

_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|％|个百分点)")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(余?)(万|亿)?")
_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "": Decimal(1)}
_CHINESE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
            "九": 9, "十": 10}
#: Words that state a number: (word, kind, value).
_WORDS = (("全额", "percent", Decimal(1)), ("不缴费", "plain", Decimal(0)), ("不设起付线", "plain", Decimal(0)),
          ("次月", "plain", Decimal(1)))
#: Numeric fields of a cited item checked against its quote (besides ``value``).
NUMBER_FIELDS = ("income_above", "income_below", "days", "payable_days", "employee_insurance_ended_within_months",
                 "ages")
DATE_FIELDS = ("paid_from", "paid_to")


@dataclass
class Stated:
    """What a quote states: plain numbers, fractions (from percentages) and dates (year or None)."""

    plain: set[Decimal] = field(default_factory=set)
    percent: set[Decimal] = field(default_factory=set)
    dates: list[tuple[int | None, int, int]] = field(default_factory=list)

    def has_date(self, day: dt.date) -> bool:
        return any((y is None or y == day.year) and (m, d) == (day.month, day.day) for y, m, d in self.dates)

    def numbers(self) -> str:
        vals = sorted(self.plain) + [v * 100 for v in sorted(self.percent)]
        return ", ".join(_num(v) + ("%" if i >= len(self.plain) else "") for i, v in enumerate(vals)) or "none"


def _num(v: Decimal) -> str:
    """A number as a message shows it: plain decimals, or an exponent when that is long (1E+999)."""
    text = format(v.normalize(), "f")
    return text if len(text) <= 24 else format(v.normalize(), "E")


def stated(quote: str) -> Stated:
    """The numbers and dates ``quote`` states."""
    out = Stated()
    year: int | None = None
    for m in _DATE.finditer(quote):
        if m.group(1):
            year = int(m.group(1))
        out.dates.append((year, int(m.group(2)), int(m.group(3))))
    rest = _DATE.sub(" ", quote)
    for m in _PERCENT.finditer(rest):
        out.percent.add(Decimal(m.group(1)) / 100)
    rest = _PERCENT.sub(" ", rest)
    for m in _NUMBER.finditer(rest):
        out.plain.add(Decimal(m.group(1)) * _SCALE[m.group(3) or ""])
    for ch in rest:
        if ch in _CHINESE:
            out.plain.add(Decimal(_CHINESE[ch]))
    for word, kind, v in _WORDS:
        if word in quote:
            (out.percent if kind == "percent" else out.plain).add(v)
    return out


# ---------------------------------------------------------------- formulas


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def evaluate(formula: str, quote: Stated) -> Decimal:
    """The value of ``formula`` (numbers, ``N%``, + − × ÷ and brackets); each number must be one the
    quote states (a percentage as a percentage). Raises ValueError saying what is wrong."""
    text = formula.replace("×", "*").replace("÷", "/").replace("−", "-").replace("％", "%")
    percents: list[Decimal] = []

    def mark(m: re.Match) -> str:
        percents.append(Decimal(m.group(1)) / 100)
        return f"__p{len(percents) - 1}"

    text = re.sub(r"(\d+(?:\.\d+)?)\s*%", mark, text)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ValueError(f"formula {formula!r} is not arithmetic") from None

    def ev(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Name) and node.id.startswith("__p"):
            v = percents[int(node.id[3:])]
            if v not in quote.percent:
                raise ValueError(f"formula uses {_num(v * 100)}%, which its quote does not state")
            return v
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            v = Decimal(ast.get_source_segment(text, node) or str(node.value))
            if v not in quote.plain:
                raise ValueError(f"formula uses {_num(v)}, which its quote does not state")
            return v
        raise ValueError(f"formula {formula!r} may use only numbers, %, + − × ÷ and brackets")

    try:
        return ev(tree)
    except (InvalidOperation, ZeroDivisionError):
        raise ValueError(f"formula {formula!r} cannot be evaluated") from None


# ---------------------------------------------------------------- the checks


def _as_decimal(v: Any) -> Decimal | None:
    if isinstance(v, bool) or not isinstance(v, (int, Decimal, float)):
        return None
    return Decimal(str(v))


def _numbers_of(name: str, v: Any) -> list[Decimal]:
    """The numbers a field holds (``payable_days: [1, 25]``, ``ages: [{min: 60}]``)."""
    if name == "ages" and isinstance(v, list):
        return [d for band in v if isinstance(band, dict) for k in ("min", "max")
                if (d := _as_decimal(band.get(k))) is not None]
    if isinstance(v, list):
        return [d for x in v if (d := _as_decimal(x)) is not None]
    d = _as_decimal(v)
    return [] if d is None else [d]


def _derivation(node: dict, name: str) -> Any:
    derived = node.get("derived")
    return derived.get(name) if isinstance(derived, dict) else None


def _derived_problem(how: Any, quote: Stated, value: Decimal | None) -> str | None:
    """None if ``how`` (a note, or {formula, note}) explains the value; else why not."""
    if isinstance(how, str) and how.strip():
        return None
    if isinstance(how, dict):
        if not str(how.get("note") or "").strip():
            return "derived needs a note saying how the value follows from its quote"
        formula = how.get("formula")
        if formula is None:
            return None
        try:
            got = evaluate(str(formula), quote)
        except ValueError as e:
            return str(e)
        if value is not None and got != value:
            return f"formula {formula!r} gives {_num(got)}, not the value {_num(value)}"
        return None
    return "derived must be a note, or a mapping with formula and note"


def _item_problems(node: dict, path: str) -> Iterator[tuple[str, str]]:
    quote = stated(str(node.get("quote") or ""))
    derived = node.get("derived")
    if derived is not None and not isinstance(derived, dict):
        yield f"{path}.derived", "expected a mapping of field names to how each value follows from the quote"
        return
    unit = node.get("unit")
    checks: list[tuple[str, list[Decimal]]] = []
    if "value" in node and unit != "date":
        checks.append(("value", _numbers_of("value", node["value"])))
    checks += [(n, _numbers_of(n, node[n])) for n in NUMBER_FIELDS if n in node]
    for name, values in checks:
        how = _derivation(node, name)
        if how is not None:
            problem = _first_derived_problem(how, quote, values)
            if problem:
                yield f"{path}.derived.{name}", problem
            continue
        problem = _first_unstated(node, quote, name == "value" and unit == "rate", values)
        if problem:
            yield (f"{path}.{name}" if name != "value" else f"{path}.value"), problem
    for name in DATE_FIELDS:
        if name not in node or not isinstance(node[name], dt.date):
            continue
        how = _derivation(node, name)
        if how is not None:
            problem = _derived_problem(how, quote, None)
            if problem:
                yield f"{path}.derived.{name}", problem
            continue
        day = node[name]
        if not quote.has_date(day):
            said = ", ".join(f"{y or '每年'}-{m:02d}-{d:02d}" for y, m, d in quote.dates) or "no date"
            yield (f"{path}.{name}", f"{day} is not a date its quote states ({said}): {node.get('quote')!r}; "
                   "fix the date or the quote, or say how it is derived (derived:)")


def _first_derived_problem(how: Any, quote: Stated, values: list[Decimal]) -> str | None:
    """Why ``how`` does not explain the first value it fails on (checked alone when there is no value)."""
    candidates: list[Decimal | None] = list(values) or [None]
    for v in candidates:
        problem = _derived_problem(how, quote, v)
        if problem:
            return problem
    return None


def _first_unstated(node: dict, quote: Stated, rate: bool, values: list[Decimal]) -> str | None:
    """Why the first value (a rate: as a percentage) its quote does not state is wrong, if one is."""
    pool = quote.percent if rate else quote.plain
    for v in values:
        if (rate and not 0 <= v <= 1) or v < 0:
            continue  # out of range: the schema check says so, a second message would be noise
        if v not in pool:
            shown = f"{_num(v * 100)}%" if rate else _num(v)
            return (f"{shown} is not a number its quote states ({quote.numbers()}): {node.get('quote')!r}; "
                    "fix the value or the quote, or say how it is derived (derived:)")
    return None


def _period(v: Any) -> tuple[dt.date | None, dt.date | None]:
    if not isinstance(v, dict):
        return None, None
    a, b = v.get("from"), v.get("to")
    return (a if isinstance(a, dt.date) else None), (b if isinstance(b, dt.date) else None)


def _year_problems(raw: dict) -> Iterator[tuple[str, str]]:
    year = raw.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        return
    start, end = _period(raw.get("in_force"))
    if start is not None and start.year != year:
        yield "in_force.from", f"{start} is not in the policy's year {year}"
    if end is not None and end.year < year:
        yield "in_force.to", f"{end} ends before the policy's year {year}"
    lo, hi = dt.date(year - 1, 1, 1), dt.date(year, 12, 31)
    cov = raw.get("coverage")
    if isinstance(cov, dict):
        yield from _benefit_year_problems(cov, year, start, end)
        yield from _coverage_date_problems(cov, year, lo, hi)
    yield from _premium_year_problems(raw, year, lo, hi)


def _benefit_year_problems(cov: dict, year: int, start: dt.date | None,
                           end: dt.date | None) -> Iterator[tuple[str, str]]:
    """The benefit year against the policy's year, the file's in-force period and its own quote."""
    by, by_to = _period(cov.get("benefit_year"))
    if by is not None and by.year != year:
        yield "coverage.benefit_year.from", f"benefit year starts {by}, not in the policy's year {year}"
    if by_to is not None and by_to.year != year:
        yield "coverage.benefit_year.to", f"benefit year ends {by_to}, not in the policy's year {year}"
    if by is not None and start is not None and by < start:
        yield "coverage.benefit_year.from", f"benefit year starts {by}, before the file is in force ({start})"
    if by_to is not None and end is not None and by_to > end:
        yield "coverage.benefit_year.to", f"benefit year ends {by_to}, after the file stops being in force ({end})"
    src = cov.get("benefit_year_source")
    if isinstance(src, dict) and by is not None:
        quote = stated(str(src.get("quote") or ""))
        for key, day in (("from", by), ("to", by_to)):
            if day is not None and quote.dates and not quote.has_date(day):
                yield (f"coverage.benefit_year.{key}",
                       f"{day} is not a date the benefit year's quote states: {src.get('quote')!r}")


def _coverage_date_problems(cov: dict, year: int, lo: dt.date, hi: dt.date) -> Iterator[tuple[str, str]]:
    """The concentrated period's and the windows' dates, within the benefit year or the year before."""
    cp_from, cp_to = _period(cov.get("concentrated_period"))
    for key, day in (("from", cp_from), ("to", cp_to)):
        if day is not None and not lo <= day <= hi:
            yield (f"coverage.concentrated_period.{key}",
                   f"{day} is not in the {year} benefit year or the year before")
    wins = [(f"coverage.windows[{w.get('id', i)}]", w) for i, w in enumerate(cov.get("windows") or [])
            if isinstance(w, dict)]
    if isinstance(cov.get("late_enrolment"), dict):
        wins.append(("coverage.late_enrolment", cov["late_enrolment"]))
    for path, w in wins:
        for key in DATE_FIELDS:
            day = w.get(key)
            if isinstance(day, dt.date) and not lo <= day <= hi:
                yield f"{path}.{key}", f"{day} is not in the {year} benefit year or the year before"


def _premium_year_problems(raw: dict, year: int, lo: dt.date, hi: dt.date) -> Iterator[tuple[str, str]]:
    """The late surcharge's date and the funding notice's years against the policy's year."""
    prem = raw.get("premium")
    late = prem.get("late_surcharge") if isinstance(prem, dict) else None
    if isinstance(late, dict) and isinstance(late.get("paid_from"), dt.date) and not lo <= late["paid_from"] <= hi:
        yield ("premium.late_surcharge.paid_from",
               f"{late['paid_from']} is not in the {year} benefit year or the year before")
    notice = raw.get("funding_notice")
    if isinstance(notice, dict):
        if notice.get("benefit_year") != year:
            yield "funding_notice.benefit_year", f"{notice.get('benefit_year')} is not the policy's year {year}"
        ny = notice.get("notice_year")
        if isinstance(ny, int) and not isinstance(ny, bool) and ny > year:
            yield "funding_notice.notice_year", f"a notice of {ny} cannot set the standards of the {year} benefit year"


def value_problems(raw: Any) -> list[tuple[str, str]]:
    """(key path, reason) for every number or date of one policy file (raw YAML, before inheritance)
    that its quote or its year contradicts. Never raises for malformed data."""
    if not isinstance(raw, dict):
        return []
    out: list[tuple[str, str]] = []
    try:
        for path, node in walk_yaml(raw, ""):
            if isinstance(node, dict) and "source" in node and "quote" in node and not path.startswith("assumptions"):
                out.extend(_item_problems(node, path))
        out.extend(_year_problems(raw))
    except Exception as e:  # a malformed file is reported by the other checks
        out.append(("", f"numbers and dates not checked: a value is malformed ({type(e).__name__}: {e})"))
    return out
