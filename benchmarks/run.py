#!/usr/bin/env python3
"""Speed of the settlement, side by side with a baseline commit in one run (not part of the test suite).

    python benchmarks/run.py                          # baseline: main; 100 000 and 1 000 000 people
    python benchmarks/run.py --baseline 740e208 --people 100000
    python benchmarks/run.py --no-baseline            # this checkout only

The baseline is the code of another commit (``git archive`` into a temporary folder, removed after),
run with the same interpreter and packages. Every measurement runs in its own process, the baseline's
and this checkout's one after the other on the same synthetic population (same seed), so that both
meet the same machine. Measured, each as the best of a few runs after a first one (the first, cold,
is shown too for the table path):

- the table path (``settle_frames``: reading and checking the columns, the three layers, the tables
  per claim and per person; decimal and int64-fen output), and premiums (``premium_frame``);
- the engine alone on prepared arrays, three layers;
- the inpatient basic layer of the engine next to a bare numpy expression of it (the floor: the
  first-admission deductible and the rate by level and tier, nothing else), on the same arrays;
- ``settle()`` for one person (one claim; five claims);
- ``yibao settle --claims`` on files of 100 000 and 200 000 rows (text output, and ``--json``), each
  a process of its own (wall, CPU and peak memory by ``/usr/bin/time``);
- one CLI call (``yibao premium``), a process of its own, best of five;
- the same three layers written by hand in pandas (``benchmarks/pandas_baseline.py``), checked to the fen
  against the engine.

Exactness: the per-claim layers of both versions are compared to the fen (a digest of the int64
fen columns), and the engine's basic layer equals the floor to the fen on every claim the floor's
model covers (first admissions, fewer than the T3 years).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GROUPS = ["", "", "", "", "", "", "dibao", "tekun", "dibao_edge", "monitored", "border_resident", "relapse_poverty",
          "orphan", "dibao;border_resident"]
# No employee outpatient bills: T18 states no rate, so the policies refuse them (issue 10).
KINDS = ["inpatient", "special_outpatient", "general_outpatient", "delivery"]
KIND_P = [0.3, 0.15, 0.52, 0.03]


def population(n: int, per: float, seed: int):
    import numpy as np
    import pandas as pd

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


def claims_file(path: Path, rows: int, seed: int) -> None:
    """One person's claims file of ``rows`` bills of 2024 (CSV)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    kinds = rng.choice(KINDS, rows, p=KIND_P)
    lines = ["date,kind,cost,level"]
    for k in kinds:
        level = str(rng.integers(1, 4)) if k == "inpatient" else ""
        lines.append(f"2024-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d},{k},"
                     f"{rng.integers(0, 5_000_000) / 100:.2f},{level}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- one version, one size (a child process)


def _best(f, runs: int = 5):
    """(result of the last run, best wall seconds, best CPU seconds) over ``runs`` runs."""
    wall = cpu = float("inf")
    r = None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        r = f()
        wall, cpu = min(wall, time.perf_counter() - t), min(cpu, time.process_time() - c)
    return r, wall, cpu


def _digest(*arrays) -> str:
    import numpy as np

    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a, dtype=np.int64).tobytes())
    return h.hexdigest()[:16]


class _Api:
    """The same measurements on this checkout's modules or on the baseline's (before issue 12)."""

    def __init__(self) -> None:
        try:
            from yibao.populations.frame import settle_frames
            from yibao.populations.premium_frame import premium_frame
            self.new = True
        except ImportError:
            from yibao.frame import premium_frame, settle_frames
            self.new = False
        self.settle_frames, self.premium_frame = settle_frames, premium_frame

    def arrays(self, people, claims, pol):
        """(engine run of three layers, basic layer on inpatient claims, floor arrays) on sorted arrays."""
        import numpy as np
        import pandas as pd

        if self.new:
            from yibao.policy.compiled import policy_params
            from yibao.populations import frame as F
            from yibao.populations.reading import Table, person_ids
            from yibao.settlement.arithmetic import sort_order
            from yibao.settlement.batch import settle_many
            from yibao.settlement.engine import settle_claims

            params = policy_params(pol)
            pt = Table(people, "people", F.PEOPLE_SETTLE + F.PEOPLE_PREMIUM, ("person_id",))
            ct = Table(claims, "claims", F.CLAIMS, ("person_id", "date", "kind", "cost"))
            pc = F.people_columns(pt, pol, params)
            cc = F.claim_columns(ct, person_ids(pt), pol)
            order = sort_order(cc.person, cc.day)
            cc = cc if order is None else cc.take(order)
            ip = cc.take(np.flatnonzero(cc.kind == 0))
            return (lambda: settle_many(params, pc, cc), lambda: settle_claims(params, pc, ip, layers=1).basic.pay,
                    (ip.cost, ip.level.astype(np.int64), pc.tier[ip.person], pc.years[ip.person], ip.person))
        from yibao.frame import CLAIMS, PEOPLE_PREMIUM, PEOPLE_SETTLE, _claim_arrays, _people_arrays, _Table

        from yibao import kernels as K

        params = K.policy_params(pol)
        pt = _Table(people, "people", PEOPLE_SETTLE + PEOPLE_PREMIUM, ("person_id",))
        ct = _Table(claims, "claims", CLAIMS, ("person_id", "date", "kind", "cost"))
        pa_ = _people_arrays(pt, pol, params)
        ca = _claim_arrays(ct, pd.Index(people["person_id"]), pol)
        order = K.sort_order(ca["person"], ca["day"])
        if order is not None:
            ca = {k: v[order] for k, v in ca.items()}
        ip = ca["kind"] == K.K_IP
        ipa = {k: v[ip] for k, v in ca.items()}
        return (lambda: K.settle_arrays(params, pa_, ca), lambda: K.settle_arrays(params, pa_, ipa, layers=1)["basic"],
                (ipa["cost"], ipa["level"], pa_["tier"][ipa["person"]], pa_["years"][ipa["person"]], ipa["person"]))


def floor(cost, level, tier):
    import numpy as np

    # the first-admission deductible and the rate by level and tier; half-up to the fen; nothing else
    ded = np.where(level == 3, 400_00, 200_00)
    rate = np.where(level == 3, np.where(tier == 0, 8500, 6000), np.where(tier == 0, 9000, 6500))
    return (np.maximum(cost - ded, 0) * rate + 5000) // 10000


def measure(n: int, per: float, seed: int, policy: str, file_rows: list[int]) -> dict:
    import numpy as np

    from yibao.policy import as_policy

    api = _Api()
    out: dict = {"people": n, "api": "issue-12" if api.new else "baseline"}
    people, claims = population(n, per, seed)
    out["claims"] = len(claims)
    pol = as_policy(policy)
    _, out["premium_s"], _ = _best(lambda: api.premium_frame(people[["person_id", "tier", "groups", "sex", "age"]],
                                                             pol, money="fen"))
    t = time.perf_counter()
    api.settle_frames(people, claims, pol, money="decimal")
    out["settle_first_s"] = time.perf_counter() - t
    _, out["settle_decimal_s"], out["settle_decimal_cpu_s"] = _best(
        lambda: api.settle_frames(people, claims, pol, money="decimal"))
    (c_out, _), out["settle_fen_s"], out["settle_fen_cpu_s"] = _best(
        lambda: api.settle_frames(people, claims, pol, money="fen"))
    layers = [c_out[f"{k}_fen"].to_numpy() for k in ("basic", "catastrophic", "assistance", "out_of_pocket")]
    out["digest"] = _digest(*layers)
    out["invariant_violations"] = int((sum(layers) != c_out["total_cost_fen"].to_numpy()).sum())
    del c_out, layers
    engine, basic, (cost, level, tier, years, person) = api.arrays(people, claims, pol)
    _, out["engine_s"], _ = _best(engine)
    out["inpatient_claims"] = len(cost)
    pay, out["basic_s"], _ = _best(basic, 5)
    low, out["floor_s"], _ = _best(lambda: floor(cost, level, tier), 5)
    # the floor knows no readmission (T8) and no 长缴多报 (T3): compared on first admissions below the T3 years
    first = np.ones(len(cost), dtype=bool)
    first[1:] = person[1:] != person[:-1]
    covered = first & (years < 10)
    out["floor_covered"] = int(covered.sum())
    out["floor_equal"] = bool((pay[covered] == low[covered]).all())
    out.update(_scalar(pol))
    out.update(_pandas(people, claims, pol, api))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["settle_decimal_peak_mb"] = _peak_of_settle(n, per, seed, policy)
    if file_rows:
        out.update(_claims_files(file_rows, seed))
        out.update(_cli_call())
    return out


def _pandas(people, claims, pol, api) -> dict:
    """The three layers written by hand in pandas, timed as the table path is, checked to the fen."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pandas_baseline import check, settle_pandas

    mine, best, cpu = _best(lambda: settle_pandas(people, claims))
    engine, _ = api.settle_frames(people, claims, pol, money="fen")
    return {"pandas_s": best, "pandas_cpu_s": cpu, "pandas_differ": check(people, claims, engine, mine)}


def _peak_of_settle(n: int, per: float, seed: int, policy: str) -> float:
    """Peak memory (MB) of a process that builds the population and runs settle_frames once (decimal out),
    less that of one that only builds it."""
    code = ("import sys; sys.path.insert(0, {bench!r}); from run import population; "
            "from yibao.policy import as_policy; p, c = population({n}, {per}, {seed}); pol = as_policy({policy!r})\n"
            "{run}")
    try:
        from yibao.populations.frame import settle_frames  # noqa: F401
        call = "from yibao.populations.frame import settle_frames; settle_frames(p, c, pol)"
    except ImportError:
        call = "from yibao.frame import settle_frames; settle_frames(p, c, pol)"
    peaks = []
    for run in ("pass", call):
        text = code.format(bench=str(Path(__file__).resolve().parent), n=n, per=per, seed=seed, policy=policy,
                           run=run)
        peaks.append(_timed([sys.executable, "-c", text])["peak_mb"])
    return peaks[1] - peaks[0]


def _timed(cmd: list[str]) -> dict:
    """Wall, CPU (user + system) seconds and peak memory (MB) of a command, by /usr/bin/time; output dropped."""
    res = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *cmd], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    wall, user, system, kb = res.stderr.strip().splitlines()[-1].split()
    if res.returncode:
        raise SystemExit(f"{cmd[:4]} failed: {res.stderr[-2000:]}")
    return {"wall": float(wall), "cpu": float(user) + float(system), "sys": float(system), "peak_mb": int(kb) / 1024}


def _cli_call() -> dict:
    """One ``yibao premium`` call in a process of its own: the best of five (wall and CPU)."""
    cmd = [sys.executable, "-m", "yibao.skins.cli", "premium", "--policy", "xizang-2024", "--tier", "high",
           "--birth-date", "1990-01-01"]
    if not (Path(os.environ.get("PYTHONPATH", str(ROOT))) / "yibao" / "skins" / "cli.py").exists():
        cmd[2] = "yibao.cli"
    runs = [_timed(cmd) for _ in range(5)]
    bare = min((_timed([sys.executable, "-c", "pass"]) for _ in range(3)), key=lambda r: r["wall"])
    return {"cli_s": min(r["wall"] for r in runs), "cli_cpu_s": min(r["cpu"] for r in runs),
            "python_s": bare["wall"], "python_cpu_s": bare["cpu"]}


def _scalar(pol) -> dict:
    from yibao.settlement import Person, settle

    one = Person(pol, tier="high")
    bill = [{"date": "2024-03-01", "kind": "inpatient", "cost": "10000", "level": 3}]
    five_person = Person(pol, tier="low", groups=["dibao"], continuous_years=12)
    five = [{"date": f"2024-0{m}-01", "kind": k, "cost": c, **({"level": 2} if k == "inpatient" else {})}
            for m, k, c in ((1, "inpatient", "30000"), (2, "general_outpatient", "300"),
                            (3, "special_outpatient", "5000"), (4, "inpatient", "80000"), (5, "delivery", "4000"))]
    for _ in range(100):
        settle(one, bill)

    def per_call(person, claims, k: int) -> float:
        return _best(lambda: [settle(person, claims) for _ in range(k)], 5)[1] / k

    return {"scalar_one_ms": per_call(one, bill, 300) * 1e3, "scalar_five_ms": per_call(five_person, five, 100) * 1e3}


def _claims_files(rows: list[int], seed: int) -> dict:
    """``yibao settle --claims`` on a file of each size, text and --json, each run a process of its own."""
    folder = Path(tempfile.mkdtemp(prefix="yibao-bench-"))
    out: dict = {"file_rows": rows}
    cli = "yibao.skins.cli" if (Path(os.environ.get("PYTHONPATH", str(ROOT))) / "yibao" / "skins").exists() \
        else "yibao.cli"
    # the baseline refuses more rows than its MAX_ROWS: lifted to time the file
    # (the limit's module: yibao.user_tables, or yibao.claims_io in a baseline from before it moved)
    lift = ("import importlib, importlib.util as u, runpy, sys; "
            "cio = importlib.import_module('yibao.user_tables' if u.find_spec('yibao.user_tables') "
            "else 'yibao.claims_io'); cio.MAX_ROWS = max(cio.MAX_ROWS, {rows}); "
            "sys.argv = ['yibao', *sys.argv[1:]]; runpy.run_module({cli!r}, run_name='__main__')")
    try:
        for n in rows:
            path = folder / f"claims{n}.csv"
            claims_file(path, n, seed)
            for key, extra in (("text", []), ("json", ["--json"])):
                r = _timed([sys.executable, "-c", lift.format(rows=n, cli=cli), "settle", "--policy", "xizang-2024",
                            "--tier", "high", "--claims", str(path), *extra])
                for k, v in r.items():
                    out[f"file{n}_{key}_{k}"] = v
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


# ---------------------------------------------------------------- the run


def _baseline_tree(ref: str) -> tuple[Path, str]:
    """The code of commit ``ref``, unpacked into a temporary folder (``git archive``: no worktree is added)."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", ref], check=True, capture_output=True,
                         text=True).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix=f"yibao-baseline-{sha}-"))
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(folder, filter="data")
    return folder, sha


def _child(root: Path, n: int, a: argparse.Namespace, file_rows: list[int]) -> dict:
    cmd = [sys.executable, __file__, "--one", str(n), "--claims-per-person", str(a.claims_per_person), "--policy",
           a.policy, "--seed", str(a.seed), "--file-rows", *(str(r) for r in file_rows or [0])]
    env = {**os.environ, "PYTHONPATH": str(root), "YIBAO_POLICIES": str(root / "policies")}
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root)
    if res.returncode:
        raise SystemExit(f"benchmark child failed ({root}):\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def report(before: dict | None, after: dict, label: str) -> None:
    c = after["claims"]

    def rate(rows: int, s: float | None) -> str:
        return "" if s is None else f"{rows / s:>12,.0f}/s {s:7.3f} s"

    def row(name: str, key: str, rows: int, faster: bool = True) -> None:
        b = before.get(key) if before else None
        x = after.get(key)
        gain = f"{b / x:5.1f}x" if b and x and faster else ""
        print(f"  {name:44s} {rate(rows, b):>26s} {rate(rows, x):>26s} {gain}")

    print(f"\n== {after['people']:,} people, {c:,} claims ({after['inpatient_claims']:,} inpatient)"
          f"        {'before (' + label + ')':>26s} {'after':>26s}")
    row("premium_frame (people)", "premium_s", after["people"])
    row("settle_frames, 3 layers, decimal out", "settle_decimal_s", c)
    row("settle_frames, 3 layers, int64 fen out", "settle_fen_s", c)
    row("settle_frames, first call in the process", "settle_first_s", c)
    row("engine alone, 3 layers, sorted arrays", "engine_s", c)
    row("inpatient basic layer, engine", "basic_s", after["inpatient_claims"])
    row("inpatient basic layer, numpy floor", "floor_s", after["inpatient_claims"])
    row("3 layers by hand in pandas (baseline)", "pandas_s", c)
    for who, r in (("before", before), ("after", after)):
        if r and "pandas_s" in r:
            print(f"  settle_frames / hand-written pandas, {who}: {r['pandas_s'] / r['settle_decimal_s']:.2f}x the "
                  f"rows/s (decimal out), {r['pandas_s'] / r['settle_fen_s']:.2f}x (fen out); pandas differs from the "
                  f"engine on {r['pandas_differ']} claims")
            if "pandas_cpu_s" in r and "settle_fen_cpu_s" in r:
                dec, fen, pan = r["settle_decimal_cpu_s"], r["settle_fen_cpu_s"], r["pandas_cpu_s"]
                print(f"    by CPU time (steadier on a loaded machine): {pan / dec:.2f}x (decimal out, "
                      f"{c / dec:,.0f} rows per CPU second), {pan / fen:.2f}x (fen out); pandas "
                      f"{c / pan:,.0f} rows per CPU second")
    for who, r in (("before", before), ("after", after)):
        if r:
            print(f"  basic layer / floor, {who}: {r['basic_s'] / r['floor_s']:.2f}x")
    for key, name in (("scalar_one_ms", "settle(), one claim"), ("scalar_five_ms", "settle(), five claims")):
        print(f"  {name:44s} {(f'{before[key]:.3f} ms' if before else ''):>26s} {after[key]:>23.3f} ms")
    _report_cli(before, after)
    peak = f"{before['peak_rss_mb']:,.0f} MB" if before else ""
    print(f"  {'peak memory of the run (ru_maxrss)':44s} {peak:>26s} {after['peak_rss_mb']:>23,.0f} MB")
    peak = f"{before['settle_decimal_peak_mb']:,.0f} MB" if before and "settle_decimal_peak_mb" in before else ""
    print(f"  {'settle_frames decimal: peak over the input':44s} {peak:>26s} "
          f"{after['settle_decimal_peak_mb']:>23,.0f} MB")
    same = before is None or before["digest"] == after["digest"]
    print(f"  per-claim layers identical to the fen: {'yes' if same else 'NO'} (digest {after['digest']}); "
          f"invariant violations {after['invariant_violations']}; basic layer == floor on the "
          f"{after['floor_covered']:,} claims it covers: {after['floor_equal']}")


def _file_cell(r: dict | None, k: str) -> str:
    if not r or f"{k}_wall" not in r:
        return ""
    return f"{r[k + '_wall']:.2f} s cpu {r[k + '_cpu']:.2f} {r[k + '_peak_mb']:,.0f} MB"


def _report_cli(before: dict | None, after: dict) -> None:
    for n in after.get("file_rows", []):
        for key, name in (("text", "text"), ("json", "--json")):
            k = f"file{n}_{key}"
            print(f"  {'yibao settle --claims, ' + format(n, ',') + ' rows, ' + name:44s} "
                  f"{_file_cell(before, k):>32s} {_file_cell(after, k):>32s}")
    if "cli_s" in after:
        def call(r: dict | None) -> str:
            return f"{r['cli_s']:.3f} s cpu {r['cli_cpu_s']:.3f}" if r and "cli_s" in r else ""
        print(f"  {'one CLI call (yibao premium), best of 5':44s} {call(before):>26s} {call(after):>26s}")
        print(f"  {'  of which the bare interpreter':44s} {'':>26s} {after['python_s']:>13.3f} s cpu "
              f"{after['python_cpu_s']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--claims-per-person", type=float, default=5.0)
    ap.add_argument("--policy", default="xizang-2024")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--baseline", default="main", help="the commit to compare with (default: main)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--file-rows", type=int, nargs="+", default=[100_000, 200_000],
                    help="rows of the claims files (0: none); the baseline runs the first size only")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(measure(a.one, a.claims_per_person, a.seed, a.policy, [r for r in a.file_rows if r])))
        return 0
    import numpy as np
    import pandas as pd

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}; policy {a.policy}; load average {os.getloadavg()[0]:.1f}")
    base, label = (None, "")
    if not a.no_baseline:
        base, label = _baseline_tree(a.baseline)
        print(f"baseline: {a.baseline} = {label} (unpacked in {base})")
    try:
        for i, n in enumerate(a.people):
            rows = [r for r in a.file_rows if r] if i == 0 else []
            before = _child(base, n, a, rows[:1]) if base else None
            after = _child(ROOT, n, a, rows)
            report(before, after, label)
    finally:
        if base:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\nload average after the run: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
