# Two set-up commands, each working on a fresh machine with only python3 (3.11+):
#   make demo   creates .venv, installs the package, advises on an example application
#   make test   installs the dev tools, then runs ruff, the import contracts, mypy, the
#               whole test suite and a strict build of the documentation site
#   make docs   builds the documentation site into site/ (mkdocs --strict)
#   make bench  the performance tables of issue 6 (matching, whole decision, load, scale
#               in rules, peers, import time, then the batch command on 100,000 and
#               1,000,000 lines: about 5 minutes and 7 GB of temporary files);
#               installs zen-engine; not part of test
#   make bench-versus REV=<commit>  matching and whole decisions of this tree against
#               REV's, in one process (about a minute)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LINTED := outreach_rules tests docs $(wildcard bench/*.py)

.PHONY: demo test lint typecheck pytest docs bench bench-versus clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "outreach-rules needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.core: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# The dev install brings the durable extra too (it builds durable_rules with a C
# compiler), so that the differential tests of the durable engine always run.
$(VENV)/.dev: $(BIN)/python pyproject.toml Makefile
	$(BIN)/python -m pip install --quiet -e '.[dev,docs,durable]'
	@touch $@ $(VENV)/.core

demo: $(VENV)/.core
	$(BIN)/outreach-rules next examples/martha_day8.yaml

# lint-imports: the folders import only downward, and nothing imports in a cycle
# (the contracts are in pyproject.toml; docs/architecture.md draws them).
lint: $(VENV)/.dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev
	$(BIN)/python -m pytest

# The site is built from the committed pages: the generated ones must be current.
docs: $(VENV)/.dev
	$(BIN)/python docs/gen_reference.py --check
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

test: lint typecheck pytest docs

# The bench extra (zen-engine) is installed for the bench only, never for test.
$(VENV)/.bench: $(VENV)/.dev
	$(BIN)/python -m pip install --quiet -e '.[dev,docs,durable,bench]'
	@touch $@

bench: $(VENV)/.bench
	$(BIN)/python bench/run.py
	$(BIN)/python bench/batch.py --lines 100000 1000000 --runs 1

# This tree against an earlier commit (REV), both in one process taking turns:
# how a change moved matching and whole decisions (bench/versus.py).
bench-versus: $(VENV)/.dev
	@test -n "$(REV)" || { echo "usage: make bench-versus REV=<commit>"; exit 2; }
	cd bench && ../$(BIN)/python versus.py $(REV)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
