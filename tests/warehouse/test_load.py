"""load_page replaces one page atomically; organizations are shared; refusals are recorded once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.warehouse import apply_schema, load_page, record_rejection
from tests.warehouse_support import fingerprint, synthetic_page


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        apply_schema(con)
    return path


def _load(database: Path, frames: dict[str, pl.DataFrame]) -> str:
    with duckdb.connect(str(database)) as con:
        return load_page(con, frames)


def _rows(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_a_new_page_is_loaded_with_its_rows(database: Path) -> None:
    page = synthetic_page("a.txt", b"A", {"重庆大学": "university"})
    assert _load(database, page) == "loaded"
    assert _rows(database, "SELECT source_path FROM pages") == [("a.txt",)]
    assert _rows(database, "SELECT name, kind FROM organizations") == [("重庆大学", "university")]
    assert _rows(database, "SELECT count(*) FROM organization_mentions") == [(1,)]


def test_loading_the_same_rows_again_is_a_no_op(database: Path) -> None:
    page = synthetic_page("a.txt", b"A", {"重庆大学": "university"})
    _load(database, page)
    before = fingerprint(database)
    assert _load(database, page) == "unchanged"
    assert fingerprint(database) == before


def test_new_rows_for_the_same_bytes_replace_the_old_rows(database: Path) -> None:
    _load(database, synthetic_page("a.txt", b"A", {"重庆大学": "university"}))
    assert _load(database, synthetic_page("a.txt", b"A", {"市经信委": "government"})) == "loaded"
    assert _rows(database, "SELECT name FROM organizations") == [("市经信委",)]


def test_an_edited_file_replaces_every_row_of_its_previous_version(database: Path) -> None:
    _load(database, synthetic_page("a.txt", b"version 1", {"重庆大学": "university"}))
    assert _load(database, synthetic_page("a.txt", b"version 2", {"市经信委": "government"})) == "loaded"
    assert _rows(database, "SELECT count(*), any_value(sha256) FROM pages") == [
        (1, hashlib.sha256(b"version 2").hexdigest())]
    assert _rows(database, "SELECT count(*) FROM articles") == [(1,)]
    assert _rows(database, "SELECT name FROM organizations") == [("市经信委",)]


def test_a_byte_identical_copy_is_recorded_as_duplicate_not_loaded(database: Path) -> None:
    _load(database, synthetic_page("a.txt", b"same", {"重庆大学": "university"}))
    assert _load(database, synthetic_page("copy.txt", b"same", {"重庆大学": "university"})) == "duplicate"
    assert _rows(database, "SELECT source_path FROM pages") == [("a.txt",)]
    assert _rows(database, "SELECT source_path, stage FROM rejected") == [("copy.txt", "duplicate")]


def test_an_organization_stays_while_another_page_still_mentions_it(database: Path) -> None:
    _load(database, synthetic_page("a.txt", b"A", {"重庆大学": "university", "市经信委": "government"}))
    _load(database, synthetic_page("b.txt", b"B", {"重庆大学": "university"}))
    _load(database, synthetic_page("a.txt", b"A2", {"两江新区管委会": "government"}))
    names = {r[0] for r in _rows(database, "SELECT name FROM organizations")}
    assert names == {"重庆大学", "两江新区管委会"}  # 市经信委 was only on a.txt's old version


def test_a_failing_insert_leaves_the_previous_version_intact(database: Path) -> None:
    _load(database, synthetic_page("a.txt", b"A", {"重庆大学": "university"}))
    before = fingerprint(database)
    broken = synthetic_page("a.txt", b"A2", {"市经信委": "government"})
    # Two mentions with the same key: the insert fails after the old rows were deleted.
    broken["organization_mentions"] = pl.concat([broken["organization_mentions"]] * 2)
    with pytest.raises(duckdb.ConstraintException):
        _load(database, broken)
    assert fingerprint(database) == before


def test_a_loaded_page_clears_its_earlier_rejection(database: Path) -> None:
    with duckdb.connect(str(database)) as con:
        record_rejection(con, "a.txt", "decode", "truncated", "cut")
    _load(database, synthetic_page("a.txt", b"A", {}))
    assert _rows(database, "SELECT count(*) FROM rejected") == [(0,)]


def test_the_same_refusal_twice_keeps_one_row_and_its_first_timestamp(database: Path) -> None:
    with duckdb.connect(str(database)) as con:
        record_rejection(con, "a.txt", "decode", "empty", "0 bytes")
        first = con.execute("SELECT * FROM rejected").fetchall()
        record_rejection(con, "a.txt", "decode", "empty", "0 bytes")
        assert con.execute("SELECT * FROM rejected").fetchall() == first
        record_rejection(con, "a.txt", "decode", "binary", "PNG")
        assert con.execute("SELECT reason FROM rejected").fetchall() == [("binary",)]


def test_lists_are_stored_as_varchar_arrays(database: Path) -> None:
    page = synthetic_page("a.txt", b"A", {})
    page["articles"] = page["articles"].with_columns(pl.Series("deck", [["副题一", "副题二"]]),
                                                     pl.Series("reporters", [["陈军"]]))
    _load(database, page)
    assert _rows(database, "SELECT deck, reporters FROM articles") == [(["副题一", "副题二"], ["陈军"])]
