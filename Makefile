# alliance-kg: `make demo` sets everything up and runs the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-fast lint typecheck wheel-check browser jena lock bench clean

install: $(STAMP)

# Hash-locked install: a changed upload of any package (the spaCy model included) fails here.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# Headless Chromium for the page tests (Debian package; Playwright drives it by path).
browser:
	bash scripts/install-browser.sh

# Apache Jena (Debian's, pinned and hash-checked) and the small SPARQL server over it that the
# server tests run against as well as Oxigraph; built into .cache/jena/.
jena:
	bash scripts/install-jena.sh

demo: install
	$(BIN)/kg demo --out site

test: install browser jena lint typecheck wheel-check
	$(BIN)/python -m pytest -q

# Builds a wheel, installs it into a fresh venv and runs `kg demo` there, outside the checkout.
wheel-check: install
	bash scripts/wheel-check.sh $(BIN)/python

# Formatting and lint rules live in pyproject.toml ([tool.ruff]).
lint: install
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .

# mypy settings live in pyproject.toml ([tool.mypy]).
typecheck: install
	$(BIN)/mypy kg

# The fast tier (under a minute): no spaCy model, gold sets, Chromium, servers, kernels or
# slow corpora; markers in pyproject.toml ([tool.pytest.ini_options]).
test-fast: install
	$(BIN)/python -m pytest -q -m "not browser and not notebook and not server and not model and not gold and not slow"

# Regenerate requirements.lock from requirements.in (needs the package index).
lock:
	$(PYTHON) -m venv /tmp/kg-lock && /tmp/kg-lock/bin/pip install --quiet uv
	/tmp/kg-lock/bin/uv pip compile requirements.in --generate-hashes --python-version 3.11 -o requirements.lock

bench: install
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) kg-store site .pytest_cache
