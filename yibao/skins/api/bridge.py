"""A request's fields as the command line's options: the same ``run(args)`` of each command module
(:mod:`yibao.skins.commands`), so the API reads every value with the CLI's parsers and calls the
same calculators. Only the spelling differs: ``birth_date`` is ``--birth-date``, ``groups`` is
``--group``, ``set`` is ``--set``, ``reform`` (a body) is ``--reform`` (a file), and lists of rows
(``claims``, ``history``, ``household``) stand for the files of the options of the same name.
"""

from __future__ import annotations

import argparse
import functools
import importlib
from dataclasses import dataclass
from typing import Any

from ...errors import FieldPath, InputError
from ...policy.reform import Override, Reform
from .. import commands

#: Request fields spelled differently from their option's destination.
_DEST = {"groups": "group", "set": "reform_set", "reform": "reform_file"}
#: Fields the calculators name by another word (compare's household members).
_RENAMED_ROOTS = {"members": "household"}


@dataclass(frozen=True)
class Command:
    """One subcommand's parser, read once: its options' defaults, and which field each option gives."""

    name: str
    parent: argparse.ArgumentParser
    parser: argparse.ArgumentParser

    @functools.cached_property
    def defaults(self) -> dict[str, Any]:
        out = {a.dest: a.default for a in self.parser._actions if a.dest != "help"}
        out.update(self.parser._defaults)
        return out

    @functools.cached_property
    def field_of_option(self) -> dict[str, str]:
        """``--birth-date`` → ``birth_date``, ``--group`` → ``groups``, ``--set`` → ``set``."""
        back = {v: k for k, v in _DEST.items()}
        return {o: back.get(a.dest, a.dest) for a in self.parser._actions for o in a.option_strings
                if a.dest != "help"}

    @property
    def reformable(self) -> bool:
        return "reform_set" in self.defaults

    def field(self, action: argparse.Action) -> str:
        return {v: k for k, v in _DEST.items()}.get(action.dest, action.dest)

    def args(self, fields: dict[str, Any]) -> argparse.Namespace:
        """The namespace the command's handler reads: its defaults, then the fields given."""
        ns = argparse.Namespace(**self.defaults, command=self.name)
        for name, value in fields.items():
            setattr(ns, _DEST.get(name, name), value)
        for group in self.parser._mutually_exclusive_groups:
            given = [self.field(a) for a in group._group_actions if fields.get(self.field(a)) is not None]
            if len(given) > 1:
                raise InputError(given[1], f"not allowed with {given[0]}", f"either {given[0]} or {given[1]}",
                                 kind="api.exclusive", params={"other_field": given[0]})
        from ..cli import _empty_options  # every given text is read: an empty one is refused, as on the command line

        _empty_options(self.parent, ns)
        return ns


@functools.cache
def command(name: str) -> Command:
    parent = argparse.ArgumentParser(prog="yibao", add_help=False)
    sub = parent.add_subparsers(dest="command")
    importlib.import_module(f"{commands.__name__}.{name}").register(sub)
    return Command(name, parent, sub.choices[name])


def reform_of(body: Any) -> Reform | None:
    """A reform body as the Reform a ``--reform`` file gives (its overrides named ``reform.overrides[i]``)."""
    if body is None:
        return None
    return Reform(body.title, tuple(Override(o.path, o.value, o.note.strip(), f"reform.overrides[{i}]")
                                    for i, o in enumerate(body.overrides)), body.note, "API")


def run(name: str, fields: dict[str, Any]) -> Any:
    """The result of command ``name`` for a request's ``fields`` (given ones only)."""
    cmd = command(name)
    fields = dict(fields)
    if "reform" in fields:
        fields["reform"] = reform_of(fields["reform"])
    outside: dict[str, Any] = {k: fields.pop(k) for k in ("set", "reform") if k in fields and not cmd.reformable}
    args = cmd.args(fields)
    if any(v is not None for v in outside.values()):
        args.policy = _reformed_policy(name, args, outside)
    return args.handler(args)


def _reformed_policy(name: str, args: argparse.Namespace, reform: dict[str, Any]) -> Any:
    """A command without ``--set`` (flexible, maternity, incentive) under a reform: its policy (or the
    example policy of its question) with the reform applied, the same way the other commands apply it."""
    from ..commands._common import policy_of_args, policy_or_example

    question = "stop" if getattr(args, "employment_ended_on", None) is not None else name
    policy = args.policy if name == "incentive" else policy_or_example(args.policy, question)
    given = argparse.Namespace(reform_set=reform.get("set") or [], reform_file=reform.get("reform"))
    return policy_of_args(given, policy)


def field_path(err_path: FieldPath, name: str) -> FieldPath:
    """Where an error of command ``name`` points, as the request's field: ``--birth-date`` → ``birth_date``,
    ``--set catastrophic.deductible.high`` → ``set``, ``members[1].tier`` → ``household[1].tier``."""
    if not err_path:
        return err_path
    head = err_path[0]
    if isinstance(head, str) and head.startswith("--"):
        option = head.split()[0]
        found = command(name).field_of_option.get(option) if name in _NAMES else None
        return FieldPath(found or option.lstrip("-").replace("-", "_"))
    if head == "group":  # the calculators name one group; the request's field is the list
        return FieldPath("groups", *err_path[1:])
    if head in _RENAMED_ROOTS and name == "compare":
        return FieldPath(_RENAMED_ROOTS[head], *err_path[1:])
    return err_path


_NAMES = frozenset({"premium", "coverage", "flexible", "maternity", "settle", "incentive", "tiers", "diff",
                    "compare", "policies"})
