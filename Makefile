# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

SOURCES := $(shell find generator -type f -not -path '*/__pycache__/*')

.PHONY: setup lock system node wheels lint test bench audit build dist serve clean

setup: $(STAMP)

# Every package is installed by the hash recorded in requirements.lock (`make lock` rewrites it from pyproject.toml).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

lock:
	$(PYTHON) -m venv build/pip-tools && build/pip-tools/bin/pip install -q pip-tools
	build/pip-tools/bin/pip-compile --quiet --extra dev --generate-hashes --allow-unsafe --strip-extras --all-build-deps \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

system:
	scripts/system-deps.sh

# Pyodide, pinned in package-lock.json, from the npm registry.
node: node_modules/.package-lock.json
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The wheels the browser installs: ours and the pinned pure-Python dependencies.
wheels: build/wheels/.stamp
build/wheels/.stamp: $(STAMP) $(SOURCES) scripts/build_wheels.py
	$(PY) scripts/build_wheels.py --out build/wheels
	touch $@

# ruff (lint and format) over the Python; Node's syntax check over the pages' scripts, TypeScript's type check of
# the page scripts and of the worker against protocol.js (jsconfig*.json), and no function of theirs over 60 lines.
lint: setup node
	$(PY) -m ruff check generator scripts tests
	$(PY) -m ruff format --check generator scripts tests
	for f in $$(find overrides -name '*.js') tests/*.mjs scripts/*.mjs; do node --check "$$f" || exit 1; done
	node_modules/.bin/tsc --noEmit -p jsconfig.json
	node_modules/.bin/tsc --noEmit -p jsconfig.worker.json
	node scripts/js_figures.mjs --max 60 > /dev/null

test: setup system node wheels lint
	$(PY) -m pytest

# What a user waits for, in headless Chromium (see scripts/bench.py); prints JSON and a table.
# BENCH="--runs 7 --against OTHER_SITE" passes options: another build's starts, interleaved with this one's.
bench: setup system node
	$(PY) scripts/bench.py $(BENCH)

# Lighthouse accessibility of the home, notice, form and desk pages in both languages (see scripts/audit.py):
# every page must score 100 and request nothing from another host. Too slow for `make test` on two cores.
audit: system build
	$(PY) scripts/audit.py

# The whole static site: site/zh, site/en and a root page.
build: setup node wheels
	$(PY) scripts/build_site.py

# A zip of the built site for an intranet web server, and beside it configurations for nginx, Apache and IIS.
dist: build
	$(PY) scripts/dist.py

serve: build
	@echo "Serving the site on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(PY) -m http.server --bind $(HOST) $(PORT) --directory site

clean:
	rm -rf build site node_modules $(VENV)
