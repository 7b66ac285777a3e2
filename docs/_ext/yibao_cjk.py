"""Chinese paragraphs wrapped over several source lines read without stray spaces.

A line break inside a Markdown paragraph becomes a space in HTML: right between two Chinese characters
(“计算器。 这里”) it shows as a gap no Chinese text has. This transform drops such a break between
Chinese characters or punctuation (also after the ASCII ``,;:!?)`` these pages use in Chinese sentences);
a break next to a Latin letter or a digit stays a space. Code, literal blocks and raw HTML are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
#: Before a break: a Chinese character or punctuation, or the ASCII punctuation these pages write in
#: Chinese sentences (“规则,写成”); after it: a Chinese character or punctuation.
BEFORE = re.compile(rf"[{CJK},;:!?)]")
CHAR = re.compile(rf"[{CJK}]")
BREAK = re.compile(rf"(?<=[{CJK},;:!?)])[ \t]*\n[ \t]*(?=[{CJK}])")


def _neighbour(parent: nodes.Element, i: int, last: bool) -> str:
    """The character next to the line break at ``parent[i]``: the end of the nearest sibling before it with
    text (``last``) or the start of the nearest one after it (MyST leaves empty Text nodes beside markup)."""
    siblings = parent.children[:i][::-1] if last else parent.children[i + 1:]
    for node in siblings:
        text = node.astext()
        if text:
            return text[-1] if last else text[0]
    return ""


class JoinChineseLines(Transform):
    default_priority = 900  # after the parsers and Sphinx's own text transforms

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Text)):
            parent = node.parent
            if "\n" not in node or parent is None or isinstance(parent, (nodes.FixedTextElement, nodes.literal,
                                                                         nodes.raw)):
                continue
            text = str(node)
            # by identity: Text nodes compare by their string, so index() would find the paragraph's first "\n"
            i = next(k for k, child in enumerate(parent.children) if child is node)
            if text.strip(" \t\n") == "":  # MyST keeps a soft line break as a Text node of its own
                before, after = _neighbour(parent, i, last=True), _neighbour(parent, i, last=False)
                joined = "" if BEFORE.match(before) and CHAR.match(after) else text
            else:
                joined = BREAK.sub("", text)
            if joined != text:
                parent[i] = nodes.Text(joined)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(JoinChineseLines)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
