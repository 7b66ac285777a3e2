"""``yibao settle``: one person's claims of one benefit year through basic insurance, catastrophic
insurance and medical assistance (T3–T13, T17–T19, T23, F9, Y3, Y6)."""

from __future__ import annotations

import argparse

from ...errors import InputError
from ...inputs import parse_choice
from ...settlement import CitedOnce, Claim, Person, YearSettlement, read_claim_columns, settle, settle_file
from .. import field_help
from ..cli import add_json
from ._common import add_reform, policy_of_args

#: Up to this many rows a claims file is explained claim by claim (line items and their clauses); a
#: bigger one as a table, one line per claim (``--detail`` chooses).
FULL_ROWS = 1000


def _claims(args: argparse.Namespace, person: Person) -> list[Claim]:
    single = [o for o, v in (("--inpatient", args.inpatient), ("--outpatient", args.outpatient),
                             ("--special-outpatient", args.special_outpatient)) if v is not None]
    if args.claims is not None:
        if single:
            raise InputError(single[0], "give either --claims FILE or one claim by options, not both",
                             "--claims FILE, or one of --inpatient/--outpatient/--special-outpatient")
        for opt, val in (("--level", args.level), ("--admission", args.admission), ("--date", args.date),
                         ("--outside-catalogue", args.outside_catalogue), ("--ethnic-share", args.ethnic_share)):
            if val is not None:
                raise InputError(opt, "belongs to a claim given by options; in a claims file it is a column",
                                 "leave it out with --claims")
        return []
    if args.detail is not None:
        raise InputError("--detail", "only for a claims file", "leave it out, or give --claims FILE")
    if not single:
        raise InputError("claim", "no claim given",
                         "--claims FILE, or one of --inpatient COST --level N, --outpatient COST, "
                         "--special-outpatient COST")
    if len(single) > 1:
        raise InputError(single[1], f"only one claim by options ({single[0]} given too)",
                         "--claims FILE for several claims")
    policy = person.policy
    day = args.date if args.date is not None else policy.in_force.start.isoformat()  # type: ignore[union-attr]
    row: dict = {"date": day, "outside_catalogue": args.outside_catalogue, "ethnic_share": args.ethnic_share}
    if args.inpatient is not None:
        row.update(kind="inpatient", cost=args.inpatient, level=args.level, admission=args.admission)
        if args.level is None:
            raise InputError("--level", "missing: --inpatient needs the hospital level", "1, 2, 3")
    else:
        for opt, val in (("--level", args.level), ("--admission", args.admission)):
            if val is not None:
                raise InputError(opt, "only for --inpatient", "leave it out")
        row.update(kind="general_outpatient" if args.outpatient is not None else "special_outpatient",
                   cost=args.outpatient if args.outpatient is not None else args.special_outpatient)
    names = {"cost": single[0], "date": "--date", "level": "--level", "admission": "--admission",
             "outside_catalogue": "--outside-catalogue", "ethnic_share": "--ethnic-share"}
    return [Claim.from_mapping(row, lambda col: names.get(col, col))]


def run(args: argparse.Namespace) -> YearSettlement | CitedOnce:
    policy = policy_of_args(args)
    person = Person(
        policy=policy,
        tier=args.tier,
        groups=tuple(args.group or ()),
        continuous_years=args.continuous_years if args.continuous_years is not None else 0,
        incentive_amount=args.incentive_amount if args.incentive_amount is not None else "0",
        waiting_until=args.waiting_until,
        cover_start=args.cover_start,
        cover_end=args.cover_end,
        retroactive_paid_on=args.retroactive_paid_on,
        retired=args.retired,
        major_disease=args.major_disease,
    )
    claims = _claims(args, person)
    if args.claims is None:
        return settle(person, claims)
    if isinstance(args.claims, list):  # rows a skin gives (the web API's JSON claims): checked by settle()
        return settle(person, args.claims)
    # a file is read as a table: each column's distinct values once, the engine once (docs/claims-file.md)
    file = read_claim_columns(args.claims, policy)
    detail = parse_choice(args.detail, "--detail", ("full", "table"), {"逐笔": "full", "表格": "table"},
                          default="full" if len(file) <= FULL_ROWS else "table")
    return settle_file(person, file, detail, FULL_ROWS)


def register(sub) -> None:
    p = sub.add_parser(
        "settle", help="结算一年的医疗费用:基本医保、大病保险、医疗救助、个人负担",
        description="结算一个人一个待遇年度的医疗费用。一笔费用可用选项给出(--inpatient/--outpatient/"
                    "--special-outpatient),多笔费用用 --claims 文件(CSV 或 JSON,列见 docs/claims-file.md)。")
    p.add_argument("--policy", required=True, help="政策 id(yibao policies 列出全部)")
    p.add_argument("--tier", help=field_help.TIER + "。政策只有统一标准时可不填;享受按最高档次资助的人(如低保对象、"
                                  "享受边民补助的边境群众)不填时按资助的档次结算")
    p.add_argument("--group", action="append", metavar="CODE", help=field_help.GROUPS)
    p.add_argument("--continuous-years", metavar="N",
                   help="在本地连续参保年数(含本年度),长缴多报按政策规定的年数和比例(T3)")
    p.add_argument("--incentive-amount", metavar="YUAN", help="参保激励提高的大病保险限额(见 yibao incentive)")
    p.add_argument("--retired", action="store_true", help="退休人员(职工门诊统筹按退休人员的起付线,T18)")
    p.add_argument("--waiting-until", metavar="DATE", help="等待期结束日:此前的费用不报销(T17)")
    p.add_argument("--cover-start", metavar="DATE", help="待遇享受期开始日")
    p.add_argument("--cover-end", metavar="DATE", help="待遇享受期结束日")
    p.add_argument("--retroactive-paid-on", metavar="DATE", help="运城延长期缴费日:此前的费用缴费后补报(Y3)")
    p.add_argument("--claims", metavar="FILE", help="费用文件(CSV 或 JSON)")
    p.add_argument("--detail", metavar="full|table",
                   help=f"费用文件的输出:full 逐笔列出计算步骤和依据,table 每笔一行(默认:不超过{FULL_ROWS}行 full,"
                        "更多行 table)")
    p.add_argument("--inpatient", metavar="COST", help="一次住院的政策范围内费用")
    p.add_argument("--level", metavar="N", help="住院医院等级 1、2、3")
    p.add_argument("--admission", metavar="N", help="本年度第几次住院(默认1)")
    p.add_argument("--outpatient", metavar="COST", help="一次普通门诊的政策范围内费用")
    p.add_argument("--special-outpatient", metavar="COST", help="一次门诊特殊病的政策范围内费用")
    p.add_argument("--date", metavar="DATE", help="就医日期(默认政策生效日)")
    p.add_argument("--outside-catalogue", metavar="YUAN", help="目录外费用(个人负担,F9)")
    p.add_argument("--ethnic-share", metavar="YUAN", help="其中民族药(如藏药)“乙类”药品费用(T19)")
    p.add_argument("--major-disease", action="store_true",
                   help="本人本年度为重特大疾病患者:医疗救助年度限额按政策的重特大疾病限额计算(T11)")
    add_reform(p)
    add_json(p)
    p.set_defaults(handler=run)
