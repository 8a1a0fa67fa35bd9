"""``python -m etl run``: run the Dagster job once over every page in SEEDS_DIR and print a summary.

Uses the Dagster instance in DAGSTER_HOME when it is set (so the run shows in ``dagster dev``), else an
ephemeral one. ``python -m etl docs`` rewrites the column reference in warehouse/README.md.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence

import dagster as dg
import duckdb

from etl.config import Settings, settings
from etl.definitions import build_definitions
from etl.defs.assets import OUTCOMES, WAREHOUSE
from etl.defs.partitions import range_tags, sync_page_partitions
from etl.page_files import PageFile, settled_page_files
from etl.warehouse import apply_schema
from etl.warehouse.compact import compact_when_fragmented
from etl.warehouse.docs import write_readme
from etl.warehouse.lock import run_lock
from etl.warehouse.publish import adopt_published, private_path, publish

#: Per-page outcomes (INFO) on the console, not Dagster's step-by-step DEBUG events.
QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
#: Tags naming the process that runs a job in process, so a later run can tell that it died.
HOST_TAG, PID_TAG = "cli/host", "cli/pid"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def fail_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark as failed the runs this command started on this host whose process is gone (killed, crashed).

    An in-process run that dies never reports its end, so Dagster would show it STARTED forever and
    keep any concurrency slot it held. Only runs tagged with this host and a pid that no longer exists
    are touched; a pid taken over by another process leaves the run as it is (the safe mistake).
    Returns the run ids marked failed.
    """
    host = socket.gethostname()
    stale = instance.get_runs(filters=dg.RunsFilter(
        statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING], tags={HOST_TAG: host}))
    failed = []
    for run in stale:
        pid = int(run.tags.get(PID_TAG, "0") or 0)
        if pid <= 0 or pid == os.getpid() or _process_alive(pid):
            continue
        instance.report_run_failed(run, message=f"the process that ran it (pid {pid} on {host}) ended "
                                                "without finishing the run: it was killed or crashed")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        failed.append(run.run_id)
    return failed


def open_instance(config: Settings) -> dg.DagsterInstance:
    """DAGSTER_HOME's instance when it is set (runs show in the UI), else an ephemeral one."""
    if config.dagster_home is not None:
        config.dagster_home.mkdir(parents=True, exist_ok=True)
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def run_pipeline(config: Settings, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult | None:
    """One run of ingest_pages_job over every page file; None when SEEDS_DIR holds none.

    Read the result while ``instance`` is open: its events are looked up through the instance.
    """
    if not config.seeds_dir.is_dir():
        raise SystemExit(f"error: SEEDS_DIR {config.seeds_dir} is not a directory")
    files, still_written = settled_page_files(config.seeds_dir, config.settle_seconds, on_wait=_say_waiting)
    for page_file in still_written:
        print(f"warning: {page_file.source_path} is still being written; left for the next run", file=sys.stderr)
    keys = [f.partition_key for f in files]
    if not keys:
        private = private_path(config.warehouse_path)
        with run_lock(private, config.lock_timeout):  # the same single writer as the job's load
            adopt_published(private, config.warehouse_path)
            with duckdb.connect(str(private)) as con:
                apply_schema(con)
            # Nothing was loaded, but an earlier run may have left much of the file free blocks.
            compaction = compact_when_fragmented(private)
            if compaction is not None and compaction.compacted:
                print(compaction.describe(private))
            elif compaction is not None:
                print(f"warning: {compaction.describe(private)}", file=sys.stderr)
            publish(private, config.warehouse_path)
        return None
    for run_id in fail_abandoned_runs(instance):
        print(f"warning: run {run_id} was left unfinished by a killed process; marked failed", file=sys.stderr)
    job = build_definitions(config).resolve_job_def("ingest_pages_job")
    partitions = sync_page_partitions(instance, keys)
    tags = {**range_tags(partitions[0], partitions[-1]), HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())}
    return job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET, tags=tags)


def _say_waiting(files: list[PageFile]) -> None:
    print(f"waiting for {len(files)} file(s) still being written: " + ", ".join(f.source_path for f in files),
          file=sys.stderr)


def summary(result: dg.ExecuteInProcessResult) -> dict[str, int]:
    """Page outcomes and rows per table, from the load step's materialization metadata."""
    counts: dict[str, int] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        if materialization is None or materialization.asset_key not in WAREHOUSE.values():
            continue
        metadata = materialization.metadata
        table = materialization.asset_key.path[-1]
        counts[f"rows.{table}"] = metadata["dagster/row_count"].value
        for name in ("pages_in", *OUTCOMES):
            if name in metadata:
                counts[name] = metadata[name].value
    return counts


def _print_summary(config: Settings, counts: dict[str, int]) -> None:
    print(f"warehouse: {config.warehouse_path}")
    print("pages in {pages_in}: loaded {loaded}, unchanged {unchanged}, duplicate {duplicate}, "
          "rejected {rejected}".format(**counts))
    print("rows: " + ", ".join(f"{name.removeprefix('rows.')} {n}"
                               for name, n in counts.items() if name.startswith("rows.")))


def _failure(result: dg.ExecuteInProcessResult) -> str:
    lines = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                key = evaluation.asset_check_key
                summary = evaluation.metadata.get("summary")
                lines.append(f"  check {key.asset_key.to_user_string()}:{key.name} failed: "
                             f"{summary.value if summary else ''}")
        elif event.is_step_failure:
            error = event.step_failure_data.error
            # Dagster wraps what the step raised; its message (e.g. a full disk) is the cause's.
            error = error.cause if error and error.cause else error
            lines.append(f"  step {event.step_key} failed: {error.message.strip() if error else ''}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["run", "docs"])
    args = parser.parse_args(argv)
    if args.command == "docs":
        print(f"wrote {write_readme()}")
        return 0
    config = settings()
    with open_instance(config) as instance:
        result = run_pipeline(config, instance)
        if result is None:
            print(f"no page files in {config.seeds_dir}; created the empty warehouse {config.warehouse_path}")
            return 0
        if not result.success:
            print(f"error: run {result.run_id} failed, so {config.warehouse_path} was left as it was:\n"
                  f"{_failure(result)}", file=sys.stderr)
            return 1
        _print_summary(config, summary(result))
    return 0
