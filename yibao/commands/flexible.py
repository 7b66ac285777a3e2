"""``yibao flexible``: a flexible worker's employee-insurance premium (F7)."""

from __future__ import annotations

from ..cli import add_json
from ..flexible import employee_insurance_stop, flexible_premium
from ._common import add_policy


def run(args):
    if args.employment_ended_on:
        return employee_insurance_stop(args.employment_ended_on, policy=args.policy,
                                       receiving_unemployment_benefit=args.unemployment_benefit,
                                       account_balance=args.account_balance)
    if args.average_wage is None:
        from ..errors import InputError
        raise InputError("average_wage", "give --average-wage (or --employment-ended-on)",
                         "last year's average monthly social wage in yuan, e.g. 10791")
    return flexible_premium(args.average_wage, policy=args.policy)


def register(sub) -> None:
    p = sub.add_parser("flexible", help="灵活就业人员参加职工医保的缴费")
    add_policy(p, default="lhasa-2024")
    p.add_argument("--average-wage", help="上年度全区社平工资(元/月),例如 10791")
    p.add_argument("--employment-ended-on", help="解除劳动关系日期 YYYY-MM-DD:看何时停保")
    p.add_argument("--unemployment-benefit", action="store_true", help="正在领取失业保险金")
    p.add_argument("--account-balance", help="个人账户余额(元):看能否家庭共享")
    add_json(p)
    p.set_defaults(handler=run)
