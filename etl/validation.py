"""Is a set of table frames fit to load? The pandera models, plus what a per-table model cannot see.

Pure polars: the extraction asset uses these per page (a page that fails is rejected, the others load)
and the asset checks use them on everything a run is about to load (a failure blocks the load).
Each function returns ``None`` when the frame passes, else a ``Problem`` with counts and sample rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandera.errors
import polars as pl

from etl import schemas

SAMPLE_ROWS = 10

#: Each table's key: unique on every page and across the whole warehouse (the DDL's primary keys).
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "pages": ("page_id",),
    "articles": ("article_id",),
    "credits": ("article_id", "position"),
    "paragraphs": ("article_id", "seq"),
    "organizations": ("org_id",),
    "organization_aliases": ("org_id", "alias"),
    "organization_mentions": ("org_id", "article_id", "role", "char_start"),
    "complexes": ("complex_id",),
    "complex_lead_units": ("complex_id", "position"),
    "metrics": ("metric_id",),
}

#: Other column sets that identify a row, checked like keys.
ALTERNATE_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("page_id", "seq"),
    # not (article_id, seq): an article may hold two lists numbered alike (首批 1-5, 第二批 1-3)
    "complexes": ("article_id", "char_start"),
}

#: child table -> (column, parent table): every value of the column must exist in the parent.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("page_id", "pages"),),
    "credits": (("article_id", "articles"),),
    "paragraphs": (("article_id", "articles"),),
    "organization_aliases": (("org_id", "organizations"),),
    "organization_mentions": (("org_id", "organizations"), ("article_id", "articles")),
    "complexes": (("article_id", "articles"),),
    "complex_lead_units": (("complex_id", "complexes"), ("org_id", "organizations")),
    "metrics": (("article_id", "articles"),),
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one table: which check, how many rows, and the first offending rows."""

    table: str
    check: str
    count: int
    summary: str
    sample: pl.DataFrame

    def __str__(self) -> str:
        return f"{self.table}: {self.check}: {self.summary}"


def model_problem(table: str, frame: pl.DataFrame) -> Problem | None:
    """Validate ``frame`` against the table's pandera model, collecting every failure (lazy)."""
    try:
        schemas.TABLES[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        by_check = cases.group_by("column", "check").len().sort("len", descending=True)
        summary = "; ".join(f"{c} {k} ({n})" for c, k, n in by_check.iter_rows())
        return Problem(table, "matches_model", cases.height, summary, cases.head(SAMPLE_ROWS))
    return None


def key_problem(table: str, frame: pl.DataFrame) -> Problem | None:
    """Rows that share a primary or alternate key."""
    for columns in (PRIMARY_KEYS[table], ALTERNATE_KEYS.get(table)):
        if not columns:
            continue
        dupes = frame.group_by(columns).len().filter(pl.col("len") > 1).sort(columns)
        if dupes.height:
            return Problem(table, "keys_unique", int(dupes["len"].sum()),
                           f"{dupes.height} values of ({', '.join(columns)}) occur more than once",
                           dupes.head(SAMPLE_ROWS))
    return None


def reference_problem(table: str, frames: Mapping[str, pl.DataFrame]) -> Problem | None:
    """Rows that point at a parent row that is not there (orphans)."""
    for column, parent in REFERENCES.get(table, ()):
        parent_key = PRIMARY_KEYS[parent][0]
        if parent_key not in frames[parent].columns:
            continue  # the parent fails its model; that problem is reported on the parent
        orphans = frames[table].join(frames[parent].select(pl.col(parent_key).alias(column)),
                                     on=column, how="anti")
        if orphans.height:
            return Problem(table, "references_exist", orphans.height,
                           f"{orphans.height} rows whose {column} is not in {parent}",
                           orphans.head(SAMPLE_ROWS))
    return None


def metric_span_problem(metrics: pl.DataFrame, articles: pl.DataFrame) -> Problem | None:
    """Metrics whose span is empty, reversed or reaches outside their article's span."""
    if not {"article_id", "char_start", "char_end"} <= set(articles.columns):
        return None  # articles fail their model; that problem is reported on articles
    spans = articles.select("article_id", pl.col("char_start").alias("article_start"),
                            pl.col("char_end").alias("article_end"))
    outside = metrics.join(spans, on="article_id", how="left").filter(
        (pl.col("char_start") >= pl.col("char_end"))
        | (pl.col("char_start") < pl.col("article_start"))
        | (pl.col("char_end") > pl.col("article_end"))
        | pl.col("article_start").is_null()
    )
    if outside.height:
        return Problem("metrics", "inside_article", outside.height,
                       f"{outside.height} metric spans are not inside their article's span",
                       outside.select("metric_id", "article_id", "text", "char_start", "char_end",
                                      "article_start", "article_end").head(SAMPLE_ROWS))
    return None


def table_problems(table: str, frames: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """Every problem of one table, given all tables (references need the parents)."""
    frame = frames[table]
    if (problem := model_problem(table, frame)) is not None:
        # Keys and references assume the columns exist with the right types.
        return [problem]
    found = [key_problem(table, frame), reference_problem(table, frames)]
    if table == "metrics":
        found.append(metric_span_problem(frame, frames["articles"]))
    return [p for p in found if p is not None]


def page_problems(frames: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """Every problem of one page's frames, table by table in load order."""
    return [p for table in schemas.TABLES for p in table_problems(table, frames)]
