"""Page files are found by stat, identified by content hash, named by an ASCII partition key, held back
while still being written, and read with bounded memory."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from etl.page_files import (
    PageTooLarge,
    by_partition_key,
    partition_key,
    read_page_bytes,
    scan_page_files,
    settled_page_files,
    settling,
)

SHA = hashlib.sha256(b"x").hexdigest()


@pytest.mark.parametrize(("source_path", "expected"), [
    ("000_0c57ab9ed425abbc.txt", f"000-0c57ab9ed425abbc-{SHA[:12]}"),
    ("2025/03/Page 01.TXT", f"2025-03-page-01-{SHA[:12]}"),
    ("重庆日报.txt", f"page-{SHA[:12]}"),
    ("a" * 80 + ".txt", f"{'a' * 40}-{SHA[:12]}"),
    ("no_extension", f"no-extension-{SHA[:12]}"),
])
def test_partition_key_is_an_ascii_slug_plus_the_content_hash(source_path: str, expected: str) -> None:
    key = partition_key(source_path, SHA)
    assert key == expected
    assert key.isascii()


def test_scan_finds_files_in_subfolders_and_skips_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes(b"a")
    (tmp_path / "sub" / "b.txt").write_bytes(b"b")
    (tmp_path / ".gitkeep").write_bytes(b"")
    files = scan_page_files(tmp_path)
    assert [(f.source_path, f.sha256) for f in files] == [
        ("a.txt", hashlib.sha256(b"a").hexdigest()), ("sub/b.txt", hashlib.sha256(b"b").hexdigest())]


def test_scan_rehashes_only_files_whose_stat_changed(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_bytes(b"old")
    known = {f.source_path: f for f in scan_page_files(tmp_path)}
    page.write_bytes(b"new")
    stat = page.stat()
    assert scan_page_files(tmp_path, known)[0].sha256 == hashlib.sha256(b"new").hexdigest()
    # Same size and mtime as the known entry: trusted without reading the file.
    os.utime(page, ns=(known["a.txt"].mtime_ns, known["a.txt"].mtime_ns))
    assert stat.st_size == known["a.txt"].size
    assert scan_page_files(tmp_path, known)[0].sha256 == hashlib.sha256(b"old").hexdigest()


def test_identical_files_with_the_same_slug_share_a_key(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_bytes(b"same")
    (tmp_path / "a-b.txt").write_bytes(b"same")
    groups = by_partition_key(scan_page_files(tmp_path))
    assert [[f.source_path for f in files] for files in groups.values()] == [["a b.txt", "a-b.txt"]]


def test_a_file_modified_within_the_settle_time_is_settling(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes(b"old")
    (tmp_path / "new.txt").write_bytes(b"new")
    os.utime(tmp_path / "old.txt", ns=(0, time.time_ns() - 3_000_000_000))
    files = scan_page_files(tmp_path)
    assert [f.source_path for f in settling(files, settle_seconds=2)] == ["new.txt"]
    assert settling(files, settle_seconds=0) == []


def test_a_file_dated_far_in_the_future_is_not_held_back_forever(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a")
    os.utime(tmp_path / "a.txt", ns=(0, time.time_ns() + 3600 * 1_000_000_000))
    assert settling(scan_page_files(tmp_path), settle_seconds=2) == []


def test_settled_page_files_waits_until_a_fresh_file_has_settled(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a")
    started = time.monotonic()
    settled, still_written = settled_page_files(tmp_path, settle_seconds=0.3, timeout=5)
    assert [f.source_path for f in settled] == ["a.txt"] and still_written == []
    assert time.monotonic() - started >= 0.25


def test_a_file_larger_than_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    with page.open("wb") as handle:
        handle.truncate(1 << 30)  # sparse: 1 GiB on paper, nothing on disk
    with pytest.raises(PageTooLarge) as caught:
        read_page_bytes(page, limit=1024)
    assert (caught.value.size, caught.value.limit) == (1 << 30, 1024)


def test_a_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"x" * 1024)
    assert read_page_bytes(tmp_path / "a.txt", limit=1024) == b"x" * 1024
