"""``yibao incentive``: the catastrophic cap of a year with the enrolment incentives (T14–T16)."""

from __future__ import annotations

import argparse

from ...calculators.incentive import IncentiveResult, incentive, read_history
from ...errors import InputError
from ..cli import add_json
from ._common import rows_or_file


def run(args: argparse.Namespace) -> IncentiveResult:
    if args.year is None:
        raise InputError("--year", "missing", "a benefit year (a whole number)")
    history = rows_or_file(args.history, read_history) if args.history is not None else []
    return incentive(args.policy, history, args.year)


def register(sub) -> None:
    p = sub.add_parser(
        "incentive", help="参保激励:连续参保激励和零报销激励提高的大病保险最高支付限额",
        description="按历年参保记录计算某年度的大病保险最高支付限额(T14–T16)。历史文件(CSV 或 JSON)的列:"
                    "year, enrolled, fund_reimbursed, incentive_used;"
                    "从政策规定的首个激励年度到所求年度的上一年每年一行。")
    p.add_argument("--policy", required=True, help="政策 id(yibao policies 列出全部)")
    p.add_argument("--history", metavar="FILE", help="历年参保记录(CSV 或 JSON)")
    p.add_argument("--year", metavar="Y", help="所求的待遇年度")
    add_json(p)
    p.set_defaults(handler=run)
