"""The rule coverage table (``docs/rules.md``): rule ID → parameters → functions → tests → notebook.

Built from the code itself (``@implements``), the policy files (each value's ``rules``) and the tests
(``@pytest.mark.rules``), so it cannot drift: a test compares the committed file with a fresh build.
Run ``python -m yibao.rule_table --write docs/rules.md`` (``make rules-table``) after a change.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
from collections import defaultdict
from pathlib import Path

from .policy.provenance import quotes
from .rules import IMPLEMENTED, import_all, inventory

ROOT = Path(__file__).resolve().parents[1]


def _mark_rules(dec: ast.expr, aliases: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Rule IDs in a ``pytest.mark.rules("T6", ...)`` decorator, or ``r("T6")`` where
    ``r = pytest.mark.rules`` (also as an element of ``pytestmark``)."""
    if isinstance(dec, ast.Call) and (
            (isinstance(dec.func, ast.Attribute) and dec.func.attr == "rules")
            or (isinstance(dec.func, ast.Name) and dec.func.id in aliases)):
        return [a.value for a in dec.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return []


def _aliases(tree: ast.Module) -> set[str]:
    return {t.id for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Attribute) and node.value.attr == "rules"
            for t in node.targets if isinstance(t, ast.Name)}


def tests_by_rule(tests_dir: Path | None = None) -> dict[str, list[str]]:
    """Rule ID → test ids (``tests/test_x.py::test_name``) marked with it."""
    tests_dir = tests_dir or ROOT / "tests"
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted(tests_dir.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_rules: list[str] = []
        aliases = _aliases(tree)
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark"
                                                    for t in node.targets):
                vals = node.value.elts if isinstance(node.value, (ast.List, ast.Tuple)) else [node.value]
                for v in vals:
                    module_rules += _mark_rules(v, aliases)
        for defn in ast.walk(tree):
            if isinstance(defn, (ast.FunctionDef, ast.ClassDef)) and defn.name.startswith(("test", "Test")):
                ids = [r for d in defn.decorator_list for r in _mark_rules(d, aliases)] + module_rules
                for r in dict.fromkeys(ids):
                    out[r].append(f"{path.relative_to(ROOT).as_posix()}::{defn.name}")
    return out


def params_by_rule() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for q in quotes():
        for r in q.rules:
            ref = f"{q.file.removesuffix('.yaml')}:{q.key_path}"
            if ref not in out[r]:
                out[r].append(ref)
    return out


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_RULE_ID = re.compile(r"(?<![A-Za-z0-9])([LTFYXC])(\d{1,2})(?:\s*[–—-]\s*\1?(\d{1,2}))?(?![0-9])")


def _heading_rules(text: str) -> list[str]:
    """Rule IDs named in a heading: ``(L3、L4)`` → L3, L4; a range ``T14–T16`` → T14, T15, T16."""
    out: list[str] = []
    for letter, first, last in _RULE_ID.findall(text):
        lo, hi = int(first), int(last or first)
        out += [f"{letter}{n}" for n in range(lo, max(lo, hi) + 1)]
    return list(dict.fromkeys(out))


def notebook_sections(folder: Path | None = None) -> dict[str, list[str]]:
    """Rule ID → notebook sections (``notebooks/NAME.ipynb#heading``) whose markdown heading names it.

    Read from the executed notebooks' JSON (no Jupyter needed); the anchor is the heading text with
    spaces as hyphens, as JupyterLab links headings. Only IDs of the rule inventory count.
    """
    folder = folder or ROOT / "notebooks"
    known = set(inventory())
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") != "markdown":
                continue
            source = cell.get("source", "")
            for line in ("".join(source) if isinstance(source, list) else source).splitlines():
                m = _HEADING.match(line)
                if not m:
                    continue
                heading = m.group(2)
                ref = f"{path.relative_to(ROOT).as_posix()}#{heading.replace(' ', '-')}"
                for rid in _heading_rules(heading):
                    if rid in known and ref not in out[rid]:
                        out[rid].append(ref)
    return dict(out)


def _cell(items: list[str], limit: int = 4) -> str:
    if not items:
        return "—"
    shown = [f"`{i}`" for i in items[:limit]]
    if len(items) > limit:
        shown.append(f"… +{len(items) - limit}")
    return "<br>".join(shown)


def build() -> str:
    import_all()
    inv = inventory()
    params, tests, books = params_by_rule(), tests_by_rule(), notebook_sections()
    lines = [
        "# 规则覆盖(Rule coverage)",
        "",
        "Generated by `python -m yibao.rule_table --write docs/rules.md` (`make rules-table`);",
        "`tests/test_rule_table.py` fails when this file differs from a fresh build.",
        "Rule IDs and texts are those of `../shared/RULES.md`. \"data\" rules are facts to show, not to compute.",
        "",
        "| rule | kind | policy values (file:key) | functions | tests | notebook |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rid, (_text, is_data) in inv.items():
        lines.append(f"| {rid} | {'data' if is_data else 'rule'} | {_cell(params.get(rid, []))} | "
                     f"{_cell(sorted(set(IMPLEMENTED.get(rid, []))))} | {_cell(tests.get(rid, []), 3)} | "
                     f"{_cell(books.get(rid, []))} |")
    n_rules = sum(1 for _, d in inv.values() if not d)
    done = sum(1 for r, (_, d) in inv.items() if not d and IMPLEMENTED.get(r) and tests.get(r))
    lines += ["", f"{done} of {n_rules} non-data rules have both a function and a test.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", type=Path, help="write the table to this file (default: print it)")
    args = ap.parse_args(argv)
    text = build()
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
