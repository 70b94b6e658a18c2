# The two commands of the README: `make run` and `make test`. Each sets up a fresh machine itself.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
LOCK   := requirements.lock
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
UV     := uv==0.13.9

.PHONY: run test lint bench install lock catalogs update-catalogs migrate seed test-sqlite test-postgres clean

run: install migrate seed  ## migrate the SQLite default, load the demo data, serve web + bot
	$(PY) serve.py

# The two passes run side by side, each on 2 pytest-xdist workers (PYTEST_WORKERS below), so that the four keep the
# two cores busy while tests wait for PostgreSQL, a subprocess or the sandbox (-O prints each pass whole when it
# ends). The suite is CPU-bound: measured on an idle 2-core machine (2026-12-07, 3,835 and 1,742 tests), SQLite's
# pass 19.3 minutes and PostgreSQL's 22.7 side by side, in which the test processes used 885 and 861 s of CPU (their
# subprocesses, Chromium and Node included) and PostgreSQL's server 663 s: about 40 minutes of CPU in all. The
# largest parts: the bot's flows through the sandbox (238 + 300 s), the data-migration tests (tortoise replays the
# migrations' state in memory: 160 + 166 s), the web's tests (120 + 118 s) and the services' (94 + 126 s). After the
# inbox's three statements an update, the aiohttp transport and the timers' pause at start (2026-12-07, a clean
# clone's .ci/run): 10.4 and 12.6 minutes.
test: install lint  ## lint and types, then the whole suite on SQLite and on PostgreSQL
	$(MAKE) --no-print-directory -j2 -O test-sqlite test-postgres

# Before the suite, so that a finding fails in seconds rather than after it (pyproject.toml says what each checks).
lint: install  ## ruff (lint, complexity) and mypy (types)
	$(VENV)/bin/ruff check market bot tests bench serve.py config
	$(VENV)/bin/mypy

bench: install  ## every benchmark, under 12 minutes: writes BENCHMARKS.md (needs wrk and PostgreSQL; BENCH_ARGS="--quick" for a smoke run)
	$(PY) bench/report.py $(BENCH_ARGS)

# Every package at the version and with the hashes requirements.lock names (pip refuses a file whose hash
# differs), then Feria itself without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

# After changing pyproject.toml's dependencies: pins and hashes for every package, direct or not, keeping the
# pins already locked where they still fit (`make lock UPGRADE=--upgrade` takes the newest of each).
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(UV)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 --no-header $(UPGRADE) -o $(LOCK)

install: $(STAMP) catalogs

catalogs:  ## compile locales/*.po into .mo
	$(VENV)/bin/pybabel compile --domain messages --directory locales --statistics

update-catalogs:  ## after changing user-facing text: extract and merge into every catalog
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k NP_:1,2 --no-location --sort-output --project Feria --copyright-holder Feria -o locales/messages.pot .
	$(VENV)/bin/pybabel update --domain messages -i locales/messages.pot -d locales --width 100

migrate:
	$(PY) -m market.cli migrate

seed:
	$(PY) -m market.cli seed-demo

# Each pass runs on pytest-xdist's workers (PYTEST_WORKERS of them: 0 runs it in one process, as before); the tests
# of one `xdist_group` run on one worker (tests/market/test_migrations.py: they share the databases each makes).
PYTEST_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) --dist loadgroup

# The passes write bytecode, pytest's rewritten test modules with it, under .venv/pycache, even where the
# environment sets PYTHONDONTWRITEBYTECODE: otherwise each of the four workers compiles and rewrites every module
# again while collecting (11 s of CPU a worker rather than 6).
test-sqlite test-postgres: export PYTHONDONTWRITEBYTECODE :=
test-sqlite test-postgres: export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache
# Four workers share the two cores, each with half the CPU a pass had alone: every wait for the bot's answer in
# the sandbox is twice as long (README: FERIA_TEST_PATIENCE; a wait still ends as soon as the answer comes).
test-sqlite test-postgres: export FERIA_TEST_PATIENCE ?= 2

test-sqlite:
	FERIA_TEST_DB=sqlite $(PYTEST)

# The PostgreSQL pass runs only the tests that use a database (tests/conftest.py: DATABASE_FIXTURES); the others
# run the same on both engines and are left to the SQLite pass (FERIA_TEST_ALL=1 runs them in both).
test-postgres:  ## creates its own databases on TEST_POSTGRES_URL's server and drops them after
	FERIA_TEST_DB=postgres $(PYTEST)

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis .mypy_cache .ruff_cache
