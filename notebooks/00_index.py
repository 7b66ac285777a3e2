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
# # 城乡居民医保:五篇文章的规则与计算(索引)
#
# 这一组笔记本把五篇公开文章里的城乡居民基本医疗保险规则,逐条讲清楚、算出来。每个数都来自
# `policies/*.yaml` 里的政策数据(带着原文引句和出处),每个结果都由 `yibao` 包计算,并用 `assert`
# 核对到分、到日。文章没有说清的地方,我们记成有名字的**假设**,在用到它的结果旁边列出来。
#
# | 笔记本 | 文章 | 讲什么 |
# | --- | --- | --- |
# | [000_lhasa_2025](000_lhasa_2025.ipynb) | 拉萨市 2025 年度参保登记(000) | 两档缴费、财政补助、老年人代缴、困难群体资助(40 元、160 元)、集中缴费期、零星参保、新生儿、缴费渠道和证件 |
# | [001_tibet_press_2024](001_tibet_press_2024.ipynb) | 西藏自治区 2024 年 9 月新闻发布会(001) | 门诊、住院、大病保险、医疗救助三重保障,长缴多报,参保激励,等待期,职工生育,个人账户共济,改革和监管数字 |
# | [002_lhasa_flexible](002_lhasa_flexible.ipynb) | 拉萨灵活就业人员医保(002) | 职工医保还是居民医保、971.19 元怎么来、停保和个人账户、不报销的情况 |
# | [003_yuncheng_2024](003_yuncheng_2024.ipynb) | 运城 2024 年度缴费延长(003) | 各类人群个人缴费(0/38/100/76/190 元)、延长期与补报、门诊统筹 |
# | [004_xining_2025](004_xining_2025.ipynb) | 西宁 2025 年度参保缴费告知(004) | 四个缴费时段与待遇开始日、7 月后加缴财政补助、全额与 50% 资助、缴费渠道 |
#
# 本笔记本把**同一个人、同一个家庭**放到每一项政策下并排比较(规则 C1),并检查每条引句都能在原文中逐字找到(C2)。

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# 准备:中文表格对齐、图用 PNG、注册中文字体(字体从包里注册,不依赖 matplotlib 的字体缓存)
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
from datetime import date
from decimal import Decimal as D

import matplotlib.pyplot as plt

from yibao.skins import display, plots, tables
from yibao.calculators.compare import compare_premiums
from yibao.policy import load_policy, load_sources, policy_ids
from yibao.calculators.premium import household_premium
from yibao.policy.provenance import check_quotes
from yibao.format import day, yuan

tables.set_display()
font = plots.use_chinese_font()

# %% [markdown]
# ## 五篇文章与每个数的出处(C2)
#
# 政策数据引用的文章和外部文件如下(`policies/sources.yaml`)。前五篇是本项目的原始材料;后几份是文章
# 没写、但计算需要的外部文件(例如国家统一的筹资标准),它们的引句无法在五篇文章中核对,会单独标明。

# %%
display.table([{"标题": s.title, "发布者": s.publisher or "—", "日期": day(s.date) if s.date else "—",
                "文号": s.document or "—", "原文文件": s.file or "(外部文件,未收录原文)"}
               for s in load_sources().values()], ["标题", "发布者", "日期", "文号", "原文文件"])

# %% [markdown]
# 每条政策数值都带有原文引句。下面逐条去原文(去掉空白后)查找:一条找不到,这里就会失败。

# %%
checked, problems = check_quotes()
print(f"已核对引句 {len(checked)} 条,全部能在原文中逐字找到。")

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert problems == [], problems

# %% [markdown]
# ## 同一个人在各项政策下缴多少(C1)
#
# `yibao.calculators.compare.compare_premiums` 把同一个人放进每一项有缴费规定的政策里计算。没有写出资助规则的
# 政策(例如国家层面的统一标准)就按标准缴费。先看一位**低保对象**:

# %%
dibao = compare_premiums({"groups": ["dibao"]})
tables.comparison_table(dibao)

# %%
by_policy = {pid: r for pid, r, _ in dibao.rows if r is not None}

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert by_policy["lhasa-2025"].individual == D("40")      # 拉萨 L7:个人 40 元,医疗救助 360 元
assert by_policy["lhasa-2025"].paid_by["medical_assistance"] == D("360")
assert by_policy["xizang-2024"].individual == D("38")     # 自治区 T12:380 元的 10%
assert by_policy["yuncheng-2024"].individual == D("76")   # 运城 Y2
assert by_policy["xining-2025"].individual == D("200")    # 西宁 X7:400 元的 50%

# %% [markdown]
# 几种人并排:没有任何资助身份的人(选最高档)、特困人员、低保对象、65 岁的低收入家庭老人。
# 出生日期都给定,年龄按待遇年度 1 月 1 日计算(假设“年龄条件按哪一天判断”)。

# %%
people = {
    "普通居民(最高档)": {"tier": "high"},
    "特困人员": {"groups": ["tekun"]},
    "低保对象": {"groups": ["dibao"]},
    "低收入家庭老人(女,1959年生)": {"groups": ["low_income_family"], "sex": "female", "birth_date": "1959-05-01",
                                   "tier": "high"},
}
policies = [pid for pid in policy_ids() if load_policy(pid).premium is not None]   # 每一项有缴费规定的政策
compared = {who: compare_premiums(person, policies) for who, person in people.items()}
wide = {who: {pid: (yuan(r.individual) if r else "—") for pid, r, _ in c.rows} for who, c in compared.items()}
display.table([{"政策": load_policy(pid).title, **{who: wide[who][pid] for who in people}} for pid in policies],
              ["政策", *people], numeric=list(people))

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert wide["特困人员"]["lhasa-2025"] == "0.00 元"
assert wide["低收入家庭老人(女,1959年生)"]["lhasa-2025"] == "0.00 元"       # L5:60 周岁以上女性由财政代缴
assert wide["低收入家庭老人(女,1959年生)"]["yuncheng-2024"] == "190.00 元"   # Y2
assert wide["低收入家庭老人(女,1959年生)"]["xining-2025"] == "200.00 元"     # X7
assert wide["普通居民(最高档)"]["xizang-2024"] == "380.00 元"

# %% tags=["remove-input"] jupyter={"source_hidden": true}
# NBVAL_IGNORE_OUTPUT
# 图只作直观比较:PNG 不参与 nbval 比对,图的文字表示也不必比;上面的表和 assert 才是核对。
display.figure(plots.comparison_chart({who: {pid: r.individual for pid, r, _ in c.rows if r} for who, c in compared.items()}))

# %% [markdown]
# ## 同一个家庭在各项政策下缴多少(C1、X9)
#
# 居民医保按人缴费,家里每个人都要缴(西宁告知书特别提醒“请核实家庭成员是否全部缴费”,X9)。
# `yibao.calculators.premium.household_premium` 对每位成员分别计算再合计。下面是一个四口的低保家庭:
# 奶奶 64 岁、父母、10 岁的孩子,放进每一项政策(国家层面的标准没有资助规则,就按标准缴)。

# %%
names = ["奶奶(1960年生)", "父亲", "母亲", "孩子(2014年生)"]
family = [
    {"groups": ["dibao"], "sex": "female", "birth_date": "1960-06-01"},
    {"groups": ["dibao"], "sex": "male", "birth_date": "1985-02-01"},
    {"groups": ["dibao"], "sex": "female", "birth_date": "1987-08-01"},
    {"groups": ["dibao"], "sex": "male", "birth_date": "2014-09-01"},
]
households = {pid: household_premium(pid, family) for pid in policies}
tables.household_table(households, names)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert households["lhasa-2025"].total_individual == D("120")      # 奶奶由财政代缴(L5),其余三人各 40 元(L7)
assert households["xizang-2024"].total_individual == D("152")     # 4 × 38(T12)
assert households["yuncheng-2024"].total_individual == D("304")   # 4 × 76(Y2)
assert households["xining-2025"].total_individual == D("800")     # 4 × 200(X7)

# %% [markdown]
# 这些结果用到的假设(文章没有写明、我们选定的读法):

# %%
tables.assumptions_table("lhasa-2025", ids=households["lhasa-2025"].assumptions)

# %% [markdown]
# 同一个家庭如果没有任何资助身份,各人按最高档(或唯一标准)缴费:

# %%
plain = [{k: v for k, v in m.items() if k != "groups"} for m in family]
# 有两档的政策选最高档;只有一个标准的政策不用选
plain_households = {pid: household_premium(pid, [{**m, "tier": "high"} if "high" in load_policy(pid).premium.tiers else m
                                                  for m in plain])
                    for pid in policies}
tables.household_table(plain_households, names)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert plain_households["lhasa-2025"].total_individual == D("1200")   # 奶奶 0(L5)+ 3 × 400
assert plain_households["xining-2025"].total_individual == D("1600")  # 4 × 400(X2)

# %% [markdown]
# ## 自己算一算
#
# 下面的计算器调用同一个 `premium()`:选政策、档次、人群、出生日期,结果表里每一步都带着原文出处。
# 第二个计算器把同一个人放到每项政策下并排比较(`compare_premiums()`,C1)。

# %%
# 例子:拉萨 2025 年度的低保对象(L7):个人缴 40 元,医疗救助代缴 360 元。
from yibao.skins.widgets import compare_calculator, premium_calculator

calc = premium_calculator("lhasa-2025").set(groups=("dibao",))
display.calculator(calc)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert "40.00" in calc.output.value and "360.00" in calc.output.value, calc.error
other = premium_calculator("lhasa-2025").set(policy="xining-2025", groups=("dibao",))   # 另一个计算器,上面的保持例子
assert "200.00" in other.output.value, other.error

# %%
# 例子:同一位低保对象(选最高档)在每项政策下的个人缴费并排列出(C1)。
compare = compare_calculator().set(tier="high", groups=("dibao",))
display.calculator(compare)

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
paid = {pid: res.individual for pid, res, _ in compare.result.rows if res is not None}
assert (paid["lhasa-2025"], paid["xizang-2024"], paid["yuncheng-2024"], paid["xining-2025"]) == (
    D("40"), D("38"), D("76"), D("200")), compare.error
assert all(a in compare.output.value for a in ("40.00", "38.00", "76.00", "200.00"))
