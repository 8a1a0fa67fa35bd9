"""Hand analysts a finished warehouse: the pipeline writes a private file and publishes a copy atomically.

An analyst who holds WAREHOUSE_PATH open (even read-write) cannot block a run, and never sees a run's
half-done state: the published file is replaced in one rename, after the run's last commit. Readers
that opened the old file keep reading it until they reconnect.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path


def private_path(published: Path) -> Path:
    """The pipeline's own file next to the published one: warehouse.duckdb -> warehouse.pipeline.duckdb."""
    return published.with_name(f"{published.stem}.pipeline{published.suffix}")


def adopt_published(private: Path, published: Path) -> None:
    """Start a missing private file from the published one, so rows already published are kept."""
    if not private.exists() and published.exists():
        private.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published, private)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(private: Path, published: Path) -> None:
    """Replace ``published`` with a copy of ``private`` (closed, checkpointed) in one atomic rename."""
    published.parent.mkdir(parents=True, exist_ok=True)
    # Same folder, so os.replace is a rename on one filesystem; *.duckdb.tmp is git-ignored.
    staging = published.with_name(f"{published.stem}.{uuid.uuid4().hex[:12]}.duckdb.tmp")
    try:
        shutil.copyfile(private, staging)
        _fsync(staging)
        os.replace(staging, published)
    finally:
        staging.unlink(missing_ok=True)
    _fsync(published.parent)  # make the rename itself durable
