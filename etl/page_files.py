"""The page files in SEEDS_DIR: their names, content hashes and the partition key of each.

A partition key is ``<ascii slug of the file name>-<sha256[:12]>``: readable in the UI, stable for the same
bytes, and new whenever a file's content changes. It is only ever used to find files, never put in SQL.

A file modified less than ``settle_seconds`` ago is *settling*: probably still being written. Triggers
(the sensor, the daily sweep, ``python -m etl run``) leave it for later instead of loading half a page.
Reads are bounded: a file larger than a page can be is refused from its size, never read into memory.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

SLUG_MAX = 40

#: The sha256 recorded for a file the OS refuses to read (permissions, I/O error): its partition is
#: refused as ``unreadable`` when it runs, and every scan tries the file again, so it loads once readable.
UNREADABLE_SHA256 = "0" * 64

#: How long ``python -m etl run`` waits at most for settling files before leaving them for the next run.
SETTLE_TIMEOUT_SECONDS = 60.0


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
        try:
            stat = path.stat()
            previous = known.get(source_path)
            if (previous and previous.sha256 != UNREADABLE_SHA256
                    and (previous.size, previous.mtime_ns) == (stat.st_size, stat.st_mtime_ns)):
                files.append(previous)
                continue
            sha256 = file_sha256(path)
        except FileNotFoundError:
            continue  # deleted since the directory was listed: there is nothing to load
        except OSError:
            sha256 = UNREADABLE_SHA256  # the run records why, instead of one file stopping every scan
        files.append(PageFile(source_path, stat.st_size, stat.st_mtime_ns, sha256))
    return files


def by_partition_key(files: Iterable[PageFile]) -> dict[str, list[PageFile]]:
    """Group files by partition key; a key holds several files only when they are identical copies."""
    groups: dict[str, list[PageFile]] = {}
    for page_file in sorted(files, key=lambda f: f.source_path):
        groups.setdefault(page_file.partition_key, []).append(page_file)
    return groups


def settling(files: Iterable[PageFile], settle_seconds: float, now_ns: int | None = None) -> list[PageFile]:
    """Files modified less than ``settle_seconds`` ago: a writer may still be appending to them.

    Every write moves the mtime, so a file whose mtime has stayed put for ``settle_seconds`` also has a
    stable size. The distance is taken both ways, so a clock that runs behind the writer's (an mtime
    in the future) delays a file by at most ``settle_seconds`` instead of forever.
    """
    if settle_seconds <= 0:
        return []
    now_ns = time.time_ns() if now_ns is None else now_ns
    return [f for f in files if abs(now_ns - f.mtime_ns) < settle_seconds * 1e9]


def settled_page_files(seeds_dir: Path, settle_seconds: float, timeout: float = SETTLE_TIMEOUT_SECONDS,
                       on_wait: Callable[[list[PageFile]], None] | None = None,
                       ) -> tuple[list[PageFile], list[PageFile]]:
    """Scan ``seeds_dir``, waiting (up to ``timeout`` seconds) until no file is settling.

    Returns ``(settled, still_settling)``: the files to load, and those still being written when the
    time ran out (the caller names them; the next run picks them up). ``on_wait`` hears each wait.
    """
    deadline = time.monotonic() + timeout
    files = scan_page_files(seeds_dir)
    while True:
        waiting = settling(files, settle_seconds)
        if not waiting or time.monotonic() >= deadline:
            names = {f.source_path for f in waiting}
            return [f for f in files if f.source_path not in names], waiting
        if on_wait:
            on_wait(waiting)
        youngest = max(f.mtime_ns for f in waiting)
        pause = settle_seconds - (time.time_ns() - youngest) / 1e9
        time.sleep(min(max(pause, 0.05), settle_seconds, max(deadline - time.monotonic(), 0.0)))
        # A file that changed meanwhile has a new stat, so it is re-hashed; the others are not.
        files = scan_page_files(seeds_dir, {f.source_path: f for f in files})


class PageTooLarge(Exception):
    """A file bigger than a page can be: refused without reading it."""

    def __init__(self, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(f"{size} bytes exceeds the {limit}-byte limit for one page; "
                         "refused from its size without reading it")


def read_page_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, reading at most ``limit`` + 1 of them whatever the file does meanwhile.

    The size is checked (stat) before anything is read, and the read itself is capped, so a file that
    grows past the limit after the stat is refused too: memory stays bounded by ``limit``.
    """
    size = path.stat().st_size
    if size > limit:
        raise PageTooLarge(size, limit)
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise PageTooLarge(max(len(raw), path.stat().st_size), limit)
    return raw
