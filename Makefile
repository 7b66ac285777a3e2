# Two commands do everything (see README): `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := test,notebooks,population
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: run test test-code test-notebooks notebooks walkthrough rules-table fonts clean

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
run: $(STAMP) fonts
	@if ls notebooks/*.ipynb >/dev/null 2>&1; then \
	  $(BIN)/jupyter lab --notebook-dir=notebooks --no-browser; \
	else PATH=$(BIN):$$PATH sh scripts/walkthrough.sh; fi

walkthrough: $(STAMP)
	@PATH=$(BIN):$$PATH sh scripts/walkthrough.sh

## The whole test suite: pytest on tests/, then nbval on every notebook (timed).
test: test-code test-notebooks

test-code: $(STAMP) fonts
	$(BIN)/python -m pytest tests

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
