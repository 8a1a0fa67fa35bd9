"""Load one page into the warehouse, all or nothing, and record the pages the pipeline refuses.

Each page is one transaction: the rows of its previous version (same page_id, or same source_path with
older content) are deleted and the new rows inserted, so a re-run never duplicates rows and a reader
never sees half a page. Values travel as Arrow tables or bound parameters; only column names, which
come from the models, are written into SQL text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import duckdb
import polars as pl

from etl import schemas
from etl.warehouse.faults import fault_point

SQL = Path(__file__).parent / "sql"

PageOutcome = Literal["loaded", "unchanged", "duplicate", "rejected"]

#: Tables whose rows are shared between pages: upserted, never deleted with a page.
_UPSERTS = {
    "organizations": "ON CONFLICT (org_id) DO UPDATE SET name = excluded.name, kind = excluded.kind",
    "organization_aliases": "ON CONFLICT DO NOTHING",
}


class WarehouseWriteError(RuntimeError):
    """The warehouse file could not be written (disk full, file size limit, I/O error).

    Not the page's fault, so the run stops instead of recording the page as rejected; DuckDB has
    rolled the transaction back, so the file keeps its last committed state.
    """


#: Words DuckDB's errors carry when the storage, not the data, failed (commit errors are
#: TransactionException, not IOException, so the class alone does not tell).
_STORAGE_WORDS = ("could not write", "no space left", "file too large", "disk quota", "i/o error")


def is_storage_error(error: BaseException) -> bool:
    """True for errors writing the database file or its WAL, as opposed to errors in the rows."""
    if isinstance(error, (OSError, duckdb.IOException, duckdb.FatalException)):
        return True
    return isinstance(error, duckdb.Error) and any(w in str(error).lower() for w in _STORAGE_WORDS)


def _database(con: duckdb.DuckDBPyConnection) -> str:
    try:
        rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
        return rows.fetchall()[0][0] or "the warehouse"
    except duckdb.Error:  # an invalidated database answers nothing
        return "the warehouse"


def storage_failure(con: duckdb.DuckDBPyConnection, error: BaseException,
                    database: str | None = None) -> WarehouseWriteError:
    """The clear message a run stops with when the disk is full or the file cannot grow."""
    return WarehouseWriteError(
        f"could not write {database or _database(con)} (disk full or file size limit?): {error}. "
        "What was not committed is rolled back: the warehouse keeps its last committed pages and this "
        "run publishes nothing. Free space and run again.")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed COMMIT has already ended the transaction; a second error would hide the first.
    try:
        con.rollback()
    except duckdb.Error:
        pass


def utc_now() -> datetime:
    """Naive UTC timestamp (the warehouse's TIMESTAMP columns hold UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def rows_sha256(frames: Mapping[str, pl.DataFrame]) -> str:
    """Order-independent hash of a page's rows in every table."""
    digest = hashlib.sha256()
    for table in schemas.TABLES:
        digest.update(f"\x1e{table}\x1f".encode())
        digest.update("\n".join(sorted(repr(row) for row in frames[table].rows())).encode())
    return digest.hexdigest()


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    columns = ", ".join(f'"{name}"' for name in frame.columns)
    # A failed insert aborts the transaction; the next register() replaces the view anyway.
    con.register("incoming", frame.to_arrow())
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming "
                f"{_UPSERTS.get(table, '')}")
    con.unregister("incoming")


def _record_rejection(con: duckdb.DuckDBPyConnection, source_path: str, stage: str, reason: str,
                      detail: str | None, now: datetime) -> None:
    # The same verdict again keeps its first rejected_at, so re-running leaves the table identical.
    con.execute(
        """
        INSERT INTO rejected (source_path, stage, reason, detail, rejected_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (source_path) DO UPDATE
        SET stage = excluded.stage, reason = excluded.reason, detail = excluded.detail,
            rejected_at = excluded.rejected_at
        WHERE rejected.stage IS DISTINCT FROM excluded.stage
           OR rejected.reason IS DISTINCT FROM excluded.reason
           OR rejected.detail IS DISTINCT FROM excluded.detail
        """,
        [source_path, stage, reason, detail, now],
    )


def record_rejection(con: duckdb.DuckDBPyConnection, source_path: str, stage: str, reason: str,
                     detail: str | None, now: datetime | None = None) -> PageOutcome:
    """Note that a file was refused; rows of its earlier, good version stay loaded."""
    try:
        _record_rejection(con, source_path, stage, reason, detail, now or utc_now())
    except duckdb.Error as error:
        if is_storage_error(error):
            raise storage_failure(con, error) from error
        raise
    return "duplicate" if stage == "duplicate" else "rejected"


def load_page(con: duckdb.DuckDBPyConnection, frames: Mapping[str, pl.DataFrame],
              now: datetime | None = None) -> PageOutcome:
    """Replace one page's rows in one transaction; ``frames`` holds exactly one ``pages`` row."""
    page = frames["pages"].row(0, named=True)
    page_id, source_path = page["page_id"], page["source_path"]
    digest = rows_sha256(frames)
    now = now or utc_now()
    con.begin()
    try:
        existing = con.execute("SELECT page_id, source_path, rows_sha256 FROM pages "
                               "WHERE page_id = ? OR source_path = ?", [page_id, source_path]).fetchall()
        same_content = [row for row in existing if row[0] == page_id]
        if same_content and same_content[0][1] != source_path:
            _record_rejection(con, source_path, "duplicate", "duplicate",
                              f"byte-identical to {same_content[0][1]}, already loaded as page {page_id}",
                              now)
            con.commit()
            return "duplicate"
        if existing == [(page_id, source_path, digest)]:
            con.rollback()
            return "unchanged"
        con.execute("CREATE OR REPLACE TEMP TABLE replaced_pages AS SELECT unnest(?::VARCHAR[]) AS page_id",
                    [[row[0] for row in existing]])
        con.execute((SQL / "delete_replaced_pages.sql").read_text(encoding="utf-8"))
        fault_point("after_delete")
        stamped = {**frames, "pages": frames["pages"].with_columns(
            pl.lit(now, dtype=pl.Datetime("us")).alias("loaded_at"), pl.lit(digest).alias("rows_sha256"))}
        for table in schemas.TABLES:
            if stamped[table].height:
                _insert(con, table, stamped[table])
        con.execute((SQL / "remove_orphan_organizations.sql").read_text(encoding="utf-8"))
        con.execute("DELETE FROM rejected WHERE source_path = ?", [source_path])
        fault_point("before_commit")
        con.commit()
    except BaseException as error:
        _rollback(con)
        if is_storage_error(error):
            raise storage_failure(con, error) from error
        raise
    return "loaded"
