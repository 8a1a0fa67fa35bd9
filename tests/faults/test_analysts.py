"""An analyst holding WAREHOUSE_PATH open while a run loads neither fails nor slows the run, never sees a
half-loaded page, and sees the new pages on reconnecting.

The analyst is a real process (``tests/faults/analyst.py``) querying every page through one session
all the time the run (another real process) loads; read_write is what ``duckdb warehouse.duckdb``
without ``-readonly`` opens.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.faults.conftest import Baseline
from tests.faults.support import run, table_fingerprint

#: How much longer a run may take with an analyst attached: far below what waiting would cost.
MAX_DELAY_SECONDS = 10.0


@dataclass(frozen=True)
class Watched:
    run: subprocess.CompletedProcess
    run_seconds: float
    analyst_alive_at_end: bool  #: the session was still open when the run finished
    analyst: dict  #: what the analyst process reported (see tests/faults/analyst.py)
    warehouse: Path


@dataclass(frozen=True)
class Unwatched:
    seconds: float
    seeds: Path
    warehouse: Path


@pytest.fixture(scope="module")
def unwatched(baseline: Baseline, tmp_path_factory: pytest.TempPathFactory) -> Unwatched:
    """The same run with nobody connected, for comparison."""
    seeds, warehouse = baseline.start_from_old(tmp_path_factory.mktemp("unwatched"))
    started = time.monotonic()
    done = run(seeds, warehouse)
    assert done.returncode == 0, done.stderr
    return Unwatched(time.monotonic() - started, seeds, warehouse)


@pytest.fixture(scope="module", params=["read_only", "read_write"])
def watched(request: pytest.FixtureRequest, baseline: Baseline,
            tmp_path_factory: pytest.TempPathFactory) -> Watched:
    seeds, warehouse = baseline.start_from_old(tmp_path_factory.mktemp(f"watched_{request.param}"))
    analyst = subprocess.Popen([sys.executable, "-m", "tests.faults.analyst", str(warehouse), request.param],
                               cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout is not None and analyst.stdout.readline() == "ready\n"
        started = time.monotonic()
        done = run(seeds, warehouse)
        seconds = time.monotonic() - started
        alive = analyst.poll() is None
        report, _ = analyst.communicate("done\n", timeout=60)
    finally:
        analyst.kill()
    return Watched(done, seconds, alive, json.loads(report), warehouse)


def test_the_run_succeeds_while_the_analyst_holds_the_warehouse(watched: Watched) -> None:
    assert watched.run.returncode == 0, watched.run.stderr
    assert watched.analyst_alive_at_end


def test_the_session_only_ever_sees_the_previous_run_whole(watched: Watched, baseline: Baseline) -> None:
    assert watched.analyst["polls"] > 0
    assert watched.analyst["seen"] == [baseline.old_pages]
    assert watched.analyst["held"] == baseline.old_pages


def test_reconnecting_shows_the_new_run(watched: Watched, baseline: Baseline) -> None:
    assert watched.analyst["reconnected"] == baseline.new_pages
    assert table_fingerprint(watched.warehouse) == baseline.new_tables


def test_an_open_session_does_not_hold_the_run_up(watched: Watched, unwatched: Unwatched) -> None:
    print(f"run with an analyst session open: {watched.run_seconds:.1f} s, without: {unwatched.seconds:.1f} s")
    assert watched.run_seconds < unwatched.seconds + MAX_DELAY_SECONDS


def test_a_run_that_changes_nothing_leaves_the_analysts_file_in_place(unwatched: Unwatched) -> None:
    before = unwatched.warehouse.stat().st_ino
    again = run(unwatched.seeds, unwatched.warehouse)
    assert again.returncode == 0, again.stderr
    assert "unchanged 3" in again.stdout and "left as it is" in again.stderr
    assert unwatched.warehouse.stat().st_ino == before  # no copy: an open session keeps the current file
