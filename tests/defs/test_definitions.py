"""The Definitions load, and their names do not change by accident (snapshot)."""

from __future__ import annotations

import dagster as dg

from etl.definitions import defs
from etl.defs.assets import WRITER_POOL, warehouse_tables
from etl.defs.jobs import ingest_pages_job

TABLES = ["pages", "articles", "credits", "paragraphs", "organizations", "organization_aliases",
          "organization_mentions", "complexes", "complex_lead_units", "metrics"]


def test_the_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)


def test_asset_keys_snapshot() -> None:
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert keys == {"raw_pages", *(f"extracted/{t}" for t in [*TABLES, "rejections"]),
                    *(f"warehouse/{t}" for t in [*TABLES, "rejected"])}


def test_asset_check_snapshot() -> None:
    checks = {f"{key.asset_key.to_user_string()}:{key.name}"
              for key in defs.resolve_asset_graph().asset_check_keys}
    assert checks == {
        *(f"extracted/{t}:matches_model" for t in TABLES),
        *(f"extracted/{t}:keys_unique" for t in TABLES),
        *(f"extracted/{t}:references_exist" for t in TABLES if t not in ("pages", "organizations")),
        "extracted/metrics:inside_article",
    }


def test_every_check_blocks_the_load() -> None:
    specs = [spec for checks in defs.asset_checks for spec in checks.check_specs]
    assert specs and all(spec.blocking for spec in specs)


def test_jobs_sensors_and_schedules_snapshot() -> None:
    repository = defs.get_repository_def()
    assert sorted(job.name for job in repository.get_all_jobs() if not job.name.startswith("__")) == [
        "ingest_pages_job"]
    assert [s.name for s in repository.sensor_defs] == ["new_pages_sensor"]
    assert [s.name for s in repository.schedule_defs] == ["daily_ingest_schedule"]


def test_assets_are_grouped_and_described() -> None:
    graph = defs.resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["raw_pages"] == "pages"
    assert groups["extracted/articles"] == "extraction"
    assert groups["warehouse/articles"] == "warehouse"
    assert all(graph.get(key).description for key in graph.get_all_asset_keys())


def test_many_pages_run_as_one_run_and_only_one_writer_at_a_time() -> None:
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        assert graph.get(key).backfill_policy == dg.BackfillPolicy.single_run(), key
    assert warehouse_tables.op.pool == WRITER_POOL
    assert ingest_pages_job.name == "ingest_pages_job"


def test_table_assets_declare_their_column_schema() -> None:
    graph = defs.resolve_asset_graph()
    schema = graph.get(dg.AssetKey(["warehouse", "pages"])).metadata["dagster/column_schema"]
    columns = {c.name: c for c in schema.columns}
    assert "loaded_at" in columns and columns["page_id"].description.startswith("Page id")
