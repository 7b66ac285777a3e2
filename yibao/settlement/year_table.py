"""One person's year of many claims as a table: each claim's three layers straight from the engine's
arrays, the year (its line items, running totals, notes and assumptions) explained in full.

A year of 100 000 bills explained line by line is some 200 MB of text; as a table it is one line (or one
JSON object) per claim. What the line items would add to the year, the table says too: the reason a
claim is refused and its notes (the same for every claim of one kind of refusal), and the assumptions
used, found by explaining one claim of each path through the rules (:func:`_paths`): each assumption
first used on the same claim as in the full explanation, so the list is the same and in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from ..format import yuan
from ..money import from_fen
from ..policy.codes import KINDS
from ..policy.model import Policy
from .columns import ClaimColumns
from .explain import Explainer
from .inputs import Claim, Person
from .result import ClaimResult, YearSettlement
from .traces import Settlement
from .year import run_engine

#: How a claim is built for the rows explained in full (from the file's read values): its position → Claim.
ClaimAt = Callable[[int], Claim]


def money_strings(fen: np.ndarray) -> list[str]:
    """int64 fen as yuan text with two decimals (``816000`` → ``"8160.00"``, as ``money_text``)."""
    whole, cents = np.divmod(np.asarray(fen, dtype=np.int64), 100)
    return [f"{w}.{_CENTS[c]}" for w, c in zip(whole.tolist(), cents.tolist(), strict=True)]


_CENTS = [f"{i:02d}" for i in range(100)]


def yuan_texts(fen: np.ndarray) -> list[str]:
    """int64 fen as a person reads money, as :func:`yibao.format.yuan` writes it (``816000`` →
    ``"8,160.00 元"``), without a Decimal per value (a file may have 200 000 rows)."""
    a = np.asarray(fen, dtype=np.int64)
    whole, cents = np.divmod(np.abs(a), 100)
    return [f"{'-' if n else ''}{w:,}.{_CENTS[c]} 元"
            for n, w, c in zip((a < 0).tolist(), whole.tolist(), cents.tolist(), strict=True)]


def _groups(columns: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows equal in every column: (each group's first row, each row's group). A stable sort of the
    columns (``np.unique(axis=0)`` sorts rows as bytes, many times slower)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = [np.asarray(c) for c in columns]
    order = np.lexsort(keys[::-1])
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for k in keys:
        v = k[order]
        new[1:] |= v[1:] != v[:-1]
    group = np.cumsum(new) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = group
    return order[new], inverse


@dataclass
class YearTable(YearSettlement):
    """A :class:`YearSettlement` whose claims are columns (``claims`` stays empty): the layers per claim in
    file order, the year's items, state, notes and assumptions as the full explanation has them."""

    columns: ClaimColumns | None = None
    basic_fen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    catastrophic_fen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    assistance_fen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    refusal: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    #: Per claim: the code of its reason and notes (−1: none) into ``reasons`` / ``claim_notes``.
    reason_code: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    reasons: list[tuple[str | None, str | None, list[str]]] = field(default_factory=list)
    #: Per claim: its description (``2024年3月1日 住院(三级医院) 阑尾炎``), date, label and visit.
    describe: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)
    visits: list[str | None] = field(default_factory=list)
    levels: list[int | None] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.basic_fen)

    def _fen(self, amounts: np.ndarray) -> Decimal:
        return from_fen(int(amounts.sum()))

    @property
    def total_cost_fen(self) -> np.ndarray:
        c = self.columns
        assert c is not None
        return c.cost + c.outside

    @property
    def total_cost(self) -> Decimal:
        return self._fen(self.total_cost_fen)

    @property
    def basic(self) -> Decimal:
        return self._fen(self.basic_fen)

    @property
    def catastrophic(self) -> Decimal:
        return self._fen(self.catastrophic_fen)

    @property
    def assistance(self) -> Decimal:
        return self._fen(self.assistance_fen)

    @property
    def out_of_pocket(self) -> Decimal:
        return self.total_cost - self.basic - self.catastrophic - self.assistance

    def headline(self) -> str:
        """The full explanation's headline (:meth:`YearSettlement.headline`), counting the table's rows."""
        return (f"年度结算:{self.rows}笔费用共{yuan(self.total_cost)},基本医保支付{yuan(self.basic)},"
                + self._layers(self.catastrophic, self.assistance, "大病保险支付")
                + f"个人负担{yuan(self.out_of_pocket)}。")

    def _money(self) -> dict[str, list[str]]:
        c = self.columns
        assert c is not None
        total = self.total_cost_fen
        return {"cost": money_strings(c.cost), "outside_catalogue": money_strings(c.outside),
                "total_cost": money_strings(total), "basic": money_strings(self.basic_fen),
                "catastrophic": money_strings(self.catastrophic_fen), "assistance": money_strings(self.assistance_fen),
                "out_of_pocket": money_strings(total - self.basic_fen - self.catastrophic_fen - self.assistance_fen)}

    def claim_rows(self) -> list[dict[str, Any]]:
        """Each claim as ``ClaimResult.to_dict()`` has it, but for its line items."""
        c = self.columns
        assert c is not None
        m = self._money()
        kinds = [k.value for k in KINDS]
        reasons = [*self.reasons, (None, None, [])]  # code −1: paid
        keys = ("cost", "outside_catalogue", "total_cost", "basic", "catastrophic", "assistance", "out_of_pocket")
        out = []
        for i, (day, kind, label, visit, level, r, *money) in enumerate(zip(
                self.dates, c.kind.tolist(), self.labels, self.visits, self.levels, self.reason_code.tolist(),
                *(m[k] for k in keys), strict=True)):
            not_paid, reason, notes = reasons[r]
            cost, outside, total, b, cat, a, own = money
            out.append({"index": i, "date": day, "kind": kinds[kind], "label": label, "visit": visit, "level": level,
                        "cost": cost, "outside_catalogue": outside, "total_cost": total, "basic": b,
                        "catastrophic": cat, "assistance": a, "out_of_pocket": own, "reason_not_paid": not_paid,
                        "reason": reason, "notes": list(notes)})
        return out

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()  # the year, without claims (the list is built here, not walked again)
        out["claims"] = self.claim_rows()
        return out

    def claim_lines(self) -> list[str]:
        """One line per claim, in file order: its amounts as the full explanation's ``合计`` writes them."""
        c = self.columns
        assert c is not None
        total = self.total_cost_fen
        m = {k: yuan_texts(v) for k, v in (
            ("total_cost", total), ("outside_catalogue", c.outside), ("basic", self.basic_fen),
            ("catastrophic", self.catastrophic_fen), ("assistance", self.assistance_fen),
            ("out_of_pocket", total - self.basic_fen - self.catastrophic_fen - self.assistance_fen))}
        # the layers the policy has (a layer it lacks paid nothing), as YearSettlement._layers says them
        has_cat, has_aid = self.policy.catastrophic is not None, self.policy.assistance is not None
        reasons = [*self.reasons, (None, None, [])]
        out = []
        for i, (what, r, total_text, outside_fen, outside, b, cat, a, own) in enumerate(zip(
                self.describe, self.reason_code.tolist(), m["total_cost"], c.outside.tolist(), m["outside_catalogue"],
                m["basic"], m["catastrophic"], m["assistance"], m["out_of_pocket"], strict=True)):
            line = f"第{i + 1}笔 {what}:费用{total_text}"
            if outside_fen:
                line += f"(其中目录外{outside})"
            line += (f";基本医保{b}," + (f"大病保险{cat}," if has_cat else "") + (f"医疗救助{a}," if has_aid else "")
                     + f"个人负担{own}")
            _, reason, notes = reasons[r]
            if reason:
                line += f";不予报销:{reason}"
            out.append(line + "".join(f";注意:{n}" for n in notes))
        return out

    def explain(self) -> str:
        text = super().explain()  # the year without its claims; the table goes before the year's totals
        cut = text.index("\n\n年度累计:\n")
        table = [f"逐笔结算(共{self.rows}笔,按文件中的顺序;每笔的计算步骤和依据:--detail full):", *self.claim_lines()]
        return text[:cut] + "\n\n" + "\n".join(table) + text[cut:]


def settle_table(person: Person, columns: ClaimColumns, claim_at: ClaimAt, labels: list[str | None],
                 visits: list[str | None]) -> YearTable:
    """:func:`~yibao.settlement.year.settle_columns` of one person's checked claims, as a table.
    ``claim_at(i)``: the ``i``-th claim (built only for the claims explained in full)."""
    policy: Policy = person.policy  # type: ignore[assignment]
    n = len(columns)
    # as settle(): no tier guessed for a tiered bill (the claims built only as far as one is met)
    run = run_engine(person, (claim_at(i) for i in range(n)), columns)
    s, order, ordered = run.settlement, run.order, run.columns
    given = np.arange(n) if order is None else order  # sorted row → position in the file

    def in_file(a: np.ndarray | None) -> np.ndarray:
        out = np.zeros(n, dtype=np.int64)
        if a is not None:
            out[given] = a
        return out

    result = YearTable(policy=policy, person=person, columns=columns, basic_fen=in_file(s.basic.pay),
                       catastrophic_fen=in_file(s.catastrophic.pay if s.catastrophic is not None else None),
                       assistance_fen=in_file(s.assistance.pay if s.assistance is not None else None),
                       refusal=in_file(s.refusal).astype(np.int8), labels=labels, visits=visits)
    ex = Explainer(person, result, s, run.params, run.people)
    ex.history_notes = False
    ex.person_items()
    # one claim of each path through the rules, in settlement order: the reasons, notes and assumptions
    first, _ = _groups(_paths(s, ordered), n)
    kind_of: dict[tuple[int, int], int] = {}
    reason_code = np.full(n, -1, dtype=np.int64)
    for row in sorted(first.tolist()):
        cr = ClaimResult(int(given[row]), claim_at(int(given[row])))
        ex.claim(cr, row)
        if cr.reason is not None or cr.notes:
            key = (int(s.refusal[row]), int(s.retro[row]))
            if key not in kind_of:
                kind_of[key] = len(result.reasons)
                result.reasons.append((None if cr.reason_not_paid is None else cr.reason_not_paid.value, cr.reason,
                                       list(cr.notes)))
    for (refusal, retro), k in kind_of.items():
        reason_code[given[(s.refusal == refusal) & (s.retro == bool(retro))]] = k
    result.reason_code = reason_code
    ex.fill_state()
    ex.closing_notes()
    _describe(result, columns, claim_at)
    _repeated(result, columns)
    return result


def _paths(s: Settlement, c: ClaimColumns) -> list[np.ndarray]:
    """Per claim (settlement order), a row of small integers that tells which lines its explanation has and
    which policy values they cite: its kind, level and options, and each cap or segment it met."""
    n = len(c)
    cols: list[Any] = [c.kind, c.level, c.facility, c.drug, s.refusal, s.retro, c.outside > 0, c.cost == 0,
                              c.ethnic > 0, c.visit >= 0]
    b = s.basic
    if b.rated is not None:
        cols += [np.minimum(b.rated.admission, 3), b.rated.level_index, b.rated.long_contribution,
                 b.rated.deductible_ethnic > 0]
    for t in (b.general, b.employee):
        if t is not None:
            cols.append(b.pay < t.raw)
    if b.pooled is not None:
        cols += [b.pooled.visit_pay < b.pooled.raw, b.pooled.visit_paid_before > 0, b.pay < b.pooled.visit_pay]
    for sub in (s.catastrophic, s.assistance):
        if sub is None:
            continue
        on = np.zeros(n, dtype=bool)
        on[sub.rows] = True
        cols += [on, sub.pay > 0]
    cat = s.catastrophic
    if cat is not None:
        cols.append(cat.after > cat.deductible[0])
        for arrays in (*cat.parts, cat.at_cap):
            full = np.zeros(n, dtype=np.int64)
            full[cat.rows] = np.asarray(arrays) > 0
            cols.append(full)
    a = s.assistance
    if a is not None:
        for arrays in (a.left > 0, a.pay[a.rows] < a.raw):
            full = np.zeros(n, dtype=np.int64)
            full[a.rows] = arrays
            cols.append(full)
    return cols


def _describe(result: YearTable, c: ClaimColumns, claim_at: ClaimAt) -> None:
    """Each claim's date, level and description (``ClaimResult.describe``), once per distinct claim shape."""
    first, inverse = _groups([c.day, c.kind, c.level, c.facility, c.drug, c.visit, _codes(result.labels)], len(c))
    said, days, levels = [], [], []
    for i in first.tolist():
        claim = claim_at(i)
        said.append(ClaimResult(i, claim).describe())
        days.append(claim.date.isoformat())
        levels.append(claim.level)
    pick = inverse.tolist()
    result.describe = [said[j] for j in pick]
    result.dates = [days[j] for j in pick]
    result.levels = [levels[j] for j in pick]


def _repeated(result: YearTable, c: ClaimColumns) -> None:
    """Identical bills are settled apart, and said (as :func:`~yibao.settlement.year.settle_columns` says it)."""
    n = len(c)
    if n < 2:
        return
    first, inverse = _groups([c.day, c.kind, c.level, c.admission, c.facility, c.drug, c.cost, c.outside, c.ethnic,
                              c.excluded, c.designated, c.emergency, c.visit, _codes(result.labels)], n)
    earlier = first[inverse]
    for i in np.flatnonzero(earlier != np.arange(n)).tolist():
        result.notes.append(f"第{i + 1}笔与第{int(earlier[i]) + 1}笔完全相同,已分别结算;如为重复录入,请删除一笔。")


def _codes(values: list[Any]) -> np.ndarray:
    """Equal values, equal codes."""
    index: dict[Any, int] = {}
    return np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values))


@dataclass
class CitedOnce:
    """A fully explained year whose clauses are written once and referred to by number: in JSON each item's
    ``cite`` is an index into ``citations``; in text each ``依据〔k〕`` into the list at the end."""

    result: YearSettlement

    def to_dict(self) -> dict[str, Any]:
        out = self.result.to_dict()
        index: dict[tuple[Any, ...], int] = {}
        citations: list[dict[str, Any]] = []

        def cite(item: dict[str, Any]) -> dict[str, Any]:
            source, quote, path = item.pop("source"), item.pop("quote"), item.pop("path")
            item["cite"] = None
            if quote:
                key = (source, quote, path)
                if key not in index:
                    index[key] = len(citations)
                    citations.append({"source": source, "quote": quote, "path": path})
                item["cite"] = index[key]
            return item

        out["items"] = [cite(i) for i in out["items"]]
        for c in out["claims"]:
            c["items"] = [cite(i) for i in c["items"]]
        out["citations"] = citations
        return out

    def explain(self) -> str:
        index: dict[str, int] = {}
        lines = self.result.explain().split("\n")
        for i, line in enumerate(lines):
            head, sep, text = line.partition("依据:")
            if sep and not head.strip():
                k = index.setdefault(text, len(index) + 1)
                lines[i] = f"{head}依据〔{k}〕"
        lines += ["", "依据:"] + [f"〔{k}〕{text}" for text, k in index.items()]
        return "\n".join(lines)
