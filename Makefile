# The two commands of the README: `make run` and `make test`. Each sets up a fresh machine itself.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test bench install catalogs update-catalogs migrate seed test-sqlite test-postgres clean

run: install migrate seed  ## migrate the SQLite default, load the demo data, serve web + bot
	$(PY) serve.py

# The two passes run side by side (each keeps about one core busy; -O prints each pass whole when it ends):
# 4 and 6.5 minutes alone, 6.5 minutes together on 2 cores.
test: install  ## the whole suite on SQLite and on PostgreSQL
	$(MAKE) --no-print-directory -j2 -O test-sqlite test-postgres

bench: install  ## every benchmark, under 10 minutes: writes BENCHMARKS.md (needs wrk and PostgreSQL; BENCH_ARGS="--quick" for a smoke run)
	$(PY) bench/report.py $(BENCH_ARGS)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) catalogs

catalogs:  ## compile locales/*.po into .mo
	$(VENV)/bin/pybabel compile --domain messages --directory locales --statistics

update-catalogs:  ## after changing user-facing text: extract and merge into every catalog
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --project Feria --copyright-holder Feria -o locales/messages.pot .
	$(VENV)/bin/pybabel update --domain messages -i locales/messages.pot -d locales --width 100

migrate:
	$(PY) -m market.cli migrate

seed:
	$(PY) -m market.cli seed-demo

test-sqlite:
	FERIA_TEST_DB=sqlite $(VENV)/bin/pytest -q

test-postgres:  ## creates its own database on TEST_POSTGRES_URL's server and drops it after
	FERIA_TEST_DB=postgres $(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
