# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 西宁市 2025 年度居民医保参保缴费
#
# 依据:西宁市城中区医保局微信公众号发布的《西宁市2025年度居民基本医疗保险参保缴费相关事宜告知》
# (文章 004,政策数据 `policies/xining-2025.yaml`;国家 2025 年的等待期规定在 `national-2025.yaml`)。
#
# 告知书不长,但它的缴费时段表最值得画出来:同样缴 400 元,什么时候缴,决定了从哪天开始能报销(X3、X4)。
# 另外还有:谁参保、不重复参保(X1、X9),缴费标准(X2),不受缴费期限制的人(X5),全额资助和 50% 资助(X6、X7),
# 十种线上、两种线下缴费渠道(X8)。

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# 准备:中文表格对齐、图用 PNG、注册中文字体(字体从包里注册,不依赖 matplotlib 的字体缓存)
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
from datetime import date, timedelta
from decimal import Decimal as D

import matplotlib.pyplot as plt

from yibao.skins import display, plots, tables
from yibao.calculators.coverage import coverage
from yibao.calculators.enrolment import eligibility
from yibao.calculators.premium import household_premium, premium
from yibao.format import day

POLICY = "xining-2025"
tables.set_display()
font = plots.use_chinese_font()

# %% [markdown]
# ## 谁参保,不要重复参保(X1、X9)
#
# 参保对象是没有参加职工医保的城乡居民。已经连续参加职工医保,或者已在外地参加居民医保并缴费的,不用重复参保。

# %%
tables.values_table(POLICY, ["X1", "X9"])

# %%
who = {"城乡居民": eligibility(POLICY), "已参加职工医保": eligibility(POLICY, employee_insured=True),
       "已在外地参加居民医保": eligibility(POLICY, enrolled_elsewhere=True)}
display.say(*(f"{k}:{r.headline()}" for k, r in who.items()))

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.may_enrol for r in who.values()] == [True, False, False]

# %% [markdown]
# ## 缴费标准(X2)
#
# 个人缴费执行国家统一标准,每人 400 元。

# %%
tables.values_table(POLICY, ["X2"])

# %%
standard = premium(POLICY)
tables.steps_table(standard)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert standard.individual == D("400")

# %% [markdown]
# 告知书最后提醒:居民医保按人缴费,要核实家里每个人都缴了。一家四口(其中孩子 10 岁、奶奶 66 岁都没有资助身份)
# 要缴 4 × 400 = 1,600 元:

# %%
tables.facts_table(POLICY, ["X9"])

# %%
family = household_premium(POLICY, [{}, {}, {"birth_date": "2014-09-01"}, {"birth_date": "1958-05-01"}])
tables.household_table({POLICY: family}, ["父亲", "母亲", "孩子", "奶奶"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert family.total_individual == D("1600")

# %% [markdown]
# ## 集中缴费期与待遇开始日(X3、X4)
#
# 集中缴费期是 2024 年 9 月 1 日至 2025 年 3 月 31 日。什么时候缴,决定什么时候开始享受待遇:
#
# | 缴费日期 | 缴什么 | 何时享受 |
# | --- | --- | --- |
# | 2024年9月1日至12月31日 | 个人缴费 | 2025 年 1 月 1 日起 |
# | 2025年1月1日至3月31日 | 个人缴费 | 自缴费之日起 |
# | 2025年4月1日至6月30日 | 个人缴费 | 自缴费之日起 60 天后 |
# | 2025年7月1日以后 | 个人缴费 + 财政补助 | 自缴费之日起 60 天后 |
#
# (上表是告知书原文的转述;下面的规则表才是政策数据本身。)

# %%
tables.values_table(POLICY, ["X3", "X4"])

# %%
windows = {
    "2024年10月1日缴费": coverage(POLICY, paid_on="2024-10-01"),
    "2025年2月15日缴费": coverage(POLICY, paid_on="2025-02-15"),
    "2025年4月1日缴费": coverage(POLICY, paid_on="2025-04-01"),
    "2025年7月1日缴费": coverage(POLICY, paid_on="2025-07-01"),
    "2025年11月15日缴费": coverage(POLICY, paid_on="2025-11-15"),
}
tables.coverage_table(windows)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert windows["2024年10月1日缴费"].start == date(2025, 1, 1)
assert windows["2025年2月15日缴费"].start == date(2025, 2, 15)       # 集中期内:自缴费之日起
assert windows["2025年4月1日缴费"].start == date(2025, 5, 31)       # 4 月 1 日 + 60 天
assert windows["2025年7月1日缴费"].start == date(2025, 8, 30)       # 7 月 1 日 + 60 天
assert windows["2025年11月15日缴费"].start == date(2026, 1, 14)       # 60 天后已过年底
assert not windows["2025年11月15日缴费"].covered_this_year
assert all(r.waiting_months == 0 for r in windows.values())        # 60 天代替了国家 3 个月固定等待期

# %% [markdown]
# 整个缴费期里每一天缴费,对应的待遇开始日。图里的台阶就是四个时段:年底前缴费都从 1 月 1 日起;
# 1–3 月缴费当天起;4 月以后向后推 60 天。

# %%
paydays = [date(2024, 9, 1) + timedelta(days=i) for i in range(0, (date(2025, 12, 31) - date(2024, 9, 1)).days + 1)]
by_day = {d: coverage(POLICY, paid_on=d) for d in paydays}
last_useful = max(d for d in paydays if by_day[d].covered_this_year)
display.say(f"最晚 {day(last_useful)} 缴费,当年还能享受到待遇;此后缴费,2025 年度已享受不到待遇。")

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert {by_day[d].start for d in paydays if d <= date(2024, 12, 31)} == {date(2025, 1, 1)}
assert all(by_day[d].start == d for d in paydays if date(2025, 1, 1) <= d <= date(2025, 3, 31))
assert all(by_day[d].start == d + timedelta(days=60) for d in paydays if d >= date(2025, 4, 1))
assert last_useful == date(2025, 11, 1)           # 此后缴费,2025 年度已享受不到待遇

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的 assert 已核对每一个缴费日的结果。
display.figure(plots.cover_calendar(by_day, title="西宁 2025 年度:缴费日期与待遇开始日期(X4)"))

# %% [markdown]
# “自缴费之日起 60 天后”从哪天算,告知书没有说;我们取缴费日加 60 天那天起享受(假设““自缴费之日起60天后”从哪天开始享受”)。
# 对连续参保的人,这 60 天代替国家的 3 个月固定等待期。断过保的人,告知书没有说;我们读作:不论在哪个时段缴费,
# 都按国家规定有 3 个月固定等待期(4 月 1 日起缴费的自缴费之日起算,已包含 60 天),再加变动等待期——这样
# 3 月 31 日缴费的断保人员不会比 4 月 1 日缴费的晚开始享受待遇(假设“西宁的60天是否代替国家3个月固定等待期”)。

# %%
tables.result_assumptions(windows["2025年4月1日缴费"])

# %%
broken = coverage(POLICY, paid_on="2025-05-10", gap_years=2)
after_break = {d: coverage(POLICY, paid_on=d, gap_years=1) for d in ("2025-03-31", "2025-04-01")}
windows["2025年5月10日缴费,断保2年"] = broken
tables.coverage_table({"2025年5月10日缴费,断保2年": broken, **{f"{day(date.fromisoformat(d))}缴费,断保1年": r for d, r in after_break.items()}})

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (broken.fixed_waiting_months, broken.variable_waiting_months, broken.start) == (3, 2, date(2025, 10, 10))  # 5 月 10 日 + 3 + 2 个月
assert [r.start for r in after_break.values()] == [date(2025, 7, 31), date(2025, 8, 1)]   # 晚一天缴费,晚一天开始

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的 assert 已核对每个日期。
display.figure(plots.cover_timeline(windows, title="西宁 2025 年度:缴费日与待遇期"))

# %% [markdown]
# 7 月 1 日以后缴费,除了 400 元个人缴费,还要缴“财政补助”部分。告知书没写金额,我们取 2025 待遇年度的国家
# 人均财政补助最低标准 670 元(2024 年国家通知,外部文件,未对照原文;假设“2025年7月1日以后缴费须另缴的“财政补助”是多少”、
# “国家筹资通知的年份与待遇年度”),即一共 1,070 元。

# %%
late = premium(POLICY, paid_on="2025-07-01")
tables.steps_table(late)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (late.individual, late.late_fiscal_share) == (D("1070"), D("670"))

# %%
tables.result_assumptions(late)

# %% [markdown]
# ## 不受缴费期限制的人(X5)
#
# 职工医保中断缴费 3 个月内参加居民医保的人、新生儿、医疗救助对象、脱贫人口等特殊群体,不受缴费期限制:
# 我们读作自缴费之日起享受,没有 60 天,也不承担 7 月以后的财政补助部分(假设“不受缴费期限制的特殊群体何时开始享受待遇”)。
# 告知书没有说“医疗救助对象”是谁:我们按西藏发布会的列举(特困、低保、孤儿、重度残疾人、防返贫监测对象、低保边缘,
# 假设“西宁的“医疗救助对象”包括哪些人”);脱贫不稳定人口、低收入脱贫人口按名称是脱贫人口(“西宁的“脱贫人口”是否包括脱贫不稳定人口和低收入脱贫人口”)。

# %%
tables.values_table(POLICY, ["X5"])

# %%
special = {
    "医疗救助对象": coverage(POLICY, paid_on="2025-08-01", groups=["assistance_recipient"]),
    "低保对象(医疗救助对象)": coverage(POLICY, paid_on="2025-08-01", groups=["dibao"]),
    "脱贫人口": coverage(POLICY, paid_on="2025-08-01", groups=["poverty_alleviated"]),
    "新生儿(7月20日出生)": coverage(POLICY, paid_on="2025-08-01", groups=["newborn"], birth_date="2025-07-20"),
    "6月1日职工医保中断": coverage(POLICY, paid_on="2025-08-10", employee_insurance_ended_on="2025-06-01"),
    "4月1日职工医保中断(超过3个月)": coverage(POLICY, paid_on="2025-08-10", employee_insurance_ended_on="2025-04-01"),
}
tables.coverage_table(special)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.start for r in special.values()] == [date(2025, 8, 1), date(2025, 8, 1), date(2025, 8, 1), date(2025, 8, 1),
                                               date(2025, 8, 10), date(2025, 10, 9)]
assert premium(POLICY, paid_on="2025-08-01", groups=["poverty_alleviated"]).individual == D("400")   # 不加 670 元
assert premium(POLICY, paid_on="2025-08-01", groups=["dibao"]).individual == D("200")   # 400 × 50%,不加 670 元

# %%
tables.result_assumptions(special["医疗救助对象"])

# %% [markdown]
# ## 全额资助(X6)
#
# 城乡特困供养对象、孤儿、事实无人抚养儿童、艾滋病病毒感染儿童,个人不缴费。告知书没写资金来源,记为“政府资助”。

# %%
tables.values_table(POLICY, ["X6"])

# %%
full = {"特困供养对象": premium(POLICY, groups=["tekun"]), "孤儿": premium(POLICY, groups=["orphan"]),
        "艾滋病病毒感染儿童": premium(POLICY, groups=["hiv_child"])}
tables.premium_table(full)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert all(r.individual == D("0") and r.paid_by["government_aid"] == D("400") for r in full.values())

# %% [markdown]
# ## 50% 资助(X7)
#
# 城乡低保对象;低收入家庭中的重度残疾人;低收入家庭成员(含低保边缘家庭成员)中 60 周岁及以上的老人和 18 周岁及以下的
# 未成年人;重点优抚对象——按当年个人缴费标准的 50% 资助,个人缴 200 元。年龄按 2025 年 1 月 1 日计,
# “18 周岁及以下”含 18 周岁(假设““18周岁及以下未成年人”是否包括18周岁”)。

# %%
tables.values_table(POLICY, ["X7"])

# %%
half = {
    "低保对象": premium(POLICY, groups=["dibao"]),
    "低收入家庭重度残疾人": premium(POLICY, groups=["low_income_severe_disability"]),
    "低保边缘家庭老人(满60)": premium(POLICY, groups=["dibao_edge"], birth_date="1965-01-01"),
    "低收入家庭孩子(满18)": premium(POLICY, groups=["low_income_family"], birth_date="2006-01-02"),
    "低收入家庭成员(满19)": premium(POLICY, groups=["low_income_family"], birth_date="2006-01-01"),
    "重点优抚对象": premium(POLICY, groups=["priority_care"]),
}
tables.premium_table(half)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.individual for r in half.values()] == [D("200"), D("200"), D("200"), D("200"), D("400"), D("200")]

# %%
tables.assumptions_table(POLICY, ids=dict.fromkeys(a for r in half.values() for a in r.assumptions))

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的表和 assert 才是核对。
display.figure(plots.premium_by_group({"普通居民": standard, **full, **half, "7月1日后缴费": late},
                       title="西宁 2025 年度:个人缴费与资助"))

# %% [markdown]
# ## 缴费渠道(X8)
#
# 十种线上渠道、两种线下渠道;还可以用青海医保 App 的家庭共济账户,为配偶、父母、子女缴居民医保费。

# %%
tables.texts_table(POLICY, ["X8"])

# %% [markdown]
# ## 自己算一算
#
# 三个计算器:个人缴费(选人群、出生日期、缴费日期)、待遇享受时间(选缴费日期、断保年数)和能不能参保(X1、X9)。

# %%
# 例子:低保对象(X7)。
from yibao.skins.widgets import coverage_calculator, enrolment_calculator, premium_calculator

premium_calc = premium_calculator(POLICY).set(groups=("dibao",))
display.calculator(premium_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert "200.00" in premium_calc.output.value, premium_calc.error
other = premium_calculator(POLICY).set(paid_on="2025-07-01")    # 另一个计算器,上面的保持例子
assert "1,070.00" in other.output.value, other.error

# %%
# 例子:2025 年 4 月 1 日缴费:向后推 60 天,2025 年 5 月 31 日起享受待遇。
coverage_calc = coverage_calculator(POLICY).set(paid_on="2025-04-01")
display.calculator(coverage_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert coverage_calc.result.start == date(2025, 5, 31) and "2025年5月31日" in coverage_calc.output.value, coverage_calc.error
other = coverage_calculator(POLICY).set(paid_on="2025-05-10", gap_years=2)
assert other.result.start == date(2025, 10, 10) and "2025年10月10日" in other.output.value, other.error

# %%
# 例子:已参加职工医保的人不参加居民医保(X1、X9)。
enrol = enrolment_calculator(POLICY).set(employee_insured=True)
display.calculator(enrol)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert enrol.result.may_enrol is False and "不能" in enrol.output.value, enrol.error
other = enrolment_calculator(POLICY).set(enrolled_elsewhere=True)   # X9:已在异地参保缴费,不用重复参保
assert other.result.may_enrol is False, other.error
other.set(enrolled_elsewhere=False)
assert other.result.may_enrol is True, other.error
