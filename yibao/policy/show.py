"""A policy value as a person reads it (``1,234.56 元``, ``85%``, ``2025年8月10日``) and as JSON
(money ``"1234.56"``, rates ``"0.85"``, dates ISO): one place for the diff, the reforms and tier advice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .. import format as fmt_zh
from ..groups import Group, zh
from ..money import fen
from ..vocabulary import Payer, tier_zh

#: Chinese names of the codes policy fields take (aid effects, cover starts, …): no English code in a sentence.
CODES_ZH: dict[str, dict[str, str]] = {
    "effect": {"full": "全额资助", "individual_amount": "个人缴定额", "subsidy_rate": "按比例资助",
               "amount_not_stated": "资助金额文中未给出"},
    "start": {"benefit_year_start": "待遇年度第一天", "payment_date": "缴费之日", "payment_plus_days": "缴费后若干天",
              "next_month_after_payment": "缴费次月1日", "birth_date": "出生之日"},
    "end": {"benefit_year_end": "待遇年度末", "next_year_end_after_payment": "缴费次年12月31日"},
    "charge": {"individual": "个人缴费", "individual_plus_fiscal": "个人缴费加财政补助部分"},
    "age_reference": {"benefit_year_start": "待遇年度1月1日", "payment_date": "缴费之日"},
    "sex": {"female": "女", "male": "男"},
    "relations": {"spouse": "配偶", "parent": "父母", "child": "子女"},
}
_UNIT_ZH = {"days": "天", "months": "个月", "years": "年", "age": "周岁", "count": ""}


def yuan_zh(amount: Decimal | int) -> str:
    """``1,234.56 元`` (:func:`yibao.format.yuan`)."""
    return fmt_zh.yuan(amount)


def date_zh(day: dt.date) -> str:
    """``2025年8月10日`` (:func:`yibao.format.day`)."""
    return fmt_zh.day(day)


def rate_zh(rate: Decimal) -> str:
    """``85%``, ``7.25%`` (:func:`yibao.format.pct`)."""
    return fmt_zh.pct(rate)


def _code_zh(field: str, code: str) -> str:
    if field in ("aid_tier", "tier"):
        return tier_zh(code)
    if field == "payer":
        try:
            return Payer(code).zh
        except ValueError:
            return code
    if field in ("groups", "members", "exempt_groups", "id"):
        try:
            return zh(Group(code))
        except ValueError:
            return code
    return CODES_ZH.get(field, {}).get(code, code)


def value_zh(value: Any, unit: str, field: str = "value") -> str:
    """A policy value in Chinese, by its unit (``yuan``, ``rate``, ``days`` …) and field name."""
    if value is None:
        return "(无)"
    if unit == "yuan":
        return yuan_zh(value)
    if unit == "rate":
        return rate_zh(value)
    if unit == "date" or isinstance(value, dt.date):
        return date_zh(value)
    if unit == "flag" or isinstance(value, bool):
        return "是" if value else "否"
    if unit == "list" or isinstance(value, (tuple, list)):
        return "、".join(value_zh(v, "text", field) for v in value) or "(无)"
    if unit in _UNIT_ZH:
        return f"{value}{' ' + _UNIT_ZH[unit] if _UNIT_ZH[unit] else ''}"
    return _code_zh(field, str(value))


def value_json(value: Any, unit: str) -> Any:
    """A policy value for JSON: money ``"400.00"``, rates ``"0.85"``, dates ISO, lists as lists."""
    if value is None or isinstance(value, bool):
        return value
    if unit == "yuan" and isinstance(value, (Decimal, int)):
        return f"{fen(value):.2f}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [value_json(v, "text") for v in value]
    return value
