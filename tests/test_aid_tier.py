"""The tier an aided person is enrolled at: every premium aid of the Tibet articles is given "按最高档次"
(L6, L7, T12, T13), so a person whose groups alone give an aid is at the highest tier; an aid that
also needs an age (L5) or an income band (L8, T27) cannot say so without them."""

from __future__ import annotations

import pytest

from yibao.groups import Group
from yibao.policy import as_policy
from yibao.policy.aids import aid_setting_the_tier, aids_in_force
from yibao.vocabulary import Tier


def fixed(policy: str, *groups: str) -> tuple[Tier, str] | None:
    found = aid_setting_the_tier(as_policy(policy), [Group(g) for g in groups])
    return None if found is None else (found[0], found[1].id)


@pytest.mark.rules("L7")
def test_lhasa_dibao_pays_40_at_the_highest_tier_so_is_enrolled_at_it():
    # “个人只需按最高档次缴纳40元,差额360元将由医疗救助资金代缴”
    assert fixed("lhasa-2025", "dibao") == (Tier.high, "l7_forty")
    assert fixed("lhasa-2025", "needy_worker") == (Tier.high, "l7_forty")
    assert fixed("lhasa-2025", "edge_poverty") == (Tier.high, "l7_forty")  # a kind of 易返贫致贫人口


@pytest.mark.rules("L6", "T12")
def test_full_aid_at_the_highest_tier_includes_children_without_support_through_orphans():
    assert fixed("lhasa-2025", "unsupported_child") == (Tier.high, "l6_full")
    assert fixed("xizang-2024", "severe_disability") == (Tier.high, "t12_full")


@pytest.mark.rules("T13")
def test_border_residents_premium_is_paid_at_the_highest_tier():
    # “由财政资金和医疗救助基金按当年居民医保最高缴费档次代缴保险费”
    assert fixed("xizang-2024", "border_resident") == (Tier.high, "t13_border")


@pytest.mark.rules("L7", "T10")
def test_relapsed_poor_get_no_lhasa_premium_aid_so_no_tier_is_set():
    assert fixed("lhasa-2025", "relapse_poverty") is None


@pytest.mark.rules("L5", "L8", "T27")
def test_an_aid_that_needs_an_age_or_an_income_sets_no_tier_without_them():
    assert fixed("lhasa-2025", "low_income_alleviated") is None
    assert fixed("lhasa-2025") is None  # L5 needs the age: no group gives it


@pytest.mark.rules("X6", "Y2")
def test_a_policy_of_one_standard_has_no_tier_to_set():
    assert fixed("xining-2025", "tekun") is None
    assert fixed("yuncheng-2024", "dibao") is None


def test_aids_of_another_year_are_not_in_force():
    ids = {a.id for a in aids_in_force(as_policy("xizang-2025"))}
    assert "t12_full_2025" in ids and "t12_full" not in ids  # 2024's aid ends 2024-12-31
