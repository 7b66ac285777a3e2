"""The errors yibao raises on purpose: bad input, a situation the policy does not cover, bad policy data.

Each carries what a skin or a message catalogue needs without reading the message text:

- ``kind``: a stable code for the kind of problem (``"money.not_a_number"``, ``"choice.unknown"``;
  ``"input"``, ``"not_covered"`` and ``"policy_data"`` where no finer kind is given);
- ``params``: the values the message names (the value as shown, the bounds, the choices ...);
- for input and uncovered situations, ``path``: the field as a :class:`FieldPath`
  (``("claims", 3, "level")``, shown ``claims[3].level``). ``field`` is its text.

The English message (``str(err)``) is built from ``field``, ``problem`` and ``allowed`` as before.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*")
_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")


class FieldPath(tuple):
    """Where a value sits, part by part: names (``"claims"``, ``"level"``) and list positions (``3``).

    ``FieldPath("claims", 3, "level")`` is shown ``claims[3].level``; a single part that is not a
    name (``"--age"``, ``"claims.csv row 3, column cost"``) is shown as it is.
    """

    __slots__ = ()

    def __new__(cls, *parts: str | int) -> FieldPath:
        for p in parts:
            if isinstance(p, bool) or not isinstance(p, (str, int)):
                raise TypeError(f"a field path holds names and positions, not {type(p).__name__}")
        return super().__new__(cls, parts)

    def __getnewargs__(self) -> tuple:  # pickled part by part, as it is built
        return tuple(self)

    @classmethod
    def of(cls, where: FieldLike) -> FieldPath:
        """A path from a path, a tuple of parts, or the text form (``"claims[3].level"``; any other
        text is one opaque part). ``str(FieldPath.of(text)) == text`` for every text."""
        if isinstance(where, FieldPath):
            return where
        if isinstance(where, tuple):
            return cls(*where)
        if isinstance(where, int) and not isinstance(where, bool):
            return cls(where)
        text = str(where)
        if not _PATH.fullmatch(text):
            return cls(text)
        head = _NAME.match(text)
        assert head is not None
        parts: list[str | int] = [head.group(0)]
        for m in _PART.finditer(text, head.end()):
            parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        return cls(*parts)

    def within(self, *parts: str | int) -> FieldPath:
        """This path below ``parts``: ``FieldPath("tier").within("members", 1)`` is ``members[1].tier``."""
        return FieldPath(*parts, *self)

    @property
    def root(self) -> str | int | None:
        """The first part (``"claims"``), or None for the empty path."""
        return self[0] if self else None

    @property
    def name(self) -> str | None:
        """The last named part (``"level"`` of ``claims[3].level``), or None."""
        return next((p for p in reversed(self) if isinstance(p, str)), None)

    def position_after(self, after: str) -> int | None:
        """The position that follows the part ``after`` (3 for ``"claims"`` in ``claims[3].level``), or None."""
        for a, b in itertools.pairwise(self):
            if a == after and isinstance(b, int):
                return b
        return None

    def __str__(self) -> str:
        out = ""
        for i, p in enumerate(self):
            if isinstance(p, int):
                out += f"[{p}]"
            else:
                out += p if i == 0 else f".{p}"
        return out

    def __repr__(self) -> str:
        return f"FieldPath({str(self)!r})"


FieldLike = FieldPath | tuple | str | int


class YibaoError(Exception):
    """Base class: every error yibao raises on purpose is one of these."""

    kind: str = "error"
    params: Mapping[str, Any] = {}


class InputError(YibaoError, ValueError):
    """A value a user gave is not allowed. Names the field and what is allowed.

    ``field`` may be a :class:`FieldPath`, a tuple of its parts or its text; ``kind`` and ``params``
    say what is wrong without the English text (``kind="money.negative", params={"value": "'-3'"}``).
    """

    def __init__(self, field: FieldLike, problem: str, allowed: str | None = None, *, kind: str = "input",
                 params: Mapping[str, Any] | None = None):
        self.path = FieldPath.of(field)
        self.field = str(self.path)
        self.problem = problem
        self.allowed = allowed
        self.kind = kind
        self.params = dict(params or {})
        text = f"{self.field}: {problem}"
        if allowed:
            text += f" (allowed: {allowed})"
        super().__init__(text)

    def __reduce__(self) -> tuple:  # pickled (a Dask worker's error) with its structure
        return _rebuild, (type(self), (self.path, self.problem, self.allowed),
                          {"kind": self.kind, "params": self.params})

    def within(self, *parts: str | int) -> InputError:
        """The same error with its field below ``parts`` (a household member's ``tier`` → ``members[1].tier``)."""
        return InputError(self.path.within(*parts), self.problem, self.allowed, kind=self.kind, params=self.params)


class PolicyDataError(YibaoError):
    """A policy file is malformed or incomplete. Names the file, the key path and the reason."""

    def __init__(self, file: str, key_path: str, reason: str, *, kind: str = "policy_data",
                 params: Mapping[str, Any] | None = None):
        self.file = file
        self.key_path = key_path
        self.reason = reason
        self.kind = kind
        self.params = dict(params or {})
        super().__init__(f"{file}: {key_path or '<top>'}: {reason}")

    def __reduce__(self) -> tuple:
        return _rebuild, (type(self), (self.file, self.key_path, self.reason),
                          {"kind": self.kind, "params": self.params})


class NotCovered(YibaoError):
    """The policy states no rule for this situation (for example a payment date outside every window)."""

    def __init__(self, field: FieldLike, problem: str, rules: tuple[str, ...] = (), *, kind: str = "not_covered",
                 params: Mapping[str, Any] | None = None):
        self.path = FieldPath.of(field)
        self.field = str(self.path)
        self.problem = problem
        self.rules = rules
        self.kind = kind
        self.params = dict(params or {})
        suffix = f" [{', '.join(rules)}]" if rules else ""
        super().__init__(f"{self.field}: {problem}{suffix}")

    def __reduce__(self) -> tuple:
        return _rebuild, (type(self), (self.path, self.problem, self.rules), {"kind": self.kind, "params": self.params})


def _rebuild(cls: type, args: tuple, kw: dict) -> YibaoError:
    return cls(*args, **kw)
