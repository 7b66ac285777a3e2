"""``yibao check``: the policy files checked like code (issue #7). Clean on the real files; each kind of
broken file (in a tmp copy of policies/) exits 1 naming file, line, key path and reason; the loader,
fuzzed with generated broken files, raises nothing but PolicyDataError/InputError."""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yibao.errors import InputError, PolicyDataError
from yibao.policy.check import check_policies
from yibao.policy.loader import load_policy, policies_dir

r = pytest.mark.rules
REAL = policies_dir()
FILES = sorted(p.name for p in REAL.glob("*.yaml"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for f in REAL.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@r("C2")
def test_real_files_are_clean(cli):
    res = check_policies()
    assert res.ok, "\n".join(map(str, res.problems))
    assert len(res.policies) >= 7 and res.quotes_checked > 100
    code, out, err = cli("check")
    assert code == 0 and "no problems" in out
    code, out, err = cli("check", "--lang", "zh")
    assert code == 0 and out.startswith("检查 ") and "没有发现问题" in out


def test_the_check_report_is_chinese_each_line_naming_file_line_key_and_what_is_wrong(cli, tmp_path):
    """A value broken in one file: the Chinese report names the file, the line and the key path, and
    says what is wrong in Chinese; the summary on stderr too (English with --lang en)."""
    import shutil

    for p in policies_dir().glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    text = (tmp_path / "lhasa-2025.yaml").read_text(encoding="utf-8")
    (tmp_path / "lhasa-2025.yaml").write_text(text.replace("source: ", "source: nowhere_", 1), encoding="utf-8")
    code, out, err = cli("check", "--policies", str(tmp_path), "--lang", "zh")
    assert code == 1 and re.fullmatch(r"yibao: 政策文件有问题:[12] 个\n", err), err
    line = out.splitlines()[1]
    assert re.fullmatch(r"- lhasa-2025\.yaml 第[0-9]+行:premium\.tiers\.high:出处 “nowhere_\S+” 不在本文件夹的 "
                        r"sources\.yaml 中", line), line
    code, out, err = cli("check", "--policies", str(tmp_path))
    assert code == 1 and err.startswith("yibao: policy files have problems: ") and "is not in sources.yaml" in out


def test_check_json_and_folder_option(cli, folder):
    code, out, err = cli("check", "--policies", str(folder), "--json")
    assert code == 0 and '"ok": true' in out


def test_missing_folder_is_bad_input(cli, tmp_path):
    code, out, err = cli("check", "--policies", str(tmp_path / "nowhere"))
    assert code == 2 and "--policies" in err and "Traceback" not in err


# Each kind of broken file: (file, old text, new text, key path expected, words of the reason).
BROKEN = {
    "schema: negative money": ("xizang-2024", "value: 400\n", "value: -400\n",
                               "basic.inpatient.levels[level_3].deductible.value", "greater than or equal"),
    "units: rate above 1": ("xizang-2024", "value: 0.85\n", "value: 85\n",
                            "basic.inpatient.levels[level_3].rate.high.value", "less than or equal"),
    "units: wrong unit": ("xizang-2024", "unit: rate", "unit: percent", "unit", "Input should be 'rate'"),
    "schema: missing key": ("national-2025", "fixed_months:", "fixed_month:", "waiting", "Field required"),
    "schema: not YAML": ("xining-2025", "jurisdiction: xining\n", "jurisdiction: [xining\n", "line", "not valid YAML"),
    "schema: date that does not exist": ("xining-2025", "benefit_year: {from: 2025-01-01",
                                         "benefit_year: {from: 2025-02-30", "line", "not a real date"),
    "schema: number that is not": ("xizang-2024", "value: 0.85\n", "value: .inf\n", "line", "not a finite decimal"),
    "schema: text for a number": ("xizang-2024", "value: 0.85\n", "value: 0.8.5\n",
                                  "basic.inpatient.levels[level_3].rate.high.value", "valid decimal"),
    "dates: in force to before from": ("lhasa-2025", "in_force: {from: 2025-01-01, to: 2025-12-31}",
                                       "in_force: {from: 2025-01-01, to: 2024-12-31}", "in_force", "before"),
    "dates: window paid_to before paid_from": ("xining-2025", "paid_to: 2025-03-31", "paid_to: 2024-03-31",
                                               "coverage.windows", "'paid_to' 2024-03-31 is before 'paid_from'"),
    "dates: windows overlap": ("xining-2025", "paid_to: 2025-03-31", "paid_to: 2025-04-15",
                               "coverage.windows[x4_q2]", "overlaps window x4_q1"),
    "dates: concentrated period outside the windows": ("lhasa-2025", "concentrated_period: {from: 2024-09-25",
                                                       "concentrated_period: {from: 2024-09-01",
                                                       "coverage.concentrated_period", "not inside"),
    "provenance: value without source": ("xizang-2024", "      source: xizang-press-2024\n      quote: 普通门诊起付线",
                                         "      quote: 普通门诊起付线", "basic.general_outpatient.deductible",
                                         "without its source"),
    "provenance: value without its Chinese label": ("xizang-2024", "      label: 普通门诊起付线(年度累计)\n", "",
                                                   "basic.general_outpatient.deductible", "without its label"),
    "provenance: assumption without its Chinese title": ("xining-2025", "    title: 西宁的参保资助由谁出钱", "    title: \"\"",
                                                         "assumptions.xining_aid_payer.title", "at least 2 characters"),
    "provenance: unknown source": ("xizang-2024", "source: xizang-press-2024\n      quote: 普通门诊起付线",
                                   "source: nowhere\n      quote: 普通门诊起付线", "basic.general_outpatient.deductible",
                                   "nowhere"),
    "provenance: quote not in its article": ("xizang-2024", "quote: 普通门诊起付线", "quote: 普通门诊起付线为零",
                                             "basic.general_outpatient.deductible", "quote not found verbatim"),
    "provenance: bad rule id": ("xizang-2024", "rules: [T7]", "rules: [Z7]", "", "rule ID"),
    "provenance: undefined assumption": ("xining-2025", "assumptions: [xining_sixty_days",
                                         "assumptions: [xining_ninety_days", "", "xining_ninety_days"),
    "inheritance: unknown parent": ("lhasa-2025", "extends: [xizang-2025, _lhasa]", "extends: [xizang-2099, _lhasa]", "extends",
                                    "unknown parent"),
    "inheritance: circular": ("national-2025", "extends: [_common]", "extends: [xining-2025]", "extends", "circular"),
    "inheritance: not an id": ("lhasa-2025", "extends: [xizang-2025, _lhasa]", "extends: [{id: xizang-2025}, _lhasa]", "extends",
                               "policy id"),
    "two values: duplicated key": ("xining-2025", "jurisdiction: xining\n", "jurisdiction: xining\njurisdiction: qinghai\n",
                                   "line", "twice"),
    "two values: same aid id twice": ("xizang-2024", "    - id: t12_ninety\n", "    - id: t12_ninety_b\n", None, None),
    "examples: a policy without what its calculator reads": ("examples", "flexible:\n    policy: lhasa-2024",
                                                             "flexible:\n    policy: xining-2025",
                                                             "examples.flexible.policy", "states no flexible"),
    "examples: an unknown policy": ("examples", "premium: {policy: lhasa-2025}", "premium: {policy: lhasa-2099}",
                                    "examples.premium.policy", "not a policy of this folder"),
    "examples: a value for a field that does not start from text": ("examples", 'values: {cost: "10000"}',
                                                                    'values: {tier: "high"}',
                                                                    "examples.hospital.values.tier", "not a field"),
    "unread: a window's days without a delay": ("lhasa-2025", "      start: benefit_year_start\n      in_concentrated",
                                                "      start: benefit_year_start\n      days: 30\n      in_concentrated",
                                                "coverage.windows[l1_concentrated].days", "counts only with start"),
    "unread: in_force on a value no calculator dates": ("lhasa-2025", "    high:\n      label: 高档个人缴费标准\n",
                                                        "    high:\n      in_force: {from: 2025-07-01}\n"
                                                        "      label: 高档个人缴费标准\n",
                                                        "premium.tiers.high.in_force", "one value per policy file"),
    "unread: a derived note for a number the item lacks": ("lhasa-2025", "    derived:\n      paid_from: 集中",
                                                           "    derived:\n      paid_to: 月底\n      paid_from: 集中",
                                                           "coverage.late_enrolment.derived.paid_to", "has no paid_to"),
}


def test_a_shared_part_no_policy_extends_is_unread(cli, folder):
    (folder / "_orphan.yaml").write_text("id: _orphan\nin_force: {from: 2025-01-01}\n", encoding="utf-8")
    code, out, err = cli("check", "--policies", str(folder), "--json")
    problems = json.loads(out)["problems"]
    assert code == 1 and [p["reason"] for p in problems if p["file"] == "_orphan.yaml"] == [
        "not read: no policy extends this shared part, so nothing reads its values"], problems


def _second_id(folder: Path) -> None:
    """Make two aid rules of xizang-2024 share one id (t12_ninety)."""
    path = folder / "xizang-2024.yaml"
    text = path.read_text(encoding="utf-8")
    ids = [line for line in text.splitlines() if line.startswith("    - id: ")]
    assert "    - id: t12_ninety" in ids and len(ids) > 1
    other = next(i for i in ids if i != "    - id: t12_ninety")
    path.write_text(text.replace(other + "\n", "    - id: t12_ninety\n", 1), encoding="utf-8")


@r("C2")
@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_kind_of_broken_file_exits_1(cli, folder, kind):
    name, old, new, key, words = BROKEN[kind]
    if kind == "two values: same aid id twice":
        _second_id(folder)
        key, words = "[t12_ninety]", "appears 2 times"
    else:
        _edit(folder, name, old, new)
    code, out, err = cli("check", "--policies", str(folder), "--json")
    assert code == 1 and "Traceback" not in err and "policy files have problems" in err
    problems = json.loads(out)["problems"]
    hits = [p for p in problems if p["file"] == f"{name}.yaml" and key in p["key_path"] and words in p["reason"]]
    assert hits, "\n".join(map(str, problems))
    assert any(p["line"] for p in hits), f"no line for {hits}"


def test_text_output_lists_file_line_key_and_reason(cli, folder):
    _edit(folder, "xizang-2024", "value: 0.85\n", "value: 85\n")
    code, out, err = cli("check", "--policies", str(folder))
    assert code == 1
    line = next(x for x in out.splitlines() if "levels[level_3].rate.high.value" in x)
    assert line.startswith("- xizang-2024.yaml:") and line.split(":")[1].isdigit() and "less than or equal" in line


def test_missing_sources_file(cli, folder):
    (folder / "sources.yaml").unlink()
    code, out, err = cli("check", "--policies", str(folder))
    assert code == 1 and "sources.yaml" in out


# ---------------------------------------------------------------- fuzzing the loader

_BASE = Path(tempfile.mkdtemp(prefix="yibao-fuzz-"))
atexit.register(shutil.rmtree, _BASE, True)
_COUNTER = itertools.count()
VALUES = ["", "[]", "{}", "-1", "1.2.3", ".inf", ".nan", "~", "yes", "abc", "[1, 2]", "{a: 1}", "2025-02-30",
          "2025-01-01", "'x'", "*a", "&a x", "!!binary aGk=", "12:30:00", "1_0.5", "0x1f", "!!float abc",
          "!!timestamp x", "- a", "{id: [1]}", "[{id: [1]}, {id: [1]}]", "[{id: a}, {id: a}]", "!!python/name:os.system",
          "? [1]\n  : 2", "\"\\x\"", "@", "%YAML 9.9", "--- a", "0.1e5", "1e400", "[", "}"]
YAMLISH = st.lists(st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?~ \n\t") + list("abcid019_.")
                                  + ["value", "unit", "yuan", "source", "quote", "rules", "id", "from", "to"]),
                   max_size=80).map("".join)


def _fresh_copy() -> Path:
    """A new folder per example: the loader caches by folder."""
    d = _BASE / str(next(_COUNTER))
    d.mkdir()
    for f in REAL.glob("*.yaml"):
        shutil.copy(f, d / f.name)
    return d


@st.composite
def mutations(draw):
    name = draw(st.sampled_from([f for f in FILES if f != "sources.yaml"] + ["sources.yaml"]))
    lines = (REAL / name).read_text(encoding="utf-8").splitlines()
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "value", "swap", "insert", "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "value" and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + draw(st.one_of(st.sampled_from(VALUES), YAMLISH))
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(YAMLISH))
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", "  ", "    ", "\t"])) + lines[i].lstrip()
    return name, "\n".join(lines) + "\n"


def _load_all(folder: Path, ids: list[str]) -> None:
    for pid in ids:
        with contextlib.suppress(PolicyDataError, InputError):  # the promised errors; anything else fails the test
            load_policy(pid, folder)


N_FUZZ_MUTATIONS = 80
N_FUZZ_TEXT = 60
N_FUZZ_CHECK = 10


@settings(max_examples=N_FUZZ_MUTATIONS, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutation=mutations())
def test_loader_survives_mutated_files(mutation):
    name, text = mutation
    d = _fresh_copy()
    (d / name).write_text(text, encoding="utf-8")
    stem = name[:-5]
    _load_all(d, ["lhasa-2025"] + ([stem] if stem != "sources" else []))


@settings(max_examples=N_FUZZ_TEXT, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(["national-2025.yaml", "xining-2025.yaml", "sources.yaml"]), text=YAMLISH,
       raw=st.binary(max_size=40))
def test_loader_survives_random_text(name, text, raw):
    d = _fresh_copy()
    (d / name).write_text(text, encoding="utf-8")
    _load_all(d, ["xining-2025"])
    (d / name).write_bytes(raw)
    d2 = _fresh_copy()
    (d2 / name).write_bytes(raw)
    _load_all(d2, ["xining-2025"])


@settings(max_examples=N_FUZZ_CHECK, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutation=mutations())
def test_check_never_raises_on_mutated_files(mutation):
    name, text = mutation
    d = _fresh_copy()
    (d / name).write_text(text, encoding="utf-8")
    res = check_policies(d)  # returns problems, never raises
    for p in res.problems:
        assert p.file and p.reason
