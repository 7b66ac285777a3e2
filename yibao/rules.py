"""Which function implements which rule of ``../shared/RULES.md``: the coverage table is built from this."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

F = TypeVar("F", bound=Callable)

#: rule ID → qualified names of the functions that implement it.
IMPLEMENTED: dict[str, list[str]] = {}


def implements(*rule_ids: str) -> Callable[[F], F]:
    """Mark a function as the implementation of these rule IDs."""

    def mark(fn: F) -> F:
        for r in rule_ids:
            IMPLEMENTED.setdefault(r, []).append(f"{fn.__module__}.{fn.__qualname__}")
        fn.__rules__ = rule_ids  # type: ignore[attr-defined]
        return fn

    return mark


def rules_of(fn: Callable) -> tuple[str, ...]:
    """The rule IDs ``fn`` is marked (:func:`implements`) to implement; ``()`` for none."""
    return tuple(getattr(fn, "__rules__", ()))


def shared_dir() -> Path:
    """The folder holding RULES.md and seeds/: ``YIBAO_SHARED``, else ``../shared`` beside the repo."""
    env = os.environ.get("YIBAO_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def sources_dir() -> Path:
    """Where the articles are: ``YIBAO_SOURCES``, else ``../shared/seeds``."""
    env = os.environ.get("YIBAO_SOURCES")
    return Path(env) if env else shared_dir() / "seeds"


_RULE_LINE = re.compile(r"^- ([LTFYXC]\d{1,2}) (.*)$")
#: A rule is "data" (facts to show, not compute) when its line ends with "(data)" or "(data, ...)".
_DATA = re.compile(r"\(data[^)]*\)\.?$")


def inventory(path: Path | None = None) -> dict[str, tuple[str, bool]]:
    """Rule ID → (its text, whether it is a "data" rule) from RULES.md."""
    text = (path or shared_dir() / "RULES.md").read_text(encoding="utf-8")
    out: dict[str, tuple[str, bool]] = {}
    for line in text.splitlines():
        m = _RULE_LINE.match(line)
        if m:
            out[m.group(1)] = (m.group(2), bool(_DATA.search(m.group(2))))
    return out


def import_all() -> None:
    """Import every module of the package so that their ``@implements`` marks are registered."""
    import importlib
    import pkgutil

    import yibao

    def walk(path: Iterable[str], prefix: str) -> None:
        for info in pkgutil.iter_modules(path, prefix):
            # The skins (Jupyter, plotting) and the table path (pandas) need optional extras and hold
            # no rules of their own.
            if info.name in ("yibao.__main__", "yibao.skins", "yibao.populations"):
                continue
            module = importlib.import_module(info.name)
            if info.ispkg:
                walk(module.__path__, info.name + ".")

    walk(yibao.__path__, "yibao.")
