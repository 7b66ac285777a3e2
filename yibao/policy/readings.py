"""Readings that decide against a person: a rule does not apply to them only because of how the
policy reads an article, so their result names the reading although nothing in it used the rule.

A rule lists such readings in ``readings_against``; each reading names the groups it leaves out in
``decides_for`` (the alternatives would let them in)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..groups import Group, expand, of_policy
from .model import Policy


def readings_against(policy: Policy, groups: Iterable[Group], rule: Any) -> list[str]:
    """The ids of the readings of ``rule`` that leave a person of ``groups`` (umbrella groups included)
    out of it."""
    have = of_policy(policy, groups)
    return [key for key in getattr(rule, "readings_against", ()) or ()
            if have.intersection(policy.assumptions[key].decides_for)]


def left_out(policy: Policy, groups: Iterable[Group], key: str) -> list[Group]:
    """Which of ``groups`` the reading ``key`` leaves out (directly or through an umbrella group)."""
    out = set(policy.assumptions[key].decides_for)
    return [g for g in groups if out.intersection(expand({g}, policy.groups.umbrellas))]
