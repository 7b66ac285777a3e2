"""The provenance every policy value carries, and the kinds of value: money, rates, counts.

Every value is a :class:`Param`: the value, its unit, the article it comes from, the clause quoted
verbatim, the rule IDs it serves and the dates it is in force. Structured rules (an aid rule, a
payment window) are :class:`Cited` objects: they carry the same provenance for the clause that
states them as a whole.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ...groups import Group

RULE_ID = re.compile(r"^[LTFYXC]\d{1,2}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class Period(Strict):
    """Dates a value is in force, both ends inclusive; ``to`` empty means until replaced."""

    start: date = Field(alias="from")
    to: date | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.to is not None and self.to < self.start:
            raise ValueError(f"'to' {self.to} is before 'from' {self.start}")
        return self

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.to is None or day <= self.to)


class Derivation(Strict):
    """A value worked out from the numbers its quote states: ``formula`` uses only those numbers
    (``400 * 90%``), ``note`` says why in Chinese."""

    formula: str | None = None
    note: str


class Cited(Strict):
    """Provenance shared by every value and every structured rule."""

    #: What the value or rule is, in Chinese (``三级医院住院起付线``): what tables, explanations and pages
    #: show for it, never its key path. ``yibao check`` refuses a cited value without one.
    label: str = ""
    source: str
    quote: str = Field(min_length=2)
    rules: tuple[str, ...] = Field(min_length=1)
    in_force: Period | None = None
    assumptions: tuple[str, ...] = ()
    note: str | None = None
    #: How a number or date of this item follows from its quote when the quote does not state it
    #: as such: field name → a note, or a formula over numbers the quote states (``yibao check``
    #: evaluates it, :mod:`yibao.policy.check_quotes`).
    derived: dict[str, Derivation | str] = {}
    #: Key path inside the policy, filled by the loader (for line items and error messages).
    path: str = ""

    @field_validator("rules")
    @classmethod
    def _rule_ids(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for r in v:
            if not RULE_ID.match(r):
                raise ValueError(f"{r!r} is not a rule ID like L3, T17 or X4")
        return v


class Param(Cited):
    value: Decimal | int | date
    unit: str


class Money(Param):
    """An amount of yuan."""

    value: Decimal = Field(ge=0)
    unit: Literal["yuan"]


class Rate(Param):
    """A fraction between 0 and 1 (0.9 is 90%)."""

    value: Decimal = Field(ge=0, le=1)
    unit: Literal["rate"]


class Count(Param):
    value: int = Field(ge=0)
    unit: Literal["days", "months", "years", "count", "age"]


class Assumption(Strict):
    """A reading chosen where the article is silent or ambiguous."""

    #: Its Chinese title: how a reader finds it (tables, explanations); its id is never shown.
    title: str = Field(min_length=2)
    clause: str | None = None
    source: str | None = None
    rules: tuple[str, ...] = Field(min_length=1)
    reading: str
    alternatives: tuple[str, ...] = Field(min_length=1)
    why: str
    #: Groups this reading leaves out of the rules it is attached to, where an alternative reading would let
    #: them in: for a person of these groups the reading decides the result even though the rule does not
    #: apply, so the result names it (e.g. 返贫致贫人口 and Lhasa's aid for 易返贫致贫人口).
    decides_for: tuple[Group, ...] = ()
    id: str = ""


class Source(Strict):
    """An article in ``seeds/`` (``file``) or an outside document (``document``) cited for a gap."""

    title: str
    file: str | None = None
    document: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    id: str = ""
    #: A what-if reform's overrides (:mod:`yibao.policy.reform`), shown as 改革方案, never as an article.
    reform: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> Source:
        if bool(self.file) == bool(self.document):
            raise ValueError("a source names either 'file' (a seed article) or 'document' (an outside document)")
        return self


class Unstated(Cited):
    """A value the articles show exists but do not give (T4's inpatient annual limit, T18's rate):
    nothing is computed from it; results that could reach it say so."""

    label: str


class TextFact(Cited):
    """A fact the articles state in words (payment channels, documents needed): shown, not computed."""

    label: str
    items: tuple[str, ...] = Field(min_length=1)
