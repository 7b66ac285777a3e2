"""A result as HTML: headline, key figures, line items with their clauses, notes, assumptions."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from ...explain import steps
from ...format import number
from ...policy.model import Policy
from ...result import LineItem, Result

#: Said once under a result whose steps cite rule IDs: what "T17" is.
RULES_NOTE = ("“规则编号”(如 T17)是本计算器规则清单中的编号,便于与政策原文逐条核对;"
              "每一步依据的政策原文见“出处”和“原文”两栏。")


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _money(value: Decimal | None) -> str:
    return "" if value is None else number(value)


_ITEM_COLUMNS = ("项目", "金额(元)", "支付方", "规则编号", "出处", "原文")


def _item_rows(policy: Policy, items: Iterable[LineItem]) -> list[tuple[str, ...]]:
    """Each step (:func:`yibao.explain.steps`) as a row; how a computed number follows, under its label."""
    return [(s.label + (f"({s.how})" if s.how else ""), _money(s.amount), s.party, ", ".join(s.rules),
             s.source_title, s.clause) for s in steps(policy, items)]


def html_table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (),
               cards: bool = True) -> str:
    """A table from cells of plain text (each escaped here), in a box that scrolls sideways when it is
    wider than the page; each cell carries its column's name (``data-label``), so that on a phone the
    stylesheet shows every row as a card of "column: value" lines (``cards=False``: a narrow table that
    stays a table). ``numeric``: right-aligned columns."""
    th = "".join(f"<th scope='col'>{esc(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td data-label='{esc(h)}'" + (" class='num'" if i in numeric else "")
                         + f">{esc(c)}</td>" for i, (h, c) in enumerate(zip(head, r, strict=True))) + "</tr>"
        for r in rows)
    kind = "yibao-table yibao-cards" if cards else "yibao-table"
    return (f"<div class='yibao-scroll' role='region' tabindex='0'><table class='{kind}'>"
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>")


class Table(NamedTuple):
    """An extra table of a result: its title, header and rows of already formatted cells."""

    title: str
    head: Sequence[str]
    rows: Sequence[Sequence[str]]
    #: On a phone: a card per row (True), or a table that scrolls sideways (False: short numeric rows).
    cards: bool = True


def steps_html(title: str, result: Any) -> str:
    """Every step of a result, under ``title``: its own line items, then each claim's (a settled year),
    each with the clause it cites."""
    pol = result.policy
    items = list(result.items)
    for c in getattr(result, "claims", ()):
        items += c.items
    return f"<p><b>{esc(title)}</b></p>" + html_table(_ITEM_COLUMNS, _item_rows(pol, items), (1,))


def render_result(result: Result, summary: Sequence[tuple[str, str]] = (),
                  sections: Sequence[tuple[str, Sequence[LineItem]]] = (),
                  tables: Sequence[Table] = ()) -> str:
    """A result as HTML: headline, key figures, line items with their clauses, notes, assumptions and
    the full Chinese explanation. All text is escaped; money appears as ``1,234.56`` under a (元) header.

    ``summary``: (label, value) key figures; ``tables``: extra :class:`Table` s;
    ``sections``: further line items under a title (a settlement's claims).
    """
    pol = result.policy
    parts = [f"<div class='yibao-result'><p class='yibao-headline'><b>{esc(result.headline())}</b></p>",
             f"<p>政策:{esc(pol.title)}</p>"]
    if summary:
        parts.append(html_table(("项目", "数值"), summary, (1,), cards=False))
    for t in tables:
        parts.append(f"<p><b>{esc(t.title)}</b></p>" + html_table(t.head, t.rows, cards=t.cards))
    cites_rules = False
    for title, items in [("计算步骤", result.items), *sections]:
        if items:
            cites_rules = cites_rules or any(it.rules for it in items)
            parts.append(f"<p><b>{esc(title)}</b></p>" + html_table(_ITEM_COLUMNS, _item_rows(pol, items), (1,)))
    if cites_rules:
        parts.append(f"<p class='yibao-rules-note'>{esc(RULES_NOTE)}</p>")
    if result.notes:
        parts.append("<p><b>注意</b></p><ul>" + "".join(f"<li>{esc(n)}</li>" for n in result.notes) + "</ul>")
    if result.assumptions:
        parts.append("<p><b>本结果用到的假设</b>(政策原文没有写明、由本计算器选定的读法)</p><ul>" + "".join(
            f"<li>{esc(a.title)}:{esc(a.reading)}</li>" for a in result.assumption_details) + "</ul>")
    parts.append(f"<details><summary>完整说明</summary><pre style='white-space:pre-wrap'>{explained(result)}"
                 "</pre></details></div>")
    return "".join(parts)


def explained(result: Any) -> str:
    """``result.explain()`` for the page, escaped."""
    return esc(result.explain())
