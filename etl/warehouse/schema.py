"""The warehouse's shape: columns per table from the pandera models, DDL and views from warehouse/*.sql."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from etl import schemas
from etl.config import PROJECT_ROOT

SQL_DIR = PROJECT_ROOT / "warehouse"
DDL_PATH = SQL_DIR / "ddl.sql"
VIEWS_DIR = SQL_DIR / "views"

#: Loader-only columns' SQL types (the models do not declare them).
LOADER_COLUMN_TYPES = {"loaded_at": "TIMESTAMP", "rejected_at": "TIMESTAMP", "rows_sha256": "VARCHAR"}


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    nullable: bool
    description: str
    loader: bool = False  #: filled by the loader, not the extractor


class StaleWarehouse(RuntimeError):
    """The warehouse file was built with other columns than the models now declare."""


def sql_type(dtype: pl.DataType) -> str:
    """The DuckDB type a polars dtype is stored as."""
    if dtype == pl.List(pl.Utf8):
        return "VARCHAR[]"
    return {pl.Utf8: "VARCHAR", pl.Int64: "BIGINT", pl.Float64: "DOUBLE"}[dtype]


def table_columns() -> dict[str, list[Column]]:
    """Every warehouse table (contract tables, then ``rejected``) with its columns, in DDL order."""
    models = {**schemas.TABLES, "rejected": schemas.Rejected}
    tables = {}
    for table, model in models.items():
        schema = model.to_schema()
        columns = [Column(name, sql_type(col.dtype.type), col.nullable, col.description or "")
                   for name, col in schema.columns.items()]
        columns += [Column(name, LOADER_COLUMN_TYPES[name], False, description, loader=True)
                    for name, description in schemas.LOADER_COLUMNS.get(table, {}).items()]
        tables[table] = columns
    return tables


def view_files() -> list[Path]:
    return sorted(VIEWS_DIR.glob("*.sql"))


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, refuse a warehouse built for other columns, (re)create the views."""
    con.execute(DDL_PATH.read_text(encoding="utf-8"))
    expected = {t: [(c.name, c.sql_type) for c in cols] for t, cols in table_columns().items()}
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()
    actual: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        actual.setdefault(table, []).append((column, data_type))
    stale = [t for t in expected if actual.get(t) != expected[t]]
    if stale:
        database = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = "
                               "current_database()").fetchall()
        raise StaleWarehouse(
            f"{database[0][0] if database else 'the warehouse'}: tables {', '.join(stale)} have other "
            "columns than etl/schemas.py declares; it was built by an older version. Delete the file "
            "and run the pipeline again to rebuild it.")
    for view in view_files():
        con.execute(view.read_text(encoding="utf-8"))
