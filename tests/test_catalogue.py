"""The catalogue of bad input (issue #11): every option of every subcommand, every column of the
claims and history files and every value of the policy files, each tried against one shared corpus
of bad values.

The options are read from the argparse parser and the columns from the claim and history records,
so a new option or column is tried as soon as it exists (the test fails until it has a good value
here, which proves the option is really read). Each bad value must give exit status 2 (3 for policy
data) and exactly one line on stderr naming the option or column, never a traceback; the values a
user may expect to work (full-width digits, empty optional cells) are accepted, as documented in
docs/bad-input.md. Everything runs in-process (``yibao.skins.cli.main``): the catalogue stays fast.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from chinese_text import assert_chinese

from yibao.calculators.incentive import HISTORY_COLUMNS
from yibao.errors import PolicyDataError
from yibao.messages import message
from yibao.policy import examples, loader, reader
from yibao.policy.loader import policies_dir
from yibao.settlement import CLAIM_COLUMNS
from yibao.skins.cli import build_parser, main

#: The shared corpus: empty, whitespace, huge, negative, NaN/inf, exponent, underscores, non-ASCII
#: digits, over-precise, impossible dates, week dates, wrong types, control characters, long text.
BAD = [
    "", " ", "\u3000", "abc", "None", "null", "true", "[1]", "{}",
    "NaN", "nan", "sNaN", "inf", "-inf", "Infinity", "1e3", "1E+30", "0x10", "1,000", "1，000", "1 000",
    "1_0", "1_000", "١٠", "٣", "३", "１_０", "-1", "-0.5", "12.345", "0.001", "1.2.3", "--1",
    "9" * 30, "9223372036854775808", "-9223372036854775809", "10**20", "1" + "0" * 4999,
    "2025-02-30", "2025-13-01", "2025-00-10", "2025-W01-1", "2025W011", "2025-001", "2025-01-01T08:00",
    "9999-12-31", "0001-01-01", "+2025-01-01", "2025/02/30",
    "a\nb", "\x00", "\x1b[31m", "x" * 100_000,
    # superscript, subscript, circled and other numeric characters: refused, never folded into digits
    "10⁴", "²", "①⓪", "₂", "Ⅻ", "五", "2025-0①-31",
    # terminal control characters: refused, and shown escaped (see one_line)
    "\x1b[2J", "a\x07b", "\u202e1", "a\rb",
]

SETTLE = ["settle", "--policy", "xizang-2024", "--tier", "high"]
#: Commands the options are tried in: for each option, the first base in which a good value of it
#: is accepted (exit 0) is the one its bad values are tried in (an option given twice takes the value).
BASES: dict[str, list[list[str]]] = {
    "policies": [["policies"]],
    "premium": [["premium", "--policy", "lhasa-2025", "--tier", "high"]],
    "coverage": [["coverage", "--policy", "lhasa-2025", "--paid-on", "2025-01-05"],
                 ["coverage", "--policy", "lhasa-2025", "--paid-on", "2025-01-05", "--gap-years", "1",
                  "--backpaid-years", "1", "--tier", "high"]],
    "flexible": [["flexible", "--average-wage", "10791"], ["flexible", "--employment-ended-on", "2024-05-10"]],
    "maternity": [["maternity", "--delivery", "normal", "--babies", "2"]],
    "settle": [SETTLE + ["--outpatient", "100"], SETTLE + ["--inpatient", "10000", "--level", "3"], SETTLE,
               # incentives raise the catastrophic cap from 2025 only (T14–T16)
               ["settle", "--policy", "xizang-2025", "--tier", "high", "--inpatient", "10000", "--level", "3"],
               ["settle", "--policy", "yuncheng-2024", "--claims", "POOLED"]],
    "incentive": [["incentive", "--policy", "xizang-2025", "--year", "2025"]],
    "compare": [["compare"], ["compare", "--policy", "xizang-2024"],
                ["compare", "--policy", "xizang-2024", "--set", "catastrophic.deductible.high=4000"],
                ["compare", "--policy", "xizang-2024", "--set", "catastrophic.deductible.high=4000",
                 "--claims", "CLAIMS"]],
    "tiers": [["tiers", "--policy", "xizang-2024", "--kind", "inpatient", "--level", "3"]],
    "diff": [["diff", "lhasa-2024", "lhasa-2025"]],
    "check": [["check"]],
    "test": [["test"]],
    "app": [],  # starts a server: only refusals are tried (Popen is stubbed to fail the test)
    "serve": [],  # starts a server too: only refusals are tried (uvicorn.run is stubbed to fail the test)
    "population": [["population", "--policy", "xizang-2024", "--people", "PEOPLE", "--claims", "POPCLAIMS"],
                   ["population", "--policy", "xizang-2024", "--people", "PEOPLE", "--claims", "POPCLAIMS",
                    "--scheduler", "threads"]],
}
#: Commands that start a server: their options' good values are never run.
SERVERS = ("app", "serve")
#: A good value of every option (files are made in a temporary folder: see ``files``).
GOOD = {
    "--policy": "lhasa-2025", "--tier": "high", "--sex": "female", "--birth-date": "1980-05-01", "--age": "40",
    "--group": "dibao", "--income": "9000", "--paid-on": "2025-01-05", "--gap-years": "1", "--backpaid-years": "1",
    "--employee-insurance-ended-on": "2024-12-01", "--average-wage": "10791", "--employment-ended-on": "2024-05-10",
    "--account-balance": "5000", "--delivery": "caesarean", "--babies": "2", "--surviving-babies": "1",
    "--continuous-years": "10", "--incentive-amount": "100", "--waiting-until": "2024-02-01",
    "--cover-start": "2024-01-01", "--cover-end": "2024-12-31", "--retroactive-paid-on": "2024-02-01",
    "--claims": "CLAIMS", "--inpatient": "10000", "--level": "2", "--admission": "2", "--outpatient": "150",
    "--special-outpatient": "800", "--date": "2024-05-01", "--outside-catalogue": "50", "--ethnic-share": "100",
    "--history": "HISTORY", "--year": "2025", "--policies": "POLICIES", "--port": "8866",
    "--kernel-idle": "60", "--page-idle": "0", "--ready-kernels": "1", "--lang": "en",
    "--set": "catastrophic.deductible.high=4000", "--reform": "REFORM", "--kind": "inpatient",
    "--household": "HOUSEHOLD", "--host": "127.0.0.1", "--workers": "2", "--log-level": "warning",
    "--detail": "table", "--people": "PEOPLE", "--out-claims": "OUTCLAIMS", "--out-people": "OUTPEOPLE",
    "--money": "fen", "--scheduler": "threads", "--partitions": "2",
}
#: Per command, good values that differ from GOOD (a population's claims table has person_id).
GOOD_FOR = {"population": {"--claims": "POPCLAIMS"}}
#: Per option, policy ids good there (a premium of flexible employment is not one of lhasa-2025).
GOOD_POLICY = {"flexible": "lhasa-2024", "maternity": "xizang-2024", "incentive": "xizang-2025",
               "settle": "xizang-2024", "tiers": "xizang-2024", "population": "xizang-2024"}


def _options() -> list[tuple[str, argparse.Action]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for name, p in sub.choices.items():
        for action in p._actions:
            if action.option_strings and not isinstance(action, argparse._HelpAction):
                out.append((name, action))
    return out


OPTIONS = _options()
COMMANDS = sorted({name for name, _ in OPTIONS} | set(BASES))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("catalogue")
    (d / "claims.csv").write_text("date,kind,cost,level\n2024-03-01,inpatient,10000,3\n", encoding="utf-8")
    (d / "pooled.csv").write_text("date,kind,cost,facility,drug_class\n2024-03-01,pooled_outpatient,80,primary,jia\n",
                                  encoding="utf-8")
    (d / "history.csv").write_text("year,enrolled,fund_reimbursed\n2025,yes,no\n", encoding="utf-8")
    (d / "reform.yaml").write_text("title: 大病保险起付线降至4000元\noverrides:\n  - path: catastrophic.deductible.high\n"
                                   "    value: 4000\n    note: 测算降低起付线的成本\n", encoding="utf-8")
    (d / "household.json").write_text('[{"tier": "high", "claims": [{"date": "2024-03-01", "kind": "inpatient", '
                                      '"cost": "10000", "level": 3}]}, {"tier": "low", "groups": ["dibao"]}]',
                                      encoding="utf-8")
    (d / "people.csv").write_text("person_id,tier\n1,high\n", encoding="utf-8")
    (d / "pop_claims.csv").write_text("person_id,date,kind,cost,level\n1,2024-03-01,inpatient,10000,3\n",
                                      encoding="utf-8")
    return {"PEOPLE": str(d / "people.csv"), "POPCLAIMS": str(d / "pop_claims.csv"),
            "OUTCLAIMS": str(d / "out_claims.csv"), "OUTPEOPLE": str(d / "out_people.parquet"),
            "CLAIMS": str(d / "claims.csv"), "POOLED": str(d / "pooled.csv"), "HISTORY": str(d / "history.csv"),
            "POLICIES": str(policies_dir()), "REFORM": str(d / "reform.yaml"), "HOUSEHOLD": str(d / "household.json")}


@pytest.fixture(autouse=True)
def no_server(monkeypatch):
    """No test here may start Voilà (``yibao app`` with an accepted port)."""
    import subprocess

    def refuse(*a, **kw):
        raise AssertionError("yibao app tried to start a server")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    try:
        import uvicorn
    except ImportError:  # without the web extra, yibao serve refuses before it starts anything
        return
    monkeypatch.setattr(uvicorn, "run", refuse)


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(code: int, err: str, names: tuple[str, ...], expect: int = 2) -> None:
    assert code == expect, err
    assert "Traceback" not in err
    raw = [c for c in err.removesuffix("\n") if unicodedata.category(c) in ("Cc", "Cf")]
    assert not raw, f"raw control characters {raw!r} reach the terminal: {err!r}"
    assert len(err.splitlines()) == 1 and err.startswith("yibao:"), err
    assert len(err) < 2000, f"message of {len(err)} characters: a value was echoed in full"
    flat = err.replace("_", "-")
    assert any(n.replace("_", "-") in flat for n in names), f"{err!r} names none of {names}"


def _with(base: list[str], option: str, value: str | None, files: dict[str, str]) -> list[str]:
    """``base`` with ``option`` set to ``value`` (replacing the value it has there; ``None``: a flag),
    the placeholders of file names filled in."""
    argv = [files.get(a, a) for a in base]
    if value is not None and option in argv:
        argv[argv.index(option) + 1] = value
    else:
        argv += [option] if value is None else [option, value]
    return argv


def _good(name: str, option: str, files: dict[str, str]) -> str | None:
    if option == "--policy":
        return GOOD_POLICY.get(name, "lhasa-2025")
    value = GOOD_FOR.get(name, {}).get(option, GOOD.get(option))
    return files.get(value, value) if value is not None else None


def _base_for(capsys, name: str, action: argparse.Action, files: dict[str, str]) -> list[str] | None:
    """The first base of ``name`` in which a good value of the option is accepted (exit 0)."""
    option = action.option_strings[-1]
    flag = action.nargs == 0
    value = None if flag else _good(name, option, files)
    assert flag or value is not None, f"no good value for {name} {option}: add one to GOOD"
    for base in BASES[name]:
        code, out, err = run(capsys, _with(base, option, value, files))
        if code == 0:
            return base
    return None


@pytest.mark.parametrize("name, action", OPTIONS, ids=[f"{n} {a.option_strings[-1]}" for n, a in OPTIONS])
def test_every_option_refuses_every_bad_value(capsys, files, name, action):
    option = action.option_strings[-1]
    base = _base_for(capsys, name, action, files)
    if name in SERVERS:
        base = [name]
    assert base is not None, f"{name} {option}: no base command accepts a good value ({_good(name, option, files)})"
    names = (option, action.dest)
    if action.nargs == 0:  # a flag takes no value: "--json=abc" is refused by the parser
        code, out, err = run(capsys, _with(base, f"{option}=abc", None, files))
        one_line(code, err, names)
        return
    refused = 0
    for bad in BAD:
        code, out, err = run(capsys, _with(base, option, bad, files))
        one_line(code, err, names)
        refused += 1
    assert refused == len(BAD)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


#: Options naming a file: a path is not retyped in full width.
FILE_OPTIONS = ("--claims", "--history", "--policies", "--reform", "--household", "--people", "--out-claims",
                "--out-people")


@pytest.mark.parametrize("name, action", [(n, a) for n, a in OPTIONS if a.nargs != 0 and n not in SERVERS
                                          and a.option_strings[-1] not in FILE_OPTIONS],
                         ids=[f"{n} {a.option_strings[-1]}" for n, a in OPTIONS if a.nargs != 0 and n not in SERVERS
                              and a.option_strings[-1] not in FILE_OPTIONS])
def test_every_typed_option_accepts_full_width_and_spaces(capsys, files, name, action):
    """Typed with a Chinese input method: full-width letters and digits (NFKC) and spaces around."""
    option = action.option_strings[-1]
    base = _base_for(capsys, name, action, files)
    good = _good(name, option, files)
    for variant in (_fullwidth(good), f"\u3000{good} "):
        code, out, err = run(capsys, _with(base, option, variant, files))
        assert code == 0, f"{option} {variant!r}: {err}"


def test_the_option_table_covers_every_subcommand():
    assert set(BASES) >= {n for n, _ in OPTIONS}, "a subcommand without a base command in BASES"
    assert len(OPTIONS) >= 50


# ---------------------------------------------------------------- columns of the claims and history files

#: A row each column is tried in (the first where its good value settles), and the good values.
CLAIM_BASES = [
    ("xizang-2024", {"date": "2024-03-01", "kind": "general_outpatient", "cost": "100"}),
    ("xizang-2024", {"date": "2024-03-01", "kind": "inpatient", "cost": "10000", "level": "3"}),
    ("yuncheng-2024", {"date": "2024-03-01", "kind": "pooled_outpatient", "cost": "80", "facility": "primary",
                       "drug_class": "jia"}),
]
CLAIM_GOOD = {"date": "2024-05-01", "kind": "special_outpatient", "cost": "120.50", "outside_catalogue": "50",
              "level": "2", "admission": "2", "facility": "county_level2", "drug_class": "yi", "ethnic_share": "10",
              "emergency": "yes", "designated": "no", "excluded": "abroad", "label": "拉萨市人民医院",
              "visit": "v1"}
CLAIM_REQUIRED = {"date", "kind", "cost"}
CLAIM_BOOL = {"emergency", "designated"}
HISTORY_GOOD = {"year": "2025", "enrolled": "yes", "fund_reimbursed": "no", "incentive_used": "no"}
HISTORY_REQUIRED = {"year", "enrolled"}
HISTORY_BOOL = {"enrolled", "fund_reimbursed", "incentive_used"}
#: JSON values of the wrong type or size (beyond the corpus's strings); RAW: is written as it is.
JSON_BAD = [True, False, -1, 10 ** 30, [], {}, None, {"a": {"b": [1]}}, "RAW:1e400", "RAW:" + "9" * 5000,
            "RAW:2.5e-3", "RAW:-0.001",
            # JSON numbers read by their text, as every other door reads them: no exponent, a whole number
            # without a point (an amount may have one: "RAW:3.0" is 3 yuan)
            "RAW:1E+4", "RAW:1e2", "RAW:3.0", "RAW:3.00"]
#: The columns of amounts: a JSON number with a point is an amount there (3.0 is 3.00 yuan).
MONEY_COLUMNS = {"cost", "outside_catalogue", "ethnic_share"}
#: Yes/no values a column takes besides its default (incentive_used=true needs a raised cap: refused here).
YES_NO = {"emergency": ("true", True, False), "designated": ("true", True, False), "enrolled": ("true", True, False),
          "fund_reimbursed": ("true", True, False), "incentive_used": (False,)}


def _accepted(column: str, value, required: set[str], bools: set[str]) -> bool:
    """The documented acceptances (docs/bad-input.md): an empty optional cell (JSON null) takes its
    default; yes/no columns take true/false; a label takes any one-line text of up to 500 characters."""
    if value in ("RAW:3.0", "RAW:3.00"):
        return column in MONEY_COLUMNS
    if isinstance(value, str) and value.startswith("RAW:"):
        return False
    blank = value is None or (isinstance(value, str) and not value.strip())
    if blank:
        return column not in required
    if column in bools:
        return any(value is v or (type(value) is type(v) and value == v) for v in YES_NO.get(column, ()))
    if column in ("label", "visit"):
        text = isinstance(value, str) and len(value.strip()) <= 500 and value.isprintable()
        # a visit may also be named by a whole number (JSON 3): it only groups the rows of one visit (Y6)
        return text or (column == "visit" and type(value) is int)
    return False


def _json_text(row: dict) -> str:
    parts = []
    for k, v in row.items():
        parts.append(f"{json.dumps(k)}: {v[4:] if isinstance(v, str) and v.startswith('RAW:') else json.dumps(v)}")
    return "[{" + ", ".join(parts) + "}]"


def _csv_text(row: dict) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(list(row))
    w.writerow(list(row.values()))
    return buf.getvalue()


def _file_case(capsys, tmp_path, argv_of, row: dict, fmt: str) -> tuple[int, str, str]:
    path = tmp_path / f"rows.{fmt}"
    path.write_text(_json_text(row) if fmt == "json" else _csv_text(row), encoding="utf-8")
    return run(capsys, argv_of(str(path)))


def _claims_argv(policy: str):
    tier = ["--tier", "high"] if policy.startswith("xizang") else []
    return lambda path: ["settle", "--policy", policy, *tier, "--claims", path]


def _try_column(capsys, tmp_path, column, base_row, argv_of, good, required, bools, names=()) -> int:
    tried = 0
    for fmt, corpus in (("csv", BAD), ("json", BAD + JSON_BAD)):
        for bad in corpus:
            row = dict(base_row, **{column: bad})
            code, out, err = _file_case(capsys, tmp_path, argv_of, row, fmt)
            tried += 1
            if _accepted(column, bad, required, bools):
                assert code == 0, f"{column}={bad!r} ({fmt}) is documented as accepted: {err}"
            elif "\x00" in str(bad) and fmt == "csv":
                one_line(code, err, ("NUL",))  # the file is refused as a whole: not a text file
            else:
                one_line(code, err, (f"row 1, column {column}", f"({column} 列)", f" {column} 列", *names))
    return tried


@pytest.mark.parametrize("column", CLAIM_COLUMNS)
def test_every_claims_column_refuses_every_bad_value(capsys, tmp_path, column):
    assert column in CLAIM_GOOD, f"no good value for the claims column {column}: add one to CLAIM_GOOD"
    base = next(((pid, row) for pid, row in CLAIM_BASES
                 if _file_case(capsys, tmp_path, _claims_argv(pid), dict(row, **{column: CLAIM_GOOD[column]}),
                               "csv")[0] == 0), None)
    assert base is not None, f"no base row accepts {column}={CLAIM_GOOD[column]!r}"
    pid, row = base
    assert _try_column(capsys, tmp_path, column, row, _claims_argv(pid), CLAIM_GOOD, CLAIM_REQUIRED, CLAIM_BOOL) \
        == len(BAD) * 2 + len(JSON_BAD)


def _history_argv(path: str) -> list[str]:
    return ["incentive", "--policy", "xizang-2025", "--year", "2026", "--history", path]


@pytest.mark.parametrize("column", HISTORY_COLUMNS)
def test_every_history_column_refuses_every_bad_value(capsys, tmp_path, column):
    assert column in HISTORY_GOOD, f"no good value for the history column {column}"
    row = {"year": "2025", "enrolled": "yes", column: HISTORY_GOOD[column]}
    if column == "incentive_used":
        row["fund_reimbursed"] = "yes"
    assert _file_case(capsys, tmp_path, _history_argv, row, "csv")[0] == 0
    # (a use of the incentive in a year without one is found once the years are read: "history year 2025, ...")
    assert _try_column(capsys, tmp_path, column, row, _history_argv, HISTORY_GOOD, HISTORY_REQUIRED,
                       HISTORY_BOOL, (f"history year 2025, {column}:",)) == len(BAD) * 2 + len(JSON_BAD)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_major_disease_column_points_to_the_person(capsys, tmp_path, fmt):
    row = {"date": "2024-03-01", "kind": "inpatient", "cost": "10000", "level": "3", "major_disease": "yes"}
    code, out, err = _file_case(capsys, tmp_path, _claims_argv("xizang-2024"), row, fmt)
    one_line(code, err, ("column major_disease", "(major_disease 列)"))
    assert "--major-disease" in err and ("person" in err or "人员" in err)


# ---------------------------------------------------------------- every value of the policy files

REAL = policies_dir()
#: Keys whose text is a code, not prose (prose — quotes, labels, readings — takes any text).
CODED = {"unit", "source", "effect", "payer", "start", "end", "aid_tier", "age_reference", "sex", "policy"}
CODED_LISTS = {"rules", "groups", "extends", "relations", "payable_days", "exempt_groups"}
#: Broken values read by YAML (then refused by the loader's checks).
SCHEMA_BAD = ["-1", "-0.5", "12.345", "0.123456789", "1e400", "100000000000000000000000", "abc", "[]", "{}",
              "9999-12-31", "1899-12-31", "!!binary aGk=", "[1, [2, [3]]]", "{a: {b: 1}}"]
#: Broken values YAML itself refuses (the loader's YAML 1.2 reading, no anchors, no deep nesting).
YAML_BAD = [".inf", "-.inf", ".nan", "1:30", "12:30:00", "0777", "0x1f", "0b101", "1_000", "yes", "No", "off",
            "*a", "&a 7", "2025-02-30", "!!python/name:os.system", "!!float abc", "[" * 60 + "]" * 60,
            "\"\\x\"", "@", "%"]


def _leaves(node, loc=()):
    """Every value of a raw policy file that is not prose: numbers, dates, booleans, codes."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                if isinstance(v, list) and k in CODED_LISTS:
                    for i in range(len(v)):
                        yield loc + (k, i)
                else:
                    yield from _leaves(v, loc + (k,))
            elif v is not None and (not isinstance(v, str) or k in CODED):
                yield loc + (k,)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, loc + (i,))


def _set(node, loc, value):
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value


RAW = {p.name: loader.read_yaml(p) for p in loader.policy_files(REAL)}
#: Which policy to load to see a file's values: the file's own (sources.yaml: any).
LOAD_AS = {"sources.yaml": "national-2025"}
LEAVES = [(name, loc) for name in sorted(RAW) for loc in _leaves(RAW[name])]


def _parse(text: str):
    return yaml.load(f"v: {text}", Loader=reader.PolicyYamlLoader)["v"]


def test_schema_corpus_parses_and_yaml_corpus_does_not():
    for text in SCHEMA_BAD:
        _parse(text)
    for text in YAML_BAD:
        with pytest.raises(PolicyDataError):
            loader.read_yaml(_write_tmp(text))


def _write_tmp(text: str) -> Path:
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="yibao-yaml-"))
    (d / "x.yaml").write_text(f"id: x\nvalue: {text}\n", encoding="utf-8")
    return d / "x.yaml"


def _policy_values(monkeypatch, name: str, every: bool) -> int:
    """Each value of the file replaced by broken values (in memory, through the loader's own checks):
    each gives one PolicyDataError naming this file and a key path, on one line. ``every``: each value
    with every broken value (the slow tier); else each value with one of them, in turn (so each
    broken value meets some 80 values of every file)."""
    mutated: dict = {}

    def read(path: Path):
        return copy.deepcopy(mutated if path.name == name else RAW[path.name])

    monkeypatch.setattr(reader, "read_yaml", read)
    monkeypatch.setattr(loader, "load_sources", loader.load_sources.__wrapped__)
    pid = LOAD_AS.get(name, name[:-5])
    leaves = [loc for n, loc in LEAVES if n == name]
    said_in_chinese: list[tuple[str, str]] = []
    assert leaves, name
    tried = 0
    for i, loc in enumerate(leaves):
        for text in SCHEMA_BAD if every else [SCHEMA_BAD[i % len(SCHEMA_BAD)]]:
            mutated.clear()
            mutated.update(copy.deepcopy(RAW[name]))
            _set(mutated, loc, _parse(text))
            with pytest.raises(PolicyDataError) as e:
                if name == examples.FILE:  # what each calculator opens with: read as the widgets read it
                    examples._examples.__wrapped__(REAL.resolve())
                else:
                    loader._load.__wrapped__(pid, REAL.resolve())
            err = e.value
            assert Path(err.file).name == name, f"{loc} = {text}: {err}"
            assert "\n" not in str(err) and err.reason and "Traceback" not in str(err), str(err)
            said_in_chinese.append((f"{name} {loc} = {text}", message(err, "zh")))
            tried += 1
    assert_chinese(said_in_chinese)  # the refusal reads as Chinese only (issue 20)
    return tried


@pytest.mark.parametrize("name", sorted(RAW))
def test_every_policy_value_refuses_a_broken_value(monkeypatch, name):
    assert _policy_values(monkeypatch, name, every=False) == len([1 for n, _ in LEAVES if n == name])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RAW))
def test_slow_every_policy_value_refuses_every_broken_value(monkeypatch, name):
    assert _policy_values(monkeypatch, name, every=True) == len(SCHEMA_BAD) * len([1 for n, _ in LEAVES if n == name])


@pytest.mark.parametrize("text", YAML_BAD)
def test_check_refuses_yaml_broken_values_in_every_file(capsys, tmp_path, text):
    """Through ``yibao check``: one value of every file replaced by the broken text: every file is
    reported (file, line, reason), exit 1, one summary line on stderr."""
    for p in loader.policy_files(REAL):
        lines = p.read_text(encoding="utf-8").splitlines()
        i = next(i for i, line in enumerate(lines) if re.match(r"^\s*(value|year|date|title): ", line))
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {text}"
        (tmp_path / p.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, ["check", "--policies", str(tmp_path), "--json"])
    assert code == 1 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    problems = json.loads(out)["problems"]
    assert {p["file"] for p in problems} >= {p.name for p in loader.policy_files(REAL)}, problems
    assert all(p["line"] for p in problems if p["file"] != "*.yaml"), problems


def test_the_policy_value_table_is_large():
    assert len(LEAVES) > 300


# ---------------------------------------------------------------- any value anywhere: only yibao's own errors

import datetime as dt  # noqa: E402
import random  # noqa: E402
from decimal import Decimal as D  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from yibao.errors import YibaoError  # noqa: E402

#: Values of every type a program may pass: each argument of each public function gets one.
ANY = [None, "", " ", 5, -1, 0, 1.5, float("nan"), float("inf"), True, False, [], {}, (), [None], ["dibao"], "dibao",
       D("Infinity"), D("NaN"), D("sNaN"), D("1E+400"), D("-0"), b"abc", object(), "x" * 10_000,
       "２０２４－０３－０１", "2024-W10-1", 10 ** 30, -(10 ** 30), 2 ** 63, "lhasa-2025", "xizang-2024", "high", "female",
       "normal", "spouse", "resident", "no", "maybe", dt.date(2024, 3, 1), dt.datetime(9999, 12, 31), dt.date.max,
       dt.date.min, frozenset(["dibao"]), {"date": "2024-03-01", "kind": "inpatient", "cost": "100"}]


def _api():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    from yibao.calculators.account_sharing import account_sharing
    from yibao.calculators.compare import compare_premiums
    from yibao.calculators.coverage import coverage
    from yibao.calculators.enrolment import eligibility
    from yibao.calculators.flexible import employee_insurance_stop, flexible_premium
    from yibao.calculators.incentive import incentive
    from yibao.calculators.maternity import maternity
    from yibao.calculators.premium import household_premium, premium
    from yibao.settlement import Person, read_claims, settle

    values = ANY + [np.int64(3), np.float64(2.0), np.bool_(True), pd.NaT, np.datetime64("NaT"), pd.NA, np.nan,
                    pd.Timestamp("2024-03-01 10:00")]

    def settle_one(**kw):
        return settle(Person("xizang-2024", tier="high"), [kw])

    calls = [
        (premium, {"policy": "lhasa-2025"}, ["tier", "groups", "sex", "birth_date", "age", "income", "paid_on"]),
        (coverage, {"policy": "lhasa-2025", "paid_on": "2025-01-05"},
         ["paid_on", "groups", "birth_date", "gap_years", "backpaid_years", "employee_insurance_ended_on", "tier"]),
        (flexible_premium, {"average_wage": "10791", "policy": "lhasa-2024"}, ["average_wage", "policy"]),
        (employee_insurance_stop, {"employment_ended_on": "2024-05-01", "policy": "lhasa-2024"},
         ["employment_ended_on", "receiving_unemployment_benefit", "account_balance", "relative_in_region",
          "relative_status_normal", "policy"]),
        (maternity, {"policy": "xizang-2024"}, ["policy", "delivery", "babies", "difficult", "surviving_babies", "average_wage_last_year"]),
        (Person, {"policy": "xizang-2024", "tier": "high"},
         ["policy", "tier", "groups", "continuous_years", "incentive_amount", "waiting_until", "cover_start",
          "cover_end", "retroactive_paid_on", "retired", "major_disease"]),
        (settle_one, {"date": "2024-03-01", "kind": "inpatient", "cost": "1000", "level": 3},
         ["date", "kind", "cost", "outside_catalogue", "level", "admission", "facility", "drug_class", "ethnic_share",
          "emergency", "designated", "excluded", "label"]),
        (incentive, {"policy": "xizang-2025", "history": [], "year": 2025}, ["policy", "history", "year"]),
        (account_sharing, {"relation": "spouse", "member_insurance": "resident", "cost": "100",
                           "authoriser_balance": "50", "policy": "xizang-2024"},
         ["relation", "member_insurance", "cost", "authoriser_balance", "member_balance", "member_insured_in_region", "policy"]),
        (household_premium, {"policy": "lhasa-2025", "members": [{"tier": "high"}]}, ["members"]),
        (compare_premiums, {"person": {}}, ["person", "policies"]),
        (eligibility, {"policy": "lhasa-2025", "category": "hukou"}, ["category", "employee_insured",
                                                                        "enrolled_elsewhere"]),
        (read_claims, {"path": "nowhere.csv"}, ["path"]),
    ]
    return values, calls


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_api_takes_any_value_and_raises_only_its_own_errors(seed):
    """Every public function, any value of any type for any of its arguments: a result or one of
    yibao's errors (InputError, NotCovered, PolicyDataError), never a TypeError or a crash."""
    values, calls = _api()
    rng = random.Random(seed)
    f, base, params = rng.choice(calls)
    kw = dict(base)
    for p in rng.sample(params, rng.randint(1, min(3, len(params)))):
        kw[p] = rng.choice(values)
    try:
        f(**kw)
    except YibaoError as e:
        assert "\n" not in str(e) and len(str(e)) < 2000, str(e)[:200]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_cli_any_mix_of_options_and_values(capsys, files, seed):
    """Random subcommands with random options, good, plausible and bad values mixed: exit 0 (or 1 for
    check), else exactly one line; never a traceback or an internal error."""
    rng = random.Random(seed)
    by: dict[str, list] = {}
    for n, a in OPTIONS:
        if n not in SERVERS:
            by.setdefault(n, []).append(a)
    name = rng.choice(sorted(by))
    argv = [name]
    for a in rng.sample(by[name], rng.randint(0, min(6, len(by[name])))):
        opt = a.option_strings[-1]
        if a.nargs == 0:
            argv.append(opt)
            continue
        r = rng.random()
        if opt == "--policy":
            v = rng.choice(["lhasa-2025", "lhasa-2024", "xizang-2024", "xizang-2025", "xining-2025", "yuncheng-2024",
                            "national-2025", "_common"])
        elif r < 0.6:
            v = _good(name, opt, files) or "1"
        elif r < 0.8:
            v = rng.choice(["0", "1", "2", "100", "2024-01-01", "2025-06-30", "2199-12-31", "1900-01-01", "high",
                            "low", "dibao", "tekun", "newborn", "border_resident", "female", "3", "99999"])
        else:
            v = rng.choice(BAD)
        argv += [opt, v]
    code, out, err = run(capsys, argv)
    assert code in (0, 1, 2, 3) and "Traceback" not in err and "内部错误" not in err, (argv, err)
    if code != 0:
        assert len(err.splitlines()) == 1, (argv, err)


@pytest.mark.parametrize("value", ["x" * 5000, list(range(5000)), {"k" * 3000: 1}], ids=["long_text", "long_list", "long_key"])
def test_every_argument_given_a_huge_value_gets_a_short_message(value):
    """Each argument of each public function, one huge value: the message names the field and stays
    one short line (the value is cut, never echoed whole)."""
    _values, calls = _api()
    long = []
    for f, base, params in calls:
        for p in params:
            try:
                f(**{**base, p: value})
            except YibaoError as e:
                if "\n" in str(e) or len(str(e)) >= 600:
                    long.append((f.__name__, p, str(e)[:120]))
    assert not long


# ---------------------------------------------------------------- every option given twice (issue 22 §2)

#: A second good value of the options whose value is read by argparse itself (the others: any other text).
OTHER = {"--port": "8867", "--kernel-idle": "61", "--page-idle": "1", "--ready-kernels": "2", "--lang": "zh",
         "--partitions": "3", "--workers": "3", "--log-level": "info"}
#: Options that may be repeated: each value is read (groups, reform overrides, the policies compared).
REPEATABLE = {"--group", "--set", "--policy"}
SINGLE = [(n, a) for n, a in OPTIONS if a.nargs is None and isinstance(a, argparse._StoreAction)]


@pytest.mark.parametrize("name, action", SINGLE, ids=[f"{n} {a.option_strings[-1]}" for n, a in SINGLE])
def test_every_option_given_twice_with_another_value_is_refused(capsys, files, name, action):
    """The last value silently winning would ignore the first: refused, naming the option; the same
    value twice is read once."""
    option = action.option_strings[-1]
    base = [name] if name in SERVERS else _base_for(capsys, name, action, files)
    assert base is not None
    good = _good(name, option, files)
    first = _with(base, option, good, files)
    code, out, err = run(capsys, [*first, option, OTHER.get(option, "zz-other")])
    one_line(code, err, (option,))
    assert "给了两次" in err or "given twice" in err, err
    if name not in SERVERS:  # (an accepted app would start a server)
        code, out, err = run(capsys, [*first, option, good])
        assert code == 0, err


def test_the_repeatable_options_are_the_ones_the_help_says_repeat():
    repeat = {a.option_strings[-1] for n, a in OPTIONS if isinstance(a, argparse._AppendAction)}
    assert repeat == REPEATABLE
    assert len(SINGLE) >= 45


def test_a_repeatable_option_reads_each_value():
    args = build_parser().parse_args(["premium", "--policy", "lhasa-2025", "--tier", "high", "--group", "dibao",
                                      "--group", "tekun"])
    assert args.group == ["dibao", "tekun"]


# ---------------------------------------------------------------- a file that is not an input is not shown back

SECRET = "hunter2SECRET"
#: Files a user may give by mistake (credentials, a system file, a table of another program): each
#: refused naming the option or the file, its line or column, never its content.
NOT_INPUTS = {
    "creds.yaml": f"user: admin\npassword: {SECRET}\n",
    "creds.env": f"PASSWORD={SECRET}\nTOKEN=0022\n",
    "status": f"Name:\t{SECRET}\nUmask:\t0022\nState:\tS (sleeping)\n",
    "other.csv": f"date,kind,cost,{SECRET}\n2024-03-01,inpatient,100,1\n",
    "other.json": f'{{"claims": [], "{SECRET}": 1}}',
    "row.json": f'[{{"date": "2024-03-01", "kind": "inpatient", "cost": "100", "level": 3, "{SECRET}": 1}}]',
    "reform.yaml": f"title: x\nnote: y\n{SECRET}: [\n",
    "list.yaml": f"- {SECRET}\n",
}
FILE_BASES = {
    "--claims": ["settle", "--policy", "xizang-2024", "--tier", "high", "--claims"],
    "--history": ["incentive", "--policy", "xizang-2025", "--year", "2026", "--history"],
    "--household": ["compare", "--policy", "xizang-2024", "--set", "catastrophic.deductible.high=4000", "--household"],
    "--reform": ["settle", "--policy", "xizang-2024", "--tier", "high", "--outpatient", "100", "--reform"],
}


@pytest.mark.parametrize("option", sorted(FILE_BASES))
def test_a_file_that_is_not_an_input_is_refused_without_its_content(capsys, tmp_path, option):
    # --policies names a folder (test_check); the population tables (--people, and the two outputs) are
    # read by pandas and pyarrow: tests/test_population_cli.py
    assert set(FILE_BASES) == set(FILE_OPTIONS) - {"--policies", "--people", "--out-claims", "--out-people"}
    for name, text in NOT_INPUTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        code, out, err = run(capsys, [*FILE_BASES[option], str(path)])
        one_line(code, err, (option, name, "家庭成员"))  # (a member of the household file, by its place)
        assert SECRET not in err and "0022" not in err, f"{name}: {err}"


# ---------------------------------------------------------------- household and reform files, field by field

#: The values of issue 22's classes that no field takes: superscript and circled digits, control
#: characters, a JSON exponent (RAW: written as it is).
CLASS_BAD = ["10⁴", "②", "①⓪", "\x1b[2J", "a\x07b", "\u202e1", "RAW:1E+4", "RAW:1e2"]
#: Each member field of a household file with a good value (a member with it is priced and settled).
MEMBER_GOOD = {"tier": "high", "groups": ["dibao"], "sex": "female", "birth_date": "1980-05-01", "age": 40,
               "income": "9000", "continuous_years": 3, "incentive_amount": "100", "retired": False,
               "major_disease": False, "waiting_until": "2024-02-01", "cover_start": "2024-01-01",
               "cover_end": "2024-12-31", "retroactive_paid_on": "2024-02-01", "paid_on": "2024-01-05",
               "employee_insurance_ended_on": "2023-12-01"}


def _member_json(field: str, value) -> str:
    cell = value[4:] if isinstance(value, str) and value.startswith("RAW:") else json.dumps(value)
    return f'[{{"tier": "high", "claims": [], "{field}": {cell}}}]' if field != "tier" else f'[{{"tier": {cell}}}]'


@pytest.mark.parametrize("field", sorted(MEMBER_GOOD))
def test_every_household_field_refuses_each_class(capsys, tmp_path, field):
    argv = ["compare", "--policy", "xizang-2024", "--set", "catastrophic.deductible.high=4000", "--household"]
    path = tmp_path / "h.json"
    tried = 0
    for bad in CLASS_BAD:
        path.write_text(_member_json(field, bad), encoding="utf-8")
        code, out, err = run(capsys, [*argv, str(path)])
        one_line(code, err, (field, "家庭成员", "--household"))
        tried += 1
    assert tried == len(CLASS_BAD)


@pytest.mark.parametrize("field", ["path", "value", "title"])
def test_every_reform_file_field_refuses_each_class(capsys, tmp_path, field):
    good = {"title": "大病保险起付线降至4000元", "path": "catastrophic.deductible.high", "value": "4000"}
    path = tmp_path / "r.yaml"
    for bad in CLASS_BAD:
        v = dict(good, **{field: bad[4:] if bad.startswith("RAW:") else json.dumps(bad)})
        if field != "value" and bad.startswith("RAW:"):
            continue  # a number where text is meant: the title and path are text
        path.write_text(f"title: {v['title'] if field == 'title' else json.dumps(good['title'], ensure_ascii=False)}\n"
                        f"overrides:\n  - path: {v['path'] if field == 'path' else good['path']}\n"
                        f"    value: {v['value'] if field == 'value' else good['value']}\n    note: 测算\n",
                        encoding="utf-8")
        code, out, err = run(capsys, ["settle", "--policy", "xizang-2024", "--tier", "high", "--outpatient", "100",
                                      "--reform", str(path)])
        if field == "title" and bad.isprintable():
            assert code == 0, err  # a title is free text
            continue
        one_line(code, err, ("--reform", "r.yaml", "--set", "reform"))
