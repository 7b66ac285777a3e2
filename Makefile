# Two commands do everything (see README): `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := test,notebooks,population,web
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: run test lint test-code test-notebooks test-slow notebooks walkthrough rules-table fonts clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

## A font with Chinese glyphs for the plots (Debian's fonts-wqy-microhei, 1.6 MB), when missing.
fonts:
	@if fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk'; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null && apt-get install -y -q fonts-wqy-microhei >/dev/null; }; \
	else echo "warning: no CJK font; install fonts-wqy-microhei (Debian) for Chinese plot labels" >&2; fi

## The main job: JupyterLab on the explainer notebooks (or the CLI walk-through: make walkthrough).
## As root (a container), JupyterLab refuses to start without --allow-root: given only then.
## jupyter/ is the project's JupyterLab config: Chinese (the zh_CN language pack), no news pop-up, opens
## on 00_index.ipynb, the file browser shows the notebooks only, table cells left-aligned (custom.css).
LAB := JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter $(BIN)/jupyter-lab --LabApp.app_settings_dir=$(CURDIR)/jupyter/lab/settings
run: $(STAMP) fonts
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(LAB) --notebook-dir=notebooks --no-browser $$([ "$$(id -u)" = 0 ] && echo --allow-root); \
	else PATH=$(BIN):$$PATH sh scripts/walkthrough.sh; fi

walkthrough: $(STAMP)
	@PATH=$(BIN):$$PATH sh scripts/walkthrough.sh

## The whole test suite: ruff and mypy, pytest on tests/, then nbval on every notebook. Every stage runs
## even when one before it failed; each reports its result and time, and the run fails at the end if any
## stage failed. The slow tier is not in it.
test: $(STAMP) fonts chromium
	@MAKE="$(MAKE)" sh scripts/test_stages.sh lint=lint pytest=test-code nbval=test-notebooks

## ruff (style, imports, complexity ≤ 12) and mypy (types) on the package, the tests and the scripts.
lint: $(STAMP)
	$(BIN)/ruff check yibao tests benchmarks scripts
	$(BIN)/mypy yibao

## The slow tier (tests marked slow: the year invariants on 10000 generated years, every policy value
## against every broken value): about 5 min on 2 cores, so apart from make test.
test-slow: $(STAMP)
	$(BIN)/python -m pytest tests --slow -m slow

## pytest on two workers (pytest-xdist), a test file to a worker: the browser, app-server and docs tests
## wait on other processes, so the other worker's tests run meanwhile. PYTEST_WORKERS=0 runs them in one process.
PYTEST_WORKERS ?= 2
test-code: $(STAMP) fonts chromium
	$(BIN)/python -m pytest tests cases $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)

test-notebooks: $(STAMP) fonts
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  start=$$(date +%s); \
	  $(BIN)/python -m pytest notebooks $(NBVAL) -q; \
	  echo "nbval: $$(( $$(date +%s) - start )) s for $$(ls notebooks/*.ipynb | wc -l) notebooks"; \
	fi

## Re-execute every notebook from a clean kernel, top to bottom, from its py:percent pair.
notebooks: $(STAMP) fonts
	$(BIN)/python scripts/build_notebooks.py

## Regenerate docs/rules.md (the rule coverage table) after adding rules, tests or policy values.
rules-table: $(STAMP)
	$(BIN)/python -m yibao.rule_table --write docs/rules.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

## The web app (issue 6): Voilà serves the calculators of app/ on 127.0.0.1 and prints the URL.
## Options pass through: make app APP_ARGS='--port 8867 --kernel-idle 300' (yibao app --help).
.PHONY: app docs chromium
app: $(STAMP) fonts
	$(BIN)/yibao app $(APP_ARGS)

## The docs site: Sphinx + myst-nb, offline, warnings are errors (pages from the data in docs/_generated/).
docs: $(STAMP)
	$(BIN)/python -m sphinx -W --keep-going -b html docs docs/_build/html
	@echo "docs: docs/_build/html/index.html"

## Debian's Chromium for tests/test_app_browser.py (Playwright cannot download its browsers here), when missing.
chromium:
	@if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y -q chromium >/dev/null 2>&1 || \
	  { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
	else echo "warning: no chromium; install it (Debian: apt-get install chromium): the browser tests fail without it" >&2; fi
