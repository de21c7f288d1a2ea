# Zeren: `make demo` starts it with the Kashgar pack and demo data; `make test` runs the checks.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PORT ?= 8000
BIN := $(VENV)/bin
# Debian packages the features need: CJK fonts and Pango for PDFs (WeasyPrint), chromium for browser tests.
DEBIAN_PACKAGES := fonts-noto-cjk chromium libpango-1.0-0 libpangoft2-1.0-0

.PHONY: help setup system-packages demo demo-reset serve test lint typecheck pytest format bench clean

help:
	@echo "make demo   - install, migrate, load the Kashgar pack and demo data, serve on http://127.0.0.1:8000"
	@echo "              (another port: make demo PORT=8001)"
	@echo "make test   - install if needed, then ruff, mypy and pytest"
	@echo "make setup  - create .venv and install everything (locked), plus Debian packages when root"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(BIN)/zeren: $(UV) pyproject.toml uv.lock
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --quiet
	@touch $(BIN)/zeren

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup: system-packages $(BIN)/zeren node_modules/.package-lock.json

system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "NOTE: install these Debian packages for PDFs and browser tests (as root):$$missing"; \
	fi

demo: setup
	ZEREN_DEMO=1 $(BIN)/zeren demo --port $(PORT)

serve: setup
	$(BIN)/zeren serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint zeren --lint
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy zeren config tests

pytest: setup
	$(BIN)/pytest -n auto --dist loadscope

test: lint typecheck pytest

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python bench/run.py all

clean:
	rm -rf $(VENV) $(TOOLS) node_modules .pytest_cache .mypy_cache .ruff_cache

demo-reset: setup
	ZEREN_DEMO=1 $(BIN)/zeren demo --reset --port $(PORT)
