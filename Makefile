# The two set-up commands in the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test check lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Test-only tools: the Nu HTML checker (npm package with its jar) and a Java runtime for it,
# axe-core, and Debian's Chromium for the browser tests (Playwright never downloads its own).
node_modules/.installed: package.json package-lock.json
	command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq default-jre-headless)
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq chromium chromium-driver

site: $(STAMP)  ## build public/ from the bundled edition
	$(PY) -m builder build

lint: $(STAMP)
	$(VENV)/bin/ruff check builder tests
	$(VENV)/bin/ruff format --check builder tests
	$(VENV)/bin/mypy builder

test: $(STAMP) node_modules/.installed /usr/bin/chromium lint  ## install test needs and run the whole suite
	$(PY) -m builder check --strict
	$(PY) -m pytest

clean:
	rm -rf public .public.* $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
