"""What a person pays for a year of resident insurance, and who pays the rest.

The tier's individual standard is split between the person and a payer named by the policy's
aid rules (L5–L8, T12, T13, Y2, X6, X7). Where several aids apply the one that leaves the person
paying least is used (the policy's ``aid_choice_assumption``). Where the policy charges late
payers (``late_surcharge``, X4), one paying from its date pays the fiscal subsidy on top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..errors import InputError
from ..format import day as day_zh
from ..format import pct, yuan
from ..groups import Group, combinations_with, of_policy, parse_groups, reached_through, zh
from ..money import ZERO, fen, parse_money
from ..policy import as_policy, not_stated
from ..policy.aids import aids_in_force, benefit_year_start
from ..policy.model import AidRule, LateSurcharge, Policy, Premium
from ..policy.readings import readings_against
from ..result import LineItem, Result
from ..rules import implements
from ..vocabulary import Payer, Sex, Tier, tier_zh
from .coverage import (
    add_umbrellas,
    check_payment,
    coverage,
    grown_newborn_rule,
    period_exemption,
    use_newborn_age_reading,
)
from .person import age_on, parse_date, parse_sex, parse_tier


@dataclass
class PremiumResult(Result):
    tier: str = ""
    standard: Decimal = ZERO
    individual: Decimal = ZERO
    paid_by: dict[str, Decimal] = field(default_factory=dict)
    aid: str | None = None
    age: int | None = None
    fiscal_subsidy: Decimal | None = None
    late_fiscal_share: Decimal = ZERO
    #: An aid the person qualifies for whose amount the article does not give (T27): ``individual``
    #: is then what they pay before that aid, an upper bound.
    aid_not_quantified: str | None = None

    def headline(self) -> str:
        others = ",".join(f"{Payer(p).zh}{yuan(a)}" for p, a in self.paid_by.items()
                          if p != Payer.individual and a)
        most = "至多" if self.aid_not_quantified else ""
        text = f"个人缴费{most} {yuan(self.individual)}(缴费标准 {yuan(self.standard)}"
        aided_share = sum(self.paid_by.values(), ZERO) - self.standard - self.late_fiscal_share
        if aided_share > 0:  # a full aid pays a late payer's fiscal share too (X4, X6)
            text += f"加延后缴费的财政补助部分 {yuan(aided_share)}"
        text += f",其中{others})" if others else ")"
        if self.late_fiscal_share:
            text += f";含延后缴费须个人承担的财政补助部分 {yuan(self.late_fiscal_share)}"
        if self.aid_not_quantified:
            text += ";另有定额参保资助,文章未给出金额"
        return text

    def fields(self) -> dict[str, Any]:
        return {"tier": self.tier, "standard": self.standard, "individual": self.individual,
                "paid_by": dict(self.paid_by), "aid": self.aid, "age": self.age,
                "fiscal_subsidy": self.fiscal_subsidy, "late_fiscal_share": self.late_fiscal_share,
                "aid_not_quantified": self.aid_not_quantified}


def _aid_applies(rule: AidRule, groups: frozenset[Group], sex: Sex | None, age: int | None,
                 income: Decimal | None, notes: list[str], decided: list[AidRule]) -> bool:
    """Whether the aid applies (``groups`` already include the person's umbrella groups). A rule
    the person's income puts out of its band goes to ``decided``: its readings of the band decide."""
    if rule.groups and not groups.intersection(rule.groups):
        return False
    if rule.ages:
        if age is None:
            notes.append(f"未提供出生日期或年龄,未判断年龄条件:{rule.label}")
            return False
        held = [band.holds(sex, age) for band in rule.ages]
        if True not in held:
            if None in held:
                notes.append(f"未提供性别,未判断:{rule.label}")
            return False
    if rule.income_above is not None or rule.income_below is not None:
        if income is None and rule.effect == "amount_not_stated":
            # Its amount is not given either way: the premium is the tier's, at most; say the band.
            notes.append(f"只有收入在{yuan(rule.income_above or ZERO)}至{yuan(rule.income_below or ZERO)}之间"
                         f"(不含两端)的才有:{rule.label};未提供收入,按可能有这项资助回答")
            decided.append(rule)
            return True
        if income is None:  # asked for only where it decides (:func:`_income_decides`)
            decided.append(rule)
            return False
        if (rule.income_above is not None and income <= rule.income_above) or \
                (rule.income_below is not None and income >= rule.income_below):
            notes.append(f"收入{yuan(income)}不在{yuan(rule.income_above or ZERO)}至"
                         f"{yuan(rule.income_below or ZERO)}之间(不含两端),不享受:{rule.label}")
            decided.append(rule)
            return False
    return True


def _income_decides(pol: Policy, decided: list[AidRule], applicable: list[AidRule],
                    notes: list[str]) -> list[AidRule]:
    """An income-banded aid with its amount given (L8) needs the income only where it decides: not
    when another aid the person has leaves them paying no more (低保 40 against L8's 160). Returns
    the rules whose readings still decide (those not waiting for the income)."""
    waiting = [r for r in decided if r.effect != "amount_not_stated"]
    if not waiting:
        return decided
    tier = _premium_of(pol).tiers[_premium_of(pol).aid_tier].value
    best = min((_individual_share(a, tier) for a in applicable), default=None)
    for rule in waiting:
        if best is None or best > _individual_share(rule, tier):
            raise InputError("income", f"needed for the aid '{rule.label}' [{', '.join(rule.rules)}]",
                             "the person's annual income in yuan", kind="income.needed_for_aid",
                             params={"aid": rule.label})
        notes.append(f"未提供收入,未判断:{rule.label};本人已有的资助个人缴费不更多,收入不影响结果")
    return [r for r in decided if r.effect == "amount_not_stated"]


def _individual_share(rule: AidRule, tier_amount: Decimal) -> Decimal:
    if rule.effect == "full":
        return ZERO
    if rule.effect == "individual_amount" and rule.amount is not None:  # the model requires the amount
        return min(rule.amount.value, tier_amount)
    if rule.rate is None:  # the model requires a rate for subsidy_rate; amount_not_stated is never priced
        raise ValueError(f"aid rule {rule.id} ({rule.effect}) has no amount or rate to price")
    return tier_amount - fen(tier_amount * rule.rate.value)


@implements("L3", "L4", "L5", "L6", "L7", "L8", "T12", "T13", "T27", "F5", "Y2", "X2", "X4", "X5", "X6", "X7")
def premium(policy: str | Policy, *, tier: str | None = None, groups: Iterable[str | Group] = (),
            sex: str | Sex | None = None, birth_date: str | date | None = None, age: int | None = None,
            income: str | int | Decimal | None = None, paid_on: str | date | None = None,
            employee_insurance_ended_on: str | date | None = None) -> PremiumResult:
    """The individual premium and the other payers' shares for one person under ``policy``.

    A rule naming an umbrella group (医疗救助对象, 防返贫监测对象 …) applies to its members
    (``policy.groups``). ``employee_insurance_ended_on`` matters only where a late payer pays the
    fiscal share too (X4): people joining within 3 months of leaving employee insurance do not (X5)."""
    pol = as_policy(policy)
    prem = _premium_of(pol)
    # Aid is given at the highest tier, so an aided person need not choose one.
    chosen = parse_tier(pol, tier) if tier is not None or len(prem.tiers) == 1 else None
    person_groups = parse_groups(groups)
    sex_ = parse_sex(sex)
    birth = parse_date(birth_date, "birth_date")
    paid = parse_date(paid_on, "paid_on")
    employee_ended = parse_date(employee_insurance_ended_on, "employee_insurance_ended_on")
    income_ = None if income is None else parse_money(income, "income")
    year_start = benefit_year_start(pol)
    if paid is not None and pol.coverage is not None:
        check_payment(pol, paid, person_groups, birth, employee_ended)
    on = year_start if prem.age_reference == "benefit_year_start" or paid is None else paid
    person_age = age_on(birth, age, on)
    _check_contradictions(person_groups, person_age)

    res = PremiumResult(policy=pol, tier=chosen or "", age=person_age)
    notes: list[str] = []
    have = of_policy(pol, person_groups)  # with the umbrella groups they are members of
    aids = aids_in_force(pol, year_start)
    out_of_band: list[AidRule] = []
    matched = [a for a in aids if _aid_applies(a, have, sex_, person_age, income_, notes, out_of_band)]
    applicable = [a for a in matched if a.effect != "amount_not_stated"]
    unquantified = [a for a in matched if a.effect == "amount_not_stated"]
    if income_ is None:
        out_of_band = _income_decides(pol, out_of_band, applicable, notes)
    res.use(*out_of_band)  # the band's readings decided against the aid
    _use_age_reference(res, aids, applicable, have)
    alt_age = age_on(birth, None, pol.coverage.benefit_year.to) if birth and pol.coverage \
        and pol.coverage.benefit_year.to else (person_age + 1 if birth is None and person_age is not None else None)
    _age_reading_decides(res, aids, have, sex_, person_age, alt_age, notes)
    _note_unaided_groups(pol, person_groups, [a for a in aids if _age_may_fit(a, sex_, person_age)], notes)
    for aid in aids:  # a reading of whom an aid is for may be what leaves the person out of it
        if aid not in matched:
            res.assumptions.extend(k for k in readings_against(pol, person_groups, aid) if k not in res.assumptions)

    if applicable:
        _price_aided(res, pol, applicable, person_groups, chosen, tier, notes)
    else:
        _price_tier(res, pol, chosen)
    if unquantified and not applicable:
        _note_unquantified(res, pol, unquantified[0], person_groups, notes, income_ is not None)
    if prem.late_surcharge and paid is not None and paid >= prem.late_surcharge.paid_from:
        _add_late_surcharge(res, pol, prem.late_surcharge, paid, person_groups, birth, employee_ended)
    if paid is not None and pol.coverage is not None:
        _warn_no_cover(res, pol, paid, person_groups, birth, employee_ended)
    if prem.per_capita_fiscal_subsidy is not None:
        res.fiscal_subsidy = prem.per_capita_fiscal_subsidy.value
        res.add(LineItem.cite("另有人均财政补助(进医保基金,不在个人缴费中)", res.fiscal_subsidy,
                              prem.per_capita_fiscal_subsidy, party=Payer.finance.value))
        res.use(prem.per_capita_fiscal_subsidy)
    if person_age is None and any(a.ages for a in aids) \
            and not any(n.startswith("未提供出生日期或年龄") for n in notes):
        notes.append("未提供出生日期或年龄:与年龄有关的资助未判断")
    res.notes = list(dict.fromkeys(res.notes + notes))
    return res


def _use_age_reference(res: PremiumResult, aids: list[AidRule], applicable: list[AidRule],
                       have: frozenset[Group]) -> None:
    """Where an age-bounded aid applies or names the person's groups, the age's reference date is an
    assumption (``age_reference``), and so are the readings of its age bounds."""
    if any(a.ages for a in applicable) or any(a.ages for a in aids if a.groups and have & set(a.groups)):
        res.assumptions.append("age_reference")
        for a in aids:
            if a.ages and a.groups and have & set(a.groups):
                res.use(a)  # the readings of its age bounds


def _age_reading_decides(res: PremiumResult, aids: list[AidRule], have: frozenset[Group], sex: Sex | None,
                         age: int | None, alt_age: int | None, notes: list[str]) -> None:
    """Where the other reading of the age (当年内满: the age reached by the end of the benefit year)
    changes whether an age-bounded aid applies, the reading (``age_reference``) decides the result,
    for or against the aid: name it and say what the other reading gives."""
    if age is None or alt_age is None or alt_age == age:
        return
    for a in aids:
        if not a.ages or (a.groups and not have.intersection(a.groups)):
            continue
        now = any(b.holds(sex, age) is True for b in a.ages)
        other = any(b.holds(sex, alt_age) is True for b in a.ages)
        if now == other:
            continue
        if "age_reference" not in res.assumptions:
            res.assumptions.append("age_reference")
        res.use(a)
        notes.append(f"年龄按本政策的读法计为{age}周岁;若按当年内满{alt_age}周岁计,"
                     + ("将享受" if other else "不享受") + f":{a.label}")


def _age_may_fit(rule: AidRule, sex: Sex | None, age: int | None) -> bool:
    """Whether the person's age (unknown: may) can meet the rule's age bands: a combination's aid
    is offered in a note only to someone it can reach (运城's 190 is for elders and minors)."""
    return not rule.ages or age is None or any(b.holds(sex, age) is not False for b in rule.ages)


def _note_unaided_groups(pol: Policy, person_groups: frozenset[Group], aids: list[AidRule],
                         notes: list[str]) -> None:
    """Say which of the person's groups no aid names: an umbrella given as such whose members'
    aids differ, a group aided only in a combination the person is not in, or a group the policy
    gives no aid. Never of a group that leads, with the person's other groups, to an aid."""
    umbrellas = pol.groups.umbrellas
    for g in sorted(person_groups):
        reach = reached_through(g, person_groups, umbrellas)
        if any(reach.intersection(a.groups) for a in aids):
            continue
        combos = [c for c in combinations_with(g, umbrellas)
                  if any(of_policy(pol, {c.id}).intersection(a.groups) for a in aids)]
        if combos:
            own = of_policy(pol, {g})
            for c in combos:
                others = "、".join(zh(m) for m in c.members if m not in own)
                notes.append(f"“{zh(g)}”本身没有缴费资助;同时是{others}的,属于“{c.label}”,有缴费资助")
            continue
        members = _members(pol, g)
        aided = [m for m in members if any(of_policy(pol, {m}).intersection(a.groups) for a in aids)]
        if aided:  # an umbrella given as such: its members' aids differ
            notes.append(f"“{zh(g)}”包括几类人,资助各不相同:请给出具体人群(如" + "、".join(zh(m) for m in aided) + ")")
        else:
            notes.append(f"本政策对“{zh(g)}”没有缴费资助")


def _price_aided(res: PremiumResult, pol: Policy, applicable: list[AidRule], person_groups: frozenset[Group],
                 chosen: Tier | None, tier: str | None, notes: list[str]) -> None:
    """The aid that leaves the person paying least, at the aid tier (``aid_choice_assumption``)."""
    prem = _premium_of(pol)
    aid_tier = prem.tiers[prem.aid_tier]
    best = min(applicable, key=lambda a: _individual_share(a, aid_tier.value))  # first wins a tie
    if len(applicable) > 1 and prem.aid_choice_assumption:
        res.assumptions.append(prem.aid_choice_assumption)
        notes.append("同时符合:" + "、".join(a.label for a in applicable) + f";取个人缴费最少的“{best.label}”")
    if chosen != prem.aid_tier and tier is not None:
        notes.append(f"资助按最高档次({tier_zh(prem.aid_tier)})计算,所选档次“{tier_zh(chosen)}”不适用")
    res.tier = prem.aid_tier
    tier_param = aid_tier
    res.standard = tier_param.value
    add_umbrellas(res, pol, person_groups, best.groups)
    res.add(LineItem.cite(f"缴费标准({tier_zh(prem.aid_tier)})", res.standard, tier_param))
    individual = _individual_share(best, res.standard)
    paid_by_aid = res.standard - individual
    res.aid = best.id
    res.individual = individual
    value = best.amount or best.rate
    # Say how the line's number follows from the clause: the rate times the tier (T12's 2024 clause
    # names 380 and 38; in 2025 the same 90% of 400 is 360).
    how = f"({yuan(res.standard)} × {pct(best.rate.value)})" \
        if best.effect == "subsidy_rate" and best.rate is not None else ""
    res.add(LineItem.cite(f"资助:{best.label}{how}", paid_by_aid, best, party=best.payer.value))
    if best.amount is not None:
        res.add(LineItem.cite("个人缴费定额", best.amount.value, best.amount, party=Payer.individual.value))
    elif best.rate is not None:
        res.add(LineItem.cite(f"资助比例 {pct(best.rate.value)}(按{tier_zh(prem.aid_tier)}计)",
                              None, best.rate))
    res.use(best, value, tier_param)
    res.paid_by = {Payer.individual.value: individual}
    if paid_by_aid:
        res.paid_by[best.payer.value] = paid_by_aid


def _price_tier(res: PremiumResult, pol: Policy, chosen: Tier | None) -> None:
    """No aid: the person pays the chosen tier's standard in full."""
    prem = _premium_of(pol)
    chosen = chosen or parse_tier(pol, None)
    res.tier = chosen
    tier_param = prem.tiers[chosen]
    res.standard = res.individual = tier_param.value
    res.add(LineItem.cite(f"个人缴费标准({tier_zh(chosen)})", res.standard, tier_param,
                          party=Payer.individual.value))
    res.use(tier_param)
    res.paid_by = {Payer.individual.value: res.individual}


def _note_unquantified(res: PremiumResult, pol: Policy, rule: AidRule, person_groups: frozenset[Group],
                       notes: list[str], income_known: bool = True) -> None:
    """T27: the aid exists, its amount is not given: show the premium before it and say so."""
    res.aid_not_quantified = rule.id
    add_umbrellas(res, pol, person_groups, rule.groups)
    res.add(LineItem.cite(f"另有资助:{rule.label}", None, rule))
    res.use(rule)
    less = "实际缴费会更少" if income_known or (rule.income_above is None and rule.income_below is None) \
        else "收入在上述范围内的,实际缴费会更少"
    notes.append(f"“{rule.label}”:文章说有这项资助,但没有给出金额;上面的个人缴费是资助前的数,{less}")


def _add_late_surcharge(res: PremiumResult, pol: Policy, late: LateSurcharge, paid: date,
                        person_groups: frozenset[Group], birth: date | None, employee_ended: date | None) -> None:
    """X4: paying from the late date, the person pays the fiscal subsidy on top, unless they may
    enrol at any time (X5)."""
    prem = _premium_of(pol)
    exempt = period_exemption(pol, person_groups, paid, birth, employee_ended)
    grown = grown_newborn_rule(pol, person_groups, paid, birth)
    if grown is not None:
        use_newborn_age_reading(res, grown)
        if exempt is None:
            res.notes.append(f"出生于{day_zh(birth)},缴费时已超过1周岁,不再按新生儿办理:{grown.label}")
    elif exempt is not None and Group.newborn in exempt.groups:
        use_newborn_age_reading(res, exempt)
    if exempt is not None:
        add_umbrellas(res, pol, person_groups, exempt.groups)
        res.add(LineItem.cite(f"不受缴费期限制,不另缴财政补助:{exempt.label}", None, exempt))
        res.use(exempt)
        return
    share = late.fiscal_share or prem.per_capita_fiscal_subsidy
    if share is None:
        raise InputError("paid_on", f"policy {pol.id} charges late payers the fiscal subsidy too but states "
                         "no amount for it", f"a day before {late.paid_from}")
    aid = next((a for a in prem.aids if a.id == res.aid), None)
    if aid is not None:  # how an aid meets the fiscal share is a reading, for or against the person
        for a in late.aided_assumptions:
            if a not in res.assumptions:
                res.assumptions.append(a)
    if aid is not None and aid.effect == "full" and late.full_aid_covers:
        res.paid_by[aid.payer.value] = res.paid_by.get(aid.payer.value, ZERO) + share.value
        res.add(LineItem.cite(f"{day_zh(late.paid_from)}以后缴费:另缴财政补助部分,由全额资助一并承担", None, late))
        res.add(LineItem.cite("延后缴费另缴的财政补助(按人均财政补助)", share.value, share, party=aid.payer.value))
        res.use(late, share)
        return
    res.late_fiscal_share = share.value
    res.individual += share.value
    res.paid_by[Payer.individual.value] += share.value
    # The rule is the local notice's; the amount is the value it takes (its own source).
    res.add(LineItem.cite(f"{day_zh(late.paid_from)}以后缴费:个人缴费之外再缴财政补助部分", None, late))
    res.add(LineItem.cite("延后缴费另缴的财政补助(按人均财政补助)", share.value, share,
                          party=Payer.individual.value))
    res.use(late, share)


def _warn_no_cover(res: PremiumResult, pol: Policy, paid: date, person_groups: frozenset[Group],
                   birth: date | None, employee_ended: date | None) -> None:
    """A payment whose cover (with the waiting period, T17) starts after the benefit year ends buys
    nothing in that year: say so beside the amount charged, with the readings that decide it. A
    newborn's cover needs the birth date, which the amount does not: without it, nothing is said."""
    if Group.newborn in person_groups and birth is None:
        return
    cov = coverage(pol, paid_on=paid, groups=person_groups, birth_date=birth,
                   employee_insurance_ended_on=employee_ended)
    if cov.covered_this_year or cov.start is None:
        return
    res.notes.append(f"{day_zh(paid)}缴费:待遇{day_zh(cov.start)}起才开始(含等待期),晚于本待遇年度末"
                     f"{day_zh(cov.end)},这笔保费在本年度买不到任何待遇")
    for a in cov.assumptions:
        if a not in res.assumptions:
            res.assumptions.append(a)


def _premium_of(pol: Policy) -> Premium:
    """The policy's premium section (present: :func:`premium` refuses a policy without one)."""
    if pol.premium is None:
        raise not_stated(pol, "premium", f"{pol.id} states no premium", "a policy with a premium section")
    return pol.premium


def _members(pol: Policy, umbrella: Group) -> list[Group]:
    """Every group that is a member of ``umbrella`` under the policy, directly or through another umbrella."""
    out: list[Group] = []
    todo = [umbrella]
    while todo:
        u = todo.pop()
        for rel in pol.groups.umbrellas:
            if rel.id == u and not rel.all_members:  # a combination's parts are not its members
                for m in rel.members:
                    if m not in out:
                        out.append(m)
                        todo.append(m)
    return out


#: Groups that only an adult can be in, by the articles' own words: "经工会部门认定的困难职工"
#: (a worker certified by the trade union, L7). A newborn cannot be one (docs/bad-input.md).
_ADULT_GROUPS = (Group.needy_worker,)


def _check_contradictions(groups: frozenset[Group], age: int | None) -> None:
    """Refuse group combinations the articles make impossible, rather than price them silently."""
    for g in _ADULT_GROUPS:
        if g not in groups:
            continue
        if Group.newborn in groups:
            raise InputError("groups", f"{g.value} ({zh(g)}, a worker certified by the trade union) and "
                             f"newborn ({zh(Group.newborn)}) contradict each other",
                             f"one of {g.value}, newborn", kind="groups.contradict",
                             params={"group": g.value, "other": Group.newborn.value})
        if age == 0:
            raise InputError("groups", f"{g.value} ({zh(g)}, a worker certified by the trade union) "
                             "contradicts an age of 0 (an infant)",
                             f"leave out {g.value}, or check the birth date or age", kind="groups.contradicts_infant",
                             params={"group": g.value})


@dataclass
class HouseholdResult(Result):
    members: list[PremiumResult] = field(default_factory=list)
    total_individual: Decimal = ZERO
    paid_by: dict[str, Decimal] = field(default_factory=dict)

    def headline(self) -> str:
        return (f"全家 {len(self.members)} 人,个人合计缴费 {yuan(self.total_individual)}"
                "(保费按人缴纳,每位家庭成员都要缴)")

    def explain(self) -> str:
        parts = [self.headline()]
        for i, m in enumerate(self.members, 1):
            parts.append(f"{i}. {m.headline()}")
        return "\n".join(parts)

    def fields(self) -> dict[str, Any]:
        return {"total_individual": self.total_individual, "paid_by": dict(self.paid_by),
                "members": [m.to_dict() for m in self.members]}


@implements("X9")
def household_premium(policy: str | Policy, members: list[dict[str, Any]]) -> HouseholdResult:
    """Each member priced on their own (premiums are per person, X9); totals by payer."""
    pol = as_policy(policy)
    if not isinstance(members, (list, tuple)) or not all(isinstance(m, Mapping) for m in members):
        raise InputError("members", f"{type(members).__name__} is not a list of people",
                         "a list of mappings of premium()'s arguments", kind="list.wrong_type",
                         params={"type": type(members).__name__, "expects": "people"})
    if not members:
        raise InputError("members", "no household members given", "one or more people", kind="list.empty",
                         params={"expects": "people"})
    out = HouseholdResult(policy=pol)
    for i, m in enumerate(members):
        try:
            r = premium(pol, **m)
        except InputError as e:
            raise e.within("members", i) from None
        except TypeError as e:
            raise InputError(("members", i), str(e), "tier, groups, sex, birth_date, age, income, paid_on, "
                             "employee_insurance_ended_on") from None
        out.members.append(r)
        out.total_individual += r.individual
        for p, a in r.paid_by.items():
            out.paid_by[p] = out.paid_by.get(p, ZERO) + a
        for assumption in r.assumptions:
            if assumption not in out.assumptions:
                out.assumptions.append(assumption)
    return out
