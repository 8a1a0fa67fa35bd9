"""warehouse/ddl.sql, the pandera models and warehouse/README.md describe the same columns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl import schemas
from etl.validation import PRIMARY_KEYS
from etl.warehouse import apply_schema, table_columns
from etl.warehouse.docs import README, readme_with_columns
from etl.warehouse.schema import StaleWarehouse


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as connection:
        apply_schema(connection)
        yield connection


def test_the_warehouse_has_exactly_the_contract_tables_and_rejected(con) -> None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {*schemas.TABLES, "rejected"}


def test_ddl_columns_match_the_models_plus_loader_columns(con) -> None:
    for table, columns in table_columns().items():
        rows = con.execute("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                           "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
        assert rows == [(c.name, c.sql_type, "YES" if c.nullable else "NO") for c in columns], table


def test_every_model_column_and_loader_column_is_in_the_ddl() -> None:
    for table, model in {**schemas.TABLES, "rejected": schemas.Rejected}.items():
        names = [c.name for c in table_columns()[table]]
        assert names == [*model.to_schema().columns, *schemas.LOADER_COLUMNS.get(table, {})]


def test_ddl_primary_keys_are_the_validated_keys(con) -> None:
    rows = con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                       "WHERE constraint_type = 'PRIMARY KEY'").fetchall()
    keys = {table: tuple(columns) for table, columns in rows}
    assert keys == {**PRIMARY_KEYS, "rejected": ("source_path",)}


def test_the_views_exist(con) -> None:
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"complex_leads", "organization_activity", "metric_facts"} <= views


def test_warehouse_readme_column_docs_are_generated_from_the_models() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme == readme_with_columns(readme), "run `python -m etl docs` to regenerate"
    for table, columns in table_columns().items():
        assert f"### `{table}`" in readme
        for column in columns:
            assert f"| `{column.name}` |" in readme


def test_applying_the_schema_twice_changes_nothing(con) -> None:
    apply_schema(con)
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchall()[0][0] == len(schemas.TABLES) + 1


def test_a_warehouse_built_with_other_columns_is_refused_with_advice(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "old.duckdb")) as old:
        old.execute("CREATE TABLE pages (page_id VARCHAR PRIMARY KEY, source_path VARCHAR)")
        with pytest.raises(StaleWarehouse, match="Delete the file"):
            apply_schema(old)
