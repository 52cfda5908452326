# The two commands: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the suite.
# Both build .venv first. Set DATABASE_URL / REDIS_URL to use PostgreSQL and Redis.

# Django 6 needs Python 3.12 or newer: the newest one on PATH or under pyenv.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
	python3; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install migrate demo worker beat messages bench clean

run: export DEBUG ?= 1
run: install .env
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py seed_demo --if-no-real-data
	@echo
	@echo "  osc4you is serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Development settings for every manage.py command of this checkout, written once: after
# `make run`, `python manage.py add_repository …` works as it does. Delete it to run as in
# production (manage.py then needs SECRET_KEY).
.env:
	@printf '%s\n' '# Written by `make run`: development settings for manage.py in this checkout.' \
		'# Variables set in the environment win. Delete this file to run as in production.' \
		'DEBUG=1' > $@
	@echo "Wrote .env (DEBUG=1) for manage.py commands in this checkout"

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run -v 0

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(VENV)/.installed static/vendor/chart.umd.min.js.map

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "osc4you needs Python 3.12 or newer (Django 6), and none was found" \
		"($$(python3 --version 2>&1 || echo 'no python3')). Install one (Debian 13 and Ubuntu 24.04:" \
		"apt-get install python3 python3-venv; elsewhere: pyenv install 3.13), or set" \
		"PYTHON=/path/to/python3.12." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "PYTHON=$(PYTHON) is $$($(PYTHON) --version 2>&1); osc4you needs Python 3.12 or newer." >&2; exit 1; }
	@# A venv left by an older Python is made again.
	@test ! -x $(BIN)/python || $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
		|| { echo "$(VENV) uses $$($(BIN)/python --version); making it again with $(PYTHON)" >&2; rm -rf $(VENV); }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

# Browser libraries from the npm registry, pinned by package-lock.json; copied again only when
# the lock file changes. The source map goes too: collectstatic's manifest refuses a file
# whose last line names a missing one. Without npm the pages show their tables instead of charts.
# axe-core (a devDependency) stays in node_modules/, read by tests/test_browser_pages.py.
static/vendor/chart.umd.min.js.map: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error \
		&& mkdir -p static/vendor \
		&& cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/ \
		&& cp node_modules/chart.js/dist/chart.umd.min.js.map $@; \
	else echo "npm not found: charts are left out, pages show tables" >&2; fi

migrate: install
	$(BIN)/python manage.py migrate

demo: install
	$(BIN)/python manage.py seed_demo

worker: install
	$(BIN)/celery -A osc4you worker --loglevel=INFO

beat: install
	$(BIN)/celery -A osc4you beat --loglevel=INFO

# Refresh the Traditional Chinese catalogue after changing strings, then translate and compile.
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hant --ignore ".venv/*" --ignore "var/*" --ignore "node_modules/*" --ignore "tests/*" --ignore "benchmarks/*"
	DEBUG=1 $(BIN)/python manage.py compilemessages -l zh_Hant --ignore ".venv/*"

# support.py and dataset.py are shared by the benchmarks, not benchmarks themselves.
bench: install
	@for script in $(filter-out benchmarks/support.py benchmarks/dataset.py,$(wildcard benchmarks/*.py)); do \
		$(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache node_modules static/vendor
