# Build and test entry points for missioncj.
#
#   make run           create .venv if needed, install, migrate, load demo data and serve
#                      on 127.0.0.1:$(PORT) (default 8000; e.g. `make run PORT=8080`)
#   make test          lint, type-check, Django checks, then the whole pytest suite on
#                      SQLite and again on a throwaway PostgreSQL (see scripts/test.sh);
#                      extra pytest arguments: `make test PYTEST_ARGS="-k audit"`
#   make lint          ruff check, ruff format --check, mypy
#   make clean         remove var/ and caches (keeps .venv)
#   make install       runtime install into .venv
#   make install-test  runtime + test extras into .venv

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# -qq: errors only (a plain -q still prints warnings, e.g. about unused local index paths).
PIP := $(BIN)/python -m pip --disable-pip-version-check -qq

PORT ?= 8000
export PORT
PYTEST_ARGS ?=

.PHONY: help run test lint clean install install-test

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

# The virtualenv itself. Created once; the install stamps below live inside it, so
# deleting .venv forces a full reinstall.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever pyproject.toml changes. The test install is a superset of the
# runtime install, so it refreshes both stamps.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

run: install
	exec $(BIN)/missioncj run

test:
	bash scripts/test.sh $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy missioncj

clean:
	rm -rf var/ build/ staticfiles/ .pytest_cache/ .mypy_cache/ .ruff_cache/ ./*.egg-info
	find . \( -path ./.venv -o -path ./.git \) -prune -o \
		\( -type d -name __pycache__ -prune -exec rm -rf {} + \) -o \
		\( -type f -name '*.py[co]' -exec rm -f {} + \)
