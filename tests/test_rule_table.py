"""docs/rules.md is the coverage table built from the code, the policy data and the tests."""

from pathlib import Path

from yibao.rule_table import build

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_rule_table_is_current():
    assert DOC.read_text(encoding="utf-8") == build(), "run `make rules-table` and commit docs/rules.md"
