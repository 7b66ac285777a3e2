"""Employee personal-account family sharing (T20): who pays a relative's own costs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..format import yuan
from ..inputs import parse_bool, parse_choice
from ..money import ZERO, parse_money
from ..policy import as_policy, not_stated
from ..policy.model import Policy
from ..result import LineItem, Result
from ..rules import implements
from ..vocabulary import Insurance, Relation


@dataclass
class SharingResult(Result):
    allowed: bool = False
    from_own_account: Decimal = ZERO
    from_authoriser: Decimal = ZERO
    left_to_pay: Decimal = ZERO

    def headline(self) -> str:
        if not self.allowed:
            return "不能使用授权人的个人账户"
        return (f"本人账户支付 {yuan(self.from_own_account)},授权人账户支付 {yuan(self.from_authoriser)},"
                f"其余 {yuan(self.left_to_pay)}自付")

    def fields(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "from_own_account": self.from_own_account,
                "from_authoriser": self.from_authoriser, "left_to_pay": self.left_to_pay}


@implements("T20")
def account_sharing(relation: str, member_insurance: str, cost: str | int | Decimal, *,
                    authoriser_balance: str | int | Decimal, member_balance: str | int | Decimal = "0",
                    member_insured_in_region: bool = True, policy: str | Policy) -> SharingResult:
    """How a relative's own cost is paid from their account and the authorising employee's account.

    ``member_insured_in_region``: the relative is insured where the account may pay (the policy's
    ``account_sharing.within_region`` says where)."""
    pol = as_policy(policy)
    rule = pol.account_sharing
    if rule is None:
        raise not_stated(pol, "account_sharing", f"{pol.id} states no account sharing")
    relation = Relation(parse_choice(relation, "relation", [r.value for r in Relation]))
    member_insurance = Insurance(parse_choice(member_insurance, "member_insurance", [i.value for i in Insurance]))
    member_insured_in_region = parse_bool(member_insured_in_region, "member_insured_in_region", default=True)
    amount = parse_money(cost, "cost")
    auth = parse_money(authoriser_balance, "authoriser_balance")
    own = parse_money(member_balance, "member_balance")
    res = SharingResult(policy=pol)
    res.add(LineItem.cite(f"{relation.zh}可以共享授权人的个人账户", None, rule.relations_source))
    if not member_insured_in_region:
        res.add(LineItem.cite("家庭成员不在本地参保:不能共享", None, rule.within_region))
        res.left_to_pay = amount
        return res
    res.allowed = relation in rule.relations
    if member_insurance is Insurance.resident:
        res.add(LineItem.cite("居民医保参保人没有个人账户,直接调用授权人账户", None, rule.resident_member))
        own = ZERO
    else:
        res.add(LineItem.cite("职工医保参保人先用本人账户,不足时调用授权人账户", None, rule.employee_member))
    res.from_own_account = min(own, amount)
    res.from_authoriser = min(auth, amount - res.from_own_account)
    res.left_to_pay = amount - res.from_own_account - res.from_authoriser
    return res
