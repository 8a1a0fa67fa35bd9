"""The DuckDB side: the warehouse's DDL and views, the per-page transactional load, the rejected table,
publishing the pipeline's private file to the path analysts open (``publish``), compacting that file
when reloads left much of it free blocks (``compact``), the one-writer lock (``lock``) and the test-only
crash hook (``faults``).

Everything that writes the warehouse lives here; the Dagster assets only call ``load_page`` and
``record_rejection`` on a connection they get from the DuckDB resource.
"""

from etl.warehouse.load import PageOutcome, load_page, record_rejection
from etl.warehouse.schema import apply_schema, table_columns

__all__ = ["PageOutcome", "apply_schema", "load_page", "record_rejection", "table_columns"]
