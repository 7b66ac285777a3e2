"""Chinese labels where myst-nb writes English ones into the HTML, out of reach of any translation.

A folded code cell (the ``hide-input`` tag) is a ``<details>`` whose ``<summary>`` myst-nb labels
``aria-label="Toggle hidden content"``: a screen reader says that to a Chinese reader. Its visible prompts
are set in conf.py (显示代码 / 隐藏代码); this extension gives the summary a Chinese label to match, by
wrapping myst-nb's own HTML visitor (``app.add_node(..., override=True)``). If myst-nb changes the label,
tests/test_docs_build.py finds the English one on the built pages.
"""

from __future__ import annotations

from typing import Any

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput, visit_HideCellInput
from sphinx.application import Sphinx

ENGLISH = 'aria-label="Toggle hidden content"'
CHINESE = 'aria-label="显示或隐藏代码"'


def visit_folded_code(self: Any, node: HideCodeCellNode) -> None:
    start = len(self.body)
    visit_HideCellInput(self, node)
    self.body[start:] = [part.replace(ENGLISH, CHINESE) for part in self.body[start:]]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    app.add_node(HideCodeCellNode, override=True, html=(visit_folded_code, depart_HideCellInput))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
