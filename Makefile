# Cartera: `make run` sets up and starts the app on the demo city; `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app server
PORT ?= 8000
PYTEST_ARGS ?=
PWA := pwa
PWA_SRC := $(shell find $(PWA)/src $(PWA)/public $(PWA)/scripts -type f 2>/dev/null) \
	$(PWA)/index.html $(PWA)/vite.config.ts $(PWA)/tsconfig.json $(PWA)/tsconfig.sw.json

.PHONY: setup setup-test run test test-sqlite test-postgres test-pwa lint bench clean pwa

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

# The PWA (pwa/): `npm ci` when the lockfile changes, then `npm run build` into pwa/dist,
# which the server serves at / (pwa/static until a build exists).
$(PWA)/node_modules/.installed: $(PWA)/package.json $(PWA)/package-lock.json
	cd $(PWA) && npm ci --no-audit --no-fund
	touch $@

$(PWA)/dist/index.html: $(PWA)/node_modules/.installed $(PWA_SRC)
	cd $(PWA) && npm run build

pwa: $(PWA)/dist/index.html

setup: $(VENV)/.installed pwa

run: setup
	$(FLASK) db upgrade
	$(FLASK) cartera seed-demo --if-empty
	$(FLASK) cartera reports-warm --if-cold
	@echo ""
	@echo "  Cartera está en http://127.0.0.1:$(PORT)/   (API: http://127.0.0.1:$(PORT)/api/docs)"
	@echo "  Usuarios de demostración (contraseña: cartera2026): encargada, auxiliar,"
	@echo "  notificador1, notificador2, cortador1, trabajosocial1, director"
	@echo ""
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) --access-logfile - "server:create_app()"

lint: setup
	$(BIN)/ruff check server tests bench
	$(BIN)/lint-imports

test-pwa: pwa
	cd $(PWA) && npm test

test-sqlite: setup
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup
	scripts/ensure-redis.sh
	DATABASE_URL=$$(scripts/ensure-postgres.sh cartera_test) $(BIN)/pytest $(PYTEST_ARGS)

test: setup
	scripts/ensure-redis.sh
	scripts/ensure-chromium.sh
	$(BIN)/ruff check server tests bench
	$(BIN)/lint-imports
	@echo "== Pruebas de la PWA (Vitest) =="
	cd $(PWA) && npm test
	@echo "== Pruebas en SQLite =="
	$(BIN)/pytest $(PYTEST_ARGS)
	@echo "== Pruebas en PostgreSQL =="
	DATABASE_URL=$$(scripts/ensure-postgres.sh cartera_test) $(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis $(PWA)/dist $(PWA)/node_modules
