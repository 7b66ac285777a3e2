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
# # 运城市 2024 年度城乡居民医保(缴费延长至 2 月 25 日)
#
# 依据:《运城晚报》记者陶登肖的报道《我市2024年度城乡居民医保缴费延长至2月25日》和同版的
# 《城乡居民医保参保缴费问答》(文章 003,政策数据 `policies/yuncheng-2024.yaml`)。同版的残联慰问、就业推介、
# 特殊教育学校等新闻与医保无关,不在这里。
#
# 要点:2024 年度缴费截止日延长到 2024 年 2 月 25 日(Y1);各类人群的个人缴费标准(Y2);延长期内缴费,
# 待遇仍从 1 月 1 日起,缴费前发生的费用补报(Y3);正常的集中征缴期和“每月 1 日至 25 日可缴费”(Y4);
# 标准比上年提高 30 元(Y5);门诊统筹(Y6);缴费渠道和困难群众先标识后缴费(Y7)。
# 运城属于山西,只适用国家标准和运城本地规定,西藏的规则在这里都不适用。

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# 准备:中文表格对齐、图用 PNG、注册中文字体(字体从包里注册,不依赖 matplotlib 的字体缓存)
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
from datetime import date
from decimal import Decimal as D

import matplotlib.pyplot as plt

from yibao.skins import display, plots, tables
from yibao.calculators.coverage import coverage
from yibao.errors import InputError, NotCovered
from yibao.policy import load_policy
from yibao.calculators.premium import premium
from yibao.settlement import Person, settle

POLICY = "yuncheng-2024"
tables.set_display()
font = plots.use_chinese_font()

# %% [markdown]
# ## 个人缴费标准(Y2)
#
# 普通人群 380 元;特困人员(孤儿、事实无人抚养儿童)不缴;返贫致贫人口 38 元;乡村振兴部门监测对象
# (脱贫不稳定人口、边缘易致贫人口、突发严重困难人员)100 元;低保对象 76 元;丧失劳动能力的残疾人、
# 低收入家庭 60 周岁以上老人和未成年人 190 元。380 元与个人缴费之间的差额由政府资助,文章没写资金来源。

# %%
tables.values_table(POLICY, ["Y2"])

# %%
groups = {
    "普通人群": premium(POLICY),
    "特困人员": premium(POLICY, groups=["tekun"]),
    "返贫致贫人口": premium(POLICY, groups=["relapse_poverty"]),
    "乡村振兴部门监测对象": premium(POLICY, groups=["monitored"]),
    "低保对象": premium(POLICY, groups=["dibao"]),
    "丧失劳动能力的残疾人": premium(POLICY, groups=["disabled_unable_to_work"]),
    "低收入家庭老人(1963年生)": premium(POLICY, groups=["low_income_family"], birth_date="1963-06-01"),
    "低收入家庭未成年人(2010年生)": premium(POLICY, groups=["low_income_family"], birth_date="2010-03-01"),
}
tables.premium_table(groups)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.individual for r in groups.values()] == [D(x) for x in ("380", "0", "38", "100", "76", "190", "190", "190")]
assert groups["低保对象"].paid_by["government_aid"] == D("304")

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的表和 assert 才是核对。
display.figure(plots.premium_by_group(groups, title="运城 2024 年度:各类人群的个人缴费"))

# %% [markdown]
# 年龄的边界:年龄按待遇年度 1 月 1 日(2024年1月1日)计;“60 周岁以上”含 60 周岁,“未成年人”是未满 18 周岁。
# 同时是低保对象的低收入家庭老人,取缴费最少的一种(76 元)。

# %%
edges = {
    "1964年1月1日生(满60)": premium(POLICY, groups=["low_income_family"], birth_date="1964-01-01"),
    "1964年1月2日生(59岁)": premium(POLICY, groups=["low_income_family"], birth_date="1964-01-02"),
    "2006年1月1日生(满18)": premium(POLICY, groups=["low_income_family"], birth_date="2006-01-01"),
    "2006年1月2日生(17岁)": premium(POLICY, groups=["low_income_family"], birth_date="2006-01-02"),
    "低保对象又是低收入家庭老人": premium(POLICY, groups=["low_income_family", "dibao"], birth_date="1950-01-01"),
}
tables.premium_table(edges)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.individual for r in edges.values()] == [D("190"), D("380"), D("380"), D("190"), D("76")]

# %%
tables.assumptions_table(POLICY, ids=dict.fromkeys(a for r in [*groups.values(), *edges.values()] for a in r.assumptions))

# %% [markdown]
# ## 缴费标准提高 30 元(Y5)
#
# 按运医保发[2023]29号,2023 年预收的 2024 年度个人缴费标准提高 30 元,达到每人每年 380 元。

# %%
tables.facts_table(POLICY, ["Y5"])

# %%
tables.values_table(POLICY, ["Y5"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert groups["普通人群"].standard == D("380")
assert groups["普通人群"].standard - load_policy(POLICY).facts["standard_increase_2024"].value == D("350")   # 上一年度 350 元

# %% [markdown]
# ## 延长缴费期与补报(Y1、Y3)
#
# 2024 年度的参保登记、缴费截止日从 2023 年 12 月 25 日延长到 2024 年 2 月 25 日,标准和方式不变。
# 在延长期内缴费的,待遇期同样是 2024 年 1 月 1 日至 12 月 31 日;1 月 1 日以后、缴费之前已经发生的医药费用,
# 缴费后按规定补报。缴费时间以税务部门征收时间为准。

# %%
tables.values_table(POLICY, ["Y1", "Y3"])

# %%
extension = coverage(POLICY, paid_on="2024-02-10")
try:
    coverage(POLICY, paid_on="2024-02-26")
    raise AssertionError("expected NotCovered")
except NotCovered as e:
    assert e.field == "paid_on"          # 2 月 25 日以后不再收 2024 年度的费
tables.result_assumptions(extension)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (extension.start, extension.end, extension.retroactive) == (date(2024, 1, 1), date(2024, 12, 31), True)

# %% [markdown]
# 补报的例子:2 月 10 日才缴费,1 月 15 日在基层医疗机构看门诊的费用仍按门诊统筹报销。

# %%
clinic = [
    {"date": "2024-01-15", "kind": "pooled_outpatient", "facility": "primary", "drug_class": "jia", "cost": "60"},
    {"date": "2024-03-01", "kind": "pooled_outpatient", "facility": "primary", "drug_class": "jia", "cost": "100"},
]
backfilled = settle(Person(POLICY, retroactive_paid_on="2024-02-10"), clinic)
tables.settlement_table(backfilled)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [c.basic for c in backfilled.claims] == [D("36.00"), D("50.00")]   # 60 × 60%;100 × 60% 超过每次 50 元

# %% [markdown]
# ## 正常集中征缴期(Y4)
#
# 平常年份的集中征缴期是 9 月 1 日至 12 月 25 日,每月 1 日至 25 日可以缴费,待遇从次年 1 月 1 日起。
# 已经参保的人不用每年重新登记,但也不会自动扣费;缴费记录 3 至 7 个工作日后才能查到。
# “每月 1 日至 25 日”我们只用于正常征缴期,延长期每天都能缴(假设“每月1日至25日可缴费,是否也适用于延长期”)。

# %%
tables.values_table(POLICY, ["Y4"])

# %%
tables.facts_table(POLICY, ["Y4"])

# %%
tables.texts_table(POLICY, ["Y4"])

# %%
normal = coverage(POLICY, paid_on="2023-10-10")
try:
    coverage(POLICY, paid_on="2023-10-28")
    raise AssertionError("expected InputError")
except InputError as e:
    assert e.field == "paid_on"          # 28 日不在每月 1–25 日
late_december = coverage(POLICY, paid_on="2023-12-28")     # 已进入延长期
timeline = {"10月10日(集中征缴期)": normal, "12月28日(延长期)": late_december, "2月10日(延长期)": extension}
tables.coverage_table(timeline)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (normal.start, normal.retroactive) == (date(2024, 1, 1), False)
assert late_december.start == date(2024, 1, 1) and late_december.retroactive

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的 assert 已核对每个日期。浅绿色是缴费前、可以补报的时段。
display.figure(plots.cover_timeline(timeline, title="运城 2024 年度:缴费日与待遇期"))

# %% [markdown]
# ## 门诊统筹(Y6)
#
# 门诊统筹不设起付线。在基层医疗机构看病,甲类药品和诊疗项目报 60%、乙类 50%;在县域内二级及以下医疗机构,
# 甲类 55%、乙类 45%。每人每日每次最多报 50 元,2024 年最多报 300 元。

# %%
tables.values_table(POLICY, ["Y6"])

# %%
visits = settle(Person(POLICY), [
    {"date": "2024-03-01", "kind": "pooled_outpatient", "facility": "primary", "drug_class": "jia", "cost": "60"},
    {"date": "2024-03-02", "kind": "pooled_outpatient", "facility": "primary", "drug_class": "yi", "cost": "60"},
    {"date": "2024-03-03", "kind": "pooled_outpatient", "facility": "county_level2", "drug_class": "jia", "cost": "60"},
    {"date": "2024-03-04", "kind": "pooled_outpatient", "facility": "county_level2", "drug_class": "yi", "cost": "80"},
    {"date": "2024-03-05", "kind": "pooled_outpatient", "facility": "primary", "drug_class": "jia", "cost": "200"},
])
tables.settlement_table(visits)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [c.basic for c in visits.claims] == [D("36.00"), D("30.00"), D("33.00"), D("36.00"), D("50.00")]

# %% [markdown]
# “每人每日每次”50 元是一次就诊的限额:同一次就诊的甲类、乙类费用分两行列出,也只有一个 50 元。
# 费用行用 `visit`(就诊)说明哪几行是同一次就诊;没有写 `visit` 的每一行算作单独一次(假设“门诊统筹“每人每日每次”50元限额怎么算”)。

# %%
one_visit = settle(Person(POLICY), [
    {"date": "2024-04-01", "kind": "pooled_outpatient", "facility": "primary", "drug_class": "jia", "cost": "60", "visit": "v1"},
    {"date": "2024-04-01", "kind": "pooled_outpatient", "facility": "primary", "drug_class": "yi", "cost": "50", "visit": "v1"},
])
tables.settlement_table(one_visit)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [c.basic for c in one_visit.claims] == [D("36.00"), D("14.00")]   # 36 + 25 = 61,同一次就诊最多 50

# %% [markdown]
# 一年的上限:每月一次 100 元的基层门诊,每次报 50 元,第 6 次就到了 300 元,之后不再报销。

# %%
monthly = settle(Person(POLICY), [{"date": f"2024-{m:02d}-05", "kind": "pooled_outpatient", "facility": "primary",
                                   "drug_class": "jia", "cost": "100"} for m in range(1, 9)])
tables.settlement_table(monthly)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [c.basic for c in monthly.claims] == [D("50.00")] * 6 + [D("0.00")] * 2
assert monthly.basic == D("300.00")

# %% [markdown]
# ## 缴费渠道与困难群众的标识(Y7)
#
# 自己缴(微信、支付宝、云闪付、社保费专用 POS 机、协作银行 App),或由村(居)委会、商业银行等协办人员集中代收。
# 特困人员、低保对象等困难群众,由医保经办机构按有关部门的名单先标识、核定缴费金额,再推送税务部门,之后本人再缴费。

# %%
tables.texts_table(POLICY, ["Y7"])

# %% [markdown]
# ## 自己算一算
#
# 三个计算器:个人缴费(选人群、出生日期)、待遇享受时间(选缴费日期)和门诊统筹报销(Y6)。

# %%
# 例子:低保对象(Y2)个人缴 76 元。
from yibao.skins.widgets import coverage_calculator, hospital_calculator, premium_calculator

premium_calc = premium_calculator(POLICY).set(groups=("dibao",))
display.calculator(premium_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert premium_calc.result.individual == D("76.00") and "76.00" in premium_calc.output.value, premium_calc.error
for group, amount in (("tekun", "0.00"), ("relapse_poverty", "38.00"), ("monitored", "100.00"), ("dibao", "76.00"),
                      ("disabled_unable_to_work", "190.00")):
    other = premium_calculator(POLICY).set(groups=(group,))      # 另一个计算器,上面的保持例子
    assert other.result.individual == D(amount) and amount in other.output.value, other.error

# %%
# 例子:2024 年 2 月 10 日缴费(延长期内),2024 年 1 月 1 日起享受待遇。
coverage_calc = coverage_calculator(POLICY).set(paid_on="2024-02-10")
display.calculator(coverage_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert coverage_calc.result.start == date(2024, 1, 1) and "2024年1月1日" in coverage_calc.output.value, coverage_calc.error
other = coverage_calculator(POLICY).set(paid_on="2024-02-10")
other.set(paid_on="2024-02-26")
assert other.error                       # 2 月 25 日之后:显示错误,保留上一次有效的结果
assert other.result.start == date(2024, 1, 1)

# %%
# 例子:基层医疗机构门诊 100 元、甲类药:门诊统筹报销 50 元(Y6)。
outpatient = hospital_calculator(POLICY).set(admissions=0, pooled_outpatient="100", facility="primary", drug_class="jia")
display.calculator(outpatient)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert outpatient.result.basic == D("50.00") and "50.00" in outpatient.output.value, outpatient.error  # 60 → 50
other = hospital_calculator(POLICY).set(admissions=0, pooled_outpatient="80", facility="county_level2", drug_class="yi")
assert other.result.basic == D("36.00"), other.error                                        # 80 × 45%
