"""A result as HTML: headline, key figures, line items with their clauses, notes, assumptions."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any, Iterable, NamedTuple, Sequence

from ...money import fmt
from ...policy.model import Policy
from ...policy.provenance import quoted, source_name
from ...result import LineItem, Result
from ...vocabulary import party_zh


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _money(value: Decimal | None) -> str:
    return "" if value is None else fmt(value)


def _item_rows(policy: Policy, items: Iterable[LineItem]) -> list[str]:
    rows = []
    for it in items:
        title = source_name(policy.sources, it.source) if it.source else ""
        party = party_zh(it.party)
        rows.append(
            "<tr>"
            f"<td>{esc(it.label)}</td>"
            f"<td style='text-align:right'>{esc(_money(it.amount))}</td>"
            f"<td>{esc(party)}</td>"
            f"<td>{esc(', '.join(it.rules))}</td>"
            f"<td>{esc(title)}</td>"
            f"<td>{esc(quoted(policy.sources, it.source, it.quote))}</td>"
            "</tr>")
    return rows


_ITEM_HEAD = ("<tr><th>项目</th><th>金额(元)</th><th>支付方</th><th>规则</th><th>出处</th>"
              "<th>原文</th></tr>")


def html_table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain table from already rendered cells (each cell escaped here)."""
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table class='yibao-table'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


class Table(NamedTuple):
    """An extra table of a result: its title, header and rows of already formatted cells."""

    title: str
    head: Sequence[str]
    rows: Sequence[Sequence[str]]


def render_result(result: Result, summary: Sequence[tuple[str, str]] = (),
                  sections: Sequence[tuple[str, Sequence[LineItem]]] = (),
                  tables: Sequence[Table] = ()) -> str:
    """A result as HTML: headline, key figures, line items with their clauses, notes, assumptions and
    the full Chinese explanation. All text is escaped; money appears as plain ``"40.00"`` text.

    ``summary``: (label, value) key figures; ``tables``: extra :class:`Table` s;
    ``sections``: further line items under a title (a settlement's claims).
    """
    pol = result.policy
    parts = [f"<div class='yibao-result'><p><b>{esc(result.headline())}</b></p>",
             f"<p>政策:{esc(pol.title)}({esc(pol.id)})</p>"]
    if summary:
        parts.append(html_table(("项目", "数值"), summary))
    for title, head, rows in tables:
        parts.append(f"<p><b>{esc(title)}</b></p>" + html_table(head, rows))
    for title, items in [("计算步骤", result.items), *sections]:
        if items:
            parts.append(f"<p><b>{esc(title)}</b></p><table class='yibao-table'><thead>{_ITEM_HEAD}</thead><tbody>"
                         + "".join(_item_rows(pol, items)) + "</tbody></table>")
    if result.notes:
        parts.append("<p><b>注意</b></p><ul>" + "".join(f"<li>{esc(n)}</li>" for n in result.notes) + "</ul>")
    if result.assumptions:
        parts.append("<p><b>本结果用到的假设</b></p><ul>" + "".join(
            f"<li>{esc(a.title)}({esc(a.id)}):{esc(a.reading)}</li>" for a in result.assumption_details) + "</ul>")
    parts.append(f"<details><summary>完整说明</summary><pre style='white-space:pre-wrap'>{esc(result.explain())}"
                 "</pre></details></div>")
    return "".join(parts)
