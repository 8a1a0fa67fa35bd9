"""Frames built from the pandera models: exact columns and dtypes, empty or not."""

from __future__ import annotations

import polars as pl

from etl import schemas
from etl.extract import extract_page
from tests.conftest import SEED_NAME, SEED_PATH


def test_an_empty_table_has_exactly_the_models_columns_and_dtypes() -> None:
    for model in schemas.TABLES.values():
        empty = schemas.frame(model, [])
        assert empty.height == 0
        assert dict(empty.schema) == schemas.polars_schema(model)


def test_changing_one_empty_frame_in_place_leaves_the_next_one_empty() -> None:
    model = schemas.TABLES["organizations"]
    first = schemas.empty_frame(model)
    first.extend(pl.DataFrame([{"org_id": "x", "name": "重庆日报", "kind": "other"}],
                              schema=schemas.polars_schema(model)))
    assert first.height == 1
    assert schemas.empty_frame(model).height == 0


def test_rows_keep_their_values_and_the_models_dtypes() -> None:
    model = schemas.TABLES["organizations"]
    built = schemas.frame(model, [{"org_id": "a1", "name": "重庆大学", "kind": "university"}])
    assert built.rows() == [("a1", "重庆大学", "university")]
    assert dict(built.schema) == schemas.polars_schema(model)


def test_frames_from_row_tuples_are_built_through_the_typed_column_constructors() -> None:
    assert schemas._column_builders is not None, "polars moved its internals: rows_frame() is on the slow path"


def test_a_frame_from_row_tuples_is_the_frame_from_the_same_rows_as_dicts() -> None:
    tables = extract_page(SEED_PATH.read_bytes(), SEED_NAME).as_dict()
    for name, model in schemas.TABLES.items():
        rows = tables[name].rows()
        built = schemas.rows_frame(model, rows)
        public = pl.DataFrame(tables[name].to_dicts(), schema=schemas.polars_schema(model))
        assert built.equals(public) and built.schema == public.schema


def test_row_tuples_keep_nulls_empty_lists_and_the_models_dtypes() -> None:
    model = schemas.Article
    rows = [("a1", "p1", 1, None, [], None, None, [], None, None, 0, 0, 10),
            ("a2", "p1", 2, "标题", ["副题一", "副题二"], "重庆日报", "新重庆", ("杨帆",), "记者 杨帆", "after_body",
             3, 11, 80)]
    built = schemas.rows_frame(model, rows)
    assert dict(built.schema) == schemas.polars_schema(model)
    assert built.rows() == [tuple(list(v) if isinstance(v, tuple) else v for v in row) for row in rows]
    assert schemas.rows_frame(model, []).equals(schemas.empty_frame(model))
    metric = schemas.rows_frame(schemas.Metric, [("m1", "a1", "约3亿元", 3e8, "CNY", "亿元", "approx", "约", None,
                                                  None, None, "actual", "body", "约3亿元", 5, 9)])
    assert metric.schema["value"] == pl.Float64 and metric.item(0, "value") == 3e8


def test_a_row_of_the_wrong_width_or_type_is_refused() -> None:
    model = schemas.Organization
    for rows in ([("o1", "重庆大学")], [("o1", "重庆大学", "university", "x")], [("o1", "重庆大学", 3)]):
        try:
            schemas.rows_frame(model, rows)
        except (ValueError, TypeError, pl.exceptions.PolarsError):
            continue
        raise AssertionError(f"{rows} was accepted")
