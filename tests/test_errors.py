"""The structured errors: a field path, a kind and params on every error, so that no skin reads message text."""

from __future__ import annotations

import pickle
from decimal import Decimal as D

import pytest

from yibao import inputs
from yibao.calculators.premium import household_premium
from yibao.errors import FieldPath, InputError, NotCovered, PolicyDataError


@pytest.mark.parametrize("text, parts", [
    ("claims[3].level", ("claims", 3, "level")),
    ("members[1].tier", ("members", 1, "tier")),
    ("history[0]", ("history", 0)),
    ("people.tier", ("people", "tier")),
    ("a.b[0][1].c", ("a", "b", 0, 1, "c")),
    ("--age", ("--age",)),
    ("claims.csv row 3, column cost", ("claims.csv row 3, column cost",)),
    ("x[", ("x[",)),
    ("", ("",)),
])
def test_a_field_path_reads_its_text_form_and_shows_it_unchanged(text, parts):
    path = FieldPath.of(text)
    assert tuple(path) == parts and str(path) == text


def test_a_field_path_from_parts_within_and_positions():
    path = FieldPath.of(("claims", 3, "level"))
    assert str(path) == "claims[3].level" and path.root == "claims" and path.name == "level"
    assert path.position_after("claims") == 3 and path.position_after("level") is None
    assert str(FieldPath("tier").within("members", 1)) == "members[1].tier"
    with pytest.raises(TypeError):
        FieldPath("a", 1.5)  # type: ignore[arg-type]


def test_errors_keep_their_structure_through_pickle():
    err = InputError(("claims", 2, "cost"), "is negative", "0 or more yuan", kind="money.negative",
                     params={"value": "'-1'"})
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.field, back.kind, back.params, str(back)) == (
        err.path, "claims[2].cost", "money.negative", {"value": "'-1'"}, "claims[2].cost: is negative (allowed: 0 or "
        "more yuan)")
    nc = pickle.loads(pickle.dumps(NotCovered("paid_on", "outside", ("X4",))))
    assert (nc.path, nc.rules, nc.kind) == (("paid_on",), ("X4",), "not_covered")
    pd = pickle.loads(pickle.dumps(PolicyDataError("a.yaml", "premium", "bad")))
    assert (pd.file, pd.key_path, pd.kind) == ("a.yaml", "premium", "policy_data")


BAD = {
    inputs.parse_money: ["abc", "-3", "1,000", "12.345", "NaN", "1" * 50, 1.5, True, None, "", [], D("1E+20")],
    lambda v, f: inputs.parse_whole(v, f, 0, 9): ["x", "10", 1.5, True, "1" * 50, None, "", D("1.5"), []],
    inputs.parse_date: ["2025-02-30", "tomorrow", "2300-01-01", 5, None, ""],
    inputs.parse_bool: ["maybe", 2, None],
    lambda v, f: inputs.parse_choice(v, f, ["a", "b"]): ["c", 3, None],
    inputs.parse_text: [3, "x" * 600, "a\nb"],
}


@pytest.mark.parametrize("parse, values", list(BAD.items()))
def test_every_refusal_of_a_parser_says_its_kind_and_the_value(parse, values):
    for value in values:
        with pytest.raises(InputError) as e:
            parse(value, FieldPath("claims", 0, "cost"))
        err = e.value
        assert err.path == ("claims", 0, "cost") and err.field == "claims[0].cost"
        prefix, _, what = err.kind.partition(".")
        assert prefix in ("value", "money", "whole", "date", "bool", "choice", "text") and what, err.kind
        if prefix != "value":  # missing or empty: nothing to show
            assert err.params, err


def test_a_household_members_error_is_under_its_member():
    with pytest.raises(InputError) as e:
        household_premium("lhasa-2025", [{"tier": "high"}, {"tier": "gold"}])
    assert e.value.path == ("members", 1, "tier") and e.value.field == "members[1].tier"


def test_words_built_from_a_refusal_use_its_params_not_its_text():
    from yibao.calculators.person import parse_sex

    with pytest.raises(InputError) as e:
        parse_sex("robot")
    assert e.value.problem == "'robot' is not a sex we know" and e.value.kind == "choice.unknown"
    assert e.value.params["value"] == "'robot'"


def test_skins_read_the_path_not_the_message():
    """No skin parses error text: no regular expression over a field or a message in yibao/skins."""
    from pathlib import Path

    import yibao

    skins = Path(yibao.__file__).parent / "skins"
    for path in skins.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in (".field)", ".problem.replace", "match(err", "match(e.", "split(\".\")"):
            assert needle not in text, (path, needle)
