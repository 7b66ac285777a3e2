"""参保激励 (incentive): the catastrophic cap a history of enrolment raises."""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as W

from ...calculators.incentive import HISTORY_COLUMNS, incentive
from ...errors import FieldPath, InputError
from ...format import number
from ...policy import load_policy
from ...result import Result
from .base import DESC, Calculator, opening, policy_dropdown, whole_box, whole_or_text
from .render import Table, render_result

_YES = {"是", "y", "yes", "true", "1", "参保", "有"}
_HISTORY_HELP = "每行一年:年度,是否参保,是否有基金报销,是否用了激励额度(是/否),例如:年度,是,否,否"
#: What separates the cells of a row: commas (ASCII, full width as a Chinese input method types them, 、),
#: semicolons, spaces (a full-width space too).
_SPLIT = re.compile("[,\uff0c\u3001;\uff1b\\s\u3000]+")


def _history_rows(text: str) -> tuple[list[dict[str, str]], list[int]]:
    """The history text area as mappings for :func:`yibao.calculators.incentive.incentive`, and each row's line number.
    Values stay text: the calculator parses them (是/否, yes/no, 1/0) and names the bad one."""
    rows, lines = [], []
    for n, line in enumerate(text.splitlines(), 1):
        cells = [c for c in _SPLIT.split(line.strip()) if c]
        if not cells:
            continue
        if len(cells) > len(HISTORY_COLUMNS):
            raise InputError("history", f"line {n} has {len(cells)} cells, more than {len(HISTORY_COLUMNS)}",
                             _HISTORY_HELP, params={"line": n})
        # A short row is kept short: the calculator names the value that is missing.
        rows.append(dict(zip(HISTORY_COLUMNS, cells, strict=False)))
        lines.append(n)
    return rows, lines


def _history_text(policy: str | None, year: object) -> str:
    """A starting history: enrolled without a claim every year from the policy's first incentive year
    to the year before ``year`` (none if ``year`` is not a whole number)."""
    rules = load_policy(policy).incentives if policy else None
    if rules is None or not isinstance(year, int):
        return ""
    return "\n".join(f"{y},是,否,否" for y in range(rules.first_year.value, year))


def incentive_calculator(policy: str | None = None) -> Calculator:
    """大病保险参保激励:逐年的参保和报销记录 → 某年度大病保险最高支付限额 → incentive() (no policy: the example's)."""
    policy, start = opening("incentive", policy)
    fields = [
        ("policy", policy_dropdown("incentive", policy)),
        ("history", W.Textarea(value=_history_text(policy, whole_or_text(start.get("year", ""))),
                               description="参保记录", placeholder=_HISTORY_HELP, continuous_update=False, style=DESC,
                               layout=W.Layout(width="30em", height="10em"))),
        ("year", whole_box("计算年度", placeholder="例如 2031")),
    ]

    def compute(v: dict[str, Any]) -> Result:
        rows, lines = _history_rows(v["history"])
        try:
            return incentive(v["policy"], rows, whole_or_text(v["year"]))
        except InputError as err:
            row = err.path.position_after("history")
            if err.path.root != "history" or row is None or len(err.path) > 3:
                raise
            line, column = lines[row], (err.path.name or "") if len(err.path) == 3 else ""
            # the line and column are params (the catalogue says them in Chinese); the English keeps them in words
            raise InputError("history", f"line {line}, {column or 'row'}: {err.problem}", err.allowed, kind=err.kind,
                             params={**err.params, "line": line, "column": column}) from None

    def field_of(path: FieldPath) -> str | None:
        # yibao.calculators.incentive names a year's problem in words too ("history year 2027, incentive_used")
        return "history" if str(path.root).startswith("history") else str(path)

    def render(r: Any) -> str:
        summary = [("年度", str(r.year)), ("大病保险最高支付限额(元)", number(r.cap)),
                   ("基本限额(元)", number(r.base_cap)),
                   ("连续参保年数", str(r.continuous_years)), ("连续参保激励(元)", number(r.continuous_amount)),
                   ("零报销激励(元)", number(r.zero_claim_amount)), ("合计提高(元)", number(r.total_raise)),
                   ("最多提高(元)", number(r.limit))]
        rows = [(str(y["year"]), "是" if y["enrolled"] else "否", str(y["continuous_years"]),
                 number(y["continuous_amount"]), number(y["zero_claim_amount"]), number(y["raise"]), number(y["cap"]))
                for y in r.years]
        table = Table("逐年", ("年度", "参保", "连续年数", "连续参保激励", "零报销激励", "提高", "最高支付限额"), rows,
                      cards=False)
        return render_result(r, summary, tables=[table])

    return Calculator("大病保险参保激励(连续参保、零报销)", fields, compute, render, field_of=field_of,
                      rules=("T14", "T15", "T16"), start=start)
