"""Hand analysts a finished warehouse: the pipeline writes a private file and publishes a copy atomically.

An analyst who holds WAREHOUSE_PATH open (even read-write) cannot block a run, and never sees a run's
half-done state: the published file is replaced in one rename, after the run's last commit. Readers
that opened the old file keep reading it until they reconnect.

Every file is written under a temporary name and renamed into place, so a run killed at any moment
(SIGKILL, power cut) leaves each path holding either its previous or its new content, never a torn
copy; a leftover temporary file is removed by the next publish. Callers hold the run lock
(``etl.warehouse.lock``), so no two processes copy or rename at once.
"""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from pathlib import Path

from etl.warehouse.faults import fault_point

#: errno values that mean "the disk (or the process's file size limit) is full", not a bug.
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class PublishError(OSError):
    """The copy for analysts could not be written; WAREHOUSE_PATH still holds the previous run."""


def private_path(published: Path) -> Path:
    """The pipeline's own file next to the published one: warehouse.duckdb -> warehouse.pipeline.duckdb."""
    return published.with_name(f"{published.stem}.pipeline{published.suffix}")


def _staging(target: Path) -> Path:
    # Same folder, so os.replace is a rename on one filesystem; *.duckdb.tmp is git-ignored.
    return target.with_name(f"{target.stem}.{uuid.uuid4().hex[:12]}.duckdb.tmp")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_atomically(source: Path, target: Path, *, fault: str | None = None) -> None:
    staging = _staging(target)
    try:
        shutil.copyfile(source, staging)
        _fsync(staging)
        if fault:
            fault_point(fault)
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    _fsync(target.parent)  # make the rename itself durable


def remove_stale_copies(target: Path) -> None:
    """Delete temporary copies of ``target`` a killed run left behind (only safe under the run lock)."""
    for stale in target.parent.glob(f"{target.stem}.*.duckdb.tmp"):
        stale.unlink(missing_ok=True)


def adopt_published(private: Path, published: Path) -> None:
    """Start a missing private file from the published one, so rows already published are kept."""
    if not private.exists() and published.exists():
        private.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_copies(private)
        # A torn private file would be opened as the pipeline's truth by every later run.
        _copy_atomically(published, private)


def publish(private: Path, published: Path) -> None:
    """Replace ``published`` with a copy of ``private`` (closed, checkpointed) in one atomic rename.

    Costs one full copy and fsync of the file per run (about the disk's sequential write speed).
    """
    published.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_copies(published)
    try:
        _copy_atomically(private, published, fault="during_publish")
    except OSError as error:
        if error.errno in _FULL:
            raise PublishError(error.errno, f"could not publish {published}: {error.strerror} (disk full or "
                               f"file size limit?). {published} still holds the previous run and "
                               f"{private} every committed page; free space and run again") from error
        raise
