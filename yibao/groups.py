"""Population groups: the codes fixed by ../shared/RULES.md ("Population groups"), with their Chinese names."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from .errors import InputError
from .inputs import fold


class Group(StrEnum):
    tekun = "tekun"
    orphan = "orphan"
    unsupported_child = "unsupported_child"
    severe_disability = "severe_disability"
    dibao = "dibao"
    dibao_edge = "dibao_edge"
    unstable_alleviated = "unstable_alleviated"
    edge_poverty = "edge_poverty"
    sudden_hardship = "sudden_hardship"
    relapse_poverty = "relapse_poverty"
    monitored = "monitored"
    needy_worker = "needy_worker"
    low_income_alleviated = "low_income_alleviated"
    disabled_unable_to_work = "disabled_unable_to_work"
    low_income_family = "low_income_family"
    low_income_severe_disability = "low_income_severe_disability"
    hiv_child = "hiv_child"
    priority_care = "priority_care"
    border_resident = "border_resident"
    unemployed_veteran = "unemployed_veteran"
    abandoned_infant = "abandoned_infant"
    released_prisoner = "released_prisoner"
    community_correction = "community_correction"
    assistance_recipient = "assistance_recipient"
    poverty_alleviated = "poverty_alleviated"
    newborn = "newborn"


#: Chinese names, first one is the display name; every one is accepted as input.
CHINESE_NAMES: dict[Group, tuple[str, ...]] = {
    Group.tekun: ("特困供养人员", "特困人员", "特困供养对象", "特困"),
    Group.orphan: ("孤儿",),
    Group.unsupported_child: ("事实无人抚养儿童",),
    Group.severe_disability: ("一二级重度残疾人",),
    Group.dibao: ("低保对象", "城乡最低生活保障对象", "城乡低保对象", "低保"),
    Group.dibao_edge: ("低保边缘对象", "低保边缘家庭成员"),
    Group.unstable_alleviated: ("脱贫不稳定户", "脱贫不稳定人口"),
    Group.edge_poverty: ("边缘易致贫户", "边缘易致贫人口"),
    Group.sudden_hardship: ("突发严重困难户", "突发严重困难人员"),
    Group.relapse_poverty: ("返贫致贫人口",),
    Group.monitored: ("纳入防返贫监测范围的低收入人口", "乡村振兴部门监测对象"),
    Group.needy_worker: ("经工会认定的困难职工", "困难职工"),
    Group.low_income_alleviated: ("低收入脱贫人口",),
    Group.disabled_unable_to_work: ("丧失劳动能力的残疾人",),
    Group.low_income_family: ("低收入家庭成员",),
    Group.low_income_severe_disability: ("低收入家庭中重度残疾人",),
    Group.hiv_child: ("艾滋病病毒感染儿童",),
    Group.priority_care: ("重点优抚对象",),
    Group.border_resident: ("享受边民补助的边境群众", "边境群众", "边民"),
    Group.unemployed_veteran: ("未就业退役军人",),
    Group.abandoned_infant: ("弃婴",),
    Group.released_prisoner: ("刑满释放人员",),
    Group.community_correction: ("社区矫正对象",),
    Group.assistance_recipient: ("医疗救助对象",),
    Group.poverty_alleviated: ("脱贫人口",),
    Group.newborn: ("新生儿",),
}

_LOOKUP: dict[str, Group] = {g.value: g for g in Group}
for _g, _names in CHINESE_NAMES.items():
    for _n in _names:
        _LOOKUP[_n] = _g


def zh(group: Group) -> str:
    """The Chinese display name of a group."""
    return CHINESE_NAMES[group][0]


def parse_group(text: str | Group, field: str = "group") -> Group:
    """A group from its code or any of its Chinese names."""
    if isinstance(text, Group):
        return text
    key = fold(text).strip() if isinstance(text, str) else None
    if key in _LOOKUP:
        return _LOOKUP[key]
    shown = repr(text) if len(repr(text)) <= 40 else repr(text)[:39] + "…"
    raise InputError(field, f"unknown population group {shown}",
                     ", ".join(g.value for g in Group) + " (or their Chinese names)",
                     kind="group.unknown", params={"value": shown, "choices": tuple(g.value for g in Group)})


def group_list(items: Iterable[str | Group] | str | None, field: str = "group") -> tuple[Group, ...]:
    """The groups given, in order, each once: a list of codes or Chinese names, one as a string, or None."""
    if items is None:
        return ()
    if isinstance(items, (str, Group)):  # one group given as a string, not its letters
        items = (items,)
    if isinstance(items, (bytes, dict)) or not isinstance(items, Iterable):
        raise InputError(field, f"{type(items).__name__} is not a list of groups",
                         "a list of group codes or Chinese names, e.g. ['dibao']", kind="list.wrong_type",
                         params={"type": type(items).__name__, "expects": "groups"})
    return tuple(dict.fromkeys(parse_group(i, field) for i in items))


def parse_groups(items: Iterable[str | Group] | str | None, field: str = "group") -> frozenset[Group]:
    return frozenset(group_list(items, field))


# ---------------------------------------------------------------- umbrella groups (policy data)


def implied_umbrellas(groups: Iterable[Group], umbrellas: Iterable[Any]) -> list[Any]:
    """The umbrella relations (``policy.groups.umbrellas``: items with ``id`` and ``members``) that make
    a person of ``groups`` a member of an umbrella they did not name, in the order they apply
    (members first, so 边缘易致贫户 → 防返贫监测对象 → 医疗救助对象). Only member → umbrella:
    being in an umbrella never puts a person in one of its members. A combination (``all_members``,
    重度残疾人 + 低收入家庭成员 → 低收入家庭中重度残疾人) needs every member."""
    have = set(groups)
    rels = list(umbrellas)
    out: list[Any] = []
    changed = True
    while changed:
        changed = False
        for rel in rels:
            if rel.id not in have and _joins(rel, have):
                have.add(rel.id)
                out.append(rel)
                changed = True
    return out


def _joins(rel: Any, have: set[Group]) -> bool:
    """Whether a person of ``have`` is in the umbrella or combination ``rel``."""
    if getattr(rel, "all_members", False):
        return have.issuperset(rel.members)
    return bool(have.intersection(rel.members))


def reached_through(group: Group, groups: Iterable[Group], umbrellas: Iterable[Any]) -> frozenset[Group]:
    """The groups a person of ``groups`` is in because of ``group``: ``group`` itself, the umbrellas
    it leads to, and the combinations it completes with the person's other groups (重度残疾人 with
    低收入家庭成员 → 低收入家庭中重度残疾人). Used to say which aid a group given leads to."""
    rels = list(umbrellas)
    have = set(expand(groups, rels))
    reach = {group}
    changed = True
    while changed:
        changed = False
        for rel in rels:
            if rel.id in have and rel.id not in reach and reach.intersection(rel.members):
                reach.add(rel.id)
                changed = True
    return frozenset(reach)


def combinations_with(group: Group, umbrellas: Iterable[Any]) -> list[Any]:
    """The combinations (``all_members``) ``group`` is a part of, directly or through an umbrella it is in."""
    rels = list(umbrellas)
    reach = expand({group}, [r for r in rels if not getattr(r, "all_members", False)])
    return [r for r in rels if getattr(r, "all_members", False) and reach.intersection(r.members)]


def expand(groups: Iterable[Group], umbrellas: Iterable[Any]) -> frozenset[Group]:
    """A person's groups with every umbrella group they are a member of (transitively): the one
    reading of group relations used by premiums, cover, waiting, catastrophic and assistance rules."""
    have = frozenset(groups)
    return have.union(rel.id for rel in implied_umbrellas(have, umbrellas))


def of_policy(policy: Any, groups: Iterable[Group]) -> frozenset[Group]:
    """:func:`expand` with the umbrella relations of ``policy`` (``policy.groups.umbrellas``)."""
    return expand(groups, policy.groups.umbrellas)
