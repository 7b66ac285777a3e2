"""The tier chart (matplotlib): premium + out of pocket against the cost of one claim, for both tiers.

Call :func:`yibao.skins.plots.use_chinese_font` once before drawing (Chinese labels). The numbers come
from :meth:`yibao.whatif.tiers.TierAdvice.curve` (exact, to the fen); they become floats only here,
to be drawn.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from ..money import from_fen, to_fen
from ..policy.show import yuan_zh
from ..vocabulary import tier_zh
from ..whatif.tiers import TierAdvice

COLORS = {"high": "#1f77b4", "low": "#ff7f0e"}


def tier_cost_chart(advice: TierAdvice, max_cost: Decimal | int | str | None = None, points: int = 241,
                    title: str | None = None) -> Figure:
    """Two lines, high and low tier: what the person pays in the year (premium + out of pocket) for one
    claim of the advice's kind costing 0 to ``max_cost`` yuan (default: three times the break-even, at
    least 3000), the break-even marked. Every bend of the lines is among the points drawn."""
    if advice.moot:
        raise ValueError(f"the choice is moot: {advice.moot}")
    top = Decimal(max_cost) if max_cost is not None else Decimal(max(Decimal(3000), 3 * (advice.break_even or 0)))
    grid = {int(x) for x in np.linspace(0, to_fen(top), points)}
    grid |= {b for b in advice.bends() if b <= to_fen(top)}
    if advice.break_even is not None and advice.break_even <= top:
        grid.add(to_fen(advice.break_even))
    costs = [from_fen(c) for c in sorted(grid)]
    rows = advice.curve(costs)
    x = [float(c) for c, _, _ in rows]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, t in ((1, "high"), (2, "low")):
        prem = advice.premiums[t].individual
        ax.plot(x, [float(r[i]) for r in rows], color=COLORS[t],
                label=f"{tier_zh(t)}:保费 {yuan_zh(prem)} + 个人负担")
    if advice.break_even is not None and advice.break_even <= top:
        be = float(advice.break_even)
        ax.axvline(be, color="#777777", linestyle="--", linewidth=1)
        ax.annotate(f"盈亏平衡 {yuan_zh(advice.break_even)}", (be, float(rows[0][2])), xytext=(6, 6),
                    textcoords="offset points", fontsize=9)
    ax.set_xlabel(f"一次{advice.what}的政策范围内费用(元)")
    ax.set_ylabel("全年负担:保费 + 个人负担(元)")
    ax.set_title(title or f"{advice.policy.title}:选高档还是低档")
    ax.legend(fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig
