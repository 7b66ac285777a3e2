"""The ``yibao`` command answers the articles' worked examples; bad input exits 2 without a traceback."""

import json
import subprocess
import sys

import pytest

from yibao.calculators.compare import compare_premiums

r = pytest.mark.rules


def j(cli, *args):
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    return json.loads(out)


@r("L7")
def test_premium_40_plus_360(cli):
    out = j(cli, "premium", "--policy", "lhasa-2025", "--group", "低保对象")
    assert out["individual"] == "40.00" and out["standard"] == "400.00"
    assert out["paid_by"] == {"individual": "40.00", "medical_assistance": "360.00"}
    assert isinstance(out["assumptions"], list)


@r("L8")
def test_premium_160_plus_240(cli):
    out = j(cli, "premium", "--policy", "lhasa-2025", "--group", "low_income_alleviated", "--income", "10000")
    assert out["paid_by"] == {"individual": "160.00", "medical_assistance": "240.00"}


@r("T12")
def test_premium_38(cli):
    assert j(cli, "premium", "--policy", "xizang-2024", "--group", "dibao")["individual"] == "38.00"


@r("L5")
def test_premium_age_rule_from_the_command_line(cli):
    out = j(cli, "premium", "--policy", "lhasa-2025", "--tier", "low", "--sex", "male", "--birth-date", "1959-06-01")
    assert out["individual"] == "0.00" and out["paid_by"]["finance"] == "400.00"


@r("X4")
def test_coverage_keys(cli):
    out = j(cli, "coverage", "--policy", "xining-2025", "--paid-on", "2025-04-01", "--gap-years", "1")
    # after a break: the national fixed 3 months from payment (they hold the notice's 60 days) + 1 month
    # variable: 2025-04-01 + 4 months = 2025-08-01 (assumption xining_local_wait)
    assert (out["start"], out["end"]) == ("2025-08-01", "2025-12-31")
    assert (out["fixed_waiting_months"], out["variable_waiting_months"], out["waiting_months"]) == (3, 1, 4)


@r("F7")
def test_flexible_971_19(cli):
    assert j(cli, "flexible", "--average-wage", "10791")["monthly"] == "971.19"


@r("T21", "T22")
def test_maternity(cli):
    out = j(cli, "maternity", "--delivery", "caesarean", "--babies", "2", "--difficult")
    assert (out["lump_sum"], out["allowance_days"]) == ("9200.00", 180)  # 8000×1.15; 120+15+15+30


def test_policies_lists_years_and_sources(cli):
    out = j(cli, "policies")
    by_id = {p["id"]: p for p in out["policies"]}
    assert by_id["lhasa-2025"]["year"] == 2025 and "lhasa-2025" in by_id["lhasa-2025"]["sources"]


def test_chinese_text_by_default(cli):
    code, out, _ = cli("premium", "--policy", "xizang-2024", "--group", "dibao")
    assert code == 0 and "个人缴费 38.00 元" in out and "依据" in out


@r("C1")
def test_one_person_under_every_policy():
    rows = {pid: res for pid, res, _ in compare_premiums({"tier": "high", "groups": ["dibao"]}).rows}
    assert rows["lhasa-2025"].individual == 40 and rows["xizang-2024"].individual == 38
    assert rows["yuncheng-2024"].individual == 76 and rows["xining-2025"].individual == 200


@r("C1")
def test_compare_command(cli):
    out = j(cli, "compare", "--tier", "low")
    rows = {row["policy"]: row for row in out["policies"]}
    assert rows["lhasa-2025"]["result"]["individual"] == "220.00"
    # Tibet's 2024 low tier is Lhasa's 200 (assumption tibet_2024_low_tier); Yuncheng has one standard
    assert rows["xizang-2024"]["result"]["individual"] == "200.00"
    assert "tibet_2024_low_tier" in rows["xizang-2024"]["result"]["assumptions"]
    assert rows["yuncheng-2024"]["result"]["individual"] == "380.00"


@pytest.mark.parametrize("args, words", [
    (["premium", "--policy", "nowhere-2025"], "policy"),
    (["premium", "--policy", "lhasa-2025"], "tier"),
    (["premium", "--policy", "lhasa-2025", "--tier", "gold"], "high, low"),
    (["premium", "--policy", "lhasa-2025", "--tier", "high", "--group", "martian"], "group"),
    (["premium", "--policy", "lhasa-2025", "--tier", "high", "--age", "40", "--birth-date", "1990-01-01"], "argument --age"),
    (["premium", "--policy", "lhasa-2025", "--tier", "high", "--age", "forty"], "--age: 'forty' is not a whole number"),
    (["premium", "--policy", "lhasa-2025", "--tier", "high", "--income", "-3", "--group", "low_income_alleviated"], "income"),
    (["coverage", "--policy", "lhasa-2025", "--paid-on", "2025-02-29"], "paid_on"),
    (["coverage", "--policy", "lhasa-2025", "--paid-on", "2023-01-01"], "paid_on"),
    (["coverage", "--policy", "lhasa-2025", "--paid-on", "2025-01-05", "--gap-years", "x"], "--gap-years"),
    (["flexible", "--average-wage", "1,000"], "--average-wage"),
    (["maternity", "--delivery", "breech"], "delivery"),
    (["premium", "--policy", "lhasa-2025", "--bogus"], "unrecognized"),
])
def test_bad_input_exits_2_with_one_clear_line(cli, args, words):
    code, out, err = cli(*args)
    assert code == 2 and "Traceback" not in err and words in err and len(err.splitlines()) == 1


def test_installed_console_script_runs():
    """`python -m yibao.skins.cli` is what the `yibao` entry point calls."""
    done = subprocess.run([sys.executable, "-m", "yibao.skins.cli", "flexible", "--average-wage", "10791", "--json"],
                          capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["monthly"] == "971.19"


# ---- Chinese text a reader can trust (issue 10 §7)

def test_shared_parts_are_never_offered_as_policies(cli):
    code, _, err = cli("premium", "--policy", "_common")
    assert code == 2 and "unknown policy '_common'" in err and "_lhasa" not in err.split("allowed:")[1]
    ids = [p["id"] for p in j(cli, "policies")["policies"]]
    assert not any(i.startswith("_") for i in ids) and "lhasa-2025" in ids


@r("C1")
def test_compare_payers_and_tiers_in_chinese(cli):
    code, out, _ = cli("compare", "--group", "dibao")
    assert code == 0 and "医疗救助资金 360.00" in out and "高档" in out
    for code_word in ("medical_assistance", "government_aid", "| high |", "| standard |"):
        assert code_word not in out


@r("T17")
def test_waiting_lines_show_their_months(cli):
    code, out, _ = cli("coverage", "--policy", "lhasa-2025", "--paid-on", "2025-03-01", "--gap-years", "2",
                       "--backpaid-years", "1", "--tier", "high")
    assert code == 0 and "固定等待期3个月" in out and "变动等待期2个月" in out and "变动等待期共1个月" in out


@r("T22")
def test_maternity_lines_show_their_days(cli):
    code, out, _ = cli("maternity", "--delivery", "normal")
    assert "生育津贴基本天数120天" in out and "配偶护理津贴15天" in out


@r("C2")
def test_outside_documents_are_marked_not_quoted(cli):
    code, out, _ = cli("premium", "--policy", "national-2025")
    assert code == 0 and "外部文件" in out and "外部文件,未对照原文" in out
    assert "“人均财政补助标准达到每人每年不低于670元”" not in out


@r("X4", "X5")
def test_premium_job_changer_option(cli):
    out = j(cli, "premium", "--policy", "xining-2025", "--paid-on", "2025-08-10",
            "--employee-insurance-ended-on", "2025-06-01")
    assert (out["individual"], out["late_fiscal_share"]) == ("400.00", "0.00")  # X5: within 3 months


def test_a_command_imports_only_its_own_subcommand_module(tmp_path):
    """Building the parser imports the subcommand run, not the other command modules (each pulls in its
    calculators); ``yibao --help`` still lists every module of the folder."""
    code = ("import sys, contextlib, io\nfrom yibao.skins.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--lang', 'en', 'policies'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('yibao.skins.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['yibao.skins.commands.policies']"
    from yibao.skins.cli import build_parser, chosen_command, command_names

    names = command_names()
    assert chosen_command(["--lang", "en", "settle", "--policy", "x"], names) == "settle"
    assert chosen_command(["--help"], names) is None and chosen_command(["nonsense"], names) is None
    helps = build_parser()._actions[-1].choices  # every module, registered (its own help and options)
    assert set(helps) == set(names)
