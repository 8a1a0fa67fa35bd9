"""A full disk stops the run with a clear error, and both warehouse files keep their last committed state.

Two real ways to fill it: RLIMIT_FSIZE in the run's process (any user, any CI: writes past the limit fail
with EFBIG, as they would with ENOSPC) and, where mounting is allowed (root), a small tmpfs under the
warehouse folder, which fails with ENOSPC exactly where a real disk would.
"""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.conftest import Baseline
from tests.faults.support import (
    fail_then_rerun,
    files_of,
    orphan_rows,
    page_fingerprints,
    run,
    start_run,
    table_fingerprint,
)

#: Bytes a run may write to any one file: 16 kB fails the WAL at the first commit; 200 kB lets the
#: pages commit to the WAL and fails the checkpoint that grows the file (duckdb 2.0's layout).
FILE_SIZE_LIMITS = {"commit": 16_000, "checkpoint": 200_000}


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:  # in the child, before exec
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write with EFBIG instead of dying
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@dataclass(frozen=True)
class FullDisk:
    stderr: str  #: what the failed run printed
    after_failure: Path  #: WAREHOUSE_PATH in a copy of the warehouse folder as the failed run left it
    after_rerun: Path  #: WAREHOUSE_PATH after one more run without the limit


@pytest.fixture(scope="module")
def full_disks(baseline: Baseline, tmp_path_factory: pytest.TempPathFactory) -> dict[str, FullDisk]:
    """Both limits at once, each on its own copy of the old warehouse; then both re-runs at once."""
    folders = {name: baseline.start_from_old(tmp_path_factory.mktemp(f"full_at_{name}"))
               for name in FILE_SIZE_LIMITS}
    limited = {name: start_run(*folders[name], preexec_fn=_file_size_limit(limit))
               for name, limit in FILE_SIZE_LIMITS.items()}
    outcomes = fail_then_rerun(folders, limited, 1, "after_failure")
    return {name: FullDisk(*outcome) for name, outcome in outcomes.items()}


@pytest.fixture(params=FILE_SIZE_LIMITS)
def full_disk(request: pytest.FixtureRequest, full_disks: dict[str, FullDisk]) -> FullDisk:
    return full_disks[request.param]


def test_the_run_fails_naming_the_file_it_could_not_write(full_disk: FullDisk) -> None:
    private = files_of(full_disk.after_failure)["private"].name
    assert "could not write " in full_disk.stderr and f"{private}" in full_disk.stderr
    assert "File too large" in full_disk.stderr
    assert "was left as it was" in full_disk.stderr


def test_analysts_keep_the_previous_run(full_disk: FullDisk, baseline: Baseline) -> None:
    assert table_fingerprint(full_disk.after_failure) == baseline.old_tables


def test_the_private_file_keeps_every_committed_page_whole(full_disk: FullDisk, baseline: Baseline) -> None:
    private = files_of(full_disk.after_failure)["private"]
    for source_path, fingerprint in page_fingerprints(private).items():
        assert fingerprint in (baseline.old_pages[source_path], baseline.new_pages[source_path])
    assert orphan_rows(private) == 0


def test_after_space_is_freed_one_run_converges(full_disk: FullDisk, baseline: Baseline) -> None:
    for name, database in files_of(full_disk.after_rerun).items():
        assert table_fingerprint(database) == baseline.new_tables, name


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs: room for both warehouse files and the load, not for the copy to publish."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_disk_full_while_publishing_keeps_the_previous_published_warehouse(
        baseline: Baseline, tmp_path: Path, small_disk: Path) -> None:
    seeds, built = baseline.start_from_old(tmp_path / "run")
    shutil.copytree(built.parent, small_disk / "warehouse")
    warehouse = small_disk / "warehouse" / built.name
    done = run(seeds, warehouse)
    assert done.returncode == 1
    assert f"could not publish {warehouse}: No space left on device" in done.stderr
    assert table_fingerprint(warehouse) == baseline.old_tables
    assert table_fingerprint(files_of(warehouse)["private"]) == baseline.new_tables  # every page committed
    assert not list(warehouse.parent.glob("*.tmp"))
