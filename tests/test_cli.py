"""`python -m etl run` runs the job once over SEEDS_DIR and prints what happened to the pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from etl import triage
from etl.cli import main
from etl.extract import PageTables
from etl.warehouse.publish import private_path
from tests.conftest import REPO_ROOT
from tests.warehouse_support import fingerprint, fragmented_warehouse, synthetic_page, temp_settings


def _etl(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SEEDS_DIR", "WAREHOUSE_PATH", "FRAMES_DIR", "DAGSTER_HOME")}
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO_ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=300)


def test_run_prints_a_summary_and_records_the_run_in_dagster_home(tmp_path: Path) -> None:
    config = temp_settings(tmp_path)
    home = tmp_path / "dagster_home"
    done = _etl("run", SEEDS_DIR=str(config.seeds_dir), WAREHOUSE_PATH=str(config.warehouse_path),
                DAGSTER_HOME=str(home))
    assert done.returncode == 0, done.stderr
    assert "pages in 1: loaded 1, unchanged 0, duplicate 0, rejected 0" in done.stdout
    assert "rows: pages 1, articles " in done.stdout
    assert config.warehouse_path.exists()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs()
        assert [(r.job_name, r.status) for r in runs] == [("ingest_pages_job", dg.DagsterRunStatus.SUCCESS)]


def test_a_missing_seeds_dir_fails_with_a_clear_message(tmp_path: Path) -> None:
    done = _etl("run", SEEDS_DIR=str(tmp_path / "nowhere"), WAREHOUSE_PATH=str(tmp_path / "w.duckdb"))
    assert done.returncode != 0
    assert "SEEDS_DIR" in done.stderr + done.stdout and "nowhere" in done.stderr + done.stdout


def test_a_failed_run_exits_non_zero_naming_the_failed_check(tmp_path: Path, monkeypatch, capsys) -> None:
    config = temp_settings(tmp_path, with_seed=False)
    (config.seeds_dir / "a.txt").write_bytes(b"a")
    (config.seeds_dir / "b.txt").write_bytes(b"b")
    kinds = {"a.txt": "university", "b.txt": "company"}
    monkeypatch.setattr(triage, "extract_page", lambda raw, path: PageTables(
        **synthetic_page(path, raw, {"重庆大学": kinds[path]})))
    for name in ("DAGSTER_HOME", "FRAMES_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SEEDS_DIR", str(config.seeds_dir))
    monkeypatch.setenv("WAREHOUSE_PATH", str(config.warehouse_path))
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "failed" in err and "extracted/organizations:matches_model" in err


def test_a_run_without_pages_still_compacts_a_private_file_left_mostly_free(tmp_path: Path) -> None:
    config = temp_settings(tmp_path, with_seed=False)
    private = private_path(config.warehouse_path)
    private.parent.mkdir(parents=True)
    before, rows = fragmented_warehouse(private).stat().st_size, fingerprint(private)
    done = _etl("run", SEEDS_DIR=str(config.seeds_dir), WAREHOUSE_PATH=str(config.warehouse_path))
    assert done.returncode == 0, done.stderr
    assert f"compacted {private}" in done.stdout
    assert private.stat().st_size < before / 2
    assert fingerprint(config.warehouse_path) == rows
