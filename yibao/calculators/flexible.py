"""Flexible employment (F1–F4, F7, F8): employee or resident insurance, what each costs, and what
happens to employee insurance when a job ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

from ..errors import InputError
from ..format import day as day_zh
from ..format import pct, yuan
from ..inputs import MAX_DATE, MIN_DATE, parse_bool
from ..money import ZERO, fen, parse_money
from ..policy import as_policy, not_stated
from ..policy.model import Policy
from ..result import LineItem, Result
from ..rules import implements
from ..vocabulary import tier_zh
from .person import parse_date

MONTHS = 12


@dataclass
class FlexibleResult(Result):
    average_wage: Decimal = ZERO
    monthly: Decimal = ZERO
    annual: Decimal = ZERO
    resident_tiers: dict[str, Decimal] = field(default_factory=dict)

    def headline(self) -> str:
        tiers = "、".join(f"{yuan(v)}" for v in self.resident_tiers.values())
        text = f"以灵活就业人员身份参加职工医保:每月 {yuan(self.monthly)},一年 {yuan(self.annual)}"
        return text + (f";居民医保一年 {tiers}(按档次)" if tiers else "")

    def fields(self) -> dict[str, Any]:
        return {"average_wage": self.average_wage, "monthly": self.monthly, "annual": self.annual,
                "resident_tiers": dict(self.resident_tiers)}


def _flex(pol: Policy):
    if pol.flexible is None:
        raise not_stated(pol, "flexible", f"{pol.id} states no flexible-employment rules")
    return pol.flexible


@implements("F1", "F7", "F8")
def flexible_premium(average_wage: str | int | Decimal, policy: str | Policy) -> FlexibleResult:
    """The flexible worker's employee-insurance premium: the policy's rate of last year's average monthly
    social wage (F7)."""
    pol = as_policy(policy)
    flex = _flex(pol)
    wage = parse_money(average_wage, "average_wage")
    if wage == 0:
        raise InputError("average_wage", "0 is not an average wage", "the region's average monthly social wage in yuan",
                         kind="money.zero", params={"value": "0"})
    res = FlexibleResult(policy=pol, average_wage=wage)
    res.monthly = fen(wage * flex.employee_rate.value)
    res.annual = res.monthly * MONTHS
    if flex.choice:
        res.add(LineItem.cite("灵活就业人员可以选择参加职工医保或居民医保", None, flex.choice))
    res.add(LineItem.cite(f"上年度全区社平工资(月){yuan(wage)} × {pct(flex.employee_rate.value)}",
                          res.monthly, flex.employee_rate))
    res.add(LineItem(f"一年 {MONTHS} 个月", res.annual))
    if pol.premium:
        res.resident_tiers = {k: v.value for k, v in sorted(pol.premium.tiers.items(), key=lambda kv: kv[1].value)}
        for k, v in pol.premium.tiers.items():
            res.add(LineItem.cite(f"对照:居民医保个人缴费({tier_zh(k)})", v.value, v))
    for c, label in ((flex.same_benefits, "待遇与在职职工参加职工医保一致"),
                     (flex.no_maternity_insurance, "不参加生育保险,生育医疗费用由医疗保险报销")):
        if c:
            res.add(LineItem.cite(label, None, c))
    res.use(flex.employee_rate)
    return res


@dataclass
class StopResult(Result):
    employment_ended_on: date | None = None
    stops_on: date | None = None
    premium_paid_by: str = "individual"
    account_for_medicines_only: bool = True
    account_sharing_allowed: bool | None = None

    def headline(self) -> str:
        text = f"{day_zh(self.employment_ended_on)}解除劳动关系:职工医保{day_zh(self.stops_on)}起停保"
        if self.premium_paid_by == "unemployment_fund":
            text = "领取失业保险金期间由失业保险基金代缴职工医保,不停保"
        if self.account_sharing_allowed is not None:
            text += ";个人账户" + ("可以" if self.account_sharing_allowed else "不能") + "家庭共享"
        return text

    def fields(self) -> dict[str, Any]:
        return {"employment_ended_on": self.employment_ended_on, "stops_on": self.stops_on,
                "premium_paid_by": self.premium_paid_by,
                "account_for_medicines_only": self.account_for_medicines_only,
                "account_sharing_allowed": self.account_sharing_allowed}


@implements("F2", "F3", "F4")
def employee_insurance_stop(employment_ended_on: str | date, *, policy: str | Policy,
                            receiving_unemployment_benefit: bool = False,
                            account_balance: str | int | Decimal | None = None, relative_in_region: bool = True,
                            relative_status_normal: bool = True) -> StopResult:
    """When employee insurance stops after a job ends, who pays while unemployed, and account sharing."""
    pol = as_policy(policy)
    flex = _flex(pol)
    ended = parse_date(employment_ended_on, "employment_ended_on")
    if ended is None:
        raise InputError("employment_ended_on", "a date is needed", "a date as YYYY-MM-DD", kind="value.missing",
                         params={"expects": "date", "low": MIN_DATE, "high": MAX_DATE})
    receiving_unemployment_benefit = parse_bool(receiving_unemployment_benefit, "receiving_unemployment_benefit",
                                                default=False)
    relative_in_region = parse_bool(relative_in_region, "relative_in_region", default=True)
    relative_status_normal = parse_bool(relative_status_normal, "relative_status_normal", default=True)
    res = StopResult(policy=pol, employment_ended_on=ended)
    if receiving_unemployment_benefit:
        res.premium_paid_by = "unemployment_fund"
        res.account_for_medicines_only = False
        if flex.unemployment_fund_pays:
            res.add(LineItem.cite("领取失业保险金期间由失业保险基金代缴", None, flex.unemployment_fund_pays))
    else:
        res.stops_on = (ended + relativedelta(months=1)).replace(day=1)
        if flex.stop:
            res.add(LineItem.cite("解除劳动关系的次月开始停保,停保后费用无法报销", None, flex.stop))
        if flex.account_after_stop:
            res.add(LineItem.cite("停保后个人账户余额仍可用于支付药费", None, flex.account_after_stop))
    if account_balance is not None and receiving_unemployment_benefit:
        parse_money(account_balance, "account_balance")  # read like every given option; T20 sets no minimum
        _share_while_insured(res, pol, relative_in_region and relative_status_normal)
    elif account_balance is not None:
        balance = parse_money(account_balance, "account_balance")
        limit = flex.account_share_min_balance
        res.account_sharing_allowed = balance > limit.value and relative_in_region and relative_status_normal
        why = [] if balance > limit.value else [f"余额 {yuan(balance)}不大于 {yuan(limit.value)}"]
        why += [] if relative_in_region else ["亲属不在区内"]
        why += [] if relative_status_normal else ["亲属参保状态不正常"]
        label = "个人账户可以家庭共享" if res.account_sharing_allowed else "个人账户不能家庭共享:" + ",".join(why)
        res.add(LineItem.cite(label, None, limit))
    return res


def _share_while_insured(res: StopResult, pol: Policy, relative_insured_in_region: bool) -> None:
    """F3: while the unemployment fund pays, employee insurance has not stopped, so the F4 limit
    ("停保后……大于3000元") does not apply: the ordinary sharing rule (T20) does, with no minimum
    balance, for relatives insured (status normal) in the region."""
    sharing = pol.account_sharing
    if sharing is None:
        raise not_stated(pol, "account_sharing", f"{pol.id} states no account sharing")
    res.account_sharing_allowed = relative_insured_in_region
    res.add(LineItem.cite("未停保:按个人账户家庭共享的一般规定,不受停保后“余额大于3000元”的限制", None,
                          sharing.relations_source))
    if not relative_insured_in_region:
        res.add(LineItem.cite("个人账户不能家庭共享:亲属不是区内参保状态正常的参保人", None, sharing.within_region))
