# The two set-up commands in the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# apt needs root: CI runs as root, GitHub's runners have sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test check lint format clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Test-only tools: the Nu HTML checker (npm package with its jar) and a Java runtime for it,
# axe-core, and Debian's Chromium for the browser tests (Playwright never downloads its own).
node_modules/.installed: package.json package-lock.json
	command -v java >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless)
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Test-only: Debian's Chromium, which Playwright drives in the browser tests (it downloads none).
browser:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver)

site: $(STAMP)  ## build public/ from the bundled edition
	$(PY) -m builder build

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy builder

format: $(STAMP)  ## rewrite code in the project's format
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The rendering tests run a second time with the Python-Markdown fast paths off
# (builder/anchor/markdown/fastpaths.py): the stock path must give the same pages.
# tests/test_markdown_render.py is not among them: it sets the gate itself.
test: $(STAMP) node_modules/.installed browser lint  ## install test needs and run the whole suite
	$(PY) -m builder check --strict
	$(PY) -m pytest
	EDITION_MARKDOWN_FASTPATHS=0 $(PY) -m pytest -q -k "not real_browser" \
		tests/test_typography.py tests/test_annotate.py tests/test_articles.py \
		tests/test_build.py tests/test_security.py tests/test_golden.py \
		tests/test_author_notes.py

clean:
	rm -rf public .public.* $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
