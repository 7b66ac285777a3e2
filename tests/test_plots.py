"""Every chart of yibao.skins.plots draws, headless, with a Chinese title and no warning at all
(a missing glyph is a warning, which would land in a notebook's output and fail nbval)."""

import warnings
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402

from yibao.calculators.coverage import coverage  # noqa: E402
from yibao.calculators.incentive import YearRecord, incentive  # noqa: E402
from yibao.calculators.premium import premium  # noqa: E402
from yibao.settlement import Person, settle  # noqa: E402
from yibao.skins import plots  # noqa: E402

TITLE = "中文标题:医保−测试"


def _premiums():
    return {"普通": premium("lhasa-2025", tier="high"), "低保": premium("lhasa-2025", groups=["dibao"]),
            "特困": premium("lhasa-2025", groups=["tekun"])}


def _coverages():
    return {"集中期": coverage("xining-2025", paid_on="2024-10-01"),
            "4月": coverage("xining-2025", paid_on="2025-04-01"),
            "断保2年": coverage("xining-2025", paid_on="2025-05-10", gap_years=2),
            "运城延长期": coverage("yuncheng-2024", paid_on="2024-02-10")}


def _year():
    return settle(Person("xizang-2024", tier="high", groups=["dibao"]),
                  [{"date": "2024-03-01", "kind": "inpatient", "level": 3, "cost": "60000"}])


CHARTS = {
    "premium_by_group": lambda: plots.premium_by_group(_premiums()),
    "comparison_chart": lambda: plots.comparison_chart({"低保": {"lhasa-2025": D("40"), "xining-2025": D("200")},
                                                        "普通": {"lhasa-2025": D("400"), "xining-2025": D("400")}}),
    "cover_timeline": lambda: plots.cover_timeline(_coverages()),
    "waiting_chart": lambda: plots.waiting_chart({0: [3, 4, 5, 6, 7], 2: [None, None, 3, 4, 6]}),
    "settlement_waterfall": lambda: plots.settlement_waterfall(_year()),
    "layers_by_cost": lambda: plots.layers_by_cost([D(1000), D(50000)], [_year(), _year()]),
    "incentive_caps": lambda: plots.incentive_caps(
        {"连续参保": incentive("xizang-2025", [YearRecord(y, True) for y in range(2025, 2031)], 2031)}),
    "fiscal_subsidy_series": lambda: plots.fiscal_subsidy_series("xizang-2024", 2019, "lhasa-2025"),
    "procurement_figures": lambda: plots.procurement_figures("xizang-2024"),
    "national_standards": lambda: plots.national_standards("national-2025"),
    "inpatient_rates": lambda: plots.inpatient_rates("xizang-2024"),
    "cover_calendar": lambda: plots.cover_calendar(
        {date(2025, 1, 1) + timedelta(days=i): coverage("xining-2025", paid_on=date(2025, 1, 1) + timedelta(days=i))
         for i in range(0, 300, 7)}),
}


def test_every_plot_function_has_a_test():
    assert set(CHARTS) == set(plots.__all__) - {"ChineseFontMissing", "use_chinese_font"}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_draws_chinese_without_warnings(name, tmp_path):
    plots.use_chinese_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = CHARTS[name]()
        try:
            fig.suptitle(TITLE)
            fig.savefig(tmp_path / f"{name}.png", format="png")
        finally:
            plt.close(fig)
    assert (tmp_path / f"{name}.png").stat().st_size > 1000


def test_missing_font_is_a_clear_error(tmp_path):
    with pytest.raises(plots.ChineseFontMissing, match="fonts-wqy-microhei"):
        plots.use_chinese_font([tmp_path / "none.ttc"])
