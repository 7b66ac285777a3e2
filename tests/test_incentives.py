"""Enrolment incentives (T14–T16) under xizang-2025, worked by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from yibao.errors import InputError, NotCovered
from yibao.incentives import YearRecord, incentive, read_history

POLICY = "xizang-2025"


def years(first, last, enrolled=True, reimbursed=False):
    return [YearRecord(y, enrolled, reimbursed and enrolled) for y in range(first, last + 1)]


@pytest.mark.rules("T14", "T15")
def test_first_year_has_nothing():
    r = incentive(POLICY, [], 2025)
    assert (r.continuous_amount, r.zero_claim_amount, r.cap) == (0, 0, D("140000"))
    r = incentive(POLICY, [], 2024)
    assert r.cap == D("140000") and r.notes


@pytest.mark.rules("T14", "T15")
def test_all_enrolled_no_claims():
    r = incentive(POLICY, years(2025, 2030), 2031)
    # continuous: 2025–2028 are the 4 years; 2029, 2030, 2031 each +1000 = 3000
    # zero-claim: 2025–2030 each raise the next year: 6 × 1000 = 6000
    assert r.continuous_amount == D("3000") and r.zero_claim_amount == D("6000")
    assert r.total_raise == D("9000") and r.cap == D("149000")
    d = r.to_dict()
    assert (d["continuous_amount"], d["zero_claim_amount"], d["cap"]) == ("3000.00", "6000.00", "149000.00")
    assert {"incentive_years_from_first_year", "continuous_incentive_timing", "incentive_minimum_amount",
            "incentive_limit_on_sum"} <= set(d["assumptions"])


@pytest.mark.rules("T14")
def test_fifth_year_is_the_first_raise():
    assert incentive(POLICY, years(2025, 2027, reimbursed=True), 2028).continuous_amount == 0
    assert incentive(POLICY, years(2025, 2028, reimbursed=True), 2029).continuous_amount == D("1000")


@pytest.mark.rules("T14")
def test_break_resets_years_but_keeps_amount():
    h = years(2025, 2029, reimbursed=True) + [YearRecord(2030, False)] + years(2031, 2034, reimbursed=True)
    # 2029: +1000. 2030 break: count cleared, 1000 kept. 2031–2034: 4 years again, no raise.
    r = incentive(POLICY, h, 2034)
    assert r.continuous_amount == D("1000") and r.continuous_years == 4
    # 2035 is the 5th continuous year again: +1000
    assert incentive(POLICY, h, 2035).continuous_amount == D("2000")


@pytest.mark.rules("T15")
def test_zero_claim_needs_enrolment():
    h = [YearRecord(2025, False), YearRecord(2026, True, False)]
    r = incentive(POLICY, h, 2027)
    # 2025 not enrolled: no zero-claim year; 2026 enrolled, no reimbursement → 2027 +1000
    assert r.zero_claim_amount == D("1000")


@pytest.mark.rules("T15")
def test_reset_by_use():
    h = [YearRecord(2025, True), YearRecord(2026, True),                      # zero-claim: 2027 has 2000
         YearRecord(2027, True, fund_reimbursed=True, incentive_used=True),   # used in 2027 → cleared
         YearRecord(2028, True)]                                              # zero-claim again → 2029
    assert incentive(POLICY, h[:2], 2027).cap == D("142000")
    r = incentive(POLICY, h[:3], 2028)
    assert r.zero_claim_amount == 0 and r.cap == D("140000")
    r = incentive(POLICY, h, 2029)
    # zero-claim 1000 (2028); continuous 1000 (2029 is the 5th year): use does not clear it
    assert (r.zero_claim_amount, r.continuous_amount, r.cap) == (D("1000"), D("1000"), D("142000"))


@pytest.mark.rules("T16")
def test_twenty_percent_limit_both_sides():
    # 2040: zero-claim 2025–2039 = 15000; continuous 2029–2040 = 12000 → 27000 (below 28000)
    r = incentive(POLICY, years(2025, 2039), 2040)
    assert r.total_raise == D("27000") and r.cap == D("167000")
    # 2041: 16000 + 13000 = 29000 → limited to 20% × 140000 = 28000
    r = incentive(POLICY, years(2025, 2040), 2041)
    assert (r.continuous_amount, r.zero_claim_amount) == (D("13000"), D("16000"))
    assert r.total_raise == D("28000") and r.cap == D("168000")
    # exactly at the limit: 2025 reimbursed → zero-claim 15000 + continuous 13000 = 28000
    h = [YearRecord(2025, True, True)] + years(2026, 2040)
    assert incentive(POLICY, h, 2041).cap == D("168000")


@pytest.mark.rules("T14", "T15")
def test_history_validated():
    with pytest.raises(InputError, match="history"):
        incentive(POLICY, years(2025, 2026), 2028)                       # 2027 missing
    with pytest.raises(InputError, match=r"history\[1\]\.year"):
        incentive(POLICY, [YearRecord(2025, True), YearRecord(2025, True)], 2026)
    with pytest.raises(InputError, match="fund_reimbursed"):
        incentive(POLICY, [{"year": 2025, "enrolled": "no", "fund_reimbursed": "yes"}], 2026)
    with pytest.raises(InputError, match="incentive_used"):
        incentive(POLICY, [{"year": 2025, "enrolled": "yes", "incentive_used": "yes"}], 2026)
    with pytest.raises(InputError, match="incentive_used"):   # nothing to use in 2025
        incentive(POLICY, [YearRecord(2025, True, True, True)], 2026)
    with pytest.raises(NotCovered):
        incentive("xizang-2024", [], 2025)


@pytest.mark.rules("T14", "T15")
def test_read_history_csv(tmp_path):
    f = tmp_path / "h.csv"
    f.write_text("year,enrolled,fund_reimbursed,incentive_used\n2025,是,否,否\n2026,1,0,0\n", encoding="utf-8-sig")
    recs = read_history(f)
    assert recs == [YearRecord(2025, True), YearRecord(2026, True)]
    assert incentive(POLICY, recs, 2027).zero_claim_amount == D("2000")
    f.write_text("year,enrolled\n2025,1\n2025,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2, column year"):
        read_history(f)
