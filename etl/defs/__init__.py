"""The thin Dagster layer: assets call ``etl.extract``, checks call ``etl.validation``, one asset loads."""
