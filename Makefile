# Two promises: `make run` starts the app, `make test` passes every test, on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint check bench system-deps clean

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

run: $(VENV)/.app-deps
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Chromium (browser tests) and PostgreSQL (replica tests) come from Debian's packages.
system-deps:
	bash scripts/install-system-deps.sh

test: $(VENV)/.dev-deps node_modules/.package-lock.json system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m questionnaire check questionnaire/content/crossroads.yaml
	$(BIN)/pytest

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .

bench: $(VENV)/.dev-deps
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/ui.py
	$(BIN)/python bench/storage.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis test-artifacts
