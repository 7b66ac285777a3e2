"""``yibao … --help`` reads as Chinese: argparse's own words (``usage:``, ``options:``, ``show this help
message and exit``) and its capitalised value names (``--birth-date BIRTH_DATE``) are Chinese too, the
groups are listed by their Chinese names, and the help is wrapped by terminal columns (a Chinese
character takes two), never inside an option or a path, never starting a line with a comma."""

from __future__ import annotations

import re
import unicodedata

import pytest

from yibao.skins.cli import command_names, main

ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "optional arguments", "show this help message")
#: A value named the argparse way: an option followed by a word in capitals, or a capitalised positional.
CAPITAL_VALUE = re.compile(r"(?:--[a-z-]+|\[|^\s+)\s?([A-Z][A-Z_=]{1,})\b", re.M)


def help_of(capsys, monkeypatch, *argv: str, columns: int = 80) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_the_capital_value_check_finds_argparse_forms():
    assert CAPITAL_VALUE.findall("usage: yibao premium [--birth-date BIRTH_DATE] --policy POLICY")
    assert CAPITAL_VALUE.findall("  OLD\n      旧政策")
    assert not CAPITAL_VALUE.findall("  --json\n      机器可读的 JSON 输出,CSV 或 YAML")


@pytest.mark.parametrize("command", [None, *command_names()])
def test_help_is_in_chinese(capsys, monkeypatch, command):
    text = help_of(capsys, monkeypatch, *([command] if command else []))
    assert text.startswith("用法:yibao"), text[:80]
    assert "选项:" in text and "显示本帮助并退出" in text
    for english in ARGPARSE_ENGLISH:
        assert english not in text, english
    assert CAPITAL_VALUE.findall(text) == [], CAPITAL_VALUE.findall(text)


def test_the_group_option_lists_the_groups_by_chinese_name(capsys, monkeypatch):
    text = help_of(capsys, monkeypatch, "premium")
    assert "--group 人群" in text and "--birth-date 日期" in text and "--policy 政策" in text
    names = "".join(text.split())
    for name in ("特困供养人员", "一二级重度残疾人", "享受边民补助的边境群众", "低保边缘对象"):
        assert name in names
    assert "tekun," not in text and "border_resident" not in text
    assert "性别:女或男(也可写female、male)" in names


@pytest.mark.parametrize("command", ["premium", "settle", "population", "diff"])
@pytest.mark.parametrize("width", [40, 80])
def test_help_is_wrapped_by_columns_never_inside_a_word(capsys, monkeypatch, command, width):
    text = help_of(capsys, monkeypatch, command, columns=width)
    body = text.split("\n\n", 1)[1]  # the usage lines are argparse's (options are never split there)
    for line in body.splitlines():
        room = width if line.endswith(("、", ",", "。", ")", ":")) else width - 2  # a closing mark may stand out
        fits = columns(line) <= room or len(line.split()) == 1 or re.fullmatch(r"\s*\S+\s\S+", line)
        assert fits, f"{columns(line)} columns: {line!r}"
        assert not line.strip().startswith(("、", ",", "。", ")")), line
        assert not line.endswith(("(", "“")), line
    if "--set" in text:
        assert "catastrophic.deductible.high=4000" in text  # a path is never broken
