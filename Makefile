# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.12
# `make run PORT=8123` serves on another port, and SITE_URL (every link the site gives out)
# follows it unless it is set already.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-browser lint format bench worker beat clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null || { \
	  echo "make needs Python 3.12, and '$(PYTHON)' is not it (or is not on the PATH)."; \
	  echo "Install it: Debian/Ubuntu 'apt install python3.12 python3.12-venv', macOS 'brew install python@3.12',"; \
	  echo "or 'pyenv install 3.12'; or name one: make PYTHON=/path/to/python3.12"; \
	  exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Without a broker the scheduled jobs (beat's schedule) run inside this server: see the README.
run: export SITE_URL := $(SITE_URL)
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py devserver 127.0.0.1:$(PORT)

# With DATABASE_URL / REDIS_URL set this runs against PostgreSQL and Redis and a real worker.
# The tests run in parallel, one process per core (at most 4): `make test TEST_WORKERS=0` runs
# them in this one process.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/pytest --numprocesses=$(TEST_WORKERS) --maxprocesses=4 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

worker: install
	$(BIN)/celery -A cja_site worker --loglevel=INFO --concurrency=2

beat: install
	$(BIN)/celery -A cja_site beat --loglevel=INFO

clean:
	rm -rf $(VENV) var/static
