"""``yibao compare``: one person's premium under every policy side by side (C1)."""

from __future__ import annotations

from ..cli import add_json
from ..compare import compare_premiums
from ._common import add_groups, whole


def run(args):
    person = {"tier": args.tier, "groups": args.group, "sex": args.sex, "birth_date": args.birth_date,
              "age": args.age, "income": args.income}
    return compare_premiums(person, args.policy or None)


def register(sub) -> None:
    p = sub.add_parser("compare", help="同一个人在各政策下的缴费对照")
    p.add_argument("--policy", action="append", default=[], help="只比较这些政策(可重复;默认全部)")
    p.add_argument("--tier", default="high", help="high 或 low(只有一个标准的政策不用档次)")
    p.add_argument("--sex")
    p.add_argument("--birth-date")
    p.add_argument("--age", type=whole("--age"))
    add_groups(p)
    p.add_argument("--income")
    add_json(p)
    p.set_defaults(handler=run)
