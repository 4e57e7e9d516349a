# Quick start: `make demo` (set up, run on the bundled seeds) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: demo test lint bench clean docs test-pythons

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
	$(PY) -m mypy
	$(PY) -m pytest

# The documentation, offline, into docs/_build/ (the notebooks executed; tests build it too).
docs: $(VENV)/.all
	$(PY) docs/build.py docs/_build

# The test suite on every supported Python found among pyenv's builds (3.11-3.13), each in
# its own venv; a version that is not installed is skipped with a note.
PYENV_ROOT ?= $(HOME)/.pyenv
PYTHONS ?= 3.11 3.12 3.13
test-pythons:
	@for v in $(PYTHONS); do \
	  py=$$(ls -d $(PYENV_ROOT)/versions/$$v.*/bin/python3 2>/dev/null | sort -V | tail -1); \
	  if [ -z "$$py" ]; then echo "test-pythons: no Python $$v under $(PYENV_ROOT), skipped"; continue; fi; \
	  echo "test-pythons: $$($$py --version) ($$py)"; \
	  [ -x .venv-$$v/bin/python ] || $$py -m venv .venv-$$v || exit 1; \
	  .venv-$$v/bin/python -m pip install --quiet --upgrade pip && \
	  .venv-$$v/bin/python -m pip install --quiet -e '.[all]' && \
	  .venv-$$v/bin/python -m pytest -q -p no:cacheprovider || exit 1; \
	done

lint: $(VENV)/.all
	$(PY) -m ruff check extractor tests benchmarks
	$(PY) -m mypy

$(VENV)/.bench: pyproject.toml $(VENV)/.all
	$(PIP) install --quiet -e '.[all,bench]'
	touch $@

bench: $(VENV)/.bench
	$(PY) benchmarks/entities.py
	$(PY) benchmarks/quotes.py

clean:
	rm -rf $(VENV) .venv-3.* build *.egg-info docs/_build
