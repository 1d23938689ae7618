# Cartera: `make run` sets up and starts the app on the demo city; `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app server
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup setup-test run test test-sqlite test-postgres lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(FLASK) db upgrade
	$(FLASK) cartera seed-demo --if-empty
	@echo ""
	@echo "  Cartera está en http://127.0.0.1:$(PORT)/   (API: http://127.0.0.1:$(PORT)/api/docs)"
	@echo "  Usuarios de demostración (contraseña: cartera2026): encargada, auxiliar,"
	@echo "  notificador1, notificador2, cortador1, trabajosocial1, director"
	@echo ""
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) --access-logfile - "server:create_app()"

lint: setup
	$(BIN)/ruff check server tests bench
	$(BIN)/lint-imports

test-sqlite: setup
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup
	scripts/ensure-redis.sh
	DATABASE_URL=$$(scripts/ensure-postgres.sh cartera_test) $(BIN)/pytest $(PYTEST_ARGS)

test: setup
	scripts/ensure-redis.sh
	$(BIN)/ruff check server tests bench
	$(BIN)/lint-imports
	@echo "== Pruebas en SQLite =="
	$(BIN)/pytest $(PYTEST_ARGS)
	@echo "== Pruebas en PostgreSQL =="
	DATABASE_URL=$$(scripts/ensure-postgres.sh cartera_test) $(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
