"""The worked examples' machinery: cases can fail, bad case files are refused, the arithmetic is safe,
``yibao test`` reports in Chinese. (The cases themselves are collected from cases/*.yaml.)"""

from __future__ import annotations

import inspect
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from yibao.cases.calculators import FUNCTIONS
from yibao.cases.check import case_problems
from yibao.cases.expr import ExpressionError, amount
from yibao.cases.loader import case_files, read_case_file
from yibao.cases.model import INPUTS
from yibao.cases.runner import run_file
from yibao.policy.loader import load_policy, policies_dir
from yibao.policy.reform import Reform
from yibao.policy.reformed import apply_reform

ROOT = Path(__file__).resolve().parents[1]
LHASA = ROOT / "cases" / "lhasa-2025.yaml"


def test_every_case_file_passes_yibao_check():
    assert case_files(), "no case files found in cases/"
    assert list(case_problems(policies_dir())) == []


def test_each_calculators_inputs_are_its_arguments():
    for name, fn in FUNCTIONS.items():
        params = [p for p in inspect.signature(fn).parameters if p != "policy"]
        assert tuple(params) == INPUTS[name], name


@pytest.mark.parametrize("text, value", [
    ("(10000 - 400) * 0.85", "8160.00"), ("(10000 − 400) × 85%", "8160.00"), ("(549.99 - 50) * 60%", "299.99"),
    ("0.01 * 0.5", "0.01"), ("-3 + 1", "-2.00"), ("400 / 3", "133.33"), (705, "705.00"),
])
def test_arithmetic_is_exact_and_rounds_half_up_to_the_fen(text, value):
    assert amount(text) == D(value)


@pytest.mark.parametrize("text", ["__import__('os')", "2 ** 10", "1 / 0", "a + 1", "max(1, 2)", "1 if 1 else 2", ""])
def test_arithmetic_allows_nothing_but_numbers_and_the_four_operations(text):
    with pytest.raises(ExpressionError):
        amount(text)


def _broken(pid: str, *sets: str):
    return {pid: apply_reform(load_policy(pid), Reform.from_sets(list(sets)))}


def test_a_wrong_tier_amount_fails_the_cases_that_cite_it():
    broken = _broken("lhasa-2025", "premium.tiers.high=420")
    outcomes = {o.case.name: o for o in run_file(LHASA, broken)}
    assert not outcomes["high_tier_pays_400"].ok
    assert outcomes["high_tier_pays_400"].failures[0].expected == "400.00 元"
    assert outcomes["high_tier_pays_400"].failures[0].got == "420.00 元"
    assert outcomes["low_tier_pays_220"].ok
    assert all(o.ok for o in run_file(LHASA))


@pytest.mark.parametrize("pid, path, value, rule", [
    ("xizang-2024", "basic.inpatient.levels[level_3].rate.high", "86%", "T7"),
    ("xizang-2024", "basic.inpatient.levels[level_2_or_below].deductible", "210", "T6"),
    ("xizang-2024", "basic.general_outpatient.annual_cap", "310", "T4"),
    ("xizang-2024", "catastrophic.deductible.high", "5100", "T9"),
    ("yuncheng-2024", "premium.tiers.standard", "390", "Y2"),
    ("xining-2025", "premium.aids[x7_dibao].rate", "40%", "X7"),
    ("lhasa-2025", "premium.aids[l7_forty].amount", "50", "L7"),
])
def test_a_wrong_value_fails_a_case_citing_its_rule(pid, path, value, rule):
    broken = _broken(pid, f"{path}={value}")
    failed = [o for f in case_files() for o in run_file(f, broken) if not o.ok]
    assert any(rule in o.case.rules for o in failed), f"no case of {rule} fails with {path}={value}"


def test_a_case_file_with_unknown_keys_rules_and_a_clause_not_in_the_article(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(LHASA, folder / "lhasa-2025.yaml")
    text = (folder / "lhasa-2025.yaml").read_text(encoding="utf-8")
    bad = (text.replace("rules: [L4]", "rules: [L99]").replace("675 + 30", "675 + x")
           .replace("个人缴费标准设定为两个档次,分别为220元和400元", "个人缴费标准为230元", 1)
           .replace("input: {tier: high}", "input: {tier: high, colour: red}")
           .replace("readings: [fiscal_subsidy_articles_disagree]", "readings: [no_such_reading]")
           .replace("reform: {catastrophic.deductible.high: 4000}", "reform: {'': 4000}"))
    (folder / "lhasa-2025.yaml").write_text(bad, encoding="utf-8")
    (folder / "other.yaml").write_text("policy: lhasa-2099\nsource: lhasa-2025\nsurprise: 1\ncases: []\n",
                                       encoding="utf-8")
    found = {(Path(f).name, key.split(".")[-1] if "." in key else key): reason
             for f, _line, key, reason in case_problems(policies_dir(), folder)}
    assert "not found verbatim" in found[("lhasa-2025.yaml", "clause")]
    assert "'L99' is not a rule ID" in found[("lhasa-2025.yaml", "rules")]
    assert "只能含数字" in found[("lhasa-2025.yaml", "fiscal_subsidy")]
    assert "not an input of the premium calculator" in found[("lhasa-2025.yaml", "colour")]
    assert "not an assumption of lhasa-2025" in found[("lhasa-2025.yaml", "readings")]
    assert "is not a path" in found[("lhasa-2025.yaml", "reform")]
    assert any(f == "other.yaml" for f, _ in found)


def test_a_case_must_expect_something_and_name_its_rules(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("policy: lhasa-2025\nsource: lhasa-2025\ncases:\n- name: nothing\n  calculator: premium\n"
                    "  rules: [L3]\n  clause: 分别为220元和400元\n", encoding="utf-8")
    from yibao.errors import PolicyDataError
    with pytest.raises(PolicyDataError) as e:
        read_case_file(path)
    assert e.value.key_path == "cases[nothing]" and "output" in e.value.reason


def test_yibao_test_reports_in_chinese(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("YIBAO_LANG", "zh")
    code, out, _ = cli("test", str(LHASA))
    assert code == 0 and "未通过 0 个" in out
    bad = tmp_path / "lhasa-2025.yaml"
    bad.write_text(LHASA.read_text(encoding="utf-8").replace("output: {individual: 400, standard: 400}",
                                                             "output: {individual: 1234.56, standard: 400}"),
                   encoding="utf-8")
    code, out, err = cli("test", str(bad))
    assert code == 1 and "未通过 1 个" in out
    assert "未通过:lhasa-2025.yaml · high_tier_pays_400(规则 L3)" in out
    assert "individual:应为 1,234.56 元,实为 400.00 元" in out
    assert "算例未通过" in err


def test_an_input_the_calculator_does_not_take_fails_the_case_not_the_run(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("policy: lhasa-2025\nsource: lhasa-2025\ncases:\n- name: colour\n  calculator: premium\n"
                    "  input: {tier: high, colour: red}\n  output: {individual: 400}\n  rules: [L3]\n"
                    "  clause: 分别为220元和400元\n", encoding="utf-8")
    (outcome,) = run_file(path)
    assert not outcome.ok and outcome.failures[0].got == "未知的输入 colour"


def test_a_reform_the_policy_refuses_fails_its_case(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("policy: lhasa-2025\nsource: lhasa-2025\ncases:\n- name: typo\n  calculator: premium\n"
                    "  reform: {premium.tiers.hihg: 420}\n  input: {tier: high}\n  output: {individual: 420}\n"
                    "  rules: [L3]\n  clause: 分别为220元和400元\n", encoding="utf-8")
    (outcome,) = run_file(path)
    assert not outcome.ok and "premium.tiers.hihg" in outcome.failures[0].got  # names the path given
