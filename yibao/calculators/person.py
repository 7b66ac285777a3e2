"""Reading a person's facts given by a user: dates, ages, sex, tier. Each bad value names its field."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from .. import inputs
from ..errors import InputError
from ..policy.model import Policy
from ..vocabulary import Sex, Tier

MAX_AGE = 150


def parse_date(value: str | date | None, field: str) -> date | None:
    """:func:`yibao.inputs.parse_date` where the date is optional: None stays None (blank is refused)."""
    return None if value is None else inputs.parse_date(value, field)


def parse_sex(value: str | Sex | None) -> Sex | None:
    if value is None or isinstance(value, Sex):
        return value
    try:
        return Sex(inputs.parse_choice(value, "sex", [s.value for s in Sex], Sex.aliases()))
    except InputError as e:
        problem = f"{e.params['value']} is not a sex we know" if e.kind == "choice.unknown" else e.problem
        raise InputError("sex", problem, "female, male (or 女, 男)", kind=e.kind, params=e.params) from None


def completed_years(birth: date, on: date) -> int:
    """Age in completed years (周岁) on a day."""
    return relativedelta(on, birth).years


def age_on(birth_date: date | None, age: int | None, on: date, *, today: date | None = None) -> int | None:
    """The person's completed years on ``on``, from a birth date or a stated age (checked against each other)."""
    if age is not None:
        if isinstance(age, str):  # the API takes a number; the command line parses its text first
            raise InputError("age", f"{inputs.show(age)} is not a whole number of years", f"0 to {MAX_AGE}",
                             kind="whole.wrong_type",
                             params={"value": inputs.show(age), "type": "str", "low": 0, "high": MAX_AGE})
        age = inputs.parse_whole(age, "age", 0, MAX_AGE, f"0 to {MAX_AGE}")
    if birth_date is None:
        return age
    if birth_date > (today or date.today()):
        raise InputError("birth_date", f"{birth_date} is in the future", "a date on or before today",
                         kind="date.in_future", params={"value": birth_date})
    # Born after the day ages are judged on (a newborn of the benefit year): age 0.
    computed = 0 if birth_date > on else completed_years(birth_date, on)
    if computed > MAX_AGE:
        raise InputError("birth_date", f"{birth_date} makes the person {computed} years old", f"at most {MAX_AGE}",
                         kind="age.too_old", params={"value": birth_date, "age": computed, "maximum": MAX_AGE})
    if age is not None and age != computed:
        raise InputError("age", f"{age} contradicts birth date {birth_date} ({computed} on {on})",
                         "leave out --age, or give the age on that day", kind="age.contradicts_birth_date",
                         params={"value": age, "birth_date": birth_date, "computed": computed, "on": on})
    return computed


def parse_tier(policy: Policy, tier: str | None) -> Tier:
    """The tier code; optional only where the policy has a single standard."""
    tiers = sorted(policy.premium.tiers) if policy.premium else []
    if tier is None:
        if len(tiers) == 1:
            return tiers[0]
        raise InputError("tier", f"policy {policy.id} has several tiers: choose one", ", ".join(tiers),
                         kind="tier.choose", params={"policy": policy.id, "choices": tuple(tiers)})
    aliases = {k: v for k, v in Tier.aliases().items() if v in tiers}  # 高档, 低档 ... for this policy's tiers
    try:
        return Tier(inputs.parse_choice(tier, "tier", tiers, aliases))
    except InputError as e:
        if not inputs.given(tier) or e.kind != "choice.unknown":
            raise InputError("tier", e.problem, ", ".join(tiers), kind=e.kind,
                             params={**e.params, "choices": tuple(tiers)}) from None
        raise InputError("tier", f"policy {policy.id} has no tier {inputs.show(tier)}", ", ".join(tiers),
                         kind="tier.unknown",
                         params={"value": inputs.show(tier), "policy": policy.id, "choices": tuple(tiers)}) from None
