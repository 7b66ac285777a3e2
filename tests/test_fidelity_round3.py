"""Issue 21, fidelity round 3: each boundary worked by hand from the sentence that decides it.

Wrong answers (a group combination that reaches its aid, T27's income band, F3 against F4, a tier
asked only where it matters), readings named and shown where they decide (for or against), and
what a reader is told (sources, Yuncheng's year, a payment that buys nothing, T8's year)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from yibao.calculators.coverage import coverage
from yibao.calculators.enrolment import eligibility
from yibao.calculators.flexible import employee_insurance_stop
from yibao.calculators.maternity import maternity
from yibao.calculators.premium import premium
from yibao.errors import InputError
from yibao.groups import Group, of_policy
from yibao.policy import load_policy
from yibao.policy.provenance import cited_sources
from yibao.settlement import Person, settle

r = pytest.mark.rules
XINING, LHASA, TIBET25, TIBET24, YUNCHENG = "xining-2025", "lhasa-2025", "xizang-2025", "xizang-2024", "yuncheng-2024"


# ---------------------------------------------------------------- 1. wrong answers

# Article 004: "低收入家庭中重度残疾人(含享受残疾人生活补贴的重度残疾人)……按当年个人缴费标准的50%给与资助":
# 400 − 400 × 50% = 200, however the person's groups are given.
@r("X7")
@pytest.mark.parametrize("groups", [
    ["severe_disability", "low_income_family"],
    ["severe_disability", "dibao_edge"],  # 低收入家庭成员(含低保边缘家庭成员)
    ["low_income_severe_disability"],
    ["一二级重度残疾人", "低保边缘家庭成员"],
])
def test_xining_severely_disabled_in_a_low_income_family_pays_half_of_400(groups):
    res = premium(XINING, groups=groups, age=40)
    assert res.individual == D("200.00") and res.aid == "x7_severe_disability"
    assert res.paid_by == {"individual": D("200.00"), "government_aid": D("200.00")}
    assert "没有缴费资助" not in res.explain()  # the note never denies an aid that applies


@r("X7")
def test_xining_severely_disabled_outside_a_low_income_family_pays_400_and_is_told_the_combination():
    res = premium(XINING, groups=["severe_disability"], age=40)
    assert res.individual == D("400.00") and res.aid is None
    text = res.explain()
    assert "没有缴费资助" not in text.replace("本身没有缴费资助", "")
    assert "同时是低收入家庭成员的" in text


@r("X7", "X5")
def test_the_combination_is_the_shared_group_reading_used_by_cover_and_settlement_too():
    pol = load_policy(XINING)
    have = of_policy(pol, {Group.severe_disability, Group.dibao_edge})
    assert {Group.low_income_family, Group.low_income_severe_disability, Group.assistance_recipient} <= have
    # one of the two alone is not the combination
    assert Group.low_income_severe_disability not in of_policy(pol, {Group.severe_disability})
    assert Group.low_income_severe_disability not in of_policy(pol, {Group.dibao_edge})


@r("L6", "X7")
def test_lhasa_low_income_severely_disabled_is_a_severely_disabled_person_paid_in_full():
    # L6: 一二级重度残疾人 "按最高档次由医疗救助资金给予全额资助": 400 paid by assistance, 0 left.
    res = premium(LHASA, groups=["low_income_severe_disability"])
    assert res.individual == D("0.00") and res.paid_by["medical_assistance"] == D("400.00")
    assert "severe_disability_grades" in res.assumptions


# L8 / T27: "收入高于防返贫监测标准(2024年为8000元)且低于防返贫监测标准1.5倍(2024年为12000元)": both
# ends out (高于/低于). Outside the band there is no aid, and no "至多".
@r("L8", "T27")
@pytest.mark.parametrize("policy", [LHASA, TIBET25])
@pytest.mark.parametrize("income", ["8000", "12000", "20000"])
def test_low_income_alleviated_outside_the_band_pays_the_tier_with_no_upper_bound(policy, income):
    res = premium(policy, tier="high", groups=["low_income_alleviated"], income=income)
    assert res.individual == D("400.00") and res.aid is None and res.aid_not_quantified is None
    assert "至多" not in res.headline() and "实际缴费会更少" not in res.explain()
    assert "l8_income_bounds" in res.assumptions  # the reading of the ends decided against the aid


@r("T27")
def test_tibet_low_income_alleviated_inside_the_band_is_at_most_the_tier():
    # 8000 < 10000 < 12000: the fixed aid applies, its amount is not given: at most 380 (2024 highest tier).
    res = premium(TIBET24, tier="high", groups=["low_income_alleviated"], income="10000")
    assert res.individual == D("380.00") and res.aid_not_quantified == "t27_fixed_aid"
    assert "至多" in res.headline() and "t27_income_band" in res.assumptions


@r("T27")
def test_tibet_low_income_alleviated_without_income_is_at_most_the_tier_and_told_the_band():
    # Without income the answer is 380 at most either way: the band is said, not asked for.
    res = premium(TIBET24, tier="high", groups=["low_income_alleviated"])
    assert res.individual == D("380.00") and res.aid_not_quantified == "t27_fixed_aid"
    assert any("8,000.00 元至12,000.00 元" in n for n in res.notes)


@r("L8")
def test_lhasa_low_income_alleviated_without_income_is_asked_for_it():
    # L8 gives the amount (160 inside the band, 400 outside): the answer depends on the income.
    with pytest.raises(InputError) as e:
        premium(LHASA, tier="high", groups=["low_income_alleviated"])
    assert e.value.field == "income"


# F3: "在领取失业保险金期间由失业保险基金代缴职工医保": insurance has not stopped, so F4's "停保后,个人账户
# 余额大于3000元的……可以实现家庭共享" does not limit sharing; T20 (relatives insured in the region) does.
@r("F3", "F4", "T20")
def test_while_the_unemployment_fund_pays_sharing_needs_no_3000_balance():
    res = employee_insurance_stop("2024-01-31", policy="lhasa-2024", receiving_unemployment_benefit=True,
                                  account_balance="1000")
    assert res.stops_on is None and res.account_sharing_allowed is True
    assert not any("3000" in i.label and "不大于" in i.label for i in res.items)
    assert any("T20" in i.rules for i in res.items)
    out = employee_insurance_stop("2024-01-31", policy="lhasa-2024", receiving_unemployment_benefit=True,
                                  account_balance="1000", relative_in_region=False)
    assert out.account_sharing_allowed is False


@r("F2", "F4")
@pytest.mark.parametrize("balance, allowed", [("3000", False), ("3000.01", True)])
def test_after_a_stop_sharing_needs_more_than_3000(balance, allowed):
    # "大于3000元": 3000 exactly is not more than 3000. Stop: employment ended 2024-01-31, stops 2024-02-01.
    res = employee_insurance_stop("2024-01-31", policy="lhasa-2024", account_balance=balance)
    assert res.stops_on == date(2024, 2, 1) and res.account_sharing_allowed is allowed


@r("T17")
def test_region_waiting_period_needs_no_tier():
    # Paid 2025-05-06, outside the concentrated period, 2 years of break, 1 paid back: fixed 3 months,
    # variable 2 − 1 = 1 month: 4 months from the payment date, 2025-09-06. The tier changes only what
    # paying back costs: 1 year × 400 (high) or × 220 (low).
    res = coverage(TIBET25, paid_on="2025-05-06", gap_years=2, backpaid_years=1)
    assert (res.fixed_waiting_months, res.variable_waiting_months) == (3, 1)
    assert res.start == date(2025, 9, 6) and res.backpay_cost == D("0")
    assert any("高档400.00 元、低档220.00 元" in n for n in res.notes)
    chosen = coverage(TIBET25, paid_on="2025-05-06", gap_years=2, backpaid_years=1, tier="low")
    assert chosen.start == date(2025, 9, 6) and chosen.backpay_cost == D("220")


@r("T4", "T6")
def test_settlement_asks_for_the_tier_only_where_a_bill_depends_on_it():
    # T4: general outpatient, deductible 50 a year, 60%, at most 300: (300 − 50) × 60% = 150 at either tier.
    year = settle(Person(LHASA), [{"date": "2025-03-01", "kind": "general_outpatient", "cost": "300"}])
    assert year.basic == D("150.00") and year.out_of_pocket == D("150.00")
    assert "未选择" in year.explain()
    with pytest.raises(InputError) as e:  # T6/T7: the admission's rate is the tier's
        settle(Person(LHASA), [{"date": "2025-03-01", "kind": "inpatient", "cost": "1000", "level": 3}])
    assert e.value.field == "tier"


# ---------------------------------------------------------------- 2. readings named where they decide

@r("L5")
def test_lhasa_l5_age_reference_is_shown_where_it_decides_against_the_aid():
    # Born 1965-06-01: 59 on 2025-01-01 (the reading), 60 during 2025 ("当年满60周岁"): pays the low tier 220.
    res = premium(LHASA, tier="low", sex="female", birth_date="1965-06-01")
    assert res.individual == D("220.00") and res.aid is None
    assert "age_reference" in res.assumptions and any("满60周岁" in n for n in res.notes)
    # Born 1964-12-31: 60 on 2025-01-01: finance pays the highest tier, 0 left.
    assert premium(LHASA, tier="low", sex="female", birth_date="1964-12-31").individual == D("0.00")
    # Born 1975-06-01: 49 or 50, either reading: no word of it.
    assert "age_reference" not in premium(LHASA, tier="low", sex="female", birth_date="1975-06-01").assumptions


@r("X5", "T24")
def test_xining_newborn_reading_is_shown_for_and_against():
    # Born 2024-06-01, paid 2025-05-01: 11 months, a newborn: cover from the payment date.
    young = coverage(XINING, paid_on="2025-05-01", groups=["newborn"], birth_date="2024-06-01")
    assert young.basis == "newborn" and young.start == date(2025, 5, 1)
    assert "xining_newborn_age" in young.assumptions
    # Born 2024-03-01, paid 2025-05-01: over one, the X4 table: 60 days after payment, 2025-06-30.
    grown = coverage(XINING, paid_on="2025-05-01", groups=["newborn"], birth_date="2024-03-01")
    assert grown.basis == "x4_q2" and grown.start == date(2025, 6, 30)
    assert "xining_newborn_age" in grown.assumptions


@r("X4", "X6", "X7")
def test_xining_full_aid_pays_the_fiscal_share_after_1_july_half_aid_does_not():
    # X6 full aid: 400 + 670 (the fiscal share a late payer owes) paid by the aid, 0 left.
    full = premium(XINING, groups=["hiv_child"], age=8, paid_on="2025-08-01")
    assert full.individual == D("0.00") and full.paid_by["government_aid"] == D("1070.00")
    assert "xining_aid_late_fiscal_share" in full.assumptions
    # X7 half aid "按当年个人缴费标准的50%": 400 − 200 = 200, plus the 670 share: 870.
    half = premium(XINING, groups=["priority_care"], age=40, paid_on="2025-08-01")
    assert half.individual == D("870.00") and half.paid_by["government_aid"] == D("200.00")
    assert "xining_aid_late_fiscal_share" in half.assumptions
    # Paid 2025-06-30: no fiscal share owed, the reading decides nothing.
    early = premium(XINING, groups=["hiv_child"], age=8, paid_on="2025-06-30")
    assert early.individual == D("0.00") and "xining_aid_late_fiscal_share" not in early.assumptions


@r("Y2")
def test_yuncheng_dibao_edge_as_low_income_family():
    # Y2: 低收入家庭60周岁以上老人 pay 190 (of 380); 低保边缘 read as a 低收入家庭.
    old = premium(YUNCHENG, groups=["dibao_edge"], age=65)
    assert old.individual == D("190.00") and "yuncheng_dibao_edge_low_income" in old.assumptions
    assert premium(YUNCHENG, groups=["dibao_edge"], age=40).individual == D("380.00")


@r("T17", "F6")
def test_special_groups_reading_is_shown_where_it_decides():
    # xizang-2025 has no local list: a 医疗救助对象 paying 2025-05-06 waits the fixed 3 months: 2025-08-06.
    region = coverage(TIBET25, paid_on="2025-05-06", groups=["assistance_recipient"])
    assert region.start == date(2025, 8, 6) and "special_groups_exempt" in region.assumptions
    # Lhasa's F6 lists them: cover from the month after payment, 2025-06-01, no wait.
    city = coverage(LHASA, paid_on="2025-05-06", groups=["assistance_recipient"])
    assert city.start == date(2025, 6, 1) and city.fixed_waiting_months == 0
    assert "special_groups_exempt" in city.assumptions
    assert "special_groups_exempt" not in coverage(TIBET25, paid_on="2025-05-06").assumptions


@r("F1", "X1")
def test_eligibility_of_an_employee_insured_person_cites_its_clause():
    lhasa = eligibility(LHASA, category="hukou", employee_insured=True)
    assert lhasa.may_enrol is False
    refusal = next(i for i in lhasa.items if i.label.startswith("已参加职工医保"))
    assert refusal.rules == ("F1",) and "灵活就业人员可以选择参加职工医保或城乡居民医保" in refusal.quote
    assert "lhasa_employee_insured" in lhasa.assumptions
    xining = eligibility(XINING, employee_insured=True)
    assert next(i for i in xining.items if i.label.startswith("已参加职工医保")).quote == "参保对象 未参加职工医疗保险的城乡居民"


# ---------------------------------------------------------------- 3. what a reader is told

@r("C2")
def test_a_policys_sources_are_the_articles_its_values_cite():
    assert cited_sources(load_policy(YUNCHENG)) == {"yuncheng-2024"}
    assert cited_sources(load_policy("lhasa-2024")) == {"lhasa-flexible", "xizang-press-2024"}
    for pid in (TIBET24, TIBET25, "lhasa-2024", LHASA):
        assert "yuncheng-2024" not in cited_sources(load_policy(pid))


@r("Y6")
def test_yuncheng_year_shows_the_used_part_of_the_300_cap_and_no_lines_it_does_not_have():
    # 100 at a primary institution, 甲类 60% = 60, capped at 50 a visit; 80 at a county one, 乙类 45% = 36.
    # 50 + 36 = 86 of the 300 cap, 214 left.
    year = settle(Person(YUNCHENG), [
        {"date": "2024-03-01", "kind": "pooled_outpatient", "cost": "100", "facility": "primary", "drug_class": "jia"},
        {"date": "2024-03-05", "kind": "pooled_outpatient", "cost": "80", "facility": "county_level2",
         "drug_class": "yi"},
    ])
    assert year.basic == D("86.00")
    text = year.explain()
    assert "门诊统筹已支付86.00 元(年度最高支付限额300.00 元,尚余214.00 元)" in text
    assert "起付线已付" not in text and "大病保险累计" not in text and "大病保险0.00元" not in text


@r("L1", "T17")
def test_a_premium_that_buys_no_cover_in_the_year_warns():
    # Paid 2025-10-01 after the period: cover from payment + 3 months = 2026-01-01, after 2025-12-31.
    late = premium(LHASA, tier="high", paid_on="2025-10-01")
    assert late.individual == D("400.00") and any("买不到" in n for n in late.notes)
    # Paid 2025-09-30: 2025-12-30, one day of cover in the year: no warning.
    assert not any("买不到" in n for n in premium(LHASA, tier="high", paid_on="2025-09-30").notes)


@r("T10", "T11")
def test_relapse_poverty_is_named_one_way_in_one_result():
    # Level 3, high tier, 100000: self-paid 400 + 99600 × 15% = 15340 > the halved deductible 2500.
    year = settle(Person(TIBET24, tier="high", groups=["relapse_poverty"]),
                  [{"date": "2024-06-01", "kind": "inpatient", "cost": "100000", "level": 3}])
    assert year.catastrophic > 0
    text = year.explain()
    assert "未纳入困难身份" not in text and "不在医疗救助对象之列" in text


@r("T12")
def test_a_rate_aid_line_says_how_its_number_follows():
    # 2025: 400 × 90% = 360 aided, 40 left; the clause's own 380/38 are 2024's and are not quoted beside 360.
    res = premium(TIBET25, groups=["sudden_hardship"])
    assert res.individual == D("40.00")
    line = next(i for i in res.items if i.label.startswith("资助:"))
    assert line.amount == D("360.00") and "400.00 元 × 90%" in line.label and "38" not in (line.quote or "")


@r("F8", "T22")
def test_maternity_for_a_flexible_worker_cites_f8():
    flex = maternity("lhasa-2024", delivery="normal", flexible_worker=True)
    assert flex.allowance_days == 0 and flex.lump_sum == D("0") and flex.no_maternity_insurance
    assert any("F8" in i.rules for i in flex.items)
    employee = maternity("lhasa-2024", delivery="normal")
    assert employee.allowance_days == 120 and any("F8" in n for n in employee.notes)
    # xizang-2024 states nothing of flexible workers: the employee's 120 days, and the result says so.
    region = maternity("xizang-2024", delivery="normal", flexible_worker=True)
    assert region.allowance_days == 120 and any("没有写灵活就业人员" in n for n in region.notes)


@r("T7", "T8")
def test_t8_one_more_admission_can_lower_the_year_and_the_explanation_says_so():
    # Alone: level 3, high tier: 400 + (10000 − 400) × 15% = 1840.
    alone = settle(Person(LHASA, tier="high"), [{"date": "2025-06-01", "kind": "inpatient", "cost": "10000",
                                                 "level": 3}])
    assert alone.out_of_pocket == D("1840.00")
    # A 100 stay before it: 100 (all deductible); the later one is the 2nd admission, deductible
    # 400 × 70% = 280: 280 + 9720 × 15% = 1738; 100 + 1738 = 1838 < 1840.
    both = settle(Person(LHASA, tier="high"), [
        {"date": "2025-03-01", "kind": "inpatient", "cost": "100", "level": 3},
        {"date": "2025-06-01", "kind": "inpatient", "cost": "10000", "level": 3}])
    assert both.out_of_pocket == D("1838.00")
    assert any("全年个人负担反而减少" in n for n in both.claims[1].notes)
    # A 400 stay before it: 400 + 1738 = 2138 > 1840: the year rose, nothing to say.
    rose = settle(Person(LHASA, tier="high"), [
        {"date": "2025-03-01", "kind": "inpatient", "cost": "400", "level": 3},
        {"date": "2025-06-01", "kind": "inpatient", "cost": "10000", "level": 3}])
    assert rose.out_of_pocket == D("2138.00") and not rose.claims[1].notes
