# SEND Hub Portal. The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sendhub
# `make bench` builds its data sets here (dropped and made afresh each run).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sendhub_bench
BENCH_ROUNDS ?= 30
PYTEST_ARGS ?=
# pytest-xdist processes per pass (one per core on the 2-core machines this runs on); 0 runs in one process.
PYTEST_WORKERS ?= 2
# Settings that must not leak from the caller's shell into the embedded default.
CLEAN_ENV := env -u DATABASE_URL -u CELERY_BROKER_URL -u DJANGO_ENV -u SECRET_KEY -u DEBUG -u ALLOWED_HOSTS -u EMAIL_URL -u CACHE_URL

.PHONY: run serve install lint hooks test test-sqlite test-postgres test-production system-packages services worker beat check bench bench-pages clean

# `make run PORT=8100` serves on another port; links in emails follow it (SITE_URL).
PORT ?= 8000
# The web server, a Celery worker and beat on the embedded broker (files under .make/broker).
RUNALL := $(CLEAN_ENV) CELERY_BROKER_URL=filesystem:// SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py runall 127.0.0.1:$(PORT)

## Install everything and serve the portal with demo data at http://127.0.0.1:8000, with a Celery worker and beat
run: install
	$(CLEAN_ENV) $(BIN)/python manage.py migrate --noinput
	$(CLEAN_ENV) $(BIN)/python manage.py seed_demo
	$(RUNALL)

## Serve (web, worker and beat) without reinstalling (after `make run` once)
serve:
	$(RUNALL)

## Run the whole suite: lint first (fails fast), then on SQLite, then again on PostgreSQL (with the Celery worker test), then the production run
test: install
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory system-packages-test services
	$(MAKE) --no-print-directory test-sqlite test-postgres
	$(MAKE) --no-print-directory test-production

## Lint: ruff check, ruff format --check and the one-way dependencies between apps (the pre-commit hooks run the same)
lint: $(STAMPS)/python
	@echo "== Lint =="
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## Run `make lint`'s checks before every commit
hooks: $(STAMPS)/python
	$(BIN)/pre-commit install

test-sqlite:
	@echo "== Test suite on SQLite =="
	$(CLEAN_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres:
	@echo "== Test suite on PostgreSQL ($(TEST_DATABASE_URL)) =="
	$(CLEAN_ENV) DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

## The README's "Production-like run" for real (DJANGO_ENV=production, PostgreSQL, Redis, gunicorn,
## a Celery worker and beat), then the smoke test in tests/production/ over HTTP
test-production: install services
	@$(CLEAN_ENV) .ci/test-production

install: system-packages $(STAMPS)/python static/build/sendhub.css

system-packages:
	@.ci/system-packages run

system-packages-test:
	@.ci/system-packages test

services:
	@.ci/services

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/python: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@mkdir -p $(STAMPS) && touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/sendhub.css: node_modules/.package-lock.json static/scss/sendhub.scss
	npm run --silent build

## A separate Celery worker and beat (with CELERY_BROKER_URL and DATABASE_URL set)
worker:
	$(BIN)/celery -A sendhub worker --loglevel=INFO

beat:
	$(BIN)/celery -A sendhub beat --loglevel=INFO --schedule=$(STAMPS)/celerybeat-schedule

check:
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

## Benchmarks (not part of `make test`: speed targets live here): pages at a tenth of a county and a county
## against a trivial page and the reminder sweep at each size and nationally (benchmarks/results/pages.md),
## then the dashboards (pytest-benchmark). BENCH_ROUNDS=30 requests per page.
bench: install services
	$(CLEAN_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m benchmarks.pages --rounds $(BENCH_ROUNDS) --national-sweep 625000
	$(CLEAN_ENV) DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m pytest benchmarks -p no:cacheprovider --benchmark-only

## Only the page benchmarks and the sweeps at a tenth of a county and a county
bench-pages: install services
	$(CLEAN_ENV) DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m benchmarks.pages --rounds $(BENCH_ROUNDS)

clean:
	rm -rf $(VENV) $(STAMPS) node_modules static/build staticfiles db.sqlite3 test-artifacts
