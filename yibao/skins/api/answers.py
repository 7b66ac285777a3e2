"""A calculator's result as the API's answer: the CLI's ``--json`` result unchanged (money as strings),
its Chinese explanation, the articles its line items cite and the readings (named assumptions) it used,
and the reform it was computed under (``null`` for none)."""

from __future__ import annotations

from typing import Any

from ...errors import YibaoError
from ...policy.loader import load_policy
from ...policy.provenance import is_outside, source_name
from ...policy.reformed import reform_of

API_VERSION = "1"


def _walk(node: Any, found: list[dict[str, Any]]) -> None:
    """Every object of a result's JSON that names a policy (a result, a compared row's result)."""
    if isinstance(node, dict):
        if isinstance(node.get("policy"), str):
            found.append(node)
        for v in node.values():
            _walk(v, found)
    elif isinstance(node, list):
        for v in node:
            _walk(v, found)


def _cited(node: Any, sources: set[str]) -> None:
    if isinstance(node, dict):
        src = node.get("source")
        if isinstance(src, str):
            sources.add(src)
        for v in node.values():
            _cited(v, sources)
    elif isinstance(node, list):
        for v in node:
            _cited(v, sources)


def _policy(pid: str) -> Any:
    try:
        return load_policy(pid)
    except YibaoError:  # an id that is no policy file's (a diff's side named otherwise): nothing to add
        return None


def sources_and_readings(data: dict[str, Any], known: Any = None) -> tuple[dict[str, dict[str, Any]],
                                                                          list[dict[str, Any]]]:
    """The articles cited anywhere in ``data`` (id → title, outside document or not) and the readings
    (assumptions) it names, each once, from the policies it names (``known``: the result's own policy,
    read again only for the other ids a result names, once each)."""
    sources: dict[str, dict[str, Any]] = {}
    readings: dict[str, dict[str, Any]] = {}
    policies: dict[str, Any] = {known.id: known} if isinstance(getattr(known, "id", None), str) else {}
    for node in [data, *_found(data)]:
        pid = node.get("policy")
        if isinstance(pid, str) and pid not in policies:
            policies[pid] = _policy(pid)
        pol = policies.get(pid) if isinstance(pid, str) else None
        if pol is None:
            continue
        cited: set[str] = set()
        _cited(node, cited)
        for s in sorted(cited):
            if s in pol.sources and s not in sources:
                sources[s] = {"title": source_name(pol.sources, s), "outside": is_outside(pol.sources, s)}
        for a in node.get("assumptions") or ():
            if isinstance(a, str) and a in pol.assumptions and a not in readings:
                x = pol.assumptions[a]
                readings[a] = {"id": a, "title": x.title, "reading": x.reading, "clause": x.clause,
                               "source": x.source, "rules": list(x.rules), "alternatives": list(x.alternatives),
                               "why": x.why}
    return sources, list(readings.values())


def _found(data: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    _walk(data, found)
    return found


def answer(result: Any, lang: str) -> dict[str, Any]:
    """The answer to a calculation: ``result`` (the CLI's ``--json``) with its explanation and citations."""
    data = result.to_dict() if hasattr(result, "to_dict") else result
    text = str(result.explain()) if hasattr(result, "explain") else ""
    sources, readings = sources_and_readings(data, getattr(result, "policy", None))
    applied = None
    for attr in ("policy", "reformed"):
        applied = applied or reform_of(getattr(result, attr, None))
    reform = data.get("reform") if isinstance(data.get("reform"), dict) else None
    if reform is None and applied is not None:
        reform = applied.to_dict()
    return {"api_version": API_VERSION, "lang": lang, "result": data, "text": text, "sources": sources,
            "readings": readings, "reform": reform}
