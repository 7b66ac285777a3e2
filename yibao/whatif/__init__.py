"""What-if on the policy itself (issue 15): which tier to choose (:mod:`.tiers`), what a reform costs
the fund and the people (:mod:`.budget`), baseline and reform side by side (:mod:`.compare`). The
year-on-year diff and the reforms themselves are policy-data operations: :mod:`yibao.policy.diff`,
:mod:`yibao.policy.reform`. The chart is :mod:`yibao.skins.tier_plot`, the calculator page's widget
:mod:`yibao.skins.widgets.tiers`.
"""
