"""Enrolment incentives (T14–T16) under xizang-2025: the history is checked and read from files. The
hand-worked raises are worked examples in cases/xizang-2025.yaml."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from yibao.calculators.incentive import YearRecord, incentive, read_history
from yibao.errors import InputError, NotCovered

POLICY = "xizang-2025"


def years(first, last, enrolled=True, reimbursed=False):
    return [YearRecord(y, enrolled, reimbursed and enrolled) for y in range(first, last + 1)]


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
