#!/bin/sh
# The main job until the notebooks exist: the articles' worked examples, answered by the yibao CLI.
set -e
say() { printf '\n==== %s\n$ yibao %s\n' "$1" "$2"; }
run() { title=$1; shift; say "$title" "$*"; yibao "$@"; }

run "可用的政策" policies
run "拉萨2025:低保对象缴40元,医疗救助资助360元(L7)" premium --policy lhasa-2025 --group 低保对象
run "拉萨2025:低收入脱贫人口缴160元(L8)" premium --policy lhasa-2025 --group low_income_alleviated --income 10000
run "西藏2024:低保对象只需缴纳38元(T12)" premium --policy xizang-2024 --group dibao
run "运城2024:低保对象76元(Y2)" premium --policy yuncheng-2024 --group dibao
run "西宁2025:7月1日以后缴费,个人缴费+财政补助(X4)" premium --policy xining-2025 --paid-on 2025-07-15
run "拉萨2025:集中期内缴费,2025年1月1日起享受(L1)" coverage --policy lhasa-2025 --paid-on 2024-11-01
run "断保2年、补缴1年的等待期(T17)" coverage --policy lhasa-2025 --paid-on 2024-11-01 --gap-years 2 --backpaid-years 1 --tier high
run "西宁2025:4月至6月缴费,60天后享受(X4)" coverage --policy xining-2025 --paid-on 2025-04-01
run "灵活就业:社平工资10791元,每月971.19元(F7)" flexible --average-wage 10791
run "职工生育:剖宫产双胞胎(T21、T22)" maternity --delivery caesarean --babies 2
run "同一个人在各政策下(C1)" compare --group dibao
if yibao settle --help >/dev/null 2>&1; then
  run "三级医院住院1万元,高档,第一次住院:基本医保8160元(T7)" settle --policy xizang-2024 --tier high --inpatient 10000 --level 3
fi
