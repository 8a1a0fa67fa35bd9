"""Publishing swaps the analysts' file whole; open readers keep their snapshot and never block it; a run
that changed nothing analysts can see does not copy the file again."""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.warehouse import apply_schema, load_page
from etl.warehouse.publish import adopt_published, content_digest, private_path, publish
from tests.warehouse_support import synthetic_page


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


def test_publishing_the_same_digest_again_leaves_the_published_file_alone(tmp_path: Path) -> None:
    private, published = tmp_path / "w.pipeline.duckdb", tmp_path / "w.duckdb"
    _write(private, [1])
    assert publish(private, published, digest="one")
    before = published.stat().st_ino
    assert not publish(private, published, digest="one")
    assert published.stat().st_ino == before


def test_a_forced_publish_copies_the_same_digest_and_later_runs_skip_it(tmp_path: Path) -> None:
    # A compacted private file holds the published content in fewer bytes: analysts get it too.
    private, published = tmp_path / "w.pipeline.duckdb", tmp_path / "w.duckdb"
    _write(private, [1])
    publish(private, published, digest="one")
    before = published.stat().st_ino
    assert publish(private, published, digest="one", force=True)
    assert published.stat().st_ino != before
    assert not publish(private, published, digest="one")


def test_a_new_digest_is_published(tmp_path: Path) -> None:
    private, published = tmp_path / "w.pipeline.duckdb", tmp_path / "w.duckdb"
    _write(private, [1])
    publish(private, published, digest="one")
    _write(private, [1, 2])
    assert publish(private, published, digest="two")
    assert _read(published) == [1, 2]


def test_a_published_file_replaced_by_someone_else_is_published_again(tmp_path: Path) -> None:
    private, published = tmp_path / "w.pipeline.duckdb", tmp_path / "w.duckdb"
    _write(private, [1])
    publish(private, published, digest="one")
    published.unlink()
    _write(published, [9])
    assert publish(private, published, digest="one")
    assert _read(published) == [1]


def test_the_digest_ignores_reapplying_the_schema_and_sees_a_new_page(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    with duckdb.connect(str(database)) as con:
        apply_schema(con)
        load_page(con, synthetic_page("a.txt", b"A", {"重庆大学": "university"}))
        first = content_digest(con)
    with duckdb.connect(str(database)) as con:
        apply_schema(con)  # what every run does first: views replaced by the same SQL
        assert content_digest(con) == first
        load_page(con, synthetic_page("b.txt", b"B", {}))
        assert content_digest(con) != first
