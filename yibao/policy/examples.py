"""What each calculator opens with: ``policies/examples.yaml``.

The web pages, the widgets called without a policy and the commands whose ``--policy`` may be left
out take the example policy named there, and the widgets the starting values given there (the text
a field starts with). It is no policy and cites no clause: code holds no policy id and no number of
an article, and a maintainer changes what the calculators open with by editing this file only.

Checked when read (and by ``yibao check``): every calculator has an entry; each policy is an id of
the folder that states the sections its calculator reads (:data:`NEEDS`); each value names a field
of its calculator that starts from text (:data:`VALUES`) and is short text on one line.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from ..errors import PolicyDataError
from . import reader
from .model import Policy, Strict
from .sections import states

#: The file, in the policy folder.
FILE = "examples.yaml"

#: The sections of a policy each calculator reads: its example policy (and any policy it offers) states them.
NEEDS: dict[str, tuple[str, ...]] = {
    "premium": ("premium",),
    "coverage": ("coverage",),
    "hospital": ("basic",),
    "flexible": ("flexible",),
    "stop": ("flexible",),
    "maternity": ("maternity",),
    "incentive": ("incentives", "catastrophic"),
    "sharing": ("account_sharing",),
    "enrolment": ("enrolment",),
    "compare": (),
    "tiers": ("premium", "basic"),
    "reform": ("basic.inpatient",),
}

#: The fields of each calculator that may be given a starting value (each starts from text).
VALUES: dict[str, tuple[str, ...]] = {
    "premium": ("birth_date", "income", "paid_on"),
    "coverage": ("paid_on", "birth_date", "employee_insurance_ended_on"),
    "hospital": ("cost", "general_outpatient", "special_outpatient", "ethnic_share", "delivery",
                 "employee_outpatient", "pooled_outpatient", "pooled_outpatient_other"),
    "flexible": ("average_wage",),
    "stop": ("employment_ended_on", "account_balance"),
    "maternity": ("surviving_babies", "average_wage_last_year"),
    "incentive": ("year",),
    "sharing": ("cost", "authoriser_balance", "member_balance"),
    "enrolment": (),
    "compare": ("birth_date", "income"),
    "tiers": ("age", "year_cost"),
    "reform": ("cost",),
}

Calculator = Literal["premium", "coverage", "hospital", "flexible", "stop", "maternity", "incentive", "sharing",
                     "enrolment", "compare", "tiers", "reform"]


class Example(Strict):
    """One calculator's example: the policy it opens on (none for a calculator over every policy)
    and the text some of its fields start with."""

    policy: str | None = None
    values: dict[str, str] = {}

    @field_validator("values")
    @classmethod
    def _short_text(cls, v: dict[str, str]) -> dict[str, str]:
        for name, text in v.items():
            if len(text) > 200 or any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
                raise ValueError(f"{name}: a starting value is short text on one line (at most 200 characters)")
        return v


class Examples(Strict):
    title: str
    examples: dict[Calculator, Example] = Field(min_length=len(NEEDS))


def problems(examples: Examples, policies: dict[str, Policy | None]) -> list[tuple[str, str]]:
    """(key path, reason) for every example that does not fit its calculator or the folder's policies
    (``policies``: id → the loaded policy, None if it does not load)."""
    out = []
    for name in NEEDS:
        ex = examples.examples.get(name)  # type: ignore[call-overload]
        if ex is None:
            out.append((f"examples.{name}", "missing: every calculator needs its example"))
            continue
        where = f"examples.{name}"
        if NEEDS[name] and ex.policy is None:
            out.append((f"{where}.policy", "missing: the policy this calculator opens on"))
        elif not NEEDS[name] and ex.policy is not None:
            out.append((f"{where}.policy", "this calculator compares every policy: it opens on none"))
        elif ex.policy is not None and ex.policy not in policies:
            out.append((f"{where}.policy", f"{ex.policy[:60]!r} is not a policy of this folder (allowed: "
                        f"{', '.join(sorted(policies))})"))
        elif ex.policy is not None and (stated := policies[ex.policy]) is not None:
            missing = [s for s in NEEDS[name] if not states(stated, s)]
            if missing:
                out.append((f"{where}.policy", f"{ex.policy} states no {', '.join(missing)}, which the {name} "
                            "calculator reads"))
        for field in ex.values:
            if field not in VALUES[name]:
                out.append((f"{where}.values.{field}", f"not a field of the {name} calculator that starts from text "
                            f"(allowed: {', '.join(VALUES[name]) or 'none'})"))
    return out


def read_examples(folder: Path) -> Examples:
    """The examples file of ``folder`` as typed data (PolicyDataError naming the key and the reason)."""
    path = folder / FILE
    raw = reader.read_yaml(path)
    try:
        return Examples.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        raise PolicyDataError(str(path), ".".join(map(str, err["loc"])), err["msg"]) from None


@cache
def _examples(folder: Path) -> Examples:
    from .loader import load_policy, policy_ids

    examples = read_examples(folder)
    found = problems(examples, {pid: load_policy(pid, folder) for pid in policy_ids(folder)})
    for key, reason in found:
        raise PolicyDataError(str(folder / FILE), key, reason)
    return examples


def example(calculator: str, folder: Path | None = None) -> Example:
    """The example ``calculator`` opens with (from the folder in use)."""
    from .loader import policies_dir

    return _examples((folder or policies_dir()).resolve()).examples[calculator]  # type: ignore[index]


def default_policy(calculator: str) -> str:
    """The policy ``calculator`` opens on where none is given (``examples.yaml``)."""
    policy = example(calculator).policy
    if policy is None:  # pragma: no cover - problems() requires one where NEEDS names sections
        raise PolicyDataError(FILE, f"examples.{calculator}.policy", "missing")
    return policy
