"""new_pages_sensor runs new and changed files once, and leaves unchanged files alone."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from etl.defs.partitions import pages_partitions, range_tags
from etl.defs.resources import PageFilesResource
from etl.defs.sensors import new_pages_sensor
from etl.page_files import scan_page_files


@pytest.fixture
def instance() -> dg.DagsterInstance:
    with dg.DagsterInstance.ephemeral() as ephemeral:
        yield ephemeral


def _tick(instance: dg.DagsterInstance, seeds: Path, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(instance=instance, cursor=cursor,
                                      resources={"page_files": PageFilesResource(seeds_dir=str(seeds))})
    result = new_pages_sensor(context)
    for request in result.dynamic_partitions_requests or []:  # what the daemon would do
        instance.add_dynamic_partitions(pages_partitions.name, list(request.partition_keys))
    return result


def _key(seeds: Path, name: str) -> str:
    return next(f.partition_key for f in scan_page_files(seeds) if f.source_path == name)


def test_a_new_file_gets_a_partition_and_a_run(instance: dg.DagsterInstance, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"first page")
    result = _tick(instance, tmp_path, None)
    key = _key(tmp_path, "a.txt")
    assert [list(r.partition_keys) for r in result.dynamic_partitions_requests] == [[key]]
    assert [r.partition_key for r in result.run_requests] == [key]


def test_an_unchanged_file_is_ignored(instance: dg.DagsterInstance, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"first page")
    first = _tick(instance, tmp_path, None)
    second = _tick(instance, tmp_path, first.cursor)
    assert second.run_requests == [] and not second.dynamic_partitions_requests
    assert second.skip_reason is not None


def test_a_changed_file_gets_a_new_partition_and_a_run(instance: dg.DagsterInstance, tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_bytes(b"first version")
    first = _tick(instance, tmp_path, None)
    page.write_bytes(b"second version, longer")
    second = _tick(instance, tmp_path, first.cursor)
    new_key = _key(tmp_path, "a.txt")
    assert [list(r.partition_keys) for r in second.dynamic_partitions_requests] == [[new_key]]
    assert [r.partition_key for r in second.run_requests] == [new_key]


def test_new_and_changed_files_together_run_as_one_run(instance: dg.DagsterInstance, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a, first version")
    (tmp_path / "b.txt").write_bytes(b"b, unchanged")
    first = _tick(instance, tmp_path, None)
    (tmp_path / "a.txt").write_bytes(b"a, second version")
    (tmp_path / "c.txt").write_bytes(b"c, new")
    second = _tick(instance, tmp_path, first.cursor)
    keys = [_key(tmp_path, "a.txt"), _key(tmp_path, "c.txt")]
    assert [list(r.partition_keys) for r in second.dynamic_partitions_requests] == [keys]
    assert len(second.run_requests) == 1
    assert second.run_requests[0].tags == range_tags(keys[0], keys[-1])


def test_a_file_back_to_earlier_content_runs_its_existing_partition(instance: dg.DagsterInstance,
                                                                   tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_bytes(b"version one")
    first = _tick(instance, tmp_path, None)
    old_key = _key(tmp_path, "a.txt")
    page.write_bytes(b"version two!")
    second = _tick(instance, tmp_path, first.cursor)
    page.write_bytes(b"version one")
    third = _tick(instance, tmp_path, second.cursor)
    assert not third.dynamic_partitions_requests
    assert [r.partition_key for r in third.run_requests] == [old_key]
    assert third.run_requests[0].run_key != first.run_requests[0].run_key  # not deduplicated away
