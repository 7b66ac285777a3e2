"""What is wrong with the case files, as ``yibao check`` reports it (called by :mod:`yibao.policy.check`).

Each file must read as a case file (no unknown key, every case with its rules and clause); its
policies must be policies of the folder; its rule IDs rules of RULES.md; each clause must stand
verbatim in the article its source names (whitespace aside, as for the policy files' quotes); each
input must be one its calculator takes; each expected amount given as arithmetic must evaluate; each
reading must be an assumption the policy names. Only the policy layer is read: nothing is computed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..errors import InputError, PolicyDataError
from ..policy.check import nearest_line
from ..policy.loader import load_policy, load_sources, policy_ids
from ..policy.reform import as_reform
from ..rules import inventory, sources_dir
from .expr import ExpressionError, amount, meant_as_arithmetic
from .loader import case_files, read_case_file
from .model import INPUTS, Case, CaseFile

_WS = re.compile(r"\s+")


def _article(path: Path, cache: dict[Path, str]) -> str:
    if path not in cache:
        cache[path] = _WS.sub("", path.read_text(encoding="utf-8"))
    return cache[path]


class _Context:
    """What a check of the case files reads once: the folder's policies, sources, rules, articles."""

    def __init__(self, policies: Path, seeds: Path | None):
        self.policies = policies
        self.ids = set(policy_ids(policies))
        self.sources = load_sources(policies)
        self.rules = set(inventory())
        self.seeds = seeds or sources_dir()
        self.articles: dict[Path, str] = {}
        self.assumptions: dict[str, set[str] | None] = {}

    def allowed(self) -> str:
        return "allowed: " + ", ".join(sorted(self.ids))

    def assumptions_of(self, pid: str) -> set[str] | None:
        if pid not in self.assumptions:
            try:
                self.assumptions[pid] = set(load_policy(pid, self.policies).assumptions)
            except (PolicyDataError, InputError):
                self.assumptions[pid] = None  # the policy check says why
        return self.assumptions[pid]

    def clause_problem(self, source: str, clause: str) -> str | None:
        src = self.sources.get(source)
        if src is None:
            return f"source {source!r} is not in sources.yaml (allowed: {', '.join(sorted(self.sources))})"
        if not src.file:
            return f"source {source!r} is an outside document: a case quotes one of the articles"
        article = self.seeds / src.file
        if not article.is_file():
            return f"article {src.file} not found in {self.seeds}"
        if _WS.sub("", clause) not in _article(article, self.articles):
            return f"clause not found verbatim in {src.file}: {clause!r}"
        return None


def _case_problems(ctx: _Context, file: CaseFile, case: Case) -> Iterator[tuple[str, str]]:
    where = f"cases[{case.name}]"
    if case.policy is not None and case.policy not in ctx.ids:
        yield f"{where}.policy", f"{case.policy!r} is not a policy of the folder ({ctx.allowed()})"
    for rid in case.rules:
        if rid not in ctx.rules:
            yield f"{where}.rules", f"{rid!r} is not a rule ID of RULES.md"
    problem = ctx.clause_problem(file.source_of(case), case.clause)
    if problem:
        yield (f"{where}.source" if problem.startswith("source") else f"{where}.clause"), problem
    yield from _value_problems(where, case)
    yield from _reading_problems(ctx, where, file.policy_of(case), case)


def _value_problems(where: str, case: Case) -> Iterator[tuple[str, str]]:
    """Inputs its calculator does not take; expected amounts whose arithmetic does not evaluate."""
    for key in case.input:
        if key not in INPUTS[case.calculator]:
            yield f"{where}.input.{key}", (f"not an input of the {case.calculator} calculator "
                                           f"(allowed: {', '.join(INPUTS[case.calculator])})")
    for key, expected in case.output.items():
        if isinstance(expected, str) and meant_as_arithmetic(expected):
            try:
                amount(expected)
            except ExpressionError as e:
                yield f"{where}.output.{key}", str(e)


def _reading_problems(ctx: _Context, where: str, pid: str, case: Case) -> Iterator[tuple[str, str]]:
    """A reform that is not one; readings that are no assumption of the policy (a reform's own reading,
    ``reform:PATH``, for a path the case's reform changes). Whether the policy lets the reform's values be
    set is found when the case runs (the reformed policy is validated then: no calculation here)."""
    try:
        as_reform({k: str(v) for k, v in case.reform.items()})
    except InputError as e:
        yield f"{where}.reform", str(e)
    known = ctx.assumptions_of(pid) if pid in ctx.ids else None
    if known is None:
        return
    known = known | {f"reform:{path}" for path in case.reform}
    for rid in case.readings:
        if rid not in known:
            yield f"{where}.readings", f"{rid!r} is not an assumption of {pid}"


def file_problems(ctx: _Context, path: Path) -> Iterator[tuple[str, str]]:
    try:
        file = read_case_file(path)
    except PolicyDataError as e:
        yield e.key_path, e.reason
        return
    if file.policy not in ctx.ids:
        yield "policy", f"{file.policy!r} is not a policy of the folder ({ctx.allowed()})"
    for case in file.cases:
        yield from _case_problems(ctx, file, case)


def _lines(path: Path) -> dict[str, int]:
    """Key path (``policy``, ``cases[name]``, ``cases[name].rules``) → its line (1-based) in a case file."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    out: dict[str, int] = {}
    for k, v in node.value if isinstance(node, yaml.MappingNode) else ():
        out[k.value] = k.start_mark.line + 1
        if k.value == "cases" and isinstance(v, yaml.SequenceNode):
            for i, item in enumerate(v.value):
                pairs = item.value if isinstance(item, yaml.MappingNode) else []
                name = next((iv.value for ik, iv in pairs if ik.value == "name" and isinstance(iv, yaml.ScalarNode)), i)
                out[f"cases[{name}]"] = item.start_mark.line + 1
                for ik, _ in pairs:
                    out[f"cases[{name}].{ik.value}"] = ik.start_mark.line + 1
    return out


def case_problems(policies: Path, folder: Path | None = None,
                  seeds: Path | None = None) -> Iterator[tuple[str, int | None, str, str]]:
    """(file, line, key path, reason) for every problem of the case files of ``folder`` (default
    ``cases/``) against the policy folder ``policies``."""
    paths = case_files(folder)
    if not paths:
        return
    try:
        ctx = _Context(policies, seeds)
    except PolicyDataError:  # no sources: the policy check reports it
        return
    for path in paths:
        lines = _lines(path)
        for key, reason in file_problems(ctx, path):
            yield f"{path.parent.name}/{path.name}", nearest_line(lines, key), key, reason
