"""What a reader must not meet in any text we show, shared by the scans of explanations, stored notebook
outputs, the built docs and the app pages (issue 19): internal keys and ids, and money, dates or hospital
levels not written the one way :mod:`yibao.format` writes them (``1,234.56 元``, ``2025年8月10日``,
``三级医院``). An article's clause quoted verbatim (“…”) keeps the article's own figures.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

from yibao.groups import Group
from yibao.policy import as_policy
from yibao.policy.loader import policy_ids
from yibao.policy.values import cited_nodes

POLICIES = [p for p in policy_ids() if not p.startswith("_")]
#: ``a_b`` or ``a.b`` (an identifier or a key path), not inside a file name or a web address.
KEY = re.compile(r"(?<![A-Za-z0-9_./\-])[a-z][a-z0-9]*(?:[_.][a-z0-9]+|\[[A-Za-z0-9_]+\])+(?![A-Za-z0-9_/])")

#: An article's clause quoted verbatim.
QUOTED = re.compile(r"“[^”]*”")
#: Money of 1,000 元 or more without thousands separators (``12000元``, ``84660.00 元``, ``2013 万元``).
BARE_MONEY = re.compile(r"(?<![\d,.])\d{4,}(?:\.\d+)?\s*(?:万|亿)?元")
#: A computed amount glued to its unit (``40.00元``: written without :func:`yibao.format.yuan`).
GLUED_MONEY = re.compile(r"(?<![\d,.])[\d,]+\.\d\d元")
#: An ISO date in prose (``2025-08-10``; JSON and input boxes keep theirs).
ISO_DATE = re.compile(r"(?<![\d-])(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d-])")
#: How to type a date into a box (``例如 2025-01-31``): the form the input takes, not prose.
TYPING_HINT = re.compile(r"(?:例如|写成)\s*(?:19|20)\d\d-[01]\d-[0-3]\d")
#: A hospital level in digits (``3级医院``).
DIGIT_LEVEL = re.compile(r"\d级医院")

_TAG = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)


def ids_of(policy_id: str) -> set[str]:
    """Every identifier of a policy a reader must not meet: assumption ids, item ids, group codes."""
    pol = as_policy(policy_id)
    out = set(pol.assumptions) | {g.value for g in Group}
    for node in cited_nodes(pol).values():
        ident = getattr(node, "id", None)
        if ident:
            out.add(str(getattr(ident, "value", ident)))
    return {i for i in out if len(i) > 2}


@functools.cache
def every_id() -> frozenset[str]:
    """The identifiers of every policy."""
    return frozenset(set().union(*(ids_of(p) for p in POLICIES)))


def leaks(text: str, ids: set[str] | frozenset[str]) -> list[str]:
    """The internal keys and ids inside ``text``."""
    found = KEY.findall(text)
    words = set(re.findall(r"[A-Za-z0-9_]+", KEY.sub(" ", text)))
    return found + sorted(words & ids)


def misformatted(text: str) -> list[str]:
    """Money, dates and hospital levels in ``text`` not written the one way (quoted clauses excepted)."""
    ours = TYPING_HINT.sub("", QUOTED.sub("“”", text))
    found = [f"money without thousands separators: {m.group(0)!r}" for m in BARE_MONEY.finditer(ours)]
    found += [f"money without a space before 元: {m.group(0)!r}" for m in GLUED_MONEY.finditer(ours)]
    found += [f"ISO date in prose: {m.group(0)!r}" for m in ISO_DATE.finditer(ours)]
    found += [f"hospital level in digits: {m.group(0)!r}" for m in DIGIT_LEVEL.finditer(ours)]
    return found


def problems(text: str, ids: set[str] | frozenset[str] | None = None) -> list[str]:
    """Every internal key or id and every misformatted amount, date or level in ``text``."""
    ids = every_id() if ids is None else ids
    return [f"internal key or id: {k!r}" for k in leaks(text, ids)] + misformatted(text)


def notebook_problems(nb: dict) -> list[str]:
    """``cell N: problem`` for every problem in the stored outputs of notebook ``nb`` (its JSON)."""
    return [f"cell {n}: {p}" for n, text in notebook_texts(nb) for p in problems(text)]


_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.S | re.I)
_MAIN = re.compile(r"<main\b.*?</main>", re.S | re.I)


def page_prose(markup: str) -> str:
    """The prose of a docs page: its main part without code (code shows identifiers on purpose)."""
    main = _MAIN.search(markup)
    return re.sub(r"\s+", " ", text_of_html(_CODE.sub(" ", main.group(0) if main else markup)))


def text_of_html(markup: str) -> str:
    """What a reader reads in HTML: styles and scripts dropped, tags removed, entities decoded."""
    return html.unescape(_TAG.sub(" ", _STYLE.sub(" ", markup)))


def notebook_texts(nb: dict) -> Iterator[tuple[int, str]]:
    """(cell number, text) of every stored output a reader sees: the HTML's text where there is HTML
    (every viewer shows it over text/plain), else text/plain or the stream; a picture's alt text."""
    for n, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out["output_type"] == "stream":
                yield n, "".join(out["text"])
            elif out["output_type"] in ("execute_result", "display_data"):
                data = {k: "".join(v) if isinstance(v, list) else v for k, v in out["data"].items()}
                if "text/html" in data:
                    yield n, text_of_html(data["text/html"])
                elif not any(k.startswith("image/") for k in data):
                    yield n, data.get("text/plain", "")
