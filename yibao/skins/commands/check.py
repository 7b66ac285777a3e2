"""``yibao check``: the policy files checked like code. Exit 0 when clean, 1 listing each problem
(file:line: key path: reason), 2 for a bad option."""

from __future__ import annotations

import argparse

from ...policy.check import CheckResult, check_policies
from ..cli import add_json, emit, say


def run(args: argparse.Namespace) -> CheckResult:
    res = check_policies(args.policies)
    if not res.ok:
        emit(res, args.json)
        say(f"yibao: 政策文件有问题 / policy files have problems: {len(res.problems)}\n")
        raise SystemExit(1)
    return res


def register(sub) -> None:
    p = sub.add_parser("check", help="检查政策文件:结构、单位、日期、出处、引文、继承、重复",
                       description="检查每个政策文件(默认 policies/):能否加载、单位、日期先后、每个数值都有出处、"
                                   "引文与原文一致、继承可解析、同一日期没有两个值。有问题时退出码为 1。")
    p.add_argument("--policies", metavar="DIR", help="政策文件夹(默认 policies/ 或 YIBAO_POLICIES)")
    add_json(p)
    p.set_defaults(handler=run)
