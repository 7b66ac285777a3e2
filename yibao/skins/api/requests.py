"""Reading a request: its language, and its body as JSON within the size bound, every number kept as
the text it was written with (so the CLI's parsers read ``0.1`` as 0.1, not as a binary float)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...messages import DEFAULT, parse_language
from .errors import not_json

if TYPE_CHECKING:  # the reading of a body needs no web framework (tests of the messages import it)
    from starlette.requests import Request


def language(request: Request) -> str:
    """``zh`` or ``en`` from ``Accept-Language`` (the first language the catalogue speaks, by weight);
    Chinese when none is named or none is spoken."""
    header = request.headers.get("accept-language", "")
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip()))
    for _, _, tag in sorted(ranked):
        if tag == "*":
            return DEFAULT
        for candidate in (tag, tag.split("-")[0]):
            try:
                return parse_language(candidate)
            except InputError:
                continue
    return DEFAULT


class BodyTooLarge(Exception):
    pass


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"key {k!r} appears twice")
        out[k] = v
    return out


async def read_body(request: Request, limit: int) -> bytes:
    """The body's bytes, refused past ``limit`` (by its Content-Length, or while it arrives)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes) -> Any:
    """A JSON document, numbers as their text; raises InputError (``body``) for anything else."""
    try:
        return json.loads(raw.decode("utf-8"), parse_int=str, parse_float=str, parse_constant=_no_constant,
                          object_pairs_hook=_object)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise not_json() from None
