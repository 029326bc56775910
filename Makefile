# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-browser lint format bench worker beat clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# With DATABASE_URL / REDIS_URL set this runs against PostgreSQL and Redis and a real worker.
test: install
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

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
