# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo seed serve test lint format check messages clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Create the venv, migrate the SQLite database, seed the demo data and serve it.
demo: install seed serve

seed: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --accounts-json demo-accounts.json
	$(BIN)/python manage.py demo_badges --output demo-badges

serve: install
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Every test, one pytest-xdist worker per core (TEST_WORKERS=2, or PYTEST_ARGS="-n 0" for one
## process). Without PostgreSQL, Redis or Chromium, those tests are skipped and listed.
## --dist load keeps each worker's tests in collection order: transactional tests last.
TEST_WORKERS ?= auto
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

## Extract and compile the Japanese translations (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l ja --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l ja --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .pytest_cache test-artifacts
