"""The docs site, built once per test run and shared by the test modules that read it.

Building the site runs Sphinx and writes the generated pages under ``docs/_generated/``, so two builds at
once would race on that folder. Under pytest-xdist each worker asks for the site; the first builds it
under a file lock in the run's shared temporary folder, the others wait on the lock and reuse it.
"""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def shared_folder(tmp_path_factory) -> Path:
    """The run's temporary folder, common to every xdist worker of this run (the worker's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_site(tmp_path_factory) -> Path:
    """The HTML site (``sphinx -W``, offline, as ``make docs`` builds it): its folder."""
    for module in ("sphinx", "myst_nb", "sphinx_book_theme", "jieba"):
        try:
            __import__(module)
        except ImportError:
            pytest.fail(f"{module} is not installed: install the web extra (pip install -e '.[web]', "
                        "or make test, which does)", pytrace=False)
    out = shared_folder(tmp_path_factory) / "docs-site"
    out.mkdir(exist_ok=True)
    with open(out / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = out / ".built"
        if not done.exists():
            cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                   "-d", str(out / "doctrees"), str(DOCS), str(out / "html")]
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                                  env={**os.environ, "PYTHONHASHSEED": "0"})
            assert proc.returncode == 0, (f"sphinx-build failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n"
                                          f"{proc.stderr[-6000:]}")
            done.touch()
    return out / "html"


#: A word of English prose: letters only (a capital may start it), not part of an identifier, file name or
#: path (``yibao.policy.Policy``, ``.ipynb``, ``lhasa-2025``), which the house rules leave as they are.
_PROSE_WORD = re.compile(r"(?<![\w.:/#-])[A-Za-z][a-z]+(?![\w.:/#-])")
_HAN = re.compile(r"[\u3400-\u9fff]")
#: Words a Chinese label may show as they are: a key's name and the project's.
_KEPT = {"Ctrl", "yibao"}


def english_label(text: str) -> bool:
    """Whether a label (aria-label, title, placeholder, alt, a button's text) reads in English: it has no
    Chinese and holds a word of prose (``Toggle hidden content``, ``Page``)."""
    if _HAN.search(text):
        return False
    return any(w not in _KEPT for w in _PROSE_WORD.findall(text))
