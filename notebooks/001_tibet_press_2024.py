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
# # 西藏自治区医疗保障发展情况(2024 年 9 月 5 日新闻发布会)
#
# 依据:西藏自治区医疗保障局在“喜迎中华人民共和国成立75周年”系列第二场新闻发布会上的发言稿和答记者问
# (文章 001,政策数据 `policies/xizang-2024.yaml`;2025 年起的等待期和参保激励在 `national-2025.yaml`、
# `xizang-2025.yaml`)。
#
# 这是五篇文章里内容最多的一篇:居民医保的门诊、住院待遇,大病保险和医疗救助(“三重保障”),长缴多报、
# 参保激励和待遇等待期,参保资助和边境群众政策,职工医保门诊、生育待遇和个人账户家庭共济,以及改革和监管的各项数字。
# 西藏从 2023 年起实行自治区级统筹(T1),所以这些规则在拉萨等各地市都适用。

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# 准备:中文表格对齐、图用 PNG、注册中文字体(字体从包里注册,不依赖 matplotlib 的字体缓存)
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
from datetime import date
from decimal import Decimal as D

import matplotlib.pyplot as plt
import pandas as pd

from yibao.skins import display, plots, tables
from yibao.calculators.account_sharing import account_sharing
from yibao.calculators.coverage import coverage
from yibao.calculators.incentive import YearRecord, incentive
from yibao.calculators.maternity import maternity
from yibao.policy import load_policy
from yibao.calculators.premium import premium
from yibao.format import hospital_level, yuan
from yibao.vocabulary import tier_zh
from yibao.settlement import Person, settle

POLICY = "xizang-2024"
tables.set_display()
font = plots.use_chinese_font()


def inpatient(cost, level=3, day="2024-03-01", **more):
    """One inpatient claim of the 2024 benefit year (a helper for the examples below)."""
    return {"date": day, "kind": "inpatient", "level": level, "cost": str(cost), **more}


# %% [markdown]
# ## 自治区级统筹(T1)
#
# 2023 年 4 月起,西藏职工医保和居民医保都实行自治区级统筹;此后居民医保政策范围内住院报销比例提高了 2 个百分点。

# %%
tables.facts_table(POLICY, ["T1"])

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对。“统筹前”= 现行比例减去文章说的 2 个百分点。
display.figure(plots.inpatient_rates(POLICY, title="居民住院报销比例(自治区级统筹后提高2个百分点)"))

# %% [markdown]
# ## 人均财政补助逐年提高(T2)
#
# 居民医保人均财政补助从 2019 年的 555 元每年提高 30 元,到“目前”705 元;比中央标准高 35 元;
# 2024 年财政补助总额 20.13 亿元。

# %%
tables.facts_table(POLICY, ["T2"])

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对。各年数值由 2019 年的 555 元和每年 30 元推出,最后一年即文章的 705 元。
display.figure(plots.fiscal_subsidy_series(POLICY, 2019, "lhasa-2025", title="西藏城乡居民医保人均财政补助",
                            label="自治区发布会(T2)", other_label="拉萨2025年文章(L4)"))

# %% [markdown]
# 拉萨 2025 年文章也说 705 元,但说的是 2025 年;两篇文章对同一年相差 30 元。我们不替文章改数:

# %%
tables.assumptions_table(POLICY, ids=["fiscal_subsidy_articles_disagree"])

# %% [markdown]
# ## 参保资助:特困人员全额、低保等个人缴 38 元(T12)
#
# 特困人员、孤儿(含事实无人抚养儿童)、一二级重度残疾人按最高档(2024 年 380 元)全额资助;低保对象、
# 低保边缘对象、纳入防返贫监测的低收入人口资助 90%,个人只缴 10%,即 38 元。
#
# “纳入防返贫监测范围的低收入人口”(防返贫监测对象)是一类人的总称,它的成员是脱贫不稳定户、边缘易致贫户、
# 突发严重困难户(拉萨文章的“易返贫致贫人口(含……)”,假设“防返贫监测对象包括哪些人”);“孤儿”含事实无人抚养儿童。
# 这些关系记在政策数据的“人群及其成员”里,每条附原文:规则写总称的,成员同样适用。

# %%
tables.values_table(POLICY, ["T12"])

# %%
aided = {"特困人员": premium(POLICY, groups=["tekun"]), "低保对象": premium(POLICY, groups=["dibao"]),
         "低保边缘对象": premium(POLICY, groups=["dibao_edge"]), "防返贫监测对象": premium(POLICY, groups=["monitored"]),
         "边缘易致贫户": premium(POLICY, groups=["edge_poverty"]),
         "事实无人抚养儿童": premium(POLICY, groups=["unsupported_child"])}
tables.premium_table(aided)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert aided["特困人员"].individual == D("0") and aided["事实无人抚养儿童"].individual == D("0")
assert aided["低保对象"].individual == D("38") and aided["低保对象"].paid_by["medical_assistance"] == D("342")
assert aided["防返贫监测对象"].individual == D("38") and aided["边缘易致贫户"].individual == D("38")  # 380 × 10%

# %%
tables.values_table(POLICY, ["T11", "F6"])[lambda t: t["取值"].str.startswith("成员:")]

# %%
tables.facts_table(POLICY, ["T12"])

# %% [markdown]
# ## 边境群众(T13)
#
# 享受边民补助的边境群众(含家中 16 周岁以下未成年人)个人不缴费,由财政资金和医疗救助基金按最高档代缴;
# 看病时经基本医保、大病保险报销后,医疗救助对剩余合规费用按 90% 兜底;边境孕产妇分娩和新生儿抢救费用全额报销。

# %%
tables.values_table(POLICY, ["T13"])

# %%
border = premium(POLICY, groups=["border_resident"])
border_year = settle(Person(POLICY, tier="high", groups=["border_resident"]), [inpatient(100000)])
tables.settlement_table(border_year)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert border.individual == D("0") and border.paid_by["finance_and_medical_assistance"] == D("380")
assert (border_year.basic, border_year.catastrophic, border_year.assistance) == (D("84660.00"), D("7238.00"), D("7291.80"))
assert border_year.assistance == (border_year.total_cost - border_year.basic - border_year.catastrophic) * D("0.9")

# %% [markdown]
# ## 低收入脱贫人口定额资助(T27)
#
# 发布会说,2023 年起对收入高于防返贫监测标准、低于其 1.5 倍的脱贫人口,在过渡期内实施定额参保资助,
# 但没有给出金额:按自治区的规定只能说有这项资助,个人缴费“至多”是资助前的数。
# 它在拉萨 2025 年度的金额是 160 元(L8),计算见 `000_lhasa_2025`:

# %%
fixed_aid = premium(POLICY, tier="high", groups=["low_income_alleviated"])
display.say(fixed_aid.headline())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert fixed_aid.aid_not_quantified == "t27_fixed_aid" and fixed_aid.individual == D("380")

# %%
tables.values_table("lhasa-2025", ["T27"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert premium("lhasa-2025", groups=["low_income_alleviated"], income="9000").individual == D("160")

# %% [markdown]
# ## 普通门诊(T4)
#
# 居民普通门诊:年度累计起付线 50 元,报销 60%,一年最多报 300 元,不占住院和门诊特殊病的年度限额。
# 下面是一年里三次门诊(200、300、400 元)的结算:起付线在第一次扣完,第三次碰到 300 元的年度上限。

# %%
tables.values_table(POLICY, ["T4"])

# %%
outpatient = settle(Person(POLICY, tier="high"), [
    {"date": "2024-03-01", "kind": "general_outpatient", "cost": "200"},
    {"date": "2024-04-01", "kind": "general_outpatient", "cost": "300"},
    {"date": "2024-05-01", "kind": "general_outpatient", "cost": "400"},
])
tables.settlement_table(outpatient)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [c.basic for c in outpatient.claims] == [D("90.00"), D("180.00"), D("30.00")]   # (200−50)×60%;300×60%;到 300 元封顶
assert outpatient.basic == D("300.00")

# %% [markdown]
# ## 门诊特殊病(T5)
#
# 门诊特殊病(36 大类 51 个病种)不设起付线,高档报销 90%,低档 60%。

# %%
tables.values_table(POLICY, ["T5"])

# %%
special = {tier: settle(Person(POLICY, tier=tier), [{"date": "2024-03-01", "kind": "special_outpatient", "cost": "1000"}])
           for tier in ("high", "low")}
tables.facts_table(POLICY, ["T5"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (special["high"].basic, special["low"].basic) == (D("900.00"), D("600.00"))

# %% [markdown]
# ## 住院:起付线与报销比例(T6、T7)
#
# 二级及以下医院:起付线 200 元,高档 90%、低档 65%;三级医院:起付线 400 元,高档 85%、低档 60%。
# 例:高档参保人在三级医院住院,合规费用 10,000 元,基本医保报销 (10000 − 400) × 85% = **8,160.00 元**。

# %%
tables.values_table(POLICY, ["T6", "T7"])

# %%
stay = settle(Person(POLICY, tier="high"), [inpatient(10000, level=3)])
tables.steps_table(stay)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert stay.basic == D("8160.00")
assert stay.out_of_pocket == D("1840.00")

# %%
by_level = {(level, tier): settle(Person(POLICY, tier=tier), [inpatient(10000, level=level)]).basic
            for level in (2, 3) for tier in ("high", "low")}
display.table([{"医院等级": hospital_level(level), "档次": tier_zh(tier), "基本医保支付": yuan(amount)}
               for (level, tier), amount in by_level.items()], ["医院等级", "档次", "基本医保支付"], numeric=["基本医保支付"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert by_level == {(2, "high"): D("8820.00"), (2, "low"): D("6370.00"), (3, "high"): D("8160.00"), (3, "low"): D("5760.00")}

# %% [markdown]
# ## 选高档还是低档
#
# 2024 年高档 380 元、低档 200 元,高档多缴 180 元。门诊特殊病不设起付线,两档报销相差 90% − 60% = 30%(T5),
# 一年这类费用到 600 元时多报的正好是 180 元;三级医院住院两档相差 85% − 60% = 25%,起付线 400 元(T7),
# 到 1,120 元时相等。按分四舍五入,两处的盈亏平衡点分别是 599.99 元和 1,119.99 元。

# %%
from yibao.skins.tier_plot import tier_cost_chart
from yibao.whatif.tiers import tier_advice

advice_special = tier_advice(POLICY, kind="special_outpatient")
advice_stay = tier_advice(POLICY, kind="inpatient", level=3)
display.say(advice_special.headline(), advice_stay.headline())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert advice_special.extra_premium == advice_stay.extra_premium == D("180")
assert (advice_special.break_even, advice_stay.break_even) == (D("599.99"), D("1119.99"))

# %% tags=["remove-input"] jupyter={"source_hidden": true}
display.figure(tier_cost_chart(advice_special, max_cost=2000, title="西藏 2024 年:门诊特殊病,选高档还是低档"))

# %% [markdown]
# ## 一年内多次住院(T8)
#
# 年度内第二次住院,起付线按首次住院起付标准的 70%;第三次及以后按 50%。“首次住院起付标准”以哪家医院为准,
# 文章没有说,我们按本次住院医院等级的标准计算(假设“第二次、第三次住院起付线以哪次住院的起付标准为基数”)。

# %%
tables.values_table(POLICY, ["T8"])

# %%
three_stays = settle(Person(POLICY, tier="high"), [inpatient(10000, day=d) for d in ("2024-02-01", "2024-05-01", "2024-09-01")])
tables.settlement_table(three_stays)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [c.basic for c in three_stays.claims] == [D("8160.00"), D("8262.00"), D("8330.00")]   # 起付线 400、280、200

# %%
tables.result_assumptions(three_stays)

# %% [markdown]
# ## 长缴多报(T3)
#
# 在藏连续参加居民医保满 10 年的,自满 10 年的当年起,住院和门诊特殊病报销比例在所选档次的基础上提高 3%。
# 我们读作加 3 个百分点(85% 变 88%),年数含正在结算的这一年(假设““提高3%”是加3个百分点”、““连续缴满10年”的年数怎么数”)。

# %%
tables.values_table(POLICY, ["T3"])

# %%
long_years = {years: settle(Person(POLICY, tier="high", continuous_years=years), [inpatient(10000)]) for years in (9, 10)}
tables.result_assumptions(long_years[10])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert long_years[9].basic == D("8160.00")
assert long_years[10].basic == D("8448.00")     # (10000 − 400) × 88%

# %% [markdown]
# ## 藏药、民族药“乙类”药品(T19)
#
# 藏药和民族药等“乙类”药品自付比例降低 5%,报销最高 95%。例:10,000 元住院费用中有 2,000 元是这类药品:
# 起付线先从其他费用中扣除,(8000 − 400) × 85% + 2000 × 90% = 8,260.00 元。

# %%
tables.values_table(POLICY, ["T19"])

# %%
ethnic = settle(Person(POLICY, tier="high"), [inpatient(10000, ethnic_share="2000")])
tables.result_assumptions(ethnic)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert ethnic.basic == D("8260.00")

# %% [markdown]
# ## 大病保险(T9)
#
# 大病保险不另缴费。一年里自付的合规费用超过起付标准(高档 5,000 元、低档 9,000 元)的部分,按 70%–90% 分段报销,
# 每人每年最多 14 万元。文章没有给出分段点,我们的读法是:2 万元以下 70%,2 万至 5 万元 80%,5 万元以上 90%
# (假设“大病保险“70%—90%分段递增”的分段”;分段点是政策数据中的值)。
#
# 例:高档参保人在三级医院住院,合规费用 100,000 元。基本医保报销 (100000 − 400) × 85% = 84,660.00 元,
# 自付 15,340 元,其中超过 5,000 元的 10,340 元由大病保险报 70%,即 7,238.00 元。

# %%
tables.values_table(POLICY, ["T9"])

# %%
big = settle(Person(POLICY, tier="high"), [inpatient(100000)])
tables.settlement_table(big)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (big.basic, big.catastrophic, big.assistance, big.out_of_pocket) == (
    D("84660.00"), D("7238.00"), D("0.00"), D("8102.00"))

# %%
tables.result_assumptions(big)

# %% [markdown]
# ## 困难群众的大病保险倾斜(T10)
#
# 特困人员、低保对象、返贫致贫人口:大病保险起付线降低 50%(5,000 元变 2,500 元),报销比例提高 5 个百分点。

# %%
tables.values_table(POLICY, ["T10"])

# %%
poor = settle(Person(POLICY, tier="high", groups=["dibao"]), [inpatient(100000)])
display.say(f"大病保险支付 {yuan(poor.catastrophic)}。")

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert poor.catastrophic == D("9630.00")     # (15340 − 2500) × 75%

# %% [markdown]
# ## 医疗救助(T11)
#
# 经基本医保和大病保险报销后,医疗救助对政策范围内的个人自付部分再按类别救助:第一类(特困人员)、
# 第二类(孤儿、事实无人抚养儿童、一二级重度残疾人)全额;第三类(低保对象)95%;第四类(低保边缘对象、
# 防返贫监测低收入人口)90%。普通医疗救助每人每年最多 15 万元,重特大疾病医疗救助最多 30 万元。
# 限额按人按年计(假设“医疗救助的两个年度限额怎么用”):被认定为重特大疾病患者的,全年各笔累计最多 30 万元;
# 其他救助对象全年最多 15 万元;两个限额不相加。
#
# 接着上面的低保对象:剩下的 15340 − 9630 = 5,710 元,医疗救助按 95% 支付 5,424.50 元,个人只负担 285.50 元。

# %%
tables.values_table(POLICY, ["T11"])

# %%
tables.settlement_table(poor)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (poor.basic, poor.catastrophic, poor.assistance, poor.out_of_pocket) == (
    D("84660.00"), D("9630.00"), D("5424.50"), D("285.50"))
assert poor.basic + poor.catastrophic + poor.assistance + poor.out_of_pocket == poor.total_cost

# %%
tables.result_assumptions(poor)

# %% [markdown]
# 同一次 10 万元的住院,低保对象经三重保障后个人负担多少,一步一步看:

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的结算表和 assert 已核对每一层的金额。
display.figure(plots.settlement_waterfall(poor, title="低保对象一年住院 10 万元:三重保障后的个人负担"))

# %% [markdown]
# 费用越高,各层分担的比例怎么变(高档、没有困难身份的参保人,三级医院,一年一次住院):

# %%
costs = [D(c) for c in range(0, 300001, 10000)]
ordinary_years = [settle(Person(POLICY, tier="high"), [inpatient(c)]) for c in costs]
# 30 万元:基本医保 (300000 − 400) × 85% = 254660;自付 45340 元中,15000 元按 70%、25340 元按 80%

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (ordinary_years[-1].basic, ordinary_years[-1].catastrophic) == (D("254660.00"), D("30772.00"))
assert all(y.basic + y.catastrophic + y.assistance + y.out_of_pocket == y.total_cost for y in ordinary_years)

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对。
display.figure(plots.layers_by_cost(costs, ordinary_years, title="住院费用越高,各层分担多少(高档,三级医院)"))

# %% [markdown]
# ## 参保激励(T14、T15、T16)
#
# 2025 年起两项激励都提高大病保险的最高支付限额:
#
# - **连续参保激励**(T14):连续参保满 4 年后,每再连续参保 1 年,限额提高至少 1,000 元;断保后年限清零,已得的额度保留。
# - **基金零报销激励**(T15):当年没有用过医保基金报销的,下一年限额提高至少 1,000 元;用了奖励额度就把零报销额度清零。
# - **上限**(T16):两项合计最多提高限额的 20%,即 14 万元的 2.8 万元,限额最多 16.8 万元。
#
# 文章只给了“不低于 1000 元”的下限,我们按 1,000 元计;年数从 2025 年度起数。

# %%
tables.values_table("xizang-2025", ["T14", "T15", "T16"])

# %%
histories = {
    "连续参保、从不报销": [YearRecord(y, True) for y in range(2025, 2045)],
    "连续参保、年年有报销": [YearRecord(y, True, fund_reimbursed=True) for y in range(2025, 2045)],
    "2030 年断保一年": [YearRecord(y, y != 2030, fund_reimbursed=(y % 2 == 0 and y != 2030)) for y in range(2025, 2045)],
}
caps = {label: incentive("xizang-2025", h, 2045) for label, h in histories.items()}
display.table([{"参保经历(2025–2044 年)": label, "2045 年大病保险最高支付限额": yuan(r.cap)} for label, r in caps.items()],
              ["参保经历(2025–2044 年)", "2045 年大病保险最高支付限额"], numeric=["2045 年大病保险最高支付限额"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert caps["连续参保、从不报销"].cap == D("168000.00")            # 到 16.8 万元的上限
assert caps["连续参保、年年有报销"].cap == D("157000.00")          # 只有连续参保激励:2029–2045 年共 17 年
assert caps["连续参保、年年有报销"].continuous_amount == D("17000")

# %%
tables.result_assumptions(caps["连续参保、从不报销"])

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的 assert 已核对 2045 年的限额。
display.figure(plots.incentive_caps(caps))

# %% [markdown]
# ## 待遇等待期(T17)
#
# 2025 年起(新生儿等特殊群体除外),不在集中期参保或断保后再参保的,有 3 个月固定等待期;每断保 1 年再加 1 个月
# 变动等待期;每补缴 1 年减 1 个月变动等待期;断保 4 年及以上的,补缴后变动等待期仍不少于 3 个月(合计至少 6 个月)。
# 等待期内不能报销。下面用拉萨 2025 年度(自治区的规则在拉萨适用)、集中期内 2024 年 10 月 15 日缴费的人来算。

# %%
tables.values_table("xizang-2025", ["T17"])

# %%
waits = {back: [coverage("lhasa-2025", paid_on="2024-10-15", gap_years=gap, backpaid_years=back, tier="high").waiting_months
                if back <= gap else None for gap in range(0, 7)] for back in range(0, 5)}
display.table([{"断保年数": f"断保{g}年", **{f"补缴{b}年": "—" if waits[b][g] is None else f"{waits[b][g]} 个月" for b in waits}}
               for g in range(7)], ["断保年数", *(f"补缴{b}年" for b in waits)], numeric=[f"补缴{b}年" for b in waits])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert waits[0] == [0, 4, 5, 6, 7, 8, 9]       # 断保:固定 3 个月 + 每年 1 个月
assert waits[1][2] == 4                         # 断保 2 年、补缴 1 年:3 + (2 − 1)
assert waits[4][4] == 6                         # 断保 4 年、全部补缴:仍至少 3 + 3 个月

# %%
repaired = coverage("lhasa-2025", paid_on="2024-10-15", gap_years=4, backpaid_years=4, tier="high")
tables.result_assumptions(repaired)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (repaired.start, repaired.backpay_cost) == (date(2025, 7, 1), D("1600"))   # 补缴 4 年 × 400 元

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的表和 assert 已核对月数。
display.figure(plots.waiting_chart(waits))

# %% [markdown]
# ## 职工医保门诊统筹(T18)
#
# 职工医保住院合规费用报销 93% 以上;门诊统筹年度累计起付线退休人员 140 元、在职人员 200 元,年度限额从 3,000 元提高到 5,000 元。
# 文章没有给出门诊统筹的**报销比例**:我们不用占位比例计算,结算遇到这类费用会拒绝并说明缺少什么
# (假设“职工门诊统筹报销比例文章没有给出”)。

# %%
tables.values_table(POLICY, ["T18"])

# %%
from yibao.errors import NotCovered

try:
    settle(Person(POLICY, tier="high", retired=True), [{"date": "2024-03-01", "kind": "employee_outpatient", "cost": "1000"}])
except NotCovered as e:
    refused = e
tables.assumptions_table(POLICY, ids=["employee_outpatient_rate_unstated"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert refused.rules == ("T18",) and "no reimbursement rate" in str(refused)

# %% [markdown]
# ## 个人账户家庭共济(T20)
#
# 职工医保个人账户可以给配偶、父母、子女用。家人参加居民医保(没有个人账户)的,直接用授权人的账户;
# 家人参加职工医保的,先用自己的账户,不够再用授权人的;只能在西藏区内共济。

# %%
tables.values_table(POLICY, ["T20"])

# %%
sharing = {
    "父母(居民医保)买药 500 元": account_sharing("parent", "resident", "500", authoriser_balance="2000", policy=POLICY),
    "配偶(职工医保,自己账户 200 元)买药 500 元": account_sharing("spouse", "employee", "500", authoriser_balance="2000",
                                                         member_balance="200", policy=POLICY),
    "子女在区外参保": account_sharing("child", "resident", "500", authoriser_balance="2000", member_insured_in_region=False,
                                 policy=POLICY),
}
display.say(*(f"{who}:{r.headline()}" for who, r in sharing.items()))

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert sharing["父母(居民医保)买药 500 元"].from_authoriser == D("500")
assert (sharing["配偶(职工医保,自己账户 200 元)买药 500 元"].from_own_account,
        sharing["配偶(职工医保,自己账户 200 元)买药 500 元"].from_authoriser) == (D("200"), D("300"))
assert sharing["子女在区外参保"].allowed is False

# %% [markdown]
# ## 职工生育待遇(T21、T22)
#
# 生育医疗费用一次性包干:顺产 6,000 元,剖宫产 8,000 元(含产检),多胞胎每多一个婴儿加 15%。生育津贴 120 天
# (含产前 15 天),难产加 15 天,多胞胎每多一个加 15 天,两个及以上婴儿存活 4 个月以上再加 30 天;配偶护理津贴 15 天;
# 一次性营养补助为全区上年度在职职工年平均工资的 1%。

# %%
tables.values_table(POLICY, ["T21", "T22"])

# %%
twins = maternity(POLICY, delivery="caesarean", babies=2)
difficult = maternity(POLICY, delivery="normal", difficult=True, average_wage_last_year="123456")
tables.steps_table(twins)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (twins.lump_sum, twins.allowance_days, twins.nursing_days) == (D("9200.00"), 165, 15)   # 8000 × 1.15;120 + 15 + 30
assert (difficult.lump_sum, difficult.allowance_days, difficult.nutrition_allowance) == (D("6000"), 135, D("1234.56"))

# %%
tables.result_assumptions(twins)

# %% [markdown]
# ## 居民住院分娩(T23)
#
# 参加居民医保的产妇在定点医疗机构住院分娩,生育医疗费用全额报销。

# %%
tables.values_table(POLICY, ["T23"])

# %%
delivery = settle(Person(POLICY, tier="low"), [{"date": "2024-06-01", "kind": "delivery", "cost": "5000"}])
tables.settlement_table(delivery)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (delivery.basic, delivery.out_of_pocket) == (D("5000.00"), D("0.00"))

# %% [markdown]
# ## 新生儿(T24)
#
# 新生儿参保缴费后,自出生之日起享受当年度待遇;父母一方参加本区医保的一周岁以内婴儿不受集中缴费期限制,也没有等待期。

# %%
tables.values_table("xizang-2025", ["T24"])

# %%
newborn = coverage("xizang-2025", paid_on="2025-04-01", groups=["newborn"], birth_date="2025-03-05")
display.say(newborn.headline())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (newborn.start, newborn.end, newborn.waiting_months) == (date(2025, 3, 5), date(2025, 12, 31), 0)

# %% [markdown]
# ## 医保改革与基金监管的数字(T25)
#
# 集中带量采购、药品目录、医疗服务价格、基金监管、藏医药——发布会给出的数字如下(只展示,不参与计算)。

# %%
tables.facts_table(POLICY, ["T25"])

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;数字见上表。饼图的“其他”= 3088 − 1333 − 1323,文章未说明其构成。
display.figure(plots.procurement_figures(POLICY, title="西藏医保改革与基金监管(2019年以来)",
                        ethnic=("藏药品种(区目录)", "藏医服务项目", "藏医药与医疗服务价格")))

# %% [markdown]
# ## 国家 2024 年筹资通知(T26)
#
# 国家医保局等部门的 2024 年通知:财政补助和个人缴费标准分别比上年增加 30 元和 20 元,个人缴费增幅
# 2016 年以来首次低于财政补助。通知的标准(个人 400 元、财政补助 670 元)用于 **2025 待遇年度**:
# 居民医保在上一年预收下一年度的保费,三篇 2024 年度的文章都收 380 元(= 400 − 20),西宁 2025 年度收
# “国家统一的”400 元(假设“国家筹资通知的年份与待遇年度”,政策数据中的“国家年度筹资通知”)。
# 670 元文章没有写,引自国家通知(外部文件,未对照原文)。

# %%
tables.facts_table("national-2025", ["T26"])

# %%
tables.values_table("national-2025", ["T26"])

# %%
national = load_policy("national-2025")

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (national.funding_notice.notice_year, national.funding_notice.benefit_year) == (2024, 2025)
assert national.premium.tiers["standard"].value - national.facts["individual_increase_2024"].value == D("380")

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对。2024 待遇年度的数 = 2025 待遇年度的标准减去文章所说的增加额。
display.figure(plots.national_standards("national-2025"))

# %% [markdown]
# ## 自己算一算
#
# 四个计算器:一年的住院和门诊费用经三重保障后各付多少(也算藏药民族药 T19、职工医保门诊统筹 T18、住院分娩 T23/T13);
# 职工生育待遇;大病保险参保激励(T14–T16);职工医保个人账户家庭共济(T20)。

# %%
# 例子:低保对象在三级医院住院一次,总费用 10 万元(上面“医疗救助”一节的例子)。
from yibao.skins.widgets import hospital_calculator, incentive_calculator, maternity_calculator, sharing_calculator

hospital = hospital_calculator(POLICY).set(tier="high", level=3, admissions=1, cost="100000", groups=("dibao",))
display.calculator(hospital)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert "5,424.50" in hospital.output.value and "285.50" in hospital.output.value, hospital.error
assert hospital.result.out_of_pocket == D("285.50")
# 另一个计算器(上面那个保持例子):普通居民 1 万元、藏药民族药“乙类”(T19)、职工医保门诊统筹(T18)、住院分娩(T23)。
other = hospital_calculator(POLICY).set(tier="high", level=3, admissions=1, cost="10000")
assert "8,160.00" in other.output.value, other.error
other.set(ethnic_share="2000")
assert "8,260.00" in other.output.value, other.error          # 7600 × 85% + 2000 × 90%
other.set(admissions=0, ethnic_share="", employee_outpatient="1200")
assert "no reimbursement rate" in other.error or "报销比例" in other.error   # T18 states no rate: nothing computed
other.set(employee_outpatient="", delivery="3000")
assert other.result.basic == D("3000.00") and other.result.out_of_pocket == 0, other.error

# %%
# 例子:剖宫产、双胞胎(上面“生育”一节的例子)。
births = maternity_calculator(POLICY).set(delivery="caesarean", babies=2)
display.calculator(births)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert "9,200.00" in births.output.value and "165" in births.output.value, births.error

# %%
# 例子:2025–2030 年连续参保、都没有报销:2031 年连续 7 年,满 4 年之后的 3 年各 1,000 元;零报销 6 年各 1,000 元。
incentives = incentive_calculator("xizang-2025").set(history="\n".join(f"{y},是,否,否" for y in range(2025, 2031)),
                                                    year=2031)
display.calculator(incentives)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert incentives.result.cap == D("149000.00") and "149,000.00" in incentives.output.value, incentives.error
assert "3,000.00" in incentives.output.value and "6,000.00" in incentives.output.value

# %%
# 例子:配偶参加职工医保,买药 500 元:先用本人账户 200 元,不足的 300 元由授权人账户支付。
sharing_calc = sharing_calculator(POLICY).set(relation="spouse", member_insurance="employee", cost="500",
                                              member_balance="200", authoriser_balance="1000")
display.calculator(sharing_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (sharing_calc.result.from_own_account, sharing_calc.result.from_authoriser, sharing_calc.result.left_to_pay) == (
    D("200"), D("300"), D("0")), sharing_calc.error
