# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

SOURCES := $(shell find generator -type f -not -path '*/__pycache__/*')

.PHONY: setup system node wheels test serve examples clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

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

test: setup system node wheels
	$(PY) -m pytest

# Until the site exists: check the examples, write their Excel files, serve them.
examples: setup
	rm -rf build/examples && mkdir -p build/examples
	$(PY) -m generator validate examples/national-valid.json examples/provincial-valid.json
	$(PY) -m generator export examples/national-valid.json -o build/examples
	$(PY) -m generator export examples/provincial-valid.json -o build/examples
	$(PY) -m generator summary examples/national-valid.json examples/provincial-valid.json --unit "示例主管部门（虚构）" -o build/examples/附件3-示例.xlsx
	$(PY) -m generator schema -o build/examples/application.schema.json

serve: examples
	@echo "Serving build/ on http://$(HOST):$(PORT)/"
	$(PY) -m http.server --bind $(HOST) $(PORT) --directory build

clean:
	rm -rf build site node_modules $(VENV)
