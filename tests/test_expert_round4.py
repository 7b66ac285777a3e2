"""Expert round 4: an independent check of every calculator against the five articles.

Each case is worked by hand from the article's own words (the arithmetic is in the test, the
sentence that decides it beside it) and named after the boundary it checks. Cases the engine got
wrong before this round: a 低收入家庭中重度残疾人 in Yuncheng (Y2), a premium that asked for an
income it did not depend on (L8), Yuncheng's own no-double-enrolment clause (Y2) and an
eligibility answer that asked for a category it did not depend on (F1), internal ids in readings."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal as D

import pytest

from yibao.calculators.account_sharing import account_sharing
from yibao.calculators.coverage import coverage
from yibao.calculators.enrolment import eligibility
from yibao.calculators.flexible import employee_insurance_stop, flexible_premium
from yibao.calculators.incentive import incentive
from yibao.calculators.maternity import maternity
from yibao.calculators.premium import household_premium, premium
from yibao.errors import InputError, NotCovered
from yibao.policy import load_policy
from yibao.policy.loader import policy_ids
from yibao.settlement import Person, settle

r = pytest.mark.rules
LHASA, LHASA24, TIBET24, TIBET25 = "lhasa-2025", "lhasa-2024", "xizang-2024", "xizang-2025"
YUNCHENG, XINING = "yuncheng-2024", "xining-2025"


def one(policy, tier, claim, **person):
    """The layers of one claim: (basic, catastrophic, assistance, out of pocket)."""
    res = settle(Person(policy=policy, tier=tier, **person), [claim])
    c = res.claims[0]
    return c.basic, c.catastrophic, c.assistance, c.out_of_pocket


def inpatient(cost, level, day="2024-03-01", **kw):
    return dict(kind="inpatient", cost=str(cost), level=level, date=day, **kw)


# ================================================================ 000 Lhasa 2025

# "个人缴费标准设定为两个档次,分别为220元和400元"
@r("L3")
@pytest.mark.parametrize(("tier", "pays"), [("high", D("400")), ("low", D("220"))])
def test_lhasa_2025_tiers_220_and_400(tier, pays):
    assert premium(LHASA, tier=tier).individual == pays


# "特困供养人员、孤儿(含事实无人抚养儿童)、一二级重度残疾人……按最高档次由医疗救助资金给予全额资助": 0 + 400.
@r("L6")
@pytest.mark.parametrize("group", ["tekun", "orphan", "unsupported_child", "severe_disability"])
def test_lhasa_full_aid_groups_pay_nothing_and_assistance_pays_400(group):
    res = premium(LHASA, groups=[group])
    assert res.paid_by == {"individual": D("0"), "medical_assistance": D("400")}


# "城乡低保对象、低保边缘对象、易返贫致贫人口(含脱贫不稳定户、边缘易致贫户、突发严重困难户)、经工会部门认定的困难职工等
# 六类群体,个人只需按最高档次缴纳40元,差额360元将由医疗救助资金代缴": 400 − 360 = 40 for each of the six.
@r("L7")
@pytest.mark.parametrize("group", ["dibao", "dibao_edge", "unstable_alleviated", "edge_poverty",
                                   "sudden_hardship", "needy_worker", "monitored"])
def test_lhasa_each_of_the_six_groups_pays_40(group):
    res = premium(LHASA, groups=[group])
    assert res.paid_by == {"individual": D("40"), "medical_assistance": D("360")} and res.aid == "l7_forty"


@r("L7")
def test_lhasa_six_groups_choosing_the_low_tier_still_pay_40_of_the_highest_tier():
    # "个人只需按最高档次缴纳40元": the aid is at 400 whatever tier is asked for; 40 < 220.
    res = premium(LHASA, tier="low", groups=["dibao"])
    assert res.individual == D("40") and res.standard == D("400")


# "收入高于防返贫监测标准(2024年为8000元)且低于防返贫监测标准1.5倍(2024年为12000元)……按最高缴费档次的60%给予
# 缴费资助,即个人缴纳160元": 400 × 60% = 240 aid, 160 left; 高于/低于 leave both ends out.
@r("L8")
@pytest.mark.parametrize(("income", "pays"), [("8000", D("400")), ("8000.01", D("160.00")),
                                              ("11999.99", D("160.00")), ("12000", D("400"))])
def test_lhasa_low_income_alleviated_band_ends_excluded(income, pays):
    assert premium(LHASA, tier="high", groups=["low_income_alleviated"], income=income).individual == pays


@r("L8", "L7")
def test_lhasa_income_not_asked_when_another_aid_leaves_less_to_pay():
    # 低保 pays 40 (L7) whatever the income; L8 would leave 160: the income cannot change the answer.
    res = premium(LHASA, groups=["low_income_alleviated", "dibao"])
    assert res.individual == D("40") and res.aid == "l7_forty"
    assert any("收入不影响结果" in n for n in res.notes)


@r("L8", "L5")
def test_lhasa_income_not_asked_for_an_elderly_woman_whose_premium_finance_pays():
    # L5: a woman of 61 pays 0 (finance pays 400); L8's 160 could not be less.
    res = premium(LHASA, groups=["low_income_alleviated"], sex="female", age=61)
    assert res.individual == D("0") and res.paid_by["finance"] == D("400") and res.aid == "l5_elderly"


@r("L8")
def test_lhasa_income_still_asked_where_it_decides():
    with pytest.raises(InputError) as e:
        premium(LHASA, tier="high", groups=["low_income_alleviated"], sex="female", age=50)
    assert e.value.field == "income"


# "年满60周岁的女性及年满65周岁的男性老年人,将按最高档次由区、市两级财政代缴" with ages on 1 January 2025
# (assumption age_reference): born 1965-01-01 is 60 that day; born a day later is 59.
@r("L5")
@pytest.mark.parametrize(("sex", "birth", "tier", "pays"), [
    ("female", "1965-01-01", "low", D("0")), ("female", "1965-01-02", "low", D("220")),
    ("male", "1960-01-01", "high", D("0")), ("male", "1960-01-02", "high", D("400")),
])
def test_lhasa_elderly_age_boundary_on_1_january(sex, birth, tier, pays):
    res = premium(LHASA, tier=tier, sex=sex, birth_date=birth)
    assert res.individual == pays
    if pays == 0:
        assert res.paid_by == {"individual": D("0"), "finance": D("400")}
    else:
        assert "age_reference" in res.assumptions  # the other reading (当年满) would give 0: named


@r("L5", "L7")
def test_lhasa_elderly_dibao_gets_the_finance_payment_not_the_40():
    res = premium(LHASA, groups=["dibao"], sex="female", age=61)  # 0 < 40
    assert res.individual == D("0") and res.aid == "l5_elderly"


# "此次医保缴费的集中参保时间为2024年9月25日至12月31日……医保待遇享受时间为2025年1月1日至12月31日"
@r("L1")
@pytest.mark.parametrize("paid", ["2024-09-25", "2024-12-31"])
def test_lhasa_concentrated_period_ends_give_cover_from_1_january(paid):
    res = coverage(LHASA, paid_on=paid)
    assert (res.start, res.end, res.waiting_months) == (date(2025, 1, 1), date(2025, 12, 31), 0)


@r("L1")
def test_lhasa_day_before_the_period_buys_no_2025_cover():
    with pytest.raises(NotCovered):
        coverage(LHASA, paid_on="2024-09-24")


# T17 "对未在居民医保集中参保期参保或未连续参保的人员,设置参保后固定等待期3个月……每多断保1年……再增加1个月……
# 每多缴纳1年的费用可以减少1个月的变动等待期……连续断缴4年及以上的,修复以后的变动等待期不少于3个月"
@r("T17", "L1")
@pytest.mark.parametrize(("paid", "gap", "back", "start", "fixed", "variable"), [
    ("2025-01-01", 0, 0, date(2025, 4, 1), 3, 0),    # the day after the period: 3 months
    ("2025-03-15", 2, 0, date(2025, 8, 15), 3, 2),   # 3 + 2
    ("2025-03-15", 2, 1, date(2025, 7, 15), 3, 1),   # 3 + (2 − 1)
    ("2025-03-15", 3, 3, date(2025, 6, 15), 3, 0),   # 3 + (3 − 3)
    ("2025-03-15", 4, 0, date(2025, 10, 15), 3, 4),  # 3 + 4
    ("2025-03-15", 4, 1, date(2025, 9, 15), 3, 3),   # 4 − 1 = 3, at least 3
    ("2025-03-15", 6, 6, date(2025, 9, 15), 3, 3),   # 6 − 6 = 0, but at least 3 after 4+ years: 6 in all
    ("2024-10-10", 1, 0, date(2025, 5, 1), 3, 1),    # in the period but after a break: from 1 January
])
def test_lhasa_waiting_months_at_every_break_boundary(paid, gap, back, start, fixed, variable):
    res = coverage(LHASA, paid_on=paid, gap_years=gap, backpaid_years=back, tier="high")
    assert (res.start, res.fixed_waiting_months, res.variable_waiting_months) == (start, fixed, variable)
    assert res.backpay_cost == D("400") * back  # each year paid back at the 400 tier


# L9 "可在集中缴费期外零星参保缴费,并自办理参保手续并足额缴费次月起享受规定的医保待遇"
@r("L9")
def test_lhasa_unemployed_veteran_covered_from_the_next_month_without_waiting():
    res = coverage(LHASA, paid_on="2025-03-15", groups=["unemployed_veteran"])
    assert (res.start, res.waiting_months) == (date(2025, 4, 1), 0)


@r("L9")
def test_lhasa_released_prisoner_paying_in_december_gets_no_2025_cover():
    res = coverage(LHASA, paid_on="2025-12-15", groups=["released_prisoner"])  # next month = 2026-01-01
    assert res.start == date(2026, 1, 1) and not res.covered_this_year


# L12 "新生儿……自参保缴费之日起至次年12月31日享受城乡居民基本医疗保险待遇"
@r("L12")
def test_lhasa_newborn_paid_in_november_covered_from_payment_to_end_of_next_year():
    res = coverage(LHASA, paid_on="2024-11-05", groups=["newborn"], birth_date="2024-11-01")
    assert (res.start, res.end) == (date(2024, 11, 5), date(2025, 12, 31))


# F6 "因个人就业状态发生变化中断缴费不超过3个月需参加居民医保的人员……随时可以参保缴费"
@r("F6", "T17")
@pytest.mark.parametrize(("ended", "start", "wait"), [("2024-12-15", date(2025, 4, 1), 0),   # 3 months exactly
                                                       ("2024-12-14", date(2025, 6, 15), 3)])  # a day more
def test_lhasa_job_change_within_three_months_boundary(ended, start, wait):
    res = coverage(LHASA, paid_on="2025-03-15", employee_insurance_ended_on=ended)
    assert (res.start, res.waiting_months) == (start, wait)


# T13 "参加居民医保个人不缴费,由财政资金和医疗救助基金按当年居民医保最高缴费档次代缴保险费"
@r("T13")
def test_lhasa_border_resident_pays_nothing_at_the_400_tier():
    assert premium(LHASA, groups=["border_resident"]).paid_by == {
        "individual": D("0"), "finance_and_medical_assistance": D("400")}


# ================================================================ 001 Tibet region

# T12 "按我区最高缴费档次(2024年为380元)给予90%的定额资助,个人只需缴纳10%即38元"
@r("T12")
@pytest.mark.parametrize(("policy", "group", "pays", "aided"), [
    (TIBET24, "dibao", D("38.00"), D("342.00")),           # 380 × 10%
    (TIBET24, "edge_poverty", D("38.00"), D("342.00")),    # a member of 纳入防返贫监测范围的低收入人口
    (TIBET24, "unsupported_child", D("0"), D("380")),      # 孤儿(含事实无人抚养儿童): full
    (TIBET25, "dibao_edge", D("40.00"), D("360.00")),      # 400 × 10% in 2025
])
def test_tibet_premium_aid_at_the_highest_tier(policy, group, pays, aided):
    res = premium(policy, groups=[group])
    assert res.paid_by == {"individual": pays, "medical_assistance": aided}


@r("T27")
def test_tibet_2024_fixed_aid_in_band_is_named_but_not_priced():
    res = premium(TIBET24, tier="high", groups=["low_income_alleviated"], income="10000")
    assert res.individual == D("380") and res.aid_not_quantified == "t27_fixed_aid"


# T6 "二级及以下……起付线为200元……分别报销90%、65%"; T7 "三级……起付线为400元……分别报销85%、60%"
@r("T6", "T7")
@pytest.mark.parametrize(("tier", "level", "basic"), [
    ("high", 3, D("8160.00")),  # (10000 − 400) × 85%
    ("low", 3, D("5760.00")),   # (10000 − 400) × 60%
    ("high", 2, D("8820.00")),  # (10000 − 200) × 90%
    ("low", 1, D("6370.00")),   # (10000 − 200) × 65%
])
def test_tibet_inpatient_deductible_and_rate_by_level_and_tier(tier, level, basic):
    b, _, _, oop = one(TIBET24, tier, inpatient(10000, level))
    assert (b, oop) == (basic, D("10000") - basic)


@r("T6")
def test_tibet_inpatient_below_the_deductible_pays_nothing():
    assert one(TIBET24, "high", inpatient(150, 2))[0] == D("0")


# T8 "年度内第二次、第三次及之后住院的,报销起付线分别按首次住院起付标准的70%、50%执行"
@r("T8")
def test_tibet_second_and_third_admissions_deductibles_70_and_50_percent():
    res = settle(Person(policy=TIBET24, tier="high"), [
        inpatient(10000, 3, "2024-02-01"), inpatient(10000, 3, "2024-05-01"), inpatient(10000, 2, "2024-06-01")])
    # (10000 − 400) × 85% = 8160; (10000 − 280) × 85% = 8262; (10000 − 100) × 90% = 8910
    assert [c.basic for c in res.claims] == [D("8160.00"), D("8262.00"), D("8910.00")]


@r("T8")
def test_tibet_second_admission_at_a_lower_level_uses_its_own_level_standard():
    res = settle(Person(policy=TIBET24, tier="low"), [inpatient(5000, 3, "2024-02-01"), inpatient(5000, 2, "2024-05-01")])
    # (5000 − 400) × 60% = 2760; 200 × 70% = 140: (5000 − 140) × 65% = 3159
    assert [c.basic for c in res.claims] == [D("2760.00"), D("3159.00")]


# T3 "连续不间断缴满10年及以上的,自缴满当年起住院和门诊特殊病……提高3%的报销比例"
@r("T3")
@pytest.mark.parametrize(("years", "claim", "tier", "basic"), [
    (10, inpatient(10000, 3), "high", D("8448.00")),   # (10000 − 400) × 88%
    (9, inpatient(10000, 3), "high", D("8160.00")),    # not yet: 85%
    (10, inpatient(10000, 2), "high", D("9114.00")),   # (10000 − 200) × 93%
    (10, dict(kind="special_outpatient", cost="1000", date="2024-03-01"), "low", D("630.00")),  # 1000 × 63%
    (12, dict(kind="general_outpatient", cost="1000", date="2024-03-01"), "high", D("300.00")),  # T4 not raised: cap 300
])
def test_tibet_long_contribution_raises_inpatient_and_special_only(years, claim, tier, basic):
    assert one(TIBET24, tier, claim, continuous_years=years)[0] == basic


# T4 "普通门诊起付线为年度累计50元……给予60%的医保报销,年度最高报销300元"
@r("T4")
def test_tibet_general_outpatient_cumulative_deductible_and_cap():
    res = settle(Person(policy=TIBET24, tier="low"), [
        dict(kind="general_outpatient", cost="30", date="2024-01-05"),    # 30 of the 50
        dict(kind="general_outpatient", cost="100", date="2024-01-06"),   # 20 more, (100 − 20) × 60% = 48
        dict(kind="general_outpatient", cost="1000", date="2024-02-01"),  # 600, but 300 − 48 = 252 left
    ])
    assert [c.basic for c in res.claims] == [D("0.00"), D("48.00"), D("252.00")]


# T5 "门诊特殊病不设起付线……按高、低两种缴费档次给予90%、60%的医保报销"
@r("T5")
def test_tibet_special_outpatient_no_deductible():
    assert one(TIBET24, "high", dict(kind="special_outpatient", cost="1000", date="2024-03-01"))[0] == D("900.00")


# T9 "个人年度累计自付的合规医疗费用按高低两种缴费档次达到起付标准5000元和9000元的,纳入大病保险,报销比例从70%—90%
# 分段递增" (segments: assumption catastrophic_segments — to 20000 70%, to 50000 80%, above 90%)
@r("T9")
def test_tibet_catastrophic_high_tier_100000_at_level_3():
    # basic (100000 − 400) × 85% = 84660; self-paid 15340; (15340 − 5000) × 70% = 7238; left 8102
    assert one(TIBET24, "high", inpatient(100000, 3)) == (D("84660.00"), D("7238.00"), D("0.00"), D("8102.00"))


@r("T9")
def test_tibet_catastrophic_low_tier_crosses_a_segment():
    # basic 99600 × 60% = 59760; self-paid 40240; (20000 − 9000) × 70% = 7700 + (40240 − 20000) × 80% = 16192
    assert one(TIBET24, "low", inpatient(100000, 3)) == (D("59760.00"), D("23892.00"), D("0.00"), D("16348.00"))


# T10 "起付标准降低50%、报销比例提高5%"; T11 "第三类(低保对象)95%"
@r("T10", "T11")
def test_tibet_dibao_halved_deductible_plus_5_and_assistance_95():
    # self-paid 15340; (15340 − 2500) × 75% = 9630; left 5710; 5710 × 95% = 5424.50; 285.50
    assert one(TIBET24, "high", inpatient(100000, 3), groups=["dibao"]) == (
        D("84660.00"), D("9630.00"), D("5424.50"), D("285.50"))


@r("T11")
@pytest.mark.parametrize(("group", "cat", "aid", "oop"), [
    ("tekun", D("9630.00"), D("5710.00"), D("0.00")),        # T10 and class 1 in full
    ("orphan", D("7238.00"), D("8102.00"), D("0.00")),       # class 2 in full, no T10
    ("edge_poverty", D("7238.00"), D("7291.80"), D("810.20")),  # class 4: 8102 × 90%
])
def test_tibet_assistance_classes_after_catastrophic(group, cat, aid, oop):
    _, c, a, o = one(TIBET24, "high", inpatient(100000, 3), groups=[group])
    assert (c, a, o) == (cat, aid, oop)


# T13 "医疗救助对边境群众……剩余合规医疗费用按90%比例进行兜底救助"; with 低保 the better 95% (most_favourable_aid)
@r("T13")
@pytest.mark.parametrize(("groups", "aid"), [(["border_resident"], D("7291.80")),
                                             (["border_resident", "dibao"], D("5424.50"))])
def test_tibet_border_resident_assistance(groups, aid):
    assert one(TIBET24, "high", inpatient(100000, 3), groups=groups)[2] == aid


# T9 "每人每年最多可享受14万元"; T16 "最多可以提高2.8万元,即……累计可达到16.8万元"
@r("T9", "T16")
@pytest.mark.parametrize(("policy", "raise_", "cat"), [(TIBET24, "0", D("140000.00")), (TIBET25, "28000", D("168000.00"))])
def test_tibet_catastrophic_cap_with_and_without_the_full_incentive(policy, raise_, cat):
    # 2000000 at level 3 high: self-paid 300340; uncapped 10500 + 24000 + 225306 = 259806 > the cap
    day = "2025-03-01" if policy == TIBET25 else "2024-03-01"
    assert one(policy, "high", inpatient(2000000, 3, day), incentive_amount=raise_)[1] == cat


# T11 "每人每年最多可享受15万元的普通医疗救助和30万元的重特大疾病医疗救助待遇"
@r("T11")
@pytest.mark.parametrize(("major", "aid"), [(False, D("150000.00")), (True, D("300000.00"))])
def test_tibet_assistance_caps_ordinary_and_major(major, aid):
    # 3000000 at level 3: self-paid 400 + 2999600 × 15% = 450340; catastrophic 140000; left 310340
    assert one(TIBET24, "high", inpatient(3000000, 3), groups=["tekun"], major_disease=major)[2] == aid


# T23 "在定点医疗机构住院分娩产生的生育医疗费用,按规定进行全额报销"
@r("T23")
def test_tibet_resident_delivery_in_full():
    assert one(TIBET24, "low", dict(kind="delivery", cost="5000", date="2024-03-01"))[0] == D("5000.00")


# T19 "“乙类”药品自付比例降低5%,报销达95%" (ethnic_medicine_reading, ethnic_medicine_deductible)
@r("T19")
def test_tibet_ethnic_medicines_plus_5_points_deductible_from_other_costs():
    # other 8000: (8000 − 400) × 85% = 6460; ethnic 2000 × 90% = 1800; 8260
    assert one(TIBET24, "high", inpatient(10000, 3, ethnic_share="2000"))[0] == D("8260.00")


# T14 "连续参加居民医保满4年,之后每连续参保1年……不低于1000元"; T15 "当年没有使用过……医保基金报销……下一年度……
# 提高不低于1000元"; "前期积累的奖励额度就会被清零"; T16 at most 20% of 140000 = 28000.
R_, Z_, N_, U_ = (True, True, False), (True, False, False), (False, False, False), (True, True, True)


def history(spec):
    return [dict(year=y, enrolled=e, fund_reimbursed=f, incentive_used=u) for y, (e, f, u) in sorted(spec.items())]


@r("T14", "T15", "T16")
@pytest.mark.parametrize(("spec", "year", "cap"), [
    ({y: R_ for y in range(2025, 2028)}, 2028, D("140000")),   # 3 years: not yet
    ({y: R_ for y in range(2025, 2029)}, 2029, D("141000")),   # 4 years, then 2029: +1000
    ({2025: Z_}, 2026, D("141000")),                            # zero claim in 2025: +1000 in 2026
    ({y: Z_ for y in range(2025, 2031)}, 2031, D("149000")),   # 6 zero years + 2029..2031 continuous: 9000
    ({**{y: R_ for y in range(2025, 2030)}, 2030: N_, **{y: R_ for y in range(2031, 2035)}}, 2035,
     D("142000")),                                              # 1000 kept through the break, 1000 anew
    ({2025: Z_, 2026: Z_, 2027: U_}, 2028, D("140000")),        # used in 2027: zero-claim amount cleared
    ({y: Z_ for y in range(2025, 2060)}, 2060, D("168000")),   # at most 28000
])
def test_tibet_incentive_caps(spec, year, cap):
    assert incentive(TIBET25, history(spec), year).cap == cap


@r("T17")
def test_tibet_2025_waiting_needs_no_tier_unless_back_payment_is_priced():
    res = coverage(TIBET25, paid_on="2025-05-06", gap_years=2, backpaid_years=1)  # 3 + (2 − 1) = 4 months
    assert (res.start, res.waiting_months) == (date(2025, 9, 6), 4)


# T20 "共享家庭成员为居民医保参保人员……直接调用授权人医保个人账户;……职工医保参保人员……默认优先使用本人医保个人账户,
# 被授权人医保个人账户余额不足时,将自动调用授权人的医保个人账户"
@r("T20")
@pytest.mark.parametrize(("insurance", "own", "auth", "split"), [
    ("resident", "0", "1000", (D("0"), D("500"), D("0"))),
    ("employee", "200", "1000", (D("200"), D("300"), D("0"))),
    ("employee", "200", "100", (D("200"), D("100"), D("200"))),
])
def test_tibet_account_sharing_own_account_first(insurance, own, auth, split):
    res = account_sharing("spouse", insurance, "500", authoriser_balance=auth, member_balance=own, policy=TIBET24)
    assert (res.from_own_account, res.from_authoriser, res.left_to_pay) == split


# T21 "顺产6000元,剖宫产8000元……多胞胎每多生育一个婴儿……增加15%"; T22 "120天……难产增加15天、多胞胎一个增加15天、
# 两个及以上婴儿存活4个月及以上的增加30天"; "一次性营养补助……上年度在职职工年平均工资的1%"
@r("T21", "T22")
@pytest.mark.parametrize(("kw", "lump", "days"), [
    (dict(delivery="normal"), D("6000"), 120),
    (dict(delivery="caesarean", babies=2), D("9200"), 165),                # 8000 × 1.15; 120 + 15 + 30
    (dict(delivery="normal", babies=3), D("7800"), 180),                   # 6000 × 1.30; 120 + 30 + 30
    (dict(delivery="normal", babies=2, surviving_babies=1), D("6900"), 135),  # no +30
    (dict(delivery="caesarean", babies=3, surviving_babies=2, difficult=True), D("10400"), 195),  # 120+15+30+30
])
def test_tibet_maternity_lump_sum_and_days(kw, lump, days):
    res = maternity(TIBET24, **kw)
    assert (res.lump_sum, res.allowance_days, res.nursing_days) == (lump, days, 15)


@r("T22")
def test_tibet_nutrition_allowance_one_percent_half_up():
    assert maternity(TIBET24, average_wage_last_year="98765.43").nutrition_allowance == D("987.65")  # 987.6543


# ================================================================ 002 Lhasa flexible employment

# F7 "上年度全区社平工资的9%……10791元,每月需缴纳971.19元"
@r("F7")
@pytest.mark.parametrize(("wage", "monthly"), [("10791", D("971.19")), ("10791.5", D("971.24")), ("10000", D("900.00"))])
def test_flexible_premium_nine_percent_half_up(wage, monthly):
    res = flexible_premium(wage, LHASA24)
    assert res.monthly == monthly and res.annual == monthly * 12


# F2 "职工医保是从解除劳动关系的次月开始停保的"
@r("F2")
@pytest.mark.parametrize(("ended", "stops"), [("2024-01-31", date(2024, 2, 1)), ("2024-12-15", date(2025, 1, 1))])
def test_flexible_employee_insurance_stops_the_next_month(ended, stops):
    assert employee_insurance_stop(ended, policy=LHASA24).stops_on == stops


# F4 "停保后,个人账户余额大于3000元的……可以实现家庭共享"
@r("F4")
@pytest.mark.parametrize(("balance", "shared"), [("3000", False), ("3000.01", True)])
def test_flexible_sharing_after_a_stop_needs_more_than_3000(balance, shared):
    assert employee_insurance_stop("2024-01-31", policy=LHASA24, account_balance=balance).account_sharing_allowed is shared


@r("F3", "T20")
def test_flexible_unemployment_fund_pays_and_sharing_is_the_ordinary_rule():
    res = employee_insurance_stop("2024-01-31", policy=LHASA24, receiving_unemployment_benefit=True, account_balance="1000")
    assert (res.stops_on, res.premium_paid_by, res.account_sharing_allowed) == (None, "unemployment_fund", True)


@r("F8")
def test_flexible_worker_has_no_maternity_insurance():
    res = maternity(LHASA24, delivery="normal", flexible_worker=True)
    assert res.no_maternity_insurance and (res.lump_sum, res.allowance_days) == (D("0"), 0)


# F5 "以2024年为例,拉萨市民可自愿选择200元或380元两个档次缴费"
@r("F5")
@pytest.mark.parametrize(("tier", "pays"), [("high", D("380")), ("low", D("200"))])
def test_lhasa_2024_tiers_200_and_380(tier, pays):
    assert premium(LHASA24, tier=tier).individual == pays


@r("F6")
def test_lhasa_2024_assistance_recipient_enrols_at_any_time_from_the_next_month():
    res = coverage(LHASA24, paid_on="2024-05-10", groups=["assistance_recipient"])
    assert (res.start, res.end) == (date(2024, 6, 1), date(2024, 12, 31))


@r("F1")
def test_lhasa_employee_insured_may_not_enrol_whatever_their_category():
    # The answer does not depend on the category (L2): it is not asked for.
    res = eligibility(LHASA, employee_insured=True)
    assert res.may_enrol is False and "lhasa_employee_insured" in res.assumptions


# ================================================================ 003 Yuncheng 2024

# Y2 "普通人群个人缴费标准为380元……特困人员(孤儿、事实无人抚养儿童)个人不缴费。返贫致贫人口个人缴费标准为38元。
# 乡村振兴部门监测对象……为100元。低保对象……为76元。丧失劳动能力的残疾人、低收入家庭60周岁以上老人和未成年人……190元"
@r("Y2")
@pytest.mark.parametrize(("kw", "pays"), [
    (dict(), D("380")), (dict(groups=["tekun"]), D("0")), (dict(groups=["orphan"]), D("0")),
    (dict(groups=["unsupported_child"]), D("0")), (dict(groups=["relapse_poverty"]), D("38")),
    (dict(groups=["monitored"]), D("100")), (dict(groups=["edge_poverty"]), D("100")),
    (dict(groups=["dibao"]), D("76")), (dict(groups=["disabled_unable_to_work"]), D("190")),
    (dict(groups=["dibao", "disabled_unable_to_work"]), D("76")),
])
def test_yuncheng_premium_of_each_group(kw, pays):
    assert premium(YUNCHENG, **kw).individual == pays


# Ages on 1 January 2024; "60周岁以上" includes 60, "未成年人" is under 18 (age_bounds_inclusive).
@r("Y2")
@pytest.mark.parametrize(("birth", "pays"), [("1964-01-01", D("190")), ("1964-01-02", D("380")),
                                             ("2006-01-02", D("190")), ("2006-01-01", D("380"))])
def test_yuncheng_low_income_family_age_boundaries(birth, pays):
    assert premium(YUNCHENG, groups=["low_income_family"], birth_date=birth).individual == pays


@r("Y2")
@pytest.mark.parametrize(("age", "pays"), [(65, D("190")), (10, D("190")), (40, D("380"))])
def test_yuncheng_low_income_severely_disabled_is_a_low_income_family_member(age, pays):
    # "低收入家庭中重度残疾人" lives in a low-income family: at 65 or 10 the 190 of "低收入家庭60周岁以上老人和
    # 未成年人"; at 40 none. Before this round: 380 and "没有缴费资助" at every age.
    res = premium(YUNCHENG, groups=["low_income_severe_disability"], age=age)
    assert res.individual == pays
    assert not any("没有缴费资助" in n for n in res.notes) or pays == D("380")
    same = premium(YUNCHENG, groups=["severe_disability", "low_income_family"], age=age)
    assert same.individual == pays


@r("Y2")
def test_yuncheng_severely_disabled_aged_40_is_not_offered_an_aid_that_needs_an_age():
    res = premium(YUNCHENG, groups=["severe_disability"], age=40)
    assert res.individual == D("380")
    assert not any("有缴费资助" in n and "低收入家庭" in n for n in res.notes)


# Y4 "集中征缴期为每年的9月1日至12月25日,每月1日~25日可办理缴费"; Y1 "截止日期延长至2024年2月25日"; Y3 "待遇享受期
# 统一为2024年1月1日至12月31日,参保居民如在2024年1月1日之后完成参保缴费并已发生医药费用,按规定予以补报"
@r("Y1", "Y3", "Y4")
@pytest.mark.parametrize(("paid", "retro"), [("2023-09-01", False), ("2023-12-25", False),
                                             ("2023-12-26", True), ("2024-02-25", True)])
def test_yuncheng_period_and_extension_give_the_whole_2024(paid, retro):
    res = coverage(YUNCHENG, paid_on=paid)
    assert (res.start, res.end, res.retroactive) == (date(2024, 1, 1), date(2024, 12, 31), retro)


@r("Y1", "Y4")
@pytest.mark.parametrize(("paid", "error"), [("2023-08-31", NotCovered), ("2024-02-26", NotCovered),
                                             ("2023-11-26", InputError)])
def test_yuncheng_outside_the_period_or_after_the_25th(paid, error):
    with pytest.raises(error):
        coverage(YUNCHENG, paid_on=paid)


# Y6 "基层医疗机构……甲类……报销60%……县域内二级及以下……乙类……45%。参保居民每人每日每次医保最高支付限额50元,
# 2024年最高支付限额300元"
@r("Y6")
def test_yuncheng_pooled_outpatient_visit_and_year_caps():
    res = settle(Person(policy=YUNCHENG), [
        dict(kind="pooled_outpatient", cost="40", date="2024-03-01", facility="primary", drug_class="jia"),  # 24
        dict(kind="pooled_outpatient", cost="200", date="2024-03-02", facility="county_level2", drug_class="yi"),  # 90 → 50
    ] + [dict(kind="pooled_outpatient", cost="100", date=f"2024-04-{d:02d}", facility="primary", drug_class="jia")
         for d in range(1, 7)])  # 60 → 50 each, until 300 − 74 = 226 is used: 50, 50, 50, 50, 26, 0
    assert [c.basic for c in res.claims] == [D("24.00"), D("50.00")] + [D("50.00")] * 4 + [D("26.00"), D("0.00")]


@r("Y2")
def test_yuncheng_employee_insured_are_outside_the_resident_insurance():
    # "覆盖范围为除职工医保应参保人员以外的其他所有城乡居民": Yuncheng's own clause, not another city's.
    res = eligibility(YUNCHENG, employee_insured=True)
    assert res.may_enrol is False
    assert any(i.quote == "覆盖范围为除职工医保应参保人员以外的其他所有城乡居民" for i in res.items)


# ================================================================ 004 Xining 2025

# X2 "每人400元"; X6 "城乡特困供养对象、孤儿、事实无人抚养儿童、艾滋病病毒感染儿童给与全额资助"; X7 "按当年个人缴费
# 标准的50%给与资助": 400 × 50% = 200.
@r("X2", "X6", "X7")
@pytest.mark.parametrize(("kw", "pays"), [
    (dict(), D("400")), (dict(groups=["hiv_child"]), D("0")), (dict(groups=["unsupported_child"]), D("0")),
    (dict(groups=["dibao"]), D("200")), (dict(groups=["priority_care"]), D("200")),
    (dict(groups=["low_income_family"], birth_date="1965-01-01"), D("200")),  # 60 on 1 January 2025
    (dict(groups=["low_income_family"], birth_date="1965-01-02"), D("400")),  # 59
    (dict(groups=["low_income_family"], birth_date="2006-01-02"), D("200")),  # 18: "18周岁及以下"
    (dict(groups=["low_income_family"], birth_date="2006-01-01"), D("400")),  # 19
    (dict(groups=["dibao_edge"], age=18), D("200")),                          # 含低保边缘家庭成员
    (dict(groups=["severe_disability", "low_income_family"], age=40), D("200")),  # 低收入家庭中重度残疾人
    (dict(groups=["low_income_family"], age=40), D("400")),
])
def test_xining_premium_of_each_group_and_age(kw, pays):
    assert premium(XINING, **kw).individual == pays


@r("X7")
def test_xining_low_income_family_member_aged_40_is_told_of_the_disability_combination():
    res = premium(XINING, groups=["low_income_family"], age=40)
    assert any("低收入家庭中重度残疾人" in n for n in res.notes)


# X4's table: paid by 12-31 → from 2025-01-01; 01-01..03-31 → from payment; 04-01..06-30 and from 07-01 → 60 days
# after payment (xining_sixty_days: payment day + 60).
@r("X3", "X4")
@pytest.mark.parametrize(("paid", "start"), [
    ("2024-09-01", date(2025, 1, 1)), ("2024-12-31", date(2025, 1, 1)),
    ("2025-01-01", date(2025, 1, 1)), ("2025-03-31", date(2025, 3, 31)),
    ("2025-04-01", date(2025, 5, 31)),   # 30 days of April + 30 of May
    ("2025-06-30", date(2025, 8, 29)),   # 1 + 31 + 28
    ("2025-07-01", date(2025, 8, 30)),
    ("2025-11-01", date(2025, 12, 31)),  # 29 + 31: the last day
])
def test_xining_cover_start_at_every_window_boundary(paid, start):
    assert coverage(XINING, paid_on=paid).start == start


@r("X4")
def test_xining_payment_on_2_november_buys_no_2025_cover_and_is_warned():
    assert not coverage(XINING, paid_on="2025-11-02").covered_this_year  # 11-02 + 60 = 2026-01-01
    assert any("买不到任何待遇" in n for n in premium(XINING, paid_on="2025-11-02").notes)


@r("X3")
def test_xining_day_before_the_period():
    with pytest.raises(NotCovered):
        coverage(XINING, paid_on="2024-08-31")


# X4 "2025年7月1日以后 | 个人缴费+财政补助": 400 + 670 (xining_late_fiscal_share) = 1070; a 50% aid is of the
# individual standard only (xining_aid_late_fiscal_share): 200 + 670 = 870.
@r("X4", "X7")
@pytest.mark.parametrize(("kw", "pays"), [(dict(), D("1070")), (dict(groups=["priority_care"]), D("870.00")),
                                          (dict(groups=["low_income_family"], age=70), D("870.00"))])
def test_xining_late_payers_add_the_fiscal_share(kw, pays):
    assert premium(XINING, paid_on="2025-07-01", **kw).individual == pays


# X5 "职工医保中断缴费3个月内参加居民医保、新生儿、医疗救助对象以及脱贫人口等特殊群体……不受居民医保参保缴费期政策限制"
@r("X5")
@pytest.mark.parametrize(("kw", "start"), [
    (dict(groups=["newborn"], birth_date="2025-05-01"), date(2025, 5, 10)),
    (dict(groups=["dibao"]), date(2025, 5, 10)),
    (dict(groups=["poverty_alleviated"]), date(2025, 5, 10)),
    (dict(employee_insurance_ended_on="2025-02-10"), date(2025, 5, 10)),  # 3 months to the day
    (dict(employee_insurance_ended_on="2025-02-09"), date(2025, 7, 9)),   # a day more: 60 days
])
def test_xining_special_groups_not_bound_by_the_windows(kw, start):
    assert coverage(XINING, paid_on="2025-05-10", **kw).start == start


@r("X5", "X4")
def test_xining_job_change_within_three_months_pays_no_fiscal_share_after_1_july():
    assert premium(XINING, paid_on="2025-07-01", employee_insurance_ended_on="2025-05-15").individual == D("400")


@r("X4", "T17")
def test_xining_break_after_march_gets_the_national_wait_from_payment():
    res = coverage(XINING, paid_on="2025-04-01", gap_years=1)  # 3 + 1 months from 04-01, the 60 days inside it
    assert (res.start, res.waiting_months) == (date(2025, 8, 1), 4)


@r("X1", "X9")
def test_xining_employee_insured_do_not_enrol():
    assert eligibility(XINING, employee_insured=True).may_enrol is False


# ================================================================ the command line, and what a reader is told

@r("L8", "L7")
def test_cli_lhasa_dibao_with_low_income_alleviated_needs_no_income(cli):
    code, out, err = cli("premium", "--policy", LHASA, "--group", "dibao", "--group", "low_income_alleviated", "--json")
    assert code == 0, err
    assert json.loads(out)["paid_by"] == {"individual": "40.00", "medical_assistance": "360.00"}


@r("Y2")
def test_cli_yuncheng_low_income_severely_disabled_elder_pays_190(cli):
    code, out, err = cli("premium", "--policy", YUNCHENG, "--group", "低收入家庭中重度残疾人", "--age", "65", "--json")
    assert code == 0, err
    assert json.loads(out)["paid_by"] == {"individual": "190.00", "government_aid": "190.00"}


@r("C2")
def test_no_reading_shows_an_internal_id_to_the_reader():
    # Readings are Chinese sentences: no assumption id, source id or data path inside them (the
    # project's rulebook, RULES.md, is named as a document).
    internal = re.compile(r"(?<![A-Za-z0-9])(?!RULES\.md)[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+|civil-code")
    for pid in policy_ids():
        for aid, a in load_policy(pid).assumptions.items():
            for text in (a.title, a.reading, a.why, *a.alternatives):
                assert not internal.search(text or ""), (pid, aid, text)
    for pid in policy_ids():
        for u in load_policy(pid).groups.umbrellas:
            assert not internal.search(u.label), (pid, u.id)
    derived = load_policy(YUNCHENG).premium.aids
    assert all(not internal.search(str(a.derived or "")) for a in derived)


# T24/F6 "一周岁以内婴儿": "以内" includes the number (民法典 第一千二百五十九条), so the first birthday is
# still within; the day after is not. The same reading in Xining (xining_newborn_age), its words now saying so.
@r("F6", "T24", "L12")
@pytest.mark.parametrize(("birth", "start"), [("2024-03-15", date(2025, 3, 15)),   # 1st birthday: newborn
                                              ("2024-03-14", date(2025, 6, 15))])  # a day older: 3-month wait
def test_lhasa_newborn_on_the_first_birthday_is_still_within_one_year(birth, start):
    res = coverage(LHASA, paid_on="2025-03-15", groups=["newborn"], birth_date=birth)
    assert res.start == start
    if start.month == 6:
        assert any("出生于2024年3月14日,缴费时已超过1周岁" in n for n in res.notes)


@r("X5", "X4")
def test_xining_newborn_paid_on_the_first_birthday_pays_no_fiscal_share():
    res = premium(XINING, paid_on="2025-07-01", groups=["newborn"], birth_date="2024-07-01")
    assert res.individual == D("400") and "xining_newborn_age" in res.assumptions
    assert "含1周岁生日当天" in load_policy(XINING).assumptions["xining_newborn_age"].reading
    older = premium(XINING, paid_on="2025-07-01", groups=["newborn"], birth_date="2024-06-30")
    assert older.individual == D("1070")  # 400 + 670: no longer a newborn


@r("T17")
def test_waiting_from_the_31st_ends_on_the_last_day_of_the_month_and_the_reading_says_so():
    # waiting_counted_from: "满N个月的同一日起"; April has no 31st: the month's last day.
    assert coverage(LHASA, paid_on="2025-01-31").start == date(2025, 4, 30)
    assert "4月30日起" in load_policy(LHASA).assumptions["waiting_counted_from"].reading


@r("X4", "T24")
def test_notes_write_dates_the_chinese_way():
    # "日期 2025年8月10日": no ISO date inside a Chinese note.
    notes = coverage(XINING, paid_on="2025-04-01").notes + \
        coverage(TIBET25, paid_on="2025-05-10", groups=["newborn"], birth_date="2024-12-20").notes
    assert any("在2025年4月1日至2025年6月30日缴费" in n for n in notes)
    assert any("出生于2024年12月20日" in n and "出生至2024年12月31日" in n for n in notes)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", n) for n in notes)


@r("X4")
def test_xining_late_fiscal_share_line_writes_the_date_the_chinese_way():
    labels = [i.label for i in premium(XINING, paid_on="2025-07-01", groups=["priority_care"]).items]
    assert "2025年7月1日以后缴费:个人缴费之外再缴财政补助部分" in labels
    labels = [i.label for i in premium(XINING, paid_on="2025-07-01", groups=["hiv_child"]).items]
    assert "2025年7月1日以后缴费:另缴财政补助部分,由全额资助一并承担" in labels


# X9 "目前城乡居民医保缴费按照个人方式缴纳医保费用,请核实家庭成员是否全部缴费": each member priced alone.
@r("X9", "C1", "Y2", "X7")
@pytest.mark.parametrize(("policy", "total", "aided"), [
    (XINING, D("800.00"), D("400.00")),    # 低保 200 + a child of 10 in a low-income family 200 + 400
    (YUNCHENG, D("760.00"), D("380.00")),  # 低收入家庭中重度残疾人 of 70: 190 + the child 190 + 380
])
def test_household_premium_is_the_sum_of_its_members(policy, total, aided):
    first = ["dibao"] if policy == XINING else ["low_income_severe_disability"]
    res = household_premium(policy, [dict(groups=first, age=40 if policy == XINING else 70),
                                     dict(groups=["low_income_family"], age=10), dict(age=40)])
    assert (res.total_individual, res.paid_by["government_aid"]) == (total, aided)
