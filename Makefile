# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench dist lint clean selftest

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dist]'
	touch $(STAMP)

run: $(STAMP)
	@$(PY) -m desktop.xcb_check
	$(PY) -m desktop

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q
	$(VENV)/bin/lint-imports
	$(PY) -m ruff check .

lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(PY) -m ruff check .

bench: $(STAMP)
	@for f in bench/*_bench.py bench/dates_eval.py; do [ -f $$f ] && QT_QPA_PLATFORM=offscreen $(PY) $$f; done

dist: $(STAMP)
	rm -rf build dist
	$(PY) -m PyInstaller --noconfirm --clean build.spec

selftest: dist
	QT_QPA_PLATFORM=offscreen dist/chronoline/chronoline --self-test

clean:
	rm -rf build dist .pytest_cache .ruff_cache
