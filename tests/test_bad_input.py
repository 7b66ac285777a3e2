"""The catalogue of bad inputs (issue #7, docs/bad-input.md): each one, through the Python API, the
command line and (where they exist) the widgets, gives ONE clear message naming the field and what
is allowed, or is accepted where a reasonable user would expect it. Never a traceback, never a
silently wrong number.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal as D

import pytest

from yibao.calculators.coverage import coverage
from yibao.calculators.flexible import flexible_premium
from yibao.calculators.incentive import incentive, read_history
from yibao.calculators.maternity import maternity
from yibao.calculators.premium import premium
from yibao.errors import InputError, NotCovered, YibaoError
from yibao.money import parse_money
from yibao.settlement import Person, read_claims, settle

r = pytest.mark.rules


def refused(call, field: str) -> YibaoError:
    """``call()`` refuses with one InputError/NotCovered whose field contains ``field``."""
    with pytest.raises((InputError, NotCovered)) as e:
        call()
    err = e.value
    assert field in err.field, f"{err.field!r} does not name {field!r}: {err}"
    assert err.problem and "\n" not in str(err)
    if isinstance(err, InputError):
        assert err.allowed, f"no 'allowed' in {err}"
    return err


# ---------------------------------------------------------------- money (one parser for API, CLI, widgets)

MONEY_REFUSED = [
    ("", "empty"), ("   ", "empty"), ("-1", "negative"), ("-0.01", "negative"), ("－５", "negative"),
    ("NaN", "finite"), ("nan", "finite"), ("sNaN", "finite"), ("inf", "finite"), ("-Infinity", "finite"),
    ("abc", "not a number"), ("12.345", "two decimals"), ("0.001", "two decimals"),
    ("1,000", "not a number"), ("1，000", "not a number"), ("1_000", "not a number"), ("1 000", "not a number"),
    ("1e3", "not a number"), ("1E+30", "not a number"), ("0x10", "not a number"), ("¥100", "not a number"),
    ("100元", "not a number"), ("٣٠٠", "not a number"), ("1.2.3", "not a number"), ("--1", "not a number"),
    ("1000000000000.01", "too large"), (D("1E+40"), "too large"), (10 ** 40, "too large"), (D("NaN"), "finite"),
    (D("12.345"), "two decimals"), (-1, "negative"), (1.5, "float"), (True, "bool"), (None, "missing"),
]
MONEY_ACCEPTED = [
    ("1000", D("1000")), (" 1000 ", D("1000")), ("12.30", D("12.30")), ("12.", D("12")), (".5", D("0.5")),
    ("+5", D("5")), ("-0", D("0")), ("0", D("0")),
    ("１０００", D("1000")),       # full-width digits (Chinese input method): NFKC, accepted
    ("１２．５０", D("12.50")),    # full-width point too
    ("\u30001000\u3000", D("1000")),  # ideographic spaces around
    (1000, D("1000")), (D("971.19"), D("971.19")), ("1000000000000", D("1000000000000")),
]


@pytest.mark.parametrize("text, problem", MONEY_REFUSED)
def test_money_refused_names_the_field(text, problem):
    err = refused(lambda: parse_money(text, "cost"), "cost")
    assert problem in err.problem


@pytest.mark.parametrize("text, value", MONEY_ACCEPTED)
def test_money_accepted(text, value):
    got = parse_money(text, "cost")
    assert got == value and str(got)[0] != "-"


# ---------------------------------------------------------------- the Python API

L25 = "lhasa-2025"
TIBET = "xizang-2024"

API_CASES = [
    # policy ids
    ("unknown policy", lambda: premium("beijing-2025", tier="high"), "policy"),
    ("empty policy id", lambda: premium("", tier="high"), "policy"),
    ("policy None", lambda: premium(None), "policy"),
    ("policy as a path", lambda: premium("../policies/lhasa-2025", tier="high"), "policy"),
    ("sources.yaml is no policy", lambda: premium("sources", tier="high"), "policy"),
    ("NUL in policy id", lambda: premium("lhasa\x00-2025", tier="high"), "policy"),
    ("policy without flexible employment", lambda: flexible_premium("10791", policy="xining-2025"), "policy"),
    # tier, sex, groups
    ("unknown tier", lambda: premium(L25, tier="gold"), "tier"),
    ("no tier where there are two", lambda: premium(L25), "tier"),
    ("unknown sex", lambda: premium(L25, tier="high", sex="x"), "sex"),
    ("empty sex", lambda: premium(L25, tier="high", sex=""), "sex"),
    ("sex as a number", lambda: premium(L25, tier="high", sex=1), "sex"),
    ("unknown group", lambda: premium(L25, tier="high", groups=["martian"]), "group"),
    ("group None", lambda: premium(L25, tier="high", groups=[None]), "group"),
    ("newborn needy worker", lambda: premium(L25, groups=["newborn", "needy_worker"], birth_date="2025-03-01"),
     "groups"),
    ("infant needy worker", lambda: premium(L25, groups=["needy_worker"], birth_date="2025-03-01"), "groups"),
    ("infant needy worker by age", lambda: premium(L25, groups=["困难职工"], age=0), "groups"),
    # ages and birth dates
    ("age below 0", lambda: premium(L25, tier="high", age=-1), "age"),
    ("age above 150", lambda: premium(L25, tier="high", age=151), "age"),
    ("age as text", lambda: premium(L25, tier="high", age="40"), "age"),
    ("age as float", lambda: premium(L25, tier="high", age=40.5), "age"),
    ("age contradicts birth date", lambda: premium(L25, tier="high", age=40, birth_date="1960-01-01"), "age"),
    ("birth date 29 Feb 2025", lambda: premium(L25, tier="high", birth_date="2025-02-29"), "birth_date"),
    ("birth date in the future", lambda: premium(L25, tier="high", birth_date="2999-01-01"), "birth_date"),
    ("birth datetime in the future", lambda: premium(L25, tier="high", birth_date=dt.datetime(2999, 1, 1)),
     "birth_date"),
    ("birth date 225 years ago", lambda: premium(L25, tier="high", birth_date="1800-01-01"), "birth_date"),
    ("birth date empty", lambda: premium(L25, tier="high", birth_date=""), "birth_date"),
    ("birth date in words", lambda: premium(L25, tier="high", birth_date="yesterday"), "birth_date"),
    # income (money) and payment dates
    ("income empty", lambda: premium(L25, tier="high", income=""), "income"),
    ("income negative", lambda: premium(L25, tier="high", income="-3"), "income"),
    ("income NaN", lambda: premium(L25, tier="high", income="NaN"), "income"),
    ("income 1,000", lambda: premium(L25, tier="high", income="1,000"), "income"),
    ("income huge", lambda: premium(L25, tier="high", income="1e30"), "income"),
    ("income float", lambda: premium(L25, tier="high", income=9000.0), "income"),
    ("income needed and missing", lambda: premium(L25, groups=["low_income_alleviated"]), "income"),
    ("paid_on 1999", lambda: premium(L25, tier="high", paid_on="1999-01-01"), "paid_on"),
    ("paid_on after the year", lambda: premium("xining-2025", paid_on="2031-01-01"), "paid_on"),
    ("paid_on 13th month", lambda: premium(L25, tier="high", paid_on="2025-13-01"), "paid_on"),
    # coverage
    ("paid_on 29 Feb", lambda: coverage(L25, paid_on="2025-02-29"), "paid_on"),
    ("paid_on outside every policy", lambda: coverage(L25, paid_on="2023-01-01"), "paid_on"),
    ("paid_on missing", lambda: coverage(L25, paid_on=None), "paid_on"),
    ("paid_on empty", lambda: coverage(L25, paid_on=""), "paid_on"),
    ("gap years negative", lambda: coverage(L25, paid_on="2025-01-05", gap_years=-1), "gap_years"),
    ("gap years 101", lambda: coverage(L25, paid_on="2025-01-05", gap_years=101), "gap_years"),
    ("gap years text", lambda: coverage(L25, paid_on="2025-01-05", gap_years="2"), "gap_years"),
    ("gap years bool", lambda: coverage(L25, paid_on="2025-01-05", gap_years=True), "gap_years"),
    ("back-paid more than the gap", lambda: coverage(L25, paid_on="2025-01-05", gap_years=1, backpaid_years=2,
                                                     tier="high"),
     "backpaid_years"),
    ("born after paying", lambda: coverage(L25, paid_on="2025-01-05", birth_date="2025-02-01"), "birth_date"),
    ("born after paying (datetime)", lambda: coverage(L25, paid_on="2025-01-05",
                                                      birth_date=dt.datetime(2025, 2, 1)), "birth_date"),
    ("newborn without birth date", lambda: coverage(L25, paid_on="2025-01-05", groups=["newborn"]), "birth_date"),
    ("employee insurance end in words", lambda: coverage(L25, paid_on="2025-01-05",
                                                         employee_insurance_ended_on="last week"),
     "employee_insurance_ended_on"),
    ("coverage of a national policy", lambda: coverage("national-2025", paid_on="2025-01-05"), "policy"),
    # flexible employment, maternity
    ("average wage 0", lambda: flexible_premium("0", "lhasa-2024"), "average_wage"),
    ("average wage full-width comma", lambda: flexible_premium("10，791", "lhasa-2024"), "average_wage"),
    ("average wage infinite", lambda: flexible_premium("Infinity", "lhasa-2024"), "average_wage"),
    ("babies 0", lambda: maternity("xizang-2024", delivery="normal", babies=0), "babies"),
    ("babies 10", lambda: maternity("xizang-2024", delivery="normal", babies=10), "babies"),
    ("delivery breech", lambda: maternity("xizang-2024", delivery="breech"), "delivery"),
    # settlement: the person
    ("settle tier gold", lambda: Person(TIBET, tier="gold"), "tier"),
    ("settle no tier", lambda: settle(Person(TIBET), [{"date": "2024-03-01", "kind": "inpatient", "cost": "100",
                                                        "level": 3}]), "tier"),
    ("settle policy 123", lambda: Person(123, tier="high"), "policy"),
    ("continuous years negative", lambda: Person(TIBET, tier="high", continuous_years=-1), "continuous_years"),
    ("continuous years text", lambda: Person(TIBET, tier="high", continuous_years="ten"), "continuous_years"),
    ("incentive negative", lambda: Person(TIBET, tier="high", incentive_amount="-1"), "incentive_amount"),
    ("incentive huge", lambda: Person(TIBET, tier="high", incentive_amount="1e30"), "incentive_amount"),
    ("incentive above T16", lambda: Person("xizang-2025", tier="high", incentive_amount="28000.01"),
     "incentive_amount"),
    ("cover end before start", lambda: Person(TIBET, tier="high", cover_start="2024-05-01", cover_end="2024-04-01"),
     "cover_end"),
    ("waiting until 30 Feb", lambda: Person(TIBET, tier="high", waiting_until="2024-02-30"), "waiting_until"),
    ("retroactive without Y3", lambda: Person(TIBET, tier="high", retroactive_paid_on="2024-05-01"),
     "retroactive_paid_on"),
    ("retired maybe", lambda: Person(TIBET, tier="high", retired="maybe"), "retired"),
    ("unknown settle group", lambda: Person(TIBET, tier="high", groups=["vip"]), "groups"),
    # incentives
    ("history year twice", lambda: incentive("xizang-2025", [{"year": 2025, "enrolled": True},
                                                            {"year": 2025, "enrolled": False}], 2026),
     "history[1].year"),
    ("history missing a year", lambda: incentive("xizang-2025", [], 2027), "history"),
    ("history year in words", lambda: incentive("xizang-2025", [{"year": "next", "enrolled": True}], 2026),
     "history[0].year"),
    ("reimbursed but not enrolled", lambda: incentive("xizang-2025", [
        {"year": 2025, "enrolled": False, "fund_reimbursed": True}], 2026), "fund_reimbursed"),
    ("incentive year 99999", lambda: incentive("xizang-2025", [], 99999), "year"),
]


def claim(**kw):
    row = {"date": "2024-03-01", "kind": "general_outpatient", "cost": "100"}
    row.update(kw)
    return {k: v for k, v in row.items() if v is not ...}


CLAIM_CASES = [
    ("kind xray", claim(kind="xray"), "claims[0].kind"),
    ("kind missing", claim(kind=...), "claims[0].kind"),
    ("cost missing", claim(cost=...), "claims[0].cost"),
    ("cost empty", claim(cost=""), "claims[0].cost"),
    ("cost negative", claim(cost="-1"), "claims[0].cost"),
    ("cost NaN", claim(cost="NaN"), "claims[0].cost"),
    ("cost infinite", claim(cost="inf"), "claims[0].cost"),
    ("cost 12.345", claim(cost="12.345"), "claims[0].cost"),
    ("cost 1,000", claim(cost="1,000"), "claims[0].cost"),
    ("cost float", claim(cost=100.5), "claims[0].cost"),
    ("cost 1e30", claim(cost="1e30"), "claims[0].cost"),
    ("outside catalogue negative", claim(outside_catalogue="-5"), "claims[0].outside_catalogue"),
    ("level 7", claim(kind="inpatient", level=7), "claims[0].level"),
    ("level 3.5", claim(kind="inpatient", level="3.5"), "claims[0].level"),
    ("inpatient without level", claim(kind="inpatient"), "claims[0].level"),
    ("admission on outpatient", claim(admission=2), "claims[0].admission"),
    ("admission 0", claim(kind="inpatient", level=3, admission=0), "claims[0].admission"),
    ("ethnic share above cost", claim(kind="inpatient", level=3, ethnic_share="101"), "claims[0].ethnic_share"),
    ("ethnic share on outpatient", claim(ethnic_share="1"), "claims[0].ethnic_share"),
    ("pooled without facility", claim(kind="pooled_outpatient", drug_class="jia"), "claims[0].facility"),
    ("excluded aliens", claim(excluded="aliens"), "claims[0].excluded"),
    ("emergency maybe", claim(emergency="maybe"), "claims[0].emergency"),
    ("unknown column", claim(price="100"), "claims[0].price"),
    ("date 30 Feb", claim(date="2024-02-30"), "claims[0].date"),
    ("date missing", claim(date=...), "claims[0].date"),
    ("date in another year than the policy's", claim(date="2025-03-01"), "claims[0].date"),
    ("date before the policy", claim(date="2023-12-31"), "claims[0].date"),
]


@pytest.mark.parametrize("call, field", [c[1:] for c in API_CASES], ids=[c[0] for c in API_CASES])
def test_api_bad_input(call, field):
    refused(call, field)


@r("T4")
@pytest.mark.parametrize("row, field", [c[1:] for c in CLAIM_CASES], ids=[c[0] for c in CLAIM_CASES])
def test_api_bad_claim(row, field):
    refused(lambda: settle(Person(TIBET, tier="high"), [row]), field)


def test_api_claims_of_two_years_and_not_a_list():
    p = Person(TIBET, tier="high")
    refused(lambda: settle(p, [claim(), claim(date="2025-01-02")]), "claims[1].date")
    refused(lambda: settle(p, "claims.csv"), "claims")
    refused(lambda: settle(p, [5]), "claims[0]")
    refused(lambda: settle("me", []), "person")


def test_api_accepts_what_a_user_would_expect():
    # one group as a plain string is that group, not its letters
    assert premium(L25, groups="dibao").individual == 40
    # full-width digits, a datetime birth date, a compact ISO date
    assert premium(L25, groups=["low_income_alleviated"], income="９０００").individual == 160
    assert premium(L25, tier="high", birth_date=dt.datetime(1960, 1, 1), sex="女").age == 65
    assert coverage(L25, paid_on=dt.datetime(2025, 1, 5)).paid_on == dt.date(2025, 1, 5)
    # a needy worker with a birth date of an adult is fine
    assert premium(L25, groups=["needy_worker"], birth_date="1980-05-01").individual == 40


@r("L7")
def test_needy_worker_newborn_message_says_why():
    err = refused(lambda: premium(L25, groups=["newborn", "needy_worker"], birth_date="2025-03-01"), "groups")
    assert "needy_worker" in str(err) and "newborn" in str(err) and "trade union" in str(err)


# ---------------------------------------------------------------- duplicated bills: accepted, with a note


@r("T4")
def test_identical_bills_are_both_settled_with_a_note():
    res = settle(Person(TIBET, tier="high"), [claim(), claim(), claim(cost="50")])
    # deductible 50 on the first, then 60%: 30.00 + 60.00 + 30.00
    assert [c.basic for c in res.claims] == [D("30.00"), D("60.00"), D("30.00")]
    assert any("第2笔与第1笔完全相同" in n for n in res.notes)
    assert not any("第3笔" in n for n in res.notes)


# ---------------------------------------------------------------- the command line


def one_message(code, err, word):
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1 and err.startswith("yibao:"), err
    # the field is named, as the API names it (paid_on) or as the option (--paid-on)
    assert word.replace("_", "-") in err.replace("_", "-"), err


P = ["premium", "--policy", L25]
S = ["settle", "--policy", TIBET, "--tier", "high"]
C = ["coverage", "--policy", L25]
CLI_CASES = [
    (["premium", "--policy", "beijing-2025"], "policy"),
    (["premium", "--policy", "../policies/lhasa-2025", "--tier", "high"], "policy"),
    (["premium", "--policy", "sources", "--tier", "high"], "policy"),
    (["premium", "--policy", ""], "policy"),
    (P + ["--tier", "gold"], "tier"),
    (P + ["--tier", "high", "--sex", "x"], "sex"),
    (P + ["--tier", "high", "--group", "martian"], "group"),
    (P + ["--group", "newborn", "--group", "needy_worker", "--birth-date", "2025-03-01"], "groups"),
    (P + ["--tier", "high", "--age", "-1"], "age"),
    (P + ["--tier", "high", "--age", "151"], "age"),
    (P + ["--tier", "high", "--age", "forty"], "--age"),
    (P + ["--tier", "high", "--birth-date", "2025-02-29"], "birth_date"),
    (P + ["--tier", "high", "--birth-date", "2999-01-01"], "birth_date"),
    (P + ["--tier", "high", "--birth-date", "1800-01-01"], "birth_date"),
    (P + ["--group", "low_income_alleviated", "--income", ""], "income"),
    (P + ["--group", "low_income_alleviated", "--income", "NaN"], "income"),
    (P + ["--group", "low_income_alleviated", "--income", "1e30"], "income"),
    (P + ["--group", "low_income_alleviated", "--income", "1,000"], "income"),
    (P + ["--group", "low_income_alleviated", "--income", "12.345"], "income"),
    (P + ["--tier", "high", "--paid-on", "1999-01-01"], "paid_on"),
    (C + ["--paid-on", "2025-02-29"], "paid_on"),
    (C + ["--paid-on", "2023-01-01"], "paid_on"),
    (C + ["--paid-on", ""], "paid_on"),
    (C + ["--paid-on", "2025-01-05", "--gap-years", "-1"], "gap_years"),
    (C + ["--paid-on", "2025-01-05", "--gap-years", "1.5"], "--gap-years"),
    (C + ["--paid-on", "2025-01-05", "--group", "newborn"], "birth_date"),
    (["flexible", "--average-wage", "-10791"], "average_wage"),
    (["flexible", "--average-wage", "inf"], "average_wage"),
    (["flexible", "--average-wage", "1e30"], "average_wage"),
    (["maternity", "--delivery", "normal", "--babies", "0"], "babies"),
    (["maternity", "--delivery", "normal", "--babies", "two"], "--babies"),
    (S + ["--inpatient", "1e30", "--level", "3"], "--inpatient"),
    (S + ["--inpatient", "100", "--level", "7"], "--level"),
    (S + ["--inpatient", "100"], "--level"),
    (S + ["--outpatient", "12.345"], "--outpatient"),
    (S + ["--outpatient", "NaN"], "--outpatient"),
    (S + ["--outpatient", "-1"], "--outpatient"),
    (S + ["--outpatient", "100", "--date", "2030-01-01"], "date"),
    (S + ["--outpatient", "100", "--date", "2024-02-30"], "--date"),
    (S + ["--outpatient", "1", "--continuous-years", "-2"], "continuous_years"),
    (S + ["--outpatient", "1", "--incentive-amount", "1e30"], "incentive_amount"),
    (S + ["--outpatient", "1", "--cover-start", "2024-13-01"], "cover_start"),
    (["settle", "--policy", TIBET, "--tier", "gold", "--outpatient", "1"], "tier"),
    (["incentive", "--policy", "xizang-2025", "--year", "twenty"], "year"),
]


@pytest.mark.parametrize("args", [c[0] for c in CLI_CASES], ids=[" ".join(c[0][:1] + c[0][3:]) for c in CLI_CASES])
def test_cli_bad_input(cli, args):
    word = dict((tuple(a), w) for a, w in CLI_CASES)[tuple(args)]
    code, out, err = cli(*args)
    one_message(code, err, word)
    assert out == ""


def test_cli_full_width_money_is_accepted(cli):
    code, out, err = cli("flexible", "--average-wage", "１０７９１", "--json")
    assert code == 0 and json.loads(out)["monthly"] == "971.19"


# ---------------------------------------------------------------- claims files

HEADER = "date,kind,cost\n"
FILES = {
    "missing_column.csv": (b"date,kind\n2024-03-01,inpatient\n", "column cost"),
    "unknown_column.csv": ("date,kind,cost,price\n2024-03-01,门诊,1,2\n".encode(), "header, column 4"),  # its name is not shown back
    "twice_column.csv": ("date,kind,cost,cost\n2024-03-01,门诊,1,2\n".encode(), "column cost"),
    "gbk.csv": ((HEADER + "2024-03-01,住院,100\n").encode("gbk"), "gbk.csv"),
    "gbk_label.csv": ((HEADER.strip() + ",label\n2024-03-01,门诊,100,拉萨市人民医院门诊\n").encode("gbk"),
                      "gbk_label.csv"),
    "gb18030_bad_utf8.csv": ((HEADER + "2024-03-01,门诊特殊病,100\n").encode("gb18030"), "gb18030_bad_utf8.csv"),
    "utf16.csv": ((HEADER + "2024-03-01,门诊,100\n").encode("utf-16"), "utf16.csv"),
    "empty.csv": (b"", "empty.csv"),
    "only_blank_lines.csv": (b"\n\n  \n", "only_blank_lines.csv"),
    "too_many_cells.csv": ((HEADER + "2024-03-01,门诊,100,5\n").encode(), "row 1"),
    "bad_date.csv": ((HEADER + "2024-02-30,门诊,100\n").encode(), "row 1, column date"),
    "other_year.csv": ((HEADER + "2025-03-01,门诊,100\n").encode(), "date"),
    "two_years.csv": ((HEADER + "2024-03-01,门诊,100\n2025-03-01,门诊,100\n").encode(), "date"),
    "bad_cost.csv": ((HEADER + "2024-03-01,门诊,100\n2024-03-02,门诊,\"1,000\"\n").encode(), "row 2, column cost"),
    "huge_cost.csv": ((HEADER + "2024-03-01,门诊,1e30\n").encode(), "row 1, column cost"),
    "broken.json": (b"[{\"date\": \"2024-03-01\"", "broken.json"),
    "not_a_list.json": (b"{\"bills\": []}", "not_a_list.json"),
    "row_not_object.json": (b"[1, 2]", "row 1"),
    "json_missing.json": (b"[{\"date\": \"2024-03-01\", \"kind\": \"general_outpatient\"}]", "row 1, column cost"),
    "json_huge.json": (b"[{\"date\": \"2024-03-01\", \"kind\": \"general_outpatient\", \"cost\": 1e400}]",
                       "row 1, column cost"),
    "json_bool.json": (b"[{\"date\": \"2024-03-01\", \"kind\": \"general_outpatient\", \"cost\": true}]",
                       "row 1, column cost"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_bad_claims_file(cli, tmp_path, name):
    data, word = FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = cli(*S, "--claims", str(path))
    one_message(code, err, word)


@pytest.mark.parametrize("name", ["gbk.csv", "gbk_label.csv", "utf16.csv"])
def test_wrong_encoding_says_utf8(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(FILES[name][0])
    err = refused(lambda: read_claims(path), name)
    assert "UTF-8" in err.allowed


def test_missing_and_unreadable_claims_file(cli, tmp_path):
    one_message(*cli(*S, "--claims", str(tmp_path / "nope.csv"))[::2], "--claims")
    one_message(*cli(*S, "--claims", str(tmp_path))[::2], "--claims")


def test_claims_file_with_bom_and_chinese_is_accepted(cli, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffdate,kind,cost,level,label\n2024-03-01,住院,10000,3,阑尾炎·术后\n".encode())
    code, out, err = cli(*S, "--claims", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["basic"] == "8160.00"  # (10000 − 400) × 85%


def test_claims_file_with_accented_label_is_utf8_not_gbk(tmp_path):
    path = tmp_path / "label.csv"
    path.write_bytes((HEADER.strip() + ",label\n2024-03-01,门诊,100,Café Zoë\n").encode())
    assert read_claims(path)[0].label == "Café Zoë"


@r("T4")
def test_duplicated_rows_in_a_file_are_settled_with_a_note(cli, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text(HEADER + "2024-03-01,general_outpatient,100\n2024-03-01,general_outpatient,100\n",
                    encoding="utf-8")
    code, out, err = cli(*S, "--claims", str(path), "--json")
    res = json.loads(out)
    assert code == 0 and res["basic"] == "90.00"  # 30.00 + 60.00: both bills count
    assert any("完全相同" in n for n in res["notes"])


def test_history_file_bad_rows(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("year,enrolled\n2025,yes\n2025,no\n", encoding="utf-8")
    refused(lambda: read_history(path), "row 2, column year")
    path.write_text("year,enrolled\n2025,maybe\n", encoding="utf-8")
    refused(lambda: read_history(path), "row 1, column enrolled")


# ---------------------------------------------------------------- widgets (when yibao/skins/widgets.py exists)


def _widgets():
    pytest.importorskip("ipywidgets")
    return pytest.importorskip("yibao.skins.widgets")


@pytest.mark.parametrize("field, bad", [("income", "1,000"), ("income", "NaN"), ("income", "12.345"),
                                        ("birth_date", "2025-02-29"), ("birth_date", "2999-01-01"),
                                        ("paid_on", "1999-01-01")])
def test_widget_bad_entry_keeps_last_good_result(field, bad):
    w = _widgets()
    calc = w.premium_calculator(L25).set(groups=["low_income_alleviated"], income="9000")
    assert calc.error == "" and calc.result.individual == 160
    good = calc.output.value
    calc.set(**{field: bad})
    assert calc.errors[field].value and calc.error
    assert calc.result.individual == 160 and calc.output.value == good


def test_widget_full_width_income_is_accepted():
    w = _widgets()
    calc = w.premium_calculator(L25).set(groups=["low_income_alleviated"], income="９０００")
    assert calc.error == "" and calc.result.individual == 160


def test_widget_bad_cost_in_hospital_calculator():
    w = _widgets()
    calc = w.hospital_calculator(TIBET).set(tier="high", level=3, admissions=1, cost="10000")
    assert calc.error == ""
    calc.set(cost="1e30")
    assert calc.errors["cost"].value and calc.result.basic == D("8160.00")


# ---------------------------------------------------------------- issue #11: the second round

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from waiting import HANG, finishes  # noqa: E402

from yibao.policy.check import check_policies  # noqa: E402
from yibao.policy.loader import policies_dir  # noqa: E402

REAL_POLICIES = policies_dir()
BOMB = """
x_bomb:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A copy of policies/, used as the folder in use (YIBAO_POLICIES)."""
    d = tmp_path / "my-policies"
    d.mkdir()
    for f in REAL_POLICIES.glob("*.yaml"):
        shutil.copy(f, d / f.name)
    monkeypatch.setenv("YIBAO_POLICIES", str(d))
    return d


def _replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_alias_bomb_is_refused_within_a_second(cli, folder):
    (folder / "national-2025.yaml").write_text((folder / "national-2025.yaml").read_text() + BOMB)
    code, out, err = finishes(lambda: cli("check", "--json"))  # refused before any alias is expanded
    assert code == 1
    hit = [p for p in json.loads(out)["problems"] if p["file"] == "national-2025.yaml"]
    assert hit and "anchors and aliases" in hit[0]["reason"] and hit[0]["line"]
    code, out, err = finishes(lambda: cli("premium", "--policy", "xining-2025"))  # extends national-2025
    assert code == 3 and len(err.splitlines()) == 1 and str(folder) in err and "anchors" in err


@pytest.mark.parametrize("parent", ["../../../etc/passwd", "/etc/passwd", "sources", "../policies/_common",
                                    "national-2025.yaml", "NATIONAL-2025", "national-2025\x00"])
def test_extends_names_only_ids_of_the_folder(cli, folder, parent):
    _replace(folder, "xining-2025.yaml", "extends: [national-2025]", f"extends: [{json.dumps(parent)}]")
    res = check_policies(folder)
    assert any(p.file == "xining-2025.yaml" and p.key_path == "extends" and "unknown parent" in p.reason
               for p in res.problems), res.problems
    code, out, err = cli("premium", "--policy", "xining-2025")
    assert code == 3 and "extends" in err and "Traceback" not in err


def test_a_folder_named_like_a_policy_file_is_no_policy(cli, folder):
    (folder / "zz.yaml").mkdir()
    code, out, err = cli("premium", "--policy", "lhasa-2025", "--tier", "high", "--json")
    assert code == 0, err
    code, out, err = cli("policies")
    assert code == 0 and "zz" not in out
    code, out, err = cli("check", "--json")
    assert code == 1 and any(p["file"] == "zz.yaml" and "not a regular file" in p["reason"]
                             for p in json.loads(out)["problems"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_named_like_a_policy_file_cannot_block(cli, folder):
    os.mkfifo(folder / "pipe.yaml")
    code, out, err = finishes(lambda: cli("check", "--json"))  # a pipe never opened, so never waited on
    assert code == 1
    assert any(p["file"] == "pipe.yaml" for p in json.loads(out)["problems"])
    code, out, err = cli("premium", "--policy", "pipe")
    assert code == 2 and "unknown policy" in err


@pytest.mark.parametrize("name, old, new, key", [
    ("xizang-2024.yaml", "value: 140000", "value: 100000000000000000000000", "catastrophic.cap.value"),
    ("xining-2025.yaml", "days: 60", "days: 99999999999", "coverage.windows[x4_q2].days"),
    ("xining-2025.yaml", "year: 2025", "year: 99999", "year"),
    ("lhasa-2025.yaml", "in_force: {from: 2025-01-01, to: 2025-12-31}", "in_force: {from: 9999-12-31}",
     "in_force.from"),
    ("xizang-2024.yaml", "value: 0.85\n", "value: 0.85001\n", "basic.inpatient.levels[level_3].rate.high.value"),
    ("xizang-2024.yaml", "value: 400\n", "value: 400.001\n", "basic.inpatient.levels[level_3].deductible.value"),
    ("lhasa-2025.yaml", "in_force: {from: 2025-01-01, to: 2025-12-31}", "in_force: {from: 2025-01-01, to: 0}",
     "in_force.to"),
    ("xining-2025.yaml", "days: 60", "days: true", "coverage.windows[x4_q2].days"),
    ("xining-2025.yaml", "days: 60", "days: 1:30", "line"),
    ("xining-2025.yaml", "days: 60", "days: 0777", "line"),
])
def test_check_bounds_every_value_and_names_the_folder_in_use(cli, folder, name, old, new, key):
    _replace(folder, name, old, new)
    code, out, err = finishes(lambda: cli("check", "--json"))
    assert code == 1
    hits = [p for p in json.loads(out)["problems"] if p["file"] == name and key in p["key_path"]]
    assert hits and hits[0]["line"], json.loads(out)["problems"]
    pid = name[:-5]
    code, out, err = cli("premium", "--policy", pid, "--tier", "high")
    assert code == 3 and len(err.splitlines()) == 1 and "Traceback" not in err
    assert str(folder / name) in err and str(REAL_POLICIES) not in err and "policies/" not in err.replace(
        str(folder), "")


@pytest.mark.parametrize("args, field", [
    (["--inpatient", "100", "--level", "3", "--admission", "9223372036854775808"], "--admission"),
    (["--outpatient", "100", "--continuous-years", "100000000000000000000"], "continuous_years"),
    (["--inpatient", "100", "--level", "3", "--admission", "1_0"], "--admission"),
    (["--inpatient", "100", "--level", "3", "--admission", "٣"], "--admission"),
    (["--outpatient", "100", "--date", "2024-W10-1"], "--date"),
    (["--outpatient", "100", "--date", "20240230"], "--date"),
    (["--outpatient", "100", "--waiting-until", "9999-12-31"], "waiting_until"),
    (["--claims", ""], "--claims"),
    (["--claims", "claims.csv", "--outside-catalogue", "5"], "--outside-catalogue"),
])
def test_cli_numbers_and_dates_second_round(cli, args, field):
    code, out, err = cli(*S, *args)
    one_message(code, err, field)


def test_claims_file_is_never_echoed(cli, tmp_path):
    secret = "root:$6$s3cr3tsalt$abcdefghijklmnop:19000:0:99999:7:::"
    path = tmp_path / "shadow"
    path.write_text(secret + "\ndaemon:*:19000:0:99999:7:::\n", encoding="utf-8")
    code, out, err = cli(*S, "--claims", str(path))
    one_message(code, err, "not a claims file")
    assert "s3cr3t" not in err and "root" not in err and "daemon" not in err
    if Path("/etc/shadow").exists():
        code, out, err = cli(*S, "--claims", "/etc/shadow")
        assert code == 2 and len(err.splitlines()) == 1 and "root" not in err and "$" not in err


@pytest.mark.parametrize("name, data, word", [
    ("cell.csv", ("date,kind,cost,label\n2024-03-01,门诊,100," + "x" * 200_000 + "\n").encode(), "not valid CSV"),
    ("digits.json", ("[{\"date\": \"2024-03-01\", \"kind\": \"门诊\", \"cost\": 1" + "0" * 5000 + "}]").encode(),
     "row 1, column cost"),
    ("deep.json", ("[" * 100_000 + "]" * 100_000).encode(), "nested too deeply"),
    ("dup.json", b"[{\"date\": \"2024-03-01\", \"kind\": \"general_outpatient\", \"cost\": 1, \"cost\": 1000}]",
     "row 1, column cost: appears twice"),
    ("dup_top.json", b"{\"claims\": [], \"claims\": [{\"date\": \"2024-03-01\"}]}", "appears twice"),
    ("nan.json", b"[{\"date\": \"2024-03-01\", \"kind\": \"general_outpatient\", \"cost\": NaN}]", "not valid JSON"),
    ("int_date.json", b"[{\"date\": 20240301, \"kind\": \"general_outpatient\", \"cost\": 1}]", "row 1, column date"),
    ("nul.csv", b"date,kind,cost\n2024-03-01,\x00,1\n", "NUL"),
    ("binary.csv", bytes(range(256)) * 4, "binary.csv"),
    ("ansi_label.csv", "date,kind,cost,label\n2024-03-01,门诊,100,\x1b[2J\n".encode(), "column label"),
])
def test_claims_files_second_round(cli, tmp_path, name, data, word):
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = finishes(lambda: cli(*S, "--claims", str(path)))
    one_message(code, err, word)


def test_claims_path_a_folder_a_device_a_pipe(cli, tmp_path):
    one_message(*cli(*S, "--claims", str(tmp_path))[::2], "is a folder")
    if Path("/dev/zero").exists():
        one_message(*finishes(lambda: cli(*S, "--claims", "/dev/zero"))[::2], "not a regular file")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.csv")
        one_message(*cli(*S, "--claims", str(tmp_path / "fifo.csv"))[::2], "not a regular file")


@pytest.mark.parametrize("args, field", [
    (["--employment-ended-on", "9999-12-31"], "--employment-ended-on"),
    (["--employment-ended-on", "2024-05-01", "--average-wage", "abc"], "--average-wage"),
    (["--employment-ended-on", "2024-05-01", "--average-wage", "10791"], "--average-wage"),
    (["--average-wage", "10791", "--account-balance", "-5"], "--account-balance"),
    (["--average-wage", "10791", "--account-balance", "5000"], "--account-balance"),
    (["--average-wage", "10791", "--unemployment-benefit"], "--unemployment-benefit"),
])
def test_flexible_checks_every_option_given(cli, args, field):
    one_message(*cli("flexible", *args)[::2], field)


def test_flexible_end_of_the_supported_dates_works(cli):
    code, out, err = cli("flexible", "--employment-ended-on", "2199-12-31", "--json")
    assert code == 0 and json.loads(out)["stops_on"] == "2200-01-01"


def test_api_groups_and_missing_dates_like_the_cli():
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    assert Person(TIBET, tier="high", groups=None).groups == ()
    refused(lambda: Person(TIBET, tier="high", groups=5), "groups")
    refused(lambda: premium(L25, tier="high", groups=5), "group")
    refused(lambda: premium(L25, tier="high", birth_date=pd.NaT), "birth_date")
    refused(lambda: coverage(L25, paid_on=pd.NaT), "paid_on")
    refused(lambda: settle(Person(TIBET, tier="high"), [claim(date=pd.NaT)]), "claims[0].date")
    refused(lambda: settle(Person(TIBET, tier="high"), [claim(date=np.datetime64("NaT"))]), "claims[0].date")
    refused(lambda: settle(Person(TIBET, tier="high"), [claim(kind="inpatient", level=D("Infinity"))]),
            "claims[0].level")
    refused(lambda: settle(Person(TIBET, tier="high"), [claim(kind="inpatient", level=3, admission=2 ** 63)]),
            "claims[0].admission")
    refused(lambda: Person(TIBET, tier="high", continuous_years=10 ** 20), "continuous_years")
    refused(lambda: settle(Person(TIBET, tier="high"), [claim(cost=D("1E+12"))] * 101), "claims")
    # numpy numbers and pandas timestamps are what tables hold: accepted
    res = settle(Person(TIBET, tier="high", continuous_years=np.int64(10)),
                 [claim(kind="inpatient", level=np.int64(3), cost="10000", date=pd.Timestamp("2024-03-01"))])
    assert res.basic == D("8448.00")  # (10000 − 400) × (85% + 3%, T3)


def test_tables_refuse_overflowing_integers_and_move_major_disease_to_people():
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    from yibao.populations.frame import settle_frame, year_frame

    people = pd.DataFrame({"person_id": [1, 2], "tier": ["high", "high"], "groups": ["tekun", "tekun"]})
    claims = pd.DataFrame({"person_id": [1, 2], "date": ["2024-03-01"] * 2, "kind": ["special_outpatient"] * 2,
                           "cost": ["725000.05", "725000.05"]})
    for bad in (people.assign(continuous_years=pd.array([2 ** 63, 1], dtype="UInt64")),
                people.assign(continuous_years=[10 ** 20, 1])):
        refused(functools.partial(settle_frame, bad, claims, TIBET), "people.continuous_years")
    refused(lambda: settle_frame(people, claims.assign(cost_fen=pd.array([2 ** 64 - 1, 1], dtype="UInt64"))
                                 .drop(columns="cost"), TIBET), "claims.cost_fen")
    refused(lambda: settle_frame(people, claims.assign(admission=[np.int64(2 ** 62), 1]), TIBET), "claims.admission")
    refused(lambda: settle_frame(people, claims.assign(date=[pd.NaT, "2024-03-01"]), TIBET), "claims.date")
    refused(lambda: settle_frame(people, claims.assign(major_disease=[True, False]), TIBET), "claims.major_disease")
    low = people.assign(tier="low", major_disease=[True, False])
    year = year_frame(low, claims.assign(cost=["1450000.10", "1450000.10"]), TIBET)
    # tekun, low tier (test_settlement: 725000.05 leaves 150000.02 after basic and catastrophic):
    # 1450000.10 at 60% leaves 580000.04 self-paid, catastrophic 140000 (cap): left 440000.04, so
    # assistance (100%) is the person's cap: 300000 for the major-disease patient, 150000 otherwise.
    assert year["assistance"].tolist() == [D("300000.00"), D("150000.00")]
    assert year["assistance_major"].tolist() == [D("300000.00"), D("0.00")]
    assert year["assistance_ordinary"].tolist() == [D("0.00"), D("150000.00")]


def test_output_cut_short_by_the_reader_is_no_error(tmp_path):
    """``yibao … | head -1``: no BrokenPipeError traceback, status 0 (the output, some 500 kB, is far
    more than a pipe holds, so the pipe really breaks)."""
    path = tmp_path / "many.csv"
    path.write_text("date,kind,cost\n" + "".join(f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d},general_outpatient,{100 + i}\n"
                                                 for i in range(300)), encoding="utf-8")
    for tail in ("--json | head -c 10", "| head -1"):
        cmd = (f"{sys.executable} -m yibao.skins.cli settle --policy xizang-2024 --tier high --claims {path} {tail}; "
               "echo \"status=$?\" >&2")
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {cmd}"], capture_output=True, text=True, timeout=HANG)
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
        assert "status=0" in done.stderr and len(done.stdout) < 400


def test_policy_folder_in_use_that_is_not_one(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("YIBAO_POLICIES", str(tmp_path / "nowhere"))
    one_message(*cli("premium", "--policy", "lhasa-2025", "--tier", "high")[::2], "YIBAO_POLICIES")
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("YIBAO_POLICIES", str(tmp_path / "file"))
    one_message(*cli("settle", "--policy", "xizang-2024", "--outpatient", "1")[::2], "YIBAO_POLICIES")


def test_undecodable_names_are_written_as_escapes(cli, tmp_path):
    """A command-line value or file name that is not valid UTF-8 (a lone surrogate in Python) is shown
    escaped: the message is still written, on one line."""
    one_message(*cli("premium", "--policy", "\udcff\udcfe")[::2], "\\udcff")
    path = tmp_path / "\udcff.csv"
    try:
        path.write_text("date,kind,cost\n2024-03-01,x,1\n", encoding="utf-8")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system takes no such name")
    one_message(*cli(*S, "--claims", str(path))[::2], "column kind")


def test_claims_file_of_more_rows_than_one_persons_year(cli, tmp_path):
    from yibao.user_tables import MAX_ROWS

    path = tmp_path / "big.csv"
    path.write_text("date,kind,cost\n" + "2024-01-01,general_outpatient,1\n" * (MAX_ROWS + 1), encoding="utf-8")
    one_message(*cli(*S, "--claims", str(path))[::2], f"more than {MAX_ROWS} rows")


def test_api_yes_no_arguments_are_read_not_judged_by_truth():
    """``difficult="no"`` used to count as a difficult delivery (a non-empty string is true)."""
    from yibao.calculators.account_sharing import account_sharing
    from yibao.calculators.enrolment import eligibility
    from yibao.calculators.flexible import employee_insurance_stop

    assert maternity("xizang-2024", delivery="normal", difficult="no").allowance_days == maternity(
        "xizang-2024", delivery="normal").allowance_days
    assert maternity("xizang-2024", delivery="normal", difficult="是").allowance_days == maternity(
        "xizang-2024", delivery="normal", difficult=True).allowance_days
    refused(lambda: maternity("xizang-2024", delivery="normal", difficult="maybe"), "difficult")
    refused(lambda: employee_insurance_stop("2024-05-01", policy="lhasa-2024", receiving_unemployment_benefit=float("nan")),
            "receiving_unemployment_benefit")
    refused(lambda: account_sharing("spouse", "resident", "100", authoriser_balance="50", policy="xizang-2024",
                                    member_insured_in_region="maybe"), "member_insured_in_region")
    refused(lambda: account_sharing(["spouse"], "resident", "100", authoriser_balance="50", policy="xizang-2024"), "relation")
    refused(lambda: eligibility("lhasa-2025", category=["x"]), "category")


def test_api_lists_of_people_and_policies_checked():
    from yibao.calculators.compare import compare_premiums
    from yibao.calculators.premium import household_premium

    refused(lambda: household_premium(L25, members=5), "members")
    refused(lambda: household_premium(L25, members=["dibao"]), "members")
    refused(lambda: compare_premiums("dibao"), "person")
    refused(lambda: compare_premiums({"date": "2024-03-01"}), "person.date")
    refused(lambda: compare_premiums({}, policies="lhasa-2025"), "policies")


def test_table_cell_holding_a_list_or_mapping():
    pd = pytest.importorskip("pandas")
    from yibao.populations.frame import settle_frame
    from yibao.populations.premium_frame import premium_frame

    people = pd.DataFrame({"person_id": [1], "tier": ["high"], "sex": [{}]})
    refused(lambda: premium_frame(people.drop(columns="tier"), "lhasa-2025"), "people.sex")
    claims = pd.DataFrame({"person_id": [1], "date": ["2024-03-01"], "kind": ["inpatient"], "cost": ["100"],
                           "level": [3], "excluded": [["abroad"]]})
    refused(lambda: settle_frame(people.drop(columns="sex"), claims, TIBET), "claims.excluded")
