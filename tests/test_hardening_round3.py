"""Issue 22, class by class, through the public doors (the command line, the load functions, the
widgets): numbers not misread, nothing silently accepted, nothing raw written back. The catalogue
(tests/test_catalogue.py) tries every option and file field against each class; these are the cases
the issue names, with the answer worked out by hand."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as D

import pytest

from yibao.errors import InputError
from yibao.policy.check import check_policies
from yibao.policy.loader import policies_dir
from yibao.policy.reformed import reformed
from yibao.skins.cli import main


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


SETTLE = ["settle", "--policy", "xizang-2024", "--tier", "high"]


# ---------------------------------------------------------------- 1. numbers that are not what was typed


@pytest.mark.parametrize("typed", ["10⁴", "1⁰⁰⁰⁰", "①⓪⓪⓪⓪", "１０⁴"])
def test_a_superscript_or_circled_inpatient_cost_is_refused_not_read_as_digits(capsys, typed):
    code, out, err = run(capsys, [*SETTLE, "--inpatient", typed, "--level", "3"])
    assert code == 2 and out == "", out
    assert err.startswith("yibao: 错误:--inpatient(住院费用):") and "上标、圈码" in err, err


def test_full_width_digits_from_a_chinese_input_method_still_settle(capsys):
    # 10000 at a level-3 hospital, high tier: (10000 − 800 deductible) × 85% = 7820 … the settle line says it
    code, out, err = run(capsys, [*SETTLE, "--inpatient", "１００００", "--level", "３", "--json"])
    assert code == 0, err
    assert json.loads(out)["total_cost"] == "10000.00"


@pytest.mark.parametrize("typed", ["²", "①⓪", "₂"])
def test_babies_as_a_superscript_or_circled_digit_is_refused(capsys, typed):
    code, out, err = run(capsys, ["maternity", "--delivery", "normal", "--babies", typed])
    assert code == 2 and "--babies" in err and "上标、圈码" in err, err


def test_a_reform_value_with_a_superscript_is_refused(capsys):
    code, out, err = run(capsys, [*SETTLE, "--outpatient", "100", "--set", "catastrophic.deductible.high=10⁴"])
    assert code == 2 and "--set catastrophic.deductible.high" in err and "上标、圈码" in err, err


def test_the_flexible_page_refuses_a_superscript_wage_and_shows_no_premium():
    from yibao.skins.widgets.flexible import flexible_calculator

    calc = flexible_calculator().set(average_wage="１０７９１")  # full width: read as 10791
    assert calc.error == "" and calc.result is not None
    good = calc.result
    calc.set(average_wage="10⁴")  # not 104: refused, the last good result kept (and said to be so)
    assert "上标、圈码" in calc.error and calc.result is good and "输入有误" in calc.status.value, calc.error


@pytest.mark.parametrize("cell, column", [('"cost": 1E+4', "cost"), ('"cost": 1e4', "cost"),
                                          ('"cost": "100", "level": 3.0', "level")])
def test_a_json_claims_file_refuses_exponents_and_points_in_whole_numbers(capsys, tmp_path, cell, column):
    path = tmp_path / "claims.json"
    path.write_text(f'[{{"date": "2024-03-01", "kind": "inpatient", "level": 3, {cell}}}]'.replace(
        '"level": 3, "cost": "100", "level": 3.0', '"cost": "100", "level": 3.0'), encoding="utf-8")
    code, out, err = run(capsys, [*SETTLE, "--claims", str(path)])
    assert code == 2 and "claims.json 第1行" in err and f"({column} 列)" in err, err
    assert "指数" in err if column == "cost" else "不是整数" in err


# ---------------------------------------------------------------- 2. silent acceptance


@pytest.mark.parametrize("argv, option", [
    ([*SETTLE, "--outpatient", "100", "--tier", "low"], "--tier"),
    ([*SETTLE, "--outpatient", "100", "--policy", "xizang-2025"], "--policy"),
    ([*SETTLE, "--inpatient", "100", "--level", "3", "--level", "2"], "--level"),
    (["premium", "--policy", "lhasa-2025", "--tier", "high", "--age", "40", "--age", "41"], "--age"),
])
def test_an_option_given_twice_with_two_values_is_refused(capsys, argv, option):
    code, out, err = run(capsys, argv)
    assert code == 2 and out == "" and err.startswith(f"yibao: 错误:{option}") and "给了两次" in err, err


def test_the_same_value_twice_is_read_once(capsys):
    code, out, err = run(capsys, [*SETTLE, "--tier", "high", "--outpatient", "100"])
    assert code == 0, err


def test_a_household_file_with_a_key_given_twice_is_refused(capsys, tmp_path):
    path = tmp_path / "h.json"
    path.write_text('[{"tier": "high", "claims": [{"date": "2024-03-01", "kind": "inpatient", "cost": "100", '
                    '"cost": "200", "level": 3}]}]', encoding="utf-8")
    code, out, err = run(capsys, ["compare", "--policy", "xizang-2024", "--set", "catastrophic.deductible.high=4000",
                                  "--household", str(path)])
    assert code == 2 and "members[0].claims[0].cost" in err and "写了两次" in err, err


def test_a_json_claims_file_with_another_top_level_key_is_refused(capsys, tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"claims": [{"date": "2024-03-01", "kind": "general_outpatient", "cost": "100"}], '
                    '"person": {"tier": "low"}}', encoding="utf-8")
    code, out, err = run(capsys, [*SETTLE, "--claims", str(path)])
    assert code == 2 and "c.json" in err and "最外层只能有" in err and "person" not in err, err


def test_history_after_the_year_asked_about_is_refused(capsys, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("year,enrolled\n2025,yes\n2026,yes\n2099,yes\n", encoding="utf-8")
    code, out, err = run(capsys, ["incentive", "--policy", "xizang-2025", "--year", "2027", "--history", str(path)])
    assert code == 2 and "--history" in err and "2099" in err and "2027" in err, err


def test_a_reform_making_two_level_ranges_overlap_is_refused(capsys):
    code, out, err = run(capsys, [*SETTLE, "--inpatient", "10000", "--level", "3",
                                  "--set", "basic.inpatient.levels[level_2_or_below].max_level=3"])
    assert code == 2 and "--set basic.inpatient.levels[level_2_or_below].max_level" in err and "3 级" in err, err


def test_a_low_tier_dearer_than_the_high_one_is_computed_and_said(capsys):
    # xizang-2024: high tier 380 元, low tier 200 元 (policy); the reform sets the low tier to 500 元
    code, out, err = run(capsys, ["premium", "--policy", "xizang-2024", "--tier", "low",
                                  "--set", "premium.tiers.low=500", "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert D(data["individual"]) == D("500.00")
    assert any("低档(500.00 元)高于高档(380.00 元)" in n for n in data["reform"]["notes"]), data["reform"]
    code, out, err = run(capsys, ["premium", "--policy", "xizang-2024", "--tier", "low",
                                  "--set", "premium.tiers.low=500"])
    assert "注意:改革后 premium.tiers 的低档(500.00 元)高于高档(380.00 元)" in out, out


def test_a_low_tier_rate_above_the_high_one_is_computed_and_said(capsys):
    code, out, err = run(capsys, [*SETTLE[:-1], "low", "--inpatient", "10000", "--level", "3",
                                  "--set", "basic.inpatient.levels[level_3].rate.low=95%"])
    assert code == 0, err
    assert "低档(95%)高于高档(85%)" in out, out


@pytest.mark.parametrize("extends, words", [("national-2025", "not one id alone"),
                                            ("[national-2025, national-2025]", "named twice")])
def test_check_refuses_extends_as_a_string_or_with_a_parent_twice(tmp_path, extends, words):
    folder = tmp_path / "policies"
    shutil.copytree(policies_dir(), folder)
    path = folder / "xining-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("extends: [national-2025]", f"extends: {extends}"),
                    encoding="utf-8")
    res = check_policies(folder)
    assert any(p.file == "xining-2025.yaml" and p.key_path == "extends" and words in p.reason for p in res.problems)


@pytest.mark.parametrize("argv", [["--port", "80"], ["--port", "1023"], ["--port", "65536"],
                                  ["--ready-kernels", "100000"], ["--ready-kernels", "5"],
                                  ["--kernel-idle", "9223372036854775807"], ["--kernel-idle", "86401"],
                                  ["--page-idle", "604801"], ["--kernel-idle", "-1"]])
def test_every_app_option_is_bounded(capsys, argv):
    code, out, err = run(capsys, ["app", *argv])
    assert code == 2 and argv[0] in err and "超出范围" in err, err


# ---------------------------------------------------------------- 3. what is written back


def test_control_characters_in_a_file_name_are_shown_escaped(capsys):
    code, out, err = run(capsys, [*SETTLE, "--claims", "/nowhere/a\x1b[2J\x07b.csv"])
    assert code == 2 and "\x1b" not in err and "\x07" not in err and "\\x1b[2J\\x07" in err, repr(err)


def test_a_nul_in_a_reform_value_is_shown_escaped(capsys):
    code, out, err = run(capsys, [*SETTLE, "--outpatient", "1", "--set", "catastrophic.deductible.high=4\x00000"])
    assert code == 2 and "\x00" not in err and "\\x00" in err, repr(err)


def test_a_utf8_claims_file_with_a_cyrillic_label_is_read(capsys, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("date,kind,cost,label\n2024-03-01,general_outpatient,100,Москва\n", encoding="utf-8")
    code, out, err = run(capsys, [*SETTLE, "--claims", str(path), "--json"])
    assert code == 0, err
    assert json.loads(out)["total_cost"] == "100.00"


def test_a_gbk_claims_file_is_still_refused(capsys, tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("date,kind,cost,label\n2024-03-01,general_outpatient,100,住院\n".encode("gbk"))
    code, out, err = run(capsys, [*SETTLE, "--claims", str(path)])
    assert code == 2 and "GBK" in err, err


def test_a_policies_folder_without_policies_names_the_variable(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("YIBAO_POLICIES", str(tmp_path))
    for argv in (["premium", "--policy", "lhasa-2025", "--tier", "high"], ["policies"]):
        code, out, err = run(capsys, argv)
        assert code == 2 and err.startswith("yibao: 错误:YIBAO_POLICIES") and "没有找到任何政策文件" in err, err


@pytest.mark.parametrize("typed", ["-5e3", "-5", "-.5", "-1e3"])
def test_a_negative_or_exponent_amount_says_what_is_wrong_not_missing(capsys, typed):
    code, out, err = run(capsys, [*SETTLE, "--outpatient", typed])
    assert code == 2 and "--outpatient" in err and "后面要跟一个值" not in err, err
    assert ("负数" in err) or ("不是数字" in err), err


def test_reformed_with_a_list_value_gives_the_reform_error():
    with pytest.raises(InputError) as e:
        reformed("xizang-2024", {"set": ["catastrophic.deductible.high=4000"]})
    assert e.value.field == "reform['set']" and "unknown path" in e.value.problem


def test_a_huge_policy_value_gives_a_short_check_message(tmp_path):
    folder = tmp_path / "policies"
    shutil.copytree(policies_dir(), folder)
    path = folder / "lhasa-2025.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      value: 400\n" in text
    path.write_text(text.replace("      value: 400\n", "      value: 1e999\n", 1), encoding="utf-8")
    res = check_policies(folder)
    mine = [p for p in res.problems if p.file == "lhasa-2025.yaml" and p.key_path.startswith("premium.tiers")]
    assert mine and all(len(p.reason) < 300 for p in mine), [p.reason[:80] for p in mine]
