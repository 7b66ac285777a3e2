"""``yibao settle`` and ``yibao incentive`` from the command line."""

from __future__ import annotations

import json

import pytest

from yibao.skins.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.rules("T7")
def test_settle_one_inpatient_json(capsys):
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high",
                       "--inpatient", "10000", "--level", "3", "--json")
    assert code == 0
    d = json.loads(out)
    assert (d["total_cost"], d["basic"], d["catastrophic"], d["assistance"], d["out_of_pocket"]) == (
        "10000.00", "8160.00", "0.00", "0.00", "1840.00")
    assert len(d["claims"]) == 1


@pytest.mark.rules("T8")
def test_settle_admission_option(capsys):
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high",
                       "--inpatient", "10000", "--level", "3", "--admission", "2", "--json")
    assert json.loads(out)["basic"] == "8262.00"   # (10000 − 280) × 85%


@pytest.mark.rules("T4", "T5", "T3", "T10", "T11")
def test_settle_other_single_claims(capsys):
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "low", "--outpatient", "150", "--json")
    assert json.loads(out)["basic"] == "60.00"    # (150 − 50) × 60%
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--continuous-years", "10",
                       "--special-outpatient", "1000", "--json")
    assert json.loads(out)["basic"] == "930.00"   # 1000 × 93%
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--group", "低保",
                       "--special-outpatient", "30000", "--json")
    d = json.loads(out)
    assert (d["catastrophic"], d["assistance"], d["out_of_pocket"]) == ("375.00", "2493.75", "131.25")


@pytest.mark.rules("T9", "T14")
def test_settle_incentive_amount(capsys):
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2025", "--tier", "high", "--incentive-amount", "5000",
                       "--special-outpatient", "2000000", "--json")
    assert code == 0 and json.loads(out)["catastrophic"] == "145000.00"


@pytest.mark.rules("T7")
def test_settle_text(capsys):
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--inpatient", "10000",
                       "--level", "3")
    assert code == 0 and "基本医保支付8160.00元" in out and "依据" in out


CSV = """date,kind,cost,level,outside_catalogue,excluded,label
2024-03-01,inpatient,10000,3,500,,阑尾炎
2024-05-01,住院,10000,3,,,
2024-06-01,general_outpatient,100,,,,
2024-07-01,general_outpatient,80,,,abroad,香港
"""


@pytest.mark.rules("T4", "T7", "T8", "F9")
@pytest.mark.parametrize("bom", [False, True])
def test_settle_claims_csv(capsys, tmp_path, bom):
    f = tmp_path / "claims.csv"
    f.write_text(CSV, encoding="utf-8-sig" if bom else "utf-8")
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f), "--json")
    assert code == 0
    d = json.loads(out)
    # 8160 + 8262 + (100 − 50) × 60% = 30; the abroad claim pays 0
    assert d["basic"] == "16452.00"
    assert d["total_cost"] == "20680.00"
    assert d["out_of_pocket"] == "4228.00"
    assert [c["reason_not_paid"] for c in d["claims"]] == [None, None, None, "abroad"]


@pytest.mark.rules("T7")
def test_settle_claims_json(capsys, tmp_path):
    f = tmp_path / "c.json"
    f.write_text(json.dumps({"claims": [{"date": "2024-03-01", "kind": "inpatient", "cost": 10000, "level": 2},
                                        {"date": "2024-04-01", "kind": "special_outpatient", "cost": "99.99"}]}),
                 encoding="utf-8")
    code, out, _ = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--claims", str(f), "--json")
    assert code == 0
    assert json.loads(out)["basic"] == "8909.99"   # 8820 + 99.99 × 90% = 89.991 → 89.99


@pytest.mark.rules("T6", "T7")
@pytest.mark.parametrize("text, needle", [
    ("date,kind\n2024-01-01,inpatient\n", "claims.csv, column cost"),
    ("date,kind,cost,level\n2024-01-01,inpatient,100,3\n2024-01-02,inpatient,100,7\n", "claims.csv row 2, column level"),
    ("date,kind,cost,colour\n2024-01-01,inpatient,100,red\n", "column colour"),
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
    (["--tier", "high", "--group", "nobody", "--outpatient", "1"], "--group"),
])
def test_settle_bad_options(capsys, argv, needle):
    code, out, err = run(capsys, "settle", "--policy", "xizang-2024", *argv)
    assert code == 2 and needle in err and "Traceback" not in err


@pytest.mark.rules("T14", "T15", "T16")
def test_incentive_cli(capsys, tmp_path):
    f = tmp_path / "h.csv"
    rows = "\n".join(f"{y},true,false,false" for y in range(2025, 2031))
    f.write_text("year,enrolled,fund_reimbursed,incentive_used\n" + rows + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "incentive", "--policy", "xizang-2025", "--history", str(f), "--year", "2031", "--json")
    assert code == 0
    d = json.loads(out)
    assert (d["continuous_amount"], d["zero_claim_amount"], d["cap"]) == ("3000.00", "6000.00", "149000.00")
    code, out, _ = run(capsys, "incentive", "--policy", "xizang-2025", "--history", str(f), "--year", "2031")
    assert "149000.00" in out


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
def test_claims_file_visit_column_caps_one_visit_once(capsys, tmp_path, suffix):
    # 甲 60 × 60% = 36.00, 乙 50 × 50% = 25.00, one visit v1: 50.00 (36.00 + 14.00)
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
    code, out, _ = run(capsys, "settle", "--policy", "yuncheng-2024", "--claims", str(path), "--json")
    d = json.loads(out)
    assert code == 0 and d["basic"] == "50.00" and [c["basic"] for c in d["claims"]] == ["36.00", "14.00"]
    assert [c["visit"] for c in d["claims"]] == ["v1", "v1"]


@pytest.mark.rules("T14", "T16")
def test_settle_2024_policy_refuses_an_incentive_amount(capsys):
    code, _, err = run(capsys, "settle", "--policy", "xizang-2024", "--tier", "high", "--inpatient", "10000",
                       "--level", "3", "--incentive-amount", "1000")
    assert code == 2 and "--incentive-amount" in err and "2025" in err
