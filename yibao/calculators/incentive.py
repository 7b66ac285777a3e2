"""The two enrolment incentives of 国办发〔2024〕38号 as the Tibet article states them (T14–T16).

- T14 连续参保激励: from the policy's first incentive year, after its qualifying continuous years, each
  further continuous year raises the catastrophic cap by the stated amount (``不低于``: the floor,
  assumption ``incentive_minimum_amount``). A break resets the count of years but keeps the amount earned.
- T15 基金零报销激励: a year enrolled without any fund reimbursement raises the next year's cap by the
  stated amount; using the incentive amount in a catastrophic payout clears the zero-claim amount.
- T16 both together at most the stated share of the cap (the limit of
  :attr:`yibao.policy.compiled.Catastrophic.incentive_limit`, the one the settlement checks).

The amounts, years and shares are the policy's (``incentives``, ``catastrophic.cap``); the readings the
article leaves open are named assumptions there (``incentive_years_from_first_year``,
``continuous_incentive_timing``, ``zero_claim_requires_enrolment``, ``zero_claim_reset_by_use``,
``incentive_limit_on_sum``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import InputError, NotCovered
from ..format import pct, yuan
from ..inputs import parse_bool, parse_whole, show, show_key
from ..money import ZERO, from_fen
from ..policy.compiled import policy_params
from ..policy.loader import load_policy
from ..policy.model import Catastrophic, Incentives, Money, Policy
from ..result import LineItem, Result
from ..rules import implements, rules_of
from ..user_tables import read_rows

HISTORY_COLUMNS = ("year", "enrolled", "fund_reimbursed", "incentive_used")
HISTORY_REQUIRED = ("year", "enrolled")


@dataclass(frozen=True)
class YearRecord:
    """One benefit year of a person's history."""

    year: int
    enrolled: bool
    #: Any fund reimbursement that year (outpatient or inpatient, any layer of the fund).
    fund_reimbursed: bool = False
    #: A catastrophic payout that year went above the cap without incentives (used the raise).
    incentive_used: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], name: Callable[[str], str]) -> YearRecord:
        for key in data:
            if key not in HISTORY_COLUMNS:
                raise InputError(name(show_key(key) if key in HISTORY_COLUMNS else "(unknown)"), "unknown column",
                                 ", ".join(HISTORY_COLUMNS), kind="user_file.unknown_column",
                                 params={"choices": HISTORY_COLUMNS, "near": ""})
        year = parse_whole(data.get("year"), name("year"), 1990, 2200, "a year such as 2025", default=None)
        if year is None:
            raise InputError(name("year"), "missing", "a year such as 2025")
        if data.get("enrolled") is None or (isinstance(data.get("enrolled"), str) and not data["enrolled"].strip()):
            raise InputError(name("enrolled"), "missing", "true/false, 1/0, yes/no, 是/否")
        rec = cls(year, parse_bool(data.get("enrolled"), name("enrolled"), default=False),
                  parse_bool(data.get("fund_reimbursed"), name("fund_reimbursed"), default=False),
                  parse_bool(data.get("incentive_used"), name("incentive_used"), default=False))
        return rec.checked(name)

    def checked(self, name: Callable[[str], str]) -> YearRecord:
        if not isinstance(self.year, int) or isinstance(self.year, bool):
            raise InputError(name("year"), f"{show(self.year)} is not a year", "a year such as 2025")
        for attr in ("enrolled", "fund_reimbursed", "incentive_used"):
            if not isinstance(getattr(self, attr), bool):
                raise InputError(name(attr), f"{show(getattr(self, attr))} is not true or false", "true, false")
        if self.fund_reimbursed and not self.enrolled:
            raise InputError(name("fund_reimbursed"), f"{self.year}: reimbursed by the fund but not enrolled",
                             "false when enrolled is false")
        if self.incentive_used and not self.fund_reimbursed:
            raise InputError(name("incentive_used"), f"{self.year}: the incentive amount is used in a catastrophic "
                             "payout, which is a fund reimbursement", "false when fund_reimbursed is false")
        return self


@dataclass
class IncentiveResult(Result):
    year: int = 0
    base_cap: Decimal = ZERO
    continuous_amount: Decimal = ZERO
    zero_claim_amount: Decimal = ZERO
    limit: Decimal = ZERO
    continuous_years: int = 0
    enrolled: bool = True
    years: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total_raise(self) -> Decimal:
        return min(self.continuous_amount + self.zero_claim_amount, self.limit)

    @property
    def cap(self) -> Decimal:
        return self.base_cap + self.total_raise

    def headline(self) -> str:
        return (f"{self.year}年度大病保险最高支付限额:{yuan(self.cap)}(基本限额{yuan(self.base_cap)},"
                f"连续参保激励{yuan(self.continuous_amount)},零报销激励{yuan(self.zero_claim_amount)},"
                f"合计提高{yuan(self.total_raise)},最多提高{yuan(self.limit)})。")

    def fields(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "base_cap": self.base_cap,
            "continuous_years": self.continuous_years,
            "continuous_amount": self.continuous_amount,
            "zero_claim_amount": self.zero_claim_amount,
            "limit": self.limit,
            "total_raise": self.total_raise,
            "cap": self.cap,
            "enrolled": self.enrolled,
            "years": self.years,
        }


def _records(history: Iterable[YearRecord | Mapping[str, Any]]) -> dict[int, YearRecord]:
    if isinstance(history, (str, bytes)) or not isinstance(history, Iterable):
        raise InputError("history", "not a list of years", "a list of YearRecord or mappings")
    out: dict[int, YearRecord] = {}
    for i, h in enumerate(history):
        def name(col: str, i: int = i) -> str:
            return f"history[{i}].{col}"

        if isinstance(h, YearRecord):
            rec = h.checked(name)
        elif isinstance(h, Mapping):
            rec = YearRecord.from_mapping(h, name)
        else:
            raise InputError(f"history[{i}]", f"{type(h).__name__} is not a year record",
                             "a YearRecord or a mapping with year, enrolled, fund_reimbursed, incentive_used")
        if rec.year in out:
            raise InputError(name("year"), f"{rec.year} appears twice", "one record per year")
        out[rec.year] = rec
    return out


def _with_incentives(policy: str | Policy) -> tuple[Policy, Incentives, Catastrophic]:
    if isinstance(policy, str):
        policy = load_policy(policy)
    elif not isinstance(policy, Policy):
        raise InputError("policy", f"{show(policy)} is not a policy", "a policy id (yibao policies lists them)")
    inc, cat = policy.incentives, policy.catastrophic
    if inc is None or cat is None:
        missing = "enrolment incentives" if inc is None else "catastrophic insurance"
        rules = rules_of(incentive)  # the rules the calculator is marked to implement
        raise NotCovered("policy", f"policy {policy.id} has no {missing} ({rules[0]}–{rules[-1]})", rules)
    return policy, inc, cat


@implements("T14", "T15", "T16")
def incentive(policy: str | Policy, history: Iterable[YearRecord | Mapping[str, Any]], year: int) -> IncentiveResult:
    """The catastrophic cap of ``year`` with the incentives earned by the years before it.

    ``history`` needs one record for every year from the policy's first incentive year to ``year - 1``;
    the record of ``year`` itself is optional (enrolled is assumed: the cap matters to an insured person).
    """
    policy, inc, cat = _with_incentives(policy)
    y = parse_whole(year, "year", 1990, 2200, "a year such as 2026", default=None)
    if y is None:
        raise InputError("year", "missing", "a year such as 2026")
    records = _records(history)
    later = sorted(yy for yy in records if yy > y)
    if later:  # a year after the one asked about is not read: said, not silently left out
        raise InputError("history", f"has a record for {later[0]}, after the year asked about ({y})",
                         f"records of the years up to {y}", kind="history.after_year",
                         params={"after": later[0], "year": y})
    first = inc.first_year.value
    limit_fen = policy_params(policy).catastrophic.incentive_limit  # type: ignore[union-attr]
    res = IncentiveResult(policy=policy, year=y, base_cap=cat.cap.value, limit=from_fen(limit_fen or 0))
    res.add(LineItem.cite(f"大病保险最高支付限额{yuan(cat.cap.value)}", cat.cap.value, cat.cap))
    res.use(cat.cap, inc.first_year)
    res.add(LineItem.cite(f"两项激励自{first}年度起", None, inc.first_year))
    if y < first:
        res.notes.append(f"参保激励自{first}年度起实施,{y}年度没有激励。")
        res.enrolled = records[y].enrolled if y in records else True
        return res
    _check_history(res, records, first, y)
    _accrue(res, inc, cat, records, first, y)
    total = res.continuous_amount + res.zero_claim_amount
    if total > res.limit:
        res.add(LineItem.cite(f"两项激励合计{yuan(total)},超过最高支付限额的{pct(inc.max_share_of_cap.value)}"
                              f"({yuan(res.limit)}),按{yuan(res.limit)}计", res.limit, inc.max_share_of_cap))
    else:
        res.add(LineItem.cite(f"两项激励合计{yuan(total)},未超过上限{yuan(res.limit)}", total, inc.max_share_of_cap))
    if not res.enrolled:
        res.notes.append(f"{y}年度未参保:没有大病保险待遇;这里列出的是保留下来的激励额度。")
    return res


def _check_history(res: IncentiveResult, records: dict[int, YearRecord], first: int, y: int) -> None:
    missing = [yy for yy in range(first, y) if yy not in records]
    if missing:
        raise InputError("history", f"no record for {', '.join(map(str, missing))}",
                         f"one record for each year from {first} to {y - 1}")
    if y not in records:
        res.notes.append(f"历史记录中没有{y}年度,按该年度参保计算。")


def _accrue(res: IncentiveResult, inc: Incentives, cat: Catastrophic, records: dict[int, YearRecord], first: int,
            y: int) -> None:
    """T14/T15 year by year from the first incentive year to ``y``: the continuous and zero-claim amounts."""
    q = inc.continuous_qualifying_years.value
    per_c, per_z = inc.continuous_amount_per_year, inc.zero_claim_amount_per_year
    res.use(inc.continuous_qualifying_years, per_c, per_z, inc.max_share_of_cap)
    res.add(LineItem.cite(f"连续参保满{q}年后,每连续参保1年提高{yuan(per_c.value)}", per_c.value, per_c))
    res.add(LineItem.cite(f"当年未发生医保基金报销的,下一年度提高{yuan(per_z.value)}", per_z.value, per_z))
    # each year's line carries the rules of the policy value it applies (the data's record, not a literal)
    continuous, reset = per_c.rules, inc.continuous_qualifying_years.rules
    run, cont, zero = 0, ZERO, ZERO
    for yy in range(first, y + 1):
        rec = records.get(yy, YearRecord(yy, True))
        if rec.enrolled:
            run += 1
            if run > q:
                cont += per_c.value
                res.add(LineItem(f"{yy}年度:连续参保第{run}年(满{q}年之后),连续参保激励提高{yuan(per_c.value)},"
                                 f"累计{yuan(cont)}", per_c.value, continuous))
        elif run:
            res.add(LineItem(f"{yy}年度:中断参保,连续参保年限清零(已有的{yuan(cont)}激励额度保留)", None, reset))
            run = 0
        raise_y = min(cont + zero, res.limit)
        res.years.append({"year": yy, "enrolled": rec.enrolled, "continuous_years": run,
                          "continuous_amount": cont, "zero_claim_amount": zero, "raise": raise_y,
                          "cap": cat.cap.value + raise_y})
        if yy == y:
            res.enrolled, res.continuous_years = rec.enrolled, run
            break
        zero = _zero_claim(res, rec, zero, raise_y, per_z)
    res.continuous_amount, res.zero_claim_amount = cont, zero


def _zero_claim(res: IncentiveResult, rec: YearRecord, zero: Decimal, raise_y: Decimal, per_z: Money) -> Decimal:
    """T15 after year ``rec.year``: the zero-claim amount cleared by a use of the raise, or raised by a year
    enrolled without fund reimbursement (``per_z``: the policy's zero-claim amount, whose rules the lines carry)."""
    yy, per = rec.year, per_z.value
    if rec.incentive_used:
        if raise_y <= 0:
            raise InputError(f"history year {yy}, incentive_used", f"{yy} had no incentive amount to use",
                             "false in a year whose cap was not raised")
        if zero:
            res.add(LineItem(f"{yy}年度:大病保险报销使用了奖励额度,零报销激励额度{yuan(zero)}清零", None, per_z.rules))
        return ZERO
    if rec.enrolled and not rec.fund_reimbursed:
        zero += per
        res.add(LineItem(f"{yy}年度参保且零报销:{yy + 1}年度零报销激励提高{yuan(per)},累计{yuan(zero)}",
                         per, per_z.rules))
    return zero


def read_history(path: str | Path) -> list[YearRecord]:
    """A history file (CSV or JSON) with columns year, enrolled, fund_reimbursed, incentive_used."""
    rows = read_rows(path, HISTORY_REQUIRED, HISTORY_COLUMNS, key="history", option="--history")
    recs = [YearRecord.from_mapping(values, name) for name, values in rows]
    seen: dict[int, int] = {}
    for i, r in enumerate(recs):
        if r.year in seen:
            raise InputError(rows[i][0]("year"), f"{r.year} appears twice (also row {seen[r.year] + 1})",
                             "one row per year")
        seen[r.year] = i
    return recs
