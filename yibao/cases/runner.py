"""Run the worked examples: each case's calculator on its inputs, its outputs compared with what the
case expects (amounts exact to the fen), its readings and notes looked for, its refusal checked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import InputError, NotCovered
from ..format import yuan
from ..messages import message
from ..policy.loader import load_policy
from ..policy.model import Policy
from ..policy.reformed import apply_reform
from .calculators import compute
from .expr import ExpressionError, amount, looks_like_arithmetic
from .loader import read_case_file
from .model import INPUTS, LABELS, Case, CaseFile

_MONEY = re.compile(r"^-?\d+\.\d{2}$")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?$")
_MISSING = object()


@dataclass(frozen=True)
class Failure:
    """One thing a case expected and did not get (``what``: the key path, or 假设/说明/拒绝)."""

    what: str
    expected: str
    got: str


@dataclass
class Outcome:
    file: str
    case: Case
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def lookup(data: Any, path: str) -> Any:
    """The value at ``a.b.0.c`` in a result's dictionary (``_MISSING`` when there is none)."""
    node = data
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def _numeric(got: Any) -> Decimal | None:
    if isinstance(got, bool):
        return None
    if isinstance(got, (int, Decimal)):
        return Decimal(got)
    if isinstance(got, str) and _MONEY.match(got):
        return Decimal(got)
    return None


def matches(expected: Any, got: Any) -> bool:
    """Whether ``got`` (a value of a result's dictionary) is what a case expects: amounts compared
    exactly after rounding the arithmetic half up to the fen, dates by their day, lists item by item."""
    number = _numeric(got)
    if number is not None and not isinstance(expected, (bool, type(None), list, dt.date)):
        try:
            return amount(expected) == number
        except (ExpressionError, InvalidOperation):
            return False
    if isinstance(expected, dt.date):
        return got == expected.isoformat()
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(map(matches, expected, got))
    return bool(expected == got)


def shown(value: Any, money: bool = False) -> str:
    """A value as the report shows it: money ``1,234.56 元`` (``money``: an expected amount, with its
    arithmetic), a date as ISO, nothing as ``无``."""
    if value is _MISSING:
        return "(结果中没有这一项)"
    if value is None:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and _MONEY.match(value):
        return yuan(Decimal(value))
    arithmetic = isinstance(value, str) and looks_like_arithmetic(value)
    if money and (arithmetic or isinstance(value, (Decimal, float, int))):
        try:
            text = str(value).strip()
            worked = amount(value)
            return yuan(worked) if _PLAIN.match(text) else f"{text} = {yuan(worked)}"
        except (ExpressionError, InvalidOperation):
            return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return str(value)


def _policy(file: CaseFile, case: Case, policies: dict[str, Policy] | None) -> Policy:
    pid = file.policy_of(case)
    policy = policies[pid] if policies and pid in policies else load_policy(pid)
    return apply_reform(policy, {k: str(v) for k, v in case.reform.items()}) if case.reform else policy


def run_case(file: CaseFile, case: Case, path: str = "", policies: dict[str, Policy] | None = None) -> Outcome:
    """One case run; ``policies``: policy id → the policy to use instead of the stored one (a test that
    breaks a value to see the cases fail)."""
    out = Outcome(path, case)
    unknown = [k for k in case.input if k not in INPUTS[case.calculator]]
    if unknown:  # yibao check says so too; here the case fails rather than the run
        allowed = "、".join(INPUTS[case.calculator])
        out.failures.append(Failure("输入", f"{LABELS[case.calculator]}计算器的输入之一:{allowed}",
                                    "未知的输入 " + "、".join(unknown)))
        return out
    try:
        policy = _policy(file, case, policies)
        result = compute(case.calculator, policy, dict(case.input))
    except (InputError, NotCovered) as e:
        kind = "not_covered" if isinstance(e, NotCovered) else "input"
        if case.refused is None:
            out.failures.append(Failure("结果", "计算出结果", f"拒绝:{message(e, 'zh')}"))
        elif (case.refused.field, case.refused.kind) != (e.field, kind):
            out.failures.append(Failure("拒绝", f"拒绝字段 {case.refused.field}({_KIND[case.refused.kind]})",
                                        f"拒绝字段 {e.field}({_KIND[kind]}):{message(e, 'zh')}"))
        return out
    if case.refused is not None:
        out.failures.append(Failure("拒绝", f"拒绝字段 {case.refused.field}({_KIND[case.refused.kind]})",
                                    "计算出了结果,没有拒绝"))
        return out
    out.failures += _compared(case, result.to_dict(), policy)
    return out


def _compared(case: Case, data: dict[str, Any], policy: Policy) -> list[Failure]:
    """What of the case's output, readings and notes the result's dictionary does not have."""
    out: list[Failure] = []
    for key, expected in case.output.items():
        got = lookup(data, key)
        if got is _MISSING or not matches(expected, got):
            money = isinstance(got, str) and bool(_MONEY.match(got))
            out.append(Failure(key, shown(expected, money), shown(got)))
    readings = set(data.get("assumptions") or ())
    titles = {k: a.title for k, a in policy.assumptions.items()}
    for rid in case.readings:
        if rid not in readings:
            out.append(Failure("假设", f"依据“{titles.get(rid, rid)}”", "结果没有依据这一假设"))
    notes = [str(n) for n in data.get("notes") or ()]
    for text in case.notes_contain:
        if not any(text in n for n in notes):
            out.append(Failure("说明", f"有一条说明含“{text}”", ";".join(notes) or "没有说明"))
    return out


_KIND = {"input": "输入不合规", "not_covered": "政策没有规定"}


def run_file(path: Path, policies: dict[str, Policy] | None = None) -> list[Outcome]:
    file = read_case_file(path)
    return [run_case(file, c, str(path), policies) for c in file.cases]


def run_files(paths: Iterable[Path], policies: dict[str, Policy] | None = None) -> list[Outcome]:
    return [o for p in paths for o in run_file(Path(p), policies)]
