"""The table path (yibao.populations) equals the one-person path (settle, premium) on every row, to the fen;
bad rows are refused with the column and the rows named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_fixtures import with_employee_rate
from strategies import bills, claim

from yibao.calculators.premium import premium
from yibao.errors import InputError, NotCovered, PolicyDataError
from yibao.policy.compiled import rate_bp
from yibao.policy.loader import load_policy
from yibao.populations.frame import settle_frame, settle_frames, trace_frame, year_frame
from yibao.populations.money import MONEY, decimals, fen_of
from yibao.populations.premium_frame import premium_frame
from yibao.settlement import Person, settle
from yibao.settlement.arithmetic import pay_rate
from yibao.vocabulary import Exclusion

EXCLUSIONS = [e.value for e in Exclusion]

POLICIES = {p: load_policy(p) for p in ("xizang-2024", "xizang-2025", "yuncheng-2024")}
#: A copy of xizang-2024 stating an employee outpatient rate (a test number: tests/policy_fixtures.py).
POLICIES["xizang-2024+eo"] = with_employee_rate()
YEAR = {"xizang-2024": 2024, "xizang-2025": 2025, "yuncheng-2024": 2024, "xizang-2024+eo": 2024}
GROUPS = ["tekun", "orphan", "dibao", "dibao_edge", "monitored", "border_resident", "relapse_poverty", "newborn",
          "edge_poverty", "unsupported_child", "assistance_recipient"]


def yuan(fen: int) -> D:
    return D(fen).scaleb(-2)


@st.composite
def population(draw):
    pid = draw(st.sampled_from(sorted(POLICIES)))
    year = YEAR[pid]
    tibet = pid != "yuncheng-2024"
    day = st.integers(1, 365).map(lambda n: dt.date(year, 1, 1) + dt.timedelta(days=n - 1))
    people, claims = [], []
    for i in range(draw(st.integers(1, 5))):
        p = {"person_id": f"p{i}", "tier": draw(st.sampled_from(["high", "low"])) if tibet else None,
             "groups": draw(st.lists(st.sampled_from(GROUPS), max_size=3, unique=True)),
             "continuous_years": draw(st.integers(0, 15)), "retired": draw(st.booleans()),
             "major_disease": draw(st.booleans())}
        if pid == "xizang-2025" and draw(st.booleans()):
            p["incentive_amount"] = yuan(draw(st.integers(0, 2_800_000)))
        if draw(st.integers(0, 4)) == 0:
            p["waiting_until"] = draw(day)
        if draw(st.integers(0, 4)) == 0:
            a, b = sorted([draw(day), draw(day)])
            p["cover_start"], p["cover_end"] = a, b
            if not tibet and draw(st.booleans()):
                p["retroactive_paid_on"] = a
        people.append(p)
        for _ in range(draw(st.integers(0, 8))):
            claims.append({"person_id": p["person_id"], **draw(claim(
                POLICIES[pid], dates=day, cost=bills, outside=st.sampled_from([0, 0, 1, 12_345]).map(yuan),
                admission_one_in=6, visits=True, excluded_one_in=10, undesignated_one_in=10))})
    return pid, people, claims


def _person(pid, p):
    return Person(POLICIES[pid], **{k: v for k, v in p.items() if k != "person_id"})


def _tables(people, claims, fmt):
    pdf = pd.DataFrame(people)
    pdf["groups"] = [";".join(g) for g in pdf["groups"]]
    cols = ["person_id", "date", "kind", "cost", "outside_catalogue", "level", "admission", "facility", "drug_class",
            "ethnic_share", "emergency", "designated", "excluded", "visit"]
    cdf = pd.DataFrame(claims, columns=cols)
    for c in ("level", "admission"):
        cdf[c] = cdf[c].astype("Int64")
    for c in ("emergency", "designated"):
        cdf[c] = cdf[c].astype("boolean")
    cdf["date"] = pd.to_datetime(cdf["date"])
    for c in ("cost", "outside_catalogue", "ethnic_share"):
        if fmt == "fen":
            cdf[f"{c}_fen"] = pd.array([None if pd.isna(v) else int(v * 100) for v in cdf.pop(c)], dtype="Int64")
        elif fmt == "str":
            cdf[c] = [None if pd.isna(v) else str(v) for v in cdf[c]]
        elif fmt == "arrow":
            cdf[c] = pd.array([None if pd.isna(v) else v for v in cdf[c]], dtype=pd.ArrowDtype(pa.decimal128(18, 2)))
    return pdf, cdf


@pytest.mark.rules("T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T13", "T16", "T17", "T18", "T19", "T23",
                   "F9", "Y3", "Y6")
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pop=population(), fmt=st.sampled_from(["decimal", "str", "fen", "arrow"]),
       money=st.sampled_from(["decimal", "fen"]))
def test_table_equals_scalar(pop, fmt, money):
    pid, people, claims = pop
    pdf, cdf = _tables(people, claims, fmt)
    out, year = settle_frames(pdf, cdf, POLICIES[pid], money=money)
    suffix = "_fen" if money == "fen" else ""

    def amount(df, col, i):
        v = df[col + suffix].iloc[i]
        return yuan(int(v)) if money == "fen" else v

    assert len(out) == len(claims) and list(out.index) == list(cdf.index)
    for j, p in enumerate(people):
        rows = [i for i, c in enumerate(claims) if c["person_id"] == p["person_id"]]
        r = settle(_person(pid, p), [{k: v for k, v in claims[i].items() if k != "person_id"} for i in rows])
        for cr, i in zip(r.claims, rows, strict=True):
            got = tuple(amount(out, k, i) for k in ("total_cost", "basic", "catastrophic", "assistance",
                                                     "out_of_pocket"))
            assert got == (cr.total_cost, cr.basic, cr.catastrophic, cr.assistance, cr.out_of_pocket), (i, cr.to_dict())
            reason = out["reason"].iloc[i]
            assert (None if pd.isna(reason) else reason) == cr.reason_not_paid
        s = r.state
        expect = {"total_cost": r.total_cost, "basic": r.basic, "catastrophic": r.catastrophic,
                  "assistance": r.assistance, "out_of_pocket": r.out_of_pocket,
                  "general_outpatient_deductible_met": s.general_outpatient_deductible_met,
                  "general_outpatient_paid": s.general_outpatient_paid,
                  "employee_outpatient_deductible_met": s.employee_outpatient_deductible_met,
                  "employee_outpatient_paid": s.employee_outpatient_paid,
                  "pooled_outpatient_paid": s.pooled_outpatient_paid, "catastrophic_base": s.catastrophic_base,
                  "catastrophic_paid": s.catastrophic_paid, "assistance_ordinary": s.assistance_ordinary,
                  "assistance_major": s.assistance_major}
        assert {k: amount(year, k, j) for k in expect} == expect
        assert year["admissions"].iloc[j] == s.admissions and year["claims"].iloc[j] == len(rows)
        assert bool(year["incentive_used"].iloc[j]) == s.incentive_used


@st.composite
def premium_people(draw):
    pid = draw(st.sampled_from(["xizang-2024", "lhasa-2025", "xining-2025", "yuncheng-2024"]))
    pol = load_policy(pid)
    groups = sorted({g for a in pol.premium.aids for g in a.groups} | {"newborn", "dibao"})
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        row = {"tier": draw(st.sampled_from(sorted(pol.premium.tiers) + [None])),
               "groups": draw(st.lists(st.sampled_from(groups), max_size=2, unique=True)),
               "sex": draw(st.sampled_from(["female", "male", None])),
               "birth_date": draw(st.one_of(st.none(), st.dates(dt.date(1930, 1, 1), dt.date(2024, 12, 31)))),
               "income": draw(st.one_of(st.none(), st.sampled_from([D(8000), D(12000), D("8000.01")]),
                                        st.integers(0, 2_000_000).map(yuan)))}
        if pid == "xining-2025" and draw(st.booleans()):
            row["paid_on"] = draw(st.dates(dt.date(2024, 9, 1), dt.date(2025, 12, 31)))
        rows.append(row)
    return pid, rows


def _scalar_premium(pid, row):
    try:
        return premium(pid, **{k: v for k, v in row.items() if v is not None})
    except (InputError, NotCovered) as e:
        return type(e)


@pytest.mark.rules("L3", "L5", "L6", "L7", "L8", "T12", "T13", "X2", "X4", "X6", "X7", "Y2")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pop=premium_people())
def test_premium_table_equals_scalar(pop):
    pid, rows = pop
    expected = [_scalar_premium(pid, r) for r in rows]
    df = pd.DataFrame(rows)
    df["groups"] = [";".join(g) for g in df["groups"]]
    errors = [e for e in expected if isinstance(e, type)]
    if errors:
        with pytest.raises((InputError, NotCovered)):
            premium_frame(df, pid)
        return
    out = premium_frame(df, pid)
    for i, r in enumerate(expected):
        assert out["tier"].iloc[i] == r.tier
        assert (out["standard"].iloc[i], out["individual"].iloc[i]) == (r.standard, r.individual)
        for p in ("finance", "medical_assistance", "finance_and_medical_assistance", "government_aid"):
            assert out[p].iloc[i] == r.paid_by.get(p, 0)
        assert (None if pd.isna(out["aid"].iloc[i]) else out["aid"].iloc[i]) == r.aid
        assert out["late_fiscal_share"].iloc[i] == r.late_fiscal_share


# ---------------------------------------------------------------- worked rows and output types


def _tibet():
    people = pd.DataFrame({"person_id": [1, 2], "tier": ["high", "high"], "groups": ["", "dibao"]})
    claims = pd.DataFrame({"person_id": [1, 2, 1], "date": ["2024-03-01", "2024-03-01", "2024-02-01"],
                           "kind": ["inpatient", "special_outpatient", "住院"], "cost": ["10000", "30000", "10000"],
                           "level": [3, None, 3]})
    return people, claims


@pytest.mark.rules("T7", "T8", "T9", "T10")
def test_trace_frame_shows_the_numbers_settle_explains():
    people, claims = _tibet()
    why = trace_frame(people, claims, "xizang-2024")
    assert list(why.index) == list(claims.index)
    # the March stay is the second admission (deductible 400 × 70% = 280), the February one the first
    assert why["basic.rated.admission"].tolist() == [2, pd.NA, 1]   # the special outpatient bill is no admission
    assert why["basic.rated.admission_deductible"].tolist() == [28000, pd.NA, 40000]
    assert why["basic.rated.rate"].tolist() == [8500, 9000, 8500]
    # 低保 special outpatient 30000: self-paid 3000 above the halved deductible 2500 lies in the first segment
    assert why.loc[1, "catastrophic.parts.0"] == 50000 and why.loc[1, "catastrophic.deductible"] == 250000
    # the same numbers as the one-person result: (10000 − 280) × 85% = 8262
    one = settle(Person("xizang-2024", tier="high"), [{"date": "2024-03-01", "kind": "inpatient", "cost": "10000",
                                                       "level": 3, "admission": 2}])
    assert one.claims[0].basic == D(int(why.loc[0, "basic.rated.pay_other"])) / 100 == D("8262")


@pytest.mark.rules("T7", "T8", "T10", "T11")
def test_worked_rows_and_money_dtype():
    people, claims = _tibet()
    out = settle_frame(people, claims, "xizang-2024")
    assert out["basic"].dtype == MONEY
    # claim 2 (February) is the first admission: 8160; claim 0 (March) the second: 8262
    assert decimals(out["basic"]) == [D("8262.00"), D("27000.00"), D("8160.00")]
    assert out.loc[1, ["catastrophic", "assistance", "out_of_pocket"]].tolist() == [D("375"), D("2493.75"), D("131.25")]
    assert out["basic"].sum() == D("43422.00")
    fen = settle_frame(people, claims, "xizang-2024", money="fen")
    assert fen["basic_fen"].dtype == np.int64 and fen_of(out["basic"]).tolist() == fen["basic_fen"].tolist()
    year = year_frame(people, claims, "xizang-2024")
    assert year["admissions"].tolist() == [2, 0] and year["claims"].tolist() == [2, 1]


@pytest.mark.rules("T7")
def test_money_as_float_int_and_fen():
    people, claims = _tibet()
    base = settle_frame(people, claims, "xizang-2024")
    for cost in ([10000.0, 30000.0, 10000.0], [10000, 30000, 10000]):
        assert settle_frame(people, claims.assign(cost=cost), "xizang-2024").equals(base)
    fen = claims.drop(columns="cost").assign(cost_fen=[1_000_000, 3_000_000, 1_000_000])
    assert settle_frame(people, fen, "xizang-2024").equals(base)


@pytest.mark.rules("T4")
def test_people_without_claims_and_empty_claims():
    people, claims = _tibet()
    year = year_frame(people, claims.iloc[0:0], "xizang-2024")
    assert year["total_cost"].tolist() == [0, 0] and len(settle_frame(people, claims.iloc[0:0], "xizang-2024")) == 0


# ---------------------------------------------------------------- bad rows


@pytest.mark.parametrize("change, match", [
    (lambda c: c.assign(cost=["1", "-2", "-3"]), r"claims\.cost: '-2' is negative in row 1 \(allowed: 0 or more yuan\)"),
    (lambda c: c.assign(cost_fen=[1, -2, -3]).drop(columns="cost"), r"claims\.cost_fen: negative in rows 1, 2"),
    (lambda c: c.assign(cost=[1.0, 2.001, 3.0]), r"claims\.cost: float values that are not a whole number of fen in row 1"),
    (lambda c: c.assign(cost=[1.0, float("nan"), 3.0]), r"claims\.cost: missing in row 1"),
    (lambda c: c.assign(cost=["1", "1.001", "2"]), r"claims\.cost: '1.001' has more than two decimals in row 1"),
    (lambda c: c.drop(columns="cost"), r"claims\.cost: missing column"),
    (lambda c: c.assign(kind=["inpatient", "dental", "inpatient"]), r"claims\.kind: 'dental' is not one of"),
    (lambda c: c.assign(level=[3, None, 4]), r"claims\.level: out of range in row 2"),
    (lambda c: c.assign(level=[None, None, 3]), r"claims\.level: missing: an inpatient claim needs the hospital level in row 0"),
    (lambda c: c.assign(person_id=[1, 2, 9]), r"claims\.person_id: not in people in row 2"),
    (lambda c: c.assign(date=["2024-03-01", "2024-02-30", "2024-01-01"]), r"claims\.date: '2024-02-30' is not a real date in row 1"),
    (lambda c: c.assign(date=["2023-12-31", "2024-02-01", "2024-01-01"]), r"claims\.date: outside the 2024 benefit year"),
    (lambda c: c.assign(levle=1), r"claims\.levle: unknown column"),
    (lambda c: c.assign(excluded=[None, "cosmetic", None]), r"claims\.excluded: 'cosmetic' is not one of"),
    (lambda c: c.assign(ethnic_share=["0", "30000.01", "0"]), r"claims\.ethnic_share: 30000\.01 is more than"),
])
def test_bad_claims_name_column_and_rows(change, match):
    people, claims = _tibet()
    with pytest.raises(InputError, match=match):
        settle_frame(people, change(claims), "xizang-2024")


@pytest.mark.parametrize("change, match", [
    (lambda p: p.assign(groups=["rich", "dibao"]), r"people\.groups: unknown population group 'rich' in row 0"),
    # row 0 has no aid group (row 1, 低保, is at the aid's tier: tests/test_settle_aided_tier.py)
    (lambda p: p.assign(tier=[None, "high"]), r"people\.tier: missing: policy xizang-2024 has two benefit tiers in row 0"),
    (lambda p: p.assign(person_id=[1, 1]), r"people\.person_id: repeated in rows 0, 1"),
    (lambda p: p.assign(continuous_years=[1.5, 2]), r"people\.continuous_years: not a whole number in row 0"),
    (lambda p: p.assign(incentive_amount=["0", "-1"]), r"people\.incentive_amount: .-1. is negative in row 1"),
])
def test_bad_people_name_column_and_rows(change, match):
    people, claims = _tibet()
    with pytest.raises(InputError, match=match):
        settle_frame(change(people), claims, "xizang-2024")


@pytest.mark.rules("Y6")
def test_uncovered_kind_names_rows():
    people = pd.DataFrame({"person_id": [1]})
    claims = pd.DataFrame({"person_id": [1], "date": ["2024-05-01"], "kind": ["inpatient"], "cost": ["1"], "level": [3]})
    with pytest.raises(NotCovered, match=r"claims\.kind: policy yuncheng-2024 states no rule for inpatient .* row 0"):
        settle_frame(people, claims, "yuncheng-2024")


def test_kernels_rates_and_rounding():
    assert pay_rate(np.array([1, 5, 999_999]), 6000).tolist() == [1, 3, 600_000 - 1]  # 0.6→1, 3.0, 599999.4→599999
    assert pay_rate(1, 5000) == 1 and pay_rate(3, 5000) == 2  # half up: 0.5 → 1, 1.5 → 2
    assert rate_bp(D("0.8525"), "x") == 8525
    with pytest.raises(PolicyDataError, match="four decimals"):
        rate_bp(D("0.85255"), "basic.x.rate")


@pytest.mark.rules("Y6")
def test_table_visit_cap_per_visit_and_day_to_the_fen():
    # p1: one visit v1 with 甲 60 × 60% = 36.00 and 乙 50 × 50% = 25.00 → 50.00 (36.00 + 14.00);
    # p2: the same visit name is another person's visit: 乙 50 → 25.00; p1 on 03-02, v1 again: 25.00
    people = pd.DataFrame({"person_id": ["p1", "p2"]})
    claims = pd.DataFrame({
        "person_id": ["p1", "p1", "p2", "p1"],
        "date": ["2024-03-01", "2024-03-01", "2024-03-01", "2024-03-02"],
        "kind": "pooled_outpatient", "cost": ["60", "50", "50", "50"], "facility": "primary",
        "drug_class": ["jia", "yi", "yi", "yi"], "visit": ["v1", "v1", "v1", "v1"]})
    out = settle_frame(people, claims, "yuncheng-2024")
    assert decimals(out["basic"]) == [D("36.00"), D("14.00"), D("25.00"), D("25.00")]


@pytest.mark.rules("T14", "T16")
def test_table_refuses_an_incentive_on_a_2024_policy():
    people = pd.DataFrame({"person_id": ["a"], "tier": ["high"], "incentive_amount": ["1000"]})
    claims = pd.DataFrame({"person_id": ["a"], "date": ["2024-03-01"], "kind": ["inpatient"], "cost": ["1"],
                           "level": [3]})
    with pytest.raises(InputError, match=r"people.incentive_amount: .*2025"):
        settle_frame(people, claims, "xizang-2024")


def test_trace_frame_of_a_mixed_population_is_each_persons_trace():
    """Every trace column of the table equals the trace of each person settled alone (the detail of the
    catastrophic and assistance layers on the claims they cover, 0 on the others)."""
    from dataclasses import replace

    from yibao.policy.compiled import policy_params
    from yibao.populations.frame import claim_columns, people_columns
    from yibao.populations.reading import Table, person_ids
    from yibao.settlement.batch import settle_many

    rng = np.random.default_rng(3)
    n, m = 30, 300
    people = pd.DataFrame({"person_id": np.arange(n), "tier": rng.choice(["high", "low"], n),
                           "groups": rng.choice(["", "dibao", "tekun", "monitored"], n),
                           "continuous_years": rng.integers(0, 15, n)})
    kinds = rng.choice(["inpatient", "special_outpatient", "general_outpatient", "delivery"], m)
    claims = pd.DataFrame({"person_id": rng.integers(0, n, m), "kind": kinds,
                           "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, m), unit="D"),
                           "cost_fen": rng.integers(0, 30_000_000, m),
                           "level": pd.array(np.where(kinds == "inpatient", rng.integers(1, 4, m), 0), dtype="Int64")})
    claims.loc[claims["kind"] != "inpatient", "level"] = pd.NA
    why = trace_frame(people, claims, "xizang-2024")
    pol = load_policy("xizang-2024")
    params = policy_params(pol)
    pt = Table(people, "people", ("person_id", "tier", "groups", "continuous_years"), ("person_id",))
    pc = people_columns(pt, pol, params)
    cc = claim_columns(Table(claims, "claims", tuple(claims.columns), ("person_id",)), person_ids(pt), pol)
    for who in range(n):
        rows = np.flatnonzero(cc.person == who)
        if not len(rows):
            continue
        alone = settle_many(params, replace(pc, **{f: getattr(pc, f)[[who]] for f in pc.__dataclass_fields__}),
                            replace(cc.take(rows), person=np.zeros(len(rows), dtype=np.int64)), trace=True)
        for name, v in alone.traces.items():
            got = why[name].iloc[rows].to_numpy(dtype=np.float64, na_value=np.nan)
            on = ~np.isnan(got)
            assert (got[on] == v[on]).all(), (who, name)
