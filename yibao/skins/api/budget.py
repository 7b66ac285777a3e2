"""``POST /v1/budget``: what a reform costs for a small population (:func:`yibao.whatif.budget.budget_impact`),
the people and their claims given as JSON rows (the columns of the population tables)."""

from __future__ import annotations

from ...errors import InputError
from ...whatif.budget import BudgetImpact, budget_impact
from ..commands._common import reform_of_args
from .bridge import reform_of
from .schemas import BudgetRequest


def budget_answer(req: BudgetRequest) -> BudgetImpact:
    import argparse

    import pandas as pd

    from ...populations.frame import CLAIMS

    reform = reform_of_args(argparse.Namespace(reform_set=req.set or [], reform_file=reform_of(req.reform)))
    if reform is None:
        raise InputError("set", "no reform given", "set: [PATH=VALUE, …] or a reform body", kind="value.missing",
                         params={"allowed": "请给出改革方案:set(路径=新值的列表)或 reform"})
    people = pd.DataFrame(req.people)
    claims = pd.DataFrame(req.claims or [], columns=None if req.claims else list(CLAIMS[:4]))
    return budget_impact(people, claims, req.policy, reform)


