"""new_pages_sensor: notice new and changed page files and run the pipeline on them.

The cursor maps each file to its size, mtime and sha256, so a tick stats every file but only re-hashes
files whose stat changed; a file counts as changed when its content hash differs. A file modified within
the last PAGE_SETTLE_SECONDS is still being written: the tick leaves it out of the run and out of the
cursor, so a later tick, once the file has settled, sees it as new or changed.
"""

import hashlib
import json

import dagster as dg

from etl.defs.jobs import ingest_pages_job
from etl.defs.partitions import pages_partitions, range_tags
from etl.defs.resources import PageFilesResource
from etl.page_files import PageFile


def _read_cursor(cursor: str | None) -> dict[str, PageFile]:
    entries = json.loads(cursor) if cursor else {}
    return {path: PageFile(path, size, mtime_ns, sha) for path, (size, mtime_ns, sha) in entries.items()}


def _write_cursor(files: list[PageFile]) -> str:
    return json.dumps({f.source_path: [f.size, f.mtime_ns, f.sha256] for f in files}, sort_keys=True)


def _run_key(files: list[PageFile]) -> str:
    # Content hash and mtime: a file that returns to earlier content is a new change, so a new run.
    stamp = "\n".join(f"{f.source_path}:{f.sha256}:{f.mtime_ns}" for f in files)
    return "pages-" + hashlib.sha256(stamp.encode()).hexdigest()[:16]


def run_requests(new: list[PageFile], known: list[PageFile]) -> list[dg.RunRequest]:
    """One run for files whose partitions are added now (appended together, so they form one range),
    one run each for files whose content already has a partition somewhere in the order."""
    requests = []
    new_keys = list(dict.fromkeys(f.partition_key for f in new))
    if len(new_keys) == 1:
        requests.append(dg.RunRequest(run_key=_run_key(new), partition_key=new_keys[0]))
    elif new_keys:
        requests.append(dg.RunRequest(run_key=_run_key(new), tags=range_tags(new_keys[0], new_keys[-1])))
    requests += [dg.RunRequest(run_key=_run_key([f]), partition_key=f.partition_key) for f in known]
    return requests


@dg.sensor(job=ingest_pages_job, minimum_interval_seconds=30,
           description="Adds a partition for each new or changed file in SEEDS_DIR and runs the pipeline.")
def new_pages_sensor(context: dg.SensorEvaluationContext, page_files: PageFilesResource) -> dg.SensorResult:
    seen = _read_cursor(context.cursor)
    scanned = page_files.scan(known=seen)
    waiting = {f.source_path for f in page_files.settling(scanned)}
    if waiting:
        context.log.info(f"waiting for {len(waiting)} files still being written: " + ", ".join(sorted(waiting)))
    files = [f for f in scanned if f.source_path not in waiting]
    # A settling file keeps its earlier cursor entry (if any), so its final version still counts as a change.
    cursor = _write_cursor(files + [seen[path] for path in sorted(waiting) if path in seen])
    changed = [f for f in files if f.source_path not in seen or seen[f.source_path].sha256 != f.sha256]
    if not changed:
        reason = "no new or changed page files"
        if waiting:
            reason += f" ({len(waiting)} still being written: " + ", ".join(sorted(waiting)) + ")"
        return dg.SensorResult(skip_reason=reason, cursor=cursor)
    existing = set(context.instance.get_dynamic_partitions(pages_partitions.name))
    new = [f for f in changed if f.partition_key not in existing]
    known = [f for f in changed if f.partition_key in existing]
    new_keys = list(dict.fromkeys(f.partition_key for f in new))
    context.log.info(f"{len(changed)} new or changed files: " + ", ".join(f.source_path for f in changed))
    return dg.SensorResult(
        run_requests=run_requests(new, known),
        dynamic_partitions_requests=[pages_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=cursor,
    )
