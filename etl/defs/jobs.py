"""The one job: take page versions from raw bytes to loaded warehouse rows, checks included."""

import dagster as dg

ingest_pages_job = dg.define_asset_job(
    name="ingest_pages_job",
    selection=dg.AssetSelection.all(),
    # The steps are quick and share frames on disk: one process per run beats one per step.
    executor_def=dg.in_process_executor,
    description="Read, extract, validate and load the selected page versions; one run for many pages.",
)
