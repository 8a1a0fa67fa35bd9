"""Newspaper warehouse: Chinese e-paper pages in, a DuckDB star schema out.

``etl.extract`` is the pure core (bytes in, polars rows out); ``etl.schemas`` declares every table once;
``etl.warehouse`` loads DuckDB; ``etl.defs`` and ``etl.definitions`` are the thin Dagster layer.
"""
