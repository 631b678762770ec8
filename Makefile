# Opstap: `make run` sets up and serves the demo; `make test` runs the full test suite;
# `make production-check` runs the production path (bin/production).
# Without DATABASE_URL both use an embedded PostgreSQL (pgserver) in .pgdata/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CLIENTS ?= 2000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run test production-check lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

# Migrate, the application role's grants and the demo data as the owner; the server as the
# application role (config/embedded_db.py; with DATABASE_URL, its user does all of it).
run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	if [ -z "$$DATABASE_URL" ] || [ -n "$$DATABASE_APP_ROLE" ]; then \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py grant_application_role; fi
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty --clients $(CLIENTS)
	@echo "Opstap draait op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
	DJANGO_DEBUG=1 OPSTAP_EMBEDDED_DB_ROLE=app $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

# The production path without Docker: collectstatic, migrate as the owner role, gunicorn and
# Celery as the application role on the local PostgreSQL and Redis, checked over HTTP.
production-check: install
	bin/production check

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pgdata staticfiles
