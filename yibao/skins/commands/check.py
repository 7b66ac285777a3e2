"""``yibao check``: the policy files checked like code. Exit 0 when clean, 1 listing each problem
(file:line: key path: reason), 2 for a bad option."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from ...cases.check import case_problems
from ...messages import check_report, check_summary
from ...policy.check import CheckResult, Problem, check_policies
from ..cli import add_json, current_language, emit, say


@dataclass
class Report:
    """The check's result as the command shows it: in the run's language (``--lang``)."""

    result: CheckResult
    lang: str

    def explain(self) -> str:
        return check_report(self.result, self.lang)

    def to_dict(self) -> dict[str, Any]:
        return self.result.to_dict()


def run(args: argparse.Namespace) -> Report:
    checked = check_policies(args.policies)
    checked.problems += [Problem(*p) for p in case_problems(checked.folder)]  # the worked examples (cases/)
    res = Report(checked, current_language())
    if not res.result.ok:
        emit(res, args.json)
        say(check_summary(len(res.result.problems), res.lang) + "\n")
        raise SystemExit(1)
    return res


def register(sub) -> None:
    p = sub.add_parser("check", help="检查政策文件:结构、单位、日期、出处、引文、继承、重复",
                       description="检查每个政策文件(默认 policies/):能否加载、单位、日期先后、每个数值都有出处、"
                                   "引文与原文一致、继承可解析、同一日期没有两个值。有问题时退出码为 1。")
    p.add_argument("--policies", metavar="DIR", help="政策文件夹(默认 policies/ 或 YIBAO_POLICIES)")
    add_json(p)
    p.set_defaults(handler=run)
