"""The ``yibao`` command: Chinese text by default, ``--json`` for machines (money as "40.00").

Each subcommand lives in ``yibao/commands/<name>.py`` with ``register(subparsers)``; its handler
returns a result object (``explain()`` / ``to_dict()``). Bad input exits 2 with one clear line,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .errors import InputError, NotCovered, PolicyDataError, YibaoError

COMMANDS = ("policies", "premium", "coverage", "flexible", "maternity", "settle", "incentive",
            "enrolment", "account_sharing", "compare", "app", "check")


class _Parser(argparse.ArgumentParser):
    """argparse that says what is wrong in the same one-line form and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"yibao: 输入有误 / bad input: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(prog="yibao", description="城乡居民医保计算器(拉萨、西藏、运城、西宁)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f".commands.{name}", __package__)
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="机器可读的 JSON 输出,金额为两位小数的字符串")


def emit(result: Any, as_json: bool) -> None:
    if as_json:
        data = result.to_dict() if hasattr(result, "to_dict") else result
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(result.explain() if hasattr(result, "explain") else result)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
    except InputError as e:
        sys.stderr.write(f"yibao: 输入有误 / bad input: {e}\n")
        return 2
    except NotCovered as e:
        sys.stderr.write(f"yibao: 政策未规定 / not covered: {e}\n")
        return 2
    except PolicyDataError as e:
        sys.stderr.write(f"yibao: 政策数据有误 / policy data error: {e}\n")
        return 3
    except YibaoError as e:  # pragma: no cover - every error has its own kind above
        sys.stderr.write(f"yibao: {e}\n")
        return 2
    emit(result, getattr(args, "json", False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
