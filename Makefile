# The two commands: `make run` and `make test`. Both work on a fresh machine
# with only Python 3.11+ and make; everything else installs into .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?= demo-portal-2026
# The embedded defaults: SQLite under var/, eager Celery, console e-mail.
export DJANGO_DEBUG ?= 1
# Demo staff and Directors are enrolled in TOTP; with DEBUG on the portal also
# accepts this fixed code (never in production: it needs DEBUG).
export DEMO_TOTP_CODE ?= 000000

.PHONY: run test lint format migrate demo worker clean help backup restore load bench

help:
	@echo "make run    serve the portal with demo data on http://127.0.0.1:$(PORT)"
	@echo "make test   lint, check migrations and run the whole test suite"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -qq -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -qq -e ".[dev]"
	touch $@ $(VENV)/.installed

var:
	mkdir -p var

migrate: $(VENV)/.installed | var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --password "$(DEMO_PASSWORD)"

run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev | var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Not part of `make test`: builds 1x/10x/100x populations under var/bench/ (minutes)
# and rewrites docs/benchmarks.md. BENCH_DATABASE_URL=postgres://... measures PostgreSQL too.
bench: $(VENV)/.installed-dev | var
	$(BIN)/python benchmarks/at_scale.py
	env -u DATABASE_URL $(BIN)/python benchmarks/pab_pack.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(VENV)/.installed
	$(BIN)/celery -A mhhs_portal worker -l info

# Backup and restore need DATABASE_URL (PostgreSQL) and MEDIA_ROOT; see README.
backup:
	scripts/backup.sh $(BACKUP_DIR)

restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<time>"; exit 2; }
	scripts/restore.sh "$(BACKUP)"

# The load test (benchmarks/load/run.py): needs DATABASE_URL (PostgreSQL);
# rewrites the "Load" section of docs/benchmarks.md.
LOAD_SECONDS ?= 60
LOAD_USERS ?= 12
load: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/load/run.py --seconds $(LOAD_SECONDS) --users $(LOAD_USERS)

clean:
	rm -rf var/portal.sqlite3* staticfiles
