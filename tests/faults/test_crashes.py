"""A run killed with SIGKILL at any point leaves warehouses that open, hold each page whole in its old or
new version, and converge to a clean load with one more run.

The kill comes from inside a real ``python -m etl run`` process, at a named point
(``etl/warehouse/faults.py``); ``:2`` means the second page, so the first page's new version is already
committed when the second page's transaction dies. Each point is killed once (a module fixture): the
files are copied aside as the kill left them, then the same folders are run again.
"""

from __future__ import annotations

import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.conftest import Baseline
from tests.faults.support import files_of, orphan_rows, page_fingerprints, run, table_fingerprint

KILL_POINTS = ["during_extract", "after_delete:2", "before_commit:2", "before_publish", "during_publish"]


@dataclass(frozen=True)
class Crash:
    point: str
    after_kill: Path  #: WAREHOUSE_PATH in a copy of the warehouse folder as the kill left it
    after_rerun: Path  #: WAREHOUSE_PATH after one more run on the same folders
    rerun_stdout: str


@pytest.fixture(scope="module", params=KILL_POINTS)
def crash(request: pytest.FixtureRequest, baseline: Baseline,
          tmp_path_factory: pytest.TempPathFactory) -> Crash:
    root = tmp_path_factory.mktemp(request.param.replace(":", "_"))
    seeds, warehouse = baseline.start_from_old(root)
    killed = run(seeds, warehouse, ETL_FAULT_POINT=request.param)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    shutil.copytree(warehouse.parent, root / "after_kill")
    rerun = run(seeds, warehouse)
    assert rerun.returncode == 0, rerun.stderr
    return Crash(request.param, root / "after_kill" / warehouse.name, warehouse, rerun.stdout)


def test_after_the_kill_both_files_hold_every_page_whole_old_or_new(crash: Crash, baseline: Baseline) -> None:
    for name, database in files_of(crash.after_kill).items():
        pages = page_fingerprints(database)  # opens, replaying the private file's WAL if any
        assert set(pages) == set(baseline.old_pages), name
        for source_path, fingerprint in pages.items():
            assert fingerprint in (baseline.old_pages[source_path], baseline.new_pages[source_path]), \
                f"{name}: {source_path} is neither its old nor its new version"
        assert orphan_rows(database) == 0, name


def test_after_the_kill_analysts_still_see_the_previous_run(crash: Crash, baseline: Baseline) -> None:
    assert table_fingerprint(crash.after_kill) == baseline.old_tables


def test_one_more_run_converges_to_a_clean_load(crash: Crash, baseline: Baseline) -> None:
    for name, database in files_of(crash.after_rerun).items():
        assert table_fingerprint(database) == baseline.new_tables, name


def test_one_more_run_leaves_no_temporary_copy_behind(crash: Crash) -> None:
    assert not list(crash.after_rerun.parent.glob("*.tmp"))
