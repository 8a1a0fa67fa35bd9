"""Two runs at once (schedule and manual, or a backfill) never make two writers and never duplicate rows.

Every run takes an exclusive flock next to the private warehouse for its load and publish
(``etl/warehouse/lock.py``); another run waits for it, up to WAREHOUSE_LOCK_TIMEOUT seconds.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.warehouse.lock import run_lock
from tests.conftest import REPO_ROOT
from tests.faults.conftest import Baseline
from tests.faults.support import files_of, start_run, table_fingerprint, write_pages

WAITING = "another run is loading the warehouse"

#: A process that takes the writer lock, says so, and holds it until its stdin closes.
_HOLDER = """
import sys
from pathlib import Path
from etl.warehouse.lock import run_lock
with run_lock(Path(sys.argv[1]), 0):
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def lock_holder(tmp_path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the writer lock of tmp_path/run/warehouse's private file."""
    private = files_of(tmp_path / "run" / "warehouse" / "warehouse.duckdb")["private"]
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(private)], cwd=REPO_ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield holder
    holder.kill()
    holder.wait()


def _loaded(stdout: str) -> int:
    match = re.search(r"loaded (\d+)", stdout)
    assert match, stdout
    return int(match.group(1))


def test_two_runs_started_together_both_succeed_and_load_each_page_once(baseline: Baseline,
                                                                        tmp_path: Path) -> None:
    seeds, warehouse = tmp_path / "seeds", tmp_path / "warehouse" / "warehouse.duckdb"
    write_pages(seeds, "new")
    runs = [start_run(seeds, warehouse) for _ in range(2)]
    outputs = [process.communicate(timeout=300) for process in runs]
    assert [process.returncode for process in runs] == [0, 0], [err for _, err in outputs]
    assert sorted(_loaded(out) for out, _ in outputs) == [0, 3]  # the later one found them unchanged
    for name, database in files_of(warehouse).items():
        assert table_fingerprint(database) == baseline.new_tables, name


def test_a_run_waits_for_the_lock_and_then_loads(baseline: Baseline, tmp_path: Path,
                                                 lock_holder: subprocess.Popen) -> None:
    seeds, warehouse = baseline.start_from_old(tmp_path / "run")
    process = start_run(seeds, warehouse, WAREHOUSE_LOCK_TIMEOUT="120")
    waiting = threading.Event()
    stderr: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            stderr.append(line)
            if WAITING in line:
                waiting.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert waiting.wait(timeout=120), "".join(stderr)
    time.sleep(1)  # still waiting a moment later: nothing was written meanwhile
    assert table_fingerprint(files_of(warehouse)["private"]) == baseline.old_tables
    assert lock_holder.stdin is not None
    lock_holder.stdin.close()  # the other run finishes
    assert process.wait(timeout=300) == 0, "".join(stderr)
    reader.join()
    assert table_fingerprint(warehouse) == baseline.new_tables


def test_a_run_that_cannot_get_the_lock_in_time_fails_clearly_and_writes_nothing(
        baseline: Baseline, tmp_path: Path, lock_holder: subprocess.Popen) -> None:
    seeds, warehouse = baseline.start_from_old(tmp_path / "run")
    process = start_run(seeds, warehouse, WAREHOUSE_LOCK_TIMEOUT="1")
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 1
    assert WAITING in stderr and "held" in stderr and "WAREHOUSE_LOCK_TIMEOUT" in stderr
    for name, database in files_of(warehouse).items():
        assert table_fingerprint(database) == baseline.old_tables, name


def test_a_killed_run_leaves_no_stale_lock(tmp_path: Path, lock_holder: subprocess.Popen) -> None:
    private = files_of(tmp_path / "run" / "warehouse" / "warehouse.duckdb")["private"]
    lock_holder.send_signal(signal.SIGKILL)
    lock_holder.wait()
    with run_lock(private, timeout=0):  # the kernel released the dead holder's lock
        pass
