"""What-if calculators as ipywidgets: thin skins over the calculators.

Every number shown comes from :mod:`yibao.premium`, :mod:`yibao.coverage`, :mod:`yibao.settlement`,
:mod:`yibao.flexible`, :mod:`yibao.maternity`, :mod:`yibao.incentives`, :mod:`yibao.account_sharing`,
:mod:`yibao.enrolment` or :mod:`yibao.compare`; this module only reads the inputs, passes them on
as text (money is never a float here: the calculators parse it) and renders the result.

A bad entry shows its message beside the field the calculator names (``InputError.field``), and
the last good result stays displayed. Results live in ``HTML`` widgets (not ``Output``), so they
can be checked without a browser: ``"40.00" in calc.output.value``.

    >>> calc = premium_calculator("lhasa-2025").set(groups=["dibao"])
    >>> calc.result.individual
    Decimal('40')
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Iterable, Sequence

import ipywidgets as W
from traitlets import TraitError

from .coverage import coverage
from .errors import InputError, NotCovered, YibaoError
from .account_sharing import INSURANCE, RELATIONS, account_sharing
from .compare import Comparison, compare_premiums
from .enrolment import eligibility
from .flexible import employee_insurance_stop, flexible_premium
from .incentives import HISTORY_COLUMNS, incentive
from .inputs import parse_whole
from .groups import Group, zh
from .maternity import maternity
from .money import fmt
from .policy import load_policy, policy_ids
from .policy.model import PAYER_ZH, Payer, Policy
from .premium import premium
from .provenance import quoted, source_name
from .result import LineItem, Result
from .vocabulary import DrugClass, Exclusion, Facility
from .settlement import Person, YearSettlement, settle
from .settlement import benefit_tiers as _benefit_tiers

__all__ = [
    "Calculator", "render_result", "premium_calculator", "coverage_calculator", "hospital_calculator",
    "flexible_calculator", "maternity_calculator", "stop_calculator", "incentive_calculator", "sharing_calculator",
    "enrolment_calculator", "compare_calculator", "CALCULATORS",
]

GENERAL = "general"
TIER_ZH = {"high": "高档", "low": "低档", "standard": "统一标准", "": "(不选)"}
SEX_OPTIONS = [("(未填)", ""), ("女", "female"), ("男", "male")]
LEVEL_OPTIONS = [("一级医院", 1), ("二级医院", 2), ("三级医院", 3)]
DELIVERY_OPTIONS = [("顺产", "normal"), ("剖宫产", "caesarean")]
GROUP_OPTIONS = [(zh(g), g.value) for g in Group]
_DESC = {"description_width": "11em"}


# ---------------------------------------------------------------- rendering


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _money(value: Decimal | None) -> str:
    return "" if value is None else fmt(value)


def _party(party: Any) -> str:
    return "" if party is None else party.zh


def _item_rows(policy: Policy, items: Iterable[LineItem]) -> list[str]:
    rows = []
    for it in items:
        title = source_name(policy.sources, it.source) if it.source else ""
        party = _party(it.party)
        rows.append(
            "<tr>"
            f"<td>{_e(it.label)}</td>"
            f"<td style='text-align:right'>{_e(_money(it.amount))}</td>"
            f"<td>{_e(party)}</td>"
            f"<td>{_e(', '.join(it.rules))}</td>"
            f"<td>{_e(title)}</td>"
            f"<td>{_e(quoted(policy.sources, it.source, it.quote))}</td>"
            "</tr>")
    return rows


_ITEM_HEAD = ("<tr><th>项目</th><th>金额(元)</th><th>支付方</th><th>规则</th><th>出处</th>"
              "<th>原文</th></tr>")


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain table from already rendered cells (each cell escaped here)."""
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table class='yibao-table'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def render_result(result: Result, summary: Sequence[tuple[str, str]] = (),
                  sections: Sequence[tuple[str, Sequence[LineItem]]] = (),
                  tables: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]] = ()) -> str:
    """A result as HTML: headline, key figures, line items with their clauses, notes, assumptions and
    the full Chinese explanation. All text is escaped; money appears as plain ``"40.00"`` text.

    ``summary``: (label, value) key figures; ``tables``: extra (title, header, rows) tables;
    ``sections``: further line items under a title (a settlement's claims).
    """
    pol = result.policy
    parts = [f"<div class='yibao-result'><p><b>{_e(result.headline())}</b></p>",
             f"<p>政策:{_e(pol.title)}({_e(pol.id)})</p>"]
    if summary:
        parts.append(_table(("项目", "数值"), summary))
    for title, head, rows in tables:
        parts.append(f"<p><b>{_e(title)}</b></p>" + _table(head, rows))
    for title, items in [("计算步骤", result.items), *sections]:
        if items:
            parts.append(f"<p><b>{_e(title)}</b></p><table class='yibao-table'><thead>{_ITEM_HEAD}</thead><tbody>"
                         + "".join(_item_rows(pol, items)) + "</tbody></table>")
    if result.notes:
        parts.append("<p><b>注意</b></p><ul>" + "".join(f"<li>{_e(n)}</li>" for n in result.notes) + "</ul>")
    if result.assumptions:
        parts.append("<p><b>本结果用到的假设</b></p><ul>" + "".join(
            f"<li>{_e(a.title)}({_e(a.id)}):{_e(a.reading)}</li>" for a in result.assumption_details) + "</ul>")
    parts.append(f"<details><summary>完整说明</summary><pre style='white-space:pre-wrap'>{_e(result.explain())}"
                 "</pre></details></div>")
    return "".join(parts)


# ---------------------------------------------------------------- the calculator frame


def _error_text(err: YibaoError, with_field: bool = True) -> str:
    """The calculator's message: field (unless shown beside it), problem, what is allowed."""
    if isinstance(err, (InputError, NotCovered)):
        text = f"{err.field}:{err.problem}" if with_field else err.problem
        if isinstance(err, InputError) and err.allowed:
            text += f"(可填:{err.allowed})"
        if isinstance(err, NotCovered) and err.rules:
            text += f"[{', '.join(err.rules)}]"
        return text
    return str(err)


class Calculator:
    """One what-if calculator: input widgets, an error beside each, and the last good result as HTML.

    ``compute(values) -> Result`` calls the calculator; ``render(result) -> str`` draws it;
    ``field_of(error_field) -> input name`` maps the calculator's field names (``claims[0].cost``)
    to the input that holds the value. ``refresh(calc)`` runs when the policy changes, before computing.
    ``rules`` lists the rule IDs the inputs can reach (the widgets' share of issue #4's "done when").
    """

    def __init__(self, title: str, fields: Sequence[tuple[str, W.Widget]],
                 compute: Callable[[dict[str, Any]], Any], render: Callable[[Any], str],
                 field_of: Callable[[str], str | None] | None = None,
                 on_policy: Callable[["Calculator"], None] | None = None, rules: Sequence[str] = ()):
        self.title = title
        #: The rule IDs (``../shared/RULES.md``) this calculator can reach through its inputs.
        self.rules: tuple[str, ...] = tuple(rules)
        self.inputs: dict[str, W.Widget] = dict(fields)
        self.errors: dict[str, W.HTML] = {n: W.HTML(value="") for n in self.inputs}
        self.errors[GENERAL] = W.HTML(value="")
        self.output = W.HTML(value="<p>(尚无结果)</p>")
        self.status = W.HTML(value="")
        self.result: Any = None
        self.error: str = ""
        self._compute = compute
        self._render = render
        self._field_of = field_of or (lambda f: f)
        self._on_policy = on_policy
        self._hold = False
        rows = [W.HBox([w, self.errors[n]]) for n, w in self.inputs.items()]
        self.widget = W.VBox([W.HTML(value=f"<h3>{_e(title)}</h3>"), *rows, self.errors[GENERAL],
                              self.status, self.output])
        for name, w in self.inputs.items():
            w.observe(self._changed(name), names="value")
        if on_policy and "policy" in self.inputs:
            self._hold = True
            try:
                on_policy(self)
            finally:
                self._hold = False
        self.recompute()

    def _changed(self, name: str) -> Callable[[dict], None]:
        def handler(change: dict) -> None:
            if self._hold:
                return
            if name == "policy" and self._on_policy:
                self._hold = True
                try:
                    self._on_policy(self)
                finally:
                    self._hold = False
            self.recompute()
        return handler

    def values(self) -> dict[str, Any]:
        return {n: w.value for n, w in self.inputs.items()}

    def set(self, **values: Any) -> "Calculator":
        """Set inputs by field name (policy first, so its tiers are in place), recompute once."""
        unknown = [k for k in values if k not in self.inputs]
        if unknown:
            raise KeyError(f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(self.inputs)}")
        bad: dict[str, str] = {}
        self._hold = True
        try:
            for name in sorted(values, key=lambda k: k != "policy"):
                w, v = self.inputs[name], values[name]
                if isinstance(w, W.Text):
                    v = "" if v is None else v.isoformat() if isinstance(v, date) else \
                        str(v) if isinstance(v, (int, Decimal)) and not isinstance(v, bool) else v
                elif isinstance(w, W.SelectMultiple):
                    v = (v,) if isinstance(v, str) else tuple(v or ())
                elif isinstance(w, W.Dropdown) and v is None:
                    v = ""
                try:
                    w.value = v
                except (TraitError, ValueError, TypeError) as e:
                    bad[name] = f"{v!r} 不是可选的值:{e}"
                if name == "policy" and self._on_policy and name not in bad:
                    self._on_policy(self)
        finally:
            self._hold = False
        self.recompute()
        for name, text in bad.items():
            self._show(name, text)
        return self

    def _show(self, name: str, text: str, beside: str | None = None) -> None:
        """Show ``beside`` (else ``text``) next to the input ``name`` (unknown names: the general label)."""
        target = name if name in self.errors else GENERAL
        shown = text if target == GENERAL or beside is None else beside
        self.errors[target].value = f"<span style='color:#b00020'>⚠ {_e(shown)}</span>"
        self.error = "; ".join(t for t in (self.error, text) if t)
        self.status.value = ("<p style='color:#b00020'>输入有误:下面仍是上一次有效的结果</p>"
                             if self.result is not None else "")

    def recompute(self) -> None:
        """Run the calculator on the current inputs; on a bad entry keep the last good result."""
        for e in self.errors.values():
            e.value = ""
        self.error = ""
        self.status.value = ""
        try:
            result = self._compute(self.values())
            rendered = self._render(result)
        except (InputError, NotCovered) as err:
            self._show(self._field_of(err.field) or GENERAL, _error_text(err), beside=_error_text(err, False))
            return
        except YibaoError as err:
            self._show(GENERAL, _error_text(err))
            return
        except Exception as err:  # noqa: BLE001 - a notebook shows a message, never a traceback
            self._show(GENERAL, f"计算出错({type(err).__name__}):{err}")
            return
        self.result = result
        self.output.value = rendered

    def __repr__(self) -> str:
        return f"<Calculator {self.title}: {'输入有误' if self.error else '结果已算出' if self.result else '尚无结果'}>"

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a front end
        from IPython.display import display
        display(self.widget)


# ---------------------------------------------------------------- input helpers


def _text(label: str, value: str = "", placeholder: str = "") -> W.Text:
    return W.Text(value=value, description=label, placeholder=placeholder, continuous_update=False,
                  style=_DESC)


def _opt(text: str) -> str | None:
    """Empty text means "not given"."""
    return text.strip() or None


def _whole_or_text(text: str) -> int | str | None:
    """A whole number from a text box (read as everywhere: :func:`yibao.inputs.parse_whole`, so
    full-width digits count and ``1_0`` or ``٣`` do not), or the text itself for the calculator to refuse."""
    if not text.strip():
        return None
    try:
        return parse_whole(text, "value", -(2 ** 63), 2 ** 63 - 1)
    except InputError:
        return text.strip()


def _policies(has: Callable[[Policy], Any]) -> list[tuple[str, str]]:
    out = []
    for pid in policy_ids():
        if pid.startswith("_"):
            continue
        try:
            pol = load_policy(pid)
        except YibaoError:
            continue
        if has(pol):
            out.append((f"{pid} · {pol.title}", pid))
    return out


def _policy_dropdown(has: Callable[[Policy], Any], value: str) -> W.Dropdown:
    options = _policies(has)
    if value not in [v for _, v in options]:
        raise InputError("policy", f"{value!r} is not a policy this calculator can use",
                         ", ".join(v for _, v in options))
    return W.Dropdown(options=options, value=value, description="政策", style=_DESC,
                      layout=W.Layout(width="46em"))


def _groups_widget() -> W.SelectMultiple:
    return W.SelectMultiple(options=GROUP_OPTIONS, value=(), description="人群(可多选)", rows=6, style=_DESC)


def _first_payment_day(policy: str) -> str:
    """A starting value for the payment date: the first day of the policy's first payment window."""
    cov = load_policy(policy).coverage
    return cov.windows[0].paid_from.isoformat() if cov and cov.windows else ""


def _tier_refresher(tiers_of: Callable[[Policy], Sequence[str]], allow_blank: Callable[[Sequence[str]], bool]):
    """On a policy change: the tier dropdown gets the policy's tiers, keeping the choice if still offered."""
    def refresh(calc: Calculator) -> None:
        tier = calc.inputs["tier"]
        tiers = list(tiers_of(load_policy(calc.inputs["policy"].value)))
        codes = ([""] if allow_blank(tiers) else []) + tiers
        default = tiers[0] if len(tiers) > 1 else codes[0]
        keep = tier.value if tier.value and tier.value in codes else default
        tier.options = [(TIER_ZH.get(c, c), c) for c in codes]
        tier.value = keep
    return refresh


def _premium_tiers(pol: Policy) -> list[str]:
    tiers = pol.premium.tiers if pol.premium else {}
    return sorted(tiers, key=lambda k: tiers[k].value, reverse=True)


def _tier_dropdown() -> W.Dropdown:
    return W.Dropdown(options=[(TIER_ZH[""], "")], value="", description="缴费档次", style=_DESC)


# ---------------------------------------------------------------- the calculators


def premium_calculator(policy: str = "lhasa-2025") -> Calculator:
    """个人缴费:policy, tier, groups, sex, birth_date, income, paid_on → premium()."""
    fields = [
        ("policy", _policy_dropdown(lambda p: p.premium, policy)),
        ("tier", _tier_dropdown()),
        ("groups", _groups_widget()),
        ("sex", W.Dropdown(options=SEX_OPTIONS, value="", description="性别", style=_DESC)),
        ("birth_date", _text("出生日期", placeholder="YYYY-MM-DD,可不填")),
        ("income", _text("年收入(元)", placeholder="可不填,如 9000")),
        ("paid_on", _text("缴费日期", placeholder="YYYY-MM-DD,可不填")),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return premium(v["policy"], tier=v["tier"] or None, groups=v["groups"], sex=v["sex"] or None,
                       birth_date=_opt(v["birth_date"]), income=_opt(v["income"]), paid_on=_opt(v["paid_on"]))

    def render(r: Any) -> str:
        summary = [("个人缴费(元)", fmt(r.individual)), ("缴费标准(元)", fmt(r.standard)),
                   ("档次", TIER_ZH.get(r.tier, r.tier))]
        summary += [(f"{PAYER_ZH[Payer(p)]}支付(元)", fmt(a)) for p, a in r.paid_by.items() if p != Payer.individual]
        if r.age is not None:
            summary.append(("年龄(周岁)", str(r.age)))
        return render_result(r, summary)

    return Calculator("城乡居民医保个人缴费", fields, compute, render,
                      on_policy=_tier_refresher(_premium_tiers, lambda t: True),
                      rules=("L3", "L4", "L5", "L6", "L7", "L8", "T12", "T13", "T27", "F5", "X2", "X4", "X6", "X7",
                             "Y2"))


def coverage_calculator(policy: str = "lhasa-2025") -> Calculator:
    """待遇享受期:policy, paid_on, groups, birth_date, gap_years, backpaid_years,
    employee_insurance_ended_on, tier → coverage()."""
    fields = [
        ("policy", _policy_dropdown(lambda p: p.coverage, policy)),
        ("paid_on", _text("缴费日期", value=_first_payment_day(policy), placeholder="YYYY-MM-DD")),
        ("groups", _groups_widget()),
        ("birth_date", _text("出生日期", placeholder="YYYY-MM-DD,可不填")),
        ("gap_years", W.IntText(value=0, description="断保年数", style=_DESC)),
        ("backpaid_years", W.IntText(value=0, description="补缴年数", style=_DESC)),
        ("employee_insurance_ended_on", _text("职工医保终止日期", placeholder="YYYY-MM-DD,可不填")),
        ("tier", _tier_dropdown()),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return coverage(v["policy"], paid_on=v["paid_on"].strip(), groups=v["groups"],
                        birth_date=_opt(v["birth_date"]), gap_years=v["gap_years"],
                        backpaid_years=v["backpaid_years"],
                        employee_insurance_ended_on=_opt(v["employee_insurance_ended_on"]), tier=v["tier"] or None)

    def render(r: Any) -> str:
        summary = [("缴费日期", str(r.paid_on)), ("待遇开始", str(r.start)), ("待遇截止", str(r.end)),
                   ("本年度能享受待遇", "是" if r.covered_this_year else "否"),
                   ("等待期(月)", f"{r.waiting_months}(固定 {r.fixed_waiting_months},变动 {r.variable_waiting_months})")]
        if r.backpay_cost:
            summary.append(("补缴费用(元)", fmt(r.backpay_cost)))
        return render_result(r, summary)

    calc = Calculator("待遇享受时间", fields, compute, render,
                      on_policy=_tier_refresher(_premium_tiers, lambda t: True),
                      rules=("L1", "L9", "L12", "T17", "T24", "F6", "X3", "X4", "X5", "Y1", "Y3", "Y4"))
    return calc


def _hospital_claims(v: dict[str, Any], day: str) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The claims the inputs describe, and which input each claim index came from."""
    claims: list[dict[str, Any]] = []
    source: dict[int, str] = {}
    ethnic, excluded = v["ethnic_share"].strip(), v["excluded"] or None
    for _ in range(v["admissions"]):
        source[len(claims)] = "cost"
        claim = {"date": day, "kind": "inpatient", "cost": v["cost"].strip(), "level": v["level"]}
        if ethnic:
            claim["ethnic_share"] = ethnic
        if excluded:
            claim["excluded"] = excluded
        claims.append(claim)
    for kind in ("general_outpatient", "special_outpatient", "delivery", "employee_outpatient",
                 "pooled_outpatient"):
        if v[kind].strip():
            source[len(claims)] = kind
            claim = {"date": day, "kind": kind, "cost": v[kind].strip()}
            if kind == "pooled_outpatient":
                claim.update(facility=v["facility"], drug_class=v["drug_class"], visit="1")
            claims.append(claim)
    other = v.get("pooled_outpatient_other", "").strip()
    if other:
        # the other drug class of the same visit: one per-visit cap for both rows (Y6 "每人每日每次")
        source[len(claims)] = "pooled_outpatient_other"
        claims.append({"date": day, "kind": "pooled_outpatient", "cost": other, "facility": v["facility"],
                       "drug_class": "yi" if v["drug_class"] == "jia" else "jia", "visit": "1"})
    return claims, source


_CLAIM_FIELD = re.compile(r"^claims\[(\d+)\]\.?(\w*)$")
FACILITY_OPTIONS = [(f.zh, f.value) for f in Facility]
DRUG_OPTIONS = [(d.zh, d.value) for d in DrugClass]
EXCLUDED_OPTIONS = [("(无,按规定报销)", "")] + [(e.zh, e.value) for e in Exclusion]


def hospital_calculator(policy: str = "xizang-2024") -> Calculator:
    """一年的看病费用:住院(次数 × 每次费用,可含藏药民族药、可选不予报销原因)、普通门诊、门诊特殊病、
    住院分娩、职工医保门诊统筹(在职/退休)、运城门诊统筹(机构 × 甲乙类)→ settle(),分三重保障。

    The first nine fields are those of the first version (their names still work); the later ones are
    optional and empty by default, so the same year settles as before.
    """
    fields = [
        ("policy", _policy_dropdown(lambda p: p.basic, policy)),
        ("tier", W.Dropdown(options=[(TIER_ZH[""], "")], value="", description="待遇档次", style=_DESC)),
        ("groups", _groups_widget()),
        ("continuous_years", W.IntText(value=0, description="连续参保年数", style=_DESC)),
        ("level", W.Dropdown(options=LEVEL_OPTIONS, value=3, description="医院级别", style=_DESC)),
        ("admissions", W.BoundedIntText(value=1, min=0, max=50, description="住院次数", style=_DESC)),
        ("cost", _text("每次住院合规费用(元)", value="10000", placeholder="如 10000")),
        ("general_outpatient", _text("普通门诊费用(元)", placeholder="可不填")),
        ("special_outpatient", _text("门诊特殊病费用(元)", placeholder="可不填")),
        ("ethnic_share", _text("每次住院中藏药民族药乙类(元)", placeholder="可不填,含在住院费用内")),
        ("excluded", W.Dropdown(options=EXCLUDED_OPTIONS, value="", description="住院不予报销原因", style=_DESC)),
        ("delivery", _text("住院分娩费用(元)", placeholder="可不填")),
        ("employee_outpatient", _text("职工医保门诊费用(元)", placeholder="可不填")),
        ("retired", W.Checkbox(value=False, description="退休人员(职工医保)", style=_DESC)),
        ("major_disease", W.Checkbox(value=False, description="重特大疾病患者(医疗救助限额30万元)", style=_DESC)),
        ("pooled_outpatient", _text("门诊统筹费用(元,一次)", placeholder="可不填,如运城")),
        ("facility", W.Dropdown(options=FACILITY_OPTIONS, value="primary", description="门诊统筹机构", style=_DESC)),
        ("drug_class", W.Dropdown(options=DRUG_OPTIONS, value="jia", description="门诊统筹药品类别", style=_DESC)),
        ("pooled_outpatient_other", _text("同一次就诊另一类药品费用(元)",
                                          placeholder="可不填:与上面同一次就诊的乙类(或甲类)费用,共用每次50元限额")),
    ]
    sources: dict[int, str] = {}

    def compute(v: dict[str, Any]) -> Result:
        person = Person(v["policy"], tier=v["tier"] or None, groups=v["groups"],
                        continuous_years=v["continuous_years"], retired=v["retired"],
                        major_disease=v["major_disease"])
        claims, src = _hospital_claims(v, person.policy.in_force.start.isoformat())  # type: ignore[union-attr]
        sources.clear()
        sources.update(src)
        return settle(person, claims)

    def field_of(name: str) -> str | None:
        m = _CLAIM_FIELD.match(name)
        if not m:
            return name
        index, column = int(m.group(1)), m.group(2)
        origin = sources.get(index)
        if column in ("level", "ethnic_share", "excluded", "facility", "drug_class"):
            return column
        if column == "admission" or (column == "kind" and origin == "cost"):
            return "admissions"
        return origin if column in ("cost", "kind", "") and origin else GENERAL

    def render(r: YearSettlement) -> str:
        summary = [("总费用(元)", fmt(r.total_cost)), ("基本医保(元)", fmt(r.basic)),
                   ("大病保险(元)", fmt(r.catastrophic)), ("医疗救助(元)", fmt(r.assistance)),
                   ("个人负担(元)", fmt(r.out_of_pocket))]
        rows = [(f"{c.index + 1}", c.describe(), fmt(c.total_cost), fmt(c.basic), fmt(c.catastrophic),
                 fmt(c.assistance), fmt(c.out_of_pocket), c.reason or "") for c in r.claims]
        table = ("每笔费用", ("#", "费用", "总费用", "基本医保", "大病保险", "医疗救助", "个人负担", "不予报销原因"), rows)
        sections = [(f"第{c.index + 1}笔 {c.describe()}", c.items) for c in r.claims]
        return render_result(r, summary, sections=sections, tables=[table])

    return Calculator("住院和门诊费用报销(三重保障)", fields, compute, render, field_of=field_of,
                      on_policy=_tier_refresher(lambda p: [t for t in _benefit_tiers(p) if t != "standard"],
                                                lambda t: not t),
                      rules=("T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T13", "T18", "T19", "T23",
                             "F9", "Y6"))


def flexible_calculator(policy: str = "lhasa-2024") -> Calculator:
    """灵活就业人员:上年度社平工资(月)→ 职工医保月缴/年缴,对照居民医保各档。"""
    fields = [
        ("policy", _policy_dropdown(lambda p: p.flexible, policy)),
        ("average_wage", _text("上年度社平工资(月,元)", value="10791", placeholder="如 10791")),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return flexible_premium(v["average_wage"].strip(), policy=v["policy"])

    def render(r: Any) -> str:
        summary = [("职工医保每月(元)", fmt(r.monthly)), ("职工医保一年(元)", fmt(r.annual))]
        summary += [(f"居民医保{TIER_ZH.get(k, k)}一年(元)", fmt(a)) for k, a in r.resident_tiers.items()]
        return render_result(r, summary)

    return Calculator("灵活就业人员:职工医保还是居民医保", fields, compute, render, rules=("F1", "F5", "F7", "F8"))


def maternity_calculator(policy: str = "xizang-2024") -> Calculator:
    """职工生育待遇:delivery, babies, difficult, surviving_babies, average_wage_last_year → maternity()."""
    fields = [
        ("policy", _policy_dropdown(lambda p: p.maternity, policy)),
        ("delivery", W.Dropdown(options=DELIVERY_OPTIONS, value="normal", description="分娩方式", style=_DESC)),
        ("babies", W.IntText(value=1, description="婴儿数", style=_DESC)),
        ("difficult", W.Checkbox(value=False, description="难产", style=_DESC)),
        ("surviving_babies", _text("存活4个月以上婴儿数", placeholder="可不填(默认全部)")),
        ("average_wage_last_year", _text("上年度在职职工年平均工资(元)", placeholder="可不填")),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return maternity(v["policy"], delivery=v["delivery"], babies=v["babies"], difficult=v["difficult"],
                         surviving_babies=_whole_or_text(v["surviving_babies"]),
                         average_wage_last_year=_opt(v["average_wage_last_year"]))

    def render(r: Any) -> str:
        summary = [("生育医疗费用包干(元)", fmt(r.lump_sum)), ("生育津贴(天)", str(r.allowance_days)),
                   ("配偶护理津贴(天)", str(r.nursing_days))]
        if r.nutrition_allowance is not None:
            summary.append(("一次性营养补助(元)", fmt(r.nutrition_allowance)))
        return render_result(r, summary)

    return Calculator("职工生育待遇", fields, compute, render, rules=("T21", "T22"))


def stop_calculator(policy: str = "lhasa-2024") -> Calculator:
    """解除劳动关系后:职工医保何时停保、失业期间谁来缴、个人账户能否家庭共享 → employee_insurance_stop()."""
    fields = [
        ("policy", _policy_dropdown(lambda p: p.flexible, policy)),
        ("employment_ended_on", _text("解除劳动关系日期", value="2024-06-15", placeholder="YYYY-MM-DD")),
        ("receiving_unemployment_benefit", W.Checkbox(value=False, description="正在领取失业保险金", style=_DESC)),
        ("account_balance", _text("个人账户余额(元)", placeholder="可不填,如 3500")),
        ("relative_in_region", W.Checkbox(value=True, description="共享的亲属在区内", style=_DESC)),
        ("relative_status_normal", W.Checkbox(value=True, description="亲属参保状态正常", style=_DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return employee_insurance_stop(v["employment_ended_on"].strip(),
                                       receiving_unemployment_benefit=v["receiving_unemployment_benefit"],
                                       account_balance=_opt(v["account_balance"]),
                                       relative_in_region=v["relative_in_region"],
                                       relative_status_normal=v["relative_status_normal"], policy=v["policy"])

    def render(r: Any) -> str:
        summary = [("解除劳动关系", str(r.employment_ended_on)),
                   ("停保日期", str(r.stops_on) if r.stops_on else "不停保(失业保险基金代缴)"),
                   ("职工医保由谁缴", "失业保险基金" if r.premium_paid_by == "unemployment_fund" else "个人"),
                   ("个人账户只能用于药费", "是" if r.account_for_medicines_only else "否")]
        if r.account_sharing_allowed is not None:
            summary.append(("个人账户可以家庭共享", "是" if r.account_sharing_allowed else "否"))
        return render_result(r, summary)

    return Calculator("解除劳动关系后的职工医保", fields, compute, render, rules=("F2", "F3", "F4"))


# ---------------------------------------------------------------- incentives (T14–T16)


_YES = {"是", "y", "yes", "true", "1", "参保", "有"}
_HISTORY_HELP = "每行一年:年度,是否参保,是否有基金报销,是否用了激励额度(是/否),如 2025,是,否,否"
_SPLIT = re.compile(r"[,,\s]+")


def _history_rows(text: str) -> tuple[list[dict[str, str]], list[int]]:
    """The history text area as mappings for :func:`yibao.incentives.incentive`, and each row's line number.
    Values stay text: the calculator parses them (是/否, yes/no, 1/0) and names the bad one."""
    rows, lines = [], []
    for n, line in enumerate(text.splitlines(), 1):
        cells = [c for c in _SPLIT.split(line.strip()) if c]
        if not cells:
            continue
        if len(cells) > len(HISTORY_COLUMNS):
            raise InputError("history", f"第{n}行有{len(cells)}项,多于{len(HISTORY_COLUMNS)}项", _HISTORY_HELP)
        rows.append(dict(zip(HISTORY_COLUMNS, cells)))
        lines.append(n)
    return rows, lines


_HISTORY_FIELD = re.compile(r"^history\[(\d+)\]\.?(\w*)$")
_HISTORY_ZH = {"year": "年度", "enrolled": "是否参保", "fund_reimbursed": "是否有基金报销",
               "incentive_used": "是否用了激励额度"}


def incentive_calculator(policy: str = "xizang-2025") -> Calculator:
    """大病保险参保激励:逐年的参保和报销记录 → 某年度大病保险最高支付限额 → incentive()."""
    years = range(2025, 2031)
    fields = [
        ("policy", _policy_dropdown(lambda p: p.incentives and p.catastrophic, policy)),
        ("history", W.Textarea(value="\n".join(f"{y},是,否,否" for y in years), description="参保记录",
                               placeholder=_HISTORY_HELP, continuous_update=False, style=_DESC,
                               layout=W.Layout(width="30em", height="10em"))),
        ("year", W.IntText(value=2031, description="计算年度", style=_DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        rows, lines = _history_rows(v["history"])
        try:
            return incentive(v["policy"], rows, v["year"])
        except InputError as err:
            m = _HISTORY_FIELD.match(err.field)
            if not m:
                raise
            line, column = lines[int(m.group(1))], m.group(2)
            raise InputError("history", f"第{line}行 {_HISTORY_ZH.get(column, column)}:{err.problem}",
                             err.allowed) from None

    def field_of(name: str) -> str | None:
        return "history" if name.startswith("history") else name

    def render(r: Any) -> str:
        summary = [("年度", str(r.year)), ("大病保险最高支付限额(元)", fmt(r.cap)), ("基本限额(元)", fmt(r.base_cap)),
                   ("连续参保年数", str(r.continuous_years)), ("连续参保激励(元)", fmt(r.continuous_amount)),
                   ("零报销激励(元)", fmt(r.zero_claim_amount)), ("合计提高(元)", fmt(r.total_raise)),
                   ("最多提高(元)", fmt(r.limit))]
        rows = [(str(y["year"]), "是" if y["enrolled"] else "否", str(y["continuous_years"]),
                 fmt(y["continuous_amount"]), fmt(y["zero_claim_amount"]), fmt(y["raise"]), fmt(y["cap"]))
                for y in r.years]
        table = ("逐年", ("年度", "参保", "连续年数", "连续参保激励", "零报销激励", "提高", "最高支付限额"), rows)
        return render_result(r, summary, tables=[table])

    return Calculator("大病保险参保激励(连续参保、零报销)", fields, compute, render, field_of=field_of,
                      rules=("T14", "T15", "T16"))


# ---------------------------------------------------------------- account sharing (T20)


RELATION_OPTIONS = [(zh_name, code) for code, zh_name in RELATIONS.items()]
INSURANCE_OPTIONS = [(zh_name, code) for code, zh_name in INSURANCE.items()]


def sharing_calculator(policy: str = "xizang-2024") -> Calculator:
    """职工医保个人账户家庭共济:亲属本人的费用由谁的账户付 → account_sharing()."""
    fields = [
        ("policy", _policy_dropdown(lambda p: p.account_sharing, policy)),
        ("relation", W.Dropdown(options=RELATION_OPTIONS, value="spouse", description="与授权人的关系", style=_DESC)),
        ("member_insurance", W.Dropdown(options=INSURANCE_OPTIONS, value="resident", description="亲属参加",
                                        style=_DESC)),
        ("cost", _text("亲属的费用(元)", value="500", placeholder="如 500")),
        ("authoriser_balance", _text("授权人账户余额(元)", value="1000", placeholder="如 1000")),
        ("member_balance", _text("亲属本人账户余额(元)", value="0", placeholder="居民医保没有个人账户")),
        ("member_insured_in_tibet", W.Checkbox(value=True, description="亲属在西藏参保", style=_DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return account_sharing(v["relation"], v["member_insurance"], v["cost"].strip(),
                               authoriser_balance=v["authoriser_balance"].strip(),
                               member_balance=v["member_balance"].strip() or "0",
                               member_insured_in_tibet=v["member_insured_in_tibet"], policy=v["policy"])

    def render(r: Any) -> str:
        summary = [("可以使用授权人账户", "是" if r.allowed else "否"), ("本人账户支付(元)", fmt(r.from_own_account)),
                   ("授权人账户支付(元)", fmt(r.from_authoriser)), ("其余自付(元)", fmt(r.left_to_pay))]
        return render_result(r, summary)

    return Calculator("职工医保个人账户家庭共济", fields, compute, render, rules=("T20",))


# ---------------------------------------------------------------- enrolment (L2, X1, X9)


def _category_refresher(calc: Calculator) -> None:
    """On a policy change: the categories the policy names (none: the dropdown offers only "(不选)")."""
    rules = load_policy(calc.inputs["policy"].value).enrolment
    cats = [(c.label, c.code) for c in (rules.categories if rules else [])]
    box = calc.inputs["category"]
    keep = box.value if box.value in [c for _, c in cats] else (cats[0][1] if cats else "")
    box.options = cats or [("(本政策不分人员类别)", "")]
    box.value = keep


def enrolment_calculator(policy: str = "lhasa-2025") -> Calculator:
    """能不能参加本地居民医保:人员类别、已参加职工医保、已在异地参保 → eligibility()."""
    fields = [
        ("policy", _policy_dropdown(lambda p: p.enrolment, policy)),
        ("category", W.Dropdown(options=[("(不选)", "")], value="", description="人员类别", style=_DESC,
                                layout=W.Layout(width="46em"))),
        ("employee_insured", W.Checkbox(value=False, description="已参加职工医保", style=_DESC)),
        ("enrolled_elsewhere", W.Checkbox(value=False, description="已在异地参加居民医保并缴费", style=_DESC)),
    ]

    def compute(v: dict[str, Any]) -> Result:
        return eligibility(v["policy"], category=v["category"] or None, employee_insured=v["employee_insured"],
                           enrolled_elsewhere=v["enrolled_elsewhere"])

    def render(r: Any) -> str:
        return render_result(r, [("可以参保", "是" if r.may_enrol else "否")])

    return Calculator("谁可以参加居民医保", fields, compute, render, on_policy=_category_refresher,
                      rules=("L2", "X1", "X9"))


# ---------------------------------------------------------------- comparison (C1)


COMPARE_TIERS = [("(不选:各政策的默认)", ""), ("高档", "high"), ("低档", "low")]


def compare_calculator() -> Calculator:
    """同一个人在各政策下的个人缴费:tier, groups, sex, birth_date, income → compare_premiums()."""
    fields = [
        ("tier", W.Dropdown(options=COMPARE_TIERS, value="high", description="缴费档次", style=_DESC)),
        ("groups", _groups_widget()),
        ("sex", W.Dropdown(options=SEX_OPTIONS, value="", description="性别", style=_DESC)),
        ("birth_date", _text("出生日期", placeholder="YYYY-MM-DD,可不填")),
        ("income", _text("年收入(元)", placeholder="可不填,如 9000")),
    ]

    def compute(v: dict[str, Any]) -> Comparison:
        person = {"tier": v["tier"] or None, "groups": v["groups"], "sex": v["sex"] or None,
                  "birth_date": _opt(v["birth_date"]), "income": _opt(v["income"])}
        return compare_premiums({k: x for k, x in person.items() if x not in (None, ())})

    def render(c: Comparison) -> str:
        rows = []
        for pid, res, why in c.rows:
            if res is None:
                rows.append((pid, load_policy(pid).title, "—", "—", "—", "", why or ""))
                continue
            others = ",".join(f"{PAYER_ZH[Payer(p)]} {fmt(a)}" for p, a in res.paid_by.items()
                              if p != Payer.individual and a)
            rows.append((pid, res.policy.title, TIER_ZH.get(res.tier, res.tier), fmt(res.individual),
                         fmt(res.standard), others or "—", res.headline()))
        head = ("政策", "标题", "档次", "个人缴费(元)", "缴费标准(元)", "其他付款方", "说明")
        return ("<div class='yibao-result'><p><b>同一个人在各政策下的个人缴费</b></p>" + _table(head, rows)
                + f"<details><summary>完整说明</summary><pre style='white-space:pre-wrap'>{_e(c.explain())}"
                "</pre></details></div>")

    return Calculator("同一个人,各地缴多少", fields, compute, render, rules=("C1",))


#: Every calculator of this module, by name (each takes its default policy).
CALCULATORS: dict[str, Callable[[], Calculator]] = {
    "premium": premium_calculator, "coverage": coverage_calculator, "hospital": hospital_calculator,
    "flexible": flexible_calculator, "stop": stop_calculator, "maternity": maternity_calculator,
    "incentive": incentive_calculator, "sharing": sharing_calculator, "enrolment": enrolment_calculator,
    "compare": compare_calculator,
}
