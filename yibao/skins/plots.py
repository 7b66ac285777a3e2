"""Charts for the notebooks (matplotlib). One function per chart; each returns its ``Figure``.

The charts draw what the package computed (premium, coverage, settlement and incentive results)
or what the policy data states (``facts:``); they never restate a rule. Call
:func:`use_chinese_font` once before drawing: it registers a CJK font from package code, so
Chinese labels render (and no missing-glyph warning lands in a notebook's output).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
import matplotlib.dates as mdates
import matplotlib.ticker
from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from ..format import day, large, number, pct, yuan
from ..policy import as_policy
from ..policy.model import Policy
from ..vocabulary import Payer, Tier

#: Fonts with Chinese glyphs, first found wins: Debian fonts-wqy-microhei, then Noto Sans CJK.
FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)

PAYER_COLORS = {
    "individual": "#d62728",
    "finance": "#1f77b4",
    "medical_assistance": "#2ca02c",
    "finance_and_medical_assistance": "#17becf",
    "government_aid": "#9467bd",
}
LAYER_COLORS = {"基本医保": "#1f77b4", "大病保险": "#ff7f0e", "医疗救助": "#2ca02c", "个人负担": "#d62728"}


class ChineseFontMissing(RuntimeError):
    """No font with Chinese glyphs was found."""


def use_chinese_font(paths: Sequence[str | Path] = FONT_PATHS) -> str:
    """Register the first CJK font found and make it matplotlib's sans-serif; returns its family name.

    Registers the file itself (``fontManager.addfont``), so a font installed after matplotlib built
    its font cache works too. Raises :class:`ChineseFontMissing` when none of ``paths`` exists.
    """
    for p in map(Path, paths):
        if p.is_file():
            font_manager.fontManager.addfont(str(p))
            name = font_manager.FontProperties(fname=str(p)).get_name()
            matplotlib.rcParams["font.family"] = "sans-serif"
            matplotlib.rcParams["font.sans-serif"] = [name, *matplotlib.rcParams["font.sans-serif"]]
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    raise ChineseFontMissing(
        "no font with Chinese glyphs found (looked for: " + ", ".join(map(str, paths)) + "); "
        "install one, e.g. `apt-get install fonts-wqy-microhei` (Debian) or `make fonts`")


def _f(amount: Decimal) -> float:
    """Decimal yuan to a float for drawing only (labels print the exact Decimal)."""
    return float(amount)


def _yuan_axis(axis: Any) -> None:
    """Tick labels of a money axis with thousands separators (``165,000``), as every other figure."""
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _legend(ax: Any, **kw: Any) -> None:
    """The legend outside the axes, on the right: it never covers a bar, a line or their labels."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8, frameon=False, **kw)


def _policy_name(pid: str) -> str:
    """A policy's short Chinese name for a legend (its title up to the first bracket), else the text."""
    try:
        title = as_policy(pid).title
    except Exception:  # a label that is not a policy id is shown as given
        return pid
    return title.split("(")[0].split(":")[0].strip()


def _figure(width: float = 8, height: float = 4.5, **kw: Any) -> tuple[Figure, Any]:
    fig, ax = plt.subplots(figsize=(width, height), **kw)
    return fig, ax


# ---------------------------------------------------------------- premium


def premium_by_group(results: Mapping[str, Any], title: str = "个人缴费与其他付款方") -> Figure:
    """Stacked bars, one per person: what the individual pays and what each other payer pays
    (``results``: label → :class:`~yibao.calculators.premium.PremiumResult`)."""
    labels = list(results)
    payers = list(dict.fromkeys(p for r in results.values() for p, a in r.paid_by.items() if a))
    payers.sort(key=lambda p: p != "individual")
    fig, ax = _figure(9, 0.6 * len(labels) + 1.8)
    left = [0.0] * len(labels)
    for p in payers:
        vals = [_f(results[k].paid_by.get(p, 0)) for k in labels]
        ax.barh(labels, vals, left=left, color=PAYER_COLORS.get(p), label=Payer(p).zh)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    for i, k in enumerate(labels):
        ax.text(left[i] + 5, i, f"个人 {yuan(results[k].individual)}", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("元")
    _yuan_axis(ax.xaxis)
    ax.set_xlim(0, max([*left, 1]) * 1.3)
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def comparison_chart(rows: Mapping[str, Mapping[str, Decimal]], title: str = "同一人在各政策下的个人缴费") -> Figure:
    """Grouped bars: for each person (outer key), the individual premium under each policy (inner key)."""
    people = list(rows)
    policies = list(dict.fromkeys(p for v in rows.values() for p in v))
    fig, ax = _figure(9, 4.5)
    width = 0.8 / max(len(policies), 1)
    for j, pid in enumerate(policies):
        xs = [i + j * width for i in range(len(people))]
        vals = [_f(rows[p].get(pid, Decimal(0))) for p in people]
        bars = ax.bar(xs, vals, width, label=_policy_name(pid))
        ax.bar_label(bars, labels=[number(rows[p][pid]) if pid in rows[p] else "—" for p in people], fontsize=7)
    ax.set_xticks([i + width * (len(policies) - 1) / 2 for i in range(len(people))], people)
    ax.set_ylabel("个人缴费(元)")
    _yuan_axis(ax.yaxis)
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- coverage


def cover_timeline(results: Mapping[str, Any], title: str = "缴费日与待遇开始日") -> Figure:
    """One line per case: payment date (dot), the wait until cover starts (hatched), cover (solid)
    (``results``: label → :class:`~yibao.calculators.coverage.CoverageResult`)."""
    labels = list(results)
    fig, ax = _figure(10, 0.55 * len(labels) + 1.8)
    for i, k in enumerate(labels):
        r = results[k]
        paid, start, end = r.paid_on, r.start, r.end
        if start > paid:
            ax.barh(i, (start - paid).days, left=mdates.date2num(paid), color="#dddddd", hatch="//",
                    edgecolor="#999999")
        cov_from = max(start, paid)
        if end >= cov_from:
            ax.barh(i, (end - cov_from).days + 1, left=mdates.date2num(cov_from), color="#2ca02c", alpha=0.7)
        if r.retroactive and start < paid:
            ax.barh(i, (paid - start).days, left=mdates.date2num(start), color="#98df8a", alpha=0.7)
        ax.plot(mdates.date2num(paid), i, "kv", markersize=7)
        note = f"{day(start)}起" if start <= end else f"{day(start)}起,本年度享受不到"
        ax.text(mdates.date2num(max(end, start)) + 4, i, note, va="center", fontsize=8)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y年%-m月"))
    handles = [matplotlib.patches.Patch(color="#2ca02c", alpha=0.7, label="享受待遇"),
               matplotlib.patches.Patch(facecolor="#dddddd", hatch="//", edgecolor="#999999",
                                        label="缴费后、待遇开始前(不能报销)"),
               matplotlib.lines.Line2D([], [], color="k", marker="v", linestyle="", label="缴费日")]
    if any(r.retroactive for r in results.values()):
        handles.insert(1, matplotlib.patches.Patch(color="#98df8a", alpha=0.7, label="缴费前的费用可补报"))
    _legend(ax, handles=handles)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def waiting_chart(months: Mapping[int, Sequence[int]], title: str = "断保年数、补缴年数与等待期") -> Figure:
    """Waiting months (fixed + variable) by years of break, one line per number of back-paid years
    (``months``: back-paid years → waiting months for break years 0, 1, 2 ...)."""
    fig, ax = _figure(8, 4.5)
    for back, ys in months.items():
        xs = [g for g in range(len(ys)) if ys[g] is not None]
        ax.plot(xs, [ys[g] for g in xs], marker="o", label=f"补缴 {back} 年")
    ax.axhline(6, color="grey", linestyle=":", linewidth=1)
    ax.set_xlabel("断保年数")
    ax.set_ylabel("等待期(月)")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- settlement


def settlement_waterfall(year: Any, title: str = "一年的医疗费用经三重保障后的个人负担") -> Figure:
    """Waterfall of a settled year (:class:`~yibao.settlement.YearSettlement`): total cost, minus
    basic insurance, catastrophic insurance and medical assistance, leaving the out-of-pocket."""
    steps = [("基本医保", year.basic), ("大病保险", year.catastrophic), ("医疗救助", year.assistance)]
    fig, ax = _figure(8, 4.8)
    level = year.total_cost
    ax.bar(0, _f(level), color="#7f7f7f")
    ax.text(0, _f(level), number(level), ha="center", va="bottom", fontsize=8)
    for i, (name, amount) in enumerate(steps, 1):
        level -= amount
        ax.bar(i, _f(amount), bottom=_f(level), color=LAYER_COLORS[name])
        ax.text(i, _f(level + amount), f"−{number(amount)}", ha="center", va="bottom", fontsize=8)
    ax.bar(len(steps) + 1, _f(year.out_of_pocket), color=LAYER_COLORS["个人负担"])
    ax.text(len(steps) + 1, _f(year.out_of_pocket), number(year.out_of_pocket), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(steps) + 2), ["费用合计", *(s[0] for s in steps), "个人负担"])
    ax.set_ylabel("元")
    _yuan_axis(ax.yaxis)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def layers_by_cost(costs: Sequence[Decimal], years: Sequence[Any], title: str = "住院费用越高,各层分担多少") -> Figure:
    """Stacked area: for each total cost, how the settled year splits into the three layers and the person."""
    xs = [_f(c) for c in costs]
    fig, ax = _figure(8, 4.5)
    ax.stackplot(xs, [_f(y.basic) for y in years], [_f(y.catastrophic) for y in years],
                 [_f(y.assistance) for y in years], [_f(y.out_of_pocket) for y in years],
                 labels=list(LAYER_COLORS), colors=list(LAYER_COLORS.values()), alpha=0.8)
    ax.set_xlabel("年度住院合规费用(元)")
    _yuan_axis(ax.xaxis)
    ax.set_ylabel("元")
    _yuan_axis(ax.yaxis)
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- incentives


def incentive_caps(results: Mapping[str, Any], title: str = "参保激励下的大病保险最高支付限额") -> Figure:
    """Step lines of the catastrophic cap by year, one per history
    (``results``: label → :class:`~yibao.calculators.incentive.IncentiveResult`; its ``years`` rows)."""
    fig, ax = _figure(9, 4.8)
    base = limit = None
    for label, r in results.items():
        ys = r.years
        ax.step([y["year"] for y in ys], [_f(y["cap"]) for y in ys], where="mid", marker="o", label=label)
        base, limit = r.base_cap, r.limit
    if base is not None:
        ax.axhline(_f(base), color="grey", linestyle=":", linewidth=1)
        ax.axhline(_f(base + limit), color="grey", linestyle="--", linewidth=1)
        ax.text(ax.get_xlim()[0], _f(base + limit), f" 上限 {yuan(base + limit)}", va="bottom", fontsize=8)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_ylabel("大病保险最高支付限额(元)")
    _yuan_axis(ax.yaxis)
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- the articles' figures (data rules)

T = TypeVar("T")


def _fact(pol: Policy, key: str) -> Decimal:
    value = pol.facts[key].value
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise KeyError(f"{pol.id}: the fact {key} is not a number")
    return Decimal(value)


def _need(value: T | None, what: str, pol: Policy) -> T:
    """A section or value the chart draws (KeyError naming it where the policy states none)."""
    if value is None:
        raise KeyError(f"{pol.id} states no {what}")
    return value


def _fiscal_subsidy(pol: Policy) -> Decimal:
    prem = _need(pol.premium, "premium", pol)
    return _need(prem.per_capita_fiscal_subsidy, "per-capita fiscal subsidy", pol).value


def fiscal_subsidy_series(policy: str | Policy, since: int, other: str | Policy | None = None, *,
                          title: str = "城乡居民医保人均财政补助", label: str = "人均财政补助",
                          other_label: str = "另一篇文章") -> Figure:
    """T2: the per-capita fiscal subsidy from the year ``since`` (the fact ``fiscal_subsidy_<since>``)
    rising by the stated yearly step (``fiscal_subsidy_yearly_increase``) to the policy's current
    standard; with ``other``'s figure beside it where two articles disagree (L4)."""
    pol = as_policy(policy)
    start, step = _fact(pol, f"fiscal_subsidy_{since}"), _fact(pol, "fiscal_subsidy_yearly_increase")
    now = _fiscal_subsidy(pol)
    years = list(range(since, since + int((now - start) / step) + 1))
    values = [start + step * (y - since) for y in years]
    fig, ax = _figure(8, 4.5)
    bars = ax.bar(years, [_f(v) for v in values], color="#1f77b4", label=label)
    ax.bar_label(bars, labels=[_num(v) for v in values], fontsize=8)
    if other is not None:
        lp = as_policy(other)
        lv = _fiscal_subsidy(lp)
        b = ax.bar([lp.year], [_f(lv)], color="#ff7f0e", label=other_label)
        ax.bar_label(b, labels=[_num(lv)], fontsize=8)
    ax.set_ylim(0, _f(now) * 1.2)
    ax.set_ylabel("元/人·年")
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _num(v: Decimal) -> str:
    """A count or a small sum as the articles write it, thousands separated (``3,159``)."""
    return f"{v.normalize():,f}" if isinstance(v, Decimal) else f"{v:,}"


def _labelled_bars(ax: Any, data: Mapping[str, Decimal], color: str, title: str) -> None:
    """Horizontal bars with their values written beside them."""
    b = ax.barh(list(data), [_f(v) for v in data.values()], color=color)
    ax.bar_label(b, labels=[_num(v) for v in data.values()], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, _f(max(data.values())) * 1.25)
    ax.set_title(title, fontsize=9)


def procurement_figures(policy: str | Policy, title: str = "医保改革与基金监管", *,
                        ethnic: tuple[str, str, str] = ("民族药品种(区目录)", "民族医服务项目",
                                                        "民族医药与医疗服务价格")) -> Figure:
    """T25: procurement price cuts, catalogue composition, supervision and ethnic-medicine figures
    (``ethnic``: the names of the ethnic medicines' two figures and of their panel)."""
    pol = as_policy(policy)
    f = lambda k: _fact(pol, k)  # noqa: E731
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    ax = axes[0][0]
    cuts = {"中选药品": f("drug_price_cut"), "医用耗材": f("consumable_price_cut")}
    b = ax.bar(list(cuts), [_f(v * 100) for v in cuts.values()], color=["#1f77b4", "#ff7f0e"])
    ax.bar_label(b, labels=[pct(v) for v in cuts.values()], fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("平均降价幅度(%)")
    ax.set_title(f"集中带量采购:{_num(f('procured_drugs'))}个品种药品、{_num(f('procured_consumable_classes'))}类耗材",
                 fontsize=9)
    ax = axes[0][1]
    western, patent, total = f("western_drugs"), f("chinese_patent_drugs"), f("listed_drugs")
    parts = {"西药": western, "中成药(含民族药)": patent, "其他": total - western - patent}
    ax.pie([_f(v) for v in parts.values()], labels=[f"{k}\n{_num(v)}" for k, v in parts.items()],
           startangle=90, counterclock=False, textprops={"fontsize": 8})
    ax.set_title(f"国家医保药品目录 {_num(total)} 种", fontsize=9)
    ax = axes[1][0]
    sup = {"检查定点医药机构(家次)": f("institutions_inspected"), "处理(家次)": f("institutions_sanctioned"),
           "曝光典型案例(起)": f("cases_exposed")}
    _labelled_bars(ax, sup, "#d62728", f"基金监管:追回医保基金 {large(f('funds_recovered_yuan'))}")
    ax = axes[1][1]
    tib = {ethnic[0]: f("tibetan_drugs_listed"), ethnic[1]: f("tibetan_medicine_service_items"),
           "医疗服务项目价格": f("medical_service_items")}
    _labelled_bars(ax, tib, "#9467bd", ethnic[2])
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def national_standards(policy: str | Policy, title: str | None = None) -> Figure:
    """T26: the national per-capita fiscal subsidy and individual standard of a funding notice, which
    a later benefit year applies (``policy.funding_notice``), with the benefit year before (minus the
    increases the notice states: facts ``fiscal_increase_<year>`` and ``individual_increase_<year>``)."""
    pol = as_policy(policy)
    notice = pol.funding_notice
    if notice is None:
        raise KeyError(f"{pol.id} states no funding notice")
    title = title or f"国家{notice.notice_year}年筹资通知的标准(用于{notice.benefit_year}待遇年度)"
    fiscal = _fiscal_subsidy(pol)
    prem = _need(pol.premium, "premium", pol)
    indiv = prem.tiers[prem.aid_tier].value
    d_fiscal = _fact(pol, f"fiscal_increase_{notice.notice_year}")
    d_indiv = _fact(pol, f"individual_increase_{notice.notice_year}")
    fig, ax = _figure(8, 4.5)
    groups = {"人均财政补助": (fiscal - d_fiscal, fiscal), "个人缴费标准": (indiv - d_indiv, indiv)}
    benefit_year = notice.benefit_year
    for j, (year, color) in enumerate(((benefit_year - 1, "#aec7e8"), (benefit_year, "#1f77b4"))):
        vals = [g[j] for g in groups.values()]
        b = ax.bar([i + j * 0.38 for i in range(len(groups))], [_f(v) for v in vals], 0.38, color=color,
                   label=f"{year}待遇年度")
        ax.bar_label(b, labels=[_num(v) for v in vals], fontsize=8)
    for i, (a, b_) in enumerate(groups.values()):
        ax.text(i + 0.19, _f(b_) * 1.06, f"+{_num(b_ - a)}", ha="center", fontsize=9, color="#d62728")
    ax.set_xticks([i + 0.19 for i in range(len(groups))], list(groups))
    ax.set_ylim(0, _f(fiscal) * 1.25)
    ax.set_ylabel("元/人·年")
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def inpatient_rates(policy: str | Policy, title: str | None = None) -> Figure:
    """T1 with T6/T7: inpatient rates by hospital level and tier, the part added by region-level
    pooling (T1) shown on top."""
    pol = as_policy(policy)
    bump = _fact(pol, "inpatient_rate_increase_after_pooling")
    title = title or f"居民住院报销比例(统筹后提高{(bump * 100).normalize():f}个百分点)"
    fig, ax = _figure(8, 4.5)
    labels, after = [], []
    for lvl in _need(_need(pol.basic, "basic insurance", pol).inpatient, "inpatient cover", pol).levels:
        name = "二级及以下" if lvl.max_level <= 2 else "三级"
        for tier in (Tier.high, Tier.low):
            labels.append(f"{name}\n{tier.zh}")
            after.append(lvl.rate.for_tier(tier).value)
    before = [a - bump for a in after]
    ax.bar(labels, [_f(b * 100) for b in before], color="#aec7e8", label="统筹前(推算)")
    b = ax.bar(labels, [_f(bump * 100)] * len(labels), bottom=[_f(x * 100) for x in before], color="#1f77b4",
               label=f"统筹后提高 {(bump * 100).normalize():f} 个百分点")
    ax.bar_label(b, labels=[pct(a) for a in after], fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_ylabel("政策范围内报销比例(%)")
    _legend(ax)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def cover_calendar(results: Mapping[date, Any], title: str = "缴费日期与待遇开始日期") -> Figure:
    """Scatter of cover start against payment date over a year of payment dates (X4): the
    windows show as steps (``results``: payment date → CoverageResult)."""
    days = sorted(results)
    fig, ax = _figure(9, 4.8)
    ax.plot(days, [results[d].start for d in days], ".", markersize=3, color="#1f77b4", label="待遇开始日")
    ax.plot([days[0], days[-1]], [days[0], days[-1]], color="grey", linestyle=":", linewidth=1, label="缴费当日")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        axis.set_major_formatter(mdates.DateFormatter("%Y年%-m月"))
    ax.set_xlabel("缴费日期")
    ax.set_ylabel("待遇开始日期")
    _legend(ax)
    ax.set_title(title)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


__all__ = [
    "ChineseFontMissing",
    "comparison_chart",
    "cover_calendar",
    "cover_timeline",
    "fiscal_subsidy_series",
    "incentive_caps",
    "inpatient_rates",
    "layers_by_cost",
    "national_standards",
    "premium_by_group",
    "procurement_figures",
    "settlement_waterfall",
    "use_chinese_font",
    "waiting_chart",
]
