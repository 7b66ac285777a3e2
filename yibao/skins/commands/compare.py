"""``yibao compare``: one person's premium under every policy side by side (C1); with ``--set`` or
``--reform``, one policy's baseline and the reform side by side (premium, and a year of ``--claims``)."""

from __future__ import annotations

from ...calculators.compare import compare_premiums
from ...calculators.person import MAX_AGE
from ...errors import InputError
from ...inputs import parse_choice
from ...vocabulary import Tier
from .. import field_help
from ..cli import add_json
from ._common import add_groups, add_reform, reform_of_args, rows_or_file, whole_option


def run(args):
    # the tier asked for, high or low, is read here: a policy with one standard then uses that one
    offered = [Tier.high, Tier.low]
    tier = parse_choice(args.tier, "--tier", offered, {k: v for k, v in Tier.aliases().items() if v in offered})
    person = {"tier": tier, "groups": args.group, "sex": args.sex, "birth_date": args.birth_date,
              "age": whole_option(args.age, "--age", 0, MAX_AGE), "income": args.income}
    reform = reform_of_args(args)
    if reform is None:
        for opt, val in (("--claims", args.claims), ("--continuous-years", args.continuous_years),
                         ("--household", args.household)):
            if val is not None:
                raise InputError(opt, "only with --set or --reform (baseline and reform side by side)",
                                 "leave it out, or add --set PATH=VALUE")
        return compare_premiums(person, args.policy or None)
    from ...whatif.compare import compare_reform

    if len(args.policy) != 1:
        raise InputError("--policy", f"{len(args.policy)} given: a reform is compared with one policy's baseline",
                         "one --policy, e.g. --policy lhasa-2025")
    if args.household is not None:
        return _household(args, reform)
    claims = None
    if args.claims is not None:
        from ...settlement import read_claims

        claims = rows_or_file(args.claims, read_claims)
        person["continuous_years"] = whole_option(args.continuous_years, "--continuous-years", 0, 150) or 0
    elif args.continuous_years is not None:
        raise InputError("--continuous-years", "only with --claims (it changes how claims are settled)",
                         "leave it out, or add --claims FILE")
    return compare_reform(args.policy[0], reform, person=person, claims=claims)


def register(sub) -> None:
    p = sub.add_parser("compare", help="同一个人在各政策下的缴费对照;加 --set/--reform 时对照基线与改革方案")
    p.add_argument("--policy", action="append", default=[], help="只比较这些政策(可重复;默认全部)")
    p.add_argument("--tier", default="high", help=field_help.TIER + ",默认高档;只有一个标准的政策不用档次")
    p.add_argument("--sex", help=field_help.SEX)
    p.add_argument("--birth-date")
    p.add_argument("--age", metavar="N", help="周岁年龄")
    add_groups(p)
    p.add_argument("--income")
    p.add_argument("--claims", metavar="FILE", help="全年费用文件(CSV 或 JSON):与 --set/--reform 一起,对照两种结算")
    p.add_argument("--continuous-years", metavar="N", help="在藏连续参保年数(含本年度),与 --claims 一起")
    p.add_argument("--household", metavar="FILE",
                   help="全家成员文件(JSON 列表,每人 tier、groups、sex、age 等及其 claims):与 --set/--reform 一起")
    add_reform(p)
    add_json(p)
    p.set_defaults(handler=run)


def _household(args, reform):
    """``--household FILE``: every member's facts and claims come from the file."""
    from ...whatif.compare import compare_reform, read_household

    given = [o for o, v in (("--claims", args.claims), ("--continuous-years", args.continuous_years),
                            ("--tier", args.tier if args.tier != "high" else None), ("--sex", args.sex),
                            ("--birth-date", args.birth_date), ("--age", args.age), ("--group", args.group or None),
                            ("--income", args.income)) if v is not None]
    if given:
        raise InputError(given[0], "is a member's fact: give it in the household file",
                         "leave it out with --household")
    return compare_reform(args.policy[0], reform, members=rows_or_file(args.household, read_household))
