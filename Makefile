# Two promises: `make run` starts the app, `make test` passes every test, on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run serve test lint check bench system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.app-deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core for the accessibility tests, pinned in package.json and package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The app through serve.py (security headers on every response) under uvicorn, on this
# machine only: http://127.0.0.1:$(PORT). No access log, since resume codes are in URLs; no
# websocket compression, as under `streamlit run`. The browser tests start the app with this
# very line (tests/browser/conftest.py reads it from here), so keep it one uvicorn command.
run: $(VENV)/.app-deps
	$(BIN)/uvicorn serve:app --host 127.0.0.1 --port $(PORT) --no-access-log --no-server-header --no-proxy-headers --ws-per-message-deflate false

# One app process per core (WORKERS=3 for three), each as `run` serves it, behind HAProxy on
# http://127.0.0.1:$(PORT), with sticky sessions and health checks (deploy/launcher.py; the
# README's "Serving many people"). Ctrl-C stops them all. HAProxy comes from Debian's packages.
WORKERS ?= $(shell nproc)
serve: $(VENV)/.app-deps
	@bash scripts/install-system-deps.sh haproxy
	$(BIN)/python -m deploy.launcher --workers $(WORKERS) --port $(PORT)

# Chromium (browser tests) and PostgreSQL (replica tests) come from Debian's packages.
system-deps:
	bash scripts/install-system-deps.sh

# pytest on two workers, one per core; a worker takes whole modules, so each module's shared
# app server, browser or database is started once.
test: $(VENV)/.dev-deps node_modules/.package-lock.json system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m questionnaire check
	$(BIN)/python -m plans check
	$(BIN)/pytest -n 2 --dist loadfile

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .

# Short settings; README "Speed and production settings" has the full runs (and the soak).
bench: $(VENV)/.dev-deps
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/ui.py
	$(BIN)/python bench/storage.py
	$(BIN)/python bench/load.py --sessions 10,50 --duration 20
	$(BIN)/python bench/nodelay.py
	$(BIN)/python bench/cold_start.py --starts 3

# Interface and report strings: extract every _(), ngettext() and N_() into
# locales/crossroads.pot, bring each language's catalogue up to date (new strings arrive
# empty, for a translator), and remake the pseudo-locale from the English.
messages: $(VENV)/.dev-deps
	$(BIN)/pybabel extract -F babel.cfg -o locales/crossroads.pot --project=Crossroads --add-location=file --sort-by-file --add-comments=Translators: --omit-header .
	for po in locales/*/LC_MESSAGES/crossroads.po; do lang=$${po#locales/}; lang=$${lang%%/*}; [ "$$lang" = en-XA ] || $(BIN)/pybabel update --domain=crossroads --input-file=locales/crossroads.pot --output-dir=locales --locale=$$lang --no-fuzzy-matching --ignore-obsolete; done
	$(BIN)/python scripts/pseudo_locale.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis test-artifacts
