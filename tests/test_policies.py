"""Policy files load, inherit and fail loudly: file, key path and reason."""

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from yibao.errors import InputError, PolicyDataError
from yibao.policy import load_policy, policy_ids
from yibao.policy.loader import policies_dir

EXPECTED = {"national-2025", "xizang-2024", "xizang-2025", "lhasa-2024", "lhasa-2025",
            "yuncheng-2024", "xining-2025"}


def test_every_policy_file_loads():
    assert set(policy_ids()) >= EXPECTED
    for pid in policy_ids():
        assert load_policy(pid).id == pid


def test_numbers_are_exact_decimals():
    p = load_policy("xizang-2024")
    assert p.basic.inpatient.levels[1].rate.high.value == D("0.85")
    assert isinstance(p.facts["drug_price_cut"].value, D)


def test_city_inherits_region_and_overrides_with_its_own_citation():
    lhasa, tibet = load_policy("lhasa-2025"), load_policy("xizang-2025")
    assert lhasa.basic == tibet.basic  # Tibet's benefits hold in Lhasa (region-level pooling, T1)
    assert lhasa.premium.tiers["low"].source == "lhasa-2025"
    assert set(lhasa.premium.tiers) == {"high", "low"} == set(tibet.premium.tiers)
    # the region's tiers are Lhasa's figures as a named reading; Lhasa cites them without it
    assert "tibet_2025_high_tier" in tibet.premium.tiers["low"].assumptions
    assert not lhasa.premium.tiers["low"].assumptions


def test_2024_aids_are_not_in_force_in_2025():
    aids = {a.id: a for a in load_policy("lhasa-2025").premium.aids}
    assert aids["t12_ninety"].in_force.to.year == 2024


def test_every_value_has_its_dates_in_force():
    p = load_policy("lhasa-2025")
    assert p.premium.tiers["low"].in_force.start.isoformat() == "2025-01-01"
    assert p.basic.inpatient.levels[0].deductible.in_force.start.isoformat() == "2024-01-01"


def test_unknown_policy_lists_the_known_ones():
    with pytest.raises(InputError) as e:
        load_policy("beijing-2025")
    assert "lhasa-2025" in e.value.allowed


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for f in policies_dir().glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name, old, new, key, reason", [
    ("xizang-2024", "value: 400\n", "value: -400\n", "basic.inpatient.levels[level_3].deductible.value", "greater than or equal"),
    ("xizang-2024", "value: 0.85\n", "value: 85\n", "basic.inpatient.levels[level_3].rate.high.value", "less than or equal"),
    ("xizang-2024", "unit: rate", "unit: percent", "premium.aids[t12_ninety].rate.unit", "Input should be 'rate'"),
    ("xizang-2024", "rules: [T7]", "rules: [Z7]", "", "rule ID"),
    ("xizang-2024", "source: xizang-press-2024\n      quote: 普通门诊起付线", "source: nowhere\n      quote: 普通门诊起付线",
     "basic.general_outpatient.deductible", "nowhere"),
    ("lhasa-2025", "extends: [xizang-2025, _lhasa]", "extends: [xizang-2099, _lhasa]", "extends", "unknown parent"),
    ("national-2025", "fixed_months:", "fixed_month:", "waiting", "Field required"),
])
def test_broken_file_names_file_key_and_reason(folder, name, old, new, key, reason):
    _edit(folder, name, old, new)
    with pytest.raises(PolicyDataError) as e:
        load_policy("lhasa-2025" if name != "national-2025" else "xining-2025", folder)
    assert e.value.file.endswith(f"{name}.yaml")
    assert key in e.value.key_path and reason in str(e.value)


def test_duplicate_key_is_an_error_with_its_line(folder):
    _edit(folder, "xining-2025", "jurisdiction: xining\n", "jurisdiction: xining\njurisdiction: qinghai\n")
    with pytest.raises(PolicyDataError) as e:
        load_policy("xining-2025", folder)
    assert "line" in e.value.key_path and "twice" in e.value.reason


def test_yaml_tags_are_not_executed(folder):
    _edit(folder, "xining-2025", "jurisdiction: xining\n", "jurisdiction: !!python/object/apply:os.system [echo]\n")
    with pytest.raises(PolicyDataError) as e:
        load_policy("xining-2025", folder)
    assert "not valid YAML" in e.value.reason


def test_undefined_assumption(folder):
    _edit(folder, "xining-2025", "assumptions: [xining_sixty_days", "assumptions: [xining_ninety_days")
    with pytest.raises(PolicyDataError) as e:
        load_policy("xining-2025", folder)
    assert "xining_ninety_days" in e.value.reason


def test_circular_extends(folder):
    _edit(folder, "national-2025", "extends: [_common]", "extends: [xining-2025]")
    with pytest.raises(PolicyDataError, match="circular"):
        load_policy("xining-2025", folder)
