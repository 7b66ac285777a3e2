"""``yibao population``: a people table and a claims table (CSV or parquet) through the table path
(:func:`yibao.populations.frame.settle_frames`), the results per claim and per person written to files;
with ``--scheduler ADDRESS`` the same on a Dask cluster (:mod:`yibao.populations.dask_frame`)."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...errors import InputError
from ...format import yuan
from ...inputs import parse_choice, show
from ..cli import add_json

#: The year's totals summed over the people (money columns of the per-person table).
TOTALS = ("total_cost", "basic", "catastrophic", "assistance", "out_of_pocket")
STEPS = ("读取人员表", "读取费用表", "结算", "写出结果")


@dataclass
class PopulationRun:
    """What a run did: how many people and claims, the totals, the files written."""

    policy: str
    people: int
    claims: int
    totals: dict[str, Decimal]
    written: dict[str, str] = field(default_factory=dict)
    scheduler: str | None = None
    #: The policy's title, as a reader names it (the id is for JSON).
    title: str = ""

    def explain(self) -> str:
        t = {k: yuan(v) for k, v in self.totals.items()}
        lines = [f"《{self.title or self.policy}》:{self.people:,}人,{self.claims:,}笔费用共{t['total_cost']};"
                 f"基本医保支付{t['basic']},大病保险支付{t['catastrophic']},医疗救助{t['assistance']},"
                 f"个人负担{t['out_of_pocket']}。"]
        if self.scheduler == "threads":
            lines.append("用 Dask 的多线程调度器在本机计算。")
        elif self.scheduler:
            lines.append(f"在 Dask 集群 {self.scheduler} 上计算。")
        names = {"claims": "逐笔结果", "people": "每人全年结果"}
        lines += [f"{names[k]}已写入 {v}" for k, v in self.written.items()]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy, "people": self.people, "claims": self.claims,
                **{k: f"{v:.2f}" for k, v in self.totals.items()}, "written": dict(self.written),
                "scheduler": self.scheduler}


def _progress(total: int) -> Any:
    """A bar on stderr when it is a terminal (tqdm), nothing otherwise."""
    from tqdm import tqdm  # type: ignore[import-untyped]

    return tqdm(total=total, file=sys.stderr, disable=None, unit="步", bar_format="{desc} {bar} {n_fmt}/{total_fmt}")


def _step(bar: Any, i: int) -> None:
    bar.set_description_str(STEPS[i])
    if i:
        bar.update(1)


def _totals(per_person: Any, money: str) -> dict[str, Decimal]:
    from ...money import from_fen as yuan
    from ...populations.money import fen_of

    return {k: yuan(int(fen_of(per_person[k if money == "decimal" else f"{k}_fen"]).sum())) for k in TOTALS}


def _local(args: argparse.Namespace, policy: Any, bar: Any) -> PopulationRun:
    from ...populations.files import read_table, write_table
    from ...populations.frame import settle_frames

    _step(bar, 0)
    people = read_table(args.people, "--people")
    _step(bar, 1)
    claims = read_table(args.claims, "--claims")
    _step(bar, 2)
    per_claim, per_person = settle_frames(people, claims, policy, money=args.money)
    _step(bar, 3)
    run = PopulationRun(policy.id, len(people), len(claims), _totals(per_person, args.money), title=policy.title)
    if args.out_claims:
        run.written["claims"] = write_table(per_claim, args.out_claims, "--out-claims")
    if args.out_people:
        run.written["people"] = write_table(per_person, args.out_people, "--out-people")
    bar.update(1)
    return run


def _cluster(args: argparse.Namespace, policy: Any, bar: Any) -> PopulationRun:
    import logging

    import dask
    from distributed import Client

    from ...populations.dask_frame import settle_dask, year_dask
    from ...populations.files import read_dask, write_table

    logging.getLogger("distributed").setLevel(logging.ERROR)  # its notes on shuffles are not the user's business
    if args.scheduler == "threads":
        client: Any = dask.config.set(scheduler="threads")
    else:
        try:
            client = Client(args.scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as e:
            raise InputError("--scheduler", f"no Dask scheduler at {show(args.scheduler)}: {type(e).__name__}",
                             _ADDRESS_ALLOWED) from None
    with client:
        _step(bar, 0)
        people = read_dask(args.people, "--people")
        _step(bar, 1)
        claims = read_dask(args.claims, "--claims")
        _step(bar, 2)
        per_claim = settle_dask(people, claims, policy, money=args.money, npartitions=args.partitions)
        per_person = year_dask(people, claims, policy, money=args.money, npartitions=args.partitions)
        fen = per_person if args.money == "fen" else year_dask(people, claims, policy, money="fen",
                                                                npartitions=args.partitions)
        # the totals are summed on the workers, in fen; the tables go from the workers to the files
        sums, n_people, n_claims = dask.compute(fen[[f"{k}_fen" for k in TOTALS]].sum(), fen["claims"].count(),
                                                fen["claims"].sum())
        _step(bar, 3)
        from ...money import from_fen as yuan

        run = PopulationRun(policy.id, int(n_people), int(n_claims),
                            {k: yuan(int(sums[f"{k}_fen"])) for k in TOTALS}, scheduler=args.scheduler,
                            title=policy.title)
        if args.out_claims:
            run.written["claims"] = write_table(per_claim, args.out_claims, "--out-claims")
        if args.out_people:
            run.written["people"] = write_table(per_person, args.out_people, "--out-people")
        bar.update(1)
    return run


#: A scheduler address: ``tcp://host:port`` (or another Dask protocol), ``host:port``, or ``threads``.
_ADDRESS = re.compile(r"((tcp|tls|ucx|ws|wss)://)?[A-Za-z0-9._-]+:([1-9][0-9]{0,4})")
_ADDRESS_ALLOWED = "the address of a Dask scheduler, e.g. tcp://10.0.0.5:8786, or threads (this machine)"


def scheduler_address(value: str) -> str:
    """``--scheduler``: an address as Dask takes it, or ``threads`` (dask's threaded scheduler here)."""
    text = unicodedata.normalize("NFKC", value).strip()
    m = _ADDRESS.fullmatch(text)
    if text != "threads" and (m is None or not 1 <= int(m.group(3)) <= 65535):
        raise InputError("--scheduler", f"{show(value)} is not a scheduler address", _ADDRESS_ALLOWED,
                         kind="population.scheduler", params={"value": show(value)})
    return text


def run(args: argparse.Namespace) -> PopulationRun:
    from ...policy import as_policy

    policy = as_policy(args.policy)
    args.money = parse_choice(args.money, "--money", ("decimal", "fen"), {"元": "decimal", "分": "fen"},
                              default="decimal")
    if args.scheduler is not None:
        args.scheduler = scheduler_address(args.scheduler)
    elif args.partitions is not None:
        raise InputError("--partitions", "only with --scheduler", "leave it out, or give --scheduler ADDRESS")
    with _progress(len(STEPS)) as bar:
        return _cluster(args, policy, bar) if args.scheduler else _local(args, policy, bar)


def _positive(text: str) -> int:
    from ._common import whole

    return whole("--partitions", 1, 100_000)(text)


def register(sub) -> None:
    p = sub.add_parser(
        "population", help="一群人的全年结算:人员表和费用表(CSV 或 parquet),写出逐笔和每人的结果",
        description="人员表(person_id 及 tier、groups 等列)和费用表(person_id、date、kind、cost 等列),"
                    "列见 docs/population.md;结果精确到分。--scheduler 在 Dask 集群上计算。")
    p.add_argument("--policy", required=True, help="政策 id(yibao policies 列出全部)")
    p.add_argument("--people", required=True, metavar="FILE", help="人员表:.csv 或 .parquet(或 parquet 文件夹)")
    p.add_argument("--claims", required=True, metavar="FILE", help="费用表:.csv 或 .parquet(或 parquet 文件夹)")
    p.add_argument("--out-claims", metavar="FILE", help="逐笔结果写入此文件(.csv 或 .parquet)")
    p.add_argument("--out-people", metavar="FILE", help="每人全年结果写入此文件(.csv 或 .parquet)")
    p.add_argument("--money", metavar="decimal|fen", help="结果中的金额:decimal 两位小数的元(默认),fen 整数分")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask 调度器地址,如 tcp://10.0.0.5:8786(各节点需装有 yibao);threads:本机多线程")
    p.add_argument("--partitions", metavar="N", type=_positive, help="Dask:按 person_id 分成的分区数(默认同人员表)")
    add_json(p)
    p.set_defaults(handler=run)
