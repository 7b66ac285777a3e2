"""``yibao test FILE…``: run worked examples (case files, default every file of cases/) without pytest.
Exit 0 when every case passes, 1 listing each failure, 2 or 3 for a file that cannot be read."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...cases.loader import case_files
from ...cases.report import CaseReport
from ...cases.runner import run_files
from ..cli import add_json, emit, say


def run(args: argparse.Namespace) -> CaseReport:
    paths = [Path(f) for f in args.files] or case_files()
    report = CaseReport(run_files(paths))
    if not report.ok:
        emit(report, args.json)
        say(f"yibao: 算例未通过 / cases failed: {len(report.failed)}\n")
        raise SystemExit(1)
    return report


def register(sub) -> None:
    p = sub.add_parser("test", help="运行算例文件(cases/*.yaml):每个算例的计算结果与手算结果比对",
                       description="运行算例文件(默认 cases/ 下全部):按每个算例的输入计算,与算例写明的金额或算式、"
                                   "依据的假设和说明比对。有算例未通过时退出码为 1。")
    p.add_argument("files", nargs="*", metavar="FILE", help="算例文件(YAML);不填时运行 cases/ 下全部")
    add_json(p)
    p.set_defaults(handler=run)
