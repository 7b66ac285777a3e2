"""Options shared by several subcommands."""

from __future__ import annotations

import argparse

from ..groups import Group


def add_policy(p: argparse.ArgumentParser, default: str | None = None) -> None:
    p.add_argument("--policy", required=default is None, default=default,
                   help="政策 id,例如 lhasa-2025(yibao policies 列出全部)")


def add_groups(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group", action="append", default=[], metavar="CODE",
                   help="人群代码或中文名,可重复:" + ", ".join(g.value for g in Group))


def whole(field: str):
    """An argparse type for a whole number that names its option when wrong."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{field}: {text!r} is not a whole number") from None
        return value
    return parse
