"""Blocking checks on what a run is about to load: the pandera models, keys, references, metric spans.

They run on every extracted page of the run together (pages that failed alone were already turned into
rejections), so what they catch is what only shows across pages, such as two pages claiming the same
id, or a page that slipped past triage. Any failure stops the load for the whole run.
"""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from etl import schemas, validation
from etl.defs.assets import EXTRACTED
from etl.defs.metadata import check_result

#: Shared rows (an organization on two pages) arrive once per page; identical copies are one row.
_SHARED = ("organizations", "organization_aliases")


def _spec(table: str, name: str, description: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(name, asset=EXTRACTED[table], blocking=True, description=description)


def run_frames(extracted: dict[str, dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """Each table's frames of all pages in the run, as one frame per table."""
    frames = {}
    for table, model in schemas.TABLES.items():
        parts = list(extracted[table].values())
        frame = pl.concat(parts) if parts else schemas.empty_frame(model)
        frames[table] = frame.unique(maintain_order=True) if table in _SHARED else frame
    return frames


@dg.multi_asset_check(
    specs=[_spec(table, "matches_model", f"Rows match the {model.__name__} pandera model "
                 "(etl/schemas.py): columns, dtypes, nulls, value checks.")
           for table, model in schemas.TABLES.items()],
    ins={table: dg.AssetIn(EXTRACTED[table]) for table in schemas.TABLES},
)
def extracted_tables_match_models(**extracted: dict[str, pl.DataFrame]) -> Iterator[dg.AssetCheckResult]:
    frames = run_frames(extracted)
    for table, frame in frames.items():
        yield check_result(EXTRACTED[table], "matches_model", validation.model_problem(table, frame),
                           frame.height)


@dg.multi_asset_check(
    specs=[
        *(_spec(table, "keys_unique", f"No two rows share ({', '.join(key)})"
                + (f" or ({', '.join(validation.ALTERNATE_KEYS[table])})"
                   if table in validation.ALTERNATE_KEYS else "") + ".")
          for table, key in validation.PRIMARY_KEYS.items()),
        *(_spec(table, "references_exist", "Every " + ", ".join(
                f"{column} is in {parent}" for column, parent in refs) + " (no orphans).")
          for table, refs in validation.REFERENCES.items()),
        _spec("metrics", "inside_article", "Every metric span lies inside its article's span."),
    ],
    ins={table: dg.AssetIn(EXTRACTED[table]) for table in schemas.TABLES},
)
def extracted_tables_are_consistent(
        **extracted: dict[str, pl.DataFrame]) -> Iterator[dg.AssetCheckResult]:
    frames = run_frames(extracted)
    # A frame that fails its model has no reliable columns; its matches_model check reports it.
    valid = {t for t, frame in frames.items() if validation.model_problem(t, frame) is None}
    for table in validation.PRIMARY_KEYS:
        problem = validation.key_problem(table, frames[table]) if table in valid else None
        yield check_result(EXTRACTED[table], "keys_unique", problem, frames[table].height)
    for table in validation.REFERENCES:
        problem = validation.reference_problem(table, frames) if table in valid else None
        yield check_result(EXTRACTED[table], "references_exist", problem, frames[table].height)
    problem = (validation.metric_span_problem(frames["metrics"], frames["articles"])
               if {"metrics", "articles"} <= valid else None)
    yield check_result(EXTRACTED["metrics"], "inside_article", problem, frames["metrics"].height)
