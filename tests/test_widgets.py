"""The what-if widgets, headless: worked examples through the inputs, bad entries beside their field."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

from yibao import widgets as w  # noqa: E402
from yibao.result import LineItem  # noqa: E402

r = pytest.mark.rules


def shown(calc: w.Calculator, field: str) -> str:
    """The plain text beside a field."""
    return re.sub(r"<[^>]+>", "", calc.errors[field].value)


# ---- worked examples


@r("L7")
def test_premium_lhasa_dibao_40_and_360():
    calc = w.premium_calculator("lhasa-2025").set(groups=["dibao"])
    assert calc.error == "" and calc.result.individual == D("40")
    assert "40.00" in calc.output.value and "360.00" in calc.output.value
    assert "医疗救助资金" in calc.output.value  # the payer, in Chinese


@r("L8")
def test_premium_lhasa_income_9000_pays_160():
    calc = w.premium_calculator().set(groups=["low_income_alleviated"], income="9000")
    assert calc.error == "" and "160.00" in calc.output.value


@r("T12")
def test_premium_xizang_2024_dibao_38_and_policy_refreshes_tiers():
    calc = w.premium_calculator("lhasa-2025")
    assert [v for _, v in calc.inputs["tier"].options] == ["", "high", "low"]
    calc.set(policy="xizang-2024", groups=["dibao"])
    assert [v for _, v in calc.inputs["tier"].options] == ["", "high"]
    assert calc.error == "" and "38.00" in calc.output.value and "342.00" in calc.output.value
    calc.inputs["policy"].value = "lhasa-2025"  # as a user would, through the dropdown
    assert [v for _, v in calc.inputs["tier"].options] == ["", "high", "low"]


@r("X3", "X4")
def test_coverage_xining_paid_1_april_starts_31_may():
    calc = w.coverage_calculator("xining-2025").set(paid_on="2025-04-01")
    assert calc.error == "" and "2025-05-31" in calc.output.value


@r("T6", "T7")
def test_hospital_xizang_level3_one_admission_basic_8160():
    calc = w.hospital_calculator("xizang-2024").set(tier="high", level=3, admissions=1, cost="10000")
    assert calc.error == ""
    out = calc.output.value
    for figure in ("10000.00", "8160.00", "1840.00"):  # total, basic, out of pocket
        assert figure in out
    res = calc.result
    assert res.basic + res.catastrophic + res.assistance + res.out_of_pocket == res.total_cost


@r("T4", "T6")
def test_hospital_outpatient_costs_are_claims_too():
    calc = w.hospital_calculator().set(admissions=0, general_outpatient="500", special_outpatient="")
    assert calc.error == "" and len(calc.result.claims) == 1
    assert calc.result.claims[0].claim.kind == "general_outpatient"


@r("F1", "F7")
def test_flexible_10791_is_971_19_a_month():
    calc = w.flexible_calculator().set(average_wage="10791")
    assert calc.error == "" and "971.19" in calc.output.value and "11654.28" in calc.output.value


@r("T21", "T22")
def test_maternity_caesarean_twins_9200():
    calc = w.maternity_calculator().set(delivery="caesarean", babies=2)
    assert calc.error == "" and "9200.00" in calc.output.value


# ---- bad entries


@r("L8")
def test_bad_income_shows_beside_the_field_and_keeps_the_last_result():
    calc = w.premium_calculator().set(groups=["low_income_alleviated"], income="9000")
    good, html = calc.result, calc.output.value
    calc.set(income="abc")  # no exception
    assert "abc" in shown(calc, "income") and calc.error
    assert calc.result is good and calc.output.value == html
    assert shown(calc, "paid_on") == "" and shown(calc, "general") == ""
    calc.set(income="9000")
    assert shown(calc, "income") == "" and calc.error == "" and calc.result is not good


@r("L1")
def test_impossible_date_shows_beside_paid_on():
    calc = w.premium_calculator().set(groups=["dibao"])
    calc.inputs["paid_on"].value = "2025-02-29"
    assert "2025-02-29" in shown(calc, "paid_on") and calc.result.individual == D("40")
    cov = w.coverage_calculator("xining-2025").set(paid_on="2025-02-29")
    assert shown(cov, "paid_on")


@r("L3")
def test_missing_tier_names_the_tiers():
    calc = w.premium_calculator("lhasa-2025").set(tier="")
    text = shown(calc, "tier")
    assert "high" in text and "low" in text


@r("T6")
def test_bad_claim_cost_goes_to_its_input():
    calc = w.hospital_calculator()
    calc.set(cost="abc")
    assert "abc" in shown(calc, "cost") and calc.result.basic == D("8160.00")
    calc.set(cost="10000", special_outpatient="1,000")
    assert shown(calc, "special_outpatient") and shown(calc, "cost") == ""


@r("T21")
def test_maternity_bad_counts_beside_their_fields():
    calc = w.maternity_calculator().set(babies=0)
    assert shown(calc, "babies") and calc.result.babies == 1
    calc.set(babies=2, surviving_babies="x")
    assert shown(calc, "surviving_babies") and shown(calc, "babies") == ""


@r("L3")
def test_set_rejects_unknown_fields_and_bad_choices():
    calc = w.premium_calculator()
    with pytest.raises(KeyError):
        calc.set(salary="1")
    calc.set(sex="unknown")
    assert shown(calc, "sex")


# ---- rendering and layering


@r("L7")
def test_render_escapes_text():
    calc = w.premium_calculator().set(groups=["dibao"])
    calc.result.items.append(LineItem("<script>x</script>", D("1")))
    out = w.render_result(calc.result)
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_calculators_do_not_import_the_widgets():
    pkg = Path(w.__file__).parent
    for path in pkg.rglob("*.py"):
        if path.name != "widgets.py":
            assert not re.search(r"^\s*(from|import)\s+\S*widgets", path.read_text(encoding="utf-8"), re.M), path
