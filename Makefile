# Two commands on a fresh machine: `make site` builds the example site,
# `make test` runs the whole test suite. Both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the site come from the latest commit touching the inputs.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct -- scorecards data site_src 2>/dev/null || echo 0)

.PHONY: site test serve browser clean

# The site needs only the project itself; the tests add their own tools (pytest, Playwright, ...).
$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-tools: $(BIN)/mkdocs
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/mkdocs
	$(BIN)/mkdocs build --strict

serve: $(BIN)/mkdocs
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Debian's Chromium (never a browser downloaded by a test tool), axe-core from npm,
# and Debian's Graphviz so that the optional native `dot` is tested too.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && command -v dot >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    chromium fonts-dejavu-core graphviz $$(command -v npm >/dev/null 2>&1 || echo npm) >/dev/null)
	@test -f node_modules/axe-core/axe.min.js || npm install --no-save --no-package-lock --silent axe-core@4.14.1

test: $(VENV)/.test-tools browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) site build node_modules
