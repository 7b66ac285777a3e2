"""``yibao diff OLD NEW``: every value that differs between two policies, after inheritance
(with ``--set``/``--reform``: between a policy and the same policy under a reform)."""

from __future__ import annotations

import argparse

from ...policy.diff import PolicyDiff, diff_policies
from ...policy.loader import load_policy
from ..cli import add_json
from ._common import add_reform, policy_of_args


def run(args: argparse.Namespace) -> PolicyDiff:
    old = load_policy(args.old)
    new = policy_of_args(args, args.new if args.new is not None else args.old)
    return diff_policies(old, new)


def register(sub) -> None:
    p = sub.add_parser("diff", help="两份政策(或政策与改革方案)之间改变的每一个值",
                       description="比较两份政策继承之后的全部值:数值改变、新增、删除、出处改变、假设的变化,"
                                   "各附新旧原文和规则编号。只给一份政策并加 --set/--reform 时,比较它与改革方案。")
    p.add_argument("old", metavar="OLD", help="旧政策 id,如 lhasa-2024")
    p.add_argument("new", metavar="NEW", nargs="?",
                   help="新政策 id,如 lhasa-2025(省略时与旧政策相同,配合 --set/--reform)")
    add_reform(p)
    add_json(p)
    p.set_defaults(handler=run)
