# The README's two commands: `make serve` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test build bench lint clean

$(BIN)/citygraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

build: $(BIN)/citygraph
	$(BIN)/citygraph build

serve: build
	$(BIN)/citygraph serve

test: $(BIN)/citygraph
	@# The browser tests need Chromium: install Debian's package when missing and we are root.
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	$(BIN)/python -m pytest src tests

bench: $(BIN)/citygraph
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py

lint: $(BIN)/citygraph
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf build $(VENV)
