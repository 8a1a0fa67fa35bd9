"""A ``python -m etl run`` killed mid-run does not stay STARTED in Dagster: the next run marks it failed.

The killed run is real (SIGKILL from inside the process at a fault point) and recorded in a real
DAGSTER_HOME instance, the one ``dagster dev`` shows.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.dagster_run import DagsterRun

from etl.cli import HOST_TAG, PID_TAG, fail_abandoned_runs
from tests.conftest import SEED_NAME, SEED_PATH
from tests.faults.support import finish, start_run


@pytest.fixture(scope="module")
def killed_then_rerun(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, subprocess.CompletedProcess]:
    """(DAGSTER_HOME, id of the killed run, the next run's process) for one kill during extraction."""
    root = tmp_path_factory.mktemp("abandoned")
    seeds, home = root / "seeds", root / "dagster_home"
    seeds.mkdir()
    (seeds / SEED_NAME).write_bytes(SEED_PATH.read_bytes())
    warehouse = root / "warehouse" / "warehouse.duckdb"
    killed = finish(start_run(seeds, warehouse, DAGSTER_HOME=str(home), ETL_FAULT_POINT="during_extract"))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.STARTED  # what the UI showed before the fix, for ever
        killed_id = run.run_id
    rerun = finish(start_run(seeds, warehouse, DAGSTER_HOME=str(home)))
    return home, killed_id, rerun


def _status(home: Path, run_id: str) -> dg.DagsterRunStatus:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return instance.get_run_by_id(run_id).status


def test_the_next_run_marks_a_killed_run_failed(killed_then_rerun) -> None:
    home, killed_id, rerun = killed_then_rerun
    assert rerun.returncode == 0, rerun.stderr
    assert _status(home, killed_id) == dg.DagsterRunStatus.FAILURE


def test_the_next_run_says_which_run_it_marked_failed(killed_then_rerun) -> None:
    _, killed_id, rerun = killed_then_rerun
    assert f"run {killed_id} was left unfinished by a killed process" in rerun.stderr


def test_the_next_run_itself_succeeds_and_loads_the_page(killed_then_rerun) -> None:
    home, killed_id, rerun = killed_then_rerun
    with dg.DagsterInstance.from_config(str(home)) as instance:
        statuses = {r.run_id: r.status for r in instance.get_runs()}
    assert sorted(s.value for run_id, s in statuses.items() if run_id != killed_id) == ["SUCCESS"]
    assert "loaded 1" in rerun.stdout


def _started_run(instance: dg.DagsterInstance, host: str, pid: int) -> str:
    run = DagsterRun(job_name="ingest_pages_job", run_id=str(uuid.uuid4()), status=dg.DagsterRunStatus.STARTED,
                     tags={HOST_TAG: host, PID_TAG: str(pid)})
    instance.add_run(run)
    return run.run_id


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_run_whose_process_is_alive_is_left_started() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            run_id = _started_run(instance, socket.gethostname(), sleeper.pid)
            assert fail_abandoned_runs(instance) == []
            assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED
        finally:
            sleeper.kill()
            sleeper.wait()


def test_a_run_started_on_another_host_is_left_alone() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        run_id = _started_run(instance, "some-other-host", _dead_pid())
        assert fail_abandoned_runs(instance) == []
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.STARTED


def test_a_run_whose_process_is_gone_is_marked_failed() -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        run_id = _started_run(instance, socket.gethostname(), _dead_pid())
        assert fail_abandoned_runs(instance) == [run_id]
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
