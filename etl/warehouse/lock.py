"""One writer at a time: every run holds an exclusive lock next to the private warehouse while it loads
and publishes.

Dagster's ``duckdb_writer`` pool serialises loads only between runs of one instance that has the pool
configured; ``python -m etl run`` with an ephemeral instance, a second deployment or a backfill started
by hand do not share it. ``flock`` on ``warehouse.pipeline.duckdb.lock`` works across all of them, and
the kernel drops it when its holder dies (even by SIGKILL), so a crashed run never leaves a stale lock.

A run that finds the lock taken waits (a scheduled run and a manual one both finish, one after the
other) for at most ``timeout`` seconds, then fails with ``WarehouseBusy`` naming the holder.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: How often a waiting run tries the lock again; short next to any load.
_POLL_SECONDS = 0.2


class WarehouseBusy(RuntimeError):
    """Another run held the warehouse lock for longer than this run was willing to wait."""


def lock_path(private: Path) -> Path:
    """warehouse.pipeline.duckdb -> warehouse.pipeline.duckdb.lock (never deleted: see ``run_lock``)."""
    return private.with_name(f"{private.name}.lock")


def _holder(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    # Empty for the instant between the holder's flock and its write.
    return os.read(fd, 200).decode(errors="replace").strip() or "holder not recorded yet"


@contextmanager
def run_lock(private: Path, timeout: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the exclusive writer lock for ``private`` for the duration of the block.

    ``on_wait``, if given, is called once with a message when the lock is taken by another run.
    The lock file is left in place: deleting it would let a third run lock a fresh inode while the
    second still waits on the old one.
    """
    path = lock_path(private)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and on_wait is not None:
                    on_wait(f"another run is loading the warehouse ({_holder(fd)}); waiting up to "
                            f"{timeout:g} s for {path}")
                waited = True
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is loading the warehouse ({_holder(fd)}) and held {path} for more "
                        f"than {timeout:g} s; this run loaded nothing. Try again when it has finished, or "
                        "raise WAREHOUSE_LOCK_TIMEOUT.") from None
                time.sleep(_POLL_SECONDS)
        # Who holds it, for the message a waiting run prints; informational only.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}\n"
                  .encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the flock
