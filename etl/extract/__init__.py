"""Pure extraction: one page's raw bytes in, one polars DataFrame per warehouse table out.

Knows nothing of Dagster or DuckDB. The entry point is ``extract_page``; a page that cannot be read
raises ``PageRejected`` naming the file and the reason.
"""

from etl.extract.errors import PageRejected
from etl.extract.page import PageTables, extract_page

__all__ = ["PageRejected", "PageTables", "extract_page"]
