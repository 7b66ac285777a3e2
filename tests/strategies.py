"""The Hypothesis strategies the tests share: amounts, and a policy's bills (one claim, a year of claims).

One generator of claims for every property test (the invariants, the table path, the settlement), so a
new claim column or kind is drawn everywhere at once. Each draws only what the policy's rules settle:
the kinds it states (:func:`kinds_of`), inpatient levels 1–3, an ethnic-medicine share within the cost,
sometimes an exclusion (F9) or a non-designated hospital, and, where asked, Y6's visit names.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN
from decimal import Decimal as D

from hypothesis import strategies as st

from yibao.vocabulary import ClaimKind, Exclusion

FEN = D("0.01")
EXCLUSIONS = sorted(e.value for e in Exclusion)
KINDS = [k.value for k in ClaimKind]


def yuan(fen: int) -> D:
    """Whole fen as yuan: 12345 → 123.45."""
    return D(fen).scaleb(-2)


#: 0.00 … 300000.00 yuan, and often big bills (the catastrophic and assistance caps are reached at a few
#: hundred thousand yuan of self-paid cost) or small ones (deductibles, rounding).
money = st.one_of(st.integers(0, 30_000_000), st.integers(10_000_000, 120_000_000), st.integers(0, 100_000)).map(yuan)
#: What a bill holds outside the catalogues: 0.00 … 5000.00 yuan.
outside_catalogue = st.integers(0, 500_000).map(yuan)
#: Up to 500,000.00 yuan, often small: the table path's bills.
bills = st.one_of(st.integers(0, 50_000_000), st.integers(0, 100_000)).map(yuan)


def kinds_of(pol) -> list[str]:
    """The claim kinds ``pol`` settles (employee outpatient only where a rate is stated: T18 gives none)."""
    b = pol.basic
    out = []
    for k in KINDS:
        block = getattr(b, {"delivery": "resident_delivery"}.get(k, k))
        if k == "employee_outpatient" and block is not None and block.rate is None:
            continue
        if block is not None or (k == "delivery" and b.border_delivery is not None):
            out.append(k)
    return out


def year_of(pol) -> int:
    return pol.coverage.benefit_year.start.year if pol.coverage else pol.year


def days_of(year: int, whole_year: bool = False) -> st.SearchStrategy[dt.date]:
    """Days of ``year``: every day, or days 1–28 of each month."""
    if whole_year:
        return st.integers(0, 364).map(lambda n: dt.date(year, 1, 1) + dt.timedelta(days=n))
    return st.builds(dt.date, st.just(year), st.integers(1, 12), st.integers(1, 28))


@st.composite
def claim(draw, pol, *, dates: st.SearchStrategy[dt.date] | None = None, cost: st.SearchStrategy[D] = money,
          outside: st.SearchStrategy[D] = outside_catalogue, admission: bool = False,
          admission_one_in: int = 5, visits: bool = False, excluded_one_in: int = 15,
          undesignated_one_in: int | None = 15) -> dict:
    """One bill under ``pol``. ``admission``: an inpatient bill always carries its admission number (else
    one in ``admission_one_in`` does); ``visits``: pooled-outpatient rows carry visit names (Y6)."""
    kind = draw(st.sampled_from(kinds_of(pol)))
    amount = draw(cost)
    row = {"date": draw(dates if dates is not None else days_of(year_of(pol))), "kind": kind, "cost": amount,
           "outside_catalogue": draw(outside)}
    if kind == "inpatient":
        row["level"] = draw(st.integers(1, 3))
        if admission or draw(st.integers(0, admission_one_in - 1)) == 0:
            row["admission"] = draw(st.integers(1, 5))
    if kind == "pooled_outpatient":
        row["facility"] = draw(st.sampled_from(["primary", "county_level2"]))
        row["drug_class"] = draw(st.sampled_from(["jia", "yi"]))
        if visits:
            row["visit"] = draw(st.sampled_from([None, "", "v1", "v2"]))
    if kind in ("inpatient", "special_outpatient") and draw(st.booleans()):
        row["ethnic_share"] = (amount * draw(st.integers(0, 100)) / 100).quantize(FEN, rounding=ROUND_DOWN)
    if draw(st.integers(0, excluded_one_in - 1)) == 0:
        row["excluded"] = draw(st.sampled_from(EXCLUSIONS))
    if undesignated_one_in is not None and draw(st.integers(0, undesignated_one_in - 1)) == 0:
        row["designated"] = False
        row["emergency"] = draw(st.booleans())
    return row


@st.composite
def claims(draw, pol, n_max: int = 20, **kw) -> list[dict]:
    """Up to ``n_max`` bills under ``pol`` (options as :func:`claim`)."""
    return [draw(claim(pol, **kw)) for _ in range(draw(st.integers(0, n_max)))]
