"""The request bodies: one model per calculator, fields named as the command's options in snake_case
(``--birth-date`` → ``birth_date``, ``--group`` → ``groups``, ``--set`` → ``set``), described in Chinese.

A JSON number is read as the text it is written with (``10000`` → ``"10000"``, ``0.1`` → ``"0.1"``)
before these models see it, so that every value reaches the same parser as the command line's
(:mod:`yibao.inputs`): money fields accept a string or a number, whole numbers an integer or a
string, dates ``YYYY-MM-DD`` (or the other forms the parsers read).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from .. import field_help
from .limits import MAX_CLAIMS, MAX_HISTORY, MAX_LIST, MAX_MEMBERS, MAX_PEOPLE, MAX_SETS, MAX_TEXT

_TEXT = {"type": "string", "maxLength": MAX_TEXT}
_NUMBER = {"anyOf": [{"type": "number"}, _TEXT]}
_WHOLE = {"anyOf": [{"type": "integer"}, _TEXT]}
_SCALAR = {"anyOf": [_TEXT, {"type": "number"}, {"type": "boolean"}, {"type": "null"}]}

Text = Annotated[str, Field(max_length=MAX_TEXT)]
Money = Annotated[str, Field(max_length=MAX_TEXT), WithJsonSchema(_NUMBER)]
Whole = Annotated[str, Field(max_length=MAX_TEXT), WithJsonSchema(_WHOLE)]
Scalar = Annotated[str | bool | None, WithJsonSchema(_SCALAR)]


def _f(description: str, example: Any = None, **kw: Any) -> Any:
    return Field(None, description=description, examples=[example] if example is not None else None, **kw)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Override(Strict):
    path: Text = Field(description="政策值的路径(与结果各行的 path 相同)", examples=["catastrophic.deductible.high"])
    value: Money = Field(description="新值:金额、比例(如 65%)、整数或日期", examples=["4000"])
    note: Text = Field(description="为什么改(中文)", min_length=2, examples=["测算提高起付线的影响"])


class Reform(Strict):
    """改革方案(与 yibao --reform 文件相同):标题、说明、每项改动的路径、新值和理由。"""

    title: Text = Field(description="改革方案的中文标题", examples=["提高大病保险起付线"])
    note: Text | None = _f("改革方案的说明")
    overrides: list[Override] = Field(description="改动的政策值", min_length=1, max_length=MAX_SETS)


class Reformable(Strict):
    """Every request may carry a reform: ``set`` (PATH=VALUE, like ``--set``) and/or ``reform`` (a body)."""

    set: list[Text] | None = _f("改革方案:把政策值改为新值再计算(同 --set PATH=VALUE,可多项)",
                                ["catastrophic.deductible.high=4000"], max_length=MAX_SETS)
    reform: Reform | None = _f("改革方案(同 --reform 文件的内容)")


class Claim(Strict):
    """一笔费用(费用文件的一行,列见 docs/claims-file.md)。"""

    date: Text = Field(description="就医日期", examples=["2024-03-01"])
    kind: Text = Field(description="费用类别:inpatient、special_outpatient、general_outpatient 等",
                       examples=["inpatient"])
    cost: Money = Field(description="政策范围内费用(元)", examples=["10000"])
    level: Whole | None = _f("住院医院等级 1、2、3", 3)
    admission: Whole | None = _f("本年度第几次住院", 1)
    outside_catalogue: Money | None = _f("目录外费用(元)", "0")
    facility: Text | None = _f("医疗机构类别")
    drug_class: Text | None = _f("药品类别")
    ethnic_share: Money | None = _f("其中民族药“乙类”药品费用(元)")
    emergency: Scalar = _f("急诊(是/否)")
    designated: Scalar = _f("定点机构(是/否)")
    excluded: Text | None = _f("不予报销的原因代码")
    label: Text | None = _f("说明")
    visit: Text | None = _f("就诊编号")


Claims = Annotated[list[Claim], Field(max_length=MAX_CLAIMS)]
Groups = Annotated[list[Text], Field(max_length=MAX_LIST)]


class PremiumRequest(Reformable):
    """个人缴费与各方分担:填写政策、档次、人群、出生日期或年龄等。"""

    policy: Text = Field(description="政策 id(GET /v1/policies 列出全部)", examples=["lhasa-2025"])
    tier: Text | None = _f(field_help.TIER + ",只有一个标准的政策可省略", "high")
    sex: Text | None = _f(field_help.SEX)
    birth_date: Text | None = _f("出生日期 YYYY-MM-DD(与 age 二选一)", "1990-05-01")
    age: Whole | None = _f("周岁年龄(按待遇年度1月1日;与 birth_date 二选一)")
    groups: Groups | None = _f(field_help.GROUPS, ["dibao"])
    income: Money | None = _f("年收入(元),低收入脱贫人口资助需要")
    paid_on: Text | None = _f("缴费日期 YYYY-MM-DD")
    employee_insurance_ended_on: Text | None = _f("职工医保中断日期 YYYY-MM-DD")


class CoverageRequest(Reformable):
    """待遇起止日期与等待期:填写政策和缴费日期,断保、补缴、新生儿等情况另填。"""

    policy: Text = Field(description="政策 id", examples=["xining-2025"])
    paid_on: Text = Field(description="缴费日期 YYYY-MM-DD", examples=["2025-04-01"])
    groups: Groups | None = _f(field_help.GROUPS)
    birth_date: Text | None = _f("出生日期 YYYY-MM-DD(新生儿必填)")
    gap_years: Whole | None = _f("断保年数(默认0)", 1)
    backpaid_years: Whole | None = _f("补缴年数(默认0)")
    employee_insurance_ended_on: Text | None = _f("职工医保中断日期 YYYY-MM-DD")
    tier: Text | None = _f("补缴费用按哪个档次计算")


class FlexibleRequest(Reformable):
    """灵活就业人员:填写 average_wage 计算职工医保缴费,或填写 employment_ended_on 看何时停保。"""

    policy: Text | None = _f("政策 id;不填时用示例政策")
    average_wage: Money | None = _f("上年度全区社平工资(元/月)", "10791")
    employment_ended_on: Text | None = _f("解除劳动关系日期 YYYY-MM-DD:看何时停保")
    unemployment_benefit: bool | None = _f("正在领取失业保险金")
    account_balance: Money | None = _f("个人账户余额(元):看能否家庭共享")


class MaternityRequest(Reformable):
    """职工生育:分娩方式、婴儿数、是否难产。"""

    policy: Text | None = _f("政策 id;不填时用示例政策")
    delivery: Text = Field(description="normal(顺产)或 caesarean(剖宫产)", examples=["caesarean"])
    babies: Whole | None = _f("婴儿数(默认1)", 2)
    surviving_babies: Whole | None = _f("存活满政策规定月数的婴儿数(默认全部)")
    difficult: bool | None = _f("难产", True)
    average_wage: Money | None = _f("全区上年度在职职工年平均工资(元),用于一次性营养补助")


class SettleRequest(Reformable):
    """结算:一笔费用(inpatient+level、outpatient 或 special_outpatient),或一年的费用列表 claims。"""

    policy: Text = Field(description="政策 id", examples=["xizang-2024"])
    tier: Text | None = _f(field_help.TIER, "high")
    groups: Groups | None = _f(field_help.GROUPS)
    continuous_years: Whole | None = _f("在本地连续参保年数(含本年度)")
    incentive_amount: Money | None = _f("参保激励提高的大病保险限额(元)")
    retired: bool | None = _f("退休人员")
    waiting_until: Text | None = _f("等待期结束日")
    cover_start: Text | None = _f("待遇享受期开始日")
    cover_end: Text | None = _f("待遇享受期结束日")
    retroactive_paid_on: Text | None = _f("运城延长期缴费日")
    claims: Claims | None = _f("一年的费用(列表);与下面一笔费用的字段二选一")
    inpatient: Money | None = _f("一次住院的政策范围内费用(元)", "10000")
    level: Whole | None = _f("住院医院等级 1、2、3", 3)
    admission: Whole | None = _f("本年度第几次住院(默认1)")
    outpatient: Money | None = _f("一次普通门诊的政策范围内费用(元)")
    special_outpatient: Money | None = _f("一次门诊特殊病的政策范围内费用(元)")
    date: Text | None = _f("就医日期(默认政策生效日)")
    outside_catalogue: Money | None = _f("目录外费用(元)")
    ethnic_share: Money | None = _f("其中民族药“乙类”药品费用(元)")
    major_disease: bool | None = _f("本人本年度为重特大疾病患者")


class YearRecord(Strict):
    year: Whole = Field(description="年度", examples=[2024])
    enrolled: Scalar = _f("是否参保", True)
    fund_reimbursed: Scalar = _f("是否有基金报销", False)
    incentive_used: Scalar = _f("是否用了激励额度")


class IncentiveRequest(Reformable):
    """参保激励:历年参保记录 history 和所求年度 year。"""

    policy: Text = Field(description="政策 id", examples=["xizang-2024"])
    history: Annotated[list[YearRecord], Field(max_length=MAX_HISTORY)] | None = _f("历年参保记录")
    year: Whole = Field(description="所求的待遇年度", examples=[2024])


class TiersRequest(Reformable):
    """选档建议:费用类型和医院等级;给出 claims 时比较两档全年负担。"""

    policy: Text = Field(description="政策 id", examples=["lhasa-2025"])
    kind: Text | None = _f("费用类型:inpatient(需 level)、special_outpatient、general_outpatient", "inpatient")
    level: Whole | None = _f("住院医院等级 1、2、3", 3)
    groups: Groups | None = _f(field_help.GROUPS)
    continuous_years: Whole | None = _f("连续参保年数(含本年度)")
    sex: Text | None = _f(field_help.SEX)
    birth_date: Text | None = _f("出生日期 YYYY-MM-DD")
    age: Whole | None = _f("周岁年龄")
    income: Money | None = _f("年收入(元)")
    claims: Claims | None = _f("全年费用:比较两档全年负担")


class DiffRequest(Reformable):
    """两份政策的差异;只给 old 并附改革方案时,比较政策与改革方案。"""

    old: Text = Field(description="旧政策 id", examples=["lhasa-2024"])
    new: Text | None = _f("新政策 id(省略时与 old 相同,配合 set/reform)", "lhasa-2025")


class CompareRequest(Reformable):
    """同一个人在各政策下的缴费对照;附改革方案时对照一项政策的基线与改革方案。"""

    policy: Groups | None = _f("只比较这些政策(默认全部;有改革方案时只能一项)", ["lhasa-2025"])
    tier: Text | None = _f(field_help.TIER + ",默认高档", "low")
    sex: Text | None = _f(field_help.SEX)
    birth_date: Text | None = _f("出生日期 YYYY-MM-DD")
    age: Whole | None = _f("周岁年龄")
    groups: Groups | None = _f(field_help.GROUPS)
    income: Money | None = _f("年收入(元)")
    claims: Claims | None = _f("全年费用(与改革方案一起)")
    continuous_years: Whole | None = _f("连续参保年数(与 claims 一起)")
    household: Annotated[list[dict[str, Any]], Field(max_length=MAX_MEMBERS)] | None = _f(
        "全家成员(与改革方案一起):每人 tier、groups、sex、age 等及其 claims")


class BudgetRequest(Reformable):
    """预算影响:人员表和费用表在基线与改革方案下,医保基金、医疗救助、财政、个人各付多少。"""

    policy: Text = Field(description="政策 id", examples=["lhasa-2025"])
    people: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_PEOPLE)] = Field(
        description="人员表:每人 person_id、tier、groups、sex、age、continuous_years 等",
        examples=[[{"person_id": "p1", "tier": "high", "groups": "dibao", "age": 40}]])
    claims: Annotated[list[dict[str, Any]], Field(max_length=MAX_CLAIMS)] | None = _f(
        "费用表:每笔 person_id、date、kind、cost、level 等",
        [{"person_id": "p1", "date": "2025-03-01", "kind": "inpatient", "cost": "10000", "level": 3}])


#: The calculators answered by a command of the same name: path → (command, request model).
COMMANDS: dict[str, tuple[str, type[Reformable]]] = {
    "premium": ("premium", PremiumRequest), "coverage": ("coverage", CoverageRequest),
    "flexible": ("flexible", FlexibleRequest), "maternity": ("maternity", MaternityRequest),
    "settle": ("settle", SettleRequest), "incentive": ("incentive", IncentiveRequest),
    "tiers": ("tiers", TiersRequest), "diff": ("diff", DiffRequest), "compare": ("compare", CompareRequest),
}


class Problem(BaseModel):
    loc: list[str | int] = Field(description="出错字段的路径,如 [\"body\", \"claims\", 3, \"level\"]")
    msg: str = Field(description="出错原因(消息目录的中文;Accept-Language: en 时为英文)")
    type: str = Field(description="错误类别代码")


class Problems(BaseModel):
    """422、413、503 的回答。"""

    detail: list[Problem]


class Answer(BaseModel):
    """每个计算的回答:结果(与命令行 --json 相同,金额为字符串)、中文说明、出处和所用解读。"""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "api_version": "1", "lang": "zh",
        "result": {"policy": "lhasa-2025", "tier": "high", "standard": "400.00", "individual": "40.00",
                   "paid_by": {"individual": "40.00", "medical_assistance": "360.00"},
                   "items": [{"label": "缴费标准(高档)", "amount": "400.00", "party": None, "rules": ["L3"],
                              "source": "lhasa-2025", "quote": "分别为220元和400元", "path": "premium.tiers.high"}],
                   "assumptions": ["most_favourable_aid"], "notes": []},
        "text": "个人缴费 40.00 元(缴费标准 400.00 元,其中医疗救助资金360.00元)……",
        "sources": {"lhasa-2025": {"title": "《2025年度城乡居民基本医疗保险参保登记工作接近尾声……》",
                                   "outside": False}},
        "readings": [{"id": "most_favourable_aid", "title": "一人同时符合几种资助时取哪一种",
                      "reading": "取个人缴费最少的一种……", "rules": ["L5", "L7"]}],
        "reform": None}]})

    api_version: str = Field(description="接口版本")
    lang: str = Field(description="消息的语言:zh 或 en")
    result: dict[str, Any] = Field(description="与命令行 --json 相同的结果")
    text: str = Field(description="中文说明(与命令行不加 --json 时相同)")
    sources: dict[str, dict[str, Any]] = Field(description="结果各行引用的文章:id → 标题")
    readings: list[dict[str, Any]] = Field(description="结果用到的解读(假设):标题、解读、原文、规则编号")
    reform: dict[str, Any] | None = Field(description="改革方案(无改革时为 null)")


#: A worked example of each request (the docs page's "Try it out" starts from it).
EXAMPLES: dict[str, dict[str, Any]] = {
    "premium": {"policy": "lhasa-2025", "groups": ["dibao"]},
    "coverage": {"policy": "xining-2025", "paid_on": "2025-04-01", "gap_years": 1},
    "flexible": {"average_wage": "10791"},
    "maternity": {"delivery": "caesarean", "babies": 2, "difficult": True},
    "settle": {"policy": "xizang-2024", "tier": "high", "inpatient": "10000", "level": 3},
    "incentive": {"policy": "xizang-2024", "year": 2024},
    "tiers": {"policy": "lhasa-2025", "kind": "inpatient", "level": 3},
    "diff": {"old": "lhasa-2024", "new": "lhasa-2025"},
    "compare": {"tier": "low", "groups": ["dibao"]},
    "budget": {"policy": "lhasa-2025", "set": ["catastrophic.deductible.high=4000"],
               "people": [{"person_id": "p1", "tier": "high", "groups": "", "age": 40}],
               "claims": [{"person_id": "p1", "date": "2025-03-01", "kind": "inpatient", "cost": "30000", "level": 3}]},
}
