"""``yibao settle`` and ``yibao incentive`` from the command line: each is the calculator behind it
(``settle()``, ``incentive()``), as JSON and as its explanation; the numbers are worked by hand in
tests/test_settlement.py and tests/test_incentives.py. Here: options and files read right, and bad
input refused on one line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from yibao.calculators.incentive import incentive, read_history
from yibao.settlement import Person, read_claims, settle
from yibao.skins.cli import main


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests match the messages' English text word for word (``YIBAO_LANG=en``); the Chinese
    default is checked in tests/test_messages.py and tests/test_chinese_refusals.py."""
    monkeypatch.setenv("YIBAO_LANG", "en")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def same(capsys, argv, person, claims):
    """The command's JSON and text are the calculator's (``to_dict()`` and ``explain()``)."""
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    want = settle(person, claims)
    assert json.loads(out) == json.loads(json.dumps(want.to_dict(), ensure_ascii=False))
    code, text, _ = run(capsys, *argv)
    assert code == 0 and text == want.explain() + "\n"
    return want


def inpatient(cost, level, day="2024-01-01", **kw):
    return {"date": day, "kind": "inpatient", "cost": cost, "level": level, **kw}


@pytest.mark.rules("T7")
def test_settle_one_inpatient_is_settle(capsys):
    # no --date: the claim is dated the policy's first day in force
    same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "high", "--inpatient", "10000", "--level", "3"],
         Person("xizang-2024", tier="high"), [inpatient("10000", 3)])


@pytest.mark.rules("T8")
def test_settle_admission_option_is_the_claims_admission(capsys):
    same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "high", "--inpatient", "10000", "--level", "3",
                  "--admission", "2"], Person("xizang-2024", tier="high"), [inpatient("10000", 3, admission=2)])


@pytest.mark.rules("T4", "T5", "T3", "T10", "T11")
def test_settle_other_single_claims_are_settle(capsys):
    day = "2024-01-01"
    same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "low", "--outpatient", "150"],
         Person("xizang-2024", tier="low"), [{"date": day, "kind": "general_outpatient", "cost": "150"}])
    same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "high", "--continuous-years", "10",
                  "--special-outpatient", "1000"], Person("xizang-2024", tier="high", continuous_years=10),
         [{"date": day, "kind": "special_outpatient", "cost": "1000"}])
    same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "high", "--group", "低保", "--major-disease",
                  "--special-outpatient", "30000", "--outside-catalogue", "12.5", "--date", "2024-05-01"],
         Person("xizang-2024", tier="high", groups=["dibao"], major_disease=True),
         [{"date": "2024-05-01", "kind": "special_outpatient", "cost": "30000", "outside_catalogue": "12.5"}])


@pytest.mark.rules("T9", "T14")
def test_settle_incentive_amount_is_the_persons(capsys):
    same(capsys, ["settle", "--policy", "xizang-2025", "--tier", "high", "--incentive-amount", "5000",
                  "--special-outpatient", "2000000"], Person("xizang-2025", tier="high", incentive_amount="5000"),
         [{"date": "2025-01-01", "kind": "special_outpatient", "cost": "2000000"}])


@pytest.mark.rules("T7")
def test_settle_text_cites_its_sources(capsys):
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--inpatient", "10000",
                       "--level", "3")
    assert code == 0 and "依据" in out and "基本医保支付" in out


CSV = """date,kind,cost,level,outside_catalogue,excluded,label
2024-03-01,inpatient,10000,3,500,,阑尾炎
2024-05-01,住院,10000,3,,,
2024-06-01,general_outpatient,100,,,,
2024-07-01,general_outpatient,80,,,abroad,香港
"""


@pytest.mark.rules("T4", "T7", "T8", "F9")
@pytest.mark.parametrize("bom", [False, True])
def test_settle_claims_csv_is_settle_of_the_files_claims(capsys, tmp_path, bom):
    f = tmp_path / "claims.csv"
    f.write_text(CSV, encoding="utf-8-sig" if bom else "utf-8")
    want = same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f)],
                Person("xizang-2024", tier="high"), read_claims(f))
    assert [c.reason_not_paid for c in want.claims] == [None, None, None, "abroad"]


@pytest.mark.rules("T7")
def test_settle_claims_json_is_settle_of_the_files_claims(capsys, tmp_path):
    f = tmp_path / "c.json"
    rows = [{"date": "2024-03-01", "kind": "inpatient", "cost": 10000, "level": 2},
            {"date": "2024-04-01", "kind": "special_outpatient", "cost": "99.99"}]
    f.write_text(json.dumps({"claims": rows}), encoding="utf-8")
    same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f)],
         Person("xizang-2024", tier="high"), [{**r, "cost": str(r["cost"])} for r in rows])


@pytest.mark.rules("T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T19", "T23", "F9")
def test_a_big_mixed_claims_file_read_as_a_table_is_settle_claim_by_claim(capsys, tmp_path):
    """The file is read column by column, each distinct value once: the result is the one of settle()
    given the rows as mappings, one by one (every kind, exclusions, emergencies, ethnic medicines,
    admission numbers, labels, outside-catalogue costs, repeated and blank cells)."""
    rng = np.random.default_rng(12)
    kinds = ["inpatient", "special_outpatient", "general_outpatient", "delivery", "住院", "门诊"]
    header = ["date", "kind", "cost", "level", "admission", "outside_catalogue", "ethnic_share", "excluded",
              "designated", "emergency", "label"]
    rows = []
    for i in range(400):
        k = str(rng.choice(kinds))
        ip = k in ("inpatient", "住院")
        cost = f"{rng.integers(0, 8_000_000) / 100:.2f}" if i % 7 else "100"
        row = {"date": f"2024-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}", "kind": k, "cost": cost,
               "level": str(rng.integers(1, 4)) if ip else "",
               "admission": str(rng.integers(1, 4)) if ip and i % 11 == 0 else "",
               "outside_catalogue": "12.5" if i % 13 == 0 else "",
               "ethnic_share": "10" if ip and i % 5 == 0 and float(cost) >= 10 else "",
               "excluded": "abroad" if i % 17 == 0 else "", "designated": "no" if i % 19 == 0 else "",
               "emergency": "yes" if i % 38 == 0 else "", "label": f"医院{i % 3}" if i % 2 else ""}
        rows.append(row)
    f = tmp_path / "big.csv"
    f.write_text(",".join(header) + "\n" + "".join(",".join(r[h] for h in header) + "\n" for r in rows),
                 encoding="utf-8")
    person = Person("xizang-2024", tier="low", groups=["dibao"], continuous_years=11)
    same(capsys, ["settle", "--policy", "xizang-2024", "--tier", "low", "--group", "dibao", "--continuous-years",
                  "11", "--claims", str(f)], person, [{k: v for k, v in r.items() if v != ""} for r in rows])


@pytest.mark.rules("T6", "T7")
@pytest.mark.parametrize("text, needle", [
    ("date,kind\n2024-01-01,inpatient\n", "claims.csv, column cost"),
    ("date,kind,cost,level\n2024-01-01,inpatient,100,3\n2024-01-02,inpatient,100,7\n", "claims.csv row 2, column level"),
    ("date,kind,cost,colour\n2024-01-01,inpatient,100,red\n", "header, column 4"),
    ("date,kind,cost\n2024-01-01,general_outpatient,\"1,000\"\n", "row 1, column cost"),
    ("date,kind,cost\n2024-13-01,general_outpatient,10\n", "row 1, column date"),
    ("", "empty file"),
])
def test_settle_bad_claims_file(capsys, tmp_path, text, needle):
    f = tmp_path / "claims.csv"
    f.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f))
    assert code == 2 and needle in err and "Traceback" not in err and out == ""


@pytest.mark.rules("T7")
@pytest.mark.parametrize("argv, needle", [
    (["--tier", "high", "--inpatient", "100"], "--level"),
    (["--tier", "high", "--inpatient", "abc", "--level", "3"], "--inpatient"),
    (["--tier", "high", "--inpatient", "100", "--level", "9"], "--level"),
    (["--tier", "mid", "--outpatient", "100"], "tier"),
    (["--tier", "high"], "no claim"),
    (["--tier", "high", "--outpatient", "1", "--special-outpatient", "2"], "only one claim"),
    (["--tier", "high", "--claims", "/nonexistent.csv"], "--claims"),
    (["--tier", "high", "--group", "nobody", "--outpatient", "1"], "groups"),  # English names the field
])
def test_settle_bad_options(capsys, argv, needle):
    code, out, err = run(capsys, "settle", "--policy", "xizang-2024", *argv)
    assert code == 2 and needle in err and "Traceback" not in err


@pytest.mark.rules("T14", "T15", "T16")
def test_incentive_cli_is_incentive(capsys, tmp_path):
    f = tmp_path / "h.csv"
    rows = "\n".join(f"{y},true,false,false" for y in range(2025, 2031))
    f.write_text("year,enrolled,fund_reimbursed,incentive_used\n" + rows + "\n", encoding="utf-8")
    want = incentive("xizang-2025", read_history(f), 2031)
    code, out, _ = run(capsys, "incentive", "--policy", "xizang-2025", "--history", str(f), "--year", "2031", "--json")
    assert code == 0 and json.loads(out) == json.loads(json.dumps(want.to_dict(), ensure_ascii=False))
    code, out, _ = run(capsys, "incentive", "--policy", "xizang-2025", "--history", str(f), "--year", "2031")
    assert code == 0 and out == want.explain() + "\n"


@pytest.mark.rules("T14")
def test_incentive_cli_bad_input(capsys, tmp_path):
    f = tmp_path / "h.json"
    f.write_text('[{"year": 2025, "enrolled": true}, {"year": 2026, "enrolled": "maybe"}]', encoding="utf-8")
    code, _, err = run(capsys, "incentive", "--policy", "xizang-2025", "--history", str(f), "--year", "2027")
    assert code == 2 and "h.json row 2, column enrolled" in err and "Traceback" not in err
    code, _, err = run(capsys, "incentive", "--policy", "xizang-2025", "--year", "20x6")
    assert code == 2 and "year" in err


@pytest.mark.rules("Y6")
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_claims_file_visit_column_is_the_claims_visit(capsys, tmp_path, suffix):
    rows = [{"date": "2024-03-01", "kind": "pooled_outpatient", "cost": "60", "facility": "primary",
             "drug_class": "jia", "visit": "v1"},
            {"date": "2024-03-01", "kind": "pooled_outpatient", "cost": "50", "facility": "primary",
             "drug_class": "yi", "visit": "v1"}]
    path = tmp_path / f"claims{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(rows), encoding="utf-8")
    else:
        path.write_text("date,kind,cost,facility,drug_class,visit\n"
                        + "".join(",".join(r.values()) + "\n" for r in rows), encoding="utf-8")
    want = same(capsys, ["settle", "--policy", "yuncheng-2024", "--claims", str(path)], Person("yuncheng-2024"), rows)
    assert [c.claim.visit for c in want.claims] == ["v1", "v1"]


@pytest.mark.rules("T14", "T16")
def test_settle_2024_policy_refuses_an_incentive_amount(capsys):
    code, _, err = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--inpatient", "10000",
                       "--level", "3", "--incentive-amount", "1000")
    assert code == 2 and "incentive_amount" in err and "2025" in err


def mixed_rows(seed, n, kinds=("inpatient", "special_outpatient", "general_outpatient", "delivery", "住院", "门诊")):
    """Claims of every kind, with exclusions, emergencies, ethnic medicines, labels and identical rows."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        k = str(rng.choice(kinds))
        ip = k in ("inpatient", "住院")
        cost = f"{rng.integers(0, 8_000_000) / 100:.2f}" if i % 7 else "100"
        rows.append({"date": f"2024-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}", "kind": k, "cost": cost,
                     "level": str(rng.integers(1, 4)) if ip else "",
                     "admission": str(rng.integers(1, 4)) if ip and i % 11 == 0 else "",
                     "outside_catalogue": "12.5" if i % 13 == 0 else "",
                     "ethnic_share": "10" if ip and i % 5 == 0 and float(cost) >= 10 else "",
                     "excluded": "abroad" if i % 17 == 0 else "", "designated": "no" if i % 19 == 0 else "",
                     "emergency": "yes" if i % 38 == 0 else "", "label": f"医院{i % 3}" if i % 2 else ""})
    rows += rows[:3]  # identical bills: settled apart, and said
    return rows


def write_csv(path, rows):
    header = list(rows[0])
    path.write_text(",".join(header) + "\n" + "".join(",".join(str(r[h]) for h in header) + "\n" for r in rows),
                    encoding="utf-8")


@pytest.mark.rules("T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T17", "T19", "T23", "F9")
@pytest.mark.parametrize("options", [
    ["--tier", "low", "--group", "dibao", "--continuous-years", "11"],
    ["--tier", "high", "--group", "tekun", "--major-disease", "--waiting-until", "2024-03-01"],
    ["--tier", "high", "--cover-start", "2024-02-01", "--cover-end", "2024-11-30", "--continuous-years", "9"],
])
def test_a_claims_file_as_a_table_says_what_the_full_explanation_says_claim_by_claim(capsys, tmp_path, options):
    """--detail table: each claim's amounts, reason and notes, and the year's items, totals, state, notes and
    assumptions, exactly as the full explanation (which settle() gives) has them, but for the line items."""
    f = tmp_path / "year.csv"
    write_csv(f, mixed_rows(5, 600))
    argv = ["settle", "--policy", "xizang-2024", *options, "--claims", str(f), "--json"]
    code, full, _ = run(capsys, *argv, "--detail", "full")
    assert code == 0
    code, table, _ = run(capsys, *argv, "--detail", "table")
    assert code == 0
    full, table = json.loads(full), json.loads(table)
    for c in full["claims"]:
        del c["items"]
        # the table leaves to --detail full the note that depends on the claims before (T8's cheaper year)
        c["notes"] = [n for n in c["notes"] if not n.startswith("本次是年度内第")]
    assert table == full
    assert any(c["reason"] for c in table["claims"]) and table["assumptions"]


@pytest.mark.rules("T7", "T8")
def test_a_claims_file_as_a_table_in_text_has_one_line_per_claim(capsys, tmp_path):
    f = tmp_path / "year.csv"
    write_csv(f, [inpatient("10000", 3, "2024-03-01", label="阑尾炎"), inpatient("10000", 3, "2024-05-01", label=""),
                  {"date": "2024-07-01", "kind": "general_outpatient", "cost": "80", "level": "", "label": ""}])
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f),
                       "--detail", "table")
    lines = out.splitlines()
    # 10000 at level 3, high tier: (10000 − 400) × 85% = 8160; second admission 400 × 70% = 280: 9720 × 85% = 8262
    assert code == 0 and lines.count("第1笔 2024年3月1日 住院(三级医院) 阑尾炎:费用10,000.00 元;基本医保8,160.00 元,"
                                     "大病保险0.00 元,医疗救助0.00 元,个人负担1,840.00 元") == 1
    assert any(line.startswith("第2笔 2024年5月1日 住院(三级医院):费用10,000.00 元;基本医保8,262.00 元")
               for line in lines)
    assert sum(line.startswith("第") for line in lines) == 3 and "依据:" in out
    # the headline as the full explanation writes it: 20,080.00 in all; the outpatient bill (80 − 50 deductible)
    # × 60% = 18 (T4), so the fund pays 8,160 + 8,262 + 18 = 16,440.00 and the person 3,640.00
    assert lines[0] == ("年度结算:3笔费用共20,080.00 元,基本医保支付16,440.00 元,大病保险支付0.00 元,医疗救助0.00 元,"
                        "个人负担3,640.00 元。")


@pytest.mark.parametrize(("policy", "options", "rows"), [
    ("xizang-2024", ["--tier", "high"], [inpatient("10000", 3, "2024-03-01"), inpatient("250000", 3, "2024-05-01")]),
    # Yuncheng has neither catastrophic insurance nor medical assistance: neither is named
    ("yuncheng-2024", ["--cover-start", "2024-01-01"],
     [{"date": "2024-03-01", "kind": "pooled_outpatient", "cost": "1234.56", "facility": "primary",
       "drug_class": "jia"}]),
])
def test_a_claims_file_as_a_table_has_the_headline_of_the_full_explanation(capsys, tmp_path, policy, options, rows):
    f = tmp_path / "year.csv"
    write_csv(f, rows)
    argv = ["settle", "--policy", policy, *options, "--claims", str(f), "--detail"]
    (code_full, full, _), (code_table, table, _) = (run(capsys, *argv, d) for d in ("full", "table"))
    assert code_full == code_table == 0
    assert full.splitlines()[0] == table.splitlines()[0]
    claim = next(line for line in table.splitlines() if line.startswith("第1笔"))
    assert " 元," in table.splitlines()[0] and " 元;基本医保" in claim
    assert ("大病保险" in table.splitlines()[0]) == ("大病保险" in claim) == (policy == "xizang-2024")


def test_table_money_is_written_as_the_one_formatter_writes_it():
    from decimal import Decimal

    from yibao.format import yuan
    from yibao.settlement.year_table import yuan_texts

    fen = [0, 1, 99, 100, 123456, 100000000, 123456789012, -5, -123456]
    assert yuan_texts(np.array(fen)) == [yuan(Decimal(f) / 100) for f in fen]
    assert yuan_texts(np.array([816000])) == ["8,160.00 元"]


@pytest.mark.rules("T4", "T7", "F9")
def test_a_big_claims_file_explained_in_full_writes_each_clause_once(capsys, tmp_path, monkeypatch):
    """Beyond FULL_ROWS rows --detail full gives every line item; each clause is written once and referred
    to by number (JSON ``cite``, text ``依据〔k〕``); resolved, it is the explanation settle() gives."""
    from yibao.skins.commands import settle as command

    monkeypatch.setattr(command, "FULL_ROWS", 10)
    rows = mixed_rows(7, 40)
    f = tmp_path / "year.csv"
    write_csv(f, rows)
    argv = ["settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f), "--detail", "full"]
    want = settle(Person("xizang-2024", tier="high"), [{k: v for k, v in r.items() if v != ""} for r in rows])
    code, out, _ = run(capsys, *argv, "--json")
    data = json.loads(out)
    cites = data.pop("citations")
    assert code == 0 and len({json.dumps(c) for c in cites}) == len(cites)

    def resolve(item):
        k = item.pop("cite")
        return {**item, **(cites[k] if k is not None else {"source": None, "quote": None, "path": ""})}

    data["items"] = [resolve(i) for i in data["items"]]
    for c in data["claims"]:
        c["items"] = [resolve(i) for i in c["items"]]
    expected = json.loads(json.dumps(want.to_dict(), ensure_ascii=False))
    assert json.dumps(data, sort_keys=True) == json.dumps(expected, sort_keys=True)
    code, text, _ = run(capsys, *argv)
    listed = dict(line.split("〕", 1) for line in text.split("\n依据:\n")[1].splitlines())
    full = "\n".join(line.split("依据〔")[0] + "依据:" + listed["〔" + line.split("依据〔")[1][:-1]]
                     if "依据〔" in line else line for line in text.split("\n\n依据:\n")[0].splitlines())
    assert code == 0 and full == want.explain()
    assert text.count("依据〔") > len(listed)


def test_detail_only_for_a_claims_file(capsys):
    code, _, err = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--inpatient", "100",
                       "--level", "3", "--detail", "table")
    assert code == 2 and "--detail" in err


@pytest.mark.rules("Y3", "Y6")
def test_a_yuncheng_pooled_outpatient_file_as_a_table_says_what_the_full_explanation_says(capsys, tmp_path):
    rng = np.random.default_rng(3)
    rows = [{"date": f"2024-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}", "kind": "pooled_outpatient",
             "cost": f"{rng.integers(0, 20000) / 100:.2f}", "facility": str(rng.choice(["primary", "county_level2"])),
             "drug_class": str(rng.choice(["jia", "yi"])), "visit": f"v{i // 2}" if i % 3 else ""} for i in range(300)]
    f = tmp_path / "year.csv"
    write_csv(f, rows)
    argv = ["settle", "--policy", "yuncheng-2024", "--cover-start", "2024-02-20", "--retroactive-paid-on",
            "2024-02-20", "--claims", str(f), "--json"]
    full, table = (json.loads(run(capsys, *argv, "--detail", d)[1]) for d in ("full", "table"))
    for c in full["claims"]:
        del c["items"]
        # the table leaves to --detail full the note that depends on the claims before (T8's cheaper year)
        c["notes"] = [n for n in c["notes"] if not n.startswith("本次是年度内第")]
    assert table == full and any(c["notes"] for c in table["claims"])


@pytest.mark.parametrize("text", [
    "date,kind,cost\n2024-01-01,general_outpatient,10,7\n",  # a row longer than the header
    "date,kind,cost\n\n , , \n2024-01-01,general_outpatient,10\n2024-01-02,general_outpatient,1,2\n",  # blank rows
    "date,kind,cost\n2024-01-01,general_outpatient\n2024-01-02,general_outpatient,1,2\n",  # short, then long
    "date,kind,cost\n" + "2024-01-01,general_outpatient,10\n" * 4,  # too many rows
    "date,kind,cost\n2024-01-01,general_outpatient,1,2\n2024-01-02,general_outpatient,\"" + "9" * 140_000 + "\"\n",
    "date,kind,cost\n2024-01-02,general_outpatient,\"" + "9" * 140_000 + "\"\n" + "2024-01-01,x,1\n" * 4,
])
def test_a_claims_file_read_as_columns_refuses_what_the_row_reader_refuses(tmp_path, monkeypatch, text):
    """The column reader of claims files says what the row reader (read_rows) says, at the same row."""
    import yibao.user_tables as tables
    from yibao.errors import InputError
    from yibao.settlement import CLAIM_COLUMNS, CLAIM_REQUIRED, MOVED_COLUMNS

    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    f = tmp_path / "claims.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as rows:
        tables.read_rows(f, CLAIM_REQUIRED, CLAIM_COLUMNS, moved=MOVED_COLUMNS)
    with pytest.raises(InputError) as columns:
        read_claims(f)
    assert str(columns.value) == str(rows.value)


def test_blank_rows_of_a_claims_file_do_not_count(tmp_path):
    from yibao.errors import InputError

    f = tmp_path / "claims.csv"
    f.write_text("date,kind,cost\n\n , , \n2024-01-01,general_outpatient,10\n,,\n2024-01-02,general_outpatient,x\n",
                 encoding="utf-8")
    with pytest.raises(InputError, match=r"claims\.csv row 2, column cost"):
        read_claims(f)


@pytest.mark.rules("T18")
@pytest.mark.parametrize("text", ["date,kind,cost\n",
                                  "date,kind,cost\n2024-01-01,general_outpatient,10\n2024-01-02,employee_outpatient,10\n"])
def test_a_claims_file_as_a_table_ends_as_the_full_explanation_does(capsys, tmp_path, text):
    """An empty file, and a claim the policy states no rule for (not covered, naming the claim): the same."""
    f = tmp_path / "claims.csv"
    f.write_text(text, encoding="utf-8")
    argv = ["settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f), "--json"]
    full, table = (run(capsys, *argv, "--detail", d) for d in ("full", "table"))
    assert full == table and full[0] in (0, 2)


@pytest.mark.rules("T7")
def test_a_claims_file_as_a_table_asks_for_the_tier_as_the_full_explanation_does(capsys, tmp_path):
    """No tier guessed: an inpatient bill under a policy of two tiers (T7: 85% or 60%) needs --tier in
    either output, and a year of general outpatient bills (one rate) settles without it."""
    f = tmp_path / "year.csv"
    write_csv(f, [inpatient("10000", 3, "2024-03-01", label="")])
    for detail in ("table", "full"):
        code, _, err = run(capsys, "settle", "--policy", "xizang-2024", "--claims", str(f), "--detail", detail)
        assert code == 2 and "two benefit tiers" in err, (detail, err)
    write_csv(f, [{"date": "2024-07-01", "kind": "general_outpatient", "cost": "100", "level": "", "label": ""}])
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--claims", str(f), "--detail", "table")
    assert code == 0 and "基本医保支付30.00 元" in out  # (100 − 50) × 60% = 30 (T4)
