"""A test-only hook that kills the process at a named point, so the fault suite can crash a real run
exactly between two steps (``tests/faults/test_crashes.py``).

``ETL_FAULT_POINT=<point>[:<n>]`` makes the n-th (default first) arrival at ``<point>`` send SIGKILL to
the process itself: no ``finally``, no atexit, no flush, as when the kernel's OOM killer or a power
cut ends a run. Unset (always, outside tests) it costs one dictionary lookup. Points:

- ``during_extract``: after a page was extracted, before the next one (extracted_tables)
- ``after_delete``: a page's old rows deleted, its new rows not yet inserted (load_page)
- ``before_commit``: a page's new rows inserted, the transaction not yet committed (load_page)
- ``during_compact``: the compacted copy of the private file written, not yet renamed over it
  (``etl.warehouse.compact``, only when the file was worth compacting)
- ``before_publish``: every page committed and checkpointed, nothing published yet
- ``during_publish``: the copy of the private file written, not yet renamed over WAREHOUSE_PATH
"""

from __future__ import annotations

import os
import signal
from collections import Counter

FAULT_POINT_ENV = "ETL_FAULT_POINT"
POINTS = ("during_extract", "after_delete", "before_commit", "during_compact", "before_publish",
          "during_publish")

_arrivals: Counter[str] = Counter()


def fault_point(name: str) -> None:
    """Kill this process with SIGKILL if ETL_FAULT_POINT names ``name`` and this is the n-th arrival."""
    spec = os.environ.get(FAULT_POINT_ENV)
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _arrivals[name] += 1
    if _arrivals[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
