#!/usr/bin/env python3
"""Build the executed notebooks from their py:percent sources, from a clean kernel, top to bottom.

For every ``notebooks/*.py`` (a jupytext py:percent file): read it with jupytext, execute it with
nbclient in a fresh kernel started in ``notebooks/`` (a time limit per cell), and write
``notebooks/NAME.ipynb`` with the outputs. The notebook metadata records the sha256 of the .py it
was built from (``yibao.source_sha256``), so ``tests/test_notebooks_sync.py`` can tell a stale
notebook.

    python scripts/build_notebooks.py              # every notebook
    python scripts/build_notebooks.py 000_lhasa_2025 004_xining_2025
    python scripts/build_notebooks.py --check      # only report stale or missing notebooks (exit 1)
    python scripts/build_notebooks.py --html build/html   # HTML exports of the built notebooks, checks removed

The checks (asserts) sit in cells tagged ``remove-cell`` with their input collapsed in JupyterLab
(``jupyter.source_hidden``); the HTML export and the docs site leave those cells out. By hand:
``jupyter nbconvert --to html --TagRemovePreprocessor.remove_cell_tags='["remove-cell"]' NAME.ipynb``.

``make notebooks`` runs it in the project's virtual environment.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "python3"
#: Not notebooks: nbval's helper and anything else that is plain Python in the folder.
NOT_NOTEBOOKS = {"conftest.py"}


def sources(folder: Path = NOTEBOOKS) -> list[Path]:
    """The py:percent notebook sources, by name."""
    return sorted(p for p in folder.glob("*.py") if p.name not in NOT_NOTEBOOKS)


def source_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_hash(ipynb: Path) -> str | None:
    import nbformat

    nb = nbformat.read(ipynb, as_version=4)
    return nb.metadata.get("yibao", {}).get("source_sha256")


def stale(py: Path) -> str | None:
    """Why the notebook paired with ``py`` needs a rebuild, or None."""
    ipynb = py.with_suffix(".ipynb")
    if not ipynb.exists():
        return "no .ipynb"
    if stored_hash(ipynb) != source_hash(py):
        return "source changed since the last build"
    return None


def kernel_display_name() -> str:
    """The display name of the kernel the notebooks run on, as installed (``Python 3 (ipykernel)``)."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KernelSpecManager().get_kernel_spec(KERNEL).display_name


def build(py: Path, timeout: int = 120) -> float:
    """Execute one notebook from a fresh kernel and write its .ipynb; returns the seconds taken."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    nb = jupytext.read(py, fmt="py:percent")
    # Cell ids by position, so that rebuilding an unchanged notebook changes nothing (random ids otherwise).
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{py.stem[:20]}-{i:03d}"
    # The kernel's own name and (below) language_info: JupyterLab marks a notebook modified on opening
    # when either differs from the kernel it starts (issue 20).
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": kernel_display_name(), "language": "python"}
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    nb.metadata["yibao"] = {"source": py.name, "source_sha256": source_hash(py),
                            "built_by": "scripts/build_notebooks.py"}
    started = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, allow_errors=False,
                            record_timing=False, resources={"metadata": {"path": str(py.parent)}})
    client.execute(cwd=str(py.parent))
    took = time.perf_counter() - started
    # Widget views need a live kernel anyway and carry random model ids: keep only their text form,
    # so that two builds of an unchanged notebook are byte-identical.
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            out.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
    nbformat.validate(nb)
    nbformat.write(nb, py.with_suffix(".ipynb"))
    return took


#: Cell tags the HTML export (and the docs site, myst-nb) honours.
REMOVE_CELL, REMOVE_INPUT, REMOVE_OUTPUT = "remove-cell", "remove-input", "remove-output"


def export_html(ipynb: Path, outdir: Path) -> Path:
    """``jupyter nbconvert --to html`` of a built notebook, without its check cells; the HTML's path."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {REMOVE_CELL}
    c.TagRemovePreprocessor.remove_input_tags = {REMOVE_INPUT}
    c.TagRemovePreprocessor.remove_all_outputs_tags = {REMOVE_OUTPUT}
    body, _ = HTMLExporter(config=c).from_filename(str(ipynb))
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / (ipynb.stem + ".html")
    target.write_text(body, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="notebook names (without .py); default: all")
    ap.add_argument("--check", action="store_true", help="report stale or missing notebooks, build nothing")
    ap.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell (default 120)")
    ap.add_argument("--html", metavar="OUTDIR", type=Path,
                    help="export the built notebooks to HTML in OUTDIR (check cells removed), build nothing")
    args = ap.parse_args(argv)

    todo = sources()
    if args.names:
        by_name = {p.stem: p for p in todo}
        unknown = [n for n in args.names if n.removesuffix(".py") not in by_name]
        if unknown:
            print(f"unknown notebook(s): {', '.join(unknown)}; known: {', '.join(by_name)}", file=sys.stderr)
            return 2
        todo = [by_name[n.removesuffix(".py")] for n in args.names]
    if args.html:
        for py in todo:
            print(export_html(py.with_suffix(".ipynb"), args.html))
        return 0
    if args.check:
        problems = [(p.name, why) for p in todo if (why := stale(p))]
        for name, why in problems:
            print(f"{name}: {why}")
        orphans = [p.name for p in NOTEBOOKS.glob("*.ipynb") if not p.with_suffix(".py").exists()]
        for name in orphans:
            print(f"{name}: no paired .py")
        return 1 if problems or orphans else 0

    # The kernel imports this checkout's yibao even when the package is not installed.
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(ROOT) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *paths])
    # Headless and reproducible: no display, the inline backend in the kernel.
    os.environ.pop("MPLBACKEND", None)
    total = 0.0
    for py in todo:
        took = build(py, timeout=args.timeout)
        total += took
        print(f"{py.with_suffix('.ipynb').relative_to(ROOT)}: executed in {took:.1f} s")
    print(f"{len(todo)} notebook(s) in {total:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
