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
# # 一个模拟人群的一年:保费资助与个人负担(西藏 2024)
#
# 前面几个笔记本一次算一个人。这里用表格接口 `yibao.populations` 一次算一群人:每人的保费(谁替他缴了多少),
# 每笔医疗费用经基本医保、大病保险、医疗救助三重保障后还剩多少由个人负担。
#
# 人群是**模拟的**(固定随机种子,每次运行结果相同),不是西藏的真实人口结构:人群比例、费用分布都是为演示而设,
# 数字只说明规则如何起作用,不代表医保基金的实际支出。规则与单人计算器完全相同(同一个引擎 `yibao.settlement`),
# 金额精确到分,内部用整数“分”计算,结果列是 `decimal128(18, 2)` 元。

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# 准备:图用 PNG,注册中文字体(从包里注册,不依赖 matplotlib 的字体缓存)
# %matplotlib inline
# %config InlineBackend.figure_formats = ['png']
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from yibao.skins import display, plots
from yibao.populations.frame import settle_frames
from yibao.populations.money import decimals, fen_of
from yibao.populations.premium_frame import premium_frame

plots.use_chinese_font()
pd.set_option("display.unicode.east_asian_width", True)
POLICY = "xizang-2024"

# %% [markdown]
# ## 模拟人群
#
# 2000 人,约每人 3 笔费用。人群身份按下表抽样:多数人没有困难身份;特困、低保、低保边缘、防返贫监测对象、
# 边境群众各占一小部分。缴费档次(高档/低档)决定住院和大病保险的报销比例(T6、T7、T9)。

# %%
rng = np.random.default_rng(2024)
N = 2000
group_names = {"": "一般居民", "tekun": "特困人员", "dibao": "低保对象", "dibao_edge": "低保边缘对象",
               "monitored": "防返贫监测对象", "border_resident": "边境群众"}
people = pd.DataFrame({
    "person_id": np.arange(N),
    "tier": rng.choice(["high", "low"], N, p=[0.6, 0.4]),
    "groups": rng.choice(list(group_names), N, p=[0.7, 0.04, 0.08, 0.06, 0.06, 0.06]),
    "continuous_years": rng.integers(0, 16, N),
})
counts = rng.poisson(3, N)
M = int(counts.sum())
kinds = rng.choice(["inpatient", "special_outpatient", "general_outpatient", "delivery"], M, p=[0.25, 0.15, 0.57, 0.03])
scale = pd.Series(kinds).map({"inpatient": 800000, "special_outpatient": 2000000, "general_outpatient": 15000,
                              "delivery": 600000}).to_numpy()
claims = pd.DataFrame({
    "person_id": np.repeat(people["person_id"].to_numpy(), counts),
    "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, M), unit="D"),
    "kind": kinds,
    "cost_fen": np.minimum((rng.lognormal(0, 1, M) * scale).astype(np.int64), 50_000_000),  # 整数“分”
    "level": pd.array(np.where(kinds == "inpatient", rng.integers(1, 4, M), 0), dtype="Int64"),
})
claims.loc[claims["kind"] != "inpatient", "level"] = pd.NA
print(f"{N} 人,{M} 笔费用")

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (N, M) == (2000, 5949)

# %% [markdown]
# ## 保费:资助由谁出(T12、T13)
#
# 2024 年西藏的资助按最高档 380 元计:特困人员、孤儿、一二级重度残疾人全额资助;低保、低保边缘、防返贫监测对象
# 资助 90%(个人缴 38 元);边境群众个人不缴费,由财政资金和医疗救助基金代缴。下表按人群汇总资助金额。

# %%
# 发布会只给出 2024 年的最高档 380 元;低档取拉萨 2024 年的 200 元(假设 tibet_2024_low_tier)。资助按最高档计
prem = premium_frame(people, POLICY)
prem["人群"] = people["groups"].map(group_names)
payers = ["individual", "medical_assistance", "finance_and_medical_assistance"]
aid = prem.groupby("人群", sort=False)[payers].sum().rename(columns={
    "individual": "个人缴费", "medical_assistance": "医疗救助资金", "finance_and_medical_assistance": "财政和医疗救助"})
aid.insert(0, "人数", prem.groupby("人群", sort=False).size())
print(aid.to_string())
print("资助合计(元):", prem["medical_assistance"].sum() + prem["finance_and_medical_assistance"].sum())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert prem.loc[people["groups"] == "dibao", "individual"].eq(38).all()
assert prem.loc[people["groups"] == "tekun", "individual"].eq(0).all()
assert str(prem["medical_assistance"].sum() + prem["finance_and_medical_assistance"].sum()) == "206036.00"

# %%
fig, ax = plt.subplots(figsize=(8, 4))
aid_yuan = aid.drop(columns="人数").astype("float64")  # 只为画图转成浮点
aid_yuan.plot.barh(stacked=True, ax=ax, color=["#d62728", "#2ca02c", "#17becf"])
ax.set_xlabel("元")
ax.set_title("各人群的保费由谁缴(模拟人群,2024 年西藏)")
plt.tight_layout()
display.figure(plt.gcf())

# %% [markdown]
# ## 一年的费用:三重保障之后
#
# `settle_frames` 返回两张表:每笔费用一行(基本医保、大病保险、医疗救助、个人负担),每人一行(全年合计和
# 年度累计:普通门诊起付线、住院次数、大病保险累计自付、救助已用额度)。每一行都满足
# 基本医保 + 大病保险 + 医疗救助 + 个人负担 = 总费用,精确到分。

# %%
per_claim, per_person = settle_frames(people, claims, POLICY)
total = per_claim[["total_cost", "basic", "catastrophic", "assistance", "out_of_pocket"]].sum()
print(total.rename({"total_cost": "总费用", "basic": "基本医保", "catastrophic": "大病保险",
                    "assistance": "医疗救助", "out_of_pocket": "个人负担"}).to_string())
fen = {c: fen_of(per_claim[c]) for c in total.index}

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert (fen["basic"] + fen["catastrophic"] + fen["assistance"] + fen["out_of_pocket"] == fen["total_cost"]).all()
assert str(total["total_cost"]) == "48455211.72"

# %% [markdown]
# ## 个人负担按缴费档次
#
# 高档缴费的人住院报销比例高 25 个百分点左右,大病保险起付线也低(5,000 元对 9,000 元)。下面比较两档人群全年的
# 个人负担:中位数和 90% 分位数(只算有费用的人)。

# %%
per_person["档次"] = people["tier"].map({"high": "高档", "low": "低档"})
per_person["人群"] = people["groups"].map(group_names)
has = per_person[per_person["claims"] > 0].copy()
has["个人负担(元)"] = [float(x) for x in decimals(has["out_of_pocket"])]  # 只为分位数和画图
summary = has.groupby("档次")["个人负担(元)"].describe(percentiles=[0.5, 0.9])[["count", "50%", "90%", "max"]]
print(summary.round(2).to_string())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert summary.loc["高档", "50%"] < summary.loc["低档", "50%"]

# %%
fig, ax = plt.subplots(figsize=(8, 4))
bins = np.logspace(0, 6, 40)
for tier, color in (("高档", "#1f77b4"), ("低档", "#ff7f0e")):
    ax.hist(has.loc[has["档次"] == tier, "个人负担(元)"].clip(lower=1), bins=bins, alpha=0.6, label=tier, color=color)
ax.set_xscale("log")
ax.set_xlabel("全年个人负担(元,对数刻度)")
ax.set_ylabel("人数")
ax.set_title("全年个人负担的分布,按缴费档次(模拟人群)")
ax.legend()
plt.tight_layout()
display.figure(plt.gcf())

# %% [markdown]
# ## 医疗救助托住了谁
#
# 医疗救助(T11、T13)只给有困难身份的人:特困人员、孤儿和重度残疾人全额救助,低保 95%,低保边缘和监测对象、
# 边境群众 90%,都在年度限额内。所以困难人群的个人负担明显更低。

# %%
by_group = has.groupby("人群", sort=False).agg(人数=("claims", "size"), 人均个人负担=("个人负担(元)", "mean"))
print(by_group.round(2).to_string())

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
assert by_group.loc["特困人员", "人均个人负担"] < by_group.loc["一般居民", "人均个人负担"]

# %% [markdown]
# ## 政策模拟:高档大病保险起付线降到 4,000 元
#
# 文章规定高档的大病保险起付标准是 5,000 元(T9)。如果降到 4,000 元,同一群人、同一批费用,医保基金多付多少、
# 医疗救助和个人各少付多少?改革方案只改这一个数值,其余规则不变;每个数都由同一个结算引擎精确到分算出。

# %%
from yibao.format import yuan
from yibao.policy.reformed import apply_reform
from yibao.whatif.budget import AMOUNTS, budget_impact

REFORM = {"catastrophic.deductible.high": "4000"}
impact = budget_impact(people, claims, POLICY, REFORM)
display.say(impact.headline())
total = impact.total
display.table([{"金额": AMOUNTS[k], "现行政策": yuan(total.loc[k, "baseline"]), "改革方案": yuan(total.loc[k, "reform"]),
                "变化": yuan(total.loc[k, "change"])} for k in total.index],
              ["金额", "现行政策", "改革方案", "变化"], numeric=["现行政策", "改革方案", "变化"])

# %% tags=["remove-cell"] jupyter={"source_hidden": true}
# the same change from the table path run directly on the reformed policy, claim by claim
reformed_claims, _ = settle_frames(people, claims, apply_reform(POLICY, REFORM))
fund = lambda c: sum(decimals(c["basic"])) + sum(decimals(c["catastrophic"]))  # noqa: E731
assert impact.change("fund_paid") == fund(reformed_claims) - fund(per_claim) > 0
assert (reformed_claims["basic"] == per_claim["basic"]).all()  # the deductible of catastrophic insurance only

