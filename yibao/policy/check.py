"""Policy files checked like code (``yibao check``): every problem with its file, line, key path and reason.

What is checked, for every ``*.yaml`` in the folder (``policies/`` or ``--policies DIR``):

- **schema**: each file is safe YAML without repeated keys, and each policy loads through the loader
  (typed model: rates are fractions 0..1, money is yuan ≥ 0, dates are real dates);
- **inheritance**: every ``extends`` names a policy of the folder, without cycles;
- **provenance**: every cited value (a mapping with ``value`` and ``unit``, or with ``source`` or
  ``quote``) has ``source``, ``quote``, ``rules`` and a Chinese ``label``; every quote is found
  verbatim in its article
  (:func:`yibao.policy.provenance.check_quotes`);
- **dates in order**: ``in_force`` from ≤ to, windows ``paid_from`` ≤ ``paid_to``, windows do not
  overlap, the concentrated period lies inside the windows' span;
- **numbers and dates**: every number and date a value states agrees with its quote and the file's
  year (:mod:`yibao.policy.check_quotes`);
- **one value per date**: no two items with the same ``id`` in one list of a file (two aid rules
  ``t12_ninety`` would silently merge into one), no two payment windows covering the same day;
- **every value is read**: no value given where nothing reads it (:mod:`yibao.policy.reads`: a
  window's ``days`` without a delay to count, ``in_force`` on a value no calculator dates, a
  ``derived`` note for a number the item does not have, a shared part no policy extends);
- **worked examples**: the case files of ``cases/`` are checked by ``yibao check`` too, from above this
  layer (:mod:`yibao.cases.check`, which runs calculators);
- **examples**: ``examples.yaml`` names, for every calculator, a policy of the folder that states
  what the calculator reads, and starting values only for fields that start from text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, PolicyDataError
from ..inputs import show
from .check_quotes import value_problems
from .examples import FILE as EXAMPLES
from .examples import problems as example_problems
from .examples import read_examples
from .loader import (
    NOT_POLICIES,
    is_folder,
    load_policy,
    load_sources,
    plain_structure,
    policies_dir,
    policy_files,
    policy_ids,
    read_policy_text,
    read_yaml,
)
from .model import Policy, Window
from .provenance import check_quotes, walk_yaml
from .reads import unread_values


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    key_path: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key_path or '<top>'}: {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "key_path": self.key_path, "reason": self.reason}


@dataclass
class CheckResult:
    folder: Path
    files: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    quotes_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def explain(self) -> str:
        head = (f"检查 {self.folder}:{len(self.files)} 个文件,{len(self.policies)} 个政策,"
                f"{self.quotes_checked} 条引文与原文一致")
        if self.ok:
            return head + ";没有发现问题。"
        return "\n".join([head + f";发现 {len(self.problems)} 个问题 / problems:"]
                         + [f"- {p}" for p in self.problems])

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "ok": self.ok, "files": self.files, "policies": self.policies,
                "quotes_checked": self.quotes_checked, "problems": [p.to_dict() for p in self.problems]}


# ---------------------------------------------------------------- line numbers


def _node_lines(node: yaml.Node, path: str, out: dict[str, int]) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else "?"
            sub = f"{path}.{key}" if path else str(key)
            out.setdefault(sub, k.start_mark.line + 1)
            _node_lines(v, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            ident = None
            if isinstance(v, yaml.MappingNode):
                ident = next((iv.value for ik, iv in v.value
                              if isinstance(ik, yaml.ScalarNode) and ik.value == "id"
                              and isinstance(iv, yaml.ScalarNode)), None)
            for sub in {f"{path}[{i}]", f"{path}.{i}", *([f"{path}[{ident}]"] if ident is not None else [])}:
                _node_lines(v, sub, out)


def line_map(path: Path) -> dict[str, int]:
    """Key path (``a.b[id].c``, list items also as ``[0]`` and ``.0``) → line number (1-based)."""
    try:
        text = read_policy_text(path)  # refuses pipes, folders and huge files
        plain_structure(text, path)  # and anchors and deep nesting, before composing
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # no lines for a file that is not YAML; its error is reported elsewhere
        return {}
    out: dict[str, int] = {}
    if node is not None:
        _node_lines(node, "", out)
    return out


class _Lines:
    def __init__(self, folder: Path):
        self.folder = folder
        self.maps: dict[str, dict[str, int]] = {}

    def __call__(self, file: str, key_path: str) -> int | None:
        name = Path(file).name
        if name not in self.maps:
            self.maps[name] = line_map(self.folder / name)
        return nearest_line(self.maps[name], key_path)


def nearest_line(lines: dict[str, int], key_path: str) -> int | None:
    """The line of ``key_path`` in a :func:`line_map`, or of its nearest parent key that has one."""
    key = key_path
    while key:
        if key in lines:
            return lines[key]
        cut = max(key.rfind("."), key.rfind("["))
        key = key[:cut] if cut > 0 else ""
    return None


# ---------------------------------------------------------------- raw-file checks


_PROVENANCE = ("source", "quote", "rules")


def _raw_problems(name: str, raw: Any) -> Iterator[tuple[str, str]]:
    """(key path, reason) for values without a source and ids given twice in one list."""
    if not isinstance(raw, dict):
        yield "", "expected a mapping at the top"
        return
    for path, node in walk_yaml(raw, ""):
        if isinstance(node, list):
            ids = [str(i["id"]) for i in node if isinstance(i, dict) and "id" in i]
            for dup in sorted({i for i in ids if ids.count(i) > 1}):
                yield f"{path}[{dup}]", f"id {dup!r} appears {ids.count(dup)} times in this list: two values " \
                                        "for the same thing"
        if not isinstance(node, dict) or path.startswith("assumptions") or path == "":
            continue
        cited = ("value" in node and "unit" in node) or "quote" in node or "source" in node
        if cited:
            missing = [k for k in _PROVENANCE if not node.get(k)]
            if missing:
                yield path, f"a value without its {', '.join(missing)}: every value needs source, quote and rules"
            if not isinstance(node.get("label"), str) or not node["label"].strip():
                yield path, "a value without its label: every value needs a Chinese label (what it is, as a reader " \
                            "sees it, e.g. 三级医院住院起付线)"


# ---------------------------------------------------------------- loaded-policy checks


def windows_problems(policy: Policy) -> Iterator[tuple[str, str]]:
    cov = policy.coverage
    if cov is None:
        return
    wins: list[Window] = list(cov.windows)
    for i, a in enumerate(wins):
        for b in wins[i + 1:]:
            a_to, b_to = a.paid_to, b.paid_to
            if (a_to is None or b.paid_from <= a_to) and (b_to is None or a.paid_from <= b_to):
                yield (f"coverage.windows[{b.id}]",
                       f"window {b.id} ({b.paid_from}..{b_to or ''}) overlaps window {a.id} "
                       f"({a.paid_from}..{a_to or ''}): two rules for the same payment day")
    cp = cov.concentrated_period
    if cp is not None and wins:
        first = min(w.paid_from for w in wins)
        last = None if any(w.paid_to is None for w in wins) else max(w.paid_to for w in wins)  # type: ignore[type-var]
        if cp.start < first or (last is not None and (cp.to is None or cp.to > last)):
            yield ("coverage.concentrated_period",
                   f"{cp.start}..{cp.to or ''} is not inside the windows' span {first}..{last or ''}")
    if cov.benefit_year.to is not None and cov.benefit_year.to < cov.benefit_year.start:  # pragma: no cover
        yield "coverage.benefit_year", "to is before from"


def _examples_problems(folder: Path, loaded: dict[str, Policy | None]) -> Iterator[tuple[str, str]]:
    """What is wrong with ``examples.yaml`` (what each calculator opens with)."""
    if not (folder / EXAMPLES).is_file():
        yield "", f"file not found: every policy folder needs {EXAMPLES} (the policy each calculator opens with)"
        return
    try:
        examples = read_examples(folder)
    except PolicyDataError as e:
        yield e.key_path, e.reason
        return
    yield from example_problems(examples, loaded)


# ---------------------------------------------------------------- the check


def check_policies(folder: Path | str | None = None, seeds: Path | None = None) -> CheckResult:
    """Every problem of the policy files in ``folder`` (default ``policies/``). Never raises for bad data."""
    folder = Path(folder) if folder is not None else policies_dir()
    if not is_folder(folder):
        raise InputError("--policies", f"{show(str(folder))} is not a folder", "a folder of policy YAML files",
                         kind="folder.not_a_folder", params={"value": show(str(folder))})
    folder = folder.resolve()
    res = CheckResult(folder=folder)
    lines = _Lines(folder)
    seen: set[tuple[str, str, str]] = set()

    def add(file: str, key_path: str, reason: str) -> None:
        name = Path(file).name
        if (name, key_path, reason) in seen:
            return
        seen.add((name, key_path, reason))
        res.problems.append(Problem(name, _stated_line(key_path) or lines(name, key_path), key_path, reason))

    paths = policy_files(folder)
    res.files = [p.name for p in paths]
    for other in sorted(set(folder.glob("*.yaml")) - set(paths)):
        add(other.name, "", "is not a regular file (a folder, a pipe or a broken link): not read as a policy")
    if not (folder / "sources.yaml").is_file():
        add("sources.yaml", "", "file not found: every policy folder needs sources.yaml")
        return res
    _check_files(paths, add)
    for file, key, reason in unread_values(folder, paths):  # values given where nothing reads them
        add(file, key, reason)
    try:
        load_sources(folder)
    except PolicyDataError as e:
        add(e.file, e.key_path, e.reason)
        return res
    loaded = _check_loading(folder, res, add)
    for key, reason in _examples_problems(folder, loaded):
        add(EXAMPLES, key, reason)
    _check_all_quotes(folder, seeds, res, add)
    return res


def _stated_line(key_path: str) -> int | None:
    """The line a YAML error's own place (``line 12, column 3``) names, if it names one."""
    if key_path.startswith("line "):  # YAML errors already say where
        try:
            return int(key_path.split()[1].rstrip(","))
        except ValueError:
            return None
    return None


def _check_files(paths: list[Path], add: Callable[[str, str, str], None]) -> None:
    """Each file read alone (raw YAML, before inheritance): its shape, and its values against their
    quotes and its year."""
    for path in paths:
        try:
            raw = read_yaml(path)
        except PolicyDataError as e:
            add(path.name, e.key_path, e.reason)
            continue
        if path.stem in NOT_POLICIES:
            continue
        for key, reason in _raw_problems(path.name, raw):
            add(path.name, key, reason)
        for key, reason in value_problems(raw):  # numbers and dates against their quotes and year
            add(path.name, key, reason)


def _check_loading(folder: Path, res: CheckResult, add: Callable[[str, str, str], None]) -> dict[str, Policy | None]:
    """Every policy loaded (its chain merged and validated) and its windows checked: id → the policy,
    or None where it does not load."""
    loaded: dict[str, Policy | None] = {}
    for pid in policy_ids(folder):
        loaded[pid] = None
        try:
            policy = load_policy(pid, folder)
        except (PolicyDataError, InputError) as e:
            file = getattr(e, "file", f"{pid}.yaml")
            add(file, getattr(e, "key_path", getattr(e, "field", "")), getattr(e, "reason", str(e)))
            continue
        except Exception as e:  # a loader crash is a problem to report, not a traceback
            add(f"{pid}.yaml", "", f"the loader failed ({type(e).__name__}: {e})")
            continue
        res.policies.append(pid)
        loaded[pid] = policy
        for key, reason in windows_problems(policy):
            add(_file_defining(policy, folder, key), key, reason)
    return loaded


def _check_all_quotes(folder: Path, seeds: Path | None, res: CheckResult,
                      add: Callable[[str, str, str], None]) -> None:
    """Every quote found in its article."""
    try:
        checked, problems = check_quotes(folder=folder, seeds=seeds)
    except PolicyDataError as e:
        add(e.file, e.key_path, e.reason)
    except Exception as e:  # e.g. rules: 5 in a broken file; reported, never a traceback
        add("*.yaml", "", f"quotes not checked: a file is malformed ({type(e).__name__}: {e})")
    else:
        res.quotes_checked = len(checked)
        for p in problems:
            add(p.file, p.key_path, p.reason)


def _file_defining(policy: Policy, folder: Path, key: str) -> str:
    """The nearest file of the policy's chain whose own text holds ``key`` (else the policy's file)."""
    chain = [policy.id]
    i = 0
    while i < len(chain):
        try:
            raw = read_yaml(folder / f"{chain[i]}.yaml")
        except PolicyDataError:
            raw = {}
        parents = raw.get("extends") if isinstance(raw, dict) else None
        chain.extend([parents] if isinstance(parents, str) else [p for p in parents or [] if isinstance(p, str)])
        i += 1
    for pid in chain:
        if line_map(folder / f"{pid}.yaml").get(key.split("[")[0]) is not None:
            return f"{pid}.yaml"
    return f"{policy.id}.yaml"
