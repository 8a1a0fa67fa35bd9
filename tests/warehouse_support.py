"""Helpers the warehouse and Dagster tests share: temporary settings, fingerprints, synthetic pages."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import polars as pl

from etl import schemas
from etl.config import Settings
from etl.extract.ids import stable_id
from etl.warehouse import apply_schema, load_page
from tests.conftest import SEED_NAME, SEED_PATH

WAREHOUSE_TABLES = [*schemas.TABLES, "rejected"]


def temp_settings(tmp_path: Path, with_seed: bool = True) -> Settings:
    """Settings pointing every path into ``tmp_path``, with a copy of the seed page in its seeds/."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    if with_seed:
        shutil.copy(SEED_PATH, seeds / SEED_NAME)
    return Settings(seeds_dir=seeds, warehouse_path=tmp_path / "warehouse" / "warehouse.duckdb",
                    frames_dir=tmp_path / "frames", dagster_home=None)


def fingerprint(database: Path) -> dict[str, tuple[int, str]]:
    """Per table: row count and a hash of its sorted rows (timestamps included)."""
    with duckdb.connect(str(database), read_only=True) as con:
        result = {}
        for table in WAREHOUSE_TABLES:
            rows = sorted(repr(row) for row in con.execute(f"SELECT * FROM {table}").fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return result


def count(database: Path, sql: str, params: list | None = None) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM ({sql})", params or []).fetchall()[0][0]


def synthetic_page(source_path: str, raw: bytes, orgs: dict[str, str]) -> dict[str, pl.DataFrame]:
    """A small valid page: one article mentioning each organization (name -> kind) once."""
    sha = hashlib.sha256(raw).hexdigest()
    page_id = stable_id("page", sha)
    article_id = stable_id(page_id, 1)
    frames = {table: schemas.empty_frame(model) for table, model in schemas.TABLES.items()}
    frames["pages"] = schemas.frame(schemas.Page, [{
        "page_id": page_id, "source_path": source_path, "sha256": sha, "encoding": "utf-8",
        "byte_count": len(raw), "char_count": 100, "line_count": 3, "article_count": 1}])
    frames["articles"] = schemas.frame(schemas.Article, [{
        "article_id": article_id, "page_id": page_id, "seq": 1, "headline": "标题", "deck": [],
        "outlet": None, "brand": None, "reporters": [], "byline": None, "byline_position": None,
        "paragraph_count": 0, "char_start": 0, "char_end": 100}])
    frames["organizations"] = schemas.frame(schemas.Organization, [
        {"org_id": stable_id("org", name), "name": name, "kind": kind} for name, kind in orgs.items()])
    frames["organization_mentions"] = schemas.frame(schemas.OrganizationMention, [
        {"org_id": stable_id("org", name), "article_id": article_id, "role": "mentioned", "text": name,
         "char_start": 10 * i, "char_end": 10 * i + len(name)} for i, name in enumerate(orgs)])
    return frames


def fragmented_warehouse(path: Path, filler_rows: int = 2_000_000, drop_filler: bool = True) -> Path:
    """A checkpointed warehouse with pages a.txt and b.txt and 1,000 refusals, whose file is mostly free
    blocks.

    A table of ``filler_rows`` random doubles (8 bytes each, barely compressible: 2,000,000 rows take
    about 14 MB) is written first, the rows after it, then the table is dropped: its blocks stay in the
    file, free, as a backfill's replaced pages leave them (0.5 s here, against minutes of reloads). The
    refusals sit after them, so loading more pages reuses free blocks without letting the file shrink.
    """
    with duckdb.connect(str(path)) as con:
        apply_schema(con)
        con.execute("CREATE TABLE filler AS SELECT random() AS x FROM range(?)", [filler_rows])
        con.execute("CHECKPOINT")
        load_page(con, synthetic_page("a.txt", b"A", {"重庆大学": "university", "市经信委": "government"}))
        load_page(con, synthetic_page("b.txt", b"B", {"重庆大学": "university"}))
        con.execute("INSERT INTO rejected SELECT format('refused/{:04d}.txt', i), 'decode', 'binary', NULL, "
                    "TIMESTAMP '2026-01-01' FROM range(1000) t(i)")
        con.execute("CHECKPOINT")
        if drop_filler:
            con.execute("DROP TABLE filler")
            con.execute("CHECKPOINT")
    return path
