"""Whether a message meant for a Chinese reader holds English: shared by the refusal tests."""

from __future__ import annotations

import re

#: What the person typed (“…”), a file path or name, an option with its value: not English prose.
_TYPED = re.compile(r"“[^”]*”|\"[^\"]*\"|'[^']*'|\S*[/\\]\S*|\S+\.(?:csv|json|yaml|yml)\b|--[a-z-]+")
#: Three or more English words in a row (a sentence or a phrase of one).
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}\b")


#: The catalogue's sentence for an English text of no known kind: a refusal here must have its kind.
UNKNOWN = "详细说明可加 --lang en 查看"


def english_in(text: str) -> str | None:
    """The English run in a Chinese-mode message (or the sentence for a text of no known kind), or None."""
    if UNKNOWN in text:
        return text
    m = ENGLISH.search(_TYPED.sub("·", text))
    return m.group(0) if m else None


def assert_chinese(found: list[tuple[str, str]]) -> None:
    """No message of ``found`` (what was tried, the message) holds English; the failure lists each
    English message once (by its English run), with what gave it."""
    seen: dict[str, str] = {}
    for what, err in found:
        run_ = english_in(err)
        if run_ and run_ not in seen:
            seen[run_] = f"{what}: {err.strip()[:300]}"
    assert not seen, f"{len(seen)} English messages:\n" + "\n".join(seen.values())
