"""The settlement engine on hand-worked arrays: each arithmetic kernel, each layer's trace, the batch.

Money is int64 fen, rates basis points; the policy numbers are Tibet 2024's (xizang-2024): inpatient
level 3 deductible 400 at 85% (high tier), level 2 or below 200 at 90%; catastrophic deductible 5000
(high), segments 70% to 20000, 80% to 50000, 90% above, cap 140000; general outpatient 50, 60%, 300.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from decimal import Decimal

import numpy as np
import pytest

from yibao.errors import PolicyDataError
from yibao.groups import Group
from yibao.policy.codes import (
    K_DEL,
    K_GO,
    K_IP,
    K_PO,
    K_SO,
    NO_END,
    NO_START,
    R_NON_DESIGNATED,
    R_OUTSIDE_COVER,
    R_WAITING,
    code,
    day_number,
)
from yibao.policy.compiled import policy_params, rate_bp
from yibao.policy.loader import load_policy
from yibao.settlement.arithmetic import (
    Groups,
    capped,
    deductible_part,
    ethnic_rate,
    pay_rate,
    pay_rate_wide,
    per_visit_capped,
    rated,
    readmission_deductible,
    segment_parts,
    segment_rates,
    segments_paid,
    sort_order,
)
from yibao.settlement.batch import settle_many
from yibao.settlement.checks import RowsError, claim_problems
from yibao.settlement.columns import ClaimColumns, PersonColumns
from yibao.settlement.engine import refusals, settle_claims
from yibao.vocabulary import Exclusion, Refusal

TIBET = policy_params(load_policy("xizang-2024"))
YUAN = 100
A = np.array


def people(n=1, **kw):
    base = {"tier": 0, "poor": False, "border": False, "assistance_class": -1, "years": 0, "incentive": 0,
            "retired": False, "major": False, "waiting_until": NO_START, "cover_start": NO_START,
            "cover_end": NO_END, "retro_paid_on": NO_START}
    base.update(kw)
    return PersonColumns(**{k: A(v if isinstance(v, list) else [v] * n,
                                 dtype=bool if isinstance(base[k], bool) or k in ("poor", "border", "retired", "major")
                                 else np.int64) for k, v in base.items()})


def claims(kind, cost, person=None, day=None, **kw):
    n = len(kind)
    cols = {"person": person or [0] * n, "day": day or [day_number(dt.date(2024, 3, 1))] * n,
            "kind": kind, "level": [0] * n, "admission": [0] * n, "facility": [-1] * n, "drug": [-1] * n,
            "cost": cost, "outside": [0] * n, "ethnic": [0] * n, "excluded": [-1] * n,
            "designated": [True] * n, "emergency": [False] * n, "visit": [-1] * n}
    cols.update(kw)
    types = {"kind": np.int8, "level": np.int8, "facility": np.int8, "drug": np.int8, "excluded": np.int8,
             "designated": bool, "emergency": bool}
    return ClaimColumns(**{k: A(v, dtype=types.get(k, np.int64)) for k, v in cols.items()})


# ---------------------------------------------------------------- arithmetic


def test_pay_rate_rounds_half_up_to_the_fen():
    # 0.01 × 50% = 0.005 → 0.01; 0.01 × 49.99% = 0.004999 → 0.00; 0.01 × 60% = 0.006 → 0.01
    assert pay_rate(A([1, 1, 1]), A([5000, 4999, 6000])).tolist() == [1, 0, 1]
    # (10000 − 400) × 85% = 8160.00
    assert int(pay_rate(9600 * YUAN, 8500)) == 8160 * YUAN


def test_pay_rate_wide_agrees_and_does_not_overflow_near_2_63():
    a = A([0, 1, 12345, 10 ** 12, 2 ** 62 // 10_000], dtype=np.int64)
    assert (pay_rate_wide(a, 8500) == pay_rate(a, 8500)).all()
    big = A([2 ** 62], dtype=np.int64)  # × 10000 overflows int64: split at 10000
    assert int(pay_rate_wide(big, 5000)[0]) == 2 ** 61


def test_annual_deductible_and_cap_shares():
    # deductible 50: running 30, 60, 560 → the claims put 30, 20, 0 toward it
    before, after = A([0, 30, 60]) * YUAN, A([30, 60, 560]) * YUAN
    assert deductible_part(before, after, 50 * YUAN).tolist() == [30 * YUAN, 20 * YUAN, 0]
    # cap 300: raw running 6, 306 → 6 and 294 fit
    assert capped(A([0, 6]) * YUAN, A([6, 306]) * YUAN, 300 * YUAN).tolist() == [6 * YUAN, 294 * YUAN]


def test_ethnic_medicines_take_the_deductible_last_and_their_rate_is_capped():
    # cost 100, ethnic 40, deductible 70: other 60 all to the deductible, ethnic 10 to it, 30 at 95%
    pay_o, pay_e, ded_o, ded_e = rated(A([100 * YUAN]), A([40 * YUAN]), A([70 * YUAN]), 9000, 9500)
    assert (pay_o[0], pay_e[0], ded_o[0], ded_e[0]) == (0, 2850, 60 * YUAN, 10 * YUAN)
    # 90% + 5 points = 95%; 93% + 5 capped at 95%; never below the rate itself
    assert ethnic_rate(A([9000, 9300, 9800]), 500, 9500).tolist() == [9500, 9500, 9800]


def test_readmission_deductible_70_then_50_percent():
    # 400: first in full, second 280, third and later 200
    assert readmission_deductible(400 * YUAN, A([1, 2, 3, 7]), 7000, 5000).tolist() == [
        400 * YUAN, 280 * YUAN, 200 * YUAN, 200 * YUAN]


def test_catastrophic_segments_on_a_running_base():
    up_to, rates = (20000 * YUAN, 50000 * YUAN, None), (7000, 8000, 9000)
    parts = segment_parts(A([60000 * YUAN]), 5000 * YUAN, up_to)
    # 5000–20000: 15000; 20000–50000: 30000; above: 10000
    assert [int(p[0]) for p in parts] == [15000 * YUAN, 30000 * YUAN, 10000 * YUAN]
    paid, at_cap = segments_paid(parts, rates, 140000 * YUAN)
    # 15000 × 70% + 30000 × 80% + 10000 × 90% = 10500 + 24000 + 9000 = 43500
    assert int(paid[0]) == 43500 * YUAN and not at_cap[0]
    # the poverty bonus (+5 points, at most 100%) and a base far beyond the cap: the cap, no overflow
    r = segment_rates(rates, 500)
    assert [int(x) for x in r] == [7500, 8500, 9500]
    huge = segment_parts(A([10 ** 16]), 2500 * YUAN, up_to)
    paid, at_cap = segments_paid(huge, r, 140000 * YUAN)
    assert int(paid[0]) == 140000 * YUAN and at_cap[0]


def test_groups_running_totals_stay_within_each_person():
    g = Groups.of(A([0, 0, 3, 3, 3]))
    assert g.starts.tolist() == [0, 2] and g.person.tolist() == [0, 3] and g.ends.tolist() == [1, 4]
    v = A([1, 2, 10, 20, 30])
    assert g.running(v).tolist() == [1, 3, 10, 30, 60]
    assert g.previous(v, first=-1).tolist() == [-1, 1, -1, 10, 20]
    assert g.running_max(A([2, 0, 0, 5, 1]), 5).tolist() == [2, 2, 0, 5, 5]
    assert g.last(g.running(v)).tolist() == [3, 60] and g.total(v).tolist() == [3, 60]


def test_sort_order_is_person_date_then_given_order():
    assert sort_order(A([0, 0, 1]), A([5, 6, 1])) is None
    assert sort_order(A([1, 0, 0, 0]), A([1, 9, 3, 3])).tolist() == [2, 3, 1, 0]


def test_per_visit_cap_is_shared_by_the_rows_of_one_visit():
    # person 0, one day: visit 0 has rows of 36 and 25 (cap 50: 36, 14); a row without a visit is its own
    pay, before = per_visit_capped(A([0, 0, 0]), A([1, 1, 1]), A([0, 0, -1]), A([3600, 2500, 4000]), 5000)
    assert pay.tolist() == [3600, 1400, 4000] and before.tolist() == [0, 3600, 0]


def test_rates_of_more_than_four_decimals_are_policy_data_errors():
    assert rate_bp(Decimal("0.85"), "x") == 8500
    with pytest.raises(PolicyDataError, match="four decimals"):
        rate_bp(Decimal("0.12345"), "basic.x.rate")


# ---------------------------------------------------------------- F9, T17, Y3


def test_refusals_exclusions_designated_waiting_cover_and_retro():
    day = [10, 10, 10, 10, 3, 30]
    c = claims([K_GO] * 6, [100] * 6, day=day, person=[0, 0, 0, 1, 1, 1],
               excluded=[code(Refusal(Exclusion.abroad.value)), -1, -1, -1, -1, -1],
               designated=[True, False, False, True, True, True], emergency=[False, False, True, False, False, False])
    p = people(2, waiting_until=[NO_START, 11], cover_end=[NO_END, 20], retro_paid_on=[NO_START, 5])
    reason, retro = refusals(p, c)
    # person 0: abroad (F9); not designated; not designated but an emergency: paid.
    # person 1, waiting until day 11 and covered to day 20: days 10 and 3 wait, day 30 is after the cover
    assert reason.tolist() == [code(Refusal.abroad), R_NON_DESIGNATED, -1, R_WAITING, R_WAITING, R_OUTSIDE_COVER]
    p = people(2, cover_start=[NO_START, 5], cover_end=[NO_END, 20], retro_paid_on=[NO_START, 5])
    reason, retro = refusals(p, c)
    # person 1: day 3 is before the cover but before the retroactive payment (Y3); day 30 after the cover
    assert reason.tolist()[3:] == [-1, -1, R_OUTSIDE_COVER] and retro.tolist() == [False] * 4 + [True, False]


# ---------------------------------------------------------------- the layers


def test_inpatient_admissions_deductibles_and_rates():
    # three level-3 stays of 10000 (high tier): 400 / 280 / 200 deductible at 85%
    s = settle_claims(TIBET, people(), claims([K_IP] * 3, [10000 * YUAN] * 3, level=[3, 3, 3]))
    t = s.basic.rated
    assert t.admission.tolist() == [1, 2, 3]
    assert t.admission_deductible.tolist() == [400 * YUAN, 280 * YUAN, 200 * YUAN]
    assert s.basic.pay.tolist() == [816000, 826200, 833000]   # 9600, 9720, 9800 × 85%
    assert s.year.admissions.tolist() == [3]


def test_given_admission_number_moves_the_count_on():
    # the first claim says it is the 2nd admission: the next one counted is the 3rd
    s = settle_claims(TIBET, people(), claims([K_IP, K_IP], [10000 * YUAN] * 2, level=[3, 3], admission=[2, 0]))
    assert s.basic.rated.admission.tolist() == [2, 3] and s.year.admissions.tolist() == [3]


def test_long_contribution_raises_the_rate_three_points():
    s = settle_claims(TIBET, people(years=10), claims([K_SO], [1000 * YUAN]))
    t = s.basic.rated
    assert (int(t.rate[0]), bool(t.long_contribution[0])) == (9300, True)   # 90% + 3 points
    assert s.basic.pay.tolist() == [930 * YUAN]


def test_general_outpatient_annual_deductible_rate_cap():
    # 30, 30, 500, 100 (low tier): 0, (30 − 20) × 60% = 6, 294 (cap 300), 0
    s = settle_claims(TIBET, people(tier=1), claims([K_GO] * 4, [30 * YUAN, 30 * YUAN, 500 * YUAN, 100 * YUAN]))
    assert s.basic.pay.tolist() == [0, 6 * YUAN, 294 * YUAN, 0]
    t = s.basic.general
    assert t.deductible_part.tolist() == [30 * YUAN, 20 * YUAN, 0, 0]
    assert t.room.tolist() == [300 * YUAN, 300 * YUAN, 294 * YUAN, 0]
    assert s.year.general_outpatient_paid.tolist() == [300 * YUAN]
    assert s.year.general_outpatient_deductible_met.tolist() == [50 * YUAN]


def test_delivery_in_full():
    s = settle_claims(TIBET, people(), claims([K_DEL], [5000 * YUAN]))
    assert s.basic.pay.tolist() == [5000 * YUAN] and s.basic.delivery.rate.tolist() == [10000]


def test_catastrophic_trace_segments_and_cap():
    # special outpatient 100000 (high): basic 90000, self-paid 10000 → (10000 − 5000) × 70% = 3500
    s = settle_claims(TIBET, people(), claims([K_SO], [100000 * YUAN]))
    c = s.catastrophic
    assert (int(c.self_paid[0]), int(c.before[0]), int(c.after[0])) == (10000 * YUAN, 0, 10000 * YUAN)
    assert [int(p[0]) for p in c.parts] == [5000 * YUAN, 0, 0]
    assert c.pay.tolist() == [3500 * YUAN] and not c.at_cap[0]
    assert c.deductible.tolist() == [5000 * YUAN] and c.cap.tolist() == [140000 * YUAN]


def test_catastrophic_cap_raised_by_the_incentive_and_poverty_tilt():
    # dibao (poor): deductible 2500, rates +5; an incentive raises the cap
    p = people(poor=True, incentive=5000 * YUAN)
    s = settle_claims(TIBET, p, claims([K_SO] * 2, [2_000_000 * YUAN] * 2))
    c = s.catastrophic
    assert c.deductible.tolist() == [2500 * YUAN] and c.bonus.tolist() == [500]
    assert c.cap.tolist() == [145000 * YUAN] and c.at_cap.tolist() == [True, True]
    assert c.pay.tolist() == [145000 * YUAN, 0] and c.paid_before.tolist() == [0, 145000 * YUAN]
    assert s.year.incentive_used.tolist() == [True] and s.year.catastrophic_cap.tolist() == [145000 * YUAN]


def test_assistance_class_rate_within_the_years_cap():
    # 低保 (class 3, 95%): special outpatient 30000 (high): basic 27000; self-paid 3000 above the halved
    # deductible 2500: 500 × (70% + 5) = 375 catastrophic; left 2625 × 95% = 2493.75
    k = TIBET.assistance_class([Group.dibao])
    assert k is not None and TIBET.assistance.classes[k].rate == 9500
    s = settle_claims(TIBET, people(poor=True, assistance_class=k), claims([K_SO], [30000 * YUAN]))
    assert s.catastrophic.pay.tolist() == [375 * YUAN]
    a = s.assistance
    assert a.left.tolist() == [262500] and a.pay.tolist() == [249375] and a.rate.tolist() == [9500]
    assert s.year.assistance_ordinary.tolist() == [249375] and s.year.assistance_major.tolist() == [0]
    # a 重特大疾病 patient's year: the same payment counted against the major-disease cap
    s = settle_claims(TIBET, people(poor=True, assistance_class=k, major=True), claims([K_SO], [30000 * YUAN]))
    assert s.year.assistance_major.tolist() == [249375] and s.assistance.cap.tolist() == [300000 * YUAN]


def test_a_kind_the_policy_has_no_rule_for_raises_rows_error():
    with pytest.raises(RowsError) as e:
        settle_claims(TIBET, people(), claims([K_GO, K_PO], [100, 100], facility=[-1, 0], drug=[-1, 0]))
    assert e.value.first().column == "kind" and e.value.first().rows.tolist() == [1]


def test_claim_problems_across_fields():
    problems = claim_problems(A([K_IP, K_GO, K_PO]), A([0, 0, 0]), A([0, 2, 0]), A([-1, -1, -1]), A([-1, -1, 0]),
                              A([100, 100, 100]), A([0, 0, 0]))
    assert [(p.column, p.rows.tolist()) for p in problems] == [("level", [0]), ("admission", [1]), ("facility", [2])]


# ---------------------------------------------------------------- many people


def test_batch_in_small_chunks_equals_one_call_and_keeps_the_given_order():
    rng = np.random.default_rng(5)
    n, m = 7, 60
    p = people(n, tier=rng.integers(0, 2, n).tolist(), years=rng.integers(0, 15, n).tolist())
    kind = rng.choice([K_IP, K_SO, K_GO, K_DEL], m)
    c = claims(kind.tolist(), rng.integers(0, 3_000_000, m).tolist(), person=rng.integers(0, n, m).tolist(),
               day=rng.integers(0, 366, m).tolist(), level=np.where(kind == K_IP, 3, 0).tolist())
    whole = settle_many(TIBET, p, c, chunk=10 ** 6)
    small = settle_many(TIBET, p, c, chunk=3)
    for f in ("refusal", "basic", "catastrophic", "assistance", "claims", "total_cost", "basic_paid"):
        assert (getattr(whole, f) == getattr(small, f)).all(), f
    for f in fields(whole.year):
        assert (getattr(whole.year, f.name) == getattr(small.year, f.name)).all(), f.name
    # each person's claims alone give the same numbers (the batch never mixes people)
    for who in range(n):
        rows = np.flatnonzero(c.person == who)
        if len(rows):
            one = settle_many(TIBET, people(1, tier=int(p.tier[who]), years=int(p.years[who])),
                              replace(c.take(rows), person=np.zeros(len(rows), dtype=np.int64)))
            assert (one.basic == whole.basic[rows]).all() and (one.catastrophic == whole.catastrophic[rows]).all()
