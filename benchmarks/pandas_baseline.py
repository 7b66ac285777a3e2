"""The baseline of the table path: the three layers of xizang-2024 written by hand in pandas, as an analyst
would (sort, ``groupby().cumsum()``, ``np.where``), for the benchmark's population (benchmarks/run.py:
inpatient, special outpatient, general outpatient and delivery bills of people with a tier, groups,
continuous years and the major-disease flag; no exclusions, waiting periods or cover dates).

The policy's numbers are typed in (an analyst reads them off the articles); the aid groups' rates too.
:func:`check` compares the result with the engine to the fen. Not part of yibao.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# xizang-2024 (fen, basis points)
GO_DEDUCTIBLE, GO_RATE, GO_CAP = 50_00, 6000, 300_00
IP_DEDUCTIBLE = {1: 200_00, 2: 200_00, 3: 400_00}
IP_RATE = {(1, "high"): 9000, (2, "high"): 9000, (3, "high"): 8500, (1, "low"): 6500, (2, "low"): 6500,
           (3, "low"): 6000}
SO_RATE = {"high": 9000, "low": 6000}
READMIT = {2: 7000, 3: 5000}  # the second admission's deductible at 70%, the third and later at 50%
LONG_YEARS, LONG_BONUS = 10, 300
DELIVERY_RATE = 10000
CAT_DEDUCTIBLE = {"high": 5000_00, "low": 9000_00}
CAT_SEGMENTS = ((0, 20000_00, 7000), (20000_00, 50000_00, 8000), (50000_00, None, 9000))
CAT_CAP, POOR_FACTOR, POOR_BONUS = 140000_00, 5000, 500
POOR = {"dibao", "tekun", "relapse_poverty"}
ASSIST_RATE = {"tekun": 10000, "orphan": 10000, "dibao": 9500, "dibao_edge": 9000, "monitored": 9000,
               "border_resident": 9000}
ASSIST_CAP, ASSIST_MAJOR_CAP = 150000_00, 300000_00


def _round(amount: pd.Series | np.ndarray, rate: pd.Series | np.ndarray | int) -> np.ndarray:
    return (np.asarray(amount) * np.asarray(rate) + 5000) // 10000


def _person_facts(people: pd.DataFrame) -> pd.DataFrame:
    distinct = {v: str(v).split(";") for v in people["groups"].unique()}  # each distinct groups cell once
    poor = {v: any(g in POOR for g in gs) for v, gs in distinct.items()}
    rate = {v: max((ASSIST_RATE.get(g, 0) for g in gs), default=0) for v, gs in distinct.items()}
    facts = pd.DataFrame({"tier": people["tier"].astype(str), "years": people["continuous_years"],
                          "poor": people["groups"].map(poor).astype(bool),
                          "assist_rate": people["groups"].map(rate).astype(np.int64),
                          "major": people["major_disease"]})
    facts.index = people["person_id"]
    return facts


def settle_pandas(people: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """basic, catastrophic, assistance (int64 fen) per claim, in the order of ``claims``."""
    facts = _person_facts(people)
    df = claims[["person_id", "date", "kind", "cost_fen", "level"]].copy()
    df["pos"] = np.arange(len(df))
    df = df.sort_values(["person_id", "date", "pos"], kind="stable")
    df = df.join(facts, on="person_id")
    kind, cost = df["kind"].astype(str), df["cost_fen"]
    ip, so, go = kind == "inpatient", kind == "special_outpatient", kind == "general_outpatient"
    level = df["level"].fillna(0).astype(int)

    # basic: inpatient and special outpatient (T5–T8, T3)
    admission = ip.astype(int).groupby(df["person_id"], sort=False).cumsum()
    base = np.where(level == 3, IP_DEDUCTIBLE[3], IP_DEDUCTIBLE[1])
    factor = np.where(admission >= 3, READMIT[3], np.where(admission == 2, READMIT[2], 10000))
    deductible = np.where(ip, np.minimum(cost, _round(base, factor)), 0)
    high = (df["tier"] == "high").to_numpy()
    rate = np.where(ip, np.where(level == 3, np.where(high, IP_RATE[3, "high"], IP_RATE[3, "low"]),
                                 np.where(high, IP_RATE[1, "high"], IP_RATE[1, "low"])),
                    np.where(high, SO_RATE["high"], SO_RATE["low"]))
    rate = np.minimum(rate + np.where(df["years"] >= LONG_YEARS, LONG_BONUS, 0), 10000)
    basic = np.where(ip | so, _round(cost - deductible, rate), 0)
    # general outpatient (T4): annual deductible, rate, annual cap
    go_cost = cost.where(go, 0)
    after = go_cost.groupby(df["person_id"], sort=False).cumsum()
    part = np.minimum(after, GO_DEDUCTIBLE) - np.minimum(after - go_cost, GO_DEDUCTIBLE)
    raw = pd.Series(np.where(go, _round(go_cost - part, GO_RATE), 0), index=df.index)
    raw_after = raw.groupby(df["person_id"], sort=False).cumsum()
    basic = basic + np.where(go, np.minimum(raw_after, GO_CAP) - np.minimum(raw_after - raw, GO_CAP), 0)
    basic = basic + np.where(kind == "delivery", _round(cost, DELIVERY_RATE), 0)  # T23

    # catastrophic (T9, T10): the year's self-paid base above the deductible, by segments, rounded once
    self_paid = pd.Series(np.where(ip | so, cost - basic, 0), index=df.index)
    base_after = self_paid.groupby(df["person_id"], sort=False).cumsum().to_numpy()
    ded = np.where(high, CAT_DEDUCTIBLE["high"], CAT_DEDUCTIBLE["low"])
    ded = np.where(df["poor"], _round(ded, POOR_FACTOR), ded)
    bonus = np.where(df["poor"], POOR_BONUS, 0)
    total = np.zeros(len(df), dtype=np.int64)
    for lo, hi, r in CAT_SEGMENTS:
        top = base_after if hi is None else np.minimum(base_after, hi)
        part = np.minimum(np.maximum(top - np.maximum(lo, ded), 0), CAT_CAP * 10000 + 1)
        total += part * np.minimum(r + bonus, 10000)
    paid = pd.Series((np.minimum(total, CAT_CAP * 10000) + 5000) // 10000, index=df.index)
    catastrophic = (paid - paid.groupby(df["person_id"], sort=False).shift(fill_value=0)).to_numpy()

    # medical assistance (T11): the class rate on what is left, within the person's annual cap
    left = pd.Series(np.maximum(cost - basic - catastrophic, 0), index=df.index)
    left_after = left.groupby(df["person_id"], sort=False).cumsum()
    cap = np.where(df["major"], ASSIST_MAJOR_CAP, ASSIST_CAP)
    within = pd.Series(np.minimum(_round(left_after, df["assist_rate"]), cap), index=df.index)
    assistance = (within - within.groupby(df["person_id"], sort=False).shift(fill_value=0)).to_numpy()

    out = pd.DataFrame({"basic": basic, "catastrophic": catastrophic, "assistance": assistance}, index=df["pos"])
    return out.sort_index()


def check(people: pd.DataFrame, claims: pd.DataFrame, engine: pd.DataFrame, mine: pd.DataFrame) -> int:
    """Rows where the hand-written layers differ from the engine's (``settle_frames(money="fen")``)."""
    differ = np.zeros(len(claims), dtype=bool)
    for k in ("basic", "catastrophic", "assistance"):
        differ |= engine[f"{k}_fen"].to_numpy() != mine[k].to_numpy()
    return int(differ.sum())
