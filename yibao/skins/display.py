"""What a notebook reader sees: tables with Chinese headers, result cards and calculators as HTML.

The styles travel inline with every output (``<style>`` in the HTML), so tables keep their borders in
JupyterLab, in ``jupyter nbconvert --to html`` and in the docs site, with or without the web app's CSS.
Money and dates are formatted by :mod:`yibao.format` before they get here; this module only lays out.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

#: Borders, left-aligned text (Chinese reads from the left), right-aligned money, and a box that
#: scrolls sideways on a phone instead of widening the page.
STYLE = (
    "<style>"
    ".yibao-scroll{max-width:100%;overflow-x:auto}"
    "table.yibao-table{border-collapse:collapse;margin:.4em 0;font-size:90%;table-layout:auto}"
    "table.yibao-table th,table.yibao-table td,.yibao-card th,.yibao-card td{border:1px solid #b8b8b8!important;"
    "padding:.25em .5em!important;text-align:left!important;vertical-align:top!important}"
    "table.yibao-table thead th{background:#f3f3f3;white-space:nowrap}"
    "table.yibao-table td{min-width:3em}"
    "table.yibao-table td.yibao-num{text-align:right!important;white-space:nowrap}"
    "table.yibao-table td.yibao-quote{color:#444;min-width:12em}"
    ".yibao-card{border:1px solid #b8b8b8;border-radius:4px;padding:.4em .9em;margin:.4em 0;"
    "max-width:100%;overflow-x:auto;box-sizing:border-box}"
    ".yibao-card .yibao-card-tag{color:#666;font-size:85%;margin:0}"
    ".yibao-card table{border-collapse:collapse}"
    "</style>"
)


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


class Table:
    """A table for a reader: a DataFrame with Chinese column names and already formatted cells.

    Shown as HTML (styles inline, text left-aligned, ``numeric`` columns right-aligned, ``quotes``
    columns as quoted clauses); as text, the aligned pandas table. Everything else (``.loc``,
    ``.columns``, ...) is the DataFrame's, so checks can read the same table the reader sees.
    """

    def __init__(self, frame: pd.DataFrame, *, numeric: Iterable[str] = (), quotes: Iterable[str] = (),
                 title: str | None = None):
        self.frame = frame
        self.numeric = set(numeric)
        self.quotes = set(quotes)
        self.title = title

    def __getattr__(self, name: str) -> Any:
        if name == "frame":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.frame, name)

    def __getitem__(self, key: Any) -> Any:
        """``table[column]``: the column; ``table[rows]`` (a mask or a callable): those rows as a Table."""
        picked = self.frame[key]
        if isinstance(picked, pd.DataFrame):
            return Table(picked, numeric=self.numeric, quotes=self.quotes, title=self.title)
        return picked

    def __len__(self) -> int:
        return len(self.frame)

    def _cell(self, column: str, value: Any) -> str:
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        if column in self.quotes:
            return f"<td class='yibao-quote'>{esc(text)}</td>"
        cls = " class='yibao-num'" if column in self.numeric else ""
        return f"<td{cls}>{esc(text)}</td>"

    def _repr_html_(self) -> str:
        named_index = self.frame.index.name is not None
        head = ([f"<th>{esc(self.frame.index.name)}</th>"] if named_index else []) + \
            [f"<th>{esc(c)}</th>" for c in self.frame.columns]
        rows = []
        for key, row in self.frame.iterrows():
            cells = [f"<th>{esc(key)}</th>"] if named_index else []
            cells += [self._cell(c, row[c]) for c in self.frame.columns]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption style='text-align:left'>{esc(self.title)}</caption>" if self.title else ""
        return (f"{STYLE}<div class='yibao-scroll'><table class='yibao-table'>{caption}<thead><tr>{''.join(head)}"
                f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")

    def __repr__(self) -> str:
        if self.frame.empty:
            return "(无)"
        return self.frame.to_string(index=self.frame.index.name is not None)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], **kw: Any) -> Table:
    """A :class:`Table` from rows of formatted cells (keys: the Chinese column names)."""
    return Table(pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=list(columns)), **kw)


class Card:
    """A calculator's result as a static card: what the widget shows, stored in the notebook so a
    reader sees the example's answer before any kernel runs (and the text form is a sentence)."""

    def __init__(self, body_html: str, headline: str, tag: str = "示例结果"):
        self.body_html = body_html
        self.headline = headline
        self.tag = tag

    def _repr_html_(self) -> str:
        return (f"{STYLE}<div class='yibao-card'><p class='yibao-card-tag'>{esc(self.tag)}</p>"
                f"{self.body_html}</div>")

    def __repr__(self) -> str:
        return self.headline


class Note:
    """A sentence as an output (HTML paragraph, plain text alike)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return "".join(f"<p>{esc(line)}</p>" for line in self.text.split("\n"))

    def __repr__(self) -> str:
        return self.text


def say(*lines: str) -> Note:
    """One or more sentences for the reader, shown as an output."""
    return Note("\n".join(lines))


def card(calc: Any, tag: str = "示例结果(静态,运行笔记本后下方计算器可调整)") -> Card:
    """The static card of a calculator's current result (its example, when just built)."""
    result = calc.result
    if result is None:
        headline = calc.error or "尚无结果"
    else:
        headline = result.headline() if hasattr(result, "headline") else f"{calc.title}:结果见下表"
    return Card(calc.output.value, headline, tag=tag)


class Calculator:
    """A calculator as one output: the live widget when a kernel runs (JupyterLab, Voilà), the static
    card of its example everywhere else (stored notebook, HTML export, docs), a sentence as text.

    The stored notebook keeps the card and the sentence; ``scripts/build_notebooks.py`` drops the
    widget view (its model id changes every run), so two builds stay byte-identical."""

    def __init__(self, calc: Any):
        self.calc = calc

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.calc.widget._repr_mimebundle_() or {})
        static = card(self.calc)
        bundle["text/html"] = static._repr_html_()
        bundle["text/plain"] = f"交互计算器「{self.calc.title}」(示例:{static.headline})"
        return bundle

    def __repr__(self) -> str:
        return f"交互计算器「{self.calc.title}」"


def calculator(calc: Any) -> Calculator:
    """Show ``calc`` as live widget + stored example card (see :class:`Calculator`)."""
    return Calculator(calc)


class Picture:
    """A chart as a reader sees it: the PNG with alt text (HTML ``<img alt=…>``), the PNG alone for
    viewers without HTML, the alt text as plain text. The figure is closed, so ``plt.show()`` in the
    same cell draws nothing twice."""

    def __init__(self, fig: Any, alt: str | None = None):
        import base64
        import io

        import matplotlib.pyplot as plt

        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight", dpi=100)
        plt.close(fig)
        self.png = base64.b64encode(buf.getvalue()).decode("ascii")
        self.alt = alt or _figure_title(fig)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        img = (f"<img alt=\"{esc(self.alt)}\" src=\"data:image/png;base64,{self.png}\" "
               "style=\"max-width:100%;height:auto\">")
        return {"text/html": img, "image/png": self.png, "text/plain": f"图:{self.alt}"}

    def __repr__(self) -> str:
        return f"图:{self.alt}"


def _figure_title(fig: Any) -> str:
    """The figure's own title (suptitle, else the axes' titles): the alt text when none is given."""
    sup = getattr(fig, "_suptitle", None)
    titles = [sup.get_text()] if sup is not None and sup.get_text() else []
    titles += [t for ax in fig.axes if (t := ax.get_title())]
    return ";".join(titles) or "图表"


def figure(fig: Any, alt: str | None = None) -> Picture:
    """Show a matplotlib figure with alt text (default: its titles)."""
    return Picture(fig, alt)
