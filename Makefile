# Opstap: `make run` sets up and serves the demo; `make test` runs the full test suite.
# Without DATABASE_URL both use an embedded PostgreSQL (pgserver) in .pgdata/.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CLIENTS ?= 2000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty --clients $(CLIENTS)
	@echo "Opstap draait op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pgdata staticfiles
