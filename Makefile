# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint format install install-test migrate demo browser-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)
install-test: $(TEST_STAMP)

migrate: install
	$(BIN)/clusterzone migrate --noinput

demo: migrate
	$(BIN)/clusterzone demo --allow-demo-passwords

run: demo
	$(BIN)/clusterzone collectstatic --noinput --verbosity 0
	@echo "产业集聚区建设管理平台: http://127.0.0.1:$(PORT)/"
	@# one background worker (the task framework's database backend) beside the server
	$(BIN)/clusterzone db_worker --interval 5 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn clusterzone.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest -m "not browser"

# Real-browser tests: need Debian's chromium (apt-get install chromium fonts-wqy-microhei).
browser-test: install-test
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser

clean:
	rm -rf $(VENV) var
