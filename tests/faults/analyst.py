"""An analyst as its own process: ``python -m tests.faults.analyst WAREHOUSE_PATH read_only|read_write``.

Opens the warehouse, prints ``ready``, then queries every page's fingerprint through the same session
every 0.5 s until a line arrives on stdin (a run loads meanwhile). Then prints one JSON object: every
distinct page set the session saw while polling, what the session sees now, and what a new connection
sees.
"""

from __future__ import annotations

import json
import select
import sys
import time

import duckdb

from tests.faults.support import session_page_fingerprints


def main(path: str, mode: str) -> None:
    session = duckdb.connect(path, read_only=mode == "read_only")
    seen: list[dict[str, str]] = []
    print("ready", flush=True)
    polls = 0
    while not select.select([sys.stdin], [], [], 0.5)[0]:
        pages = session_page_fingerprints(session)
        polls += 1
        if pages not in seen:
            seen.append(pages)
    sys.stdin.readline()
    held = session_page_fingerprints(session)
    started = time.monotonic()
    session.close()
    with duckdb.connect(path, read_only=True) as fresh:
        reconnected = session_page_fingerprints(fresh)
    print(json.dumps({"polls": polls, "seen": seen, "held": held, "reconnected": reconnected,
                      "reconnect_seconds": time.monotonic() - started}), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
