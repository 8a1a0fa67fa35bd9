"""Frames built from the pandera models: exact columns and dtypes, empty or not."""

from __future__ import annotations

import polars as pl

from etl import schemas


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
