"""Every error message a person reads, from one catalogue keyed by the error's kind.

``message(err)`` renders an error (:class:`~yibao.errors.InputError`, :class:`~yibao.errors.NotCovered`,
:class:`~yibao.errors.PolicyDataError`) in Chinese by default, naming the field by its Chinese label
and what is allowed: ``费用:“-3” 是负数;请填写不小于 0 的金额(元),例如 380 或 971.19``.
``message(err, "en")`` (or ``YIBAO_LANG=en``) gives the English text, which is ``str(err)``.

The Chinese sentences are data in :mod:`yibao.messages.zh` (``TEMPLATES``, ``PHRASES``, ``LABELS``). An
error raised without a kind of the catalogue, or carrying pydantic's or a file reader's English text,
is given its kind by :func:`yibao.errors.classify` and said by its phrase; no English text is passed
through: a text of no known kind gets the field's label and a pointer to ``--lang en``
(docs/bad-input.md, "Messages and languages").
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ..errors import FieldPath, InputError, NotCovered, PolicyDataError, YibaoError, classify
from ..inputs import fold
from . import en, zh

#: The languages messages are given in; the first is the default.
LANGUAGES = ("zh", "en")
DEFAULT = LANGUAGES[0]
#: The environment variable that chooses the language (``YIBAO_LANG=en``).
ENV = "YIBAO_LANG"
#: Longest list of choices a Chinese message spells out.
MAX_CHOICES = 12

_ALIASES = {"zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "中文": "zh", "cn": "zh",
            "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "english": "en", "英文": "en"}
_QUOTED = re.compile(r"(['\"])(.*)\1", re.DOTALL)
_CUT = re.compile(r"(['\"])(.*)… \((\d+) characters\)", re.DOTALL)
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MARK = re.compile(r"line ([0-9]+), column ([0-9]+)")
_DATE_PARAMS = {"low", "high", "other", "birth_date", "on", "first", "last"}
_FILE_ROW = re.compile(r"(?P<file>.+) row (?P<row>[0-9]+), column (?P<column>.+)")
_HISTORY_YEAR = re.compile(r"history year (?P<year>[0-9]+), (?P<column>\w+)")
_FILE = re.compile(r"(?P<file>[^ ]+\.(?:csv|json|txt|yaml|yml|tsv))(?:(?P<row> row [0-9]+)|, column (?P<column>\w+))?")
_REFORM_FILE = re.compile(r"--reform (?P<file>\S+)(?: (?P<where>.+))?")
_REPR = re.compile(r"Decimal\('(.*)'\)")
_LIST = re.compile(r"[\w\u4e00-\u9fff().'-]+(?:(?:, | or )[\w\u4e00-\u9fff().'-]+)+")


def parse_language(text: Any, field: str = "--lang") -> str:
    """A language as a person names it (``zh``, ``en``, ``zh-CN``, ``中文`` ...) → ``"zh"`` or ``"en"``;
    anything else is refused, naming ``field``."""
    key = fold(text).strip().lower() if isinstance(text, str) else None
    if key in _ALIASES:
        return _ALIASES[key]
    from ..inputs import show

    raise InputError(field, f"{show(text)} is not a language yibao speaks", ", ".join(LANGUAGES),
                     kind="choice.unknown", params={"value": show(text), "choices": LANGUAGES})


def language(lang: str | None = None) -> str:
    """The language to speak: ``lang`` if given, else ``YIBAO_LANG``, else Chinese. A ``YIBAO_LANG``
    that names no language is read as the default here (the command line refuses it)."""
    if lang is not None:
        return parse_language(lang)
    env = os.environ.get(ENV, "").strip()
    if not env:
        return DEFAULT
    try:
        return parse_language(env, ENV)
    except InputError:
        return DEFAULT


def message(err: BaseException, lang: str | None = None, *,
            option_of: Callable[[FieldPath], str | None] | None = None) -> str:
    """The one-line message for ``err`` in ``lang`` (default: :func:`language`). ``option_of``: the
    command-line option that gave a field (``birth_date`` → ``--birth-date``), named after its label."""
    if language(lang) == "en":
        return printable(en.render(err))
    return printable(_one_line(_zh(err, option_of)))


def printable(text: str) -> str:
    """``text`` with every control or format character escaped (``\\x1b``, ``\\x00``, ``\\u202e``): a
    value a person typed or a file held is shown, never obeyed by the terminal or the page."""
    return "".join(_escape(c) if unicodedata.category(c) in _CONTROL else c for c in text)


_CONTROL = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def _escape(c: str) -> str:
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def argparse_message(text: str, prog: str, lang: str | None = None) -> str:
    """A complaint of the command line's parser (argparse's English) in ``lang``, with where to look."""
    text = printable(_one_line(text))
    if language(lang) == "en":
        return f"{text} (see: {prog} --help)"
    for pattern, template in zh.ARGPARSE:
        m = re.fullmatch(pattern, text)
        if m:
            text = template.format(**{k: _argparse_part(k, v) for k, v in m.groupdict().items()})
            break
    return text + zh.SEE_HELP.format(prog=prog)


def _argparse_part(key: str, text: str) -> str:
    if key == "value":
        return _value(text)
    if key == "choices":
        return zh.LIST_SEPARATOR.join(_QUOTED.sub(r"\2", c.strip()) for c in text.split(","))
    if key in ("name", "other"):
        return label(text)
    return text


def covered_kinds() -> frozenset[str]:
    """The error kinds the Chinese catalogue has a sentence for."""
    return frozenset(zh.TEMPLATES)


# ---------------------------------------------------------------- labels


def label(field: Any) -> str:
    """A field's Chinese label: ``cost`` → 费用, ``claims[3].cost`` → 第4笔费用的金额, ``--birth-date``
    → ``--birth-date(出生日期)``; a name the catalogue does not know is shown as it is."""
    path = FieldPath.of(field)
    named = _reader_label(str(path))
    if named is not None:
        return named
    if len(path) == 1 and isinstance(path[0], str) and (path[0].startswith("--") or path[0].isupper()):
        # an option or an environment variable: named as typed, with its label
        name = zh.LABELS.get(path[0].lstrip("-").replace("-", "_"))
        return f"{path[0]}({name})" if name else path[0]
    if path.root not in zh.LABELS and path.root not in zh.ITEMS:  # a file name, a column of a file ...
        return str(path)
    words: list[str] = []
    sub: Mapping[str, str] = {}
    parts = list(path)
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, str) and isinstance(nxt, int) and part in zh.ITEMS:
            item, sub = zh.ITEMS[part]
            words.append(item.format(n=nxt + 1))
            i += 2
            continue
        if isinstance(part, int):
            words.append(zh.POSITION.format(n=part + 1))
        else:
            words.append(sub.get(part) or zh.LABELS.get(part) or part or zh.EMPTY)
            sub = {}
        i += 1
    return zh.OF.join(words)


def _reader_label(text: str) -> str | None:
    """A field the file readers name as text (``claims.csv row 3, column cost``, ``history year 2025,
    enrolled``, ``--reform r.yaml overrides[0].value``) in Chinese, or None."""
    m = _FILE_ROW.fullmatch(text)
    if m:
        return zh.FILE_ROW.format(file=m["file"], row=m["row"], column=_column(m["column"]))
    m = _HISTORY_YEAR.fullmatch(text)
    if m:
        return zh.HISTORY_YEAR.format(year=m["year"], column=_column(m["column"]))
    m = _FILE.fullmatch(text)
    if m:
        where = zh.FILE_ROW_ONLY.format(row=m["row"].split()[-1]) if m["row"] else \
            zh.FILE_COLUMN.format(column=_column(m["column"])) if m["column"] else ""
        return m["file"] + where
    m = _REFORM_FILE.fullmatch(text)
    if m and m["where"]:
        return zh.REFORM_FILE.format(file=m["file"], where=m["where"])
    return None


def _column(code: str) -> str:
    name = zh.LABELS.get(code)
    return f"{name}({code} 列)" if name else f" {code} 列"


# ---------------------------------------------------------------- Chinese rendering


def _field(err: InputError | NotCovered, option_of: Callable[[FieldPath], str | None] | None = None) -> str:
    """The label of the field ``err`` names; with the line (and column) of a text box it points at,
    and the option that gave it."""
    field = label(err.path)
    option = option_of(err.path) if option_of is not None else None
    if option and option not in field:
        field = zh.OPTION.format(field=field, option=option)
    line = err.params.get("line")
    if line is not None:
        field = zh.LINE.format(field=field, line=line)
        if err.params.get("column"):
            field = zh.COLUMN.format(field=field, column=label(err.params["column"]))
    return field


def beside(err: BaseException, lang: str | None = None) -> str:
    """:func:`message` without the field's label in front: what a form shows next to the field (the
    line of a text box is kept: "第2行的年度:…")."""
    text = message(err, lang)
    if isinstance(err, (InputError, NotCovered)):
        head = label(err.path) if language(lang) == "zh" else err.field
        rest = text[len(head):] if text.startswith(head) else ""
        rest = rest[1:] if rest.startswith(":") else rest
        if rest.strip():
            return rest.strip()
    return text


def _zh(err: BaseException, option_of: Callable[[FieldPath], str | None] | None = None) -> str:
    if isinstance(err, PolicyDataError):
        return _zh_policy_data(err)
    if not isinstance(err, (InputError, NotCovered)):
        said = _reader_phrase(str(err)) if isinstance(err, YibaoError) else None
        return zh.FALLBACK_OTHER.format(detail=said or zh.SEE_ENGLISH)
    field = _field(err, option_of)
    template = zh.TEMPLATES.get(err.kind)
    if template is not None:
        try:
            return template.format(field=field, **_shown_params(err))
        except (KeyError, IndexError, ValueError):  # a raise site without the params its template names
            pass
    name = (err.path.name or "").lstrip("-").replace("-", "_")
    phrase = _reader_phrase(err.problem, getattr(err, "allowed", None), name)
    if phrase is not None:
        return zh.PHRASE_INPUT.format(field=field, phrase=phrase)
    allowed = getattr(err, "allowed", None) or ""
    if _chinese(err.problem) and (not allowed or _chinese(allowed)):  # a raise site that speaks Chinese already
        return zh.PHRASE_INPUT.format(field=field, phrase=err.problem + (f";{allowed}" if allowed else ""))
    return zh.UNKNOWN_INPUT.format(field=field)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS = re.compile(r"[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}")


def _chinese(text: str) -> bool:
    """A text in Chinese: Chinese characters and no run of three English words."""
    return bool(_CJK.search(text)) and not _WORDS.search(text)


def _zh_policy_data(err: PolicyDataError) -> str:
    p = dict(err.params)
    p.setdefault("file", err.file)
    mark = _MARK.fullmatch(err.key_path)
    p["where"] = zh.MARK.format(line=mark[1], column=mark[2]) if mark else f" {err.key_path}" if err.key_path else ""
    template = zh.TEMPLATES.get(err.kind)
    if template is not None:
        try:
            return template.format(**{k: _shown(k, v, "") for k, v in p.items()} | {"file": err.file,
                                                                                       "where": p["where"]})
        except (KeyError, IndexError, ValueError):
            pass
    phrase = _reader_phrase(err.reason)
    if phrase is not None:
        return zh.PHRASE_POLICY_DATA.format(file=err.file, where=p["where"], phrase=phrase)
    return zh.UNKNOWN_POLICY_DATA.format(file=err.file, where=p["where"])


class _Blank(dict):
    """A template's params: one the text did not give is left out."""

    def __missing__(self, key: str) -> str:
        return ""


#: Kinds whose choices may come from the English ``allowed`` (a list of codes: "high, low").
_CHOICE_KINDS = {"tier.unknown", "tier.choose", "choice.unknown", "column.unknown", "policy.unknown"}


def _reader_phrase(text: str, allowed: str | None = None, field_name: str = "") -> str | None:
    """What is wrong, in Chinese, for an English text of pydantic, the YAML or file readers or a raise
    site without a kind (:func:`yibao.errors.classify`); None when the text is of no known kind."""
    found = classify(text)
    if found is None:
        return None
    kind, params = found
    if kind in _CHOICE_KINDS and "choices" not in params and allowed and _LIST.fullmatch(allowed):
        params["choices"] = allowed
    for pattern, said in zh.ALLOWED_TEXTS:
        m = re.fullmatch(pattern, allowed or "")
        if m:
            params["allowed_zh"] = said.format(**m.groupdict())
    return phrase(kind, params, field_name)


def phrase(kind: str, params: Mapping[str, Any], field_name: str = "") -> str | None:
    """The Chinese phrase (no field in front) of a kind of :data:`zh.PHRASES` with its params."""
    template = zh.PHRASES.get(kind)
    if template is None:
        return None
    out = _Blank({k: _shown(k, v, field_name) for k, v in params.items() if k not in ("inner", "inner_kind")})
    out["allowed_zh"] = str(params.get("allowed_zh", ""))
    if "inner_kind" in params:
        out["inner"] = phrase(params["inner_kind"], params["inner"]) or zh.PHRASES["yaml.invalid"]
    if isinstance(params.get("choices"), str):
        out["choices"] = _choices([_QUOTED.sub(r"\2", c) for c in re.split(r", | or ", params["choices"])],
                                  field_name)
    unit = str(params.get("unit", ""))
    out["expected"] = zh.TYPES.get(str(params.get("type", "")), "数字" if unit else "正确类型的值")
    out["unit_zh"] = zh.UNITS.get(unit, "")
    out["why_zh"] = zh.OS_REASONS.get(str(params.get("why", "")), "")
    if "claim_kind" in params:
        out["claim_kind"] = _choice(str(params["claim_kind"]), "kind").split("(")[0]
    out["what_zh"] = {"facility": "医疗机构类别", "drug class": "药品类别"}.get(str(params.get("what", "")), "")
    out["places_note"] = f";最多 {params['places']} 位小数" if params.get("places") else ""
    out["count_note"] = f" {params['count']} 次" if params.get("count") else ""
    text = template.format_map(out)
    text = re.sub(r"[;;](?:可选|可用的列):$", "", text)  # no list of choices was given
    return re.sub(r" {2,}", " ", re.sub(r"^ +| +(?=[;;:,(])", "", text)).strip()


def _shown_params(err: InputError | NotCovered) -> dict[str, str]:
    name = err.path.name or ""
    out = {k: _shown(k, v, name) for k, v in err.params.items()}
    if "other_field" in err.params:
        out["other_field"] = label(err.params["other_field"])
    if "anytime" in err.params:
        out["anytime_note"] = zh.ANYTIME.format(anytime=err.params["anytime"]) if err.params["anytime"] else ""
    if err.kind == "key.unknown" and "choices" in err.params:  # keys of a mapping: their labels too
        out["choices"] = zh.LIST_SEPARATOR.join(f"{label(k)}({k})" if k in zh.LABELS else str(k)
                                                for k in err.params["choices"])
    expects = err.params.get("expects")
    if expects in zh.ALLOWED:
        out["allowed"] = zh.ALLOWED[expects].format(**out)
    elif "choices" in out:
        out["allowed"] = zh.ALLOWED["choice"].format(**out)
    else:
        out.setdefault("allowed", "")
    return out


def _shown(key: str, value: Any, field_name: str) -> str:
    """One param as a Chinese sentence shows it."""
    if isinstance(value, dt.date):
        return _day(value)
    if key == "choices":
        return _choices(value, field_name)
    if key in ("group", "other"):
        return _choice(str(value), "groups")
    if key == "section":
        return zh.SECTIONS.get(str(value), str(value))
    if key == "periods":
        return zh.LIST_SEPARATOR.join(f"{_day(a)}至{_day(b)}" for a, b in value)
    if isinstance(value, Decimal):  # an amount as yibao.format writes it: thousands separated
        return format(value, ",f")
    text = str(value)
    if key in _DATE_PARAMS and _ISO.fullmatch(text):
        return _day(dt.date.fromisoformat(text))
    if key in ("value", "expected"):
        return _value(text)
    return text


def _value(text: str) -> str:
    """A typed value as the error shows it (its repr, maybe cut) → in Chinese quotes, not a repr."""
    if text in ("True", "False", "None"):
        return {"True": "true", "False": "false", "None": "(空)"}[text]
    rep = _REPR.fullmatch(text)
    if rep:
        return rep.group(1)
    cut = _CUT.fullmatch(text)
    if cut:
        return f"“{cut.group(2)}…”(共 {cut.group(3)} 个字)"
    quoted = _QUOTED.fullmatch(text)
    if quoted:
        return f"“{quoted.group(2)}”"
    if _ISO.fullmatch(text):
        return _day(dt.date.fromisoformat(text))
    return text


def _day(d: Any) -> str:
    from ..format import day

    return day(d) if isinstance(d, dt.date) else str(d)


def _choices(values: Any, field_name: str) -> str:
    items = [values] if isinstance(values, str) else list(values)
    shown = [_choice(str(v), field_name) for v in items[:MAX_CHOICES]]
    text = zh.LIST_SEPARATOR.join(shown)
    if len(items) > MAX_CHOICES:
        text += zh.AND_MORE.format(n=len(items))
    return text


def _choice(code: str, field_name: str) -> str:
    """A code with its Chinese name where the vocabulary has one: ``high`` → 高档(high)."""
    from ..groups import Group
    from ..groups import zh as group_zh
    from ..vocabulary import ClaimKind, Delivery, Insurance, Relation, Sex, Tier

    vocab: dict[str, Any] = {"tier": Tier, "sex": Sex, "delivery": Delivery, "relation": Relation,
                             "member_insurance": Insurance, "kind": ClaimKind}
    if field_name in ("groups", "group"):
        try:
            return f"{group_zh(Group(code))}({code})"
        except ValueError:
            return code
    term = vocab.get(field_name)
    member = term.lookup(code) if term is not None else None
    return f"{member.zh}({code})" if member is not None else code


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


# ---------------------------------------------------------------- the yibao check report


def check_report(res: Any, lang: str | None = None) -> str:
    """The report of ``yibao check`` (a :class:`yibao.policy.check.CheckResult`): its head, then one
    line per problem naming the file, the line, the key path and what is wrong."""
    if language(lang) == "en":
        head = (f"checked {res.folder}: {len(res.files)} files, {len(res.policies)} policies, "
                f"{res.quotes_checked} quotes found in their articles")
        if res.ok:
            return head + "; no problems."
        return "\n".join([head + f"; {len(res.problems)} problems:"] + [f"- {p}" for p in res.problems])
    head = zh.CHECK_HEAD.format(folder=res.folder, files=len(res.files), policies=len(res.policies),
                                quotes=res.quotes_checked)
    if res.ok:
        return head + zh.CHECK_CLEAN
    return "\n".join([head + zh.CHECK_FOUND.format(n=len(res.problems))]
                     + [problem_line(p.file, p.line, p.key_path, p.reason) for p in res.problems])


def problem_line(file: str, line: int | None, key_path: str, reason: str) -> str:
    """One problem of a policy file in Chinese: ``- a.yaml 第3行:premium.tiers.high:…``."""
    said = _reader_phrase(reason) or zh.UNKNOWN_POLICY_DATA.split(":", 1)[1]
    key = "" if not key_path or _MARK.fullmatch(key_path) else key_path + ":"
    line_note = zh.CHECK_LINE_NO.format(line=line) if line else ""
    return zh.CHECK_LINE.format(file=file, line_note=line_note, key=key or ("" if line else zh.CHECK_TOP + ":"),
                                phrase=said)


def check_summary(count: int, lang: str | None = None) -> str:
    """The one line on stderr after a report with problems."""
    if language(lang) == "en":
        return f"yibao: policy files have problems: {count}"
    return zh.CHECK_SUMMARY.format(n=count)
