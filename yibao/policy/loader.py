"""Load ``policies/<id>.yaml`` into a validated :class:`Policy`: read safely (:mod:`.reader`), parents
merged (:mod:`.merge`), typed by the model and checked (:mod:`.validate`).

A malformed or incomplete file fails here, naming the file (in the folder in use: ``YIBAO_POLICIES``
or ``policies/``), the key path and the reason. After validation every value is bounded to what the
calculators can use (:func:`yibao.policy.validate.bound_problems`).
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError, PolicyDataError
from ..inputs import fold, show
from . import reader
from .merge import merged_raw
from .model import Policy, Source
from .reader import MAX_DEPTH, MAX_FILE_BYTES, plain_structure, read_policy_text, read_yaml
from .sections import states
from .validate import (
    MAX_POLICY_DATE,
    MIN_POLICY_DATE,
    bound_problems,
    check_references,
    dotted,
    file_defining,
    fill_paths,
    named_path,
    type_problems,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "NOT_POLICIES",
    "as_policy",
    "file_ids",
    "is_folder",
    "load_policy",
    "load_sources",
    "plain_structure",
    "policies_dir",
    "policies_stating",
    "policy_file",
    "policy_files",
    "policy_ids",
    "read_policy_text",
    "read_yaml",
]


def policies_dir() -> Path:
    """``YIBAO_POLICIES``, else the ``policies/`` folder beside the package."""
    env = os.environ.get("YIBAO_POLICIES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "policies"


def policy_files(folder: Path) -> list[Path]:
    """The regular ``*.yaml`` files of a policy folder, sorted (a folder named ``x.yaml`` is not one)."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def policy_ids(folder: Path | None = None) -> list[str]:
    """The policies of the folder: every ``*.yaml`` but ``sources.yaml``, ``examples.yaml`` and the shared parts
    (names starting with ``_``: they are extended, never offered)."""
    folder = folder or policies_dir()
    return [i for i in file_ids(folder) if not i.startswith("_")]


def file_ids(folder: Path | None = None) -> list[str]:
    """Every file id of the folder that ``extends`` may name: the policies and the shared parts."""
    folder = folder or policies_dir()
    return [p.stem for p in policy_files(folder) if p.stem not in NOT_POLICIES]


@cache
def load_sources(folder: Path | None = None) -> dict[str, Source]:
    folder = folder or policies_dir()
    path = folder / "sources.yaml"
    raw = reader.read_yaml(path)
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
                                  "(yibao.policy.reform), never in sources.yaml",
                                  kind="policy_file.reform_in_sources", params={"key": f"sources.{sid}.reform"})
        for loc, reason in type_problems(Source, body, ("sources", sid)):
            raise PolicyDataError(str(path), dotted(loc), reason)
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


#: Files of a policy folder that are not policies: the articles (``sources.yaml``) and what each
#: calculator opens with (``examples.yaml``, :mod:`yibao.policy.examples`).
NOT_POLICIES = ("sources", "examples")

#: Loaded policy (by id()) → the file it was read from.
_FILES: dict[int, tuple[Policy, str]] = {}


def policy_file(policy: Policy) -> str:
    """The file a loaded policy was read from, in the folder in use (for errors found later)."""
    hit = _FILES.get(id(policy))
    return hit[1] if hit is not None and hit[0] is policy else f"{policy.id}.yaml"


@cache
def _load(policy_id: str, folder: Path) -> Policy:
    try:
        merged, files = merged_raw(policy_id, folder, (), file_ids(folder))
    except (TypeError, AttributeError, KeyError, ValueError, ArithmeticError, RecursionError) as e:
        if isinstance(e, InputError):
            raise
        # A shape the merge does not expect (a list where a mapping belongs ...): still file and reason.
        raise PolicyDataError(str(folder / f"{policy_id}.yaml"), "",
                              f"malformed policy data ({type(e).__name__}: {str(e)[:200]})") from None
    merged["sources"] = {k: v.model_dump(exclude_none=True) for k, v in load_sources(folder).items()}
    for loc, reason in type_problems(Policy, merged, ()):
        raise PolicyDataError(file_defining(loc, files, folder), dotted(loc), reason)
    try:
        policy = Policy.model_validate(merged)
    except ValidationError as e:
        err = e.errors()[0]
        loc = named_path(merged, tuple(err["loc"]))
        key = dotted(loc)
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise PolicyDataError(file_defining(loc, files, folder), key, err["msg"] + more) from None
    fill_paths(policy, "")
    check_references(policy, files)
    for loc, reason in bound_problems(policy):
        raise PolicyDataError(file_defining(loc, files, folder), dotted(loc), reason)
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
        raise InputError(field, f"{str(folder)[:200]!r} is not a folder", "a folder of policy YAML files",
                         kind="folder.not_a_folder", params={"value": repr(str(folder)[:200])})
    return folder.resolve()


def _field_of(folder: Path) -> str:
    """What gave the folder: the environment variable, else the folder as given."""
    return "YIBAO_POLICIES" if os.environ.get("YIBAO_POLICIES") and folder == policies_dir().resolve() else "policies"


def _ids_of(folder: Path) -> list[str]:
    """The policies of a folder, refused when it has none (``YIBAO_POLICIES=/etc``): said as that, not
    as an unknown policy with nothing to choose from."""
    ids = policy_ids(folder)
    if not ids:
        raise InputError(_field_of(folder), f"{str(folder)[:200]!r} holds no policy files (*.yaml)",
                         "a folder of policy YAML files", kind="folder.no_policies",
                         params={"value": repr(str(folder)[:200])})
    return ids


def offered_ids(folder: Path | None = None) -> list[str]:
    """The policies of the folder in use, refused when it is not a folder or holds none."""
    folder = _folder(folder)
    return _ids_of(folder)


def load_policy(policy_id: str, folder: Path | None = None) -> Policy:
    """The validated policy ``policy_id`` (a file name of the folder, without ``.yaml``), with its parents
    merged in.

    ``policy_id`` must be the name of a policy file of the folder (``sources`` and paths are not)."""
    folder = _folder(folder)
    ids = _ids_of(folder)
    if not isinstance(policy_id, str) or not policy_id:
        raise InputError("policy", f"{show(policy_id)} is not a policy id", ", ".join(ids),
                         kind="policy.unknown", params={"value": show(policy_id), "choices": tuple(ids)})
    policy_id = fold(policy_id).strip()  # typed full-width: read as everywhere
    if policy_id not in ids:
        shown = repr(policy_id) if len(policy_id) <= 60 else repr(policy_id[:59]) + "…"
        raise InputError("policy", f"unknown policy {shown}", ", ".join(ids),
                         kind="policy.unknown", params={"value": shown, "choices": tuple(ids)})
    return _load(policy_id, folder)


def policies_stating(*sections: str, folder: Path | None = None) -> list[str]:
    """The policies of the folder that state every one of ``sections`` (``"flexible"``, ``"basic"`` ...)."""
    folder = _folder(folder)
    return [pid for pid in policy_ids(folder) if all(states(load_policy(pid, folder), s) for s in sections)]


def not_stated(policy: Policy, section: str, problem: str, allowed: str | None = None) -> InputError:
    """The error for a policy without the ``section`` a calculator needs: names the policies that state it."""
    stating = policies_stating(section)
    return InputError("policy", problem, allowed or ", ".join(stating), kind="policy.not_stated",
                      params={"policy": policy.id, "section": section, "choices": tuple(stating)})


def as_policy(policy: str | Policy) -> Policy:
    """A loaded policy from an id, or the policy itself."""
    return policy if isinstance(policy, Policy) else load_policy(policy)
