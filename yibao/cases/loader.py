"""Find and read the case files: ``cases/*.yaml`` (or ``YIBAO_CASES``), read as safely as policy files."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import ValidationError

from ..errors import PolicyDataError
from ..policy.reader import read_yaml
from .model import CaseFile


def cases_dir() -> Path:
    """``YIBAO_CASES``, else the ``cases/`` folder beside the package."""
    env = os.environ.get("YIBAO_CASES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "cases"


def case_files(folder: Path | None = None) -> list[Path]:
    """The regular ``*.yaml`` files of the cases folder, sorted (none when there is no folder)."""
    folder = folder or cases_dir()
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def _where(loc: tuple, raw: object) -> str:
    """A pydantic location as a key path, a case named by its name: ``cases[l8_needs_income].rules``."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            name = node[part].get("name") if isinstance(node, list) and part < len(node) and \
                isinstance(node[part], dict) else None
            out += f"[{name if isinstance(name, str) else part}]"
        else:
            out += f".{part}" if out else str(part)
        node = node.get(part) if isinstance(node, dict) else node[part] if isinstance(node, list) and \
            isinstance(part, int) and part < len(node) else None
    return out


def read_case_file(path: Path) -> CaseFile:
    """A case file as typed data; PolicyDataError naming the file, the key path and the reason."""
    raw = read_yaml(path)
    try:
        return CaseFile.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        raise PolicyDataError(str(path), _where(loc, raw), err["msg"]) from None
