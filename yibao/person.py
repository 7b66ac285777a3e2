"""Reading a person's facts given by a user: dates, ages, sex, tier. Each bad value names its field."""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from .errors import InputError
from .policy.model import Policy, Sex

MAX_AGE = 150


def parse_date(value: str | date | None, field: str) -> date | None:
    """An ISO date (2025-01-31); None stays None; a datetime gives its day."""
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        raise InputError(field, "is empty", "a date as YYYY-MM-DD, e.g. 2025-01-31")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(field, f"{value!r} is not a real date", "a date as YYYY-MM-DD, e.g. 2025-01-31") from None


def parse_sex(value: str | Sex | None) -> Sex | None:
    if value is None or isinstance(value, Sex):
        return value
    text = str(value).strip().lower()
    aliases = {"female": Sex.female, "f": Sex.female, "女": Sex.female, "男": Sex.male, "male": Sex.male, "m": Sex.male}
    if text not in aliases:
        raise InputError("sex", f"{value!r} is not a sex we know", "female, male (or 女, 男)")
    return aliases[text]


def completed_years(birth: date, on: date) -> int:
    """Age in completed years (周岁) on a day."""
    return relativedelta(on, birth).years


def age_on(birth_date: date | None, age: int | None, on: date, *, today: date | None = None) -> int | None:
    """The person's completed years on ``on``, from a birth date or a stated age (checked against each other)."""
    if age is not None:
        if isinstance(age, bool) or not isinstance(age, int):
            raise InputError("age", f"{age!r} is not a whole number of years", f"0 to {MAX_AGE}")
        if not 0 <= age <= MAX_AGE:
            raise InputError("age", f"{age} is out of range", f"0 to {MAX_AGE}")
    if birth_date is None:
        return age
    if birth_date > (today or date.today()):
        raise InputError("birth_date", f"{birth_date} is in the future", "a date on or before today")
    if birth_date > on:
        # Born after the day ages are judged on (a newborn of the benefit year): age 0.
        computed = 0
    else:
        computed = completed_years(birth_date, on)
    if computed > MAX_AGE:
        raise InputError("birth_date", f"{birth_date} makes the person {computed} years old", f"at most {MAX_AGE}")
    if age is not None and age != computed:
        raise InputError("age", f"{age} contradicts birth date {birth_date} ({computed} on {on})",
                         "leave out --age, or give the age on that day")
    return computed


def parse_tier(policy: Policy, tier: str | None) -> str:
    """The tier code; optional only where the policy has a single standard."""
    tiers = sorted(policy.premium.tiers) if policy.premium else []
    if tier is None:
        if len(tiers) == 1:
            return tiers[0]
        raise InputError("tier", f"policy {policy.id} has several tiers: choose one", ", ".join(tiers))
    text = str(tier).strip().lower()
    aliases = {"高档": "high", "低档": "low", "高": "high", "低": "low"}
    text = aliases.get(text, text)
    if text not in tiers:
        raise InputError("tier", f"policy {policy.id} has no tier {tier!r}", ", ".join(tiers))
    return text
