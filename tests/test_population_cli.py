"""``yibao population``: a people table and a claims table from files through the table path, the
results written to files; with ``--scheduler`` on a Dask cluster. The numbers are those of
``settle_frames`` (worked by hand in tests/test_frame.py and docs/population.md)."""

from __future__ import annotations

import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from yibao.populations.frame import settle_frames
from yibao.skins.cli import main

PEOPLE = "person_id,tier,groups,continuous_years\n1,high,,3\n2,low,dibao;border_resident,12\n"
CLAIMS = ("person_id,date,kind,cost,level\n1,2024-02-01,inpatient,10000,3\n1,2024-03-01,inpatient,10000,3\n"
          "2,2024-05-05,special_outpatient,30000,\n")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.rules("T5", "T7", "T8")
def test_population_from_csv_writes_each_claim_and_each_persons_year(capsys, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    code, out, err = run(capsys, "population", "--policy", "xizang-2024", "--people", str(tmp_path / "people.csv"),
                         "--claims", str(tmp_path / "claims.csv"), "--out-claims", str(tmp_path / "out.parquet"),
                         "--out-people", str(tmp_path / "year.csv"), "--json")
    assert code == 0, err
    per_claim = pd.read_parquet(tmp_path / "out.parquet")
    # (10000 − 400) × 85% = 8160; second admission: (10000 − 280) × 85% = 8262; special outpatient, low: 63%
    assert per_claim["basic"].tolist() == [Decimal("8160.00"), Decimal("8262.00"), Decimal("18900.00")]
    year = pd.read_csv(tmp_path / "year.csv", dtype=str)
    assert year["basic"].tolist() == ["16422.00", "18900.00"]
    summary = json.loads(out)
    assert summary["people"] == 2 and summary["claims"] == 3 and summary["basic"] == "35322.00"
    # in words, money as a person reads it (JSON keeps "35322.00"): 8160 + 8262 + 18900 = 35,322.00 of 50,000.00
    code, out, err = run(capsys, "population", "--policy", "xizang-2024", "--people", str(tmp_path / "people.csv"),
                         "--claims", str(tmp_path / "claims.csv"), "--out-people", str(tmp_path / "year2.csv"))
    assert code == 0, err
    assert out.startswith("《西藏自治区 2024 年城乡居民医保待遇与资助(自治区医保局新闻发布会)》:2人,3笔费用共50,000.00 元;"
                          "基本医保支付35,322.00 元,"), out


def test_population_bad_files_say_so_on_one_line(capsys, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "claims.txt").write_text(CLAIMS, encoding="utf-8")
    base = ["population", "--policy", "xizang-2024", "--people", str(tmp_path / "people.csv")]
    for argv, needle in ((["--claims", str(tmp_path / "nowhere.csv")], "--claims"),
                         (["--claims", str(tmp_path / "claims.txt")], "--claims"),
                         (["--claims", str(tmp_path / "people.csv")], "费用明细")):
        code, out, err = run(capsys, *base, *argv)
        assert code == 2 and needle in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.rules("T4", "T6", "T7", "T8", "T9", "T10", "T11")
def test_population_on_a_dask_scheduler_equals_settle_frames(capsys, tmp_path):
    import distributed

    rng = np.random.default_rng(4)
    n, m = 120, 700
    people = pd.DataFrame({"person_id": np.arange(n), "tier": rng.choice(["high", "low"], n),
                           "groups": rng.choice(["", "dibao", "tekun", "border_resident"], n)})
    kinds = rng.choice(["inpatient", "special_outpatient", "general_outpatient"], m)
    claims = pd.DataFrame({"person_id": np.sort(rng.integers(0, n, m)),
                           "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, m), unit="D"),
                           "kind": kinds, "cost_fen": rng.integers(0, 30_000_000, m),
                           "level": pd.array(np.where(kinds == "inpatient", rng.integers(1, 4, m), 0), dtype="Int64")})
    claims.loc[claims["kind"] != "inpatient", "level"] = pd.NA
    people.to_parquet(tmp_path / "people.parquet")
    claims.to_parquet(tmp_path / "claims.parquet")
    want_claims, want_year = settle_frames(people, claims, "xizang-2024", money="fen")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit="1GiB") as cluster:
        code, out, err = run(capsys, "population", "--policy", "xizang-2024", "--people",
                             str(tmp_path / "people.parquet"), "--claims", str(tmp_path / "claims.parquet"),
                             "--out-claims", str(tmp_path / "out.parquet"), "--money", "fen", "--scheduler",
                             cluster.scheduler_address, "--partitions", "3", "--json")
    assert code == 0, err
    got = pd.read_parquet(tmp_path / "out.parquet").sort_index()
    assert (got["basic_fen"].to_numpy() == want_claims["basic_fen"].to_numpy()).all()
    assert (got["out_of_pocket_fen"].to_numpy() == want_claims["out_of_pocket_fen"].to_numpy()).all()
    summary = json.loads(out)
    assert summary["claims"] == m and summary["people"] == n
    assert Decimal(summary["basic"]) == Decimal(int(want_year["basic_fen"].sum())) / 100


@pytest.mark.rules("T5", "T7", "T8")
def test_population_on_dasks_threaded_scheduler_writes_what_pandas_writes(capsys, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    base = ["population", "--policy", "xizang-2024", "--people", str(tmp_path / "people.csv"), "--claims",
            str(tmp_path / "claims.csv")]
    assert run(capsys, *base, "--out-people", str(tmp_path / "local.csv"))[0] == 0
    code, out, err = run(capsys, *base, "--out-people", str(tmp_path / "dask.csv"), "--scheduler", "threads",
                         "--partitions", "2")
    assert code == 0, err
    local, dask = (pd.read_csv(tmp_path / f, dtype=str) for f in ("local.csv", "dask.csv"))
    pd.testing.assert_frame_equal(dask.sort_values("person_id").reset_index(drop=True), local)
    assert local["basic"].tolist() == ["16422.00", "18900.00"]  # 8160 + 8262; 30000 × 63%


@pytest.mark.parametrize("address", ["abc", "tcp://host:0", "host:99999", "tcp://a b:1"])
def test_population_refuses_what_is_not_a_scheduler_address_before_connecting(capsys, tmp_path, address):
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    code, _, err = run(capsys, "population", "--policy", "xizang-2024", "--people", str(tmp_path / "people.csv"),
                       "--claims", str(tmp_path / "claims.csv"), "--scheduler", address)
    assert code == 2 and "--scheduler" in err and err.count("\n") == 1
