# wres: `make report` and `make test` are all a newcomer needs; each sets itself up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
OUT    ?= outputs
JOBS   ?= 2

.DEFAULT_GOAL := help
.PHONY: help setup report test check lint lab bench lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP) ## create the local virtual environment in .venv
	@echo "environment ready: $(VENV)"

report: $(STAMP) ## render the example report, the synthetic demo batch and its benchmark into outputs/
	$(VENV)/bin/wres report --data data/example --org QHG --year 2024 --out $(OUT)
	$(VENV)/bin/wres batch --data data/synthetic --year 2024 --jobs $(JOBS) --out $(OUT)
	$(VENV)/bin/wres benchmark --data data/synthetic --year 2024 --out $(OUT)
	@echo "open $(OUT)/index.html"

test: $(STAMP) ## run every test (unit, property-based, CLI, doctests, notebooks, browser)
	$(PY) -m pytest

check: $(STAMP) ## the quick loop: every test but the notebook, browser and long property runs
	$(PY) -m pytest -m "not notebook and not browser and not slow" -q

lint: $(STAMP) ## ruff over the library and tests
	$(VENV)/bin/ruff check wreslib tests

lab: $(STAMP) ## open JupyterLab on the analysts' guide and the notebooks
	$(VENV)/bin/jupyter lab --notebook-dir=. docs/analysts.md notebooks/explore.ipynb

bench: $(STAMP) ## measure import cost, aggregation, indicators and batch speed against their baselines (docs/performance.md)
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_aggregate.py
	$(PY) benchmarks/bench_indicators.py
	$(PY) benchmarks/bench_batch.py

lock: $(STAMP) ## pin the versions now installed into constraints.txt (the lock file make setup uses)
	@{ echo "# The versions make setup installs (pip install -c constraints.txt -e .[dev]): a lock file for the"; \
	   echo "# whole environment, so every machine runs wres on the same libraries. Regenerate with: make lock"; \
	   $(PY) -m pip freeze --exclude-editable | grep -v -i "^wreslib"; } > constraints.txt

clean: ## delete generated outputs (they rebuild with make report)
	find $(OUT) -mindepth 1 ! -name README.md ! -name .gitkeep -exec rm -rf {} +
