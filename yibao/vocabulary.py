"""The words every layer shares: tiers, claim kinds, reasons, facilities, drug classes, payers, layers.

Each is a ``StrEnum`` whose value is the English code used in JSON, files and the API, with its
Chinese name (``.zh``) and the Chinese words a person may type for it (``.parse``). Data model,
engine, skins and JSON all use these; nothing compares their strings elsewhere.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from .inputs import REQUIRED, fold, parse_choice

E = TypeVar("E", bound="Term")


class Term(StrEnum):
    """An enum value with a Chinese name and accepted Chinese spellings."""

    @property
    def zh(self) -> str:
        """The Chinese name shown to a person."""
        return _ZH[type(self).__name__][self.value]

    @classmethod
    def aliases(cls) -> dict[str, str]:
        """Every accepted spelling (code, Chinese name, other Chinese words) → code."""
        out = {m.value: m.value for m in cls}
        out.update({m.zh: m.value for m in cls})
        out.update(_ALIASES.get(cls.__name__, {}))
        return out

    @classmethod
    def lookup(cls: type[E], text: Any) -> E | None:
        """The member a person's text names (code, Chinese name or alias; full-width read as ASCII), or None."""
        if isinstance(text, cls):
            return text
        if not isinstance(text, str):
            return None
        key = fold(text).strip()
        code = cls.aliases().get(key) or cls.aliases().get(key.lower())
        return None if code is None else cls(code)



def parse_term(value: Any, field: str, enum: type[E], default: Any = REQUIRED) -> E:
    """A member of a vocabulary enum from its code, its Chinese name or another accepted word (every door
    reads a term so: :func:`yibao.inputs.parse_choice` over :meth:`Term.aliases`)."""
    codes = [m.value for m in enum]
    got = parse_choice(value, field, codes, enum.aliases(), default=default)
    return got if got is default else enum(got)

class Tier(Term):
    """Premium and benefit tiers (档次)."""

    high = "high"
    low = "low"
    standard = "standard"


class ClaimKind(Term):
    """What care a bill is for."""

    inpatient = "inpatient"
    special_outpatient = "special_outpatient"
    general_outpatient = "general_outpatient"
    pooled_outpatient = "pooled_outpatient"
    delivery = "delivery"
    employee_outpatient = "employee_outpatient"


class Exclusion(Term):
    """F9: why the fund pays nothing for a bill."""

    work_injury = "work_injury"
    third_party = "third_party"
    outside_catalogue = "outside_catalogue"
    public_health = "public_health"
    abroad = "abroad"
    non_designated = "non_designated"


class Refusal(Term):
    """Why a bill is not paid: an F9 exclusion, or the person's cover (waiting period, outside cover)."""

    work_injury = "work_injury"
    third_party = "third_party"
    outside_catalogue = "outside_catalogue"
    public_health = "public_health"
    abroad = "abroad"
    non_designated = "non_designated"
    waiting_period = "waiting_period"
    outside_cover = "outside_cover"


class Facility(Term):
    """Y6: where an outpatient visit took place."""

    primary = "primary"
    county_level2 = "county_level2"


class DrugClass(Term):
    """Y6: 甲类 / 乙类 drugs and services."""

    jia = "jia"
    yi = "yi"


class Payer(Term):
    """Who pays (part of) a premium."""

    individual = "individual"
    finance = "finance"
    medical_assistance = "medical_assistance"
    finance_and_medical_assistance = "finance_and_medical_assistance"
    government_aid = "government_aid"


class Layer(Term):
    """Who pays (part of) a bill: the three layers of cover, and the person."""

    basic = "basic"
    catastrophic = "catastrophic"
    assistance = "assistance"
    person = "person"


class Relation(Term):
    """T20: relatives an employee's personal account may pay for."""

    spouse = "spouse"
    parent = "parent"
    child = "child"


class Insurance(Term):
    """The two schemes of basic medical insurance a person may be in."""

    resident = "resident"
    employee = "employee"


class Sex(Term):
    """A person's sex, where an aid's age bounds depend on it."""

    female = "female"
    male = "male"


class Delivery(Term):
    """T21: how a baby is delivered (the lump sum differs)."""

    normal = "normal"
    caesarean = "caesarean"


def tier_zh(code: str | None) -> str:
    """A tier's Chinese name for its code (other text as it is)."""
    term = Tier.lookup(code)
    return term.zh if term is not None else (code or "")


def party_zh(code: str | None) -> str:
    """Who pays, in Chinese: a payer's or a layer's name for its code (other text as it is)."""
    term = Payer.lookup(code) or Layer.lookup(code)
    return term.zh if term is not None else (code or "")


_ZH: dict[str, dict[str, str]] = {
    "Tier": {"high": "高档", "low": "低档", "standard": "统一标准"},
    "ClaimKind": {
        "inpatient": "住院",
        "special_outpatient": "门诊特殊病",
        "general_outpatient": "普通门诊",
        "pooled_outpatient": "门诊统筹",
        "delivery": "住院分娩",
        "employee_outpatient": "职工医保门诊统筹",
    },
    "Exclusion": {
        "work_injury": "工伤事故",
        "third_party": "第三方责任",
        "outside_catalogue": "非医保目录",
        "public_health": "公共卫生服务",
        "abroad": "境外就医(含港澳台)",
        "non_designated": "非定点医疗机构就医(急诊除外)",
    },
    "Facility": {"primary": "基层医疗机构", "county_level2": "县域内二级及以下医疗机构"},
    "DrugClass": {"jia": "甲类", "yi": "乙类"},
    "Payer": {
        "individual": "个人",
        "finance": "财政",
        "medical_assistance": "医疗救助资金",
        "finance_and_medical_assistance": "财政资金和医疗救助基金",
        "government_aid": "政府资助(文中未指明资金来源)",
    },
    "Layer": {"basic": "基本医保", "catastrophic": "大病保险", "assistance": "医疗救助", "person": "个人负担"},
    "Relation": {"spouse": "配偶", "parent": "父母", "child": "子女"},
    "Insurance": {"resident": "居民医保", "employee": "职工医保"},
    "Sex": {"female": "女", "male": "男"},
    "Delivery": {"normal": "顺产", "caesarean": "剖宫产"},
}
_ZH["Refusal"] = {**_ZH["Exclusion"], "waiting_period": "待遇等待期内", "outside_cover": "不在待遇享受期内"}

_ALIASES: dict[str, dict[str, str]] = {
    "Tier": {"高": "high", "低": "low", "高档次": "high", "低档次": "low", "统一": "standard"},
    "ClaimKind": {
        "门特": "special_outpatient", "门诊慢特病": "special_outpatient", "门诊": "general_outpatient",
        "分娩": "delivery", "职工门诊": "employee_outpatient",
    },
    "Facility": {"基层": "primary", "县域二级": "county_level2"},
    "DrugClass": {"甲": "jia", "乙": "yi"},
    "Relation": {"父亲": "parent", "母亲": "parent", "儿子": "child", "女儿": "child"},
    "Sex": {"f": "female", "m": "male"},
}
