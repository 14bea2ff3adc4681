# SaferSchools: the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SS := $(BIN)/saferschools
PORT ?= 8000
DATA ?=
CHROMIUM := /usr/bin/chromium

.PHONY: lock run install test test-postgres lint format typecheck check-deploy audit bench browser-deps clean

$(BIN)/.installed: pyproject.toml requirements/dev.lock requirements/runtime.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static_build/.built: node_modules/.installed frontend/app.scss frontend/app.js frontend/build.mjs frontend/favicon.svg
	npm run --silent build
	@touch $@

install: $(BIN)/.installed static_build/.built
	@mkdir -p var

## make run: install, migrate the embedded database, load an area, serve on 127.0.0.1:$(PORT)
## with a background-job worker beside it (queue in var/queue.sqlite3; stops with the server)
run: install
	$(SS) migrate --noinput -v0
	$(SS) bootstrap $(if $(DATA),--data $(DATA))
	@echo "SaferSchools on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it and its worker)"
	@$(SS) worker & worker=$$!; \
	trap 'kill -QUIT $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(SS) runserver 127.0.0.1:$(PORT)

## Debian's Chromium for the browser tests (never a downloaded browser build)
browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "Could not install chromium: browser tests will be skipped"; \
	  else echo "No $(CHROMIUM) and not root: browser tests will be skipped (apt-get install chromium)"; fi; \
	fi

## make test: the whole suite (embedded SQLite unless DATABASE_URL says otherwise)
test: install browser-deps
	$(BIN)/pytest

test-postgres: install browser-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/saferschools} $(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck:
	$(BIN)/mypy

check-deploy:
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n') \
	FIELD_ENCRYPTION_KEYS=$$($(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
	AUDIT_HMAC_KEYS=$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=') \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

## Known vulnerabilities in the pinned closure: fails on any finding. Where this machine cannot
## reach a vulnerability service (PyPI's per-release JSON, OSV), it says so plainly.
audit:
	@out=$$($(BIN)/pip-audit --progress-spinner off --no-deps --disable-pip -r requirements/runtime.lock 2>&1); rc=$$?; \
	echo "$$out" | grep -v "could not be audited" ; \
	skipped=$$(echo "$$out" | grep -c "could not be audited" || true); \
	if [ "$$skipped" -gt 0 ]; then echo "pip-audit: $$skipped packages could not be checked: no vulnerability service reachable from this machine"; fi; \
	exit $$rc

bench: install
	$(BIN)/python bench/import.py --england
	$(BIN)/python bench/bulk_import.py --concerns 50000
	$(BIN)/python bench/allocation.py
	$(BIN)/python bench/roster.py

clean:
	rm -rf $(VENV) node_modules static_build staticfiles var

## Re-resolve the pinned, hashed lock files from pyproject.toml (runtime, and runtime + dev)
lock:
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -q -o requirements/runtime.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -q -o requirements/dev.lock
