"""``yibao tiers``: which tier is worth it — the high tier's extra premium, the break-even cost of one
claim, and with ``--claims`` which tier costs the person less over the year (:mod:`yibao.whatif.tiers`)."""

from __future__ import annotations

import argparse

from ...calculators.person import MAX_AGE
from ...whatif.tiers import TierAdvice, tier_advice
from .. import field_help
from ..cli import add_json
from ._common import add_groups, add_policy, add_reform, policy_of_args, rows_or_file, whole_option


def run(args: argparse.Namespace) -> TierAdvice:
    policy = policy_of_args(args)
    claims = None
    if args.claims is not None:
        from ...settlement import read_claims

        claims = rows_or_file(args.claims, read_claims)
    return tier_advice(policy, kind=args.kind, level=whole_option(args.level, "--level", 1, 3, "1, 2, 3"),
                       groups=args.group, continuous_years=args.continuous_years or 0, sex=args.sex,
                       age=whole_option(args.age, "--age", 0, MAX_AGE), birth_date=args.birth_date,
                       income=args.income, claims=claims)


def register(sub) -> None:
    p = sub.add_parser(
        "tiers", help="选档建议:高档多缴多少、一次看病花多少钱时高档才划算",
        description="有高、低两档的政策:高档比低档多缴的保费,一次某类费用(住院按医院等级、门诊特殊病、普通门诊)"
                    "的政策范围内费用达到多少时高档多得的待遇(基本医保、大病保险、医疗救助合计)等于多缴的保费;"
                    "给出 --claims 时,按全年费用比较两档的保费加个人负担。资助按最高档次缴费的人不需要选档。")
    add_policy(p)
    p.add_argument("--kind", default="inpatient",
                   help="费用类型:inpatient(住院,需 --level)、special_outpatient(门诊特殊病)、"
                        "general_outpatient(普通门诊);默认 inpatient")
    p.add_argument("--level", metavar="N", help="住院医院等级 1、2、3")
    add_groups(p)
    p.add_argument("--continuous-years", metavar="N", help="在藏连续参保年数(含本年度),满10年提高3个百分点(T3)")
    p.add_argument("--sex", help=field_help.SEX + ",老年人代缴按性别和年龄(L5)")
    age = p.add_mutually_exclusive_group()
    age.add_argument("--birth-date", help="出生日期 YYYY-MM-DD")
    age.add_argument("--age", metavar="N", help="周岁年龄(按待遇年度1月1日)")
    p.add_argument("--income", help="年收入(元),低收入脱贫人口资助需要")
    p.add_argument("--claims", metavar="FILE",
                   help="全年费用文件(CSV 或 JSON,列见 docs/claims-file.md):比较两档全年负担")
    add_reform(p)
    add_json(p)
    p.set_defaults(handler=run)
