"""A file the OS will not let the pipeline read is refused as ``unreadable``; the other pages load.

CI runs as root, which reads through any permission bits, so the I/O-error case uses a real file that
fails on read for everyone: ``/proc/self/mem`` (reading its first page raises EIO) behind a symlink.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from etl.page_files import UNREADABLE_SHA256, PageFile, scan_page_files
from tests.conftest import SEED_NAME, SEED_PATH
from tests.faults.test_bad_input import load, query, rejected_rows, write

PROC_MEM = Path("/proc/self/mem")
needs_proc_mem = pytest.mark.skipif(not PROC_MEM.exists(), reason="needs Linux /proc/self/mem")


@needs_proc_mem
def test_a_file_that_fails_on_read_is_rejected_as_unreadable_and_the_seed_still_loads(tmp_path: Path) -> None:
    seeds = write(tmp_path / "seeds", {SEED_NAME: SEED_PATH.read_bytes()})
    (seeds / "broken_disk.txt").symlink_to(PROC_MEM)
    run = load(seeds, tmp_path)
    stage, reason, detail = rejected_rows(run.warehouse)["broken_disk.txt"]
    assert (stage, reason) == ("read", "unreadable")
    assert "OSError" in detail
    assert query(run.warehouse, "SELECT source_path FROM pages") == [(SEED_NAME,)]
    assert run.counts["loaded"] == 1 and run.counts["rejected"] == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permission bits")
def test_a_file_without_read_permission_is_rejected_as_unreadable(tmp_path: Path) -> None:
    seeds = write(tmp_path / "seeds", {SEED_NAME: SEED_PATH.read_bytes(), "locked.txt": SEED_PATH.read_bytes()})
    (seeds / "locked.txt").chmod(0)
    try:
        run = load(seeds, tmp_path)
    finally:
        (seeds / "locked.txt").chmod(0o644)
    assert rejected_rows(run.warehouse)["locked.txt"][:2] == ("read", "unreadable")


@needs_proc_mem
def test_a_scan_records_an_unreadable_file_instead_of_failing(tmp_path: Path) -> None:
    write(tmp_path, {SEED_NAME: SEED_PATH.read_bytes()})
    (tmp_path / "broken_disk.txt").symlink_to(PROC_MEM)
    shas = {f.source_path: f.sha256 for f in scan_page_files(tmp_path)}
    assert shas == {SEED_NAME: hashlib.sha256(SEED_PATH.read_bytes()).hexdigest(),
                    "broken_disk.txt": UNREADABLE_SHA256}


def test_a_file_once_unreadable_is_hashed_again_though_its_size_and_mtime_did_not_change(tmp_path: Path) -> None:
    write(tmp_path, {SEED_NAME: SEED_PATH.read_bytes()})
    stat = (tmp_path / SEED_NAME).stat()
    known = {SEED_NAME: PageFile(SEED_NAME, stat.st_size, stat.st_mtime_ns, UNREADABLE_SHA256)}
    (rescanned,) = scan_page_files(tmp_path, known)
    assert rescanned.sha256 == hashlib.sha256(SEED_PATH.read_bytes()).hexdigest()


def test_a_dangling_symlink_is_not_a_page(tmp_path: Path) -> None:
    write(tmp_path, {SEED_NAME: SEED_PATH.read_bytes()})
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert [f.source_path for f in scan_page_files(tmp_path)] == [SEED_NAME]
