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


def test_frames_are_built_through_the_fast_constructor_on_the_pinned_polars() -> None:
    assert schemas._from_dicts is not None, "polars moved its internals: frame() is on the slow public path"


def test_the_fast_constructor_builds_what_the_public_one_builds() -> None:
    tables = extract_page(SEED_PATH.read_bytes(), SEED_NAME).as_dict()
    for name, model in schemas.TABLES.items():
        rows = tables[name].to_dicts()
        assert rows, f"the seed has {name} rows"
        public = pl.DataFrame(rows, schema=schemas.polars_schema(model))
        built = schemas.frame(model, rows)
        assert built.equals(public) and built.schema == public.schema
