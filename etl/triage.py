"""One page file in, either its table frames or the reason it is refused: the per-page verdict.

Pure (no Dagster, no DuckDB). A page is refused when the extractor raises ``PageRejected``, when the
extractor fails unexpectedly (a bug must not stop the other pages), or when its frames fail the
validation rules in ``etl.validation``. Duplicates of already loaded pages are the loader's call.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

import polars as pl

from etl import schemas
from etl.extract import PageRejected, extract_page
from etl.validation import page_problems


@dataclass(frozen=True)
class Rejection:
    """A refused file: the ``rejected`` table's row, without the timestamp the loader adds."""

    source_path: str
    stage: str
    reason: str
    detail: str | None


def extract_or_reject(raw: bytes, source_path: str) -> dict[str, pl.DataFrame] | Rejection:
    """Extract one page and validate its frames; a ``Rejection`` says why it cannot be loaded."""
    try:
        frames = extract_page(raw, source_path).as_dict()
    except PageRejected as refused:
        return Rejection(refused.source_path, refused.stage, refused.reason, refused.detail)
    except Exception as error:  # one page's extractor bug must not stop the others
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Rejection(source_path, "extract", "extractor_error",
                         f"{type(error).__name__}: {error} (at {where.filename}:{where.lineno})")
    problems = page_problems(frames)
    if problems:
        return Rejection(source_path, "validate", problems[0].check,
                         "; ".join(str(problem) for problem in problems))
    return frames


def rejections_frame(rejections: list[Rejection]) -> pl.DataFrame:
    """Rejections as a frame with exactly the ``Rejected`` model's columns."""
    return schemas.frame(schemas.Rejected, [vars(r) for r in rejections])
