"""A compaction killed (SIGKILL) or stopped by a full disk leaves the private file as it was, whole and
openable; the next compaction removes what the failed one left and compacts.

Compaction is a real process here (``python -c``), so the kill and the file size limit hit it, not
pytest. The pipeline's own fault runs (``test_crashes.py``) load three pages, far below the size worth
compacting, so they never reach ``during_compact``: the point is killed here, on a fragmented file.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from etl.warehouse.compact import compact_when_fragmented
from etl.warehouse.publish import content_digest
from tests.conftest import REPO_ROOT
from tests.faults.support import etl_env
from tests.warehouse_support import fingerprint, fragmented_warehouse

_COMPACT = ("import sys; from pathlib import Path; from etl.warehouse.compact import compact_when_fragmented; "
            "result = compact_when_fragmented(Path(sys.argv[1])); "
            "print(result.describe(Path(sys.argv[1])) if result else 'not worth compacting')")

#: Bytes the compacting process may write to any one file: less than the compacted copy (about 2.4 MB).
_FILE_SIZE_LIMIT = 1_000_000


def _compact_in_a_process(database: Path, file_size_limit: int | None = None,
                          **env: str) -> subprocess.CompletedProcess:
    def limit_file_size() -> None:  # in the child, before exec
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write with EFBIG instead of dying
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run([sys.executable, "-c", _COMPACT, str(database)], cwd=REPO_ROOT,
                          env=etl_env(database.parent, database, **env), capture_output=True, text=True,
                          timeout=300, preexec_fn=limit_file_size if file_size_limit else None)


def _state(database: Path) -> tuple[int, str, dict[str, tuple[int, str]]]:
    with duckdb.connect(str(database), read_only=True) as con:
        digest = content_digest(con)
    return database.stat().st_ino, digest, fingerprint(database)


def test_a_kill_before_the_rename_leaves_the_original_and_the_next_run_compacts(tmp_path: Path) -> None:
    database = fragmented_warehouse(tmp_path / "w.pipeline.duckdb")
    before, size = _state(database), database.stat().st_size
    killed = _compact_in_a_process(database, ETL_FAULT_POINT="during_compact")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _state(database) == before
    assert list(tmp_path.glob("*.duckdb.tmp"))  # the finished copy, never renamed
    result = compact_when_fragmented(database)
    assert result is not None and result.compacted and database.stat().st_size < size
    assert _state(database)[1:] == before[1:]
    assert sorted(p.name for p in tmp_path.iterdir()) == [database.name]


def test_a_full_disk_during_the_copy_keeps_the_original_and_no_copy(tmp_path: Path) -> None:
    database = fragmented_warehouse(tmp_path / "w.pipeline.duckdb")
    before = _state(database)
    done = _compact_in_a_process(database, file_size_limit=_FILE_SIZE_LIMIT)
    assert done.returncode == 0, done.stderr
    assert "left as it was" in done.stdout and "could not write the compacted copy" in done.stdout
    assert _state(database) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [database.name]
