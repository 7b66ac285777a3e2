"""Every quoted clause is in its article, and every rule of RULES.md is implemented and tested (C2)."""

from pathlib import Path

import pytest

from yibao.policy import load_policy, policy_ids
from yibao.policy.loader import policies_dir, read_yaml
from yibao.policy.provenance import check_quotes, quotes
from yibao.rule_table import cases_by_rule, params_by_rule
from yibao.rule_table import tests_by_rule as marked_tests
from yibao.rules import IMPLEMENTED, import_all, inventory, sources_dir

pytestmark = [pytest.mark.rules("C2")]


def test_the_articles_are_there():
    files = sorted(p.name for p in sources_dir().glob("*.txt"))
    assert len(files) == 5, f"expected the five articles in {sources_dir()} (set YIBAO_SOURCES)"


def test_every_quote_is_verbatim_in_its_article():
    checked, problems = check_quotes()
    assert not problems, "\n".join(map(str, problems))
    assert len(checked) > 200


def test_quotes_are_short_phrases_not_paragraphs():
    long = [q for q in quotes() if len(q.quote) > 120]
    assert not long, long


def test_a_changed_quote_is_caught(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for p in sources_dir().glob("*.txt"):
        text = p.read_text(encoding="utf-8")
        (seeds / p.name).write_text(text.replace("每人400元", "每人410元"), encoding="utf-8")
    _, problems = check_quotes(seeds=seeds)
    assert any("400" in str(p) for p in problems)


def test_yibao_sources_names_the_article_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("YIBAO_SOURCES", str(tmp_path))
    assert sources_dir() == tmp_path
    _, problems = check_quotes()
    assert problems and all("not found" in p.reason for p in problems)


def test_every_rule_id_in_the_policies_exists_in_the_inventory():
    inv = inventory()
    unknown = {r for q in quotes() for r in q.rules if r not in inv}
    assert not unknown


def test_every_non_data_rule_is_implemented_and_tested():
    import_all()
    inv, tests = inventory(), marked_tests()
    calc = [r for r, (_, data) in inv.items() if not data]
    assert not [r for r in calc if not IMPLEMENTED.get(r)], "rules with no @implements function"
    cases = cases_by_rule()  # a worked example of cases/*.yaml tests its rules too
    assert not [r for r in calc if not tests.get(r) and not cases.get(r)], "rules with no test and no worked example"


def test_every_data_rule_has_its_facts_in_the_policy_data():
    inv, params = inventory(), params_by_rule()
    missing = [r for r, (_, data) in inv.items() if data and not params.get(r)]
    assert not missing


def _referenced(node, out: set) -> set:
    if isinstance(node, dict):
        for k, v in node.items():
            if (k.endswith("assumptions") or k == "readings_against") and isinstance(v, list):  # aided_assumptions...
                out.update(v)
            elif k.endswith("_assumption"):
                out.add(v)
            else:
                _referenced(v, out)
    elif isinstance(node, list):
        for v in node:
            _referenced(v, out)
    return out


def test_every_assumption_a_policy_defines_is_used():
    """A named assumption that no value cites (nor the code) is a reading no result can show."""
    cited: set[str] = set()
    for path in policies_dir().glob("*.yaml"):
        _referenced(read_yaml(path), cited)
    code = " ".join(p.read_text("utf-8") for p in (Path(__file__).parents[1] / "yibao").rglob("*.py"))
    unused = [(pid, aid) for pid in policy_ids() for aid in load_policy(pid).assumptions
              if aid not in cited and f'"{aid}"' not in code]
    assert not unused
