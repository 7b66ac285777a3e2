"""`yibao check` catches a number or date its own quote, or its file's year, contradicts (issue 10 §6):
one broken copy of the policy folder per kind of contradiction, each failing with file, key path and
reason; the real files pass."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from policy_fixtures import copy_policies

from yibao.policy.check import check_policies
from yibao.policy.check_quotes import evaluate, stated

r = pytest.mark.rules


def _broken(tmp_path, name: str, old: str, new: str):
    folder = copy_policies(tmp_path / "policies")
    path = folder / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return check_policies(folder)


BROKEN = {
    "a tier its quote contradicts (420 vs 220元和400元)": (
        "lhasa-2025", "    high:\n      label: 高档个人缴费标准\n      value: 400\n",
        "    high:\n      label: 高档个人缴费标准\n      value: 420\n",
        "lhasa-2025.yaml", "premium.tiers.high.value", "420 is not a number its quote states"),
    "a rate its percentage contradicts (80% vs 85%、60%)": (
        "xizang-2024", "      value: 0.85\n", "      value: 0.80\n",
        "xizang-2024.yaml", "basic.inpatient.levels[level_3].rate.high.value", "80% is not a number"),
    "an amount of 万元 (14万元 vs 150000)": (
        "xizang-2024", "    value: 140000\n", "    value: 150000\n",
        "xizang-2024.yaml", "catastrophic.cap.value", "150000 is not a number its quote states"),
    "a word for a number (不缴费 vs 10)": (
        "yuncheng-2024", "        value: 0\n", "        value: 10\n",
        "yuncheng-2024.yaml", "premium.aids[y2_tekun].amount.value", "10 is not a number"),
    "a window date its quote contradicts": (
        "lhasa-2025", "      paid_from: 2024-09-25\n", "      paid_from: 2024-09-26\n",
        "lhasa-2025.yaml", "coverage.windows[l1_concentrated].paid_from", "2024-09-26 is not a date its quote states"),
    "a window's days its quote contradicts (61 vs 60天)": (
        "xining-2025", "      days: 60\n      stands_for_fixed_wait: true\n      in_concentrated_period: false\n"
                       "      rules: [X4, T17]\n      source: xining-2025\n      quote: 2025年4月1日至6月30日",
        "      days: 61\n      stands_for_fixed_wait: true\n      in_concentrated_period: false\n"
        "      rules: [X4, T17]\n      source: xining-2025\n      quote: 2025年4月1日至6月30日",
        "xining-2025.yaml", "coverage.windows[x4_q2].days", "61 is not a number"),
    "a date its quote does not state and nothing derives": (
        "lhasa-2025", "    derived:\n      paid_from: 集中缴费期(2024年9月25日至12月31日)结束后的第一天;至待遇年度末(2025年12月31日)都可缴费\n",
        "", "lhasa-2025.yaml", "coverage.late_enrolment.paid_from", "is not a date its quote states (no date)"),
    "a formula using a number its quote does not state": (
        "lhasa-2025", "    value: 360\n    unit: yuan\n",
        "    value: 360\n    unit: yuan\n    derived:\n      value: {formula: 400 - 40, note: 最高档减个人缴费}\n",
        "lhasa-2025.yaml", "facts.l7_assistance_pays.derived.value", "formula uses 400, which its quote does not state"),
    "a formula that does not give the value": (
        "lhasa-2025", "    value: 240\n    unit: yuan\n",
        "    value: 250\n    unit: yuan\n    derived:\n      value: {formula: 160 + 240, note: 个人与救助合计}\n",
        "lhasa-2025.yaml", "facts.l8_assistance_pays.derived.value", "gives 400, not the value 250"),
    "a benefit year outside the file's year": (
        "lhasa-2025", "  benefit_year: {from: 2025-01-01, to: 2025-12-31}\n",
        "  benefit_year: {from: 2026-01-01, to: 2026-12-31}\n",
        "lhasa-2025.yaml", "coverage.benefit_year.from", "not in the policy's year 2025"),
    "a benefit year its quote contradicts": (
        "yuncheng-2024", "  benefit_year: {from: 2024-01-01, to: 2024-12-31}\n",
        "  benefit_year: {from: 2024-01-01, to: 2024-12-30}\n",
        "yuncheng-2024.yaml", "coverage.benefit_year.to", "2024-12-30 is not a date the benefit year's quote states"),
    "in force from another year": (
        "xining-2025", "in_force: {from: 2025-01-01, to: 2025-12-31}\n", "in_force: {from: 2024-01-01, to: 2025-12-31}\n",
        "xining-2025.yaml", "in_force.from", "2024-01-01 is not in the policy's year 2025"),
    "a payment window two years early": (
        "yuncheng-2024", "      paid_from: 2023-09-01\n", "      paid_from: 2022-09-01\n",
        "yuncheng-2024.yaml", "coverage.windows[y4_normal].paid_from", "not in the 2024 benefit year or the year before"),
    "a late surcharge date its quote contradicts": (
        "xining-2025", "    paid_from: 2025-07-01\n    rules: [X4]\n", "    paid_from: 2025-08-01\n    rules: [X4]\n",
        "xining-2025.yaml", "premium.late_surcharge.paid_from", "2025-08-01 is not a date its quote states"),
    "a funding notice for another benefit year": (
        "national-2025", "  benefit_year: 2025\n", "  benefit_year: 2026\n",
        "national-2025.yaml", "funding_notice.benefit_year", "2026 is not the policy's year 2025"),
}


@r("C2")
@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_kind_of_contradiction_fails_with_file_key_and_reason(tmp_path, kind):
    name, old, new, file, key, reason = BROKEN[kind]
    res = _broken(tmp_path, name, old, new)
    assert not res.ok
    hits = [p for p in res.problems if p.file == file and p.key_path == key and reason in p.reason]
    assert hits, "\n".join(map(str, res.problems))
    assert hits[0].line is not None


@r("C2")
def test_check_command_exits_1_on_a_contradicted_tier(tmp_path, cli):
    name, old, new, *_ = BROKEN["a tier its quote contradicts (420 vs 220元和400元)"]
    _broken(tmp_path, name, old, new)
    code, out, _ = cli("check", "--policies", str(tmp_path / "policies"))
    assert code == 1 and "lhasa-2025.yaml:" in out and "premium.tiers.high.value" in out and "220, 400" in out


@r("C2")
def test_the_real_policies_pass_the_number_and_date_checks():
    res = check_policies()
    assert res.ok, "\n".join(map(str, res.problems))


def test_what_a_quote_states():
    s = stated("每人每年最多可享受15万元的普通医疗救助和30万元的重特大疾病医疗救助待遇")
    assert s.plain == {D(150000), D(300000)}
    s = stated("此次医保缴费的集中参保时间为2024年9月25日至12月31日")
    assert s.dates == [(2024, 9, 25), (2024, 12, 31)] and not s.plain  # the year carries to "12月31日"
    s = stated("对困难群众大病报销起付线降低50%,支付比例提高5个百分点")
    assert s.percent == {D("0.5"), D("0.05")}
    assert D("300000") in stated("截至目前,个人账户共享30余万人次").plain
    assert D(1) in stated("按规定进行全额报销").percent and D(0) in stated("个人不缴费").plain


def test_formulas_use_only_stated_numbers():
    s = stated("按我区最高缴费档次(2024年为380元)给予90%的定额资助,个人只需缴纳10%即38元")
    assert evaluate("380 × 10%", s) == D("38.0") and evaluate("380 - 380 * 90%", s) == D("38.0")
    with pytest.raises(ValueError, match="400"):
        evaluate("400 * 90%", s)
    with pytest.raises(ValueError):
        evaluate("__import__('os')", s)
