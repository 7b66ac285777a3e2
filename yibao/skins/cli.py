"""The ``yibao`` command: Chinese text by default, ``--json`` for machines (money as "40.00").

Each subcommand is a module ``yibao/skins/commands/<name>.py`` (the list is read from the folder)
with ``register(subparsers)``; its handler returns a result object (``explain()`` /
``to_dict()``). Bad input exits 2 with exactly one line on stderr, never a traceback; every option
given is read (an empty one is refused here, each value by its kind's parser in
:mod:`yibao.inputs`). Output cut short by the reader (``yibao … | head -1``) ends quietly with
status 0.

Error messages come from the catalogue (:func:`yibao.messages.message`): Chinese by default
(``yibao: 错误:费用:…``), English with ``--lang en`` (anywhere on the line) or ``YIBAO_LANG=en``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

from ..errors import FieldPath, InputError, NotCovered, PolicyDataError, YibaoError
from ..messages import DEFAULT, ENV, LANGUAGES, argparse_message, message, parse_language, printable
from . import commands

#: How an error line starts, by language; the English prefixes say which kind of error it is.
PREFIX = {"zh": {InputError: "yibao: 错误:", NotCovered: "yibao: 错误:", PolicyDataError: "yibao: 错误:"},
          "en": {InputError: "yibao: bad input: ", NotCovered: "yibao: not covered: ",
                 PolicyDataError: "yibao: policy data error: "}}
EXIT = {InputError: 2, NotCovered: 2, PolicyDataError: 3}
LANG_HELP = "消息的语言:zh(中文,默认)或 en(English);也可设环境变量 YIBAO_LANG"

_lang = DEFAULT


def current_language() -> str:
    """The language of this run's messages (``--lang``, else ``YIBAO_LANG``, else Chinese)."""
    return _lang


def one_line(text: str) -> str:
    """A message as one line (a value with a newline in it cannot split it)."""
    return " ".join(str(text).split("\n")).replace("\r", " ")


def _writable(text: str, stream: Any) -> str:
    """``text`` as ``stream`` can take it: characters it cannot encode (a file name of non-UTF-8
    bytes, a lone surrogate from the command line) become escapes, never an error."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return text.encode(encoding, "backslashreplace").decode(encoding, "replace")


def say(line: str) -> None:
    """One line on stderr, whatever it holds: its control characters escaped (never sent raw to the
    terminal), the line's own end kept."""
    body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
    sys.stderr.write(_writable(printable(body) + end, sys.stderr))


#: What an option's value is called in the help (``--birth-date 日期``), by the name a command gives it or,
#: where it gives none, by the option's own name: argparse would write the option in capitals
#: (``BIRTH_DATE``). Forms a person types as they are (``zh|en``, ``full|table``) stay.
METAVARS = {
    "N": "数", "Y": "年份", "FILE": "文件", "DIR": "文件夹", "DATE": "日期", "YUAN": "金额", "COST": "金额",
    "CODE": "人群", "SECONDS": "秒数", "PATH=VALUE": "路径=值", "ADDRESS": "地址", "OLD": "旧政策", "NEW": "新政策",
    "policy": "政策", "tier": "档次", "sex": "性别", "birth_date": "日期", "paid_on": "日期",
    "employee_insurance_ended_on": "日期", "employment_ended_on": "日期", "income": "金额",
    "account_balance": "金额", "average_wage": "金额", "delivery": "方式", "kind": "类别", "host": "地址",
    "port": "端口", "log_level": "级别",
}


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: A run of Latin letters, digits and the signs inside an option or a path (never broken), or one character.
_TOKEN = re.compile(r"[A-Za-z0-9_.\[\]=%/|:+-]+|\s+|.")
#: Punctuation that must not start a line (it may stand out past the width by its two columns).
_CLOSING = set("、,。;:)》”’!?%")
#: Punctuation that must not end a line.
_OPENING = set("(《“‘")


class _ChineseHelp(argparse.HelpFormatter):
    """argparse's help in Chinese: ``用法:`` for its English ``usage:``; each option's help on the
    lines below it (argparse aligns by characters, and a Chinese character takes two columns), wrapped
    by columns, never inside an option, a path or a number."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 6,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法:" if prefix is None else prefix)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))

    def _split_lines(self, text: str, width: int) -> list[str]:
        lines: list[str] = []
        line = ""
        for token in _TOKEN.findall(" ".join(text.split())):
            if line and _columns(line + token) > width and token not in _CLOSING and not token.isspace():
                carried = line[-1] if line[-1] in _OPENING else ""  # an opening bracket goes with its word
                lines.append(line[:len(line) - len(carried)].rstrip())
                line = carried
            if line or not token.isspace():
                line += token
        return [*lines, line.rstrip()] if line.strip() else lines


class _Parser(argparse.ArgumentParser):
    """argparse that says what is wrong in the same one-line form and exits 2, and helps in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        say(f"{PREFIX[_lang][InputError]}{argparse_message(message, self.prog, _lang)}\n")
        raise SystemExit(2)


class _Once(argparse._StoreAction):
    """An option that may be given once: given again with another value, it is refused naming the
    option (the last value silently winning would ignore the first); the same value again is read once."""

    def __call__(self, parser, namespace, values, option_string=None):
        given = namespace.__dict__.setdefault("_given_options", {})
        if self.dest in given and given[self.dest] != values:
            option = option_string or self.option_strings[-1]
            err = InputError(option, "is given twice with different values", "the option once (--group and --set "
                             "may be repeated)", kind="option.repeated", params={"option": option})
            raise argparse.ArgumentError(self, message(err, _lang))
        given[self.dest] = values
        super().__call__(parser, namespace, values, option_string)


def _once(parser: argparse.ArgumentParser) -> None:
    """Every single-valued option of ``parser`` (not --group, --set: those are repeatable) read once."""
    for action in parser._actions:
        if type(action) is argparse._StoreAction and action.option_strings:
            action.__class__ = _Once


def command_names() -> list[str]:
    """The subcommands: every module of :mod:`yibao.skins.commands` (but ``_common``), by name."""
    return sorted(m.name for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_"))


def chosen_command(argv: list[str], names: list[str]) -> str | None:
    """The subcommand a command line runs (its first word that is not an option), if it names one."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in names else None
        elif not arg.startswith("--lang="):
            return None  # -h, or an option before the subcommand: argparse says what it makes of it
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the command line ``argv``: only the subcommand it runs is imported (each module pulls in
    its calculators); the others are names. Without ``argv`` (or when it runs none), every subcommand."""
    parser = _Parser(prog="yibao", description="城乡居民医保计算器(各地的政策:yibao policies)")
    parser.add_argument("--lang", metavar="|".join(LANGUAGES), help=LANG_HELP)
    parser._positionals.title = "子命令"
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    names = command_names()
    chosen = chosen_command(argv, names) if argv is not None else None
    for name in names:
        if chosen is None or name == chosen:
            importlib.import_module(f"{commands.__name__}.{name}").register(sub)
        else:
            sub.add_parser(name)
    for p in sub.choices.values():  # also after the subcommand: yibao premium ... --lang en
        p.add_argument("--lang", metavar="|".join(LANGUAGES), help=LANG_HELP, default=argparse.SUPPRESS)
        _once(p)
        _chinese_metavars(p)
    _once(parser)
    return parser


def _chinese_metavars(parser: argparse.ArgumentParser) -> None:
    """Every option's value and every positional named in Chinese in the help (:data:`METAVARS`); an
    option with choices lists them, as argparse does."""
    for action in parser._actions:
        if action.nargs == 0 or action.choices is not None:
            continue
        name = action.metavar if isinstance(action.metavar, str) else action.dest
        action.metavar = METAVARS.get(name, name)


_NEGATIVE = re.compile(r"-[0-9.]")


def _dash_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``--outpatient -5e3`` as ``--outpatient=-5e3``: argparse takes a value that starts with a minus
    and is not a plain negative number for an option, and would say the value is missing; read so, the
    value is refused for what it is (negative, an exponent)."""
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    command = next((a for a in argv if sub is not None and a in sub.choices), None)
    parsers = [parser] + ([sub.choices[command]] if sub is not None and command is not None else [])
    takes_value = {o for p in parsers for a in p._actions if a.nargs is None for o in a.option_strings}
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out += argv[i:]
            break
        if arg in takes_value and i + 1 < len(argv) and _NEGATIVE.match(argv[i + 1]):
            out.append(f"{arg}={argv[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def _language(argv: list[str]) -> str:
    """The language asked for: ``--lang`` (anywhere on the line; given twice, the same), else
    ``YIBAO_LANG``, else Chinese. Read before the line is parsed, so that the parser's own complaints
    are in it too."""
    given: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            given.append(argv[i + 1])
        elif arg.startswith("--lang="):
            given.append(arg[len("--lang="):])
    if given:
        langs = {parse_language(g, "--lang") for g in given}
        if len(langs) > 1:
            raise InputError("--lang", "is given twice with different values", "the option once",
                             kind="option.repeated", params={"option": "--lang"})
        return langs.pop()
    env = os.environ.get(ENV, "")
    return parse_language(env, ENV) if env.strip() else DEFAULT


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="机器可读的 JSON 输出,金额为两位小数的字符串")


def _json(data: Any) -> bytes:
    """``data`` as indented JSON, UTF-8: orjson (the same text as ``json.dumps(indent=2)``, many times faster),
    else the standard library (what orjson does not take: big integers, keys that are not strings)."""
    try:
        import orjson

        return orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except (ImportError, TypeError):
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8", "surrogatepass")


def emit(result: Any, as_json: bool) -> None:
    if as_json:
        data = _json(result.to_dict() if hasattr(result, "to_dict") else result) + b"\n"
    else:
        data = (str(result.explain() if hasattr(result, "explain") else result) + "\n").encode("utf-8", "surrogatepass")
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None and encoding == "utf8" and b"\xed" not in data:  # UTF-8 and no lone surrogate: as is
        sys.stdout.flush()
        buffer.write(data)
    else:
        sys.stdout.write(_writable(data.decode("utf-8", "surrogatepass"), sys.stdout))


def _empty_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """An option given with an empty value (``--birth-date ""``, an unset shell variable) is refused,
    whatever the option: every given option is checked."""
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    actions = sub.choices[args.command]._actions if sub is not None and args.command in sub.choices else []
    for action in actions:
        value = getattr(args, action.dest, None)
        values = value if isinstance(value, list) else [value]
        if action.option_strings and any(isinstance(v, str) and not v.strip() for v in values):
            raise InputError(action.option_strings[-1], "is empty", action.help or action.metavar or "a value",
                             kind="value.empty", params={"allowed": action.help or action.metavar or ""})


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
        say(f"yibao: 内部错误 / internal error: {type(e).__name__}: {one_line(str(e))[:300]} "
                         "(please report it; YIBAO_DEBUG=1 shows the traceback)\n")
        return 70


def _options_of(parser: argparse.ArgumentParser | None, command: str | None) -> Callable[[FieldPath], str | None]:
    """The option of ``command`` that gives a field: ``birth_date`` → ``--birth-date``, ``groups`` →
    ``--group``, so that a Chinese message names what was typed."""
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None) if parser else None
    p = sub.choices.get(command) if sub is not None and command else None
    options = {o for a in p._actions for o in a.option_strings} if p is not None else set()

    def option_of(path: FieldPath) -> str | None:
        if len(path) != 1 or not isinstance(path[0], str) or path[0].startswith("-"):
            return None
        name = "--" + path[0].replace("_", "-")
        exact = next((o for o in (name, name.removesuffix("s")) if o in options), None)
        # else the longest option the field's name starts with (average_wage_last_year ← --average-wage)
        return exact or max((o for o in options if o.startswith("--") and name.startswith(o + "-")), key=len,
                            default=None)
    return option_of


def _report(err: YibaoError, parser: argparse.ArgumentParser | None = None, command: str | None = None) -> int:
    """One line on stderr for ``err``, in this run's language; the exit status for it."""
    kind = next((k for k in EXIT if isinstance(err, k)), None)
    prefix = PREFIX[_lang][kind] if kind is not None else "yibao: "
    say(f"{prefix}{one_line(message(err, _lang, option_of=_options_of(parser, command)))}\n")
    return EXIT.get(kind, 2) if kind is not None else 2


def _main(argv: list[str] | None) -> int:
    global _lang
    argv = sys.argv[1:] if argv is None else list(argv)
    _lang = DEFAULT
    try:
        _lang = _language(argv)
    except InputError as e:
        return _report(e)
    parser = build_parser(argv)
    args = parser.parse_args(_dash_values(parser, argv))
    try:
        _empty_options(parser, args)
        result = args.handler(args)
    except YibaoError as e:
        return _report(e, parser, args.command)
    emit(result, getattr(args, "json", False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
