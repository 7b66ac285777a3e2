"""``yibao flexible``: a flexible worker's employee-insurance premium (F7)."""

from __future__ import annotations

from ...calculators.flexible import employee_insurance_stop, flexible_premium
from ...errors import InputError
from ...inputs import parse_date, parse_money
from ..cli import add_json
from ._common import add_policy, policy_or_example


def run(args):
    # Every option given is read, also one this question does not need (then it is refused, not ignored).
    wage = None if args.average_wage is None else parse_money(args.average_wage, "--average-wage")
    ended = None if args.employment_ended_on is None else parse_date(args.employment_ended_on, "--employment-ended-on")
    balance = None if args.account_balance is None else parse_money(args.account_balance, "--account-balance")
    if ended is not None:
        if wage is not None:
            raise InputError("--average-wage", "not used with --employment-ended-on: the premium and the stop of "
                             "employee insurance are two questions", "ask one at a time")
        return employee_insurance_stop(ended, policy=policy_or_example(args.policy, "stop"),
                                       receiving_unemployment_benefit=args.unemployment_benefit,
                                       account_balance=balance)
    for option, given in (("--unemployment-benefit", args.unemployment_benefit),
                          ("--account-balance", balance is not None)):
        if given:
            raise InputError(option, "only with --employment-ended-on (when employee insurance stops)",
                             "leave it out, or give --employment-ended-on")
    if wage is None:
        raise InputError("average_wage", "give --average-wage (or --employment-ended-on)",
                         "last year's average monthly social wage in yuan")
    return flexible_premium(wage, policy=policy_or_example(args.policy, "flexible"))


def register(sub) -> None:
    p = sub.add_parser("flexible", help="灵活就业人员参加职工医保的缴费")
    add_policy(p, example="flexible")
    p.add_argument("--average-wage", help="上年度全区社平工资(元/月)")
    p.add_argument("--employment-ended-on", help="解除劳动关系日期 YYYY-MM-DD:看何时停保")
    p.add_argument("--unemployment-benefit", action="store_true", help="正在领取失业保险金")
    p.add_argument("--account-balance", help="个人账户余额(元):看能否家庭共享")
    add_json(p)
    p.set_defaults(handler=run)
