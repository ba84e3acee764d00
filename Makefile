# Two commands matter (README): `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# make run: the embedded default (SQLite + filesystem broker in ./data) with the demo on.
RUN_ENV := DEMO=true
# make test: PostgreSQL and Redis on localhost, as on the CI machine. Override if needed.
TEST_DATABASE_URL ?= postgres://root@127.0.0.1:5432/invordering
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	SECRET_KEY=test-secret-key-that-is-long-enough-for-django DJANGO_ALLOW_ASYNC_UNSAFE=true
APT_PACKAGES := chromium libharfbuzz-subset0 poppler-utils gettext

.PHONY: run test e2e lint check-python system-deps messages static clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)." % sys.version.split()[0])'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when pyproject.toml changed.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,dev,load]'
	@touch $@ $(VENV)/.run-installed

messages:
	$(BIN)/python manage.py vertalingen --verbosity 0

static:
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: $(VENV)/.run-installed
	@mkdir -p data
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(RUN_ENV) $(MAKE) --no-print-directory messages static
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Mijn Toeslagen (demo) starts at http://$(HOST):$(PORT)/  (Ctrl+C stops web, worker and beat)"
	@echo ""
	$(RUN_ENV) HOST=$(HOST) PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

# System packages the tests need (browser, PDF tools, gettext); installed only when missing.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null \
	      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; }; \
	  else echo "Missing system packages:$$missing (install them as root)"; exit 1; fi; \
	fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test-installed system-deps lint
	DEMO=true DATA_DIR=$(CURDIR)/data $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(MAKE) --no-print-directory messages static
	$(TEST_ENV) $(BIN)/pytest

# make e2e: every browser test and flow against a live test server (PostgreSQL, Redis).
# make e2e BASE_URL=http://127.0.0.1:8000: only the flows, against that running demo.
# Traces, screenshots and the metrics table land in build/e2e (E2E_UITVOER to change).
e2e: $(VENV)/.test-installed system-deps
	$(TEST_ENV) $(MAKE) --no-print-directory messages static
	$(TEST_ENV) $(BIN)/pytest $(if $(BASE_URL),tests/e2e/flows,tests/e2e) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
