# Two commands on a fresh machine: `make site` builds the example site,
# `make test` runs the whole test suite. Both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve browser clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/mkdocs
	$(BIN)/mkdocs build --strict

serve: $(BIN)/mkdocs
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@test -d node_modules/axe-core || npm install --no-save --silent axe-core@4

test: $(BIN)/mkdocs browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) site build node_modules
