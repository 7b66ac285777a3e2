"""What the engine computed, layer by layer: dataclasses of arrays, one row per claim (settlement order)
or per person. The one-person explanation formats these fields; the tables turn them into columns.

Money is int64 fen, rates basis points. A field of a rule's trace is defined on the rows the rule
settles (its kinds, paid by the fund); elsewhere it holds no meaning (zeros). Fields marked
:data:`PER_PERSON` have one row per person instead, fields marked ``on(rows)`` one row per position in
the array ``rows`` of the same trace (the claims the layer works on; :meth:`Subset.at` finds a claim).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Field metadata of the arrays with one row per person (not per claim).
PER_PERSON = {"rows": "person"}
#: Field metadata of the arrays with one row per position in the trace's array ``rows``.
ON_ROWS = {"rows": "rows"}


class Subset:
    """A trace whose detail covers only some claims, at the positions ``rows`` (ascending)."""

    rows: np.ndarray

    def at(self, row: int) -> int | None:
        """The index of claim ``row`` in the detail, if the detail covers it."""
        j = int(np.searchsorted(self.rows, row))
        return j if j < len(self.rows) and int(self.rows[j]) == row else None


@dataclass(frozen=True)
class RatedTrace:
    """Special outpatient (T5) and inpatient (T6–T8) claims: a deductible, the tier's rate, T3, T19."""

    #: For an inpatient claim, the index of the policy's level rule for the hospital's level.
    level_index: np.ndarray
    #: For an inpatient claim, which admission of the year it is (T8) and that admission's deductible.
    admission: np.ndarray
    admission_deductible: np.ndarray
    #: Whether 长缴多报 (T3) raised the tier's rate, and the rate.
    long_contribution: np.ndarray
    rate: np.ndarray
    #: T19: the rate of the ethnic-medicine part.
    ethnic_rate: np.ndarray
    #: What the person pays toward the deductible (at most the cost): from the other costs first, then
    #: from the ethnic-medicine part.
    deductible: np.ndarray
    deductible_other: np.ndarray
    deductible_ethnic: np.ndarray
    #: Basic insurance's payment on the other costs and on the ethnic-medicine part.
    pay_other: np.ndarray
    pay_ethnic: np.ndarray


@dataclass(frozen=True)
class AnnualTrace:
    """General outpatient (T4) or employee outpatient pooling (T18): an annual deductible, a rate, an annual cap."""

    #: The part of the claim that went to the year's deductible, and the deductible met after it.
    deductible_part: np.ndarray
    deductible_met_after: np.ndarray
    #: The rate on the rest, before the cap; and what was left of the annual cap before the claim.
    raw: np.ndarray
    room: np.ndarray


@dataclass(frozen=True)
class PooledTrace:
    """Yuncheng outpatient pooling (Y6): a rate by facility and drug class, a cap per visit and per year."""

    rate: np.ndarray
    raw: np.ndarray
    #: After the per-visit cap; and what the visit's earlier rows had paid.
    visit_pay: np.ndarray
    visit_paid_before: np.ndarray
    #: What was left of the annual cap before the claim.
    room: np.ndarray


@dataclass(frozen=True)
class DeliveryTrace:
    """Deliveries (T23 residents, T13 border mothers): a rate on the whole cost."""

    rate: np.ndarray


@dataclass(frozen=True)
class BasicTrace:
    """Basic insurance: what it pays per claim, and each rule's trace (None: no claim of its kinds)."""

    pay: np.ndarray
    rated: RatedTrace | None = None
    general: AnnualTrace | None = None
    employee: AnnualTrace | None = None
    pooled: PooledTrace | None = None
    delivery: DeliveryTrace | None = None


@dataclass(frozen=True)
class CatastrophicTrace(Subset):
    """Catastrophic insurance (T9/T10, the cap raised by T14–T16) on the year's self-paid policy-range
    cost of inpatient and special outpatient claims."""

    pay: np.ndarray
    #: The claim's self-paid policy-range cost, and the year's base before and after it.
    self_paid: np.ndarray
    before: np.ndarray
    after: np.ndarray
    #: What the year's payments were before the claim.
    paid_before: np.ndarray
    #: The claims of the persons whose year's base passes their deductible (the others get nothing) …
    rows: np.ndarray
    #: … and on them, per segment (in the policy's order), the part of the claim's self-paid cost in
    #: it; and whether the cap is reached after the claim.
    parts: tuple[np.ndarray, ...] = field(metadata=ON_ROWS)
    at_cap: np.ndarray = field(metadata=ON_ROWS)
    #: Per person: the deductible (halved for T10's groups), the poverty bonus, the cap with incentives,
    #: and each segment's rate with the bonus (T10, at most 100%).
    deductible: np.ndarray = field(metadata=PER_PERSON)
    bonus: np.ndarray = field(metadata=PER_PERSON)
    cap: np.ndarray = field(metadata=PER_PERSON)
    segment_rates: tuple[np.ndarray, ...] = field(metadata=PER_PERSON)


@dataclass(frozen=True)
class AssistanceTrace(Subset):
    """Medical assistance (T11/T13): the class rate on what is left, within the person's annual cap."""

    pay: np.ndarray
    #: The claims assistance covers (its kinds, a person in a class) …
    rows: np.ndarray
    #: … and on them: the policy-range cost left after basic and catastrophic insurance; the rate on
    #: it before the cap; what was left of the annual cap before the claim.
    left: np.ndarray = field(metadata=ON_ROWS)
    raw: np.ndarray = field(metadata=ON_ROWS)
    room: np.ndarray = field(metadata=ON_ROWS)
    #: Per person: the class rate (−1: no class) and the annual cap (ordinary or major disease).
    rate: np.ndarray = field(metadata=PER_PERSON)
    cap: np.ndarray = field(metadata=PER_PERSON)


@dataclass(frozen=True)
class YearTotals:
    """Per person: the year's running totals after all the claims (zeros for a person without claims)."""

    general_outpatient_deductible_met: np.ndarray
    general_outpatient_paid: np.ndarray
    employee_outpatient_deductible_met: np.ndarray
    employee_outpatient_paid: np.ndarray
    pooled_outpatient_paid: np.ndarray
    admissions: np.ndarray
    #: Basic insurance's payments on inpatient and special outpatient claims (their annual limit, T4).
    rated_basic_paid: np.ndarray
    catastrophic_base: np.ndarray
    catastrophic_paid: np.ndarray
    #: The cap with the incentives (T9, T14–T16), and whether payments went above the cap without
    #: them (using the raise resets the zero-claim incentive, T15).
    catastrophic_cap: np.ndarray
    incentive_used: np.ndarray
    assistance_ordinary: np.ndarray
    assistance_major: np.ndarray


@dataclass(frozen=True)
class Settlement:
    """The engine's result for claims in settlement order."""

    #: :class:`~yibao.vocabulary.Refusal` code of why the fund pays nothing (−1: it pays), and whether
    #: the claim is reimbursed after a later payment (Y3).
    refusal: np.ndarray
    retro: np.ndarray
    basic: BasicTrace
    catastrophic: CatastrophicTrace | None
    assistance: AssistanceTrace | None
    year: YearTotals
