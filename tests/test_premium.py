"""Premiums: refusals, citations, notes and the outside-document display. The hand-worked amounts (what
the person pays and who pays the rest) are worked examples in cases/*.yaml."""

from decimal import Decimal as D

import pytest

from yibao.calculators.premium import household_premium, premium
from yibao.errors import InputError

r = pytest.mark.rules


# ---- Lhasa 2025 (000)

@r("L3")
def test_lhasa_2025_without_tier_names_the_tiers():
    with pytest.raises(InputError) as e:
        premium("lhasa-2025")
    assert e.value.field == "tier" and "high, low" in str(e.value)


@r("L3")
def test_tier_the_policy_does_not_offer():
    with pytest.raises(InputError, match="no tier 'middle'"):
        premium("lhasa-2025", tier="middle")


# ---- households and bad input

def test_household_error_names_the_member():
    with pytest.raises(InputError) as e:
        household_premium("lhasa-2025", [{"tier": "high"}, {"tier": "gold"}])
    assert e.value.field == "members[1].tier"


@pytest.mark.parametrize("kwargs, field", [
    ({"groups": ["nobody"]}, "group"),
    ({"age": 40, "birth_date": "1990-01-01"}, "age"),
    ({"birth_date": "2025-02-29"}, "birth_date"),
    ({"birth_date": "2999-01-01"}, "birth_date"),
    ({"age": 151}, "age"),
    ({"age": -1}, "age"),
    ({"sex": "x"}, "sex"),
    ({"groups": ["low_income_alleviated"], "income": "-5"}, "income"),
    ({"groups": ["low_income_alleviated"], "income": "abc"}, "income"),
    ({"groups": ["low_income_alleviated"], "income": "12.345"}, "income"),
])
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(InputError) as e:
        premium("lhasa-2025", tier="high", **kwargs)
    assert e.value.field == field


def test_unknown_policy():
    with pytest.raises(InputError) as e:
        premium("lhasa-2099")
    assert e.value.field == "policy" and "lhasa-2025" in str(e.value)


@r("C2")
def test_every_line_item_with_an_amount_cites_its_clause():
    res = premium("lhasa-2025", groups=["dibao"])
    for item in res.items:
        if item.amount is not None:
            assert item.source and item.quote and item.rules


# ---- values: notice year vs benefit year, outside documents, T27

@r("T26", "X4")
def test_xining_late_fiscal_share_is_the_2024_notices_670_for_the_2025_benefit_year():
    # 400 individual + 670 fiscal (the 2024 notice's standard applies to the 2025 benefit year)
    res = premium("xining-2025", paid_on="2025-07-01")
    assert (res.late_fiscal_share, res.individual) == (D("670"), D("1070"))
    assert {"xining_late_fiscal_share", "notice_year_to_benefit_year"} <= set(res.assumptions)
    amount = next(i for i in res.items if i.amount == D("670") and i.party == "individual")
    assert amount.source == "nhsa-2024-19"  # the amount is attributed to the document it comes from
    assert "外部文件,未对照原文" in res.explain() and "“人均财政补助标准达到每人每年不低于670元”" not in res.explain()


@r("T26")
def test_national_2025_applies_the_2024_notice():
    from yibao.policy import load_policy
    pol = load_policy("national-2025")
    assert (pol.funding_notice.notice_year, pol.funding_notice.benefit_year) == (2024, 2025)
    res = premium(pol)
    assert res.individual == D("400") and res.fiscal_subsidy == D("670")
    # the 2024 benefit year charged 400 − 20 = 380 (Lhasa F5, Tibet T12, Yuncheng Y2)
    assert pol.premium.tiers["standard"].value - pol.facts["individual_increase_2024"].value == 380


@r("T27")
def test_tibet_2024_low_income_alleviated_fixed_aid_amount_not_stated():
    res = premium("xizang-2024", tier="high", groups=["low_income_alleviated"])
    assert res.aid_not_quantified == "t27_fixed_aid" and res.individual == D("380")
    assert "没有缴费资助" not in res.explain() and "没有给出金额" in res.explain()
    assert "至多" in res.headline()


# ---- Chinese text

@r("L3", "T12")
def test_no_english_tier_codes_in_chinese_lines():
    for res in (premium("lhasa-2025", tier="low"), premium("lhasa-2025", tier="low", groups=["dibao"]),
                premium("xining-2025")):
        text = res.explain()
        assert "high档" not in text and "low档" not in text and "standard档" not in text
        assert "(high)" not in text and "“low”" not in text


def test_no_note_twice():
    res = premium("lhasa-2025", groups=["dibao"])
    assert len(res.notes) == len(set(res.notes))
    assert sum("未提供出生日期或年龄" in n for n in res.notes) == 1


@r("Y1", "X4")
def test_premium_and_cover_refuse_the_same_payment_date_with_the_same_message():
    from yibao.calculators.coverage import coverage
    from yibao.errors import NotCovered
    for pid, day in (("yuncheng-2024", "2024-03-01"), ("lhasa-2024", "2024-05-01")):
        with pytest.raises(NotCovered) as a:
            premium(pid, tier="high" if pid == "lhasa-2024" else None, paid_on=day)
        with pytest.raises(NotCovered) as b:
            coverage(pid, paid_on=day)
        assert str(a.value) == str(b.value) and "()" not in str(a.value)
    # a person who may enrol at any time is priced on that day (F6 医疗救助对象 = 低保, Tibet's list)
    assert premium("lhasa-2024", groups=["dibao"], paid_on="2024-05-01").individual == D("38")


@r("T12", "T11")
def test_an_umbrella_given_as_such_asks_for_the_member_not_no_aid():
    # "医疗救助对象" in Tibet are 特困、低保、孤儿… with different aids: name one, rather than "没有缴费资助"
    res = premium("xizang-2024", tier="high", groups=["assistance_recipient"])
    assert res.individual == D("380") and not any("没有缴费资助" in n for n in res.notes)
    assert any("请给出具体人群" in n and "低保对象" in n for n in res.notes)
