"""settle_dask / year_dask on a local scheduler equal the pandas tables exactly."""

from __future__ import annotations

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest

from yibao.errors import InputError
from yibao.populations.dask_frame import compute_settlement, settle_dask, year_dask
from yibao.populations.frame import settle_frames


def _population(seed: int = 7, n: int = 200, m: int = 1200):
    rng = np.random.default_rng(seed)
    people = pd.DataFrame({
        "person_id": rng.permutation(np.arange(n) * 13 + 5),
        "tier": rng.choice(["high", "low"], n),
        "groups": rng.choice(["", "dibao", "tekun", "border_resident", "dibao_edge;monitored", "relapse_poverty"], n),
        "continuous_years": rng.integers(0, 15, n),
        "major_disease": rng.random(n) < 0.2,
    })
    kinds = rng.choice(["inpatient", "special_outpatient", "general_outpatient", "delivery"], m)
    claims = pd.DataFrame({
        "person_id": rng.choice(people["person_id"].to_numpy(), m),
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, m // 4).repeat(4), unit="D"),
        "kind": kinds,
        "cost_fen": rng.integers(0, 50_000_000, m),
        "level": pd.array(np.where(kinds == "inpatient", rng.integers(1, 4, m), 1), dtype="Int64"),
        "excluded": rng.choice([None, None, None, None, None, None, None, None, None, "abroad"], m),
    })
    claims.loc[claims["kind"] != "inpatient", "level"] = pd.NA
    claims.index = claims.index * 2 + 1  # not a plain range: labels must come back as given
    return people, claims


@pytest.mark.rules("T4", "T6", "T7", "T8", "T9", "T10", "T11")
@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_dask_equals_pandas(scheduler):
    people, claims = _population()
    want_claims, want_year = settle_frames(people, claims, "xizang-2024")
    pdd, cdd = dd.from_pandas(people, npartitions=3), dd.from_pandas(claims, npartitions=4)
    with dask.config.set(scheduler=scheduler):
        got_claims, got_year = compute_settlement(pdd, cdd, "xizang-2024")
    pd.testing.assert_frame_equal(got_claims.sort_index(), want_claims)
    pd.testing.assert_frame_equal(got_year.sort_index(), want_year)
    assert got_claims["basic"].sum() == want_claims["basic"].sum()


def test_dask_fen_output_and_bad_rows():
    people, claims = _population(n=40, m=100)
    pdd = dd.from_pandas(people, npartitions=2)
    with dask.config.set(scheduler="sync"):
        got = settle_dask(pdd, dd.from_pandas(claims, npartitions=2), "xizang-2024", money="fen").compute()
        assert got["basic_fen"].dtype == np.int64
        bad = claims.assign(cost_fen=claims["cost_fen"].where(claims.index != claims.index[7], -1))
        with pytest.raises(InputError, match=rf"claims\.cost_fen: negative in row {claims.index[7]}"):
            settle_dask(pdd, dd.from_pandas(bad, npartitions=2), "xizang-2024").compute()


def _sorted_parquet(tmp_path, n: int = 300, m: int = 1800):
    """People and claims written by dd.to_parquet sorted by person_id, the usual layout of a population."""
    people, claims = _population(n=n, m=m)
    people = people.sort_values("person_id").reset_index(drop=True)
    claims = claims.sort_values("person_id", kind="stable")
    dd.from_pandas(people, npartitions=3, sort=False).to_parquet(tmp_path / "people")
    dd.from_pandas(claims, npartitions=4, sort=False).to_parquet(tmp_path / "claims")
    return dd.read_parquet(tmp_path / "people"), dd.read_parquet(tmp_path / "claims")


@pytest.mark.rules("T4", "T6", "T7", "T8", "T9", "T10", "T11")
def test_dask_on_sorted_parquet_lines_people_and_claims_up(tmp_path):
    """Both tables sorted by person_id (as to_parquet writes them): every claim finds its person (the
    divisions are computed once for both sides), and the result is the pandas one to the fen."""
    pdd, cdd = _sorted_parquet(tmp_path)
    people, claims = pdd.compute(), cdd.compute()
    want_claims, want_year = settle_frames(people, claims, "xizang-2024")
    with dask.config.set(scheduler="sync"):
        got_claims, got_year = compute_settlement(pdd, cdd, "xizang-2024", npartitions=5)
    pd.testing.assert_frame_equal(got_claims.sort_index(), want_claims.sort_index())
    pd.testing.assert_frame_equal(got_year.sort_index(), want_year.sort_index())


@pytest.mark.rules("T4", "T6", "T7", "T8", "T9", "T10", "T11")
def test_dask_on_a_local_cluster_of_processes_equals_pandas(tmp_path):
    """Two worker processes (the policy travels in the graph, yibao is imported on the workers): the
    sorted parquet tables give the pandas result to the fen."""
    import distributed  # in the population extra
    pdd, cdd = _sorted_parquet(tmp_path)
    want_claims, want_year = settle_frames(pdd.compute(), cdd.compute(), "xizang-2024")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit="1GiB") as cluster, distributed.Client(cluster) as client:
        got_claims, got_year = client.compute([settle_dask(pdd, cdd, "xizang-2024"),
                                               year_dask(pdd, cdd, "xizang-2024")], sync=True)
    pd.testing.assert_frame_equal(got_claims.sort_index(), want_claims.sort_index())
    pd.testing.assert_frame_equal(got_year.sort_index(), want_year.sort_index())
    assert got_claims["basic"].sum() == want_claims["basic"].sum() > 0
