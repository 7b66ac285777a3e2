"""The Chinese name of every value of a policy, as a reader sees it: never its key path.

A cited value or rule names itself (its ``label`` in ``policies/*.yaml``, which ``yibao check``
requires). A plain field of a rule (a window's ``paid_to``, a segment's ``rate``) is named by the
rule's label and the field's Chinese name below; a field outside any labelled rule (``premium.aid_tier``)
by its section's and its own Chinese name. These are names of the schema's fields, not policy facts.
"""

from __future__ import annotations

#: Chinese names of the policy model's plain fields and sections.
FIELD_ZH: dict[str, str] = {
    # sections
    "premium": "保费", "coverage": "待遇期", "basic": "基本医保", "catastrophic": "大病保险", "assistance": "医疗救助",
    "inpatient": "住院", "levels": "医院等级", "segments": "", "poverty": "困难群众倾斜",
    "concentrated_period": "集中缴费期", "benefit_year": "待遇年度", "account_sharing": "个人账户家庭共享",
    "enrolment": "参保", "categories": "参保类别", "groups": "适用人群", "waiting": "等待期",
    "incentives": "参保激励", "maternity": "生育保险", "flexible": "灵活就业人员参保", "ages": "年龄条件",
    "anytime": "不受集中缴费期限制的人员", "windows": "缴费期", "aids": "参保资助", "classes": "救助类别",
    "umbrellas": "人群及其成员",
    # fields
    "relations": "可共享的亲属", "max": "年龄上限(周岁)", "min": "年龄下限(周岁)", "sex": "性别",
    "effect": "资助方式", "income_above": "收入高于", "income_below": "收入低于", "payer": "出资方",
    "employee_insurance_ended_within_months": "职工医保中断不超过(月)", "end": "待遇结束",
    "start": "待遇开始", "starts_before_benefit_year": "可早于待遇年度开始", "waiting_exempt": "不设等待期",
    "tiers": "待遇档次", "code": "类别", "document": "文号", "notice_year": "通知年度",
    "max_level": "最高医院等级", "min_level": "最低医院等级", "paid_from": "缴费开始日", "paid_to": "缴费截止日",
    "from": "开始日", "to": "结束日", "age_reference": "年龄计算日", "aid_choice_assumption": "符合几种资助时的取法",
    "aid_tier": "资助和财政补助所按的档次", "rate": "比例", "up_to": "个人累计自付至", "items": "内容",
    "members": "成员", "exempt_groups": "不设等待期的人群", "days": "缴费后天数",
    "in_concentrated_period": "属于集中缴费期", "payable_days": "每月可缴费的日子", "retroactive": "缴费前的费用可补报",
    "stands_for_fixed_wait": "代替固定等待期",
    "all_members": "须同时属于各成员人群", "aided_assumptions": "受资助者所按的假设",
    "newborn_age_assumptions": "新生儿年龄所按的假设", "full_aid_covers": "全额资助是否包括加缴部分",
    "decides_for": "这一解读排除在外的人群", "readings_against": "规则不适用时所按的解读",
}


def field_zh(name: str) -> str:
    """The Chinese name of a field or section (its key itself only where none is written: a test
    scans what readers see for such keys)."""
    return FIELD_ZH.get(name, name)


def item_zh(i: int) -> str:
    """An unlabelled item of a list, by position: ``第2项``."""
    return f"第{i + 1}项"


def joined(*parts: str) -> str:
    """Name parts joined as a reader reads them: ``集中缴费期·缴费截止日``."""
    return "·".join(p for p in parts if p)
