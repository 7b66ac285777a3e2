"""Policy files read safely as plain data: a regular, bounded UTF-8 file of YAML 1.2 without anchors.

A malformed file fails here, naming the file, where in it (line, column) and the reason. Before
anything is built from a file:

- it must be a regular file of at most :data:`MAX_FILE_BYTES` (not a folder, a pipe or a device);
- YAML anchors and aliases (``&a``, ``*a``, ``<<: *a``) are refused, and nesting deeper than
  :data:`MAX_DEPTH`: policy files do not need them, and an alias bomb ("billion laughs") would
  otherwise expand in every step after parsing;
- plain scalars are read as YAML 1.2 reads them (core schema: ``true``/``false``, ``null``,
  decimal integers and numbers), and a scalar that YAML 1.1 reads as something else is refused
  rather than guessed: sexagesimal ``1:30`` (1.1: 90), ``0777`` (1.1: octal 511), ``0x1f``,
  ``0b101``, ``1_000``, and ``yes``/``no``/``on``/``off`` (1.1: booleans). Quote them to mean text.
"""

from __future__ import annotations

import re
import stat
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import PolicyDataError

#: A policy file larger than this is not one (the largest real file is about 50 kB).
MAX_FILE_BYTES = 2_000_000
#: Deepest nesting of mappings and lists a policy file may have (the real files use 7).
MAX_DEPTH = 40


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # libyaml when present: 5× faster
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PolicyYamlLoader(_SafeLoader):
    """Safe YAML, read as YAML 1.2 (core schema), with exact decimals and no silently repeated keys."""

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 - PyYAML's class attribute: no YAML 1.1 resolver inherited


_AMBIGUOUS = "tag:yibao,2025:yaml11-number"
_AMBIGUOUS_BOOL = "tag:yibao,2025:yaml11-bool"


def _yaml11(tag: str) -> re.Pattern:
    """PyYAML's own YAML 1.1 pattern for ``tag`` (int, float, timestamp)."""
    return next(r for rs in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for t, r in rs
                if t == f"tag:yaml.org,2002:{tag}")


_DIGITS = list("-+.0123456789")
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    ("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), _DIGITS),
    ("tag:yaml.org,2002:float",
     re.compile(r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), _DIGITS),
    ("tag:yaml.org,2002:float", re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"), _DIGITS),
    ("tag:yaml.org,2002:timestamp", _yaml11("timestamp"), list("0123456789")),
    # What YAML 1.1 reads as a number but the YAML 1.2 patterns above do not: refused (module doc).
    (_AMBIGUOUS, _yaml11("int"), _DIGITS),
    (_AMBIGUOUS, _yaml11("float"), _DIGITS),
    (_AMBIGUOUS_BOOL, re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"), list("yYnNoO")),
):
    PolicyYamlLoader.add_implicit_resolver(_tag, _regexp, _first)


def _decimal(loader: PolicyYamlLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node)
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():  # "1.2.3", ".inf", ".nan", "!!float abc"
        raise yaml.constructor.ConstructorError(None, None, f"{text[:40]!r} is not a finite decimal number",
                                                node.start_mark)
    return value


def _yaml11_number(loader: PolicyYamlLoader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    raise yaml.constructor.ConstructorError(
        None, None, f"{text[:40]!r} is not a plain decimal number: YAML 1.1 and 1.2 read it differently "
        "(1:30 is 90 in YAML 1.1, 0777 is 511, 1_000 is 1000); write the number in plain decimals "
        "(90, 777, 1000), or quote it to mean text", node.start_mark)


def _yaml11_bool(loader: PolicyYamlLoader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    raise yaml.constructor.ConstructorError(
        None, None, f"{text!r} is a boolean in YAML 1.1 and text in YAML 1.2: write true or false, or quote it "
        "to mean text", node.start_mark)


def _timestamp(loader: PolicyYamlLoader, node: yaml.ScalarNode):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, AttributeError, TypeError):  # 2025-02-30, "!!timestamp x"
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a real date",
                                                node.start_mark) from None


def _mapping(loader: PolicyYamlLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value, not a list or mapping",
                                                    key_node.start_mark) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


PolicyYamlLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
PolicyYamlLoader.add_constructor(_AMBIGUOUS, _yaml11_number)
PolicyYamlLoader.add_constructor(_AMBIGUOUS_BOOL, _yaml11_bool)
PolicyYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
PolicyYamlLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_policy_text(path: Path) -> str:
    """The text of a policy file: a regular file, at most :data:`MAX_FILE_BYTES`, UTF-8 (BOM allowed).
    Checked before it is opened, so a pipe or a device named ``*.yaml`` cannot block a command."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PolicyDataError(str(path), "", "file not found", kind="file.not_found") from None
    except OSError as e:
        raise PolicyDataError(str(path), "", f"cannot read the file ({e.strerror})", kind="file.unreadable") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
        raise PolicyDataError(str(path), "", f"is {kind}, not a policy file", kind="file.not_a_file")
    if info.st_size > MAX_FILE_BYTES:
        raise PolicyDataError(str(path), "", f"is {info.st_size} bytes: larger than a policy file can be "
                              f"(at most {MAX_FILE_BYTES})", kind="file.too_large",
                              params={"size": info.st_size, "maximum": MAX_FILE_BYTES})
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise PolicyDataError(str(path), "", f"cannot read the file ({e.strerror})", kind="file.unreadable") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PolicyDataError(str(path), "", f"not UTF-8 text ({e.reason} at byte {e.start})", kind="file.not_utf8",
                              params={"byte": e.start}) from None


def _where_mark(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def plain_structure(text: str, path: Path) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before any node is built."""
    depth = 0
    for event in yaml.parse(text, Loader=PolicyYamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise PolicyDataError(str(path), _where_mark(event.start_mark),
                                  "YAML anchors and aliases (&name, *name, <<: *name) are not allowed in policy "
                                  "files: write each value out", kind="yaml.alias")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise PolicyDataError(str(path), _where_mark(event.start_mark),
                                      f"nested more than {MAX_DEPTH} levels deep: not a policy file",
                                      kind="yaml.too_deep", params={"maximum": MAX_DEPTH})
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def read_yaml(path: Path) -> Any:
    """A policy file as plain data (see the module doc for what is refused before it is built)."""
    text = read_policy_text(path)
    try:
        plain_structure(text, path)
        return yaml.load(text, Loader=PolicyYamlLoader)  # PolicyYamlLoader is a SafeLoader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise PolicyDataError(str(path), _where_mark(mark), f"not valid YAML: {problem}", kind="yaml.invalid") from None
    except (ValueError, TypeError, AttributeError, ArithmeticError, RecursionError) as e:
        raise PolicyDataError(str(path), "", f"not valid YAML: {type(e).__name__}: {str(e)[:200]}",
                              kind="yaml.invalid") from None
