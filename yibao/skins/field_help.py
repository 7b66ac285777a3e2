"""How a field is explained to a person, said once for the command line and the web API: the words a
person may write for a tier, a sex or a group come from the vocabulary, in Chinese first."""

from __future__ import annotations

from ..groups import Group, zh
from ..vocabulary import Sex, Term, Tier


def spellings(term: type[Term], *members: Term) -> str:
    """``高档或低档(也可写 high、low)``: how a person may write one of ``members`` (every member of
    ``term`` when none is given)."""
    chosen = members or tuple(term)
    return "或".join(m.zh for m in chosen) + "(也可写 " + "、".join(m.value for m in chosen) + ")"


TIER = "缴费档次:" + spellings(Tier, Tier.high, Tier.low)
SEX = "性别:" + spellings(Sex)
GROUPS = "人群,可重复,写中文名或代码:" + "、".join(zh(g) for g in Group)
