"""Where the pipeline reads pages and writes the warehouse: every environment setting, read in one place.

Defaults are relative to the project root, so ``dagster dev``, ``python -m etl run`` and the tests behave
the same whatever directory they start in; a relative path given in the environment is taken as written
(relative to the current directory).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: A page file must go this many seconds without being modified before a run reads it (etl.page_files).
DEFAULT_SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Settings:
    """The paths one deployment of the pipeline works with."""

    seeds_dir: Path
    warehouse_path: Path
    #: Where assets hand their per-page frames to the next step (parquet, one file per page and table).
    frames_dir: Path
    #: Dagster's instance directory; None means an ephemeral instance (nothing shows in the UI).
    dagster_home: Path | None
    #: Seconds a file must go unmodified before the sensor, the sweep or ``python -m etl run`` takes it
    #: (PAGE_SETTLE_SECONDS). 0 here, because settings built in code (the tests) write pages and run at
    #: once; ``settings()`` defaults to DEFAULT_SETTLE_SECONDS.
    settle_seconds: float = 0.0
    #: Seconds a run waits for another run's warehouse lock before failing (etl/warehouse/lock.py).
    lock_timeout: float = 900.0


def settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read SEEDS_DIR, WAREHOUSE_PATH, FRAMES_DIR, DAGSTER_HOME and WAREHOUSE_LOCK_TIMEOUT, with defaults
    for a checkout."""
    env = os.environ if env is None else env
    dagster_home = Path(env["DAGSTER_HOME"]) if env.get("DAGSTER_HOME") else None
    if env.get("FRAMES_DIR"):
        frames_dir = Path(env["FRAMES_DIR"])
    elif dagster_home is not None:
        frames_dir = dagster_home / "storage" / "frames"
    else:
        # Each run rewrites a page's frames before reading them, so a shared temp folder is safe.
        frames_dir = Path(tempfile.gettempdir()) / "newspaper-warehouse" / "frames"
    return Settings(
        seeds_dir=Path(env.get("SEEDS_DIR") or PROJECT_ROOT / "seeds"),
        warehouse_path=Path(env.get("WAREHOUSE_PATH") or PROJECT_ROOT / "warehouse" / "warehouse.duckdb"),
        frames_dir=frames_dir,
        dagster_home=dagster_home,
        settle_seconds=float(env.get("PAGE_SETTLE_SECONDS") or DEFAULT_SETTLE_SECONDS),
        lock_timeout=float(env.get("WAREHOUSE_LOCK_TIMEOUT") or 900.0),
    )
