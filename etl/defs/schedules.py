"""daily_ingest_schedule: every morning, run every file in SEEDS_DIR, so nothing waits on the sensor."""

import dagster as dg

from etl.defs.jobs import ingest_pages_job
from etl.defs.partitions import range_tags, sync_page_partitions
from etl.defs.resources import PageFilesResource


@dg.schedule(job=ingest_pages_job, cron_schedule="0 6 * * *", execution_timezone="Asia/Shanghai",
             description="06:00 Shanghai: sweep SEEDS_DIR and run all its pages as one run; unchanged "
                         "pages are no-ops in the load.")
def daily_ingest_schedule(context: dg.ScheduleEvaluationContext,
                          page_files: PageFilesResource) -> dg.RunRequest | dg.SkipReason:
    files = page_files.scan()
    # A file still being written is left to the sensor, which runs it once it has settled.
    waiting = {f.source_path for f in page_files.settling(files)}
    if waiting:
        context.log.info(f"leaving {len(waiting)} files still being written to the sensor: "
                         + ", ".join(sorted(waiting)))
    keys = [f.partition_key for f in files if f.source_path not in waiting]
    if not keys:
        return dg.SkipReason("SEEDS_DIR holds no page files" + (" that have settled" if waiting else ""))
    partitions = sync_page_partitions(context.instance, keys)
    return dg.RunRequest(run_key=f"sweep-{context.scheduled_execution_time:%Y%m%d}",
                         tags=range_tags(partitions[0], partitions[-1]))
