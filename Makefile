# make run   - build warehouse/warehouse.duckdb from seeds/ (runs show in `make dev`)
# make test  - the test suite
# make dev   - the Dagster UI on http://127.0.0.1:3000
# make lint  - ruff

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DAGSTER_HOME_DIR := $(CURDIR)/.dagster

SEEDS_DIR ?= $(CURDIR)/seeds
WAREHOUSE_PATH ?= $(CURDIR)/warehouse/warehouse.duckdb
PIPELINE_ENV = DAGSTER_HOME=$(DAGSTER_HOME_DIR) SEEDS_DIR=$(SEEDS_DIR) WAREHOUSE_PATH=$(WAREHOUSE_PATH)

.PHONY: run test dev lint clean

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME_DIR)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME_DIR)
	cp dagster.yaml $@

run: $(STAMP) $(DAGSTER_HOME_DIR)/dagster.yaml
	$(PIPELINE_ENV) $(BIN)/python -m etl run

test: $(STAMP)
	$(BIN)/python -m pytest

dev: $(STAMP) $(DAGSTER_HOME_DIR)/dagster.yaml
	$(PIPELINE_ENV) $(BIN)/dagster dev -w workspace.yaml

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(DAGSTER_HOME_DIR) warehouse/*.duckdb warehouse/*.duckdb.wal
