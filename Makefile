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

site: $(STAMP)  ## build public/ from the bundled edition
	$(PY) -m builder build

lint: $(STAMP)
	$(VENV)/bin/ruff check builder tests
	$(VENV)/bin/ruff format --check builder tests
	$(VENV)/bin/mypy builder

test: $(STAMP) lint  ## install test needs and run the whole suite
	$(PY) -m builder check --strict
	$(PY) -m pytest

clean:
	rm -rf public .public.* $(VENV) .pytest_cache .mypy_cache .ruff_cache
