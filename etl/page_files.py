"""The page files in SEEDS_DIR: their names, content hashes and the partition key of each.

A partition key is ``<ascii slug of the file name>-<sha256[:12]>``: readable in the UI, stable for the same
bytes, and new whenever a file's content changes. It is only ever used to find files, never put in SQL.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

SLUG_MAX = 40


@dataclass(frozen=True)
class PageFile:
    """One file under SEEDS_DIR, identified by its content."""

    source_path: str  #: path relative to SEEDS_DIR, with forward slashes
    size: int
    mtime_ns: int
    sha256: str

    @property
    def partition_key(self) -> str:
        return partition_key(self.source_path, self.sha256)


def partition_key(source_path: str, sha256: str) -> str:
    """ASCII key for a file version: slug of its name (``page`` if nothing ASCII is left) + content hash."""
    stem = source_path.rsplit(".", 1)[0] if "." in source_path.rsplit("/", 1)[-1] else source_path
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:SLUG_MAX].strip("-") or "page"
    return f"{slug}-{sha256[:12]}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _candidates(seeds_dir: Path) -> Iterable[Path]:
    # Hidden files (.gitkeep, editor swap files) are not pages; anything else is, and the extractor
    # rejects what is not text with a reason an analyst can read.
    for path in sorted(seeds_dir.rglob("*")):
        relative = path.relative_to(seeds_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield path


def scan_page_files(seeds_dir: Path, known: Mapping[str, PageFile] | None = None) -> list[PageFile]:
    """Stat every file under ``seeds_dir``; hash those whose size or mtime differ from ``known``.

    ``known`` (source_path -> PageFile from an earlier scan) lets a sensor tick skip re-reading files
    that have not been touched; a file whose stat changed is always re-hashed.
    """
    known = known or {}
    files = []
    for path in _candidates(seeds_dir):
        source_path = path.relative_to(seeds_dir).as_posix()
        stat = path.stat()
        previous = known.get(source_path)
        if previous and (previous.size, previous.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            files.append(previous)
        else:
            files.append(PageFile(source_path, stat.st_size, stat.st_mtime_ns, file_sha256(path)))
    return files


def by_partition_key(files: Iterable[PageFile]) -> dict[str, list[PageFile]]:
    """Group files by partition key; a key holds several files only when they are identical copies."""
    groups: dict[str, list[PageFile]] = {}
    for page_file in sorted(files, key=lambda f: f.source_path):
        groups.setdefault(page_file.partition_key, []).append(page_file)
    return groups
