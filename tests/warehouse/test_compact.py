"""Compaction rewrites a private file that is largely free blocks into a smaller one holding the same
warehouse (rows, keys, views), and leaves every other file alone."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.warehouse import apply_schema, load_page
from etl.warehouse import compact as compact_module
from etl.warehouse.compact import COMPACT_MIN_BYTES, BlockUsage, block_usage, compact_when_fragmented
from etl.warehouse.publish import content_digest, staging_path
from tests.warehouse_support import fingerprint, fragmented_warehouse, synthetic_page

#: What apply_schema and the loader rely on: table DDL (keys included), indexes, constraints, views.
_SCHEMA = """
SELECT table_name, sql FROM duckdb_tables()
UNION ALL SELECT index_name, sql FROM duckdb_indexes()
UNION ALL SELECT table_name, constraint_text FROM duckdb_constraints()
UNION ALL SELECT view_name, sql FROM duckdb_views() WHERE NOT internal
ORDER BY ALL
"""


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _digest(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return content_digest(con)


def _schema(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(_SCHEMA).fetchall()


@pytest.fixture
def fragmented(tmp_path: Path) -> Path:
    return fragmented_warehouse(tmp_path / "w.pipeline.duckdb")


MB = 2**20


@pytest.mark.parametrize(("file_mb", "used_mb", "worth"), [
    (20.7, 12.6, True),  # three full rewrites of 300 pages: 39% free, 10.2 MB compacted
    (20.7, 14, False),  # under a third free: the next loads reuse it
    (4, 1, False),  # mostly free, but too small to bother
    (11, 11, False),  # all in use, whatever free blocks DuckDB still counts past the file's end
])
def test_a_file_is_worth_compacting_when_a_third_of_it_is_free(file_mb: float, used_mb: float,
                                                                worth: bool) -> None:
    usage = BlockUsage(file_bytes=int(file_mb * MB), used_blocks=int(used_mb * 4), block_size=MB // 4)
    assert usage.worth_compacting() is worth


def test_a_file_mostly_free_blocks_is_compacted_and_gets_smaller(fragmented: Path) -> None:
    before = fragmented.stat().st_size
    result = compact_when_fragmented(fragmented)
    assert result is not None and result.compacted
    assert (result.before_bytes, result.after_bytes) == (before, fragmented.stat().st_size)
    assert result.after_bytes < before / 4  # about 16.5 MB -> 2.4 MB
    with duckdb.connect(str(fragmented), read_only=True) as con:
        assert block_usage(con).free_bytes < block_usage(con).block_size  # the headers only


def test_compaction_keeps_every_row_and_the_content_digest(fragmented: Path) -> None:
    rows, digest = fingerprint(fragmented), _digest(fragmented)
    compact_when_fragmented(fragmented)
    assert fingerprint(fragmented) == rows
    assert _digest(fragmented) == digest


def test_a_small_file_is_left_alone_even_when_mostly_free(tmp_path: Path) -> None:
    small = fragmented_warehouse(tmp_path / "w.pipeline.duckdb", filler_rows=500_000)
    with duckdb.connect(str(small), read_only=True) as con:
        usage = block_usage(con)
    assert usage.worth_compacting(min_bytes=0) and usage.file_bytes < COMPACT_MIN_BYTES
    identity = _identity(small)
    assert compact_when_fragmented(small) is None
    assert _identity(small) == identity


def test_a_large_file_mostly_in_use_is_left_alone(tmp_path: Path) -> None:
    full = fragmented_warehouse(tmp_path / "w.pipeline.duckdb", drop_filler=False)
    identity = _identity(full)
    assert compact_when_fragmented(full) is None
    assert _identity(full) == identity


def test_apply_schema_on_a_compacted_file_changes_nothing(fragmented: Path) -> None:
    schema, digest = _schema(fragmented), _digest(fragmented)
    compact_when_fragmented(fragmented)
    assert _schema(fragmented) == schema
    with duckdb.connect(str(fragmented)) as con:
        apply_schema(con)  # would raise StaleWarehouse had a column or type changed
    assert _schema(fragmented) == schema
    assert _digest(fragmented) == digest


def test_after_compaction_pages_reload_as_before(fragmented: Path) -> None:
    compact_when_fragmented(fragmented)
    with duckdb.connect(str(fragmented)) as con:
        assert load_page(con, synthetic_page("b.txt", b"B", {"重庆大学": "university"})) == "unchanged"
        assert load_page(con, synthetic_page("b.txt", b"B2", {"两江新区管委会": "government"})) == "loaded"
        names = {row[0] for row in con.execute("SELECT name FROM organizations").fetchall()}
    assert names == {"重庆大学", "市经信委", "两江新区管委会"}  # 重庆大学 is still on a.txt


def test_after_compaction_a_key_clash_is_still_refused(fragmented: Path) -> None:
    compact_when_fragmented(fragmented)
    before = fingerprint(fragmented)
    broken = synthetic_page("a.txt", b"A2", {"市经信委": "government"})
    broken["organization_mentions"] = pl.concat([broken["organization_mentions"]] * 2)  # one key twice
    with duckdb.connect(str(fragmented)) as con, pytest.raises(duckdb.ConstraintException):
        load_page(con, broken)
    assert fingerprint(fragmented) == before


def test_a_copy_left_by_a_killed_compaction_is_removed(tmp_path: Path) -> None:
    small = fragmented_warehouse(tmp_path / "w.pipeline.duckdb", filler_rows=1000)
    stale = staging_path(small)
    stale.write_bytes(b"half a database")
    stale.with_name(f"{stale.name}.wal").write_bytes(b"its log")
    compact_when_fragmented(small)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.pipeline.duckdb"]


def test_a_copy_that_differs_from_the_original_is_discarded(fragmented: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # The one stand-in here: a real copy, then a real page lost from it, as a faulty copy would.
    copy_database = compact_module._copy_database

    def lossy_copy(source: Path, target: Path, storage_version: str | None) -> None:
        copy_database(source, target, storage_version)
        with duckdb.connect(str(target)) as con:
            con.execute("DELETE FROM pages WHERE source_path = 'b.txt'")

    monkeypatch.setattr(compact_module, "_copy_database", lossy_copy)
    identity, digest = _identity(fragmented), _digest(fragmented)
    result = compact_when_fragmented(fragmented)
    assert result is not None and not result.compacted and "copy discarded" in (result.kept_because or "")
    assert (_identity(fragmented), _digest(fragmented)) == (identity, digest)
    assert sorted(p.name for p in fragmented.parent.iterdir()) == [fragmented.name]
