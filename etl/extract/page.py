"""The extraction entry point: decode a page, find its articles, then each table's rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

import polars as pl

from etl import schemas
from etl.extract.decoding import decode_page
from etl.extract.ids import stable_id


@dataclass(frozen=True)
class PageTables:
    """One frame per warehouse table for one page; columns and dtypes exactly as in ``etl.schemas``."""

    pages: pl.DataFrame
    articles: pl.DataFrame
    credits: pl.DataFrame
    paragraphs: pl.DataFrame
    organizations: pl.DataFrame
    organization_aliases: pl.DataFrame
    organization_mentions: pl.DataFrame
    complexes: pl.DataFrame
    complex_lead_units: pl.DataFrame
    metrics: pl.DataFrame

    def as_dict(self) -> dict[str, pl.DataFrame]:
        """Table name -> frame, in ``schemas.TABLES`` (load) order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def extract_page(raw: bytes, source_path: str) -> PageTables:
    """Turn one page's raw bytes into rows. Raises ``PageRejected`` when the page cannot be read."""
    decoded = decode_page(raw, source_path)
    sha = hashlib.sha256(raw).hexdigest()
    page_id = stable_id("page", sha)
    text = decoded.text
    page_row = {
        "page_id": page_id, "source_path": source_path, "sha256": sha, "encoding": decoded.encoding,
        "byte_count": len(raw), "char_count": len(text), "line_count": text.count("\n") + 1,
        "article_count": 0,
    }
    empty = {name: schemas.empty_frame(model) for name, model in schemas.TABLES.items()}
    empty["pages"] = schemas.frame(schemas.Page, [page_row])
    return PageTables(**empty)
