"""``yibao coverage``: when cover starts and ends, with the waiting period."""

from __future__ import annotations

from ...calculators.coverage import coverage
from ...calculators.person import parse_tier
from ..cli import add_json
from ._common import add_groups, add_policy, add_reform, policy_of_args, whole_option


def run(args):
    policy = policy_of_args(args)
    if args.tier is not None:  # checked even when no back-payment needs it: every given option is read
        parse_tier(policy, args.tier)
    years = "a whole number of years, 0 to 100"
    return coverage(policy, paid_on=args.paid_on, groups=args.group, birth_date=args.birth_date,
                    gap_years=whole_option(args.gap_years, "--gap-years", 0, 100, years) or 0,
                    backpaid_years=whole_option(args.backpaid_years, "--backpaid-years", 0, 100, years) or 0,
                    employee_insurance_ended_on=args.employee_insurance_ended_on, tier=args.tier)


def register(sub) -> None:
    p = sub.add_parser("coverage", help="待遇起止日期与等待期")
    add_policy(p)
    p.add_argument("--paid-on", required=True, help="缴费日期 YYYY-MM-DD")
    add_groups(p)
    p.add_argument("--birth-date", help="出生日期 YYYY-MM-DD(新生儿必填)")
    p.add_argument("--gap-years", metavar="N", help="断保年数(默认0)")
    p.add_argument("--backpaid-years", metavar="N", help="补缴年数(默认0)")
    p.add_argument("--employee-insurance-ended-on", help="职工医保中断日期 YYYY-MM-DD")
    p.add_argument("--tier", help="补缴费用按哪个档次计算(多档次政策且有补缴时需要)")
    add_reform(p)
    add_json(p)
    p.set_defaults(handler=run)
