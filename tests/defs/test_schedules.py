"""daily_ingest_schedule runs every page file at 06:00 Shanghai time, as one run."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg

from etl.defs.partitions import pages_partitions, range_tags
from etl.defs.resources import PageFilesResource
from etl.defs.schedules import daily_ingest_schedule
from etl.page_files import scan_page_files


def test_it_runs_at_six_in_the_morning_shanghai_time() -> None:
    assert daily_ingest_schedule.cron_schedule == "0 6 * * *"
    assert daily_ingest_schedule.execution_timezone == "Asia/Shanghai"
    assert daily_ingest_schedule.job_name == "ingest_pages_job"


def test_the_sweep_runs_every_current_file_and_forgets_vanished_versions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a")
    (tmp_path / "b.txt").write_bytes(b"b")
    keys = [f.partition_key for f in scan_page_files(tmp_path)]
    with dg.instance_for_test() as instance:  # schedules need a persistent instance
        instance.add_dynamic_partitions(pages_partitions.name, ["gone-000000000000", keys[0]])
        context = dg.build_schedule_context(
            instance=instance, resources={"page_files": PageFilesResource(seeds_dir=str(tmp_path))},
            scheduled_execution_time=datetime(2025, 3, 1, 6, tzinfo=ZoneInfo("Asia/Shanghai")))
        request = daily_ingest_schedule(context)
        assert instance.get_dynamic_partitions(pages_partitions.name) == keys
    assert request.tags == range_tags(keys[0], keys[-1])
    assert request.run_key == "sweep-20250301"


def test_an_empty_folder_skips_the_tick(tmp_path: Path) -> None:
    with dg.instance_for_test() as instance:  # schedules need a persistent instance
        context = dg.build_schedule_context(
            instance=instance, resources={"page_files": PageFilesResource(seeds_dir=str(tmp_path))})
        assert isinstance(daily_ingest_schedule(context), dg.SkipReason)


def test_the_sweep_leaves_a_file_still_being_written_to_the_sensor(tmp_path: Path) -> None:
    (tmp_path / "done.txt").write_bytes(b"done")
    os.utime(tmp_path / "done.txt", (time.time() - 60, time.time() - 60))
    (tmp_path / "incoming.txt").write_bytes(b"half a pa")  # just modified
    done_key = next(f.partition_key for f in scan_page_files(tmp_path) if f.source_path == "done.txt")
    with dg.instance_for_test() as instance:  # schedules need a persistent instance
        context = dg.build_schedule_context(
            instance=instance,
            resources={"page_files": PageFilesResource(seeds_dir=str(tmp_path), settle_seconds=30)},
            scheduled_execution_time=datetime(2025, 3, 1, 6, tzinfo=ZoneInfo("Asia/Shanghai")))
        request = daily_ingest_schedule(context)
        assert instance.get_dynamic_partitions(pages_partitions.name) == [done_key]
    assert request.tags == range_tags(done_key, done_key)
