"""A run killed with SIGKILL at any point leaves warehouses that open, hold each page whole in its old or
new version, and converge to a clean load with one more run.

The kill comes from inside a real ``python -m etl run`` process, at a named point
(``etl/warehouse/faults.py``); ``:2`` means the second page, so the first page's new version is already
committed when the second page's transaction dies. Each point is killed once, all at once on copies
of the old warehouse (a module fixture): the files are copied aside as the kill left them, then the
same folders are run again.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.conftest import Baseline
from tests.faults.support import (
    fail_then_rerun,
    files_of,
    orphan_rows,
    page_fingerprints,
    start_run,
    table_fingerprint,
)

KILL_POINTS = ["during_extract", "after_delete:2", "before_commit:2", "before_publish", "during_publish"]


@dataclass(frozen=True)
class Crash:
    after_kill: Path  #: WAREHOUSE_PATH in a copy of the warehouse folder as the kill left it
    after_rerun: Path  #: WAREHOUSE_PATH after one more run on the same folders


@pytest.fixture(scope="module")
def crashes(baseline: Baseline, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Crash]:
    """Every kill point at once, each on its own copy of the old warehouse; then every re-run at once."""
    folders = {point: baseline.start_from_old(tmp_path_factory.mktemp(point.replace(":", "_")))
               for point in KILL_POINTS}
    killed = {point: start_run(*folders[point], ETL_FAULT_POINT=point) for point in KILL_POINTS}
    outcomes = fail_then_rerun(folders, killed, -signal.SIGKILL, "after_kill")
    return {point: Crash(after, rerun) for point, (_, after, rerun) in outcomes.items()}


@pytest.fixture(params=KILL_POINTS)
def crash(request: pytest.FixtureRequest, crashes: dict[str, Crash]) -> Crash:
    return crashes[request.param]


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


@pytest.mark.parametrize("point", ["after_delete:2", "before_commit:2"])
def test_a_kill_mid_load_keeps_the_pages_committed_before_it(crashes: dict[str, Crash], baseline: Baseline,
                                                              point: str) -> None:
    pages = page_fingerprints(files_of(crashes[point].after_kill)["private"])
    first, *rest = sorted(pages)  # pages load in name order; the kill hit the second
    assert pages[first] == baseline.new_pages[first]
    assert [pages[p] for p in rest] == [baseline.old_pages[p] for p in rest]
