"""Policies the tests build from the real files, for mechanisms no real policy uses today.

T18 states no employee outpatient pooling rate, so no real policy settles such claims; the
mechanism (annual deductible 140/200, annual limit 5000, a rate) is still tested, on a copy of
xizang-2024 that states a rate of 70% — a number of the test, not of any article.
"""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

from yibao.policy.loader import load_policy, policies_dir
from yibao.policy.model import Policy

EMPLOYEE_RATE_BLOCK = """    rate:
      value: 0.70
      unit: rate
      rules: [T18]
      source: xizang-press-2024
      quote: 出台职工医保门诊共济保障机制
"""


def copy_policies(dest: Path) -> Path:
    """The real policy folder copied to ``dest`` (for broken or edited copies)."""
    shutil.copytree(policies_dir(), dest, dirs_exist_ok=True)
    return dest


@cache
def employee_rate_folder() -> Path:
    folder = copy_policies(Path(tempfile.mkdtemp(prefix="yibao-eo-")) / "policies")
    path = folder / "xizang-2024.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    rate_unstated:\n")
    end = text.index("      assumptions: [employee_outpatient_rate_unstated]\n", start)
    end += len("      assumptions: [employee_outpatient_rate_unstated]\n")
    path.write_text(text[:start] + EMPLOYEE_RATE_BLOCK + text[end:], encoding="utf-8")
    return folder


def with_employee_rate(policy_id: str = "xizang-2024") -> Policy:
    """``policy_id`` with a test employee outpatient rate of 70% (see the module doc)."""
    return load_policy(policy_id, employee_rate_folder())
