"""Dagster metadata built from the models and frames: column schemas, previews, check failure cases."""

from __future__ import annotations

import dagster as dg
import polars as pl

from etl.validation import Problem
from etl.warehouse.schema import table_columns

PREVIEW_ROWS = 5
CELL_WIDTH = 40


def column_schema(table: str, loader_columns: bool = True) -> dg.TableSchema:
    """The table's columns with type, nullability and the model's description."""
    columns = [c for c in table_columns()[table] if loader_columns or not c.loader]
    return dg.TableSchema(columns=[
        dg.TableColumn(c.name, c.sql_type, description=c.description,
                       constraints=dg.TableColumnConstraints(nullable=c.nullable))
        for c in columns])


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"


def markdown_table(frame: pl.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    """The first rows of a frame as a markdown table (long cells cut)."""
    if frame.width == 0:
        return "(no columns)"
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.head(rows).iter_rows()]
    if frame.height == 0:
        lines.append("| " + " | ".join("" for _ in frame.columns) + " |")
    return "\n".join(lines)


def table_metadata(table: str, frame: pl.DataFrame, row_count: int | None = None,
                   loader_columns: bool = True) -> dict[str, object]:
    """Row count, column schema and preview for one table asset."""
    return {
        "dagster/row_count": dg.MetadataValue.int(frame.height if row_count is None else row_count),
        "dagster/column_schema": column_schema(table, loader_columns),
        "preview": dg.MetadataValue.md(markdown_table(frame)),
    }


def check_result(asset_key: dg.AssetKey, check_name: str, problem: Problem | None,
                 rows: int) -> dg.AssetCheckResult:
    """Pass/fail with the failing rows' count, a summary and the first failure cases."""
    metadata: dict[str, object] = {"rows_checked": dg.MetadataValue.int(rows)}
    if problem is not None:
        metadata |= {
            "failure_count": dg.MetadataValue.int(problem.count),
            "summary": dg.MetadataValue.text(problem.summary),
            "failure_cases": dg.MetadataValue.md(markdown_table(problem.sample, rows=problem.sample.height)),
        }
    return dg.AssetCheckResult(asset_key=asset_key, check_name=check_name, passed=problem is None,
                               severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)
