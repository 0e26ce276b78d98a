# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.dev-installed-stamp
# The demo needs only what the product runs on; the tests and linters add the dev tools.
# --no-compile: Python compiles each module the first time it is imported, so installing does
# not compile the thousands that are never imported (a quarter of the install's time).
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check --no-compile -c requirements.lock
# Where the demo is served. SITE_URL, the register's public address, follows them unless given:
# every absolute URL (emails, registry documents, did:web, the sitemap) is made from it.
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_URL ?= http://$(HOST):$(PORT)
# What `make seed` writes for scripts and for /verify/.
DEMO_ACCOUNTS ?= demo-accounts.json
DEMO_BADGES ?= demo-badges
# The address the SQLite demo database was seeded for (its signed records name it).
DEMO_ADDRESS := var/demo-site-url
MANAGE := SITE_URL=$(SITE_URL) $(BIN)/python manage.py

.PHONY: install install-dev demo seed serve demo-address demo-code test bench lint format check messages clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(PIP_INSTALL) -e ".[dev]"
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

## Create the venv, migrate the SQLite database, seed the demo data and serve it.
demo: install seed serve

seed: install
	@$(MAKE) --no-print-directory demo-address
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --accounts-json $(DEMO_ACCOUNTS)
	$(MANAGE) demo_badges --output $(DEMO_BADGES)
	@if [ -z "$$DATABASE_URL" ]; then mkdir -p var && echo "$(SITE_URL)" > $(DEMO_ADDRESS); fi

serve: install
	$(MANAGE) runserver $(HOST):$(PORT)

## The demo authenticator app's code now: the second factor of every demo account but the providers'.
demo-code: install
	@$(BIN)/python manage.py demo_code

# The SQLite demo seeded for another address cannot move (its records are signed for that
# address): keep it aside, under the address it was made for, and start a new one.
demo-address:
	@if [ -z "$$DATABASE_URL" ] && [ -f db.sqlite3 ] && [ -f $(DEMO_ADDRESS) ] \
	    && [ "$$(cat $(DEMO_ADDRESS))" != "$(SITE_URL)" ]; then \
	  old="$$(cat $(DEMO_ADDRESS))"; \
	  kept="var/demo-$$(echo "$$old" | sed 's|^[a-z]*://||; s|[^A-Za-z0-9.]|-|g').sqlite3"; \
	  echo "The demo database was seeded for $$old; keeping it as $$kept and seeding a new one for $(SITE_URL)."; \
	  mv db.sqlite3 "$$kept"; rm -rf var/dumps $(DEMO_BADGES) $(DEMO_ACCOUNTS) $(DEMO_ADDRESS); \
	fi

## Every test, one pytest-xdist worker per core (TEST_WORKERS=2, or PYTEST_ARGS="-n 0" for one
## process). Without PostgreSQL, Redis or Chromium, those tests are skipped and listed.
## --dist load keeps each worker's tests in collection order: transactional tests last.
TEST_WORKERS ?= auto
test: install-dev
	$(BIN)/pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

## Every main page of every role at 100 and 10,000 cases, under gunicorn on PostgreSQL with
## Redis, as a ratio to /healthz (bench/bench_pages.py; needs wrk). BENCH_ARGS="--sizes 100".
bench: install-dev
	$(BIN)/python bench/bench_pages.py $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
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
