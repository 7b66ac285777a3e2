"""``yibao premium``: what a person pays and who pays the rest."""

from __future__ import annotations

from ...calculators.person import MAX_AGE
from ...calculators.premium import premium
from .. import field_help
from ..cli import add_json
from ._common import add_groups, add_policy, add_reform, policy_of_args, whole_option


def run(args):
    return premium(policy_of_args(args), tier=args.tier, groups=args.group, sex=args.sex, birth_date=args.birth_date,
                   age=whole_option(args.age, "--age", 0, MAX_AGE), income=args.income, paid_on=args.paid_on,
                   employee_insurance_ended_on=args.employee_insurance_ended_on)


def register(sub) -> None:
    p = sub.add_parser("premium", help="个人缴费与各方分担")
    add_policy(p)
    p.add_argument("--tier", help=field_help.TIER + ",只有一个标准的政策可省略")
    p.add_argument("--sex", help=field_help.SEX)
    age = p.add_mutually_exclusive_group()
    age.add_argument("--birth-date", help="出生日期 YYYY-MM-DD")
    age.add_argument("--age", metavar="N", help="周岁年龄(按待遇年度1月1日)")
    add_groups(p)
    p.add_argument("--income", help="年收入(元),低收入脱贫人口资助需要")
    p.add_argument("--paid-on", help="缴费日期 YYYY-MM-DD(有的政策对某日以后缴费的人另收财政补助部分)")
    p.add_argument("--employee-insurance-ended-on",
                   help="职工医保中断日期 YYYY-MM-DD(中断后不久参加居民医保的,有的政策不受缴费期限制)")
    add_reform(p)
    add_json(p)
    p.set_defaults(handler=run)
