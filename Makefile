# wres: `make report` and `make test` are all a newcomer needs; each sets itself up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
OUT    ?= outputs

.DEFAULT_GOAL := help
.PHONY: help setup report test lint lab bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP) ## create the local virtual environment in .venv
	@echo "environment ready: $(VENV)"

report: $(STAMP) ## render the bundled example (QHG 2024) into outputs/
	mkdir -p $(OUT)/QHG/2024
	$(VENV)/bin/wres indicators --data data/example --org QHG --year 2024 --json > $(OUT)/QHG/2024/indicators.json.tmp
	mv $(OUT)/QHG/2024/indicators.json.tmp $(OUT)/QHG/2024/indicators.json
	$(VENV)/bin/wres indicators --data data/example --org QHG --year 2024
	@echo "written: $(OUT)/QHG/2024/indicators.json"

test: $(STAMP) ## run every test (unit, property-based, CLI, doctests)
	$(PY) -m pytest

lint: $(STAMP) ## ruff over the library and tests
	$(VENV)/bin/ruff check wreslib tests

lab: $(STAMP) ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks

bench: $(STAMP) ## measure the import cost against pandas (docs/performance.md)
	$(PY) benchmarks/bench_import.py

clean: ## delete generated outputs (they rebuild with make report)
	find $(OUT) -mindepth 1 ! -name README.md ! -name .gitkeep -exec rm -rf {} +
