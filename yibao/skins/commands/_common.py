"""Options shared by several subcommands."""

from __future__ import annotations

import argparse

from ...errors import InputError
from ...inputs import parse_whole
from ...messages import message
from ...policy.examples import default_policy
from .. import field_help


def add_policy(p: argparse.ArgumentParser, example: str | None = None) -> None:
    """``--policy``; with ``example``, it may be left out: that calculator's example policy is used
    (``policies/examples.yaml``)."""
    if example is None:
        p.add_argument("--policy", required=True, help="政策 id(yibao policies 列出全部)")
    else:
        p.add_argument("--policy", help="政策 id(yibao policies 列出全部);不填时用示例政策(policies/examples.yaml)")


def policy_or_example(value: str | None, calculator: str) -> str:
    """The policy given, else the example policy of ``calculator``."""
    return value if value is not None else default_policy(calculator)


def add_groups(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group", action="append", default=[], metavar="CODE", help=field_help.GROUPS)


def whole(field: str, low: int = -(2 ** 63), high: int = 2 ** 63 - 1):
    """An argparse type for a whole number (:func:`yibao.inputs.parse_whole`) that names its option."""
    def parse(text: str) -> int:
        try:
            return parse_whole(text, field, low, high)
        except InputError as e:  # said in the run's language; argparse adds "argument --x:", dropped later
            from ..cli import current_language

            raise argparse.ArgumentTypeError(message(e, current_language())) from None
    return parse


def whole_option(value: str | None, option: str, low: int, high: int, allowed: str | None = None) -> int | None:
    """An option's whole number, read in the handler (None when not given)."""
    return None if value is None else parse_whole(value, option, low, high, allowed)


def add_reform(p: argparse.ArgumentParser) -> None:
    """``--set PATH=VALUE`` (repeatable) and ``--reform FILE``: compute under a reform (yibao.policy.reform)."""
    p.add_argument("--set", action="append", default=[], dest="reform_set", metavar="PATH=VALUE",
                   help="改革方案:把政策值改为“值”再计算(可重复),路径与结果各行所列相同,"
                        "如 catastrophic.deductible.high=4000、basic.inpatient.levels[level_3].rate.low=65%%")
    p.add_argument("--reform", dest="reform_file", metavar="FILE",
                   help="改革方案文件(YAML:title、note、overrides 各项 path、value、note)")


def reform_of_args(args: argparse.Namespace):
    """The reform ``--reform FILE`` and ``--set`` give together (None when neither is given)."""
    from ...policy.reform import Reform, read_reform

    given = getattr(args, "reform_file", None)
    # a skin that reads its own reform (the web API's reform body) passes the Reform itself
    file = given if isinstance(given, Reform) or given is None else read_reform(given)
    sets = Reform.from_sets(args.reform_set) if getattr(args, "reform_set", None) else None
    return file.plus(sets) if file is not None else sets


def policy_of_args(args: argparse.Namespace, policy_id: str | None = None):
    """The policy a command computes with: ``--policy`` (or ``policy_id``), with the reform of
    ``--set``/``--reform`` applied, validated again (:func:`yibao.policy.reformed.apply_reform`)."""
    from ...policy.loader import load_policy
    from ...policy.reformed import apply_reform

    return apply_reform(load_policy(policy_id if policy_id is not None else args.policy), reform_of_args(args))


def rows_or_file(value, read):
    """A file option's rows: the file read by ``read``, or the rows themselves when a skin gives them
    as a list (the web API's JSON ``claims``); the calculators read each row as they read a file's."""
    return value if isinstance(value, list) else read(value)
