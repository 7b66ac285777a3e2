"""Sphinx configuration: the yibao docs site, built offline with warnings as errors.

``make docs`` (or ``sphinx-build -W -b html docs docs/_build/html``). The pages that come from the
code and the policy data are generated into ``docs/_generated/`` by ``scripts/build_docs.py``
before Sphinx reads anything; notebooks are rendered from their stored outputs (never executed).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import build_docs  # noqa: E402  (scripts/build_docs.py)

import yibao  # noqa: E402

build_docs.generate()

project = "yibao 医保"
author = "yibao"
copyright = "yibao contributors"
release = version = yibao.__version__
language = "zh_CN"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints", "_generated/toc.md.txt"]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb", ".rst": "restructuredtext"}

# myst / myst-nb: markdown everywhere, notebooks shown with the outputs nbval checked.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "off"
# folded code (the hide-input tag the docs build gives every shown code cell): the toggle in Chinese
nb_code_prompt_show = "显示代码"
nb_code_prompt_hide = "隐藏代码"
#: No widget JavaScript from a CDN: the docs work offline. scripts/build_docs.py replaces widget outputs
#: in the copied notebooks with a note pointing to JupyterLab and the web app.
nb_ipywidgets_js = {}

# autodoc: the package's docstrings, in source order, types in the description.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# Offline: no intersphinx, no remote images; the default theme ships with Sphinx.
html_theme = "alabaster"
html_title = "yibao 医保"
#: docs/_static/yibao.css: wide tables and code scroll inside their box (no page overflow at 390 px).
html_static_path = ["_static"]
html_css_files = ["yibao.css"]
html_theme_options = {
    "description": "城乡居民医保规则:有出处的政策数据与精确到分的计算器",
    "font_family": "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif",
    "head_font_family": "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif",
    "page_width": "1200px",
    "body_max_width": "none",
}
html_show_sourcelink = False

# Pages written elsewhere that this build must not fail on: claims-file.md starts at "##" and uses a
# ```csv fence, which Pygments does not know (shown unhighlighted).
suppress_warnings = ["myst.header", "misc.highlighting_failure"]
