"""English: the text each error builds for itself (``str(err)``), kept as tests and logs know it."""

from __future__ import annotations


def render(err: BaseException) -> str:
    """The English one-line message of ``err``."""
    return " ".join(str(err).splitlines())
