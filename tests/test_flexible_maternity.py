"""Flexible employment (002) and maternity (001): the resident alternative's citations and bad input. The
hand-worked amounts, days and dates (and account sharing, enrolment) are worked examples in cases/*.yaml."""

from decimal import Decimal as D

import pytest

from yibao.calculators.flexible import flexible_premium
from yibao.calculators.maternity import maternity
from yibao.errors import InputError

r = pytest.mark.rules


@r("F1", "F5", "F8")
def test_flexible_shows_the_resident_alternative_and_no_maternity_insurance():
    res = flexible_premium("10791", "lhasa-2024")
    assert res.resident_tiers == {"low": D("200"), "high": D("380")}
    assert any("F8" in i.rules for i in res.items) and any("F1" in i.rules for i in res.items)


@r("F7")
@pytest.mark.parametrize("wage", ["0", "-1", "1,000", "abc", "10791.001"])
def test_flexible_bad_wage(wage):
    with pytest.raises(InputError) as e:
        flexible_premium(wage, "lhasa-2024")
    assert e.value.field == "average_wage"


@r("T21")
@pytest.mark.parametrize("kw, field", [({"delivery": "forceps"}, "delivery"), ({"babies": 0}, "babies"),
                                       ({"babies": 2, "surviving_babies": 3}, "surviving_babies")])
def test_maternity_bad_input(kw, field):
    kw.setdefault("delivery", "normal")
    with pytest.raises(InputError) as e:
        maternity("xizang-2024", **kw)
    assert e.value.field == field


