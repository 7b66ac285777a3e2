# Two commands do everything (see README): `make run` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test walkthrough rules-table clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## The main job: a walk through the articles' worked examples with the yibao CLI.
run: $(STAMP)
	@PATH=$(BIN):$$PATH sh scripts/walkthrough.sh

## The whole test suite.
test: $(STAMP)
	$(BIN)/python -m pytest

## Regenerate docs/rules.md (the rule coverage table) after adding rules, tests or policy values.
rules-table: $(STAMP)
	$(BIN)/python -m yibao.rule_table --write docs/rules.md

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
