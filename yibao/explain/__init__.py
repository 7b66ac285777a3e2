"""One path from a policy value to what a person reads.

Every line a calculator or the settlement engine produces (:class:`yibao.result.LineItem`) records the
policy value it used: its path in the merged policy, hence its label, quoted clause, source, rule IDs
and assumptions. :func:`step` turns such a record into what a reader sees — the same for premiums,
cover dates, waiting periods, settlement, incentives and what-if results, and the same in the text
explanations, the tables, the pages and the CLI. Where a line's number is not one its clause states
(a 2025 aid computed from the 2024 clause "个人只需缴纳10%即38元"), the step says how it follows.
"""

from .record import LineItem, as_party
from .steps import Step, step, steps
from .umbrellas import add_umbrellas

__all__ = ["LineItem", "Step", "add_umbrellas", "as_party", "step", "steps"]
