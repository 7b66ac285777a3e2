"""The ``yibao`` command: Chinese text by default, ``--json`` for machines (money as "40.00").

Each subcommand lives in ``yibao/commands/<name>.py`` with ``register(subparsers)``; its handler
returns a result object (``explain()`` / ``to_dict()``). Bad input exits 2 with exactly one line on
stderr, never a traceback; every option given is read (an empty one is refused here, each value by
its kind's parser in :mod:`yibao.inputs`). Output cut short by the reader (``yibao … | head -1``)
ends quietly with status 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from .errors import InputError, NotCovered, PolicyDataError, YibaoError

COMMANDS = ("policies", "premium", "coverage", "flexible", "maternity", "settle", "incentive",
            "enrolment", "account_sharing", "compare", "tiers", "diff", "app", "check")


BAD_INPUT = "yibao: 输入有误 / bad input: "


def one_line(text: str) -> str:
    """A message as one line (a value with a newline in it cannot split it)."""
    return " ".join(str(text).split("\n")).replace("\r", " ")


def _writable(text: str, stream: Any) -> str:
    """``text`` as ``stream`` can take it: characters it cannot encode (a file name of non-UTF-8
    bytes, a lone surrogate from the command line) become escapes, never an error."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return text.encode(encoding, "backslashreplace").decode(encoding, "replace")


def say(line: str) -> None:
    """One line on stderr, whatever it holds."""
    sys.stderr.write(_writable(line, sys.stderr))


class _Parser(argparse.ArgumentParser):
    """argparse that says what is wrong in the same one-line form and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        say(f"{BAD_INPUT}{one_line(message)} (see: {self.prog} --help)\n")
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
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = str(result.explain() if hasattr(result, "explain") else result)
    sys.stdout.write(_writable(text + "\n", sys.stdout))


def _empty_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """An option given with an empty value (``--birth-date ""``, an unset shell variable) is refused,
    whatever the option: every given option is checked."""
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    actions = sub.choices[args.command]._actions if sub is not None and args.command in sub.choices else []
    for action in actions:
        value = getattr(args, action.dest, None)
        values = value if isinstance(value, list) else [value]
        if action.option_strings and any(isinstance(v, str) and not v.strip() for v in values):
            raise InputError(action.option_strings[-1], "is empty", action.help or action.metavar or "a value")


def _quiet_stdout() -> None:
    """After the reader closed the pipe: send what is left to /dev/null, so that the interpreter's
    final flush cannot raise (or print) BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor (captured)
        pass


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        say("yibao: 已中断 / interrupted\n")
        return 130
    except Exception as e:  # a bug, not the user's input: one line (YIBAO_DEBUG=1 shows the traceback)
        if os.environ.get("YIBAO_DEBUG"):
            raise
        say(f"yibao: 内部错误 / internal error: {type(e).__name__}: {one_line(e)[:300]} "
                         "(please report it; YIBAO_DEBUG=1 shows the traceback)\n")
        return 70


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _empty_options(parser, args)
        result = args.handler(args)
    except InputError as e:
        say(f"{BAD_INPUT}{one_line(e)}\n")
        return 2
    except NotCovered as e:
        say(f"yibao: 政策未规定 / not covered: {one_line(e)}\n")
        return 2
    except PolicyDataError as e:
        say(f"yibao: 政策数据有误 / policy data error: {one_line(e)}\n")
        return 3
    except YibaoError as e:  # pragma: no cover - every error has its own kind above
        say(f"yibao: {one_line(e)}\n")
        return 2
    emit(result, getattr(args, "json", False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
