"""The year-on-year diff, Lhasa 2024 → 2025, worked out by hand from the policy files and the articles.

lhasa-2024 is the flexible-employment article's 2024 (002: tiers 200/380, F5) on the region's 2024 rules
(xizang-2024, 001). lhasa-2025 is the 2025 enrolment notice (000: tiers 220/400, L3; aids L5–L8; the
concentrated period L1; newborns L12) on the region's 2025 rules (xizang-2025: 001 plus the national
waiting periods and incentives, T14–T17). Benefits (T4–T13) are the region's in both years: unchanged.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from yibao.errors import InputError
from yibao.policy.diff import diff_policies

rules = pytest.mark.rules


@pytest.fixture(scope="module")
def d():
    return diff_policies("lhasa-2024", "lhasa-2025")


@rules("F5", "L3")
def test_tiers_rise_from_200_and_380_to_220_and_400_from_F5_to_L3(d):
    high, low = d.change("premium.tiers.high"), d.change("premium.tiers.low")
    assert (high.old.value, high.new.value) == (D(380), D(400))
    assert (low.old.value, low.new.value) == (D(200), D(220))
    for c in (high, low):
        assert c.old.rules == ("F5",) and c.new.rules == ("L3",)
        assert "200元或380元" in c.old.quote and "分别为220元和400元" in c.new.quote
        assert c.old.source == "lhasa-flexible" and c.new.source == "lhasa-2025"


def test_exactly_these_values_change(d):
    """Besides the tiers: the benefit year (2024 → 2025) and Lhasa's own newborn rule (L12 replaces T24)."""
    assert {c.path for c in d.changed} == {
        "premium.tiers.high", "premium.tiers.low", "coverage.benefit_year.from", "coverage.benefit_year.to",
        "coverage.anytime[newborn].start", "coverage.anytime[newborn].end",
        "coverage.anytime[newborn].starts_before_benefit_year"}


@rules("L12", "T24")
def test_newborn_cover_moves_from_birth_to_payment_date_until_next_year_end(d):
    assert (d.change("coverage.anytime[newborn].start").old.value,
            d.change("coverage.anytime[newborn].start").new.value) == ("birth_date", "payment_date")
    end = d.change("coverage.anytime[newborn].end")
    assert (end.old.value, end.new.value) == ("benefit_year_end", "next_year_end_after_payment")
    assert end.new.rules == ("L12", "T17") and "至次年12月31日" in end.new.quote


@rules("T2", "L4")
def test_fiscal_subsidy_stays_705_but_rests_on_L4_instead_of_T2(d):
    """Same 705 yuan, another clause: the press conference's "目前的705元" (2024) and the Lhasa notice's
    "提高30元,达到每人每年705元" (2025) — the two articles disagree on 2024 (675 or 705)."""
    assert d.change("premium.per_capita_fiscal_subsidy") is None
    r = next(r for r in d.recited if r.path == "premium.per_capita_fiscal_subsidy")
    assert r.old.value == r.new.value == D(705)
    assert r.old.rules == ("T2",) and r.new.rules == ("L4",)
    assert "目前的705元" in r.old.quote and "达到每人每年705元" in r.new.quote
    assert "fiscal_subsidy_articles_disagree" in r.new.assumptions


@rules("L1")
def test_2025_adds_the_concentrated_period_25_september_to_31_december(d):
    import datetime as dt

    assert d.change("coverage.windows[l1_concentrated].paid_from").new.value == dt.date(2024, 9, 25)
    assert d.change("coverage.windows[l1_concentrated].paid_to").new.value == dt.date(2024, 12, 31)
    assert d.change("coverage.concentrated_period.to").change == "added"
    assert d.change("coverage.windows[l1_concentrated].paid_to").new.rules == ("L1",)


@rules("L5", "L6", "L7", "L8", "T12")
def test_2025_adds_the_city_aids_and_the_2024_region_aids_end(d):
    added = {c.path for c in d.added}
    assert d.change("premium.aids[l7_forty].amount").new.value == D(40)
    assert d.change("premium.aids[l8_low_income].rate").new.value == D("0.60")
    assert d.change("premium.aids[l8_low_income].income_above").new.value == D(8000)
    assert d.change("premium.aids[l8_low_income].income_below").new.value == D(12000)
    assert d.change("premium.aids[l5_elderly].ages[0].min").new.value == 60
    assert d.change("premium.aids[l5_elderly].ages[1].min").new.value == 65
    assert {"premium.aids[l6_full].groups", "premium.aids[t12_full_2025].groups",
            "premium.aids[t12_ninety_2025].rate"} <= added
    # the region's 2024 items (in force 2024-01-01 .. 2024-12-31) do not apply in 2025
    removed = {c.path for c in d.removed}
    assert {"premium.aids[t12_full].groups", "premium.aids[t12_ninety].rate"} <= removed
    assert not any(p.startswith("premium.aids[t13_border]") for p in added | removed)  # the same both years


@rules("T14", "T15", "T16", "T17")
def test_2025_adds_the_waiting_periods_and_incentives(d):
    assert d.change("waiting.fixed_months").new.value == 3
    assert d.change("waiting.long_break_years").new.value == 4
    assert d.change("incentives.continuous_amount_per_year").new.value == D(1000)
    assert d.change("incentives.max_share_of_cap").new.value == D("0.20")


def test_2024_example_figures_of_the_flexible_article_are_removed(d):
    removed = {c.path for c in d.removed}
    assert {"facts.flexible_example_monthly_wage", "facts.flexible_example_monthly_premium",
            "facts.employee_stop_months_after_separation"} <= removed
    assert not any(p.startswith(("basic.", "catastrophic.", "assistance.")) for p in removed)


@rules("T4", "T6", "T7", "T9", "T11")
def test_benefits_are_the_regions_in_both_years(d):
    every = {c.path for c in d.changed + d.added + d.removed} | {r.path for r in d.recited}
    assert not any(p.startswith(("basic.", "catastrophic.", "assistance.")) for p in every)


def test_assumptions_that_differ(d):
    by = {a.id: a.change for a in d.assumptions}
    assert by["lhasa_2024_benefit_year"] == "removed"
    for a in ("l5_who", "l9_waiting", "l12_over_t24", "tibet_2025_high_tier"):
        assert by[a] == "added"
    assert "l8_income_bounds" not in by  # T27's band (xizang-2024, under lhasa-2024) reads it too now
    assert "fiscal_subsidy_articles_disagree" not in by  # the same reading in both


def test_reverse_diff_swaps_added_and_removed(d):
    back = diff_policies("lhasa-2025", "lhasa-2024")
    assert {c.path for c in back.added} == {c.path for c in d.removed}
    assert {c.path for c in back.changed} == {c.path for c in d.changed}


def test_a_policy_against_itself_has_no_difference():
    same = diff_policies("xizang-2025", "xizang-2025")
    assert not (same.changed or same.added or same.removed or same.recited or same.assumptions)


def test_json_keys_english_money_as_strings(d):
    data = json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    high = next(c for c in data["changed"] if c["path"] == "premium.tiers.high")
    assert high == {**high, "old": "380.00", "new": "400.00", "unit": "yuan", "old_rules": ["F5"],
                    "new_rules": ["L3"], "rules": ["F5", "L3"], "change": "changed"}
    rate = next(c for c in data["added"] if c["path"] == "premium.aids[l8_low_income].rate")
    assert rate["new"] == "0.6" and rate["old"] is None
    assert data["old"]["id"] == "lhasa-2024" and data["new"]["in_force_from"] == "2025-01-01"


def test_cli_text_is_chinese_with_money_and_dates(cli):
    code, out, err = cli("diff", "lhasa-2024", "lhasa-2025")
    assert code == 0, err
    assert "高档个人缴费标准:380.00 元 → 400.00 元" in out
    assert "待遇期·待遇年度·开始日:2024年1月1日 → 2025年1月1日" in out
    assert "收入高于:8,000.00 元" in out
    assert "premium." not in out and "coverage." not in out and "income_above" not in out  # labels, never keys
    assert "[F5]" in out and "[L3]" in out


def test_cli_json_and_bad_policy(cli):
    code, out, err = cli("diff", "lhasa-2024", "lhasa-2025", "--json")
    assert code == 0 and json.loads(out)["new"]["id"] == "lhasa-2025"
    code, out, err = cli("diff", "lhasa-2024", "lhasa-2026")
    assert code == 2 and len(err.splitlines()) == 1 and "lhasa-2026" in err and "Traceback" not in err


def test_cli_diff_of_a_reform_lists_what_it_changes(cli):
    code, out, err = cli("diff", "lhasa-2025", "--set", "catastrophic.deductible.high=4000", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [c["path"] for c in data["changed"]] == ["catastrophic.deductible.high"]
    assert data["changed"][0]["old"] == "5000.00" and data["changed"][0]["new"] == "4000.00"
    assert data["changed"][0]["new_source"] == "yibao-reform"


def test_unknown_policy_in_api_names_the_field():
    with pytest.raises(InputError) as e:
        diff_policies("lhasa-2024", "nowhere")
    assert e.value.field == "policy"
