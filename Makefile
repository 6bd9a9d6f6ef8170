# Two commands for a newcomer: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make run` and a newcomer's `make test` use the embedded defaults (SQLite, inline tasks);
# CI exports DATABASE_URL and CELERY_BROKER_URL to prove PostgreSQL and a real worker.
EMBEDDED := env -u DATABASE_URL -u CELERY_BROKER_URL
# `make run PORT=8101` when 8000 is taken.
PORT ?= 8000

.PHONY: install run test lint format bench migrate demo worker beat clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(EMBEDDED) $(PY) manage.py migrate --noinput

demo: migrate
	$(EMBEDDED) $(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  → http://127.0.0.1:$(PORT)/  (SQLite, tâches en ligne ; Ctrl-C pour arrêter)"
	@echo ""
	$(EMBEDDED) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) -m benchmarks.run

worker: $(STAMP)
	$(VENV)/bin/celery -A renaten worker --loglevel=INFO --concurrency=2

# The periodic tasks (weekly surveillance digest); run exactly one beside the workers.
beat: $(STAMP)
	mkdir -p var && $(VENV)/bin/celery -A renaten beat --loglevel=INFO --schedule var/celerybeat-schedule

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles test-artifacts
