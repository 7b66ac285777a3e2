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
# # 新就业形态下的医保怎么缴(拉萨灵活就业人员)
#
# 依据:拉萨市医疗保障局专业人士接受记者赵越专访的《新就业形态下 你的医保怎么缴》及同版“新闻+”
# 《@参保人,这些情况医保不报销》(文章 002,政策数据 `policies/lhasa-2024.yaml`)。
#
# 外卖骑手、网络主播、自由职业者……没有固定单位的人,可以选职工医保,也可以选居民医保(F1)。文章还讲了离职后
# 什么时候停保、个人账户怎么用(F2–F4),拉萨 2024 年居民医保的两个档次(F5),哪些人不受集中参保期限制(F6),
# 灵活就业人员缴多少(F7:每月 971.19 元怎么来),待遇和生育(F8),以及医保不报销的六种情况(F9)。
# 同版的拍卖公告、商场招商广告与医保无关,不在这里。

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# 准备:中文表格对齐、图用 PNG、注册中文字体(字体从包里注册,不依赖 matplotlib 的字体缓存)
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
from datetime import date
from decimal import Decimal as D

import matplotlib.pyplot as plt

from yibao.skins import display, plots, tables
from yibao.calculators.coverage import coverage
from yibao.errors import NotCovered
from yibao.calculators.flexible import employee_insurance_stop, flexible_premium
from yibao.policy import load_policy
from yibao.calculators.premium import premium
from yibao.format import yuan
from yibao.settlement import Person, settle

POLICY = "lhasa-2024"
tables.set_display()
font = plots.use_chinese_font()

# %% [markdown]
# ## 职工医保还是居民医保(F1、F8)
#
# 和单位签了劳动合同的,随单位参加职工医保;灵活就业人员可以自己选职工医保或居民医保。以灵活就业身份参加职工医保的,
# 待遇和在职职工一样(住院、门诊报销比例、缴费年限都没有差别),但不参加生育保险,生育医疗费用由医疗保险报销。

# %%
tables.values_table(POLICY, ["F1", "F8"])

# %% [markdown]
# ## 灵活就业人员的职工医保缴费(F7)
#
# 缴费标准是上年度全区社平工资的 9%。文章的例子:上年度全区社平工资每月 10,791 元,每月缴 10791 × 9% = **971.19 元**。
# 对照同一年居民医保一年 200 元或 380 元(F5)。

# %%
tables.values_table(POLICY, ["F7"])

# %%
tables.facts_table(POLICY, ["F7"])

# %%
flex = flexible_premium("10791", policy=POLICY)
tables.steps_table(flex)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert flex.monthly == D("971.19")
assert flex.monthly == load_policy(POLICY).facts["flexible_example_monthly_premium"].value   # 与文章的例子一致
assert flex.annual == D("11654.28")                          # 971.19 × 12
assert flex.resident_tiers == {"low": D("200"), "high": D("380")}

# %% [markdown]
# 社平工资不同,月缴费跟着按 9% 变化(金额四舍五入到分):

# %%
wages = ["8000", "9500", "10791", "12000"]
monthly = {w: flexible_premium(w, policy=POLICY).monthly for w in wages}
display.table([{"上年度全区社平工资(每月)": yuan(D(w)), "灵活就业人员职工医保每月缴费": yuan(m)} for w, m in monthly.items()],
              ["上年度全区社平工资(每月)", "灵活就业人员职工医保每月缴费"],
              numeric=["上年度全区社平工资(每月)", "灵活就业人员职工医保每月缴费"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert monthly["9500"] == D("855.00") and monthly["12000"] == D("1080.00")

# %% [markdown]
# ## 离职后的停保与个人账户(F2、F3、F4)
#
# 职工医保从解除劳动关系的**次月**起停保;停保后医药费不能报销,个人账户余额仍可以买药。领取失业保险金期间,
# 由失业保险基金代缴职工医保,不停保。停保后个人账户余额**大于** 3,000 元的,可以给绑定的、区内参保状态正常的亲属共享。

# %%
tables.values_table(POLICY, ["F2", "F3", "F4"])

# %%
stop = employee_insurance_stop("2024-06-15", policy=POLICY)
unemployed = employee_insurance_stop("2024-06-15", receiving_unemployment_benefit=True, policy=POLICY)
balances = {b: employee_insurance_stop("2024-06-15", account_balance=b, policy=POLICY).account_sharing_allowed
            for b in ("3000", "3000.01")}
abnormal = employee_insurance_stop("2024-06-15", account_balance="5000", relative_status_normal=False, policy=POLICY)
display.say(*(r.headline() for r in (stop, unemployed, abnormal)))

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert stop.stops_on == date(2024, 7, 1)
assert unemployed.premium_paid_by == "unemployment_fund" and unemployed.stops_on is None
assert balances == {"3000": False, "3000.01": True}            # “大于3000元”:恰好 3000 元不可以
assert abnormal.account_sharing_allowed is False

# %% [markdown]
# ## 拉萨 2024 年居民医保的两个档次(F5)

# %%
tables.values_table(POLICY, ["F5"])

# %%
tiers = {"低档": premium(POLICY, tier="low"), "高档": premium(POLICY, tier="high")}
tables.premium_table(tiers)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (tiers["低档"].individual, tiers["高档"].individual) == (D("200"), D("380"))

# %% [markdown]
# ## 不受集中参保期限制的人(F6)
#
# 医疗救助对象;父母一方或双方参加拉萨医保的一周岁以内婴儿(未落户的凭出生医学证明参保);因就业状态变化中断缴费
# 不超过 3 个月、需要参加居民医保的人——随时可以参保缴费。文章没有说待遇从哪天开始:我们按拉萨对零星参保的做法,
# 自足额缴费次月起享受;婴儿按自治区的新生儿政策,自出生之日起享受当年度待遇(假设“不受集中参保期限制的人员何时开始享受待遇”)。
# 医疗救助对象是谁,按西藏发布会的列举:特困、低保、孤儿、重度残疾人、防返贫监测对象、低保边缘(假设
# “西藏的“医疗救助对象”包括哪些人”)。这些是拉萨每年都适用的规定,记在 `_lhasa.yaml`,2025 年度(`lhasa-2025`)同样适用,
# 2025 年起也不设国家等待期(假设“随时可以参保缴费的人员是否有国家等待期”)。

# %%
tables.values_table(POLICY, ["F6"])

# %%
anytime = {
    "医疗救助对象,5月10日缴费": coverage(POLICY, paid_on="2024-05-10", groups=["assistance_recipient"]),
    "婴儿4月20日出生,5月10日缴费": coverage(POLICY, paid_on="2024-05-10", groups=["newborn"], birth_date="2024-04-20"),
    "6月15日离职,8月10日缴费": coverage(POLICY, paid_on="2024-08-10", employee_insurance_ended_on="2024-06-15"),
    "低保对象(医疗救助对象),5月10日缴费": coverage(POLICY, paid_on="2024-05-10", groups=["dibao"]),
    "2025年度:4月30日离职,6月10日缴费": coverage("lhasa-2025", paid_on="2025-06-10",
                                           employee_insurance_ended_on="2025-04-30"),
}
tables.coverage_table(anytime)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.start for r in anytime.values()] == [date(2024, 6, 1), date(2024, 4, 20), date(2024, 9, 1), date(2024, 6, 1),
                                               date(2025, 7, 1)]
assert [r.end.year for r in anytime.values()] == [2024, 2024, 2024, 2024, 2025]
assert all(r.waiting_months == 0 for r in anytime.values())

# %%
tables.result_assumptions(anytime["医疗救助对象,5月10日缴费"])

# %% [markdown]
# 其他人在集中期外缴费,这份政策数据不给结果(2024 年度的集中期文章没写,见假设“拉萨2024年度的待遇享受期”):

# %%
try:
    coverage(POLICY, paid_on="2024-05-10")
    raise AssertionError("expected NotCovered")
except NotCovered as e:
    assert e.field == "paid_on"
tables.assumptions_table(POLICY, ids=["lhasa_2024_benefit_year"])

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的 assert 已核对每个日期。
display.figure(plots.cover_timeline(anytime, title="拉萨 2024 年度:随时参保的人何时开始享受待遇"))

# %% [markdown]
# ## 医保不报销的情况(F9)
#
# 工伤、第三方责任、医保目录外(整形、美容、减肥等)、公共卫生服务(一类疫苗等)、境外就医(港澳台也算境外)、
# 非定点医疗机构就医(急诊除外)——这些费用医保一分不报。西藏实行自治区级统筹,这张清单在全区适用。

# %%
tables.values_table(POLICY, ["F9"])

# %% [markdown]
# 同一个人一年里的几笔住院:被排除的费用各层都付 0;目录外的 3,000 元由个人负担;非定点医院急诊照常报销。

# %%
claims = [{"date": "2024-03-01", "kind": "inpatient", "level": 3, "cost": "10000", "excluded": why, "label": label}
          for why, label in (("work_injury", "工伤"), ("third_party", "第三方责任"), ("abroad", "香港就医"))]
claims += [
    {"date": "2024-04-01", "kind": "inpatient", "level": 3, "cost": "10000", "outside_catalogue": "3000", "label": "含目录外费用"},
    {"date": "2024-05-01", "kind": "inpatient", "level": 2, "cost": "5000", "designated": False, "label": "非定点"},
    {"date": "2024-06-01", "kind": "inpatient", "level": 2, "cost": "5000", "designated": False, "emergency": True,
     "label": "非定点,急诊"},
]
year = settle(Person(POLICY, tier="high"), claims)
tables.settlement_table(year)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [c.basic for c in year.claims] == [D("0"), D("0"), D("0"), D("8160.00"), D("0"), D("4374.00")]
assert year.claims[3].out_of_pocket == D("4840.00")     # 1840 + 目录外 3000
assert year.basic + year.catastrophic + year.assistance + year.out_of_pocket == year.total_cost

# %%
display.say(*(f"{c.describe()}:{c.reason}" for c in year.claims if c.reason))

# %% [markdown]
# ## 自己算一算
#
# 输入上年度全区社平工资(每月),看灵活就业人员参加职工医保每月、每年缴多少,并对照居民医保的两个档次;
# 离职后职工医保何时停保、个人账户能否共享(F2–F4);哪些费用医保不报(F9)。

# %%
# 例子:文章的例子,上年度全区社平工资每月 10,791 元:每月缴 971.19 元。
from yibao.skins.widgets import flexible_calculator, hospital_calculator, stop_calculator

flex_calc = flexible_calculator(POLICY).set(average_wage="10791")
display.calculator(flex_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert "971.19" in flex_calc.output.value and "11,654.28" in flex_calc.output.value, flex_calc.error
other = flexible_calculator(POLICY).set(average_wage="12000")     # 另一个计算器,上面的保持例子
assert "1,080.00" in other.output.value, other.error

# %%
# 例子:2024 年 6 月 15 日解除劳动关系,个人账户余额 3,500 元:7 月 1 日起停保,余额可以共享给亲属。
stop_calc = stop_calculator(POLICY).set(employment_ended_on="2024-06-15", account_balance="3500")
display.calculator(stop_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert "2024年7月1日" in stop_calc.output.value and stop_calc.result.account_sharing_allowed, stop_calc.error
assert stop_calc.result.stops_on == date(2024, 7, 1)
other = stop_calculator(POLICY).set(employment_ended_on="2024-06-15", account_balance="3000")   # 不大于 3000 元:不能共享
assert other.result.account_sharing_allowed is False, other.error
other.set(receiving_unemployment_benefit=True)     # 失业保险基金代缴,不停保
assert other.result.stops_on is None and other.result.premium_paid_by == "unemployment_fund"

# %%
# 例子:三级医院住院 1 万元,属于第三方责任:医保不报,全部由个人负担。
refused = hospital_calculator(POLICY).set(tier="high", level=3, admissions=1, cost="10000", excluded="third_party")
display.calculator(refused)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert refused.result.basic == 0 and refused.result.out_of_pocket == D("10000"), refused.error
assert "第三方责任" in refused.output.value
other = hospital_calculator(POLICY).set(tier="high", level=3, admissions=1, cost="10000")
assert "8,160.00" in other.output.value, other.error
