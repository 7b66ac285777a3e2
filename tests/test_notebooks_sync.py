"""Every notebook is a pair: ``notebooks/NAME.py`` (py:percent, the source) and ``NAME.ipynb``
(built and executed by ``scripts/build_notebooks.py``). The pair must match cell for cell, and the
.ipynb must have been built from the current .py (its stored sha256)."""

import hashlib
import importlib.util
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "scripts" / "build_notebooks.py")
build_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_notebooks)

SOURCES = build_notebooks.sources(NOTEBOOKS)
NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("*.ipynb"))
EXPECTED = {"00_index", "000_lhasa_2025", "001_tibet_press_2024", "002_lhasa_flexible", "003_yuncheng_2024",
            "004_xining_2025"}
REBUILD = "run `make notebooks` (python scripts/build_notebooks.py) and commit the .ipynb"


def _cells(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_the_article_notebooks_exist():
    assert {p.stem for p in SOURCES} >= EXPECTED


def test_every_py_has_its_ipynb():
    missing = [p.name for p in SOURCES if not p.with_suffix(".ipynb").exists()]
    assert not missing, f"no .ipynb for {missing}: {REBUILD}"


def test_every_ipynb_has_its_py():
    orphans = [p.name for p in NOTEBOOK_FILES if not p.with_suffix(".py").exists()]
    assert not orphans, f"{orphans} have no paired py:percent source"


@pytest.mark.parametrize("py", SOURCES, ids=lambda p: p.stem)
def test_ipynb_cells_match_the_py(py):
    ipynb = py.with_suffix(".ipynb")
    if not ipynb.exists():
        pytest.skip("no .ipynb (reported by test_every_py_has_its_ipynb)")
    from_py = jupytext.read(py, fmt="py:percent")
    from_ipynb = jupytext.read(ipynb)
    assert _cells(from_ipynb) == _cells(from_py), f"{ipynb.name} differs from {py.name}: {REBUILD}"


@pytest.mark.parametrize("py", SOURCES, ids=lambda p: p.stem)
def test_ipynb_was_built_from_the_current_py(py):
    ipynb = py.with_suffix(".ipynb")
    if not ipynb.exists():
        pytest.skip("no .ipynb (reported by test_every_py_has_its_ipynb)")
    stored = nbformat.read(ipynb, as_version=4).metadata.get("yibao", {}).get("source_sha256")
    assert stored == hashlib.sha256(py.read_bytes()).hexdigest(), f"{ipynb.name} is stale: {REBUILD}"


@pytest.mark.parametrize("py", SOURCES, ids=lambda p: p.stem)
def test_ipynb_is_executed_top_to_bottom(py):
    """Every code cell ran, in order, from a fresh kernel (nbval compares stored outputs only for
    cells with an execution count)."""
    ipynb = py.with_suffix(".ipynb")
    if not ipynb.exists():
        pytest.skip("no .ipynb (reported by test_every_py_has_its_ipynb)")
    nb = nbformat.read(ipynb, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{ipynb.name} was not run top to bottom: {REBUILD}"
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize("py", SOURCES, ids=lambda p: p.stem)
def test_notebook_starts_with_a_title(py):
    nb = jupytext.read(py, fmt="py:percent")
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "the first cell is a '# Title'"
