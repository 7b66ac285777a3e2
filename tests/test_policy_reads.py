"""Every field of the policy model is read by a calculator or a skin, or declared shown only.

A field nothing reads is a trap for the maintainer who edits the YAML: the value validates and
changes nothing. This test tracks every attribute read of a policy field while the calculators,
the settlement and the skins' tables run over every policy (reads by the generic walkers of the
loader, ``yibao check`` and the tables' value listing do not count: they read every field), and
fails on a field that is neither read nor declared in :data:`yibao.policy.reads.SHOWN`.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from pydantic import BaseModel

import yibao
from yibao.errors import YibaoError
from yibao.policy import load_policy, policies_dir, policy_ids
from yibao.policy import model as M
from yibao.policy.reads import SHOWN, declared_shown

PKG = Path(yibao.__file__).parent
#: Code that reads every field of whatever it is given (validation, checks, listings): not a consumer.
GENERIC = {PKG / "policy" / n for n in ("validate.py", "loader.py", "merge.py", "check.py", "check_quotes.py",
                                       "reads.py")}
GENERIC_FUNCTIONS = {(PKG / "skins" / "tables.py", "_walk"), (PKG / "skins" / "commands" / "policies.py", "walk"),
                     (PKG / "policy" / "provenance.py", "walk")}  # the articles a policy cites


def model_classes() -> list[type[BaseModel]]:
    return sorted({c for c in vars(M).values() if isinstance(c, type) and issubclass(c, M.Strict)
                   and c is not M.Strict}, key=lambda c: c.__name__)


@contextmanager
def tracked() -> Iterator[set[tuple[type, str]]]:
    """(model class, field) for every field read outside the generic walkers, while inside."""
    reads: set[tuple[type, str]] = set()
    fields = {c: set(c.model_fields) for c in model_classes()}

    def hook(self, name):
        value = object.__getattribute__(self, name)
        cls = type(self)
        if name in fields.get(cls, ()):
            code = sys._getframe(1).f_code
            path = Path(code.co_filename)
            if path not in GENERIC and (path, code.co_name) not in GENERIC_FUNCTIONS:
                reads.add((cls, name))
        return value

    M.Strict.__getattribute__ = hook  # type: ignore[method-assign]
    try:
        yield reads
    finally:
        del M.Strict.__getattribute__


def _try(f, *a, **kw):
    try:
        r = f(*a, **kw)
    except YibaoError:
        return None
    for attr in ("explain", "to_dict"):
        if hasattr(r, attr):
            getattr(r, attr)()
    return r


def battery() -> None:
    """Every calculator over every policy, with the inputs that reach each of its branches."""
    pytest.importorskip("pandas")
    from yibao.calculators.compare import compare_premiums
    from yibao.groups import Group
    from yibao.skins import tables

    people = [{}, {"sex": "female", "birth_date": "1960-01-01"}, {"sex": "male", "age": 70}, {"age": 10},
              *({"groups": [g.value]} for g in Group),
              {"groups": ["low_income_alleviated"], "income": "9000"}, {"groups": ["newborn"], "birth_date": None}]
    for pid in policy_ids():
        pol = load_policy(pid)
        _premium_and_coverage_calls(pol, people)
        _other_calculator_calls(pol)
        _settlement_calls(pol)
        for f in (tables.values_table, tables.facts_table, tables.texts_table, tables.assumptions_table):
            f(pol)
    _try(compare_premiums, {"tier": "high", "groups": ["dibao"]})
    from yibao.skins.commands import policies

    policies.run(None).to_dict()
    plots = pytest.importorskip("yibao.skins.plots")
    plots.use_chinese_font()
    for pid in policy_ids():  # the figures of the articles' facts, for the policies that state them
        for figure in (lambda p: plots.fiscal_subsidy_series(p, 2019), plots.procurement_figures,
                       plots.national_standards, plots.inpatient_rates):
            with suppress(KeyError, AttributeError, TypeError):
                plots.plt.close(figure(pid))


def _tiers_and_year(pol):
    tiers = list(pol.premium.tiers) if pol.premium else [None]
    year = pol.coverage.benefit_year.start.year if pol.coverage else pol.year
    return tiers, year


def _premium_and_coverage_calls(pol, people) -> None:
    from yibao.calculators.coverage import coverage
    from yibao.calculators.premium import premium

    tiers, year = _tiers_and_year(pol)
    for tier in tiers:
        for who in people:
            kw = {k: v for k, v in who.items() if v is not None}
            _try(premium, pol, tier=tier, **kw)
            for day in (f"{year - 1}-09-10", f"{year}-01-05", f"{year}-03-01", f"{year}-04-01", f"{year}-06-10",
                        f"{year}-07-02", f"{year}-08-10", f"{year}-11-20"):
                _try(premium, pol, tier=tier, paid_on=day, **kw)
                for gap, back in ((0, 0), (1, 0), (2, 1), (5, 1)):
                    _try(coverage, pol, paid_on=day, tier=tier, gap_years=gap, backpaid_years=back,
                         groups=kw.get("groups", ()), birth_date=kw.get("birth_date") or (
                             f"{year}-01-02" if "newborn" in kw.get("groups", ()) else None),
                         employee_insurance_ended_on=f"{year}-01-02" if not kw else None)


def _other_calculator_calls(pol) -> None:
    from yibao.calculators.account_sharing import account_sharing
    from yibao.calculators.enrolment import eligibility
    from yibao.calculators.flexible import employee_insurance_stop, flexible_premium
    from yibao.calculators.incentive import incentive
    from yibao.calculators.maternity import maternity
    from yibao.calculators.premium import household_premium

    tiers, year = _tiers_and_year(pol)
    _try(household_premium, pol, [{"tier": tiers[0]}, {"groups": ["dibao"]}])
    _try(flexible_premium, "10791", policy=pol)
    for unemployed in (False, True):
        _try(employee_insurance_stop, f"{year}-05-20", policy=pol, receiving_unemployment_benefit=unemployed,
             account_balance="3500")
    for delivery, babies in (("normal", 1), ("caesarean", 3)):
        _try(maternity, pol, delivery=delivery, babies=babies, difficult=True, average_wage_last_year="100000")
    for insurance, inside in (("resident", True), ("employee", True), ("employee", False)):
        _try(account_sharing, "spouse", insurance, "500", authoriser_balance="1000", member_balance="200",
             member_insured_in_region=inside, policy=pol)
    for cat in ([c.code for c in pol.enrolment.categories] if pol.enrolment else []) or [None]:
        _try(eligibility, pol, category=cat, employee_insured=True, enrolled_elsewhere=True)
    if pol.incentives and pol.catastrophic:
        hist = [{"year": y, "enrolled": True, "fund_reimbursed": y % 2 == 0, "incentive_used": False}
                for y in range(pol.incentives.first_year.value, pol.incentives.first_year.value + 6)]
        _try(incentive, pol, hist, pol.incentives.first_year.value + 6)


def _settlement_calls(pol) -> None:
    from yibao.settlement import Person, benefit_tiers, settle

    if pol.basic is None:
        return
    day = pol.in_force.start.isoformat()
    claims = [{"date": day, "kind": "inpatient", "cost": "200000", "level": lvl, "admission": n,
               "ethnic_share": "100", "outside_catalogue": "10"} for n, lvl in ((1, 1), (2, 3), (3, 2))]
    claims += [{"date": day, "kind": k, "cost": "3000"} for k in
               ("general_outpatient", "special_outpatient", "delivery", "employee_outpatient")]
    claims += [{"date": day, "kind": "inpatient", "cost": "100", "level": 3, "excluded": "work_injury"}]
    claims += [{"date": day, "kind": "pooled_outpatient", "cost": "80", "facility": f, "drug_class": d,
                "visit": f"{f}{d}"} for f in ("primary", "county_level2") for d in ("jia", "yi")]
    for tier in [t for t in benefit_tiers(pol) if t != "standard"] or [None]:
        for groups in ((), ("dibao",), ("tekun",), ("border_resident",), ("monitored",)):
            for retired, major in ((False, False), (True, True)):
                person = _try(Person, pol, tier=tier, groups=groups, continuous_years=12, retired=retired,
                              major_disease=major)
                if person is None:
                    continue
                for claim in claims:
                    _try(settle, person, [claim])
                _try(settle, person, claims[:3] + claims[-4:])


@pytest.fixture(scope="module")
def reads(tmp_path_factory) -> set[tuple[type, str]]:
    """The reads of the battery, on policies loaded afresh from a copy of the folder (the loader and
    the kernels keep what they built from a loaded policy: reads made by earlier tests would not show)."""
    folder = tmp_path_factory.mktemp("policies")
    for f in policies_dir().glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("YIBAO_POLICIES", str(folder))
        with tracked() as found:
            battery()
    return found


def test_every_model_field_is_read_or_declared_shown(reads):
    unread = [f"{cls.__name__}.{name}" for cls in model_classes() for name in cls.model_fields
              if (cls, name) not in reads and not declared_shown(cls, name)]
    assert not unread, f"policy fields nothing reads (remove them, or declare them in reads.SHOWN): {unread}"


def test_a_field_declared_shown_exists_and_no_calculator_reads_it(reads):
    names = {c.__name__: c for c in model_classes()}
    for owner, fields in SHOWN.items():
        assert owner in names, owner
        for f in fields:
            assert f in names[owner].model_fields, f"{owner}.{f}"
            assert (names[owner], f) not in reads, f"{owner}.{f} is read: it is not shown only"
