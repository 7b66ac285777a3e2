"""``yibao maternity``: employee maternity lump sum and allowance days (T21, T22)."""

from __future__ import annotations

from ...calculators.maternity import maternity
from ..cli import add_json
from ._common import add_policy, policy_or_example, whole_option


def run(args):
    babies = whole_option(args.babies, "--babies", 1, 9)
    surviving = whole_option(args.surviving_babies, "--surviving-babies", 0, 9)
    return maternity(policy_or_example(args.policy, "maternity"), delivery=args.delivery,
                     babies=1 if babies is None else babies, difficult=args.difficult,
                     surviving_babies=surviving, average_wage_last_year=args.average_wage,
                     flexible_worker=args.flexible_worker)


def register(sub) -> None:
    p = sub.add_parser("maternity", help="职工生育医疗费用包干与生育津贴天数")
    add_policy(p, example="maternity")
    p.add_argument("--delivery", required=True, help="normal(顺产)或 caesarean(剖宫产)")
    p.add_argument("--babies", metavar="N", help="婴儿数(默认1)")
    p.add_argument("--surviving-babies", metavar="N", help="存活满政策规定月数(T22)的婴儿数(默认全部)")
    p.add_argument("--difficult", action="store_true", help="难产")
    p.add_argument("--average-wage", help="全区上年度在职职工年平均工资(元),用于一次性营养补助")
    p.add_argument("--flexible-worker", action="store_true", help="以灵活就业人员身份参加职工医保(不参加生育保险,F8)")
    add_json(p)
    p.set_defaults(handler=run)
