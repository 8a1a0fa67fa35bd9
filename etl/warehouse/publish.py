"""Hand analysts a finished warehouse: the pipeline writes a private file and publishes a copy atomically.

An analyst who holds WAREHOUSE_PATH open (even read-write) cannot block a run, and never sees a run's
half-done state: the published file is replaced in one rename, after the run's last commit. Readers
that opened the old file keep reading it until they reconnect.

Every file is written under a temporary name and renamed into place, so a run killed at any moment
(SIGKILL, power cut) leaves each path holding either its previous or its new content, never a torn
copy; a leftover temporary file is removed by the next publish. Callers hold the run lock
(``etl.warehouse.lock``), so no two processes copy or rename at once.

A publish copies the whole file, so its cost grows with the warehouse; a run that changed nothing
analysts can see skips it. ``content_digest`` summarises what they see (every page version, every
refusal, row counts of every table, view SQL); the digest last published is kept in ``<private>.published.json`` with
the identity of the file it went to, and a run publishes only when either differs. A run killed after
committing and before publishing leaves the old digest there, so the next run publishes.

Reloads leave free blocks in the private file, which a publish would copy too: before publishing, the
run compacts the private file when a third of it or more is free (``etl.warehouse.compact``).
Compaction keeps ``content_digest``, so a run that compacted publishes with ``force`` to hand
analysts the smaller file too.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

import duckdb

from etl.warehouse.faults import fault_point

#: errno values that mean "the disk (or the process's file size limit) is full", not a bug.
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class PublishError(OSError):
    """The copy for analysts could not be written; WAREHOUSE_PATH still holds the previous run."""


def private_path(published: Path) -> Path:
    """The pipeline's own file next to the published one: warehouse.duckdb -> warehouse.pipeline.duckdb."""
    return published.with_name(f"{published.stem}.pipeline{published.suffix}")


def staging_path(target: Path) -> Path:
    """A temporary name for a new version of ``target``, next to it (removed by ``remove_stale_copies``)."""
    # Same folder, so os.replace is a rename on one filesystem; *.duckdb.tmp is git-ignored.
    return target.with_name(f"{target.stem}.{uuid.uuid4().hex[:12]}.duckdb.tmp")


def fsync(path: Path) -> None:
    """Flush a file's (or a folder's) content to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_atomically(source: Path, target: Path, *, fault: str | None = None) -> None:
    staging = staging_path(target)
    try:
        shutil.copyfile(source, staging)
        fsync(staging)
        if fault:
            fault_point(fault)
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    fsync(target.parent)  # make the rename itself durable


def remove_stale_copies(target: Path) -> None:
    """Delete temporary copies of ``target`` a killed run left behind (only safe under the run lock),
    with the WAL DuckDB may have started for a copy it was writing (``etl.warehouse.compact``)."""
    for pattern in (f"{target.stem}.*.duckdb.tmp", f"{target.stem}.*.duckdb.tmp.wal"):
        for stale in target.parent.glob(pattern):
            stale.unlink(missing_ok=True)


def adopt_published(private: Path, published: Path) -> None:
    """Start a missing private file from the published one, so rows already published are kept."""
    if not private.exists() and published.exists():
        private.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_copies(private)
        # A torn private file would be opened as the pipeline's truth by every later run.
        _copy_atomically(published, private)


def content_digest(con: duckdb.DuckDBPyConnection) -> str:
    """A hash of what analysts can see change: pages (id, path, rows hash, load time), refusals, row
    counts of every table and the views' SQL. Hashes one row per page inside DuckDB, never the pages'
    rows (about 0.35 s per 200,000 pages)."""
    digest = hashlib.sha256()
    queries = [
        "SELECT count(*), md5(string_agg(p::VARCHAR, chr(10) ORDER BY page_id)) "
        "FROM (SELECT page_id, source_path, rows_sha256, loaded_at FROM pages) p",
        "SELECT count(*), md5(string_agg(r::VARCHAR, chr(10) ORDER BY source_path)) FROM rejected r",
        "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY view_name",
    ]
    # Temporary tables (the loader's replaced_pages) belong to the connection, not to the file.
    tables = "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND NOT temporary ORDER BY table_name"
    for (table,) in con.execute(tables).fetchall():
        queries.append(f'SELECT \'{table}\', count(*) FROM "{table}"')
    for sql in queries:
        digest.update(repr(con.execute(sql).fetchall()).encode())
    return digest.hexdigest()


def _stamp_path(private: Path) -> Path:
    return private.with_name(f"{private.name}.published.json")


def _identity(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _already_published(private: Path, published: Path, digest: str) -> bool:
    try:
        stamp = json.loads(_stamp_path(private).read_text(encoding="utf-8"))
        return stamp == {"digest": digest, "published": _identity(published)}
    except (OSError, ValueError):  # no stamp, a torn one, or no published file: publish
        return False


def _write_stamp(private: Path, published: Path, digest: str) -> None:
    stamp, staging = _stamp_path(private), staging_path(_stamp_path(private))
    staging.write_text(json.dumps({"digest": digest, "published": _identity(published)}), encoding="utf-8")
    os.replace(staging, stamp)


def publish(private: Path, published: Path, digest: str | None = None, *, force: bool = False) -> bool:
    """Replace ``published`` with a copy of ``private`` (closed, checkpointed) in one atomic rename.

    With ``digest`` (``content_digest`` of ``private``), skip the copy when exactly that content is
    already published there, unless ``force`` (the private file was compacted: same content, smaller
    file, which analysts should get too). Returns whether it copied. A copy costs about the file's size at the
    disk's sequential write speed, plus an fsync.
    """
    if digest is not None and not force and _already_published(private, published, digest):
        return False
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
    if digest is not None:
        _write_stamp(private, published, digest)
    return True
