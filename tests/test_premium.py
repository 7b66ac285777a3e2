"""Premiums worked by hand from the articles: what the person pays and who pays the rest."""

from decimal import Decimal as D

import pytest

from yibao.calculators.premium import household_premium, premium
from yibao.errors import InputError

r = pytest.mark.rules


# ---- Lhasa 2025 (000)

@r("L3")
def test_lhasa_2025_two_tiers_220_and_400():
    assert premium("lhasa-2025", tier="low").individual == D("220.00")
    assert premium("lhasa-2025", tier="high").individual == D("400.00")


@r("L3")
def test_lhasa_2025_without_tier_names_the_tiers():
    with pytest.raises(InputError) as e:
        premium("lhasa-2025")
    assert e.value.field == "tier" and "high, low" in str(e.value)


@r("L3")
def test_tier_the_policy_does_not_offer():
    with pytest.raises(InputError, match="no tier 'middle'"):
        premium("lhasa-2025", tier="middle")


@r("L4")
def test_lhasa_2025_fiscal_subsidy_705_is_shown_not_charged():
    res = premium("lhasa-2025", tier="low")
    assert res.fiscal_subsidy == D("705") and res.individual == D("220")
    assert "fiscal_subsidy_articles_disagree" in res.assumptions


@r("L5")
def test_woman_60_on_1_january_finance_pays_the_highest_tier():
    # born 1964-12-31: 60 completed years on 2025-01-01
    res = premium("lhasa-2025", tier="low", sex="female", birth_date="1964-12-31")
    assert res.individual == 0 and res.paid_by == {"individual": 0, "finance": D("400")}
    assert "age_reference" in res.assumptions


@r("L5")
def test_woman_one_day_short_of_60_pays_her_tier():
    # born 1965-01-02: 59 on 2025-01-01
    assert premium("lhasa-2025", tier="low", sex="female", birth_date="1965-01-02").individual == D("220")


@r("L5")
def test_man_of_60_is_not_aided_man_of_65_is():
    assert premium("lhasa-2025", tier="high", sex="male", age=64).individual == D("400")
    assert premium("lhasa-2025", tier="high", sex="male", age=65).individual == 0


@r("L5")
def test_age_without_sex_is_not_judged_and_the_result_says_so():
    res = premium("lhasa-2025", tier="high", age=62)
    assert res.individual == D("400")
    assert any("性别" in n for n in res.notes)


@r("L5")
def test_no_birth_date_means_age_rules_not_applied():
    res = premium("lhasa-2025", tier="high", sex="female")
    assert res.individual == D("400") and any("出生日期" in n for n in res.notes)


@r("L6")
@pytest.mark.parametrize("group", ["tekun", "orphan", "unsupported_child", "severe_disability", "特困供养人员"])
def test_l6_medical_assistance_pays_400_in_full(group):
    res = premium("lhasa-2025", groups=[group])
    assert res.individual == 0 and res.paid_by["medical_assistance"] == D("400")


@r("L7")
@pytest.mark.parametrize("group", ["dibao", "dibao_edge", "unstable_alleviated", "edge_poverty",
                                   "sudden_hardship", "needy_worker"])
def test_l7_six_groups_pay_40_and_assistance_pays_360(group):
    # article: 个人缴纳40元,剩余360元由医疗救助资金资助 (40 + 360 = 400)
    res = premium("lhasa-2025", groups=[group])
    assert (res.individual, res.paid_by["medical_assistance"]) == (D("40"), D("360"))


@r("L8", "T27")
def test_l8_low_income_alleviated_pay_160_assistance_240():
    # 400 × 60% = 240 subsidised, 400 − 240 = 160 paid
    res = premium("lhasa-2025", groups=["low_income_alleviated"], income="9000")
    assert (res.individual, res.paid_by["medical_assistance"]) == (D("160.00"), D("240.00"))


@r("L8")
@pytest.mark.parametrize("income, aided", [("8000", False), ("8000.01", True), ("11999.99", True), ("12000", False)])
def test_l8_income_between_8000_and_12000_exclusive(income, aided):
    res = premium("lhasa-2025", tier="high", groups=["low_income_alleviated"], income=income)
    assert res.individual == (D("160") if aided else D("400"))


@r("L8")
def test_l8_needs_income():
    with pytest.raises(InputError) as e:
        premium("lhasa-2025", groups=["low_income_alleviated"])
    assert e.value.field == "income"


@r("L6", "L7")
def test_most_favourable_aid_wins():
    res = premium("lhasa-2025", groups=["dibao", "tekun"])
    assert res.individual == 0 and "most_favourable_aid" in res.assumptions


# ---- Tibet 2024 (001)

@r("T12")
def test_tibet_2024_dibao_pays_38_of_380():
    # 380 × 90% = 342 aided; 个人只需缴纳10%即38元
    res = premium("xizang-2024", groups=["dibao"])
    assert (res.standard, res.individual, res.paid_by["medical_assistance"]) == (D("380"), D("38.00"), D("342.00"))


@r("T12")
@pytest.mark.parametrize("group", ["tekun", "orphan", "severe_disability"])
def test_tibet_2024_full_aid(group):
    assert premium("xizang-2024", groups=[group]).individual == 0


@r("T13")
def test_border_residents_pay_nothing():
    res = premium("xizang-2024", groups=["border_resident"])
    assert res.individual == 0 and res.paid_by["finance_and_medical_assistance"] == D("380")
    assert "border_premium_split" in res.assumptions


# ---- Lhasa 2024 (002)

@r("F5")
def test_lhasa_2024_tiers_200_and_380():
    assert premium("lhasa-2024", tier="low").individual == D("200")
    assert premium("lhasa-2024", tier="high").individual == D("380")


# ---- Yuncheng 2024 (003)

@r("Y2")
@pytest.mark.parametrize("groups, pays", [
    ((), "380"), (("tekun",), "0"), (("orphan",), "0"), (("unsupported_child",), "0"),
    (("relapse_poverty",), "38"), (("unstable_alleviated",), "100"), (("edge_poverty",), "100"),
    (("sudden_hardship",), "100"), (("dibao",), "76"), (("disabled_unable_to_work",), "190"),
])
def test_yuncheng_2024_individual_premiums(groups, pays):
    assert premium("yuncheng-2024", groups=groups).individual == D(pays)


@r("Y2")
@pytest.mark.parametrize("age, pays", [(60, "190"), (59, "380"), (17, "190"), (18, "380")])
def test_yuncheng_low_income_family_elderly_and_minors_at_the_edges(age, pays):
    res = premium("yuncheng-2024", groups=["low_income_family"], age=age)
    assert res.individual == D(pays)
    assert "age_reference" in res.assumptions


# ---- Xining 2025 (004)

@r("X2")
def test_xining_single_standard_400_needs_no_tier():
    assert premium("xining-2025").individual == D("400")


@r("X6")
@pytest.mark.parametrize("group", ["tekun", "orphan", "unsupported_child", "hiv_child"])
def test_xining_full_aid(group):
    assert premium("xining-2025", groups=[group]).individual == 0


@r("X7")
@pytest.mark.parametrize("group", ["dibao", "low_income_severe_disability", "priority_care"])
def test_xining_half_aid_pays_200(group):
    assert premium("xining-2025", groups=[group]).individual == D("200.00")


@r("X7")
@pytest.mark.parametrize("group, age, pays", [
    ("low_income_family", 60, "200"), ("low_income_family", 59, "400"),
    ("dibao_edge", 18, "200"), ("dibao_edge", 19, "400"),
])
def test_xining_low_income_family_60_and_over_18_and_under(group, age, pays):
    assert premium("xining-2025", groups=[group], age=age).individual == D(pays)


@r("X4")
def test_xining_late_payer_pays_the_fiscal_share_too_from_1_july():
    before = premium("xining-2025", paid_on="2025-06-30")
    after = premium("xining-2025", paid_on="2025-07-01")
    assert before.individual == D("400") and before.late_fiscal_share == 0
    assert after.late_fiscal_share > 0 and after.individual == D("400") + after.late_fiscal_share
    assert "xining_late_fiscal_share" in after.assumptions


@r("X4", "X5")
def test_xining_late_assistance_recipient_is_not_surcharged():
    res = premium("xining-2025", groups=["assistance_recipient"], paid_on="2025-08-01")
    assert res.late_fiscal_share == 0 and res.individual == D("400")


# ---- households and bad input

@r("X9", "L7")
def test_household_total_is_per_person():
    res = household_premium("lhasa-2025", [{"groups": ["dibao"]}, {"tier": "high"}, {"tier": "low"}])
    assert res.total_individual == D("660")  # 40 + 400 + 220
    assert res.paid_by == {"individual": D("660"), "medical_assistance": D("360")}


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


# ---- group relations (issue 10: umbrella groups as policy data)

@r("T12")
@pytest.mark.parametrize("group", ["edge_poverty", "unstable_alleviated", "sudden_hardship", "monitored"])
def test_tibet_2024_monitored_households_pay_38_of_380(group):
    # T12 "纳入防返贫监测范围的低收入人口……90%的定额资助": 380 × 90% = 342 aid, 380 − 342 = 38
    res = premium("xizang-2024", groups=[group])
    assert (res.individual, res.paid_by["medical_assistance"]) == (D("38.00"), D("342.00"))
    if group != "monitored":
        assert "monitored_members" in res.assumptions
        assert any("属于" in i.label and i.quote for i in res.items)


@r("T12")
def test_tibet_2025_edge_poverty_pays_40_of_400():
    # 400 × 90% = 360 aid, 400 − 360 = 40 (assumptions tibet_2025_aids_continue, tibet_2025_high_tier)
    assert premium("xizang-2025", groups=["edge_poverty"]).individual == D("40.00")


@r("T12")
def test_tibet_unsupported_child_is_an_orphan_full_aid():
    # "孤儿(含事实无人抚养儿童)": the umbrella orphan in the full aid
    res = premium("xizang-2024", groups=["unsupported_child"])
    assert res.individual == 0 and res.paid_by["medical_assistance"] == D("380")


@r("L7")
@pytest.mark.parametrize("group", ["edge_poverty", "sudden_hardship", "unstable_alleviated", "monitored"])
def test_lhasa_l7_umbrella_easy_to_relapse_pays_40(group):
    # L7 "易返贫致贫人口(含脱贫不稳定户、边缘易致贫户、突发严重困难户)……缴纳40元,差额360元"
    res = premium("lhasa-2025", groups=[group])
    assert res.aid == "l7_forty" and res.individual == D("40.00") and res.paid_by["medical_assistance"] == D("360")


@r("Y2")
@pytest.mark.parametrize("group, pays", [("edge_poverty", "100"), ("orphan", "0"), ("unsupported_child", "0")])
def test_yuncheng_members_take_their_umbrellas_premium(group, pays):
    # "乡村振兴部门监测对象(脱贫不稳定人口、边缘易致贫人口、突发严重困难人员)……100元";
    # "特困人员(孤儿、事实无人抚养儿童)个人不缴费"
    assert premium("yuncheng-2024", groups=[group]).individual == D(pays)


@r("X7")
def test_xining_dibao_edge_is_a_low_income_family_member():
    # "低收入家庭成员(含低保边缘家庭成员)的60周岁及以上老年人": 400 × 50% = 200
    assert premium("xining-2025", groups=["dibao_edge"], age=60).individual == D("200.00")
    assert premium("xining-2025", groups=["dibao_edge"], age=59).individual == D("400.00")


@r("X4", "X5")
@pytest.mark.parametrize("group, pays", [("dibao", "200.00"), ("tekun", "0.00"), ("edge_poverty", "400.00")])
def test_xining_assistance_recipients_paying_after_1_july_pay_no_fiscal_share(group, pays):
    # X5 "医疗救助对象……不受居民医保参保缴费期政策限制"; dibao 400 × 50% = 200, tekun full aid, edge_poverty no aid
    res = premium("xining-2025", groups=[group], paid_on="2025-07-15")
    assert (res.late_fiscal_share, res.individual) == (0, D(pays))
    assert "xining_assistance_recipients" in res.assumptions


@r("X4", "X5")
def test_xining_job_changer_within_3_months_pays_no_fiscal_share():
    res = premium("xining-2025", paid_on="2025-08-10", employee_insurance_ended_on="2025-06-01")
    assert (res.late_fiscal_share, res.individual) == (0, D("400"))


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


@r("Y2", "T26")
def test_yuncheng_2024_shows_no_national_2025_fiscal_subsidy():
    res = premium("yuncheng-2024")
    assert res.individual == D("380") and res.fiscal_subsidy is None


@r("T27")
def test_tibet_2024_low_income_alleviated_fixed_aid_amount_not_stated():
    res = premium("xizang-2024", tier="high", groups=["low_income_alleviated"])
    assert res.aid_not_quantified == "t27_fixed_aid" and res.individual == D("380")
    assert "没有缴费资助" not in res.explain() and "没有给出金额" in res.explain()
    assert "至多" in res.headline()


@r("L8", "T27")
def test_lhasa_gives_the_t27_amount():
    res = premium("lhasa-2025", groups=["low_income_alleviated"], income="9000")
    assert res.aid == "l8_low_income" and res.individual == D("160") and res.aid_not_quantified is None


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
