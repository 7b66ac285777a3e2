"""Load ``policies/<id>.yaml`` safely, resolve ``extends``, validate into a :class:`Policy`.

A malformed or incomplete file fails here, naming the file, the key path and the reason.
"""

from __future__ import annotations

import copy
import os
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError, PolicyDataError
from .model import Cited, Policy, Source


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: 5× faster
    """Safe YAML with exact decimals and no silently repeated keys."""


def _decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node)
    try:
        value = Decimal(text.replace("_", ""))
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():  # "1.2.3", ".inf", ".nan", "1:30.5"
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a finite decimal number",
                                                node.start_mark)
    return value


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
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def policies_dir() -> Path:
    """``YIBAO_POLICIES``, else the ``policies/`` folder beside the package."""
    env = os.environ.get("YIBAO_POLICIES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "policies"


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyDataError(str(path), "", "file not found") from None
    except UnicodeDecodeError as e:
        raise PolicyDataError(str(path), "", f"not UTF-8 text ({e.reason})") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise PolicyDataError(str(path), where, f"not valid YAML: {problem}") from None
    except (ValueError, TypeError, AttributeError, ArithmeticError, RecursionError) as e:
        raise PolicyDataError(str(path), "", f"not valid YAML: {type(e).__name__}: {e}") from None


def policy_ids(folder: Path | None = None) -> list[str]:
    """The policies of the folder: every ``*.yaml`` but ``sources.yaml`` and the shared parts
    (``_common.yaml``, ``_lhasa.yaml``: names starting with ``_`` are extended, never offered)."""
    folder = folder or policies_dir()
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem != "sources" and not p.stem.startswith("_"))


@lru_cache(maxsize=None)
def load_sources(folder: Path | None = None) -> dict[str, Source]:
    folder = folder or policies_dir()
    path = folder / "sources.yaml"
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), dict):
        raise PolicyDataError(str(path), "sources", "expected a mapping of source ids")
    out = {}
    for sid, body in raw["sources"].items():
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


def _raw(policy_id: str, folder: Path, chain: tuple[str, ...]) -> tuple[dict, dict[str, Path]]:
    """The merged raw mapping of a policy and, for each file in its chain, its path."""
    path = folder / f"{policy_id}.yaml"
    if not path.exists():
        raise InputError("policy", f"unknown policy {policy_id!r}", ", ".join(policy_ids(folder)))
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
        try:
            p_raw, p_files = _raw(parent, folder, chain + (policy_id,))
        except InputError:
            raise PolicyDataError(str(path), "extends", f"unknown parent policy {parent!r}") from None
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
                fail(loc, f"source {src!r} is not in policies/sources.yaml")
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
            fail(("assumptions", aid, "source"), f"source {a.source!r} is not in policies/sources.yaml")


@lru_cache(maxsize=None)
def _load(policy_id: str, folder: Path) -> Policy:
    try:
        merged, files = _raw(policy_id, folder, ())
    except (TypeError, AttributeError, KeyError, ValueError, ArithmeticError) as e:
        if isinstance(e, InputError):
            raise
        # A shape the merge does not expect (a list where a mapping belongs ...): still file and reason.
        raise PolicyDataError(str(folder / f"{policy_id}.yaml"), "",
                              f"malformed policy data ({type(e).__name__}: {e})") from None
    merged["sources"] = {k: v.model_dump(exclude_none=True) for k, v in load_sources(folder).items()}
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
    return policy


def load_policy(policy_id: str, folder: Path | None = None) -> Policy:
    """The validated policy ``policy_id`` (e.g. ``"lhasa-2025"``), with its parents merged in."""
    if not isinstance(policy_id, str) or not policy_id:
        raise InputError("policy", f"{policy_id!r} is not a policy id", ", ".join(policy_ids(folder)))
    if policy_id == "sources" or any(c in policy_id for c in "/\\:") or policy_id.startswith((".", "_")):
        # Not a policy (sources.yaml) or a path, not an id: bad input, not bad policy data.
        raise InputError("policy", f"unknown policy {policy_id!r}", ", ".join(policy_ids(folder)))
    return _load(policy_id, (folder or policies_dir()).resolve())


def as_policy(policy: "str | Policy") -> Policy:
    """A loaded policy from an id, or the policy itself."""
    return policy if isinstance(policy, Policy) else load_policy(policy)
