"""Every refusal reads as Chinese only (issue 20): the catalogue of bad input walked in Chinese mode.

The doors and values are those of tests/test_catalogue.py (imported, not copied): every option of
every subcommand with the shared corpus of bad values, every column of the claims and history files,
reform paths and values (``--set``, ``--reform``), and broken policy files through ``yibao check`` and
the loader. A message fails when, once the values the person typed (shown in “…”) and file paths are
taken out, it still holds a run of three or more English words: an English sentence passed through.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chinese_text import assert_chinese, english_in
from test_catalogue import (  # noqa: F401  (files, no_server: fixtures used here)
    BAD,
    CLAIM_BASES,
    CLAIM_GOOD,
    HISTORY_COLUMNS,
    HISTORY_GOOD,
    JSON_BAD,
    OPTIONS,
    REAL,
    SERVERS,
    YAML_BAD,
    _base_for,
    _claims_argv,
    _file_case,
    _history_argv,
    _with,
    files,
    no_server,
    run,
)

from yibao.policy import loader
from yibao.settlement import CLAIM_COLUMNS


def test_the_english_detector_finds_a_sentence_and_passes_typed_values():
    assert english_in("费用:输入有误(is odd; allowed: an even amount)") == "is odd; allowed: an even amount"
    assert english_in("第1行的费用:“not a number at all” 不是数字") is None
    assert english_in("yibao: 错误:/tmp/pytest of root/claims.csv 第1行:缺少 date 列(见 yibao settle --help)") is None
    assert english_in("缴费档次(--tier):可选:高档(high)、低档(low)") is None


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv("YIBAO_LANG", "zh")


@pytest.mark.parametrize("name, action", [(n, a) for n, a in OPTIONS if a.nargs != 0],
                         ids=[f"{n} {a.option_strings[-1]}" for n, a in OPTIONS if a.nargs != 0])
def test_every_option_refuses_in_chinese_only(capsys, files, zh, name, action):  # noqa: F811 (a fixture)
    option = action.option_strings[-1]
    base = [name] if name in SERVERS else _base_for(capsys, name, action, files)
    assert base is not None
    found = []
    for bad in BAD:
        code, out, err = run(capsys, _with(base, option, bad, files))
        assert code != 0, (option, bad)
        found.append((f"{option} {bad[:20]!r}", err))
    assert_chinese(found)


def _columns(capsys, tmp_path, column, base_row, argv_of):
    found = []
    for fmt, corpus in (("csv", BAD), ("json", BAD + JSON_BAD)):
        for bad in corpus:
            code, out, err = _file_case(capsys, tmp_path, argv_of, dict(base_row, **{column: bad}), fmt)
            if code:
                found.append((f"{column} {fmt} {str(bad)[:20]!r}", err))
    return found


@pytest.mark.parametrize("column", CLAIM_COLUMNS)
def test_every_claims_column_refuses_in_chinese_only(capsys, tmp_path, zh, column):
    base = next(((pid, row) for pid, row in CLAIM_BASES
                 if _file_case(capsys, tmp_path, _claims_argv(pid), dict(row, **{column: CLAIM_GOOD[column]}),
                               "csv")[0] == 0), None)
    assert base is not None
    pid, row = base
    found = _columns(capsys, tmp_path, column, row, _claims_argv(pid))
    assert found
    assert_chinese(found)


@pytest.mark.parametrize("column", HISTORY_COLUMNS)
def test_every_history_column_refuses_in_chinese_only(capsys, tmp_path, zh, column):
    row = {"year": "2025", "enrolled": "yes", column: HISTORY_GOOD[column]}
    if column == "incentive_used":
        row["fund_reimbursed"] = "yes"
    found = _columns(capsys, tmp_path, column, row, _history_argv)
    assert found
    assert_chinese(found)


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


#: Broken files as a whole: missing columns, unknown columns, repeated columns, not a table, empty.
BROKEN_CLAIMS = {
    "claims.csv": ["", "date,kind\n2024-03-01,inpatient\n", "date,kind,cost,colour\n2024-03-01,inpatient,1,red\n",
                   "date,date,kind,cost\n2024-03-01,2024-03-01,inpatient,1\n", "date,kind,cost\n", "\x00\x01",
                   "date,kind,cost\n2024-03-01,inpatient,1,extra\n"],
    "claims.json": ["", "{}", "[1]", "[[1]]", '{"date": 1}', "[" * 200 + "]" * 200, '[{"date": "2024-03-01"}]',
                    '[{"date": "2024-03-01", "kind": "inpatient", "cost": 1, "colour": "red"}]',
                    '[{"date": "2024-03-01", "date": "2024-03-02", "kind": "inpatient", "cost": 1}]', "not json"],
    "claims.txt": ["date,kind,cost\n2024-03-01,inpatient,1\n"],
}
BROKEN_HISTORY = {
    "history.csv": ["", "year\n2025\n", "year,enrolled,colour\n2025,yes,red\n", "year,enrolled\n2025,yes\n2025,no\n",
                    "year,year,enrolled\n2025,2025,yes\n"],
    "history.json": ["", "{}", "[1]", '[{"year": 2025}]', '[{"year": 2025, "enrolled": true, "colour": 1}]',
                     "[" * 200 + "]" * 200],
}


def test_broken_claims_and_history_files_are_refused_in_chinese_only(capsys, tmp_path, zh):
    found = []
    for name, texts in BROKEN_CLAIMS.items():
        for text in texts:
            argv = _claims_argv("xizang-2024")(_write(tmp_path, name, text))
            code, out, err = run(capsys, argv)
            if code:
                found.append((f"{name} {text[:30]!r}", err))
    for name, texts in BROKEN_HISTORY.items():
        for text in texts:
            code, out, err = run(capsys, _history_argv(_write(tmp_path, name, text)))
            if code:
                found.append((f"{name} {text[:30]!r}", err))
    missing = run(capsys, _claims_argv("xizang-2024")(str(tmp_path / "nowhere.csv")))
    found.append(("missing file", missing[2]))
    assert len(found) > 25 and all(err for _, err in found)
    assert_chinese(found)


#: Reform paths and values: unknown paths, paths to a section, wrong values, malformed assignments.
BAD_SETS = ["foo.bar=3", "catastrophic=3", "catastrophic.deductible=3", "catastrophic.deductible.gold=3",
            "premium.tiers.high=abc", "premium.tiers.high=-1", "=3", "catastrophic.deductible.high",
            "catastrophic.deductible.high=", "..=1", "premium..high=1", "id=x", "premium.tiers.high=1e400",
            "catastrophic.deductible.high=4000=1", "x" * 300 + "=1", "premium.tiers.high=[1]"]
BAD_REFORMS = ["", "[]", "title: x\n", "overrides: 3\n", "overrides:\n  - path: foo.bar\n    value: 1\n",
               "overrides:\n  - value: 1\n", "overrides:\n  - path: catastrophic.deductible.high\n",
               "title: t\noverrides:\n  - path: catastrophic.deductible.high\n    value: abc\n",
               "title: t\ncolour: red\noverrides: []\n",
               "overrides:\n  - path: catastrophic.deductible.high\n    value: 1\n    colour: red\n",
               "a: &x 1\nb: *x\n", "{" * 100 + "}" * 100, "title: [unclosed\n"]


def test_reform_paths_and_values_are_refused_in_chinese_only(capsys, tmp_path, zh):
    found = []
    for s in BAD_SETS:
        code, out, err = run(capsys, ["compare", "--policy", "xizang-2024", "--set", s])
        assert code != 0, s
        found.append((f"--set {s[:30]}", err))
    for text in BAD_REFORMS:
        path = _write(tmp_path, "reform.yaml", text)
        code, out, err = run(capsys, ["compare", "--policy", "xizang-2024", "--reform", path])
        assert code != 0, text
        found.append((f"--reform {text[:30]!r}", err))
    assert_chinese(found)


def _broken_policy_folder(tmp_path: Path, text: str) -> Path:
    for p in loader.policy_files(REAL):
        lines = p.read_text(encoding="utf-8").splitlines()
        i = next(i for i, line in enumerate(lines) if re.match(r"^\s*(value|year|date|title): ", line))
        lines[i] = f"{lines[i].split(':', 1)[0]}: {text}"
        (tmp_path / p.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("text", YAML_BAD + ["-1", "[]", "{a: 1}", "9999-12-31", "0.123456789"])
def test_check_reports_broken_policy_files_in_chinese_only(capsys, tmp_path, zh, text):
    code, out, err = run(capsys, ["check", "--policies", str(_broken_policy_folder(tmp_path, text))])
    assert code == 1
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert not [line for line in lines if english_in(line)], "\n".join(lines)


def test_policy_files_refused_when_loading_in_chinese_only(capsys, tmp_path, zh, monkeypatch):
    found = []
    for i, text in enumerate(YAML_BAD[:8] + ["abc", "-1", "[]"]):
        (tmp_path / str(i)).mkdir()
        monkeypatch.setenv("YIBAO_POLICIES", str(_broken_policy_folder(tmp_path / str(i), text)))
        code, out, err = run(capsys, ["premium", "--policy", "lhasa-2025", "--tier", "high"])
        if code:
            found.append((text, err))
    assert len(found) >= 8
    assert_chinese(found)


# Each policy value broken (tests/test_catalogue.py's table, through the loader's checks) is refused in
# Chinese only: checked inside test_catalogue.test_every_policy_value_refuses_a_broken_value, which
# makes those refusals anyway (they were made twice).
