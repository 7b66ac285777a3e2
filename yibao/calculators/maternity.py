"""Employee maternity benefits (T21, T22): the lump sum for delivery costs, allowance days,
the spouse's nursing days and the one-off nutrition allowance. Residents' delivery costs (T23) are
reimbursed in full by :mod:`yibao.settlement`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from ..errors import InputError
from ..format import pct, yuan
from ..inputs import parse_bool, parse_choice, parse_whole, show
from ..money import ZERO, fen, parse_money
from ..policy import as_policy, not_stated
from ..policy.model import Policy
from ..result import LineItem, Result
from ..rules import implements
from ..vocabulary import Delivery


@dataclass
class MaternityResult(Result):
    delivery: str = "normal"
    babies: int = 1
    lump_sum: Decimal = ZERO
    allowance_days: int = 0
    nursing_days: int = 0
    nutrition_allowance: Decimal | None = None
    #: A flexible worker under a policy where they have no maternity insurance (F8).
    no_maternity_insurance: bool = False

    def headline(self) -> str:
        if self.no_maternity_insurance:
            return "灵活就业人员不参加生育保险:没有生育保险待遇(生育津贴 0 天),生育医疗费用由医疗保险报销"
        text = (f"生育医疗费用包干 {yuan(self.lump_sum)};生育津贴 {self.allowance_days} 天;"
                f"配偶护理津贴 {self.nursing_days} 天")
        if self.nutrition_allowance is not None:
            text += f";一次性营养补助 {yuan(self.nutrition_allowance)}"
        return text

    def fields(self) -> dict[str, Any]:
        return {"delivery": self.delivery, "babies": self.babies, "lump_sum": self.lump_sum,
                "allowance_days": self.allowance_days, "nursing_days": self.nursing_days,
                "nutrition_allowance": self.nutrition_allowance,
                "no_maternity_insurance": self.no_maternity_insurance}


def _whole(value: Any, field: str, low: int, high: int) -> int:
    """A count the API takes as a number (the command line parses its text first)."""
    if isinstance(value, str):
        raise InputError(field, f"{show(value)} is not allowed", f"a whole number from {low} to {high}",
                         kind="whole.wrong_type",
                         params={"value": show(value), "type": "str", "low": low, "high": high})
    return parse_whole(value, field, low, high)


@implements("T21", "T22", "F8")
def maternity(policy: str | Policy, *, delivery: Literal["normal", "caesarean"] | str = "normal",
              babies: int = 1, difficult: bool = False, surviving_babies: int | None = None,
              average_wage_last_year: str | Decimal | int | None = None,
              flexible_worker: bool = False) -> MaternityResult:
    """Maternity lump sum and allowance days for an employee's delivery.

    ``flexible_worker``: the mother is insured as a flexible worker, who has no maternity insurance
    where the policy says so (F8): no lump sum, allowance or nursing days; her delivery costs go to
    medical insurance. Every result under such a policy says F8, for whom it is given or not.

    ``surviving_babies``: how many babies lived 4 months or more (default: all of them).
    ``average_wage_last_year``: the region's average annual employee wage of the year before, for the
    nutrition allowance, a share of it (left out: the allowance is not computed).
    """
    pol = as_policy(policy)
    m = pol.maternity
    if m is None:
        raise not_stated(pol, "maternity", f"{pol.id} states no maternity benefits")
    try:
        kind = Delivery(parse_choice(delivery, "delivery", [d.value for d in Delivery], Delivery.aliases()))
    except InputError as e:
        problem = f"{e.params['value']} is not a delivery kind" if e.kind == "choice.unknown" else e.problem
        raise InputError("delivery", problem, "normal, caesarean (顺产, 剖宫产)", kind=e.kind,
                         params=e.params) from None
    difficult = parse_bool(difficult, "difficult", default=False)
    flexible_worker = parse_bool(flexible_worker, "flexible_worker", default=False)
    no_insurance = pol.flexible.no_maternity_insurance if pol.flexible is not None else None
    unstated = flexible_worker and no_insurance is None  # said in the result, not guessed silently
    n = _whole(babies, "babies", 1, 9)
    survivors = n if surviving_babies is None else _whole(surviving_babies, "surviving_babies", 0, n)
    res = MaternityResult(policy=pol, delivery=kind, babies=n)
    if flexible_worker and no_insurance is not None:
        res.add(LineItem.cite("灵活就业人员不参加生育保险:没有生育医疗费用包干、生育津贴、配偶护理津贴和一次性营养补助;"
                              "生育医疗费用由医疗保险报销(按职工医保的医疗费用报销,本计算器不计算金额)",
                              None, no_insurance))
        res.use(no_insurance)
        res.no_maternity_insurance = True
        return res
    if unstated:
        res.notes.append("本政策依据的文章没有写灵活就业人员是否参加生育保险;以上按参加生育保险的职工计算")
    if no_insurance is not None:
        res.notes.append("以上是参加生育保险的职工的待遇;灵活就业人员不参加生育保险,没有这些待遇,"
                         "生育医疗费用由医疗保险报销(F8)")

    base = m.lump_sum_normal if kind is Delivery.normal else m.lump_sum_caesarean
    res.add(LineItem.cite(f"{kind.zh}包干标准", base.value, base))
    extra = n - 1
    res.lump_sum = base.value
    if extra:
        bonus = fen(base.value * m.extra_baby_rate.value * extra)
        res.lump_sum += bonus
        res.add(LineItem.cite(f"多胞胎多{extra}个婴儿,每个增加{pct(m.extra_baby_rate.value)}", bonus,
                              m.extra_baby_rate))
        res.use(m.extra_baby_rate)

    days = m.allowance_days.value
    res.add(LineItem.cite(f"生育津贴基本天数{m.allowance_days.value}天(含产前休假{m.prenatal_days_included.value}天)",
                          None, m.allowance_days))
    if difficult:
        days += m.difficult_delivery_days.value
        res.add(LineItem.cite(f"难产增加{m.difficult_delivery_days.value}天", None, m.difficult_delivery_days))
    if extra:
        days += extra * m.extra_baby_days.value
        res.add(LineItem.cite(f"多胞胎多{extra}个,增加{extra * m.extra_baby_days.value}天", None, m.extra_baby_days))
    if n >= m.survivors_min_babies.value and survivors >= m.survivors_min_babies.value:
        days += m.survivors_days.value
        res.add(LineItem.cite(f"{survivors}个婴儿存活{m.survivors_min_months.value}个月及以上,增加"
                              f"{m.survivors_days.value}天", None, m.survivors_days))
    res.allowance_days = days
    res.nursing_days = m.nursing_days.value
    res.add(LineItem.cite(f"配偶护理津贴{m.nursing_days.value}天", None, m.nursing_days))
    if average_wage_last_year is not None:
        wage = parse_money(average_wage_last_year, "average_wage_last_year")
        res.nutrition_allowance = fen(wage * m.nutrition_rate.value)
        res.add(LineItem.cite(f"一次性营养补助(上年度在职职工年平均工资的{pct(m.nutrition_rate.value)})",
                              res.nutrition_allowance, m.nutrition_rate))
    else:
        res.notes.append("未提供全区上年度在职职工年平均工资,未计算一次性营养补助")
    return res
