"""What a reader sees names every value in Chinese: no dotted key (``coverage.windows[l1_concentrated]``),
no snake_case id (``y4_normal``), no assumption id (``fiscal_subsidy_articles_disagree``), no rule or
group code, in the values tables, the explanations of a set of representative results, a policy diff,
a reform's explanation and the Chinese texts of the policy files themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from reader_text import POLICIES, leaks
from reader_text import ids_of as _ids

from yibao.calculators.account_sharing import account_sharing
from yibao.calculators.compare import compare_premiums
from yibao.calculators.coverage import coverage
from yibao.calculators.flexible import employee_insurance_stop, flexible_premium
from yibao.calculators.incentive import incentive
from yibao.calculators.maternity import maternity
from yibao.calculators.premium import premium
from yibao.policy import as_policy
from yibao.policy.diff import diff_policies
from yibao.policy.loader import policies_dir, policy_files, read_yaml
from yibao.policy.provenance import walk_yaml
from yibao.policy.reformed import apply_reform
from yibao.policy.values import policy_values
from yibao.settlement import Person, settle
from yibao.skins import tables
from yibao.whatif.compare import compare_reform
from yibao.whatif.tiers import tier_advice


def _cells(table: Any) -> Iterator[str]:
    frame = getattr(table, "frame", table)
    yield from (str(c) for c in frame.columns)
    for row in frame.itertuples(index=False):
        yield from (str(v) for v in row)


def test_the_scan_finds_a_key_an_id_and_an_assumption_id():
    ids = _ids("lhasa-2025")
    assert leaks("依据:coverage.windows[l1_concentrated]", ids) == ["coverage.windows[l1_concentrated]"]
    assert leaks("缴费期 y4_normal", ids) == ["y4_normal"]
    assert leaks("(假设 fiscal_subsidy_articles_disagree)", ids) == ["fiscal_subsidy_articles_disagree"]
    assert leaks("成员:tekun", ids) == ["tekun"]
    assert leaks("三级医院住院起付线 400.00 元,2025年8月10日,85%[L3, T17]", ids) == []


@pytest.mark.parametrize("pid", POLICIES)
def test_values_and_assumptions_tables_show_labels_not_keys(pid):
    ids = _ids(pid)
    for table in (tables.values_table(pid, include_facts=True), tables.assumptions_table(pid),
                  tables.texts_table(pid), tables.facts_table(pid)):
        bad = [(cell, leaks(cell, ids)) for cell in _cells(table) if leaks(cell, ids)]
        assert not bad, bad[:5]


@pytest.mark.parametrize("pid", POLICIES)
def test_every_policy_value_has_a_chinese_name(pid):
    ids = _ids(pid)
    bad = {path: v.label for path, v in policy_values(as_policy(pid)).items()
           if not v.label or leaks(v.label, ids) or re.search("[a-z]{3}", v.label)}
    assert not bad, list(bad.items())[:5]


def _results() -> Iterator[Any]:
    yield premium("lhasa-2025", tier="high")
    yield premium("lhasa-2025", groups=["dibao"])
    yield premium("lhasa-2025", tier="low", sex="female", age=61)
    yield premium("xizang-2025", groups=["dibao"])
    yield premium("yuncheng-2024", groups=["low_income_family"], age=70)
    yield premium("xining-2025", groups=["dibao"], paid_on="2025-08-01")
    yield coverage("lhasa-2025", paid_on="2024-10-15")
    yield coverage("lhasa-2025", paid_on="2025-03-10", gap_years=2)
    yield coverage("xining-2025", paid_on="2025-05-01")
    yield coverage("yuncheng-2024", paid_on="2024-02-20")
    yield settle(Person("xizang-2024", tier="high"),
                 [{"kind": "inpatient", "level": 3, "cost": "50000", "date": "2024-03-01"}])
    yield settle(Person("xizang-2024", tier="low", groups=["dibao"]),
                 [{"kind": "inpatient", "level": 2, "cost": "200000", "date": "2024-03-01"}])


def _other_results() -> Iterator[Any]:
    """Every other calculator and what-if, once."""
    yield maternity("xizang-2024", babies=2, difficult=True, average_wage_last_year="120000")
    yield account_sharing("spouse", "resident", "500", authoriser_balance="1000", policy="xizang-2024")
    yield compare_premiums({"groups": ["dibao"]})
    yield flexible_premium("10791", "lhasa-2024")
    yield employee_insurance_stop("2024-06-15", policy="lhasa-2024")
    yield incentive("xizang-2025", [{"year": y, "enrolled": True, "fund_reimbursed": False} for y in range(2025, 2031)],
                    2031)
    yield tier_advice("lhasa-2025", level=3)
    yield compare_reform("xizang-2024", {"catastrophic.deductible.high": "4000"}, person={"tier": "high"},
                         claims=[{"date": "2024-03-01", "kind": "inpatient", "cost": "50000", "level": 3}])


@pytest.mark.parametrize("result", [*_results(), *_other_results()], ids=lambda r: type(r).__name__)
def test_explanations_name_values_in_chinese(result):
    ids = set().union(*(_ids(p) for p in POLICIES))
    text = result.explain()
    assert not leaks(text, ids), (leaks(text, ids), text)


def test_diff_and_reform_explanations_name_values_in_chinese():
    ids = _ids("lhasa-2025") | _ids("xizang-2024")
    text = diff_policies("xizang-2024", "lhasa-2025").explain()
    assert not leaks(text, ids), leaks(text, ids)
    reformed = apply_reform("xizang-2024", {"catastrophic.deductible.high": "4000",
                                            "basic.inpatient.levels[level_3].rate.high": "0.9"})
    stay = settle(Person(reformed, tier="high"),
                  [{"kind": "inpatient", "level": 3, "cost": "50000", "date": "2024-03-01"}])
    assert not leaks(stay.explain(), ids), leaks(stay.explain(), ids)
    assert "大病保险起付标准(高档)" in stay.explain()


def test_chinese_texts_of_the_policy_files_name_no_keys():
    """Labels, titles, readings, notes and derivations are read by people: no key paths or ids in them."""
    every = set().union(*(_ids(p) for p in POLICIES))
    bad = []
    for path in policy_files(policies_dir()):
        for key, node in walk_yaml(read_yaml(path)):
            last = re.sub(r"\[\d+\]$", "", key).rsplit(".", 1)[-1]
            if isinstance(node, str) and (last in ("label", "title", "note", "reading", "why", "alternatives")
                                          or ".derived." in key):
                bad += [(path.name, key, k) for k in leaks(node, every)]
    assert not bad, bad
