"""``yibao compare``: one person's premium under every policy side by side (C1)."""

from __future__ import annotations

from ...calculators.compare import compare_premiums
from ...calculators.person import MAX_AGE
from ...inputs import parse_choice
from ...vocabulary import Tier
from ..cli import add_json
from ._common import add_groups, whole_option


def run(args):
    # the tier asked for, high or low, is read here: a policy with one standard then uses that one
    offered = [Tier.high, Tier.low]
    tier = parse_choice(args.tier, "--tier", offered, {k: v for k, v in Tier.aliases().items() if v in offered})
    person = {"tier": tier, "groups": args.group, "sex": args.sex, "birth_date": args.birth_date,
              "age": whole_option(args.age, "--age", 0, MAX_AGE), "income": args.income}
    return compare_premiums(person, args.policy or None)


def register(sub) -> None:
    p = sub.add_parser("compare", help="同一个人在各政策下的缴费对照")
    p.add_argument("--policy", action="append", default=[], help="只比较这些政策(可重复;默认全部)")
    p.add_argument("--tier", default="high", help="high 或 low(只有一个标准的政策不用档次)")
    p.add_argument("--sex")
    p.add_argument("--birth-date")
    p.add_argument("--age", metavar="N", help="周岁年龄")
    add_groups(p)
    p.add_argument("--income")
    add_json(p)
    p.set_defaults(handler=run)
