"""What-if calculators as ipywidgets: thin skins over the calculators.

Every number shown comes from a calculator (:mod:`yibao.calculators`, :mod:`yibao.settlement`,
:mod:`yibao.calculators.incentive`); these modules only read the inputs, pass them on as text (money is never
a float here: the calculators parse it) and render the result. One module per calculator, on the
frame of :mod:`.base` and the HTML of :mod:`.render`.

A bad entry shows its message beside the field the calculator names (``InputError.path``), and
the last good result stays displayed. Results live in ``HTML`` widgets (not ``Output``), so they
can be checked without a browser: ``number(calc.result.individual) in calc.output.value``. Called
without a policy, a calculator opens on its example (``policies/examples.yaml``).

    >>> calc = premium_calculator().set(groups=["dibao"])
    >>> calc.result == premium(calc.inputs["policy"].value, groups=["dibao"])  # the same calculator
    True
"""

from __future__ import annotations

from collections.abc import Callable

from .base import Calculator
from .compare import compare_calculator
from .coverage import coverage_calculator
from .enrolment import enrolment_calculator
from .flexible import flexible_calculator, stop_calculator
from .hospital import hospital_calculator
from .incentive import incentive_calculator
from .maternity import maternity_calculator
from .premium import premium_calculator
from .reform import reform_calculator
from .render import render_result
from .sharing import sharing_calculator
from .tiers import tier_calculator

__all__ = [
    "CALCULATORS",
    "Calculator",
    "compare_calculator",
    "coverage_calculator",
    "enrolment_calculator",
    "flexible_calculator",
    "hospital_calculator",
    "incentive_calculator",
    "maternity_calculator",
    "premium_calculator",
    "reform_calculator",
    "render_result",
    "sharing_calculator",
    "stop_calculator",
    "tier_calculator",
]


#: Every calculator of this module, by name (each takes its default policy).
CALCULATORS: dict[str, Callable[[], Calculator]] = {
    "premium": premium_calculator, "coverage": coverage_calculator, "hospital": hospital_calculator,
    "flexible": flexible_calculator, "stop": stop_calculator, "maternity": maternity_calculator,
    "incentive": incentive_calculator, "sharing": sharing_calculator, "enrolment": enrolment_calculator,
    "compare": compare_calculator, "tiers": tier_calculator, "reform": reform_calculator,
}
