"""The worked examples of ``cases/*.yaml`` as pytest items: one item per case, named by the case,
marked with the case's rule IDs. Loaded by the repository's root conftest.py (a conftest's collection
hooks see only its own folder, and cases/ holds no Python), so every pytest run that reaches cases/
collects them: ``pytest tests cases``, ``pytest cases/lhasa-2025.yaml``."""

from __future__ import annotations

from pathlib import Path

import pytest

from yibao.cases.loader import read_case_file
from yibao.cases.model import Case, CaseFile
from yibao.cases.runner import Outcome, run_case

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"


class CaseFailed(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__(outcome.case.name)
        self.outcome = outcome


class CaseFileNode(pytest.File):
    def collect(self):
        file = read_case_file(self.path)
        for case in file.cases:
            yield CaseItem.from_parent(self, name=case.name, file=file, case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, file: CaseFile, case: Case, **kw):
        super().__init__(**kw)
        self.file, self.case = file, case
        self.add_marker(pytest.mark.rules(*case.rules))

    def runtest(self) -> None:
        outcome = run_case(self.file, self.case, str(self.path))
        if not outcome.ok:
            raise CaseFailed(outcome)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CaseFailed):
            lines = [f"算例 {self.case.name}(规则 {'、'.join(self.case.rules)})未通过:"]
            lines += [f"  {self.case.description}"] if self.case.description else []
            lines += [f"  {f.what}:应为 {f.expected},实为 {f.got}" for f in excinfo.value.outcome.failures]
            return "\n".join(lines)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.case.name}"


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".yaml" and file_path.parent == CASES:
        return CaseFileNode.from_parent(parent, path=file_path)
    return None
