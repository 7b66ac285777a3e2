"""Every quoted clause must appear verbatim in the article it names (C2).

Quotes are compared with all whitespace removed on both sides: the articles break lines inside
clauses ("200\\n\\n元或380元"); nothing else is normalised — not punctuation, not width.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..rules import implements, sources_dir
from .loader import NOT_POLICIES, load_sources, policies_dir, policy_files, read_yaml

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Quote:
    file: str
    key_path: str
    source: str
    quote: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    key_path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.key_path}: {self.reason}"


def walk_yaml(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every node of a raw YAML tree with its key path (list items named by their ``id``)."""
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk_yaml(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            key = v.get("id", i) if isinstance(v, dict) else i
            yield from walk_yaml(v, f"{path}[{key}]")


def quotes(folder: Path | None = None) -> list[Quote]:
    """Every (source, quote) pair stated in the policy files, file by file (before inheritance)."""
    folder = folder or policies_dir()
    out: list[Quote] = []
    for path in policy_files(folder):
        if path.stem in NOT_POLICIES:
            continue
        for key, node in walk_yaml(read_yaml(path)):
            if not isinstance(node, dict):
                continue
            if "source" in node and "quote" in node:
                out.append(Quote(path.name, key, str(node["source"]), str(node["quote"]),
                                 tuple(node.get("rules") or ())))
            elif key.startswith("assumptions.") and key.count(".") == 1 and node.get("clause") and node.get("source"):
                out.append(Quote(path.name, key + ".clause", str(node["source"]), str(node["clause"]),
                                 tuple(node.get("rules") or ())))
    return out


@cache
def _article(path: Path) -> str:
    return _WS.sub("", path.read_text(encoding="utf-8"))


@implements("C2")
def check_quotes(folder: Path | None = None, seeds: Path | None = None) -> tuple[list[Quote], list[Problem]]:
    """(quotes checked against an article, problems). Quotes citing outside documents are not checked."""
    folder = folder or policies_dir()
    seeds = seeds or sources_dir()
    sources = load_sources(folder)
    checked: list[Quote] = []
    problems: list[Problem] = []
    for q in quotes(folder):
        src = sources.get(q.source)
        if src is None:
            problems.append(Problem(q.file, q.key_path, f"source {q.source!r} is not in sources.yaml"))
            continue
        if not src.file:
            continue
        article = seeds / src.file
        if not article.exists():
            problems.append(Problem(q.file, q.key_path, f"article {src.file} not found in {seeds}"))
            continue
        needle = _WS.sub("", q.quote)
        if needle not in _article(article):
            problems.append(Problem(q.file, q.key_path, f"quote not found verbatim in {src.file}: {q.quote!r}"))
        else:
            checked.append(q)
    return checked, problems


# ---------------------------------------------------------------- how a citation is shown

#: How a clause from an outside document (``sources.yaml`` ``document:``) is marked: it could not be
#: checked against any article, so it never stands in the quotation marks of a verified clause.
OUTSIDE_MARK = "外部文件,未对照原文"


def is_outside(sources: dict[str, Any], source: str | None) -> bool:
    """Whether ``source`` is an outside document rather than one of the seed articles (or a reform)."""
    src = sources.get(source or "")
    return src is not None and not src.file and not src.reform


def source_name(sources: dict[str, Any], source: str | None) -> str:
    """《title》 of a source, with the document number for an outside document."""
    src = sources.get(source or "")
    if src is None:
        return source or ""
    if src.reform:  # a what-if's overrides (yibao.policy.reform): not a document at all
        return f"改革方案《{src.title}》"
    if src.file:
        return f"《{src.title}》"
    number = f"({src.document})" if src.document and src.document not in src.title else ""
    return f"外部文件《{src.title}》{number}"


def quoted(sources: dict[str, Any], source: str | None, quote: str | None) -> str:
    """The clause as shown to a reader: “…” for a clause verified in its article; for an outside
    document, marked as such and not in quotation marks."""
    if not quote:
        return ""
    src = sources.get(source or "")
    if src is not None and src.reform:
        return f":{quote}"
    if is_outside(sources, source):
        return f"({OUTSIDE_MARK}){quote}"
    return f"“{quote}”"


def citation(sources: dict[str, Any], source: str | None, quote: str | None, rules: tuple[str, ...] = ()) -> str:
    """``《title》“clause”[rules]`` (an outside document: ``外部文件《title》(number)(外部文件,未对照原文)clause``)."""
    text = source_name(sources, source) + quoted(sources, source, quote)
    return text + (f"[{', '.join(rules)}]" if rules else "")


def cited_sources(policy: Any) -> set[str]:
    """The sources a policy's values cite (C2): every value and rule, not the named readings
    (``assumptions``), nor a group relation that rests on a reading and borrows another article's
    words for it (Xining's 医疗救助对象 in the Tibet press conference's words)."""
    from pydantic import BaseModel

    from .model import Umbrella

    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Umbrella) and node.assumptions:
            return
        if isinstance(node, BaseModel):
            src = getattr(node, "source", None)
            if isinstance(src, str):
                found.add(src)
            for name in type(node).model_fields:
                if name not in ("sources", "assumptions"):
                    walk(getattr(node, name))
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v)

    walk(policy)
    return found
