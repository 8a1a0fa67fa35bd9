"""The single Definitions object (``dagster dev -w workspace.yaml`` and ``python -m etl run`` load it)."""

from __future__ import annotations

import dagster as dg

from etl.config import Settings, settings
from etl.defs.assets import extracted_tables, raw_pages, warehouse_tables
from etl.defs.checks import extracted_tables_are_consistent, extracted_tables_match_models
from etl.defs.jobs import ingest_pages_job
from etl.defs.resources import build_resources
from etl.defs.schedules import daily_ingest_schedule
from etl.defs.sensors import new_pages_sensor


def build_definitions(config: Settings) -> dg.Definitions:
    """Everything, wired to the paths in ``config`` (tests pass temporary ones)."""
    return dg.Definitions(
        assets=[raw_pages, extracted_tables, warehouse_tables],
        asset_checks=[extracted_tables_match_models, extracted_tables_are_consistent],
        jobs=[ingest_pages_job],
        sensors=[new_pages_sensor],
        schedules=[daily_ingest_schedule],
        resources=build_resources(config),
    )


defs = build_definitions(settings())
