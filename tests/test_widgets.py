"""The what-if widgets, headless: worked examples through the inputs, bad entries beside their field."""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pytest

ipywidgets = pytest.importorskip("ipywidgets")

from yibao.result import LineItem  # noqa: E402
from yibao.skins import widgets as w  # noqa: E402

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
    # two tiers: one must be chosen, so no "(不选)" (issue 14 §5); the high tier first
    assert [v for _, v in calc.inputs["tier"].options] == ["high", "low"] and calc.inputs["tier"].value == "high"
    calc.set(policy="xizang-2024", groups=["dibao"])
    # Tibet's 2024 tiers: 380 (T12) and Lhasa's 200 as the region's low tier (assumption tibet_2024_low_tier)
    assert [v for _, v in calc.inputs["tier"].options] == ["high", "low"]
    assert calc.error == "" and "38.00" in calc.output.value and "342.00" in calc.output.value
    calc.inputs["policy"].value = "yuncheng-2024"  # one standard
    assert [v for _, v in calc.inputs["tier"].options] == ["", "standard"]
    calc.inputs["policy"].value = "lhasa-2025"  # as a user would, through the dropdown
    assert [v for _, v in calc.inputs["tier"].options] == ["high", "low"]


@r("X3", "X4")
def test_coverage_xining_paid_1_april_starts_31_may():
    calc = w.coverage_calculator("xining-2025").set(paid_on="2025-04-01")
    assert calc.error == "" and "2025年5月31日" in calc.output.value


@r("T6", "T7")
def test_hospital_xizang_level3_one_admission_basic_8160():
    calc = w.hospital_calculator("xizang-2024").set(tier="high", level=3, admissions=1, cost="10000")
    assert calc.error == ""
    out = calc.output.value
    for figure in ("10,000.00", "8,160.00", "1,840.00"):  # total, basic, out of pocket
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
    assert calc.error == "" and "971.19" in calc.output.value and "11,654.28" in calc.output.value


@r("T21", "T22")
def test_maternity_caesarean_twins_9200():
    calc = w.maternity_calculator().set(delivery="caesarean", babies=2)
    assert calc.error == "" and "9,200.00" in calc.output.value


@r("T14", "T15", "T16")
def test_incentives_enrolled_2025_to_2030_without_claims_raise_the_2031_cap_to_149000():
    calc = w.incentive_calculator("xizang-2025").set(
        history="\n".join(f"{y},是,否,否" for y in range(2025, 2031)), year=2031)
    assert calc.error == ""
    # 7 continuous years in 2031, the years after the 4th raise 1000 each: 2029, 2030, 2031 → 3000;
    # six zero-claim years 2025–2030 → 6000; 3000 + 6000 ≤ 28000 (20% of 140000).
    assert calc.result.continuous_amount == D("3000") and calc.result.zero_claim_amount == D("6000")
    for figure in ("3,000.00 元", "6,000.00 元", "149,000.00 元", "28,000.00 元"):
        assert figure in calc.output.value


@r("T14", "T15")
def test_incentives_break_and_a_claim_year():
    # 2025 zero-claim (+1000 for 2026); 2026 a claim; 2027 not enrolled: the count resets, nothing earned.
    calc = w.incentive_calculator().set(history="2025,是,否,否\n2026,是,是,否\n2027,否,否,否", year=2028)
    assert calc.error == "" and calc.result.cap == D("141000.00") and "141,000.00 元" in calc.output.value


@r("T14", "T15")
def test_incentives_history_typed_with_a_chinese_input_method_full_width_commas():
    """Issue 20: "2025，是，否，否" as a Chinese input method types it (full-width commas, 、, a full-width
    space) gives the same years as ASCII commas: the 2028 cap of the break-and-claim history above."""
    calc = w.incentive_calculator().set(history="2025，是，否，否\n2026、是、是、否\n2027\u3000否 否；否", year=2028)
    assert calc.error == "" and calc.result.cap == D("141000.00")
    calc.set(history="2025，是，否，否", year="")
    assert shown(calc, "year") == "⚠ 未填写;请填写年份,例如 2026"  # not "missing; allowed: a year such as 2026"
    calc.set(history="2025，是，否，否，否", year=2026)
    assert shown(calc, "history").startswith("⚠ 第1行:有 5 项,多于 4 项")


@r("T20")
def test_sharing_spouse_in_employee_insurance_uses_own_account_first():
    calc = w.sharing_calculator().set(relation="spouse", member_insurance="employee", cost="500",
                                      member_balance="200", authoriser_balance="1000")
    res = calc.result
    assert calc.error == "" and res.allowed
    assert (res.from_own_account, res.from_authoriser, res.left_to_pay) == (D("200"), D("300"), D("0"))
    assert "200.00" in calc.output.value and "300.00" in calc.output.value


@r("T20")
def test_sharing_member_outside_tibet_pays_all():
    calc = w.sharing_calculator().set(member_insured_in_region=False, cost="500")
    assert calc.error == "" and not calc.result.allowed and calc.result.left_to_pay == D("500")


@r("X1", "X9")
def test_enrolment_xining_employee_insured_may_not_enrol():
    calc = w.enrolment_calculator("xining-2025").set(employee_insured=True)
    assert calc.error == "" and calc.result.may_enrol is False
    assert "不能" in calc.output.value and "未参加职工医疗保险" in calc.output.value
    calc.set(employee_insured=False, enrolled_elsewhere=True)
    assert calc.result.may_enrol is False
    calc.set(enrolled_elsewhere=False)
    assert calc.result.may_enrol is True


@r("L2")
def test_enrolment_lhasa_categories_follow_the_policy():
    calc = w.enrolment_calculator("lhasa-2025")
    assert "hmt_foreign_student" in [v for _, v in calc.inputs["category"].options]
    calc.set(category="hmt_foreign_student")
    assert calc.error == "" and calc.result.may_enrol and "港澳台大学生" in calc.output.value
    calc.set(policy="xining-2025")
    assert [v for _, v in calc.inputs["category"].options] == [""] and calc.error == ""


@r("C1")
def test_compare_dibao_high_tier_side_by_side():
    calc = w.compare_calculator().set(tier="high", groups=["dibao"])
    assert calc.error == ""
    paid = {pid: res.individual for pid, res, _ in calc.result.rows if res is not None}
    assert paid["lhasa-2025"] == D("40") and paid["xizang-2024"] == D("38")
    assert paid["yuncheng-2024"] == D("76") and paid["xining-2025"] == D("200")
    for figure in ("40.00", "38.00", "76.00", "200.00"):
        assert figure in calc.output.value


@r("T18")
def test_hospital_employee_outpatient_without_a_stated_rate_says_what_is_missing():
    calc = w.hospital_calculator("xizang-2024").set(tier="high", admissions=0, employee_outpatient="1200")
    # T18 gives only the deductibles (140/200) and the limit (5000): the rate is missing, nothing is computed
    said = shown(calc, "employee_outpatient")
    assert "没有规定职工医保门诊统筹的报销比例" in said and "5000 元" in said and "140 元" in said


@r("Y6")
def test_hospital_yuncheng_pooled_outpatient_primary_jia_100_capped_at_50():
    calc = w.hospital_calculator().set(policy="yuncheng-2024", admissions=0, pooled_outpatient="100",
                                       facility="primary", drug_class="jia")
    assert calc.error == "" and calc.result.basic == D("50.00")  # 100 × 60% = 60, at most 50 a visit
    calc.set(facility="county_level2", drug_class="yi", pooled_outpatient="80")
    assert calc.error == "" and calc.result.basic == D("36.00")  # 80 × 45%


@r("Y6")
def test_hospital_yuncheng_one_visit_jia_and_yi_share_one_50_cap():
    calc = w.hospital_calculator().set(policy="yuncheng-2024", admissions=0, pooled_outpatient="60",
                                       facility="primary", drug_class="jia", pooled_outpatient_other="50")
    # 甲 60 × 60% = 36.00, 乙 50 × 50% = 25.00: one visit, 61.00 → at most 50.00 (36.00 + 14.00)
    assert calc.error == "" and [c.basic for c in calc.result.claims] == [D("36.00"), D("14.00")]
    assert calc.result.basic == D("50.00")


@r("T19")
def test_hospital_ethnic_medicines_raise_the_payment():
    plain = w.hospital_calculator().set(tier="high", level=3, cost="10000").result.basic
    calc = w.hospital_calculator().set(tier="high", level=3, cost="10000", ethnic_share="2000")
    assert calc.error == "" and calc.result.basic > plain
    assert any("T19" in it.rules for c in calc.result.claims for it in c.items)


@r("F9")
def test_hospital_excluded_inpatient_costs_are_paid_by_the_person():
    calc = w.hospital_calculator().set(tier="high", excluded="work_injury")
    assert calc.error == "" and calc.result.basic == 0 and calc.result.out_of_pocket == D("10000")
    assert "工伤" in calc.output.value


@r("T23", "T13")
def test_hospital_delivery_in_full_and_border_mothers():
    calc = w.hospital_calculator().set(tier="high", admissions=0, delivery="3000")
    assert calc.error == "" and calc.result.basic == D("3000.00")
    calc.set(groups=["border_resident"])
    assert calc.error == "" and calc.result.out_of_pocket == 0


@r("F2", "F3", "F4")
def test_stop_month_after_and_account_sharing_above_3000():
    calc = w.stop_calculator().set(employment_ended_on="2024-06-15", account_balance="3500")
    assert calc.error == "" and str(calc.result.stops_on) == "2024-07-01" and "2024年7月1日" in calc.output.value
    assert calc.result.account_sharing_allowed is True
    calc.set(account_balance="3000")
    assert calc.result.account_sharing_allowed is False
    calc.set(receiving_unemployment_benefit=True)
    assert calc.result.stops_on is None and calc.result.premium_paid_by == "unemployment_fund"


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
    assert "高档" in text and "低档" in text and "Invalid" not in text


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


@r("T14")
def test_incentive_bad_history_line_beside_the_history():
    calc = w.incentive_calculator()
    good = calc.result
    calc.set(history="2025,是,否,否\n2026,也许,否,否")
    assert "第2行" in shown(calc, "history") and "也许" in shown(calc, "history")
    assert calc.result is good and shown(calc, "year") == ""
    calc.set(history="2025,是,否,否,多")
    assert "第1行" in shown(calc, "history")
    calc.set(history="2025,是,否,否", year=1800)
    assert shown(calc, "year") and shown(calc, "history") == "" and calc.result is good


@r("T20")
def test_sharing_bad_money_beside_its_field():
    calc = w.sharing_calculator()
    good = calc.result
    calc.set(authoriser_balance="1,000")
    assert shown(calc, "authoriser_balance") and shown(calc, "cost") == "" and calc.result is good


@r("F2")
def test_stop_bad_date_beside_its_field():
    calc = w.stop_calculator().set(employment_ended_on="2024-02-30")
    assert "2024-02-30" in shown(calc, "employment_ended_on") and calc.result.stops_on is not None


@r("C1")
def test_compare_bad_income_beside_its_field():
    calc = w.compare_calculator().set(income="abc")
    assert "abc" in shown(calc, "income") and calc.result is not None


@r("Y6", "T19")
def test_hospital_new_fields_errors_beside_them():
    calc = w.hospital_calculator().set(tier="high", pooled_outpatient="100")  # xizang has no Y6
    assert shown(calc, "pooled_outpatient") and calc.result.basic == D("8160.00")
    calc.set(pooled_outpatient="", ethnic_share="20000")  # more than the admission's cost
    assert shown(calc, "ethnic_share") and shown(calc, "pooled_outpatient") == ""
    calc.set(ethnic_share="", employee_outpatient="x")
    assert shown(calc, "employee_outpatient")


# ---- every rule with a calculation is reachable


def test_every_calculator_lists_its_rules_and_together_they_cover_the_inventory():
    from yibao.rules import IMPLEMENTED, import_all, inventory

    import_all()
    calcs = {name: make() for name, make in w.CALCULATORS.items()}
    for name, calc in calcs.items():
        assert calc.rules, name
        assert set(calc.rules) <= set(IMPLEMENTED), (name, set(calc.rules) - set(IMPLEMENTED))
    reached = set().union(*(c.rules for c in calcs.values()))
    wanted = {rid for rid, (_, data) in inventory().items() if not data} - {"C2"}
    assert not wanted - reached, f"rules no widget reaches: {sorted(wanted - reached)}"


# ---- the examples they open with (policies/examples.yaml)


def test_every_calculator_opens_on_its_example_without_an_error():
    from yibao.policy.examples import NEEDS, VALUES, example

    assert set(w.CALCULATORS) == set(NEEDS) == set(VALUES)
    for name, make in w.CALCULATORS.items():
        calc, ex = make(), example(name)
        assert calc.error == "" and calc.result is not None, (name, calc.error)
        if "policy" in calc.inputs:
            assert calc.inputs["policy"].value == ex.policy
        for field, text in ex.values.items():
            assert str(calc.inputs[field].value) == text, (name, field)
        for field in VALUES[name]:  # the fields an example may fill start from text
            assert isinstance(calc.inputs[field], (ipywidgets.Text, ipywidgets.Textarea, ipywidgets.IntText)), (name, field)


def test_a_calculator_offers_the_policies_that_state_what_it_reads():
    from yibao.policy import load_policy, policies_stating
    from yibao.policy.examples import NEEDS
    from yibao.policy.sections import states

    for name, make in w.CALCULATORS.items():
        calc = make()
        if "policy" in calc.inputs:
            offered = [v for _, v in calc.inputs["policy"].options]
            assert offered == policies_stating(*NEEDS[name]), name
            assert all(states(load_policy(p), s) for p in offered for s in NEEDS[name])


# ---- rendering and layering


@r("L7")
def test_render_escapes_text():
    calc = w.premium_calculator().set(groups=["dibao"])
    calc.result.items.append(LineItem("<script>x</script>", D("1")))
    out = w.render_result(calc.result)
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_calculators_do_not_import_the_widgets():
    pkg = Path(w.__file__).parents[2]  # yibao/: nothing below the skins imports them
    for path in pkg.rglob("*.py"):
        if "skins" not in path.relative_to(pkg).parts:
            assert not re.search(r"^\s*(from|import)\s+\S*(skins|widgets)\b", path.read_text(encoding="utf-8"), re.M), path


def test_widgets_never_offer_the_shared_parts():
    calc = w.premium_calculator()
    assert not any(v.startswith("_") for _, v in calc.inputs["policy"].options)


@r("T26")
def test_widget_marks_an_outside_document():
    calc = w.premium_calculator("national-2025")
    assert "外部文件,未对照原文" in calc.output.value


# ---- a page for a resident (issue 14 §3–5): no Ctrl-click lists, no codes, nothing changed silently

POLICY_ID = re.compile(r"\b(lhasa|xizang|yuncheng|xining|national)-20\d\d\b")


def test_groups_are_one_checkbox_each_and_a_tick_is_the_choice():
    calc = w.premium_calculator("lhasa-2025")
    groups = calc.inputs["groups"]
    assert isinstance(groups, w.base.CheckboxGroup) and not isinstance(groups, ipywidgets.SelectMultiple)
    box = dict(zip([label for label, _ in groups.options], groups.boxes, strict=True))["低保对象"]
    box.value = True  # a tick in the browser: 400 × 10% = 40 paid, 360 by medical assistance (L5)
    assert groups.value == ("dibao",) and calc.result.individual == D("40")
    box.value = False
    assert groups.value == () and calc.result.individual == D("400")
    calc.set(groups=["dibao"])  # and the other way round: setting the value ticks the box
    assert box.value is True


def test_a_group_not_offered_is_refused_beside_the_field():
    calc = w.premium_calculator("lhasa-2025").set(groups=["dibao"])
    calc.set(groups=["dibao", "no_such_group"])
    assert "no_such_group" in shown(calc, "groups") and calc.invalid() == ["groups"]
    assert calc.inputs["groups"].value == ("dibao",) and calc.result.individual == D("40")


def test_policies_are_offered_by_title_and_results_name_no_policy_id():
    for name, make in w.CALCULATORS.items():
        calc = make()
        labels = [label for n, x in calc.inputs.items() if hasattr(x, "options")
                  for label, _ in x.options if isinstance(label, str)]
        assert not [t for t in labels if POLICY_ID.search(t)], name
        assert not POLICY_ID.search(calc.output.value), name
        assert not re.search(r"(high|low|standard)档", calc.output.value), name


def test_assumptions_are_shown_by_title_without_their_id():
    calc = w.premium_calculator("lhasa-2025")
    ids = [a.id for a in calc.result.assumption_details]
    assert ids and not [i for i in ids if i in calc.output.value]
    assert all(a.title in calc.output.value for a in calc.result.assumption_details)


def test_rule_ids_are_explained_once_under_the_steps():
    out = w.premium_calculator("lhasa-2025").output.value
    assert "<td data-label='规则编号'>L3</td>" in out and out.count(w.render.RULES_NOTE) == 1


def test_a_result_names_policies_and_assumptions_by_their_chinese_titles_only():
    """The calculators and the policy data say it in Chinese themselves: the page only escapes it."""
    import re

    calc = w.premium_calculator("lhasa-2025").set(groups=("dibao",))
    text = re.sub(r"<[^>]+>", " ", calc.output.value)
    assert "705元是2024年还是2025年的人均财政补助" in text and "记在拉萨市2025年的政策数据里" in text
    assert not re.search(r"(lhasa|xizang|xining|yuncheng|national)-20\d\d|most_favourable_aid|\b(high|low)档", text)


def test_hospital_admissions_above_50_are_refused_not_cut():
    calc = w.hospital_calculator("xizang-2024").set(tier="high", level=3, cost="10000")
    assert calc.result.basic == D("8160.00")  # (10000 − 400) × 85%
    calc.set(admissions="99")
    assert calc.inputs["admissions"].value == "99" and "50" in shown(calc, "admissions")
    assert calc.invalid() == ["admissions"] and calc.result.basic == D("8160.00")
    calc.set(admissions="50")  # the bound itself is taken: 50 stays of 10000 each
    assert calc.error == "" and calc.result.total_cost == D("500000.00")


def test_hospital_leads_with_four_inputs_and_folds_the_rest():
    calc = w.hospital_calculator()
    top = [c for c in calc.widget.children if "yibao-field" in c._dom_classes]
    assert [c.children[0] for c in top] == [calc.inputs[n] for n in ("policy", "tier", "level", "admissions", "cost")]
    folded = {n for n in calc.inputs if n in calc.section_of}
    assert folded == set(calc.inputs) - {"policy", "tier", "level", "admissions", "cost"}
    assert all(s.selected_index is None for s in calc.sections)  # collapsed on opening


def test_a_bad_entry_in_a_folded_field_opens_its_section():
    calc = w.hospital_calculator()
    section = calc.section_of["general_outpatient"]
    calc.set(general_outpatient="abc")
    assert section.selected_index == 0 and shown(calc, "general_outpatient")
    assert calc.invalid() == ["general_outpatient"]
    assert all(s.selected_index is None for s in calc.sections if s is not section)
    calc.set(general_outpatient="")
    assert calc.invalid() == [] and calc.error == ""


def test_tier_blank_only_where_a_policy_has_one_standard():
    for policy, expected in (("lhasa-2025", ["high", "low"]), ("xining-2025", ["", "standard"])):
        for make in (w.premium_calculator, w.coverage_calculator):
            assert [v for _, v in make(policy).inputs["tier"].options] == expected, (make.__name__, policy)


def test_whole_numbers_are_typed_as_text_and_a_fraction_is_refused_as_typed():
    # a browser's number box turns "1.5" into 15 without a word; a text box keeps what was typed
    calc = w.maternity_calculator("xizang-2024")
    assert all(not isinstance(x, (ipywidgets.IntText, ipywidgets.BoundedIntText))
               for make in w.CALCULATORS.values() for x in make().inputs.values())
    calc.set(delivery="caesarean", babies="2")
    kept = calc.result.lump_sum
    calc.set(babies="1.5")
    assert calc.inputs["babies"].value == "1.5" and shown(calc, "babies") and calc.invalid() == ["babies"]
    assert calc.result.lump_sum == kept
    cover = w.coverage_calculator("xining-2025").set(paid_on="2025-04-01", gap_years="")
    assert cover.error == "" and cover.result.waiting_months == 0  # empty: no gap
