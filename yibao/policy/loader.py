"""Load ``policies/<id>.yaml`` safely, resolve ``extends``, validate into a :class:`Policy`.

A malformed or incomplete file fails here, naming the file (in the folder in use: ``YIBAO_POLICIES``
or ``policies/``), the key path and the reason. Before anything is built from a file:

- it must be a regular file of at most :data:`MAX_FILE_BYTES` (not a folder, a pipe or a device);
- YAML anchors and aliases (``&a``, ``*a``, ``<<: *a``) are refused, and nesting deeper than
  :data:`MAX_DEPTH`: policy files do not need them, and an alias bomb ("billion laughs") would
  otherwise expand in every step after parsing;
- plain scalars are read as YAML 1.2 reads them (core schema: ``true``/``false``, ``null``,
  decimal integers and numbers), and a scalar that YAML 1.1 reads as something else is refused
  rather than guessed: sexagesimal ``1:30`` (1.1: 90), ``0777`` (1.1: octal 511), ``0x1f``,
  ``0b101``, ``1_000``, and ``yes``/``no``/``on``/``off`` (1.1: booleans). Quote them to mean text.

After validation every value is bounded to what the calculators can use (:func:`_bounds`).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import stat
import types
import typing
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError, PolicyDataError
from .model import RULE_ID, Cited, Count, Param, Policy, Rate, Source

#: A policy file larger than this is not one (the largest real file is about 50 kB).
MAX_FILE_BYTES = 2_000_000
#: Deepest nesting of mappings and lists a policy file may have (the real files use 7).
MAX_DEPTH = 40


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: 5× faster
    """Safe YAML, read as YAML 1.2 (core schema), with exact decimals and no silently repeated keys."""

    yaml_implicit_resolvers: dict = {}


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
    _Loader.add_implicit_resolver(_tag, _regexp, _first)


def _decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node)
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():  # "1.2.3", ".inf", ".nan", "!!float abc"
        raise yaml.constructor.ConstructorError(None, None, f"{text[:40]!r} is not a finite decimal number",
                                                node.start_mark)
    return value


def _yaml11_number(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    raise yaml.constructor.ConstructorError(
        None, None, f"{text[:40]!r} is not a plain decimal number: YAML 1.1 and 1.2 read it differently "
        "(1:30 is 90 in YAML 1.1, 0777 is 511, 1_000 is 1000); write the number in plain decimals "
        "(90, 777, 1000), or quote it to mean text", node.start_mark)


def _yaml11_bool(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node)
    raise yaml.constructor.ConstructorError(
        None, None, f"{text!r} is a boolean in YAML 1.1 and text in YAML 1.2: write true or false, or quote it "
        "to mean text", node.start_mark)


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, AttributeError, TypeError):  # 2025-02-30, "!!timestamp x"
        raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a real date",
                                                node.start_mark) from None


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
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


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
_Loader.add_constructor(_AMBIGUOUS, _yaml11_number)
_Loader.add_constructor(_AMBIGUOUS_BOOL, _yaml11_bool)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def policies_dir() -> Path:
    """``YIBAO_POLICIES``, else the ``policies/`` folder beside the package."""
    env = os.environ.get("YIBAO_POLICIES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "policies"


def read_policy_text(path: Path) -> str:
    """The text of a policy file: a regular file, at most :data:`MAX_FILE_BYTES`, UTF-8 (BOM allowed).
    Checked before it is opened, so a pipe or a device named ``*.yaml`` cannot block a command."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PolicyDataError(str(path), "", "file not found") from None
    except OSError as e:
        raise PolicyDataError(str(path), "", f"cannot read the file ({e.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
        raise PolicyDataError(str(path), "", f"is {kind}, not a policy file")
    if info.st_size > MAX_FILE_BYTES:
        raise PolicyDataError(str(path), "", f"is {info.st_size} bytes: larger than a policy file can be "
                              f"(at most {MAX_FILE_BYTES})")
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise PolicyDataError(str(path), "", f"cannot read the file ({e.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise PolicyDataError(str(path), "", f"not UTF-8 text ({e.reason} at byte {e.start})") from None


def _where_mark(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def plain_structure(text: str, path: Path) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before any node is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise PolicyDataError(str(path), _where_mark(event.start_mark),
                                  "YAML anchors and aliases (&name, *name, <<: *name) are not allowed in policy "
                                  "files: write each value out")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise PolicyDataError(str(path), _where_mark(event.start_mark),
                                      f"nested more than {MAX_DEPTH} levels deep: not a policy file")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def read_yaml(path: Path) -> Any:
    """A policy file as plain data (see the module doc for what is refused before it is built)."""
    text = read_policy_text(path)
    try:
        plain_structure(text, path)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise PolicyDataError(str(path), _where_mark(mark), f"not valid YAML: {problem}") from None
    except (ValueError, TypeError, AttributeError, ArithmeticError, RecursionError) as e:
        raise PolicyDataError(str(path), "", f"not valid YAML: {type(e).__name__}: {str(e)[:200]}") from None


def policy_files(folder: Path) -> list[Path]:
    """The regular ``*.yaml`` files of a policy folder, sorted (a folder named ``x.yaml`` is not one)."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def policy_ids(folder: Path | None = None) -> list[str]:
    """The policies of the folder: every ``*.yaml`` but ``sources.yaml`` and the shared parts
    (``_common.yaml``, ``_lhasa.yaml``: names starting with ``_`` are extended, never offered)."""
    folder = folder or policies_dir()
    return [i for i in file_ids(folder) if not i.startswith("_")]


def file_ids(folder: Path | None = None) -> list[str]:
    """Every file id of the folder that ``extends`` may name: the policies and the shared parts."""
    folder = folder or policies_dir()
    return [p.stem for p in policy_files(folder) if p.stem != "sources"]


@lru_cache(maxsize=None)
def load_sources(folder: Path | None = None) -> dict[str, Source]:
    folder = folder or policies_dir()
    path = folder / "sources.yaml"
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), dict):
        raise PolicyDataError(str(path), "sources", "expected a mapping of source ids")
    out = {}
    for sid, body in raw["sources"].items():
        if isinstance(body, dict) and isinstance(body.get("file"), str) and (
                Path(body["file"]).name != body["file"] or body["file"].startswith(".")):
            raise PolicyDataError(str(path), f"sources.{sid}.file", f"{body['file'][:60]!r} is not the name of an "
                                  "article file in the seeds folder (no folders, no '..')")
        if isinstance(body, dict) and "reform" in body:
            raise PolicyDataError(str(path), f"sources.{sid}.reform", "is set by a what-if reform "
                                  "(yibao.policy.reform), never in sources.yaml")
        for loc, reason in _typed(Source, body, ("sources", sid)):
            raise PolicyDataError(str(path), _dotted(loc), reason)
        day = body.get("date") if isinstance(body, dict) else None
        if isinstance(day, dt.date) and not MIN_POLICY_DATE <= day <= MAX_POLICY_DATE:
            raise PolicyDataError(str(path), f"sources.{sid}.date", f"{day} is outside {MIN_POLICY_DATE} to "
                                  f"{MAX_POLICY_DATE}")
        try:
            out[sid] = Source.model_validate({**body, "id": sid})
        except ValidationError as e:
            err = e.errors()[0]
            raise PolicyDataError(str(path), ".".join(["sources", sid, *map(str, err["loc"])]), err["msg"]) from None
        except TypeError:
            raise PolicyDataError(str(path), f"sources.{sid}", "expected a mapping") from None
    return out


def _is_cited(node: Any) -> bool:
    return isinstance(node, dict) and "source" in node and "quote" in node


def _stamp_in_force(node: Any, default: Any) -> None:
    """Values without their own ``in_force`` take their file's: stamped before merging so they keep it."""
    if isinstance(node, dict):
        if _is_cited(node) and "in_force" not in node:
            node["in_force"] = copy.deepcopy(default)
        for v in node.values():
            _stamp_in_force(v, default)
    elif isinstance(node, list):
        for v in node:
            _stamp_in_force(v, default)


def _merge(base: Any, over: Any) -> Any:
    """Child over parent: mappings merge key by key (unless the child's says ``_replace: true``),
    lists of ``id``-ed items merge by id (the child's own items first), anything else is replaced."""
    if isinstance(over, dict) and over.get("_replace") is True:
        # The child states the whole mapping (e.g. its own set of tiers): nothing of the parent's stays.
        return {k: copy.deepcopy(v) for k, v in over.items() if k != "_replace"}
    if isinstance(base, dict) and isinstance(over, dict):
        if _is_cited(over):
            return copy.deepcopy(over)
        out = copy.deepcopy(base)
        for k, v in over.items():
            out[k] = _merge(base[k], v) if k in base else copy.deepcopy(v)
        return out
    if (isinstance(base, list) and isinstance(over, list)
            and all(isinstance(i, dict) and isinstance(i.get("id"), (str, int)) for i in base + over)):
        by_id = {i["id"]: i for i in base}
        own = [_merge(by_id[i["id"]], i) if i["id"] in by_id else copy.deepcopy(i) for i in over]
        own_ids = {i["id"] for i in over}
        return own + [copy.deepcopy(i) for i in base if i["id"] not in own_ids]
    return copy.deepcopy(over)


def _raw(policy_id: str, folder: Path, chain: tuple[str, ...], ids: list[str]) -> tuple[dict, dict[str, Path]]:
    """The merged raw mapping of a policy and, for each file in its chain, its path. ``ids`` are the
    policies of the folder: the only names ``extends`` may give."""
    path = folder / f"{policy_id}.yaml"
    if policy_id in chain:
        raise PolicyDataError(str(path), "extends", f"circular: {' → '.join(chain + (policy_id,))}")
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise PolicyDataError(str(path), "", "expected a mapping at the top")
    for key in ("id", "in_force"):
        if key not in raw:
            raise PolicyDataError(str(path), key, "required key missing")
    if raw["id"] != policy_id:
        raise PolicyDataError(str(path), "id", f"is {raw['id']!r} but the file is named {policy_id!r}")
    if not isinstance(raw.get("assumptions") or {}, dict):
        raise PolicyDataError(str(path), "assumptions", "expected a mapping of assumption ids")
    _stamp_in_force(raw, raw["in_force"])
    for aid, body in (raw.get("assumptions") or {}).items():
        if isinstance(body, dict):
            body["id"] = aid
    parents = raw.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    if not isinstance(parents, list) or not all(isinstance(x, str) and x for x in parents):
        raise PolicyDataError(str(path), "extends", "expected a policy id or a list of policy ids")
    merged: dict = {}
    files = {policy_id: path}
    for parent in parents:
        if parent not in ids:  # checked like --policy: no paths, only the ids of this folder
            raise PolicyDataError(str(path), "extends", f"unknown parent policy {parent[:60]!r} (allowed: the ids "
                                  f"of this folder: {', '.join(ids)})")
        p_raw, p_files = _raw(parent, folder, chain + (policy_id,), ids)
        merged = _merge(merged, p_raw)
        files.update(p_files)
    own = {k: v for k, v in raw.items() if k not in ("id", "title", "jurisdiction", "year", "extends", "in_force")}
    merged = _merge(merged, own)
    for k in ("id", "title", "jurisdiction", "year", "in_force"):
        if k in raw:
            merged[k] = raw[k]
    merged["extends"] = list(parents)
    return merged, files


def _where(loc: tuple, files: dict[str, Path], folder: Path) -> str:
    """Which file in the chain defines this key path (the nearest one); for a missing key, the
    nearest file that defines its parent."""
    for depth in range(len(loc), 0, -1):
        found = _defines(loc[:depth], files)
        if found:
            return found
    return str(next(iter(files.values())))


def _dotted(loc: tuple) -> str:
    key = ".".join(f"[{p[3:]}]" if isinstance(p, str) and p.startswith("id=") else str(p) for p in loc)
    return key.replace(".[", "[")


def _named(merged: Any, loc: tuple) -> tuple:
    """The key path with list positions replaced by item ids where the items have one: positions in
    the merged list are not positions in any one file."""
    out: list = []
    node = merged
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            out.append(f"id={node['id']}" if isinstance(node, dict) and "id" in node else part)
        elif isinstance(node, dict) and part in node:
            node = node[part]
            out.append(part)
        else:
            out.append(part)
            node = None
    return tuple(out)


def _defines(loc: tuple, files: dict[str, Path]) -> str | None:
    for pid, path in files.items():
        node: Any = read_yaml(path)
        ok = True
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, str) and part.startswith("id="):
                match = [i for i in node if isinstance(i, dict) and str(i.get("id")) == part[3:]]
                if not match:
                    ok = False
                    break
                node = match[0]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                ok = False
                break
        if ok:
            return str(path)
    return None


def _fill_paths(node: Any, path: str) -> None:
    if isinstance(node, Cited):
        object.__setattr__(node, "path", path)
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name in ("sources", "in_force"):
                continue
            _fill_paths(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, dict):
        for k, v in node.items():
            _fill_paths(v, f"{path}.{k}")
    elif isinstance(node, (list, tuple)):
        for i, v in enumerate(node):
            key = getattr(v, "id", None) or i
            _fill_paths(v, f"{path}[{key}]")


def _check_references(policy: Policy, files: dict[str, Path]) -> None:
    """Every source and assumption a value names must exist."""

    def fail(loc: tuple, reason: str) -> None:
        raise PolicyDataError(_where(loc, files, Path()), _dotted(loc), reason)

    def walk(node: Any, loc: tuple) -> None:
        if isinstance(node, BaseModel) and "source" in type(node).model_fields:
            src = getattr(node, "source", None)
            if src is not None and src not in policy.sources:
                fail(loc, f"source {src!r} is not in sources.yaml of this folder")
            for a in getattr(node, "assumptions", ()) or ():
                if a not in policy.assumptions:
                    fail(loc, f"assumption {a!r} is not defined under 'assumptions'")
        if isinstance(node, BaseModel):
            for name in type(node).model_fields:
                if name not in ("sources", "assumptions") or not isinstance(node, Policy):
                    walk(getattr(node, name), loc + (name,))
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, loc + (k,))
        elif isinstance(node, (list, tuple)):
            for i, v in enumerate(node):
                walk(v, loc + ((f"id={v.id}" if getattr(v, "id", None) else i),))

    walk(policy, ())
    for aid, a in policy.assumptions.items():
        if a.source is not None and a.source not in policy.sources:
            fail(("assumptions", aid, "source"), f"source {a.source!r} is not in sources.yaml of this folder")


# ---------------------------------------------------------------- bounds: what the calculators can use

#: Money the calculators compute with (caps, deductibles, standards, thresholds), yuan. Running
#: totals are int64 fen times basis points: 10⁸ yuan keeps every product far inside 2⁶³.
MAX_POLICY_MONEY = Decimal(100_000_000)
#: Figures only shown (``facts``: T2's 2.013 billion yuan fiscal subsidy ...).
MAX_FACT = Decimal(10) ** 15
#: Days a policy may state (in force, windows, benefit years): dates the calculators can add
#: months and years to.
MIN_POLICY_DATE, MAX_POLICY_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
#: The largest count of each unit (a waiting period of 1200 months is already 100 years).
MAX_COUNT = {"days": 3660, "months": 1200, "years": 2199, "count": 10_000, "age": 150}  # years: also a year (2025)
#: The units a fact (a figure only shown) may have.
FACT_UNITS = ("yuan", "rate", "days", "months", "years", "count", "age", "date")
#: Whole numbers of the structured rules (not :class:`Count`): their own bounds.
INT_BOUNDS = {"year": (1900, 2199), "days": (1, 3660), "employee_insurance_ended_within_months": (0, 1200),
              "payable_days": (1, 31), "min_level": (1, 3), "max_level": (1, 3)}


def _decimals(value: Decimal) -> int:
    exp = value.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _bounds(policy: Policy) -> Iterator[tuple[tuple, str]]:
    """(key path, reason) for every value outside what the calculators can use: money 0 to
    :data:`MAX_POLICY_MONEY` yuan to the fen, rates to four decimals (basis points), counts and
    whole numbers within their bounds, dates from 1900 to 2199, segments in increasing order."""

    def number(node: Any, name: str, v: Any, loc: tuple, fact: bool) -> Iterator[tuple[tuple, str]]:
        if isinstance(v, bool):
            return
        if fact and name == "value" and type(node) is Param:  # a fact: the unit says what the number is
            yield from fact_value(node, loc)
            return
        if isinstance(v, dt.date):
            if not MIN_POLICY_DATE <= v <= MAX_POLICY_DATE:
                yield loc, f"{v} is outside the dates a policy can state ({MIN_POLICY_DATE} to {MAX_POLICY_DATE})"
        elif isinstance(v, Decimal):
            if fact and not isinstance(node, Rate):
                if abs(v) > MAX_FACT:
                    yield loc, f"{v} is too large (at most {MAX_FACT})"
            elif isinstance(node, Rate) or name == "rate":
                if _decimals(v) > 4:
                    yield loc, f"rate {v} has more than four decimals: rates are whole basis points (0.0001)"
            elif not 0 <= v <= MAX_POLICY_MONEY:
                yield loc, f"{v} is outside 0 to {MAX_POLICY_MONEY} yuan, what the calculators can use"
            elif _decimals(v) > 2:
                yield loc, f"amount {v} has more than two decimals (yuan to the fen)"
        elif isinstance(v, int):
            if fact:
                low, high = -10 ** 15, 10 ** 15
            elif isinstance(node, Count) and name == "value":
                low, high = 0, MAX_COUNT.get(node.unit, 10_000)
            else:
                low, high = INT_BOUNDS.get(name, (-10 ** 6, 10 ** 6))
            if not low <= v <= high:
                yield loc, f"{v} is out of range ({low} to {high})"

    def fact_value(node: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
        v, unit = node.value, node.unit
        if unit not in FACT_UNITS:
            yield loc[:-1] + ("unit",), f"{unit[:40]!r} is not a unit (allowed: {', '.join(FACT_UNITS)})"
        elif unit == "date":
            if not isinstance(v, dt.date):
                yield loc, f"{v} is not a date"
            elif not MIN_POLICY_DATE <= v <= MAX_POLICY_DATE:
                yield loc, f"{v} is outside the dates a policy can state ({MIN_POLICY_DATE} to {MAX_POLICY_DATE})"
        elif isinstance(v, dt.date):
            yield loc, f"{v} is a date, not a number of {unit}"
        elif not 0 <= v <= (1 if unit == "rate" else MAX_FACT):
            yield loc, f"{v} is out of range for {unit} (0 to {1 if unit == 'rate' else MAX_FACT})"
        elif _decimals(Decimal(v)) > {"yuan": 2, "rate": 4}.get(unit, 0):
            yield loc, f"{v} has too many decimals for {unit}"

    def walk(node: Any, loc: tuple, fact: bool) -> Iterator[tuple[tuple, str]]:
        if isinstance(node, BaseModel):
            for name, info in type(node).model_fields.items():
                if name in ("path", "sources"):
                    continue
                v = getattr(node, name)
                sub = loc + (info.alias or name,)  # "from", as the file says, not "start"
                if name == "rules" and isinstance(v, tuple):  # assumptions' too, not only cited values'
                    for r in v:
                        if not RULE_ID.match(str(r)):
                            yield sub, f"{str(r)[:40]!r} is not a rule ID like L3, T17 or X4"
                elif isinstance(v, tuple) and v and all(isinstance(x, int) and not isinstance(x, bool) for x in v):
                    for x in v:  # payable_days (1, 25)
                        yield from number(node, name, x, sub, fact)
                    if list(v) != sorted(v):
                        yield sub, f"{list(v)} is not in increasing order"
                else:
                    yield from number(node, name, v, sub, fact)
                yield from walk(v, sub, fact or (isinstance(node, Policy) and name == "facts"))
            if hasattr(node, "min_level") and hasattr(node, "max_level") and node.min_level > node.max_level:
                yield loc + ("min_level",), f"min_level {node.min_level} is above max_level {node.max_level}"
            segs = getattr(node, "segments", None)
            if isinstance(segs, list) and segs and all(hasattr(x, "up_to") for x in segs):
                bounds = [x.up_to for x in segs]
                if any(b is None for b in bounds[:-1]) or any(
                        a >= b for a, b in zip(bounds, bounds[1:]) if a is not None and b is not None):
                    yield loc + ("segments",), ("segments must rise: each up_to above the one before, only the "
                                                "last may be empty (no limit)")
        elif isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, loc + (k,), fact)
        elif isinstance(node, (list, tuple)):
            for i, v in enumerate(node):
                yield from walk(v, loc + ((f"id={v.id}" if isinstance(getattr(v, "id", None), str) and v.id else i),),
                                fact)

    yield from walk(policy, (), False)


@lru_cache(maxsize=None)
def _plan(annotation: Any) -> tuple[str, Any]:
    """How :func:`_typed` reads a value of this annotation: ("model", cls), ("union", model or None,
    kinds), ("list", item), ("dict", value) or ("scalar", kinds) — worked out once per annotation."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        model = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        return "union", (model, _scalar_kinds(args))
    if origin in (list, tuple):
        return "list", args[0] if args else Any
    if origin is dict:
        return "dict", args[1] if len(args) > 1 else Any
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", tuple((info.alias or name, info.annotation) for name, info in annotation.model_fields.items())
    return "scalar", _scalar_kinds((annotation,))


def _scalar_kinds(args: tuple) -> frozenset:
    out: set = set()
    for a in args:
        if typing.get_origin(a) is typing.Literal:
            out.update(type(x) for x in typing.get_args(a))
        elif isinstance(a, type):
            out.add(a)
    return frozenset(out)


_WORDS = {int: "a whole number", Decimal: "a number", float: "a number", str: "text", dt.date: "a date"}


def _typed(model: Any, raw: Any, loc: tuple) -> Iterator[tuple[tuple, str]]:
    """What pydantic would read silently as another type: a number where only a date belongs (0 would be
    1970-01-01), true/false where a number belongs (true would be 1), binary data (``!!binary``)."""
    if isinstance(raw, bytes):
        yield loc, "binary data (!!binary) is not a policy value"
        return
    how, what = _plan(model)
    if how == "union":
        if what[0] is not None and isinstance(raw, dict):
            yield from _typed(what[0], raw, loc)
            return
        kinds = what[1]
    elif how == "list":
        if isinstance(raw, list):
            for i, v in enumerate(raw):
                key = f"id={v['id']}" if isinstance(v, dict) and isinstance(v.get("id"), str) else i
                yield from _typed(what, v, loc + (key,))
        return
    elif how == "dict":
        if isinstance(raw, dict):
            for k, v in raw.items():
                yield from _typed(what, v, loc + (k,))
        return
    elif how == "model":
        if isinstance(raw, dict):
            for key, annotation in what:
                if key in raw:
                    yield from _typed(annotation, raw[key], loc + (key,))
        return
    else:
        kinds = what
    if not kinds or object in kinds or isinstance(raw, (str, dict, list)) or raw is None:
        return
    if isinstance(raw, bool):
        if bool not in kinds:
            wanted = sorted({_WORDS.get(k, k.__name__) for k in kinds if k is not type(None)})
            yield loc, f"{str(raw).lower()} is true/false, not {' or '.join(wanted)}"
    elif isinstance(raw, (int, float, Decimal)) and dt.date in kinds and not kinds & {int, float, Decimal}:
        yield loc, f"{raw} is a number, not a date (write the date as YYYY-MM-DD)"


_FILES: dict[int, tuple[Policy, str]] = {}


def policy_file(policy: Policy) -> str:
    """The file a loaded policy was read from, in the folder in use (for errors found later)."""
    hit = _FILES.get(id(policy))
    return hit[1] if hit is not None and hit[0] is policy else f"{policy.id}.yaml"


@lru_cache(maxsize=None)
def _load(policy_id: str, folder: Path) -> Policy:
    try:
        merged, files = _raw(policy_id, folder, (), file_ids(folder))
    except (TypeError, AttributeError, KeyError, ValueError, ArithmeticError, RecursionError) as e:
        if isinstance(e, InputError):
            raise
        # A shape the merge does not expect (a list where a mapping belongs ...): still file and reason.
        raise PolicyDataError(str(folder / f"{policy_id}.yaml"), "",
                              f"malformed policy data ({type(e).__name__}: {str(e)[:200]})") from None
    merged["sources"] = {k: v.model_dump(exclude_none=True) for k, v in load_sources(folder).items()}
    for loc, reason in _typed(Policy, merged, ()):
        raise PolicyDataError(_where(loc, files, folder), _dotted(loc), reason)
    try:
        policy = Policy.model_validate(merged)
    except ValidationError as e:
        err = e.errors()[0]
        loc = _named(merged, tuple(err["loc"]))
        key = _dotted(loc)
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise PolicyDataError(_where(loc, files, folder), key, err["msg"] + more) from None
    _fill_paths(policy, "")
    _check_references(policy, files)
    for loc, reason in _bounds(policy):
        raise PolicyDataError(_where(loc, files, folder), _dotted(loc), reason)
    _FILES[id(policy)] = (policy, str(folder / f"{policy_id}.yaml"))
    return policy


def is_folder(path: Path) -> bool:
    """``path.is_dir()``, false (not an error) for a name too long or with a NUL in it."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _folder(folder: Path | None) -> Path:
    folder = folder or policies_dir()
    if not is_folder(folder):
        field = "YIBAO_POLICIES" if os.environ.get("YIBAO_POLICIES") and folder == policies_dir() else "policies"
        raise InputError(field, f"{str(folder)[:200]!r} is not a folder", "a folder of policy YAML files")
    return folder.resolve()


def load_policy(policy_id: str, folder: Path | None = None) -> Policy:
    """The validated policy ``policy_id`` (e.g. ``"lhasa-2025"``), with its parents merged in.

    ``policy_id`` must be the name of a policy file of the folder (``sources`` and paths are not)."""
    folder = _folder(folder)
    ids = policy_ids(folder)
    if not isinstance(policy_id, str) or not policy_id:
        raise InputError("policy", f"{policy_id!r} is not a policy id", ", ".join(ids))
    policy_id = unicodedata.normalize("NFKC", policy_id).strip()  # typed full-width: read as everywhere
    if policy_id not in ids:
        shown = repr(policy_id) if len(policy_id) <= 60 else repr(policy_id[:59]) + "…"
        raise InputError("policy", f"unknown policy {shown}", ", ".join(ids))
    return _load(policy_id, folder)


def as_policy(policy: "str | Policy") -> Policy:
    """A loaded policy from an id, or the policy itself."""
    return policy if isinstance(policy, Policy) else load_policy(policy)
