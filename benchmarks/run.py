#!/usr/bin/env python3
"""Throughput of the table path on synthetic populations (not part of the test suite).

    python benchmarks/run.py                       # 100 000 and 1 000 000 people, ~5 claims each
    python benchmarks/run.py --people 10000 --policy xizang-2024

Each population size runs in its own process, so the peak memory printed (ru_maxrss) is that size's.
Rows per second for: premiums (``premium_frame``), the full three-layer settlement
(``settle_frames``: validation, sorting, basic + catastrophic + assistance, per-claim and per-person
tables; int64 fen output, and the decimal128 output), the same inside the kernels only
(``settle_arrays``), the Tibet inpatient basic layer in the kernels next to a minimal hand-written
numpy expression of it (the floor), and the scalar ``settle()`` in a Python loop on a sample.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

GROUPS = ["", "", "", "", "", "", "dibao", "tekun", "dibao_edge", "monitored", "border_resident", "relapse_poverty",
          "orphan", "dibao;border_resident"]
# No employee outpatient bills: T18 states no rate, so the policies refuse them (issue 10).
KINDS = ["inpatient", "special_outpatient", "general_outpatient", "delivery"]
KIND_P = [0.3, 0.15, 0.52, 0.03]


def population(n: int, per: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    people = pd.DataFrame({
        "person_id": np.arange(n, dtype=np.int64),
        "tier": pd.Categorical.from_codes(rng.integers(0, 2, n), ["high", "low"]),
        "groups": pd.Categorical(rng.choice(GROUPS, n)),
        "continuous_years": rng.integers(0, 16, n),
        "sex": pd.Categorical(rng.choice(["female", "male"], n)),
        "age": rng.integers(0, 95, n),
        "major_disease": rng.random(n) < 0.05,  # a 重特大疾病 patient: the year's assistance cap (T11)
    })
    counts = rng.poisson(per, n)
    m = int(counts.sum())
    kind = rng.choice(len(KINDS), m, p=KIND_P)
    # log-normal costs: mostly small outpatient bills, a long tail of big admissions, up to 500000.00
    scale = np.array([8000_00, 20000_00, 150_00, 6000_00])[kind]
    cost = np.minimum((rng.lognormal(0, 1.0, m) * scale).astype(np.int64), 500_000_00)
    level = np.where(kind == 0, rng.integers(1, 4, m), 0)
    claims = pd.DataFrame({
        "person_id": np.repeat(people["person_id"].to_numpy(), counts),
        "date": (np.datetime64("2024-01-01") + rng.integers(0, 366, m).astype("timedelta64[D]")).astype(
            "datetime64[ns]"),
        "kind": pd.Categorical.from_codes(kind, KINDS),
        "cost_fen": cost,
        "level": pd.arrays.IntegerArray(level.astype(np.int64), level == 0),
    })
    return people, claims


CPU: dict[str, float] = {}


def timed(f, *a, **kw):
    """(result, wall seconds); the process CPU seconds go to ``CPU`` (the load of other processes on a
    shared machine inflates wall time, not CPU time, of this single-threaded code)."""
    t, c = time.perf_counter(), time.process_time()
    r = f(*a, **kw)
    CPU[getattr(f, "__name__", "f")] = time.process_time() - c
    return r, time.perf_counter() - t


def one(n: int, per: float, seed: int, policy: str, sample: int) -> dict:
    from yibao import kernels as K
    from yibao.frame import _claim_arrays, _people_arrays, _Table, CLAIMS, PEOPLE_PREMIUM, PEOPLE_SETTLE
    from yibao.frame import premium_frame, settle_frames
    from yibao.policy import as_policy
    from yibao.settlement import Person, settle

    out: dict = {"people": n}
    (people, claims), t = timed(population, n, per, seed)
    out["claims"] = len(claims)
    out["generate_s"] = t
    pol = as_policy(policy)
    params = K.policy_params(pol)

    _, t = timed(premium_frame, people[["person_id", "tier", "groups", "sex", "age"]], pol, money="fen")
    out["premium_s"] = t
    (c_out, y_out), t = timed(settle_frames, people, claims, pol, money="fen")
    out["settle_fen_s"] = t
    out["settle_fen_cpu_s"] = CPU["settle_frames"]
    inv = int((c_out["basic_fen"] + c_out["catastrophic_fen"] + c_out["assistance_fen"] + c_out["out_of_pocket_fen"]
               != c_out["total_cost_fen"]).sum())
    out["invariant_violations"] = inv
    out["fund_basic_yuan"] = f"{K.yuan(int(c_out['basic_fen'].sum()))}"
    del c_out, y_out
    (c_dec, _), t = timed(settle_frames, people, claims, pol, money="decimal")
    out["settle_decimal_s"] = t
    out["settle_decimal_cpu_s"] = CPU["settle_frames"]
    out["load_average"] = os.getloadavg()[0]
    del c_dec

    # the kernels alone, on arrays prepared once (what the table path adds: reading and checking columns)
    pt = _Table(people, "people", PEOPLE_SETTLE + PEOPLE_PREMIUM, ("person_id",))
    ct = _Table(claims, "claims", CLAIMS, ("person_id", "date", "kind", "cost"))
    pa_ = _people_arrays(pt, pol, params)
    ca, t = timed(_claim_arrays, ct, pd.Index(people["person_id"]), pol)
    out["read_claims_s"] = t
    _, t = timed(K.settle_arrays, params, pa_, ca)
    out["kernels_3_layers_s"] = t

    # the Tibet inpatient basic layer: kernels vs a minimal numpy expression (the floor)
    ip = ca["kind"] == K.K_IP
    ipa = {k: v[ip] for k, v in ca.items()}
    out["inpatient_claims"] = int(ip.sum())
    r, t_k = timed(K.settle_arrays, params, pa_, ipa, layers=1)
    out["inpatient_basic_kernels_s"] = t_k

    def floor(cost, level, tier):
        # first-admission deductible and rate by level and tier; half-up to the fen; nothing else
        ded = np.where(level == 3, 400_00, 200_00)
        rate = np.where(level == 3, np.where(tier == 0, 8500, 6000), np.where(tier == 0, 9000, 6500))
        return (np.maximum(cost - ded, 0) * rate + 5000) // 10000

    tier_row = pa_["tier"][ipa["person"]]
    _, t_f = timed(floor, ipa["cost"], ipa["level"], tier_row)
    out["inpatient_basic_floor_s"] = t_f
    del r, ipa, ca

    # the scalar path in a Python loop, on a sample of people
    ids = people["person_id"].to_numpy()[:sample]
    sub = claims[claims["person_id"].isin(ids)]
    groups = people["groups"].astype(str).to_numpy()
    tiers = people["tier"].astype(str).to_numpy()
    years = people["continuous_years"].to_numpy()
    major = people["major_disease"].to_numpy()
    by = {pid: g for pid, g in sub.groupby("person_id", observed=True)}
    t = time.perf_counter()
    rows = 0
    for pid in ids:
        g = by.get(pid)
        if g is None:
            continue
        person = Person(pol, tier=tiers[pid], groups=[x for x in groups[pid].split(";") if x],
                        continuous_years=int(years[pid]), major_disease=bool(major[pid]))
        cl = [{"date": d.date(), "kind": k, "cost": K.yuan(c), "level": None if pd.isna(lv) else int(lv)}
              for d, k, c, lv in zip(g["date"], g["kind"], g["cost_fen"], g["level"])]
        settle(person, cl)
        rows += len(cl)
    out["scalar_rows"] = rows
    out["scalar_s"] = time.perf_counter() - t
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def report(r: dict) -> None:
    c = r["claims"]

    def rate(rows: int, s: float) -> str:
        return f"{rows / s:>13,.0f} rows/s  ({s:6.2f} s)"

    print(f"\n== {r['people']:,} people, {c:,} claims ({r['inpatient_claims']:,} inpatient)")
    print(f"premium_frame                          {rate(r['people'], r['premium_s'])}")
    print(f"settle_frames, 3 layers, fen out       {rate(c, r['settle_fen_s'])}")
    print(f"settle_frames, 3 layers, decimal out   {rate(c, r['settle_decimal_s'])}")
    print(f"  CPU seconds (fen, decimal out)       {r['settle_fen_cpu_s']:6.2f} s, {r['settle_decimal_cpu_s']:6.2f} s"
          f"   (load average {r['load_average']:.1f})")
    print(f"  of which reading/checking claims     {rate(c, r['read_claims_s'])}")
    print(f"  kernels only (settle_arrays)         {rate(c, r['kernels_3_layers_s'])}")
    print(f"inpatient basic layer, kernels         {rate(r['inpatient_claims'], r['inpatient_basic_kernels_s'])}")
    print(f"inpatient basic layer, numpy floor     {rate(r['inpatient_claims'], r['inpatient_basic_floor_s'])}"
          f"   kernels/floor = {r['inpatient_basic_kernels_s'] / r['inpatient_basic_floor_s']:.1f}x")
    print(f"scalar settle() loop (sample)          {rate(r['scalar_rows'], r['scalar_s'])}")
    print(f"peak memory (ru_maxrss)                {r['peak_rss_mb']:,.0f} MB")
    print(f"invariant violations                   {r['invariant_violations']}   basic paid {r['fund_basic_yuan']} yuan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--claims-per-person", type=float, default=5.0)
    ap.add_argument("--policy", default="xizang-2024")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--sample", type=int, default=2000, help="people settled by the scalar loop")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(one(a.one, a.claims_per_person, a.seed, a.policy, a.sample)))
        return 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}; policy {a.policy}")
    for n in a.people:
        cmd = [sys.executable, __file__, "--one", str(n), "--claims-per-person", str(a.claims_per_person),
               "--policy", a.policy, "--seed", str(a.seed), "--sample", str(a.sample)]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode:
            print(res.stderr, file=sys.stderr)
            return res.returncode
        report(json.loads(res.stdout.strip().splitlines()[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
