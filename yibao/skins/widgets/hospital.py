"""看病费用 (hospital): a year of bills through basic insurance, catastrophic insurance and medical assistance."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as W

from ...errors import FieldPath
from ...format import large, number, yuan
from ...inputs import parse_whole
from ...policy import load_policy
from ...result import Result
from ...settlement import Person, YearSettlement, benefit_tiers, settle
from ...vocabulary import DrugClass, Exclusion, Facility, Tier
from .base import (
    DESC,
    GENERAL,
    NO_TIER,
    Calculator,
    groups_widget,
    opening,
    policy_dropdown,
    text_box,
    tier_refresher,
    whole_box,
    years,
)
from .render import Table, render_result

LEVEL_OPTIONS = [("一级医院", 1), ("二级医院", 2), ("三级医院", 3)]
#: The most admissions the page takes in one year (a typed 99 is refused with this bound, never cut to it).
MOST_ADMISSIONS = 50
#: What most people fill in first; the rest is folded into these named sections, collapsed.
SECTIONS = (
    ("人群、连续参保年数、重特大疾病(影响大病保险和医疗救助)", ("groups", "continuous_years", "major_disease")),
    ("门诊费用和住院分娩", ("general_outpatient", "special_outpatient", "delivery")),
    ("民族药(藏药等)和不予报销的住院", ("ethnic_share", "excluded")),
    ("职工医保门诊(在职或退休)", ("employee_outpatient", "retired")),
    ("居民医保门诊统筹(运城等设门诊统筹的政策)", ("pooled_outpatient", "facility", "drug_class",
                                             "pooled_outpatient_other")),
)


def _hospital_claims(v: dict[str, Any], day: str) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """The claims the inputs describe, and which input each claim index came from."""
    claims: list[dict[str, Any]] = []
    source: dict[int, str] = {}
    ethnic, excluded = v["ethnic_share"].strip(), v["excluded"] or None
    admissions = parse_whole(v["admissions"], "admissions", 0, MOST_ADMISSIONS,
                             f"0 到 {MOST_ADMISSIONS} 的整数(次)")
    for _ in range(admissions):
        source[len(claims)] = "cost"
        claim = {"date": day, "kind": "inpatient", "cost": v["cost"].strip(), "level": v["level"]}
        if ethnic:
            claim["ethnic_share"] = ethnic
        if excluded:
            claim["excluded"] = excluded
        claims.append(claim)
    for kind in ("general_outpatient", "special_outpatient", "delivery", "employee_outpatient",
                 "pooled_outpatient"):
        if v[kind].strip():
            source[len(claims)] = kind
            claim = {"date": day, "kind": kind, "cost": v[kind].strip()}
            if kind == "pooled_outpatient":
                claim.update(facility=v["facility"], drug_class=v["drug_class"], visit="1")
            claims.append(claim)
    other = v.get("pooled_outpatient_other", "").strip()
    if other:
        # the other drug class of the same visit: one per-visit cap for both rows (Y6 "每人每日每次")
        source[len(claims)] = "pooled_outpatient_other"
        claims.append({"date": day, "kind": "pooled_outpatient", "cost": other, "facility": v["facility"],
                       "drug_class": "yi" if v["drug_class"] == "jia" else "jia", "visit": "1"})
    return claims, source


FACILITY_OPTIONS = [(f.zh, f.value) for f in Facility]
DRUG_OPTIONS = [(d.zh, d.value) for d in DrugClass]
EXCLUDED_OPTIONS = [("(无,按规定报销)", ""), *((e.zh, e.value) for e in Exclusion)]


def _major_disease_label(calc: Calculator) -> None:
    """On a policy change: the major-disease box says the policy's assistance cap for them (T11)."""
    assistance = load_policy(calc.inputs["policy"].value).assistance
    cap = f"医疗救助限额{_yuan(assistance.major_cap.value)}" if assistance is not None else "医疗救助按重特大疾病的限额"
    calc.inputs["major_disease"].description = f"重特大疾病患者({cap})"


def _yuan(amount: Decimal) -> str:
    """``30 万元`` for 300000, else ``1,234.56 元``."""
    return large(amount) if amount % 10000 == 0 else yuan(amount)


def hospital_calculator(policy: str | None = None) -> Calculator:
    """一年的看病费用:住院(次数 × 每次费用,可含民族药、可选不予报销原因)、普通门诊、门诊特殊病、
    住院分娩、职工医保门诊统筹(在职/退休)、门诊统筹(机构 × 甲乙类)→ settle(),分三重保障
    (no policy: the example's).

    The first nine fields are those of the first version (their names still work); the later ones are
    optional and empty by default, so the same year settles as before.
    """
    policy, start = opening("hospital", policy)
    fields = [
        ("policy", policy_dropdown("hospital", policy)),
        ("tier", W.Dropdown(options=[(NO_TIER, "")], value="", description="待遇档次", style=DESC)),
        ("groups", groups_widget()),
        ("continuous_years", whole_box("连续参保年数", 0, "年,可不填")),
        ("level", W.Dropdown(options=LEVEL_OPTIONS, value=3, description="医院级别", style=DESC)),
        ("admissions", text_box("住院次数", value="1", placeholder=f"0 到 {MOST_ADMISSIONS} 次")),
        ("cost", text_box("每次住院合规费用(元)", placeholder="元")),
        ("general_outpatient", text_box("普通门诊费用(元)", placeholder="可不填")),
        ("special_outpatient", text_box("门诊特殊病费用(元)", placeholder="可不填")),
        ("ethnic_share", text_box("每次住院中民族药“乙类”(元)", placeholder="可不填,含在住院费用内")),
        ("excluded", W.Dropdown(options=EXCLUDED_OPTIONS, value="", description="住院不予报销原因", style=DESC)),
        ("delivery", text_box("住院分娩费用(元)", placeholder="可不填")),
        ("employee_outpatient", text_box("职工医保门诊费用(元)", placeholder="可不填")),
        ("retired", W.Checkbox(value=False, description="退休人员(职工医保)", style=DESC)),
        ("major_disease", W.Checkbox(value=False, description="重特大疾病患者", style=DESC)),
        ("pooled_outpatient", text_box("门诊统筹费用(元,一次)", placeholder="可不填(有门诊统筹的政策)")),
        ("facility", W.Dropdown(options=FACILITY_OPTIONS, value="primary", description="门诊统筹机构", style=DESC)),
        ("drug_class", W.Dropdown(options=DRUG_OPTIONS, value="jia", description="门诊统筹药品类别", style=DESC)),
        ("pooled_outpatient_other", text_box("同一次就诊另一类药品费用(元)",
                                          placeholder="可不填:与上面同一次就诊的另一类药品费用,共用每次就诊的限额")),
    ]
    sources: dict[int, str] = {}

    def compute(v: dict[str, Any]) -> Result:
        person = Person(v["policy"], tier=v["tier"] or None, groups=v["groups"],
                        continuous_years=years(v["continuous_years"]), retired=v["retired"],
                        major_disease=v["major_disease"])
        claims, src = _hospital_claims(v, person.policy.in_force.start.isoformat())  # type: ignore[union-attr]
        sources.clear()
        sources.update(src)
        return settle(person, claims)

    def field_of(path: FieldPath) -> str | None:
        index = path.position_after("claims")
        if path.root != "claims" or index is None or len(path) > 3:
            return str(path)
        column = path.name if len(path) == 3 else ""
        origin = sources.get(index)
        if column in ("level", "ethnic_share", "excluded", "facility", "drug_class"):
            return column
        if column == "admission" or (column == "kind" and origin == "cost"):
            return "admissions"
        return origin if column in ("cost", "kind", "") and origin else GENERAL

    def render(r: YearSettlement) -> str:
        summary = [("总费用(元)", number(r.total_cost)), ("基本医保(元)", number(r.basic)),
                   ("大病保险(元)", number(r.catastrophic)), ("医疗救助(元)", number(r.assistance)),
                   ("个人负担(元)", number(r.out_of_pocket))]
        rows = [(f"{c.index + 1}", c.describe(), number(c.total_cost), number(c.basic), number(c.catastrophic),
                 number(c.assistance), number(c.out_of_pocket), c.reason or "") for c in r.claims]
        table = Table("每笔费用", ("#", "费用", "总费用", "基本医保", "大病保险", "医疗救助", "个人负担",
                                 "不予报销原因"), rows)
        sections = [(f"第{c.index + 1}笔 {c.describe()}", c.items) for c in r.claims]
        return render_result(r, summary, sections=sections, tables=[table])

    tiers = tier_refresher(lambda p: [t for t in benefit_tiers(p) if t != Tier.standard], lambda t: not t)

    def on_policy(calc: Calculator) -> None:
        tiers(calc)
        _major_disease_label(calc)

    return Calculator("住院和门诊费用报销(三重保障)", fields, compute, render, field_of=field_of, on_policy=on_policy,
                      sections=SECTIONS, start=start,
                      rules=("T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T13", "T18", "T19", "T23",
                             "F9", "Y6"))
