"""Settings come from the environment, with defaults inside the checkout."""

from __future__ import annotations

from pathlib import Path

from etl.config import PROJECT_ROOT, settings


def test_defaults_point_into_the_checkout() -> None:
    config = settings({})
    assert config.seeds_dir == PROJECT_ROOT / "seeds"
    assert config.warehouse_path == PROJECT_ROOT / "warehouse" / "warehouse.duckdb"
    assert config.dagster_home is None


def test_environment_variables_override_the_defaults(tmp_path: Path) -> None:
    config = settings({"SEEDS_DIR": str(tmp_path / "in"), "WAREHOUSE_PATH": str(tmp_path / "w.duckdb"),
                       "DAGSTER_HOME": str(tmp_path / "home")})
    assert config.seeds_dir == tmp_path / "in"
    assert config.warehouse_path == tmp_path / "w.duckdb"
    assert config.dagster_home == tmp_path / "home"


def test_frames_live_in_dagster_home_when_it_is_set(tmp_path: Path) -> None:
    assert settings({"DAGSTER_HOME": str(tmp_path)}).frames_dir == tmp_path / "storage" / "frames"
