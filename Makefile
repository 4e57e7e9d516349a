# Quick start: `make demo` (set up, run on the bundled seeds) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: demo test lint bench clean

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	@# The distribution was called `extractor` before 0.1.0 was published as `extractor-ru`.
	-$(PIP) uninstall --quiet --yes extractor 2>/dev/null
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.all: pyproject.toml $(VENV)/.base
	$(PIP) install --quiet -e '.[all]'
	touch $@

demo: $(VENV)/.base
	$(PY) -m extractor demo seeds

test: $(VENV)/.all
	$(PY) -m ruff check extractor tests benchmarks
	$(PY) -m pytest

lint: $(VENV)/.all
	$(PY) -m ruff check extractor tests benchmarks

$(VENV)/.bench: pyproject.toml $(VENV)/.all
	$(PIP) install --quiet -e '.[all,bench]'
	touch $@

bench: $(VENV)/.bench
	$(PY) benchmarks/entities.py
	$(PY) benchmarks/quotes.py

clean:
	rm -rf $(VENV) build *.egg-info
