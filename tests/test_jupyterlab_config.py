"""``make run``'s JupyterLab (issue 20): Chinese, no news pop-up, opening on the index, a file browser
of notebooks only, and notebooks that are not marked modified when opened.

Checked on the project's config (jupyter/) and the stored notebooks; the screens themselves were
looked at in headless Chromium (see the issue's report)."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "jupyter"


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_jupyterlab_speaks_chinese_without_the_news_pop_up():
    overrides = _json(CONFIG / "lab" / "settings" / "overrides.json")
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert "jupyterlab-language-pack-zh-CN" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter" in makefile
    assert "--LabApp.app_settings_dir=$(CURDIR)/jupyter/lab/settings" in makefile


def test_jupyterlab_opens_on_the_index_and_shows_only_the_notebooks():
    config = _json(CONFIG / "jupyter_server_config.json")
    assert config["LabApp"]["default_url"] == "/lab/tree/00_index.ipynb"
    assert (ROOT / "notebooks" / "00_index.ipynb").is_file()
    hidden = config["ContentsManager"]["hide_globs"]
    shown = sorted(p.name for p in (ROOT / "notebooks").iterdir()
                   if not any(fnmatch.fnmatch(p.name, g) for g in hidden))
    assert shown and all(name.endswith(".ipynb") for name in shown), shown
    assert "00_index.ipynb" in shown and "00_index.py" not in shown


def test_table_cells_are_left_aligned():
    css = (CONFIG / "custom" / "custom.css").read_text(encoding="utf-8")
    assert ".jp-RenderedHTMLCommon table td" in css and "text-align: left" in css
    assert _json(CONFIG / "jupyter_server_config.json")["LabApp"]["custom_css"] is True


def test_notebooks_record_the_kernel_jupyterlab_starts_so_opening_does_not_modify_them():
    """JupyterLab writes the running kernel's display name and language_info into an opened notebook
    and marks it modified when they differ from what it stored."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        meta = _json(path)["metadata"]
        assert meta["kernelspec"] == {"display_name": "Python 3 (ipykernel)", "language": "python",
                                      "name": "python3"}, path.name
        info = meta["language_info"]
        assert info["name"] == "python" and info["file_extension"] == ".py" and info["version"], path.name
