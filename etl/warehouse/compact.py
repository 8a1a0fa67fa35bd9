"""Give back the space reloads leave in the pipeline's private DuckDB file, when much of it is free.

A reload deletes a page's rows and inserts new ones (``etl.warehouse.load``). DuckDB reuses the blocks
this frees for later writes, but gives back only free blocks at the very end of the file, so after
re-runs and backfills the private file can be half free blocks (20.7 MB after three full rewrites of 300
generated pages, 10.2 MB compacted), and every publish copies them to WAREHOUSE_PATH too. Nothing else
compacts it.

``compact_when_fragmented`` compares the blocks DuckDB has in use (``pragma_database_size``) with the
file's size and, when a third of a file that is not tiny is free, copies the database into a
fresh file next to it (``ATTACH`` + ``COPY FROM DATABASE``, which recreates tables with their primary
keys, indexes, sequences and views, then inserts the rows), checks that the copy holds what the
original does (same ``content_digest`` and schema SQL) and renames it over the original. A copy that
differs, or that cannot be written (full disk), is deleted and the original kept: compaction is only
ever an optimisation, never a reason to lose or refuse loaded pages.

Crash safety is the publish's: the copy is written under a temporary ``*.duckdb.tmp`` name, fsynced and
renamed in one ``os.replace``, so a run killed at any moment leaves the original or the compacted file,
never a torn one, and the next run deletes the leftover copy. Callers hold the run lock
(``etl.warehouse.lock``) and have closed every connection to the file: a connection still open would
keep writing to the old, unlinked inode.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.warehouse.faults import fault_point
from etl.warehouse.publish import content_digest, fsync, remove_stale_copies, staging_path

#: Files below this size are never rewritten: the most they can give back is a few MB, and small (test,
#: first-day) warehouses, where one reload frees a large share, would be rewritten by most runs.
COMPACT_MIN_BYTES = 8 * 2**20

#: Compact when at least this share of the file is outside DuckDB's used blocks. Not one half: used
#: blocks are not full, so a file twice its data never looks half free. Three full rewrites of 300
#: generated pages left a 20.7 MB file with 12.6 MB in used blocks (39% free) whose compacted copy is
#: 10.2 MB. A third wasted is a third of the disk and of every publish copy, for a compaction that
#: costs 1.9 s at 20.7 MB (rows re-inserted, keys rebuilt), after a run that took minutes to free it.
COMPACT_MIN_FREE_SHARE = 1 / 3

#: What the copy must share with the original beyond ``content_digest``: the DDL DuckDB regenerates
#: for each table (columns, NOT NULL, PRIMARY KEY), each index and each sequence's position. Were a
#: DuckDB version to drop a constraint in COPY FROM DATABASE, the copy would differ here and be discarded.
_SCHEMA_SQL = """
SELECT 'table', table_name, sql FROM duckdb_tables() WHERE database_name = current_database()
UNION ALL
SELECT 'index', index_name, sql FROM duckdb_indexes() WHERE database_name = current_database()
UNION ALL
SELECT 'sequence', sequence_name, concat_ws(' ', increment_by, last_value, cycle)
FROM duckdb_sequences() WHERE database_name = current_database()
ORDER BY ALL
"""


@dataclass(frozen=True)
class BlockUsage:
    """How much of a database file holds data: DuckDB's block figures and the file's size.

    The free space is the file's size less the blocks in use, not ``pragma_database_size``'s
    free_blocks: a checkpoint truncates free blocks at the end of the file, yet DuckDB (2.0) goes on
    counting them in total_blocks and free_blocks, so those can say 54 of 63 blocks are free in a file
    that holds only the 9 used ones.
    """

    file_bytes: int
    used_blocks: int
    block_size: int

    @property
    def used_bytes(self) -> int:
        return self.used_blocks * self.block_size

    @property
    def free_bytes(self) -> int:
        """Bytes of the file outside used blocks (free blocks, and the 12 KiB of headers)."""
        return max(self.file_bytes - self.used_bytes, 0)

    def worth_compacting(self, min_bytes: int = COMPACT_MIN_BYTES) -> bool:
        """At least COMPACT_MIN_FREE_SHARE of the file free, in a file of at least ``min_bytes``.

        With less, the next loads soon fill the free blocks again (DuckDB reuses them before growing
        the file), and copying the whole file would cost more than the space it gives back.
        """
        return self.file_bytes >= min_bytes and self.free_bytes >= self.file_bytes * COMPACT_MIN_FREE_SHARE


@dataclass(frozen=True)
class Compaction:
    """What ``compact_when_fragmented`` did to a file it found worth compacting."""

    before_bytes: int
    after_bytes: int  #: equal to before_bytes when the original was kept
    seconds: float
    usage: BlockUsage  #: the figures that made it worth compacting
    #: Why the original was kept (the copy differed or could not be written); None when it was compacted.
    kept_because: str | None = None

    @property
    def compacted(self) -> bool:
        return self.kept_because is None

    def describe(self, path: Path) -> str:
        """One log line: what happened to ``path``, with sizes."""
        share = f"{self.usage.free_bytes / 1e6:.1f} of {self.usage.file_bytes / 1e6:.1f} MB free"
        if not self.compacted:
            return f"{path}: left as it was ({share}): {self.kept_because}"
        return (f"compacted {path} ({share}): {self.before_bytes / 1e6:.1f} MB -> {self.after_bytes / 1e6:.1f} MB "
                f"in {self.seconds:.1f} s")


def block_usage(con: duckdb.DuckDBPyConnection) -> BlockUsage:
    """The block figures of the connection's current database, a file."""
    row = con.execute("SELECT d.path, s.used_blocks, s.block_size FROM pragma_database_size() s "
                      "JOIN duckdb_databases() d USING (database_name) "
                      "WHERE database_name = current_database()").fetchone()
    assert row is not None and row[0], "the current database is a file"
    path, used_blocks, block_size = row
    return BlockUsage(Path(path).stat().st_size, used_blocks, block_size)


def _storage_version(con: duckdb.DuckDBPyConnection) -> str | None:
    # The copy keeps the original's storage format, so whatever DuckDB build could open the original
    # (an analyst's CLI, through the published copy) can open the copy. Tagged 'v1.2.0+': the '+'
    # means "or later", ATTACH wants the bare version.
    row = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                      "WHERE database_name = current_database()").fetchone()
    return row[0].rstrip("+") if row and row[0] else None


def _contents(con: duckdb.DuckDBPyConnection) -> tuple[str, list[tuple]]:
    return content_digest(con), con.execute(_SCHEMA_SQL).fetchall()


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def wal_path(database: Path) -> Path:
    """DuckDB's write-ahead log next to a database file: x.duckdb -> x.duckdb.wal."""
    return database.with_name(f"{database.name}.wal")


def _copy_database(source: Path, target: Path, storage_version: str | None) -> None:
    # Through an in-memory connection that attaches the original read-only: the original is never
    # written, whatever happens to the copy.
    options = f" (STORAGE_VERSION {_sql_string(storage_version)})" if storage_version else ""
    with duckdb.connect() as con:
        con.execute(f"ATTACH {_sql_string(str(source))} AS original (READ_ONLY)")
        con.execute(f"ATTACH {_sql_string(str(target))} AS compacted{options}")
        con.execute("COPY FROM DATABASE original TO compacted")
        con.execute("CHECKPOINT compacted")  # every row in the file itself, none left in its WAL
        con.execute("DETACH compacted")
        con.execute("DETACH original")


def _discard(copy: Path) -> None:
    copy.unlink(missing_ok=True)
    wal_path(copy).unlink(missing_ok=True)


def compact_when_fragmented(path: Path, min_bytes: int = COMPACT_MIN_BYTES) -> Compaction | None:
    """Rewrite the closed, checkpointed database ``path`` without its free blocks, if that is worth it.

    Returns None when it was not (small file, or most blocks in use: the file is not touched), else
    what was done: compacted, or kept with the reason (the copy differed or could not be written).
    Deletes copies an earlier, killed compaction left behind. Call it under the run lock.
    """
    remove_stale_copies(path)
    if not path.exists():
        return None
    start, before = time.monotonic(), path.stat().st_size
    with duckdb.connect(str(path), read_only=True) as con:  # read-only: deciding never writes the file
        usage = block_usage(con)
        if not usage.worth_compacting(min_bytes):
            return None
        expected, storage_version = _contents(con), _storage_version(con)

    def kept(reason: str) -> Compaction:
        return Compaction(before, before, time.monotonic() - start, usage, reason)

    if wal_path(path).exists():
        # Its rows are not all in the file yet: the WAL would be replayed onto the copy after the rename.
        return kept(f"{wal_path(path)} exists (a connection is still open, or the last one did not checkpoint)")
    copy = staging_path(path)
    try:
        _copy_database(path, copy, storage_version)
        with duckdb.connect(str(copy), read_only=True) as con:
            actual = _contents(con)
        if wal_path(copy).exists():
            raise OSError(f"{wal_path(copy)} left after the copy was checkpointed and detached")
        if actual != expected:
            return kept("the compacted copy did not hold the same pages, row counts, views and keys; "
                        "copy discarded")
        fsync(copy)
        fault_point("during_compact")
        os.replace(copy, path)
    except (duckdb.Error, OSError) as error:  # e.g. a full disk: the original is untouched
        return kept(f"could not write the compacted copy {copy}: {error}")
    finally:
        _discard(copy)  # after the rename there is nothing left to discard
    fsync(path.parent)  # make the rename itself durable
    return Compaction(before, path.stat().st_size, time.monotonic() - start, usage)
