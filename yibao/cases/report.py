"""The Chinese report of a run of the worked examples (``yibao test``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .runner import Outcome


@dataclass
class CaseReport:
    outcomes: list[Outcome]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    def explain(self) -> str:
        by_file = Counter(Path(o.file).name for o in self.outcomes)
        failed = self.failed
        lines = [f"算例:{len(self.outcomes)} 个(" + ",".join(f"{f} {n} 个" for f, n in by_file.items()) + ")",
                 f"通过 {len(self.outcomes) - len(failed)} 个,未通过 {len(failed)} 个。"]
        for o in failed:
            rules = "、".join(o.case.rules)
            lines.append("")
            lines.append(f"未通过:{Path(o.file).name} · {o.case.name}(规则 {rules})")
            if o.case.description:
                lines.append(f"  {o.case.description}")
            for f in o.failures:
                lines.append(f"  {f.what}:应为 {f.expected},实为 {f.got}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"cases": len(self.outcomes), "passed": len(self.outcomes) - len(self.failed),
                "failed": [{"file": Path(o.file).name, "case": o.case.name, "rules": o.case.rules,
                            "failures": [{"what": f.what, "expected": f.expected, "got": f.got} for f in o.failures]}
                           for o in self.failed]}
