"""yibao.explain: a line's step from its record; a number its clause does not state says how it follows."""

from __future__ import annotations

from decimal import Decimal as D

from yibao.calculators.premium import premium
from yibao.explain import steps


def test_a_2025_aid_computed_from_the_2024_clause_says_how_it_follows():
    # T12 quotes 2024's "按我区最高缴费档次(2024年为380元)给予90%的定额资助,个人只需缴纳10%即38元";
    # in 2025 the highest tier is 400, so assistance pays 400 × 90% = 360 and the person 40.
    r = premium("xizang-2025", groups=["dibao"])
    assert r.individual == D("40.00")
    aid = next(s for s in steps(r.policy, r.items) if s.amount == D("360.00"))
    # the line quotes the rule that decides it (the highest tier, 90%), not 2024's 38, and shows its arithmetic
    assert "38" not in aid.clause and "360" not in aid.clause and "最高缴费档次" in aid.clause
    assert "(400.00 元 × 90%)" in aid.label
    # the reading that carries 2024's aid into 2025 (highest tier 400, not 380) is listed with the result
    assert "自治区的参保资助(T12)在2025年度是否继续" in r.explain()


def test_a_number_its_clause_states_needs_no_note():
    r = premium("xizang-2025", tier="high")
    tier = next(s for s in steps(r.policy, r.items) if s.amount == D("400.00"))
    assert "400元" in tier.clause and tier.how == "" and tier.amount_text == "400.00 元"
    assert "说明:" not in r.explain()


def test_a_step_keeps_the_path_of_the_value_it_used():
    r = premium("lhasa-2025", tier="low")
    assert next(s.path for s in steps(r.policy, r.items)) == "premium.tiers.low"


def test_no_rule_id_or_article_is_written_in_the_explanation_code():
    """Rule IDs and which article says what come from the policy data, never from Python strings."""
    import ast
    import re
    from pathlib import Path

    import yibao

    root = Path(yibao.__file__).parent
    rule = re.compile(r"(?<![A-Za-z0-9])[LTFYXC]\d{1,2}(?![0-9])")
    found = []
    # the explanation modules, and the incentive calculator (its lines carry the rules of the values they use)
    for path in [root / "settlement" / "explain.py", *sorted((root / "explain").glob("*.py")),
                 root / "calculators" / "incentive.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        # ``@implements("T14", ...)`` marks which function implements a rule (the coverage table,
        # docs/rules.md): code naming the rule it is written for, not words a reader is shown
        marks = {id(a) for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and getattr(n.func, "id", None) == "implements" for a in n.args}
        places = ("拉萨", "西藏", "西宁", "运城", "灵活就业一文")
        found += [(path.name, node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings | marks
                  and (rule.search(node.value) or any(p in node.value for p in places))]
    assert not found, found
