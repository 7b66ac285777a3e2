"""``extends``: a policy's parents merged under it (child over parent), each value stamped with the
dates of the file it comes from."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..errors import PolicyDataError
from . import reader


def is_cited(node: Any) -> bool:
    return isinstance(node, dict) and "source" in node and "quote" in node


def stamp_in_force(node: Any, default: Any) -> None:
    """Values without their own ``in_force`` take their file's: stamped before merging so they keep it."""
    if isinstance(node, dict):
        if is_cited(node) and "in_force" not in node:
            node["in_force"] = copy.deepcopy(default)
        for v in node.values():
            stamp_in_force(v, default)
    elif isinstance(node, list):
        for v in node:
            stamp_in_force(v, default)


def merge(base: Any, over: Any) -> Any:
    """Child over parent: mappings merge key by key (unless the child's says ``_replace: true``),
    lists of ``id``-ed items merge by id (the child's own items first), anything else is replaced."""
    if isinstance(over, dict) and over.get("_replace") is True:
        # The child states the whole mapping (e.g. its own set of tiers): nothing of the parent's stays.
        return {k: copy.deepcopy(v) for k, v in over.items() if k != "_replace"}
    if isinstance(base, dict) and isinstance(over, dict):
        if is_cited(over):
            return copy.deepcopy(over)
        out = copy.deepcopy(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else copy.deepcopy(v)
        return out
    if (isinstance(base, list) and isinstance(over, list)
            and all(isinstance(i, dict) and isinstance(i.get("id"), (str, int)) for i in base + over)):
        by_id = {i["id"]: i for i in base}
        own = [merge(by_id[i["id"]], i) if i["id"] in by_id else copy.deepcopy(i) for i in over]
        own_ids = {i["id"] for i in over}
        return own + [copy.deepcopy(i) for i in base if i["id"] not in own_ids]
    return copy.deepcopy(over)


def merged_raw(policy_id: str, folder: Path, chain: tuple[str, ...], ids: list[str]) -> tuple[dict, dict[str, Path]]:
    """The merged raw mapping of a policy and, for each file in its chain, its path. ``ids`` are the
    policies of the folder: the only names ``extends`` may give."""
    path = folder / f"{policy_id}.yaml"
    if policy_id in chain:
        loop = " → ".join((*chain, policy_id))
        raise PolicyDataError(str(path), "extends", f"circular: {loop}", kind="policy_file.extends_circular",
                              params={"chain": loop})
    raw = _own_raw(policy_id, path)
    parents = _parents(raw, path)
    merged: dict = {}
    files = {policy_id: path}
    for parent in parents:
        if parent not in ids:  # checked like --policy: no paths, only the ids of this folder
            raise PolicyDataError(str(path), "extends", f"unknown parent policy {parent[:60]!r} (allowed: the ids "
                                  f"of this folder: {', '.join(ids)})", kind="policy_file.extends_unknown",
                                  params={"value": repr(parent[:60]), "choices": tuple(ids)})
        p_raw, p_files = merged_raw(parent, folder, chain + (policy_id,), ids)
        merged = merge(merged, p_raw)
        files.update(p_files)
    own = {k: v for k, v in raw.items() if k not in ("id", "title", "jurisdiction", "year", "extends", "in_force")}
    merged = merge(merged, own)
    for k in ("id", "title", "jurisdiction", "year", "in_force"):
        if k in raw:
            merged[k] = raw[k]
    merged["extends"] = list(parents)
    return merged, files


def _own_raw(policy_id: str, path: Path) -> dict:
    """One policy file's own mapping, its top keys checked, every value stamped with the file's
    in-force period and every assumption with its id."""
    raw = reader.read_yaml(path)
    if not isinstance(raw, dict):
        raise PolicyDataError(str(path), "", "expected a mapping at the top", kind="policy_file.not_a_mapping")
    for key in ("id", "in_force"):
        if key not in raw:
            raise PolicyDataError(str(path), key, "required key missing", kind="policy_file.key_missing",
                                  params={"key": key})
    if raw["id"] != policy_id:
        raise PolicyDataError(str(path), "id", f"is {raw['id']!r} but the file is named {policy_id!r}",
                              kind="policy_file.id_mismatch",
                              params={"value": repr(raw["id"]), "expected": repr(policy_id)})
    if not isinstance(raw.get("assumptions") or {}, dict):
        raise PolicyDataError(str(path), "assumptions", "expected a mapping of assumption ids",
                              kind="policy_file.not_a_mapping")
    stamp_in_force(raw, raw["in_force"])
    for aid, body in (raw.get("assumptions") or {}).items():
        if isinstance(body, dict):
            body["id"] = aid
    return raw


def _parents(raw: dict, path: Path) -> list[str]:
    """The ids a file's ``extends`` names: a list, each id once (one id alone is written ``[national-2025]``,
    so that every file reads the same way)."""
    parents = raw.get("extends")
    if parents is None:
        return []
    if isinstance(parents, str):
        raise PolicyDataError(str(path), "extends", f"a list of policy ids, not one id alone: write [{parents[:60]}]",
                              kind="policy_file.extends_not_list", params={"parent": parents[:60]})
    if not isinstance(parents, list) or not all(isinstance(x, str) and x for x in parents):
        raise PolicyDataError(str(path), "extends", "expected a list of policy ids, e.g. [national-2025]",
                              kind="policy_file.extends_wrong_type")
    twice = next((x for i, x in enumerate(parents) if x in parents[:i]), None)
    if twice is not None:
        raise PolicyDataError(str(path), "extends", f"{twice[:60]!r} is named twice",
                              kind="policy_file.extends_repeated", params={"parent": twice[:60]})
    return parents
