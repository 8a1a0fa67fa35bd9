"""Throughput benchmark for ``etl.extract.extract_page`` (a script, not a test).

Usage::

    python -m etl.bench extract --pages 10000 [--seed 0] [--corpus-dir DIR ...] [--warmup 50]
                                [--repeat 1] [--json] [--profile] [--tracemalloc]
    python -m etl.bench digest [--pages 500] [--seed 0]    # per-table hash of the output

It builds a varied corpus in memory from the real pages it finds (``seeds/*.txt`` and
``tests/fixtures/pages/*.txt``, or the ``--corpus-dir`` folders): articles (split after byline lines)
from different pages are recombined, digits are remapped, paragraphs dropped, duplicated or swapped,
and pages are encoded as UTF-8, UTF-8 with BOM or GB18030, sometimes with CRLF, at 4-15 kB like the seed.
It then runs ``extract_page`` over every page in ONE process on ONE core, after a short warm-up, and
reports pages, MB, wall seconds, pages/s, MB/s, peak RSS (which includes the in-memory corpus), the
rejected count and rows per table. ``--repeat N`` times the loop N times in the same process and reports
the median pass, with the slowest and fastest: on a shared machine one pass can be 10% off, and a
before/after comparison should rest on medians of alternating runs. CPU seconds are reported beside the
wall seconds (a pass that waited for the CPU shows a gap between them). ``--tracemalloc`` adds the
Python heap peak (slow); ``--profile`` runs the timed loop under cProfile and prints the top 25 functions
by cumulative time (timings then overstate the cost).

One core: ``POLARS_MAX_THREADS=1`` is set below *before* polars is first imported (an explicit value in
the environment wins; the report shows the pool size actually used), the process is pinned to one CPU
where the OS allows it, and nothing runs in parallel. Target: >= 300 pages/s on one core for
seed-sized pages.
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # must precede the first polars import

import argparse
import cProfile
import hashlib
import json
import platform
import pstats
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from etl import schemas
from etl.extract import PageRejected, extract_page
from etl.extract.decoding import decode_page

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (ROOT / "seeds", ROOT / "tests" / "fixtures" / "pages")
MIN_BYTES, MAX_BYTES = 4_000, 15_000
TARGET_PAGES_PER_S = 300
_BYLINE = re.compile(r"记者|通讯员|摄影|报道|编辑")
Article = list[str]  # blank-line-separated blocks; the first is the title, the last often the byline


def load_articles(dirs: list[Path]) -> list[Article]:
    """Readable pages under ``dirs`` split into articles; unreadable fixtures are skipped."""
    articles: list[Article] = []
    for path in sorted(p for d in dirs if d.is_dir() for p in d.glob("*.txt")):
        try:
            text = decode_page(path.read_bytes(), str(path)).text
        except PageRejected:
            continue
        current: Article = []
        for block in (b.strip() for b in re.split(r"\n\s*\n", text)):
            if not block:
                continue
            current.append(block)
            if len(block) <= 40 and "。" not in block and _BYLINE.search(block) and len(current) > 1:
                articles.append(current)
                current = []
        if current:
            articles.append(current)
    if not articles:
        raise SystemExit(f"no readable pages in {', '.join(map(str, dirs))}")
    return articles


def _vary(article: Article, rng: random.Random, digits: dict[int, int]) -> Article:
    """A copy with paragraphs dropped, duplicated or swapped and digits remapped (title kept first)."""
    head, body = article[:1], list(article[1:])
    if len(body) > 2:
        body = [b for b in body if rng.random() > 0.1] or body[:1]
    body = [b for b in body for _ in range(2 if rng.random() < 0.05 else 1)]
    if len(body) > 2 and rng.random() < 0.3:
        i = rng.randrange(len(body) - 1)
        body[i], body[i + 1] = body[i + 1], body[i]
    return [b.translate(digits) if rng.random() < 0.5 else b for b in head + body]


def _encode(text: str, variant: str) -> bytes:
    if variant.endswith("crlf"):
        text = text.replace("\n", "\r\n")
    if variant.startswith("gb18030"):
        return text.encode("gb18030")
    return (b"\xef\xbb\xbf" if variant.startswith("bom") else b"") + text.encode("utf-8")


def generate_corpus(n: int, seed: int = 0, dirs: list[Path] | None = None) -> list[tuple[str, bytes]]:
    """``n`` varied pages as (synthetic source path, raw bytes), deterministic for a given seed."""
    rng = random.Random(seed)
    pool = load_articles(list(dirs or DEFAULT_DIRS))
    variants = ["utf8"] * 6 + ["utf8-crlf", "bom", "gb18030", "gb18030-crlf"]
    pages: list[tuple[str, bytes]] = []
    for i in range(n):
        variant = rng.choice(variants)
        shuffled = list(range(10))
        rng.shuffle(shuffled)
        digits = {ord("0") + d: ord("0") + shuffled[d] for d in range(10)}
        sep = rng.choice(["\n\n", "\n\n", "\n\n\n", "\n\n\n\n"])
        target = rng.randint(MIN_BYTES, MAX_BYTES)
        blocks: list[str] = []
        raw = b""
        for _ in range(50):  # bounded: add articles until the target, then trim to the range
            if len(raw) >= target:
                break
            blocks += _vary(rng.choice(pool), rng, digits)
            raw = _encode(sep.join(blocks) + "\n", variant)
        while len(raw) > MAX_BYTES and len(blocks) > 1:
            blocks.pop()
            raw = _encode(sep.join(blocks) + "\n", variant)
        pages.append((f"bench/{i:06d}_{variant}.txt", raw))
    return pages


def python_build() -> str:
    """The interpreter the figures are for: two builds of one CPython version can differ by a fifth in speed
    on this code (a distribution's optimised build against a local build without PGO), so a figure names it."""
    return f"{platform.python_implementation()} {platform.python_version()} {sys.executable}"


@dataclass
class BenchResult:
    pages: int
    total_mb: float
    wall_s: float
    cpu_s: float
    pages_per_s: float
    pages_per_cpu_s: float
    mb_per_s: float
    peak_rss_mb: float
    polars_threads: int
    rejected: int
    python: str = field(default_factory=python_build)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    tracemalloc_peak_mb: float | None = None
    #: pages/s of every timed pass, in run order (one unless ``repeat`` > 1); the figures above are the median's
    passes_pages_per_s: list[float] = field(default_factory=list)


def _timed_pass(pages: list[tuple[str, bytes]]) -> tuple[float, float, Counter[str], Counter[str]]:
    """Extract every page once: wall and CPU seconds, rows per table and refusals per reason."""
    rows: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    start, cpu_start = time.perf_counter(), time.process_time()
    for path, raw in pages:
        try:
            tables = extract_page(raw, path)
        except PageRejected as err:
            rejected[err.reason] += 1
            continue
        for name, frame in tables.as_dict().items():
            rows[name] += frame.height
    return time.perf_counter() - start, time.process_time() - cpu_start, rows, rejected


def run_benchmark(pages: list[tuple[str, bytes]], warmup: int = 50, trace: bool = False,
                  profiler: cProfile.Profile | None = None, repeat: int = 1) -> BenchResult:
    """Extract every page in this process, ``repeat`` times; the first ``warmup`` pages also run once, untimed.

    The result's timings are the median pass's (the slower of the two middle ones for an even count)."""
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, not {repeat}")
    for path, raw in pages[:warmup]:
        try:
            extract_page(raw, path)
        except PageRejected:
            pass
    if trace:
        tracemalloc.start()
    if profiler:
        profiler.enable()
    passes = [_timed_pass(pages) for _ in range(repeat)]
    if profiler:
        profiler.disable()
    heap_peak = tracemalloc.get_traced_memory()[1] / 1e6 if trace else None
    if trace:
        tracemalloc.stop()
    wall, cpu, rows, rejected = sorted(passes, key=lambda p: p[0])[repeat // 2]
    mb = sum(len(raw) for _, raw in pages) / 1e6
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux, bytes on macOS
    rss_mb = rss_kb / (1e6 if sys.platform == "darwin" else 1e3)
    return BenchResult(
        pages=len(pages), total_mb=round(mb, 3), wall_s=round(wall, 4), cpu_s=round(cpu, 4),
        pages_per_s=round(len(pages) / wall, 1) if wall else 0.0,
        pages_per_cpu_s=round(len(pages) / cpu, 1) if cpu else 0.0,
        mb_per_s=round(mb / wall, 3) if wall else 0.0, peak_rss_mb=round(rss_mb, 1),
        polars_threads=pl.thread_pool_size(), rejected=sum(rejected.values()),
        rejected_by_reason=dict(rejected), rows=dict(rows),
        tracemalloc_peak_mb=round(heap_peak, 2) if heap_peak is not None else None,
        passes_pages_per_s=[round(len(pages) / w, 1) if w else 0.0 for w, *_ in passes])


def output_digest(pages: list[tuple[str, bytes]]) -> dict[str, str]:
    """sha256 per table over every row extracted from ``pages``: equal digests mean equal output.

    A speed-up must leave these unchanged; compare before and after with ``python -m etl.bench digest``.
    """
    hashes = {name: hashlib.sha256() for name in (*schemas.TABLES, "rejected")}
    for path, raw in pages:
        try:
            tables = extract_page(raw, path)
        except PageRejected as err:
            hashes["rejected"].update(f"{path}\x1f{err.reason}\n".encode())
            continue
        for name, frame in tables.as_dict().items():
            hashes[name].update(repr(frame.rows()).encode())
    return {name: h.hexdigest()[:16] for name, h in hashes.items()}


def _print_table(r: BenchResult) -> None:
    verdict = "met" if r.pages_per_s >= TARGET_PAGES_PER_S else "NOT met"
    spread = ""
    if len(r.passes_pages_per_s) > 1:
        spread = (f", median of {len(r.passes_pages_per_s)} passes: "
                  f"{min(r.passes_pages_per_s):.1f}-{max(r.passes_pages_per_s):.1f}")
    lines = [("pages", f"{r.pages}"), ("total MB", f"{r.total_mb:.2f}"),
             ("wall s", f"{r.wall_s:.3f}  (CPU {r.cpu_s:.3f})"),
             ("pages/s", f"{r.pages_per_s:.1f}  (target {TARGET_PAGES_PER_S}: {verdict}{spread})"),
             ("pages/CPU s", f"{r.pages_per_cpu_s:.1f}  (the same pass; near pages/s unless the core was shared)"),
             ("MB/s", f"{r.mb_per_s:.3f}"), ("peak RSS MB", f"{r.peak_rss_mb:.1f}  (includes the corpus)"),
             ("polars threads", f"{r.polars_threads}"), ("python", r.python),
             ("rejected", f"{r.rejected}  {r.rejected_by_reason or ''}".rstrip())]
    if r.tracemalloc_peak_mb is not None:
        lines.append(("tracemalloc peak MB", f"{r.tracemalloc_peak_mb:.2f}"))
    lines += [(f"rows.{name}", f"{count}") for name, count in r.rows.items()]
    width = max(len(k) for k, _ in lines)
    print("\n".join(f"{k:<{width}}  {v}" for k, v in lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.bench", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="benchmark extract_page on a generated corpus")
    ext.add_argument("--pages", type=int, default=10_000)
    ext.add_argument("--seed", type=int, default=0)
    ext.add_argument("--corpus-dir", type=Path, action="append", help="source pages (repeatable)")
    ext.add_argument("--warmup", type=int, default=50, help="untimed pages run first")
    ext.add_argument("--repeat", type=int, default=1,
                     help="timed passes over the corpus; the median pass is reported, with the range")
    ext.add_argument("--json", action="store_true", help="print the result as JSON")
    ext.add_argument("--profile", action="store_true", help="cProfile the loop; top 25 by cumulative")
    ext.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak (slow)")
    dig = sub.add_parser("digest", help="per-table sha256 of the rows extracted from a generated corpus "
                                        "plus every real page as it is (to check a speed-up changes nothing)")
    dig.add_argument("--pages", type=int, default=500)
    dig.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "extract" and args.repeat < 1:
        parser.error(f"--repeat must be at least 1, not {args.repeat}")
    if args.command == "digest":
        real = [(str(p), p.read_bytes()) for d in DEFAULT_DIRS for p in sorted(d.glob("*.txt"))]
        for name, digest in output_digest(real + generate_corpus(args.pages, args.seed)).items():
            print(f"{name:<26}  {digest}")
        return 0
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass
    gen_start = time.perf_counter()
    pages = generate_corpus(args.pages, args.seed, args.corpus_dir)
    print(f"generated {len(pages)} pages in {time.perf_counter() - gen_start:.1f} s", file=sys.stderr)
    profiler = cProfile.Profile() if args.profile else None
    result = run_benchmark(pages, args.warmup, args.tracemalloc, profiler, args.repeat)
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    if args.json:
        print(json.dumps(asdict(result), ensure_ascii=False, indent=2))
    else:
        _print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
