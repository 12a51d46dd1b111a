# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup system test serve examples clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

system:
	scripts/system-deps.sh

test: setup system
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
	rm -rf build $(VENV)
