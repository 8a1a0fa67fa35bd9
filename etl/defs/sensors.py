"""new_pages_sensor: notice new and changed page files and run the pipeline on them.

The cursor maps each file to its size, mtime and sha256, so a tick stats every file but only re-hashes
files whose stat changed; a file counts as changed when its content hash differs.
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


def run_requests(new_keys: list[str], known_keys: list[str]) -> list[dg.RunRequest]:
    """One run for the keys added now (appended together, so they form one range), one per old key."""
    requests = []
    if new_keys:
        run_key = "pages-" + hashlib.sha256("\n".join(new_keys).encode()).hexdigest()[:16]
        if len(new_keys) == 1:
            requests.append(dg.RunRequest(run_key=run_key, partition_key=new_keys[0]))
        else:
            requests.append(dg.RunRequest(run_key=run_key, tags=range_tags(new_keys[0], new_keys[-1])))
    # A file back to content seen before has a partition already, somewhere in the middle of the order.
    requests += [dg.RunRequest(run_key=f"{key}-again-{i}", partition_key=key)
                 for i, key in enumerate(known_keys)]
    return requests


@dg.sensor(job=ingest_pages_job, minimum_interval_seconds=30,
           description="Adds a partition for each new or changed file in SEEDS_DIR and runs the pipeline.")
def new_pages_sensor(context: dg.SensorEvaluationContext, page_files: PageFilesResource) -> dg.SensorResult:
    seen = _read_cursor(context.cursor)
    files = page_files.scan(known=seen)
    changed = [f for f in files if f.source_path not in seen or seen[f.source_path].sha256 != f.sha256]
    if not changed:
        return dg.SensorResult(skip_reason="no new or changed page files", cursor=_write_cursor(files))
    existing = set(context.instance.get_dynamic_partitions(pages_partitions.name))
    keys = list(dict.fromkeys(f.partition_key for f in changed))
    new_keys = [k for k in keys if k not in existing]
    known_keys = [k for k in keys if k in existing]
    context.log.info(f"{len(changed)} new or changed files: " + ", ".join(f.source_path for f in changed))
    return dg.SensorResult(
        run_requests=run_requests(new_keys, known_keys),
        dynamic_partitions_requests=[pages_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=_write_cursor(files),
    )
