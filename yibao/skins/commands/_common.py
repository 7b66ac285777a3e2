"""Options shared by several subcommands."""

from __future__ import annotations

import argparse

from ...errors import InputError
from ...groups import Group
from ...inputs import parse_whole
from ...messages import message
from ...policy.examples import default_policy


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
    p.add_argument("--group", action="append", default=[], metavar="CODE",
                   help="人群代码或中文名,可重复:" + ", ".join(g.value for g in Group))


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
