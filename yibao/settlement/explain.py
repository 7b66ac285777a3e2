"""The explanation of a settled year: each claim's line items, in Chinese, citing the policy values used.

Every amount and rate shown is a field of the engine's traces (:mod:`yibao.settlement.traces`);
nothing here computes a rule. Each line records the policy value it used (:class:`yibao.explain.LineItem`:
its path, clause, source and the rule IDs the data gives it — none is written here); how a reader
sees the lines is :mod:`yibao.explain`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..explain import add_umbrellas
from ..format import day as day_zh
from ..format import hospital_level, pct, yuan
from ..groups import Group, expand, zh
from ..money import ZERO, fen, from_fen
from ..policy.codes import CATASTROPHIC_KINDS, REFUSALS, rate_of
from ..policy.compiled import Params
from ..policy.model import AssistanceClass, Cited, Money, Policy
from ..policy.readings import left_out, readings_against
from ..result import LineItem
from ..vocabulary import ClaimKind, DrugClass, Exclusion, Facility, Layer, Tier
from .columns import PersonColumns
from .inputs import Person
from .result import ClaimResult, YearSettlement
from .traces import Settlement

BASIC, PERSON = Layer.basic, Layer.person


def rules_of(*cited: Cited | None) -> tuple[str, ...]:
    """The rule IDs the given policy values serve, in order, once each: a line resting on several
    values cites all their rules (the data's, never a list written here)."""
    return tuple(dict.fromkeys(r for c in cited if c is not None for r in c.rules))


def _points(rate: Decimal) -> str:
    """A rate as percentage points (0.05 → ``5``)."""
    return format((rate * 100).normalize(), "f")


class Explainer:
    """Line items of one person's year from the engine's :class:`~yibao.settlement.traces.Settlement`
    (one row per claim in settlement order)."""

    def __init__(self, person: Person, result: YearSettlement, settlement: Settlement, params: Params,
                 columns: PersonColumns):
        self.person = person
        self.policy: Policy = person.policy  # type: ignore[assignment]
        self.params = params
        self.tier = Tier(person.tier or Tier.standard)
        self.groups = person.group_set
        self.r = result
        self._used: dict[int, Cited] = {}
        #: Admissions explained so far (T8): a later one's lower deductible may outweigh what an earlier one cost.
        self._admitted: list[ClaimResult] = []
        #: Notes that depend on the claims before this one (T8's cheaper-year note); a table of many claims,
        #: explained one claim per path through the rules, leaves them to ``--detail full``.
        self.history_notes = True
        self.s = settlement
        self.poor = bool(columns.poor[0])
        self.border = bool(columns.border[0])
        k = int(columns.assistance_class[0])
        self.assistance_class: AssistanceClass | None = (
            None if k < 0 or self.policy.assistance is None else self.policy.assistance.classes[k])

    def cite(self, cr: ClaimResult, label: str, amount: Decimal | None, cited: Cited | None,
             party: Layer | None = None, rules: tuple[str, ...] | None = None) -> None:
        cr.items.append(LineItem.cite(label, amount, cited, party, rules))
        if cited is not None:
            self.use(cited)

    def cap(self, cr: ClaimResult, pay: Decimal, uncapped: Decimal, label: str, cited: Cited,
            party: Layer = BASIC) -> None:
        """A cap's line where it cut the amount (``pay`` below ``uncapped``); else the cap only read."""
        if pay < uncapped:
            self.cite(cr, label, pay, cited, party)
        else:
            self.use(cited)

    def use(self, *cited: Any) -> None:
        """The result rests on these values' assumptions (each value looked at once: a year may have
        thousands of claims citing the same few values)."""
        for c in cited:
            if id(c) not in self._used:
                self._used[id(c)] = c
                self.r.use(c)

    def _exclusion(self, e: Exclusion) -> Cited | None:
        b = self.policy.basic
        return next((x for x in (b.exclusions if b else []) if x.id == e.value), None)

    # -- one claim

    def claim(self, cr: ClaimResult, row: int) -> None:
        c = cr.claim
        if c.outside_catalogue:
            cited = self._exclusion(Exclusion.outside_catalogue)
            self.cite(cr, "医保目录外费用,由个人负担", c.outside_catalogue, cited, PERSON)
        if self.refused(cr, row):
            return
        cr.basic = self.basic(cr, row)
        cr.catastrophic = self.catastrophic(cr, row)
        cr.assistance = self.assistance(cr, row)
        self.cite(cr, "个人负担(目录外费用、起付线、按比例自付及超限额部分)", cr.out_of_pocket, None, PERSON, rules=())

    def refused(self, cr: ClaimResult, row: int) -> bool:
        """Whether the fund pays nothing for this claim: F9 exclusions, waiting period, outside cover."""
        c, p = cr.claim, self.person
        code = int(self.s.refusal[row])
        reason = None if code < 0 else REFUSALS[code]
        if reason is None:
            if self.s.retro[row]:
                assert p.retroactive_paid_on is not None
                win = next(w for w in self.policy.coverage.windows if w.retroactive)  # type: ignore[union-attr]
                self.cite(cr, f"缴费({day_zh(p.retroactive_paid_on)})前发生的费用,缴费后按规定补报", None, win)
                cr.notes.append(f"{win.label}:本笔费用发生在缴费之前,按规定在缴费后补报(以税务部门征收时间为准)。")
            return False
        cr.reason_not_paid = reason
        if reason.value in Exclusion.__members__:
            cited = self._exclusion(Exclusion(reason.value))
            cr.reason = f"{reason.zh},医保不予报销"
            self.cite(cr, f"{reason.zh}:医保不予报销,全部费用由个人负担", c.total_cost, cited, PERSON)
            if cited is None:
                cr.notes.append(f"《{self.policy.title}》未载不予报销的条文:{reason.zh}的费用按不予报销处理。")
        elif reason == "waiting_period":
            assert p.waiting_until is not None
            until = day_zh(p.waiting_until)
            cr.reason = f"待遇等待期内(至{until}前),不能享受医保报销待遇"
            label = f"等待期内就医:全部费用由个人负担(等待期至{until})"
            w = self.policy.waiting
            if w is not None:
                cr.items.append(LineItem(label, c.total_cost, tuple(w.rules), w.source, w.quote, "waiting", PERSON))
                self.use(w)
            else:
                cr.items.append(LineItem(label, c.total_cost, party=PERSON))
        else:
            span = f"{day_zh(p.cover_start)}至{day_zh(p.cover_end)}"
            cr.reason = f"就医日期不在待遇享受期({span})内"
            cov = self.policy.coverage
            self.cite(cr, f"不在待遇享受期({span})内:全部费用由个人负担", c.total_cost,
                      cov.benefit_year_source if cov else None, PERSON)
        return True

    # -- basic layer

    def basic(self, cr: ClaimResult, row: int) -> Decimal:
        kind = cr.claim.kind
        if kind in (ClaimKind.inpatient, ClaimKind.special_outpatient):
            return self.inpatient(cr, row) if kind == ClaimKind.inpatient else self.special_outpatient(cr, row)
        return {ClaimKind.general_outpatient: self.general_outpatient, ClaimKind.employee_outpatient:
                self.employee_outpatient, ClaimKind.pooled_outpatient: self.pooled_outpatient,
                ClaimKind.delivery: self.delivery}[kind](cr, row)

    def pay(self, row: int) -> Decimal:
        return from_fen(self.s.basic.pay[row])

    def long_contribution(self, cr: ClaimResult, row: int, rate: Decimal) -> Decimal:
        """T3 长缴多报: the rate the engine raised (and the count of years it looked at)."""
        lc = self.policy.basic.long_contribution  # type: ignore[union-attr]
        t = self.s.basic.rated
        assert t is not None
        if lc is None:
            return rate
        years, need = self.person.continuous_years, lc.min_years.value
        if years in (need - 1, need):
            self.use(lc.min_years)
        if not t.long_contribution[row]:
            return rate
        new = rate_of(t.rate[row])
        self.cite(cr, f"长缴多报:连续参保{years}年(满{need}年),报销比例{pct(rate)}提高{pct(lc.bonus.value)}"
                  f"为{pct(new)}", None, lc.bonus)
        self.use(lc.min_years)
        return new

    def rated(self, cr: ClaimResult, row: int, rate: Decimal, cited: Cited) -> Decimal:
        """The rate on the cost above the deductible; ethnic medicines (T19) at their rate."""
        c, t = cr.claim, self.s.basic.rated
        assert t is not None
        pay_o, pay_e = from_fen(t.pay_other[row]), from_fen(t.pay_ethnic[row])
        if not c.ethnic_share:
            return pay_o  # the caller cites the one rate
        em = self.policy.basic.ethnic_medicine  # type: ignore[union-attr]
        assert em is not None  # the engine refuses ethnic shares a policy has no rule for
        ded_o, ded_e = from_fen(t.deductible_other[row]), from_fen(t.deductible_ethnic[row])
        self.cite(cr, f"其他合规费用{yuan(c.cost - c.ethnic_share)}减起付线{yuan(ded_o)}后按{pct(rate)}报销", pay_o,
                  cited, BASIC)
        self.cite(cr, f"藏药、民族药“乙类”药品{yuan(c.ethnic_share)}" + (f"减起付线{yuan(ded_e)}" if ded_e else "")
                  + f"后按{pct(rate_of(t.ethnic_rate[row]))}报销(提高{pct(em.self_pay_reduction.value)},"
                  f"最高{pct(em.max_rate.value)})", pay_e, em.self_pay_reduction, BASIC)
        self.use(em.max_rate)
        return pay_o + pay_e

    def special_outpatient(self, cr: ClaimResult, row: int) -> Decimal:
        rate = self.policy.basic.special_outpatient.rate.for_tier(self.tier)  # type: ignore[union-attr]
        rate_v = self.long_contribution(cr, row, rate.value)
        pay = self.rated(cr, row, rate_v, rate)
        tier = self.tier.zh
        if not cr.claim.ethnic_share:
            self.cite(cr, f"门诊特殊病不设起付线:{yuan(cr.claim.cost)} × {pct(rate_v)}({tier}{pct(rate.value)}"
                      + (f",长缴多报后{pct(rate_v)}" if rate_v != rate.value else "") + ")", pay, rate, BASIC)
        else:
            self.cite(cr, f"门诊特殊病不设起付线,{tier}报销比例{pct(rate.value)}", None, rate)
        return pay

    def inpatient(self, cr: ClaimResult, row: int) -> Decimal:
        ip = self.policy.basic.inpatient  # type: ignore[union-attr]
        t = self.s.basic.rated
        assert ip is not None and t is not None
        c = cr.claim
        level = ip.levels[int(t.level_index[row])]
        n = int(t.admission[row])
        base = level.deductible.value
        deductible, ded = from_fen(t.admission_deductible[row]), from_fen(t.deductible[row])
        if not c.cost:
            # a 0-yuan bill is still the n-th admission of the year (assumption admission_counted)
            self.cite(cr, f"政策范围内费用为0元,仍是年度内第{n}次住院(计入住院次数)", None,
                      ip.readmission_deductible.second)
        if n == 1:
            self.cite(cr, f"{hospital_level(c.level)}住院起付线{yuan(base)},由个人负担", ded, level.deductible, PERSON)
        else:
            factor = ip.readmission_deductible.second if n == 2 else ip.readmission_deductible.third_and_later
            self.use(level.deductible)
            self.cite(cr, f"年度内第{n}次住院,起付线按{hospital_level(c.level)}首次住院起付标准{yuan(base)}的"
                      f"{pct(factor.value)}即{yuan(deductible)},由个人负担", ded, factor, PERSON,
                      rules=rules_of(level.deductible, factor))
        rate = level.rate.for_tier(self.tier)
        rate_v = self.long_contribution(cr, row, rate.value)
        pay = self.rated(cr, row, rate_v, rate)
        if not c.ethnic_share:
            self.cite(cr, f"({yuan(c.cost)} − {yuan(ded)}) × {pct(rate_v)}({self.tier.zh}{pct(rate.value)}"
                      + (f",长缴多报后{pct(rate_v)}" if rate_v != rate.value else "") + ")", pay, rate, BASIC)
        if n > 1 and self.history_notes:
            self._readmission_note(cr, n, min(c.cost, base) - ded, rate_v)
        self._admitted.append(cr)
        return pay

    def _readmission_note(self, cr: ClaimResult, n: int, lowered: Decimal, rate: Decimal) -> None:
        """T8 by design: an earlier stay that cost the person less than the later stay's lower deductible
        saves means one more bill lowered the year's out-of-pocket. Say so where it happens."""
        saved = fen(lowered * rate)
        cheaper = [e for e in self._admitted if e.out_of_pocket < saved]
        if lowered <= 0 or not cheaper:
            return
        e = cheaper[0]
        cr.notes.append(f"本次是年度内第{n}次住院,起付线因此前的住院降低{yuan(lowered)},基本医保多付{yuan(saved)},"
                        f"多于此前第{e.index + 1}笔({e.describe()})的个人负担{yuan(e.out_of_pocket)}:"
                        "多了那一笔住院,全年个人负担反而减少。这是规则本身的设计(按住院次数而不是金额降低起付线),"
                        "不是计算错误")

    def general_outpatient(self, cr: ClaimResult, row: int) -> Decimal:
        go, t = self.policy.basic.general_outpatient, self.s.basic.general  # type: ignore[union-attr]
        assert go is not None and t is not None
        ded = from_fen(t.deductible_part[row])
        self.cite(cr, f"普通门诊年度累计起付线{yuan(go.deductible.value)},本笔计入{yuan(ded)}"
                  f"(年度已累计{yuan(from_fen(t.deductible_met_after[row]))})", ded, go.deductible, PERSON)
        raw = from_fen(t.raw[row])
        self.cite(cr, f"({yuan(cr.claim.cost)} − {yuan(ded)}) × {pct(go.rate.value)}", raw, go.rate, BASIC)
        pay = self.pay(row)
        self.cap(cr, pay, raw, f"普通门诊年度最高报销{yuan(go.annual_cap.value)},本年尚余{yuan(from_fen(t.room[row]))},"
                 f"本笔报销{yuan(pay)}", go.annual_cap)
        return pay

    def employee_outpatient(self, cr: ClaimResult, row: int) -> Decimal:
        eo, t = self.policy.basic.employee_outpatient, self.s.basic.employee  # type: ignore[union-attr]
        assert eo is not None and t is not None and eo.rate is not None
        d = eo.deductible_retired if self.person.retired else eo.deductible_working
        ded = from_fen(t.deductible_part[row])
        who = "退休人员" if self.person.retired else "在职人员"
        self.cite(cr, f"职工门诊统筹{who}年度累计起付线{yuan(d.value)},本笔计入{yuan(ded)}", ded, d, PERSON)
        raw = from_fen(t.raw[row])
        self.cite(cr, f"({yuan(cr.claim.cost)} − {yuan(ded)}) × {pct(eo.rate.value)}", raw, eo.rate, BASIC)
        pay = self.pay(row)
        self.cap(cr, pay, raw, f"年度报销限额{yuan(eo.annual_cap.value)},本年尚余{yuan(from_fen(t.room[row]))}",
                 eo.annual_cap)
        return pay

    def pooled_outpatient(self, cr: ClaimResult, row: int) -> Decimal:
        po, t = self.policy.basic.pooled_outpatient, self.s.basic.pooled  # type: ignore[union-attr]
        assert po is not None and t is not None
        c = cr.claim
        rates = po.primary if c.facility == Facility.primary else po.county_level2
        rate = rates.jia if c.drug_class == DrugClass.jia else rates.yi
        raw = from_fen(t.raw[row])
        self.cite(cr, f"门诊统筹不设起付线,{c.facility.zh}{c.drug_class.zh}"  # type: ignore[union-attr]
                  f":{yuan(c.cost)} × {pct(rate.value)}", raw, rate, BASIC)
        visit, before = from_fen(t.visit_pay[row]), from_fen(t.visit_paid_before[row])
        if visit < raw:
            cap = po.per_visit_cap.value
            same = f"同一次就诊({c.visit})本行之前已支付{yuan(before)},本行最多{yuan(cap - before)}" \
                if c.visit is not None and before else f"本行最多{yuan(cap)}"
            self.cite(cr, f"每人每日每次最高支付{yuan(cap)}:{same}", visit, po.per_visit_cap, BASIC)
        else:
            self.use(po.per_visit_cap)
        pay = self.pay(row)
        self.cap(cr, pay, visit, f"年度最高支付{yuan(po.annual_cap.value)},本年尚余{yuan(from_fen(t.room[row]))}",
                 po.annual_cap)
        return pay

    def delivery(self, cr: ClaimResult, row: int) -> Decimal:
        b = self.policy.basic
        rule = b.border_delivery if self.border else b.resident_delivery  # type: ignore[union-attr]
        assert rule is not None  # the engine refuses deliveries a policy has no rule for
        pay = self.pay(row)
        what = "边境孕产妇分娩和新生儿抢救治疗费用" if self.border else "在定点医疗机构住院分娩的生育医疗费用"
        self.cite(cr, f"{what}按{pct(rule.rate.value)}报销", pay, rule.rate, BASIC)
        return pay

    # -- catastrophic layer

    def catastrophic(self, cr: ClaimResult, row: int) -> Decimal:
        cat, t = self.policy.catastrophic, self.s.catastrophic
        if cat is None or t is None or cr.claim.kind not in CATASTROPHIC_KINDS:
            return ZERO
        self_paid, before, after = from_fen(t.self_paid[row]), from_fen(t.before[row]), from_fen(t.after[row])
        deductible, bonus = from_fen(t.deductible[0]), rate_of(t.bonus[0])
        j = t.at(row)
        if after <= deductible or j is None:
            return ZERO
        self.cite(cr, f"大病保险:年度累计个人自付合规费用{yuan(before)} + 本笔{yuan(self_paid)} = {yuan(after)}",
                  None, cat.segments)
        d = cat.deductible.for_tier(self.tier)
        pov = cat.poverty
        if pov is not None and self.poor:
            self.cite(cr, f"大病保险起付标准{yuan(d.value)},困难群众降低{pct(1 - pov.deductible_factor.value)}"
                      f"为{yuan(deductible)}",
                      deductible, pov.deductible_factor, rules=rules_of(d, pov.deductible_factor))
            self.use(d)
        else:
            self.cite(cr, f"大病保险起付标准({self.tier.zh}){yuan(deductible)}", deductible, d)
        lows, highs = self.params.catastrophic.lows, cat.segments.segments  # type: ignore[union-attr]
        for k, seg in enumerate(highs[:len(t.parts)]):  # which segments this claim's self-paid cost falls in
            part = t.parts[k][j]
            if part > 0:
                r = rate_of(t.segment_rates[k][0])
                extra = f"(含困难群众提高{pct(bonus)})" if bonus else ""
                start = yuan(max(from_fen(lows[k]), deductible))
                rng = f"{start}以上" if seg.up_to is None else f"{start}–{yuan(seg.up_to)}段"
                self.cite(cr, f"累计自付{rng}中本笔的{yuan(from_fen(part))}按{pct(r)}{extra}", None, cat.segments,
                          rules=rules_of(cat.segments, pov.rate_bonus if bonus and pov else None))
        pay = from_fen(t.pay[row])
        if bonus:
            self.use(pov.rate_bonus)  # type: ignore[union-attr]
        if t.at_cap[j]:
            inc, cap, paid_before = self.person.incentive_amount, from_fen(t.cap[0]), from_fen(t.paid_before[row])
            label = f"大病保险每人每年最高支付{yuan(cat.cap.value)}"
            if inc:
                label += f",加激励提高的{yuan(inc)},共{yuan(cap)}"  # type: ignore[arg-type]
            self.cite(cr, label + f";本年已支付{yuan(paid_before)},本笔最多{yuan(cap - paid_before)}",
                      cap, cat.cap, rules=rules_of(cat.cap, *self.incentive_values()) if inc else None)
        self.cite(cr, "大病保险支付", pay, cat.segments, Layer.catastrophic,
                  rules=rules_of(cat.segments, pov.rate_bonus if bonus and pov else None))
        return pay

    # -- assistance layer

    def assistance_cap(self) -> tuple[Money, str]:
        """The person's annual assistance cap and its name (assumption ``assistance_cap_per_person``)."""
        a = self.policy.assistance
        assert a is not None
        if self.person.major_disease:
            return a.major_cap, "重特大疾病医疗救助"
        return a.ordinary_cap, "普通医疗救助"

    def assistance(self, cr: ClaimResult, row: int) -> Decimal:
        k, t = self.assistance_class, self.s.assistance
        j = None if t is None else t.at(row)
        if k is None or t is None or j is None or not t.left[j]:
            return ZERO
        left, raw = from_fen(t.left[j]), from_fen(t.raw[j])
        self.cite(cr, f"医疗救助({k.label}):剩余政策范围内个人自付{yuan(left)} × {pct(k.rate.value)}", raw, k.rate,
                  Layer.assistance)
        self.use(k)
        cap_v, which = self.assistance_cap()
        pay = from_fen(t.pay[row])
        self.cap(cr, pay, raw, f"{which}年度限额{yuan(cap_v.value)},本年尚余{yuan(from_fen(t.room[j]))}", cap_v,
                 Layer.assistance)
        return pay

    # -- the year

    def incentive_values(self) -> tuple[Cited, ...]:
        """The incentive values that raise the catastrophic cap (their rules join the cap's)."""
        inc = self.policy.incentives
        if inc is None:
            return ()
        return (inc.continuous_amount_per_year, inc.zero_claim_amount_per_year, inc.max_share_of_cap)

    def person_items(self) -> None:
        """Year-level facts about the person that every claim relies on."""
        p, r, pol = self.person, self.r, self.policy
        if p.tier_aid is not None:  # no tier given: the aid's tier (yibao.policy.aids)
            add_umbrellas(r, pol, p.group_set, p.tier_aid.groups)
            tier = Tier(str(p.tier)).zh
            r.add(LineItem.cite(f"未填缴费档次,按所受资助定为{tier}:{p.tier_aid.label}", None, p.tier_aid))
            r.use(p.tier_aid)
        cat = pol.catastrophic
        if cat is not None:
            cap = from_fen(self.s.year.catastrophic_cap[0])
            r.state.catastrophic_cap = cap
            r.state.catastrophic_base_cap = cat.cap.value
            if p.incentive_amount:
                r.add(LineItem.cite(f"大病保险最高支付限额{yuan(cat.cap.value)},加连续参保/零报销激励"
                                    f"{yuan(p.incentive_amount)},本年为{yuan(cap)}", cap, cat.cap,  # type: ignore[arg-type]
                                    rules=rules_of(cat.cap, *self.incentive_values())))
                r.use(cat.cap)
                inc = pol.incentives  # a policy without incentives refuses an incentive amount (Person)
                assert inc is not None
                r.add(LineItem.cite(f"两项激励累计最多为限额的{pct(inc.max_share_of_cap.value)}", None,
                                    inc.max_share_of_cap))
                r.use(inc.max_share_of_cap)
            if cat.poverty is not None and self.poor:
                add_umbrellas(r, pol, p.group_set, cat.poverty.groups)
                pov = cat.poverty
                r.add(LineItem.cite(f"大病保险倾斜:起付线降低{pct(1 - pov.deductible_factor.value)}、支付比例提高"
                                    f"{_points(pov.rate_bonus.value)}个百分点", None, pov.rate_bonus,
                                    rules=rules_of(pov.deductible_factor, pov.rate_bonus)))
                r.use(cat.poverty.deductible_factor)
            elif cat.poverty is not None:  # a reading of who the tilt is for may leave the person out
                for a in readings_against(pol, p.group_set, cat.poverty):
                    if a not in r.assumptions:
                        r.assumptions.append(a)
                        who = "、".join(zh(g) for g in left_out(pol, sorted(p.group_set), a))
                        r.notes.append(f"大病保险倾斜(起付线降低、支付比例提高)不适用于{who}:"
                                       f"见假设“{pol.assumptions[a].title}”。")
        k = self.assistance_class
        if k is not None:
            add_umbrellas(r, pol, p.group_set, k.groups)
            r.add(LineItem.cite(f"医疗救助对象:{k.label},救助比例{pct(k.rate.value)}", None, k.rate))
            cap_v, which = self.assistance_cap()
            who = "重特大疾病患者," if p.major_disease else ""
            r.add(LineItem.cite(f"{who}{which}年度限额{yuan(cap_v.value)}(全年各笔累计)", None, cap_v))
            r.use(cap_v)
        if p.major_disease and pol.assistance is None:
            r.notes.append(f"《{pol.title}》没有医疗救助规定:重特大疾病患者身份不影响本结果。")
        if Group.assistance_recipient in p.group_set and k is None and pol.assistance is not None:
            r.notes.append("“医疗救助对象”未指明救助类别:请给出具体人群(如" + "、".join(
                zh(g) for g in (Group.tekun, Group.dibao, Group.dibao_edge)) + ")以计算医疗救助。")

    def closing_notes(self) -> None:
        r, pol = self.r, self.policy
        if pol.catastrophic is not None and r.catastrophic > 0 and not self.person.incentive_amount:
            # the cap is a step of every year catastrophic insurance paid in, reached or not (with an
            # incentive the raised cap has its own line already)
            cap = pol.catastrophic.cap
            r.add(LineItem.cite(f"大病保险每人每年最高支付{yuan(cap.value)},本年已支付{yuan(r.catastrophic)}",
                                None, cap))
        cat = pol.catastrophic
        if pol.assistance is not None and self.assistance_class is None and r.catastrophic > 0:
            # One name per set: T10's 困难群众 (the catastrophic tilt) are not all 医疗救助对象 (T11's classes).
            who = "未纳入医疗救助对象的普通参保群众"
            if self.poor and cat is not None and cat.poverty is not None:
                tilt = "、".join(zh(g) for g in cat.poverty.groups)
                who = f"本人属于享受大病保险倾斜的困难群众({tilt}),但不在医疗救助对象之列;这样的参保群众"
            r.notes.append(f"{who},医疗费用负担较重的,可以依申请享受同样额度的医疗救助,本结果未计入。")
        if cat is not None and cat.poverty is not None and r.catastrophic > 0 and not self.poor \
                and Group.assistance_recipient in expand(self.groups, self.params.umbrellas):
            # T10's "困难群众": under the other reading (every 医疗救助对象) this person's deductible would halve
            r.use(cat.poverty.deductible_factor)
            who = "、".join(zh(g) for g in cat.poverty.groups)
            r.notes.append(f"大病保险倾斜(起付线降低{pct(1 - cat.poverty.deductible_factor.value)}、比例加"
                           f"{_points(cat.poverty.rate_bonus.value)}个百分点)按本项目的读法只给{who};"
                           "若“困难群众”指全部医疗救助对象,本人也会享受(见下面列出的假设)。")
        limit = pol.basic.annual_limit_unstated if pol.basic else None
        paid = from_fen(self.s.year.rated_basic_paid[0])
        if limit is not None and paid > 0:
            # T4 implies an annual limit for inpatient and special outpatient the articles do not give:
            # every result in which basic insurance paid such bills says so (assumption basic_annual_limit_unstated).
            r.add(LineItem.cite(f"{limit.label}:文章没有给出金额,本结果未计入;本年基本医保已支付住院和门诊特殊病"
                                f"{yuan(paid)}", None, limit))
            r.use(limit)

    def fill_state(self) -> None:
        y, s = self.s.year, self.r.state
        s.general_outpatient_deductible_met = from_fen(y.general_outpatient_deductible_met[0])
        s.general_outpatient_paid = from_fen(y.general_outpatient_paid[0])
        s.employee_outpatient_deductible_met = from_fen(y.employee_outpatient_deductible_met[0])
        s.employee_outpatient_paid = from_fen(y.employee_outpatient_paid[0])
        s.pooled_outpatient_paid = from_fen(y.pooled_outpatient_paid[0])
        s.admissions = int(y.admissions[0])
        s.catastrophic_base = from_fen(y.catastrophic_base[0])
        s.catastrophic_paid = from_fen(y.catastrophic_paid[0])
        s.incentive_used = bool(y.incentive_used[0])
        s.assistance_ordinary = from_fen(y.assistance_ordinary[0])
        s.assistance_major = from_fen(y.assistance_major[0])

