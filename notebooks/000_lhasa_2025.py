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
# # 拉萨市 2025 年度城乡居民医保参保登记
#
# 依据:拉萨市医疗保障局 2024 年 12 月 2 日发布、记者赵越报道的《2025年度城乡居民基本医疗保险参保登记工作接近尾声
# @拉萨市民, 医保参保登记请抓紧》(文章 000,政策数据 `policies/lhasa-2025.yaml`)。
#
# 文章讲了拉萨 2025 年度居民医保的:参保范围(L2)、两个缴费档次和财政补助(L3、L4)、老年人由财政代缴(L5)、
# 困难群体的资助(L6–L8)、集中缴费期和待遇期(L1)、可以随时参保的人(L9)、新生儿(L12),以及缴费渠道和证件(L10、L11)。
# 下面每张规则表都直接从政策数据生成(不是照抄),每个例子都由 `yibao` 计算,并用 `assert` 核对到分、到日。
# 门诊、住院等报销待遇在全区统一(自治区级统筹),见笔记本 `001_tibet_press_2024`。

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# 准备:中文表格对齐、图用 PNG、注册中文字体(字体从包里注册,不依赖 matplotlib 的字体缓存)
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
from datetime import date
from decimal import Decimal as D

import matplotlib.pyplot as plt

from yibao.skins import display, plots, tables
from yibao.calculators.coverage import coverage
from yibao.calculators.enrolment import eligibility
from yibao.calculators.premium import premium
from yibao.format import yuan

POLICY = "lhasa-2025"
tables.set_display()
font = plots.use_chinese_font()

# %% [markdown]
# ## 谁可以参保(L2)
#
# 参保范围按文章列出的七类人记在政策数据里:

# %%
tables.values_table(POLICY, ["L2"])

# %%
student = eligibility(POLICY, category="student")
print(student.headline())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert student.may_enrol is True

# %% [markdown]
# ## 缴费档次与财政补助(L3、L4)
#
# 2025 年拉萨居民医保个人缴费分两档:220 元和 400 元,参保人自己选。另外财政按人头给医保基金补助 705 元
# (比上一年多 30 元),这笔钱不从个人缴费里出。

# %%
tables.values_table(POLICY, ["L3", "L4"])

# %%
high, low = premium(POLICY, tier="high"), premium(POLICY, tier="low")
tables.premium_table({"最高档": high, "低档": low})

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (high.individual, low.individual) == (D("400"), D("220"))
assert high.fiscal_subsidy == D("705")

# %% [markdown]
# 705 元这个数,自治区发布会(2024 年 9 月)说是“目前”的标准,拉萨文章说是 2025 年“提高 30 元”后的标准,
# 两者对 2024 年相差 30 元。我们两边照录,不替文章改数,并把分歧记成假设:

# %%
tables.assumptions_table(POLICY, ids=["fiscal_subsidy_articles_disagree"])

# %% [markdown]
# ## 老年人由财政代缴(L5)
#
# 年满 60 周岁的女性、年满 65 周岁的男性,由区、市两级财政按最高档(400 元)代缴,个人不缴。
# 年龄按待遇年度 1 月 1 日(2025年1月1日)的周岁计算——这是我们的读法(假设“年龄条件按哪一天判断”)。

# %%
tables.values_table(POLICY, ["L5"])

# %%
elderly = {
    "女,1964年12月31日生(满60)": premium(POLICY, sex="female", birth_date="1964-12-31"),
    "女,1965年1月2日生(未满60)": premium(POLICY, sex="female", birth_date="1965-01-02", tier="high"),
    "男,1960年1月1日生(满65)": premium(POLICY, sex="male", birth_date="1960-01-01"),
    "男,1960年1月2日生(未满65)": premium(POLICY, sex="male", birth_date="1960-01-02", tier="high"),
}
tables.premium_table(elderly)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.individual for r in elderly.values()] == [D("0"), D("400"), D("0"), D("400")]
assert elderly["女,1964年12月31日生(满60)"].paid_by["finance"] == D("400")

# %%
tables.result_assumptions(elderly["女,1964年12月31日生(满60)"])

# %% [markdown]
# ## 特困人员、孤儿、重度残疾人全额资助(L6)
#
# 特困供养人员、孤儿(含事实无人抚养儿童)、一二级重度残疾人,由医疗救助资金按最高档全额资助。

# %%
tables.values_table(POLICY, ["L6"])

# %%
tekun = premium(POLICY, groups=["tekun"])
tables.steps_table(tekun)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert tekun.individual == D("0") and tekun.paid_by["medical_assistance"] == D("400")

# %% [markdown]
# ## 六类困难群体个人缴 40 元(L7)
#
# 城乡低保对象、低保边缘对象、易返贫致贫人口(脱贫不稳定户、边缘易致贫户、突发严重困难户)、经工会认定的困难职工,
# 个人按最高档只缴 40 元,差额 360 元由医疗救助资金代缴。

# %%
tables.values_table(POLICY, ["L7"])

# %%
dibao = premium(POLICY, groups=["dibao"])
tables.steps_table(dibao)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert dibao.individual == D("40")
assert dibao.paid_by["medical_assistance"] == D("360")
assert dibao.individual + dibao.paid_by["medical_assistance"] == high.individual   # 40 + 360 = 400

# %% [markdown]
# 低保对象同时也符合自治区的 90% 资助(T12,在 2025 年按 400 元计同样个人缴 40 元)。几种资助都适用时取个人缴费最少的,
# 一样多时取拉萨本地的规则:

# %%
tables.result_assumptions(dibao)

# %% [markdown]
# ## 低收入脱贫人口缴 160 元(L8、T27)
#
# 收入高于防返贫监测标准(2024 年 8,000 元)、低于它的 1.5 倍(12,000 元)的低收入脱贫人口,按最高档的 60% 资助:
# 个人缴 160 元,医疗救助资金代缴 240 元。自治区发布会说这项“定额参保资助”从 2023 年起实施(T27)。

# %%
tables.values_table(POLICY, ["L8", "T27"])

# %%
tables.facts_table(POLICY, ["L8"])

# %%
low_income = {f"年收入 {yuan(D(income))}": premium(POLICY, groups=["low_income_alleviated"], income=income, tier="high")
              for income in ("8000", "8000.01", "9000", "11999.99", "12000")}
tables.premium_table(low_income)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert [r.individual for r in low_income.values()] == [D("400"), D("160"), D("160"), D("160"), D("400")]
assert low_income["年收入 9,000.00 元"].paid_by["medical_assistance"] == D("240")

# %% [markdown]
# 恰好 8,000 元或 12,000 元的人不享受:文章用的是“高于”“低于”,我们读作不含两端。

# %%
tables.result_assumptions(low_income["年收入 9,000.00 元"])

# %% [markdown]
# 各类人按 2025 年拉萨规则各缴多少、其余由谁出:

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的表和 assert 才是核对。
display.figure(plots.premium_by_group({
    "普通(最高档)": high, "普通(低档)": low, "60岁女性": elderly["女,1964年12月31日生(满60)"],
    "特困人员": tekun, "低保对象": dibao, "低收入脱贫人口": low_income["年收入 9,000.00 元"],
}, title="拉萨 2025 年度:个人缴费与代缴"))

# %% [markdown]
# ## 集中缴费期与待遇期(L1)
#
# 集中缴费期是 2024 年 9 月 25 日至 12 月 31 日;在这期间缴费,2025 年 1 月 1 日至 12 月 31 日享受待遇。
# 文章没有说集中期之后还能不能缴 2025 年度的费:我们读作可以,但按国家规定(T17)有 3 个月固定等待期
# (假设“集中缴费期(2024年12月31日)之后缴费”;等待期的规则见 `001_tibet_press_2024`)。

# %%
tables.values_table(POLICY, ["L1"])

# %%
cases = {
    "集中期内缴费": coverage(POLICY, paid_on="2024-10-15"),
    "集中期后缴费": coverage(POLICY, paid_on="2025-03-10"),
    "集中期后缴费,断保2年": coverage(POLICY, paid_on="2025-03-10", gap_years=2),
    "集中期内缴费,断保1年": coverage(POLICY, paid_on="2024-10-15", gap_years=1),
}
tables.coverage_table(cases)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (cases["集中期内缴费"].start, cases["集中期内缴费"].end) == (date(2025, 1, 1), date(2025, 12, 31))
assert cases["集中期后缴费"].start == date(2025, 6, 10)           # 3 个月固定等待期
assert cases["集中期后缴费,断保2年"].start == date(2025, 8, 10)   # 再加 2 个月变动等待期
assert cases["集中期内缴费,断保1年"].start == date(2025, 5, 1)    # 断保:固定 3 个月 + 变动 1 个月

# %%
tables.assumptions_table(POLICY, ids=dict.fromkeys(a for r in cases.values() for a in r.assumptions))

# %% [markdown]
# ## 可以随时参保的特殊群体(L9)
#
# 未就业退役军人、弃婴、刑满释放人员、社区矫正对象可以在集中期外零星参保,自足额缴费的**次月**起享受待遇。
# 文章写明了次月起享受,我们不再叠加国家的等待期(假设“零星参保的特殊群体是否还有等待期”)。

# %%
tables.values_table(POLICY, ["L9"])

# %%
veteran = coverage(POLICY, paid_on="2025-03-10", groups=["unemployed_veteran"])
cases["未就业退役军人,3月10日缴费"] = veteran
tables.result_assumptions(veteran)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (veteran.start, veteran.end, veteran.waiting_months) == (date(2025, 4, 1), date(2025, 12, 31), 0)

# %% [markdown]
# ## 新生儿(L12)
#
# 新生儿落地即可凭出生证编号参保缴费,自缴费之日起至**次年** 12 月 31 日享受待遇,没有等待期。
# 自治区发布会的说法是“自出生之日起享受当年度待遇”(T24);在拉萨我们取拉萨本地、较新的规定(假设“拉萨新生儿待遇期取拉萨文件(缴费日至次年底),不取自治区(出生日至当年底)”)。
#
# 这篇 2025 年度的通知写于集中缴费期(2024 年 12 月):那时出生并缴费的婴儿,“次年”就是 2025 年,待遇自缴费之日
# 到 2025 年 12 月 31 日。2025 年内出生并缴费的婴儿,我们读作同样到 2025 年 12 月 31 日(所缴费的待遇年度末),
# 2026 年度在下一个集中期另行缴费;字面读法会到 2026 年 12 月 31 日(假设“2025年内出生并缴费的新生儿,“至次年12月31日”到哪天”)。

# %%
tables.values_table(POLICY, ["L12"])

# %%
baby_2024 = coverage(POLICY, paid_on="2024-11-20", groups=["newborn"], birth_date="2024-11-10")
baby = coverage(POLICY, paid_on="2025-05-10", groups=["newborn"], birth_date="2025-05-03")
cases["新生儿(2024年11月10日出生,11月20日缴费)"] = baby_2024
cases["新生儿(5月3日出生,5月10日缴费)"] = baby
tables.result_assumptions(baby)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (baby_2024.start, baby_2024.end, baby_2024.waiting_months) == (date(2024, 11, 20), date(2025, 12, 31), 0)
assert (baby.start, baby.end, baby.waiting_months) == (date(2025, 5, 10), date(2025, 12, 31), 0)

# %% [markdown]
# 几种情形的缴费日和待遇开始日画在一条时间轴上:

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对;上面的 assert 已核对每个日期。
display.figure(plots.cover_timeline(cases, title="拉萨 2025 年度:缴费日与待遇期"))

# %% [markdown]
# ## 缴费渠道(L10)

# %%
tables.texts_table(POLICY, ["L10"])

# %% [markdown]
# ## 新参保人员要带的证件(L11)

# %%
tables.texts_table(POLICY, ["L11"])

# %% [markdown]
# ## 选高档还是低档
#
# 高档比低档每年多缴 180 元(L3)。多缴值不值,要看这一年看病花多少:住院待遇全区统一,高档报销比例更高
# (三级医院起付线 400 元,高档 85%、低档 60%,T7,见笔记本 001)。两档之差是 25% × (费用 − 400),
# 费用到 1,120 元时等于多缴的 180 元;按分四舍五入,1,119.99 元时两档已相差 180.00 元。
# 下图是一次三级医院住院时两档的全年负担(保费 + 个人负担),两条线相交处就是盈亏平衡点。

# %%
from yibao.skins.tier_plot import tier_cost_chart
from yibao.whatif.tiers import tier_advice

advice = tier_advice(POLICY, kind="inpatient", level=3)
display.say(advice.headline())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert advice.extra_premium == D("180") and advice.break_even == D("1119.99")

# %% tags=["remove-input"] jupyter={"source_hidden": true}
display.figure(tier_cost_chart(advice, max_cost=4000, title="拉萨 2025 年度:一次三级医院住院,选高档还是低档"))

# %% [markdown]
# ## 与 2024 年相比
#
# 把拉萨 2024 年(文章 002 的“以2024年为例”)与 2025 年的政策数据逐项比较,继承之后数值不同的项目:

# %%
from yibao.policy.diff import diff_policies
from yibao.policy.show import value_zh

changes = diff_policies("lhasa-2024", POLICY)
display.table([{"数据项": c.label, "2024 年": value_zh(c.old.value, c.old.unit, c.old.field), "2025 年": value_zh(c.new.value, c.new.unit, c.new.field),
                "2025 年原文": f"“{c.new.cited.quote}”" if c.new.cited else "", "规则": ", ".join(c.new.cited.rules)
                if c.new.cited else ""} for c in changes.changed],
              ["数据项", "2024 年", "2025 年", "2025 年原文", "规则"], quotes=["2025 年原文"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
_changed = {c.path: (c.old.value, c.new.value) for c in changes.changed}
assert _changed["premium.tiers.high"] == (D("380"), D("400")) and _changed["premium.tiers.low"] == (D("200"), D("220"))

# %% [markdown]
# ## 自己算一算
#
# 三个计算器:个人缴费(选档次、人群、出生日期、收入)、待遇享受时间(选缴费日期、断保年数)和谁可以参保(L2)。

# %%
# 计算器从正文的例子开始:低保对象(L7)个人缴 40 元。没有运行内核时显示这个例子的结果,运行后可以改输入。
from yibao.skins.widgets import coverage_calculator, enrolment_calculator, premium_calculator

premium_calc = premium_calculator(POLICY).set(groups=("dibao",))
display.calculator(premium_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert premium_calc.result.individual == D("40"), premium_calc.error
assert "40.00" in premium_calc.output.value and "360.00" in premium_calc.output.value
other = premium_calculator(POLICY).set(groups=("low_income_alleviated",), income="9000")   # 另一个计算器,上面的保持例子
assert other.result.individual == D("160") and "240.00" in other.output.value, other.error

# %%
# 例子:集中期后 2025 年 3 月 10 日缴费、断保 2 年,2025 年 8 月 10 日起享受待遇。
coverage_calc = coverage_calculator(POLICY).set(paid_on="2025-03-10", gap_years=2)
display.calculator(coverage_calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert coverage_calc.result.start == date(2025, 8, 10), coverage_calc.error

# %%
# 例子:在拉萨就读的港澳台大学生和外国留学生(L2)。
enrol = enrolment_calculator(POLICY).set(category="hmt_foreign_student")
display.calculator(enrol)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert enrol.result.may_enrol and "港澳台大学生" in enrol.output.value, enrol.error
