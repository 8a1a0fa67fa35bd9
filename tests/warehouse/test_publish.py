"""Publishing swaps the analysts' file whole; open readers keep their snapshot and never block it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.warehouse.publish import adopt_published, private_path, publish


def _write(path: Path, rows: list[int]) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE OR REPLACE TABLE t AS SELECT unnest(?::INTEGER[]) AS n", [rows])


def _read(path: Path) -> list[int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT n FROM t ORDER BY n").fetchall()]


def test_the_private_file_sits_next_to_the_published_one() -> None:
    assert private_path(Path("warehouse/warehouse.duckdb")) == Path("warehouse/warehouse.pipeline.duckdb")


def test_publish_copies_the_private_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    private, published = tmp_path / "w.pipeline.duckdb", tmp_path / "out" / "w.duckdb"
    _write(private, [1, 2])
    publish(private, published)
    assert _read(published) == [1, 2]
    assert sorted(p.name for p in published.parent.iterdir()) == ["w.duckdb"]


def test_a_reader_holding_the_published_file_keeps_its_snapshot(tmp_path: Path) -> None:
    private, published = tmp_path / "w.pipeline.duckdb", tmp_path / "w.duckdb"
    _write(private, [1])
    publish(private, published)
    with duckdb.connect(str(published), read_only=True) as analyst:
        _write(private, [1, 2])
        publish(private, published)  # does not wait for, or fail because of, the open reader
        assert analyst.execute("SELECT count(*) FROM t").fetchall() == [(1,)]
    assert _read(published) == [1, 2]


def test_a_missing_private_file_starts_from_the_published_one(tmp_path: Path) -> None:
    private, published = tmp_path / "w.pipeline.duckdb", tmp_path / "w.duckdb"
    _write(published, [7])
    adopt_published(private, published)
    assert _read(private) == [7]
    _write(private, [8])
    adopt_published(private, published)  # an existing private file is the pipeline's truth
    assert _read(private) == [8]
