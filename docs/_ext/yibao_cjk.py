"""Chinese paragraphs wrapped over several source lines read without stray spaces.

A line break inside a Markdown paragraph becomes a space in HTML: right between two Chinese characters
(“计算器。 这里”) it shows as a gap no Chinese text has. This transform drops such a break where both
neighbours are Chinese characters or full-width punctuation; a break next to a Latin letter or a digit
stays a space. Code, literal blocks and raw HTML are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*(?=[{CJK}])")


class JoinChineseLines(Transform):
    default_priority = 900  # after the parsers and Sphinx's own text transforms

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Text)):
            if "\n" not in node or isinstance(node.parent, (nodes.FixedTextElement, nodes.literal, nodes.raw)):
                continue
            text = BREAK.sub("", str(node))
            if text != str(node):
                node.parent.replace(node, nodes.Text(text))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(JoinChineseLines)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
