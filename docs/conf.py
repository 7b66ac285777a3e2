"""Sphinx configuration: the yibao docs site, a book in Chinese, built offline with warnings as errors.

``make docs`` (or ``sphinx-build -W -b html docs docs/_build/html``). The pages that come from the
code and the policy data are generated into ``docs/_generated/`` by ``scripts/build_docs.py``
before Sphinx reads anything; notebooks are rendered from their stored outputs (never executed).
Local extensions in ``docs/_ext/``: Chinese search (jieba) and links to the web app's calculators.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(DOCS / "_ext")]

import os  # noqa: E402

import build_docs  # noqa: E402  (scripts/build_docs.py)

import yibao  # noqa: E402

build_docs.generate()

project = "yibao 医保"
author = "yibao"
copyright = "yibao 项目贡献者"
release = version = yibao.__version__
language = "zh_CN"
#: docs/_locale: the theme's strings its Chinese catalogue lacks (颜色模式 …); docs/_templates: the few
#: theme components that hard-code English labels, copied with Chinese ones (layout.html: the printed
#: outline's "Page"); docs/_ext/yibao_labels.py: myst-nb's "Toggle hidden content".
locale_dirs = ["_locale"]
templates_path = ["_templates"]

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "yibao_search",  # docs/_ext: Chinese words in the search index (jieba) and in the query
    "yibao_app_links",  # docs/_ext: the {app} role, links to the same calculator in the web app
    "yibao_cjk",  # docs/_ext: no stray space where a Chinese paragraph wraps in the source
    "yibao_labels",  # docs/_ext: a Chinese screen-reader label on folded code (myst-nb hard-codes English)
]

#: Where the web app runs (``yibao app`` prints it); the chapters' calculator links point there.
yibao_app_url = os.environ.get("YIBAO_APP_URL", "http://127.0.0.1:8866")

exclude_patterns = ["_build", "_ext", "_locale", "_templates", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints",
                    "_generated/toc.md.txt"]
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

# The theme: sphinx-book-theme (a book of notebooks: chapters in the left sidebar, the page outline on
# the right, a phone layout, a download button per page). Its CSS, JavaScript and icons ship in the
# package: nothing is fetched from a CDN at build or view time. Its own strings come in Chinese from
# its zh_CN catalogue; the few options below that carry text are set in Chinese here.
html_theme = "sphinx_book_theme"
html_title = "yibao 医保"
html_short_title = "yibao 医保"
#: docs/_static/yibao.css: wide tables and code scroll inside their box (no page overflow at 390 px).
html_static_path = ["_static"]
html_css_files = ["yibao.css"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "toc_title": "本页目录",
    "search_bar_text": "搜索本站……",
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navbar_persistent": [],  # the search field is in the sidebar (and behind the header's icon on a phone)
    "article_footer_items": [],
    "footer_content_items": ["copyright.html"],
}
html_last_updated_fmt = None  # no build date on the pages: builds are byte-identical
html_use_index = False  # a general index of API names is no reader's entry point (the search is)
html_domain_indices = False
html_show_sourcelink = False

# Pages written elsewhere that this build must not fail on: claims-file.md starts at "##" and uses a
# ```csv fence, which Pygments does not know (shown unhighlighted).
suppress_warnings = ["myst.header", "misc.highlighting_failure",
                    "ref.python"]  # an attribute name two classes share (claims) is ambiguous in autodoc
