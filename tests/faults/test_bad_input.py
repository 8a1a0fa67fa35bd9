"""Bad input: every awkward file ends loaded correctly or as a row of ``rejected`` with a log line, while the
good pages of the same run load exactly as they would alone and nothing loaded earlier is lost.

The good pages are the real seed, the fixture pages and one page whose text looks like SQL. Each scenario
loads them, with the case's files, into a real DuckDB file in tmp_path and compares table fingerprints
(row counts and a hash of the sorted rows, commit timestamps left out) with a clean load of the good
pages alone. The rejection cases share one run: one run holding every bad file at once is also the
strongest form of "the other pages of the same run still load".
"""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from etl.cli import run_pipeline, summary
from etl.config import Settings
from etl.defs.partitions import pages_partitions
from etl.defs.resources import PageFilesResource
from etl.defs.sensors import new_pages_sensor
from etl.page_files import partition_key, settled_page_files
from tests.conftest import FIXTURES_DIR, REPO_ROOT, SEED_NAME, SEED_PATH
from tests.faults.support import table_fingerprint
from tests.warehouse_support import WAREHOUSE_TABLES

SQL = "'); DROP TABLE articles;--"
#: The fixture pages by name, not by glob: new fixtures would make every run here longer.
FIXTURE_PAGES = [FIXTURES_DIR / "pages" / f"{name}.txt" for name in (
    "beijing_daily_city", "guangzhou_daily_furniture", "henan_daily_gb18030", "hubei_daily_projects",
    "jiefang_daily_shanghai", "jingji_daily_results", "nanfang_daily_bom", "nanjing_daily_city",
    "people_daily_national_crlf", "sichuan_daily_numerals", "zhejiang_daily_economy")]
LARGE_BYTES = 50 * 1024 * 1024


def good_pages() -> dict[str, bytes]:
    """File name -> bytes of every good page: the seed, the fixture pages, and a page quoting SQL."""
    pages = {SEED_NAME: SEED_PATH.read_bytes(), **{p.name: p.read_bytes() for p in FIXTURE_PAGES}}
    zhejiang = pages["zhejiang_daily_economy.txt"].decode("utf-8")
    anchor = "杭州市发展改革委有关负责人"
    assert anchor in zhejiang
    pages["sql_in_text.txt"] = zhejiang.replace(anchor, f"{anchor}有网友留言{SQL}，", 1).encode("utf-8")
    return pages


def write(seeds: Path, pages: dict[str, bytes]) -> Path:
    seeds.mkdir(parents=True, exist_ok=True)
    for name, raw in pages.items():
        (seeds / name).write_bytes(raw)
    return seeds


@dataclass(frozen=True)
class Load:
    """What one run left: the published warehouse, its page outcomes, run tags and log messages."""

    warehouse: Path
    counts: dict[str, int]
    tags: dict[str, str]
    log: list[str]


def load(seeds: Path, root: Path) -> Load:
    """One real run of the job (in process, ephemeral instance) from ``seeds`` into ``root``/warehouse."""
    config = Settings(seeds_dir=seeds, warehouse_path=root / "warehouse" / "warehouse.duckdb",
                      frames_dir=root / "frames", dagster_home=None)
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_pipeline(config, instance)
        assert result is not None and result.success
        tags = instance.get_run_by_id(result.run_id).tags
        log = [entry.user_message for entry in instance.all_logs(result.run_id) if entry.user_message]
        return Load(config.warehouse_path, summary(result), {k: v for k, v in tags.items() if k.startswith("etl/")},
                    log)


def without_rejected(fingerprint: dict) -> dict:
    return {table: value for table, value in fingerprint.items() if table != "rejected"}


def rejected_rows(warehouse: Path) -> dict[str, tuple[str, str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {path: (stage, reason, detail) for path, stage, reason, detail
                in con.execute("SELECT source_path, stage, reason, detail FROM rejected").fetchall()}


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Load:
    """The good pages alone: what every scenario is compared with."""
    root = tmp_path_factory.mktemp("clean")
    return load(write(root / "seeds", good_pages()), root)


# --- every rejection case, in one run with the good pages ---------------------------------------------

def png() -> bytes:
    """A real (1x1, grey) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def cut_mid_character(raw: bytes, encoding: str) -> bytes:
    """The first half of a page, cut after the first byte of a multi-byte character."""
    text = raw.decode(encoding)
    half = text[: len(text) // 2]
    while half[-1].isascii():
        half = half[:-1]
    return half.encode(encoding)[:-1]


def write_large_page(path: Path, size: int = LARGE_BYTES) -> None:
    """A real page's text repeated past ``size`` bytes, written block by block."""
    seed = SEED_PATH.read_bytes()
    with path.open("wb") as handle:
        for _ in range(size // len(seed) + 1):
            handle.write(seed)


def bad_files() -> dict[str, bytes]:
    seed = SEED_PATH.read_bytes()
    henan = (FIXTURES_DIR / "pages" / "henan_daily_gb18030.txt").read_bytes()
    half = len(seed) // 2
    return {
        "empty.txt": b"",
        "whitespace only.txt": " \n\t\r\n\u3000\n   \n".encode(),
        "photo.png.txt": png(),
        "neither utf8 nor gb18030.txt": seed[:half] + b"\xff\xfe\x80" + seed[half:],
        "cut mid character.txt": cut_mid_character(seed, "utf-8"),
        "cut mid gb18030 character.txt": cut_mid_character(henan, "gb18030"),
        "mojibake.txt": seed.decode("utf-8").encode("utf-8").decode("latin-1").encode("utf-8"),
        "zz copy of the seed.txt": seed,  # byte-identical to the seed, sorted after it
    }


#: file -> (stage, reason) it must be rejected with.
REJECTED = {
    "empty.txt": ("decode", "empty"),
    "whitespace only.txt": ("decode", "empty"),
    "photo.png.txt": ("decode", "binary"),
    "neither utf8 nor gb18030.txt": ("decode", "undecodable"),
    "cut mid character.txt": ("decode", "truncated"),
    "cut mid gb18030 character.txt": ("decode", "truncated"),
    "mojibake.txt": ("decode", "mojibake"),
    "zz copy of the seed.txt": ("duplicate", "duplicate"),
    "huge page.txt": ("read", "too_large"),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> Load:
    root = tmp_path_factory.mktemp("bad")
    seeds = write(root / "seeds", {**good_pages(), **bad_files()})
    write_large_page(seeds / "huge page.txt")
    return load(seeds, root)


@pytest.mark.parametrize(("name", "verdict"), REJECTED.items(), ids=list(REJECTED))
def test_a_bad_file_is_a_rejected_row_naming_stage_and_reason(bad_run: Load, name: str,
                                                              verdict: tuple[str, str]) -> None:
    stage, reason, detail = rejected_rows(bad_run.warehouse)[name]
    assert (stage, reason) == verdict
    assert detail  # says what was expected, in words


@pytest.mark.parametrize("name", REJECTED, ids=list(REJECTED))
def test_a_bad_file_gets_a_log_line_naming_it_and_its_outcome(bad_run: Load, name: str) -> None:
    stage, reason = REJECTED[name]
    word = "duplicate" if stage == "duplicate" else reason
    assert any(name in line and word in line for line in bad_run.log), name


def test_the_good_pages_load_as_if_the_bad_files_were_not_there(bad_run: Load, clean: Load) -> None:
    assert without_rejected(table_fingerprint(bad_run.warehouse)) == without_rejected(
        table_fingerprint(clean.warehouse))
    assert table_fingerprint(clean.warehouse)["rejected"][0] == 0


def test_rejected_holds_exactly_the_bad_files(bad_run: Load) -> None:
    assert set(rejected_rows(bad_run.warehouse)) == set(REJECTED)


def test_a_byte_identical_copy_is_loaded_once(bad_run: Load) -> None:
    sha = hashlib.sha256(SEED_PATH.read_bytes()).hexdigest()
    assert query(bad_run.warehouse, "SELECT source_path FROM pages WHERE sha256 = ?", [sha]) == [(SEED_NAME,)]
    assert SEED_NAME in rejected_rows(bad_run.warehouse)["zz copy of the seed.txt"][2]


def test_the_run_reconciles_pages_in_with_outcomes(bad_run: Load) -> None:
    files = len(good_pages()) + len(bad_files()) + 1  # + the huge page
    counts = {name: bad_run.counts[name] for name in ("pages_in", "loaded", "unchanged", "duplicate", "rejected")}
    assert counts == {"pages_in": files, "loaded": len(good_pages()), "unchanged": 0, "duplicate": 1,
                      "rejected": len(REJECTED) - 1}
    assert counts["pages_in"] == counts["loaded"] + counts["unchanged"] + counts["duplicate"] + counts["rejected"]
    assert bad_run.tags == {f"etl/{name}": str(n) for name, n in counts.items()}  # shown in the UI


def test_text_that_looks_like_sql_is_stored_verbatim(clean: Load) -> None:
    rows = query(clean.warehouse, "SELECT text FROM paragraphs WHERE contains(text, ?)", [SQL])
    assert len(rows) == 1 and f"有网友留言{SQL}，" in rows[0][0]


# --- loadable variants: other encodings, line endings and names load the same rows -------------------

#: variant name -> (good page it is a copy of, how its bytes are made from that page's text, encoding)
VARIANTS = {
    "重庆日报 头版 \"两江\" '新区'.txt": (SEED_NAME, lambda t: t.encode("gb18030"), "gb18030"),
    "beijing daily (GBK).txt": ("beijing_daily_city.txt", lambda t: t.encode("gbk"), "gb18030"),
    "hubei with BOM.txt": ("hubei_daily_projects.txt", lambda t: b"\xef\xbb\xbf" + t.encode(), "utf-8-sig"),
    "nanjing CRLF.txt": ("nanjing_daily_city.txt", lambda t: t.replace("\n", "\r\n").encode(), "utf-8"),
    "guangzhou lone CR.txt": ("guangzhou_daily_furniture.txt", lambda t: t.replace("\n", "\r").encode(), "utf-8"),
    f"{SQL}.txt": ("zhejiang_daily_economy.txt", lambda t: t.encode(), "utf-8"),
}

#: Columns that follow from the bytes (hashes, sizes, encodings) or from ids hashed from them.
_BYTE_COLUMNS = {"page_id", "article_id", "complex_id", "metric_id", "sha256", "encoding", "byte_count",
                 "rows_sha256", "loaded_at", "rejected_at"}


def content_fingerprint(warehouse: Path, renamed: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Like the table fingerprint, without what depends on the bytes, and with files ``renamed``."""
    result = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in WAREHOUSE_TABLES:
            columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall() if c[0] not in _BYTE_COLUMNS]
            rows = [tuple(renamed.get(v, v) if isinstance(v, str) else v for v in row)
                    for row in con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()]
            lines = sorted(repr(row) for row in rows)
            result[table] = (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
    return result


@pytest.fixture(scope="module")
def variant_run(tmp_path_factory: pytest.TempPathFactory) -> Load:
    """The good pages with six of them renamed and stored in another encoding or line ending."""
    pages = good_pages()
    for name, (original, encode, _) in VARIANTS.items():
        text = pages.pop(original).decode("utf-8-sig")
        pages[name] = encode(text.replace("\r\n", "\n"))
    root = tmp_path_factory.mktemp("variants")
    return load(write(root / "seeds", pages), root)


def test_variants_load_the_same_rows_as_the_plain_pages(variant_run: Load, clean: Load) -> None:
    renamed = {name: original for name, (original, _, _) in VARIANTS.items()}
    assert content_fingerprint(variant_run.warehouse, renamed) == content_fingerprint(clean.warehouse, {})
    assert variant_run.counts["loaded"] == variant_run.counts["pages_in"] == len(good_pages())


@pytest.mark.parametrize("name", VARIANTS, ids=["gb18030_chinese_quotes", "gbk", "bom", "crlf", "lone_cr",
                                                "sql_file_name"])
def test_a_variant_is_loaded_under_its_exact_name_with_its_encoding(variant_run: Load, name: str) -> None:
    rows = query(variant_run.warehouse, "SELECT encoding, char_count FROM pages WHERE source_path = ?", [name])
    assert [row[0] for row in rows] == [VARIANTS[name][2]]
    assert query(variant_run.warehouse, "SELECT count(*) FROM paragraphs WHERE contains(text, chr(13))") == [(0,)]


# --- an edited file replaces its rows; a broken new version keeps the old rows ----------------------

def _edited(raw: bytes) -> bytes:
    """The page without its second half of lines: fewer articles, so leftovers would show."""
    lines = raw.decode("utf-8").split("\n")
    return "\n".join(lines[: len(lines) // 2]).encode("utf-8") + "\n编辑:王一\n".encode()


def test_an_edited_file_replaces_its_rows_and_leaves_none_over(tmp_path: Path) -> None:
    other = {"beijing_daily_city.txt": (FIXTURES_DIR / "pages" / "beijing_daily_city.txt").read_bytes()}
    seeds = write(tmp_path / "run" / "seeds", {SEED_NAME: SEED_PATH.read_bytes(), **other})
    load(seeds, tmp_path / "run")
    (seeds / SEED_NAME).write_bytes(_edited(SEED_PATH.read_bytes()))
    edited = load(seeds, tmp_path / "run")
    expected = load(write(tmp_path / "clean" / "seeds", {SEED_NAME: _edited(SEED_PATH.read_bytes()), **other}),
                    tmp_path / "clean")
    assert (edited.counts["loaded"], edited.counts["unchanged"]) == (1, 1)
    assert table_fingerprint(edited.warehouse) == table_fingerprint(expected.warehouse)

    # The next version is cut mid-character: refused, and the edited version's rows stay loaded.
    (seeds / SEED_NAME).write_bytes(cut_mid_character(SEED_PATH.read_bytes(), "utf-8"))
    broken = load(seeds, tmp_path / "run")
    assert (broken.counts["rejected"], broken.counts["unchanged"]) == (1, 1)
    assert without_rejected(table_fingerprint(broken.warehouse)) == without_rejected(
        table_fingerprint(expected.warehouse))
    assert rejected_rows(broken.warehouse)[SEED_NAME][:2] == ("decode", "truncated")


# --- a very large file: refused from its size, with bounded memory -----------------------------------

def _start_run(seeds: Path, root: Path) -> subprocess.Popen:
    """``python -m etl run`` on ``seeds`` as a real process, writing into ``root``."""
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "FRAMES_DIR")}
    env |= {"SEEDS_DIR": str(seeds), "WAREHOUSE_PATH": str(root / "warehouse" / "warehouse.duckdb"),
            "FRAMES_DIR": str(root / "frames")}
    return subprocess.Popen([sys.executable, "-m", "etl", "run"], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _peak_rss_kib(process: subprocess.Popen) -> tuple[int, int, str]:
    """Wait for the process: its peak resident memory (KiB, from wait4), exit code and output."""
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss, process.returncode, stdout


def test_a_50_mb_file_is_refused_without_being_read_into_memory(tmp_path: Path) -> None:
    page = {SEED_NAME: SEED_PATH.read_bytes()}
    seeds = write(tmp_path / "large" / "seeds", page)
    write_large_page(seeds / "huge page.txt")
    # The same run without the large file, at the same time (they share nothing), as the yardstick.
    processes = [_start_run(write(tmp_path / "small" / "seeds", page), tmp_path / "small"),
                 _start_run(seeds, tmp_path / "large")]
    (small, _, _), (large, returncode, stdout) = (_peak_rss_kib(p) for p in processes)
    print(f"peak RSS of python -m etl run: {small / 1024:.0f} MiB with the seed, "
          f"{large / 1024:.0f} MiB with the seed and a {LARGE_BYTES >> 20} MiB page")
    assert returncode == 0
    assert "pages in 2: loaded 1, unchanged 0, duplicate 0, rejected 1" in stdout
    # Reading the file once would cost 50 MiB; the pipeline used to hold several copies (+400 MiB).
    assert large - small < LARGE_BYTES // 1024 // 2
    stage, reason, detail = rejected_rows(tmp_path / "large" / "warehouse" / "warehouse.duckdb")["huge page.txt"]
    assert (stage, reason) == ("read", "too_large") and "without reading it" in detail


# --- a file still being written: runs wait until it has settled -------------------------------------

class SlowWriter:
    """A thread writing a page a few bytes at a time until told to finish, like a slow download."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path, self.raw = path, raw
        self.finish = threading.Event()
        self.thread = threading.Thread(target=self._write, daemon=True)

    def _write(self) -> None:
        with self.path.open("wb") as handle:
            written = 0
            while not self.finish.is_set() and written < len(self.raw) // 2:
                handle.write(self.raw[written:written + 16])
                handle.flush()
                written += 16
                time.sleep(0.05)
            handle.write(self.raw[written:])

    def __enter__(self) -> SlowWriter:
        self.thread.start()
        while not self.path.exists():
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish.set()
        self.thread.join()


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.ephemeral() as ephemeral:
        yield ephemeral


def _tick(instance: dg.DagsterInstance, seeds: Path, cursor: str | None) -> dg.SensorResult:
    resources = {"page_files": PageFilesResource(seeds_dir=str(seeds), settle_seconds=0.5)}
    result = new_pages_sensor(dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources))
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(pages_partitions.name, list(request.partition_keys))
    return result


def test_the_sensor_skips_a_file_being_written_and_runs_it_once_settled(instance: dg.DagsterInstance,
                                                                        tmp_path: Path) -> None:
    raw = SEED_PATH.read_bytes()
    with SlowWriter(tmp_path / "incoming.txt", raw):
        time.sleep(0.2)
        during = _tick(instance, tmp_path, None)
    assert during.run_requests == [] and "incoming.txt" in during.skip_reason.skip_message
    time.sleep(0.6)
    after = _tick(instance, tmp_path, during.cursor)
    assert [r.partition_key for r in after.run_requests] == [
        partition_key("incoming.txt", hashlib.sha256(raw).hexdigest())]


def test_a_scan_leaves_out_a_file_written_past_the_timeout(tmp_path: Path) -> None:
    (tmp_path / "done.txt").write_bytes(SEED_PATH.read_bytes())
    os.utime(tmp_path / "done.txt", (time.time() - 10, time.time() - 10))
    with SlowWriter(tmp_path / "incoming.txt", SEED_PATH.read_bytes()):
        settled, still_written = settled_page_files(tmp_path, settle_seconds=0.5, timeout=1.0)
    assert [f.source_path for f in settled] == ["done.txt"]
    assert [f.source_path for f in still_written] == ["incoming.txt"]


def test_python_m_etl_run_waits_for_a_file_being_written_and_loads_it_whole(tmp_path: Path) -> None:
    seeds = write(tmp_path / "seeds", {"beijing_daily_city.txt":
                                       (FIXTURES_DIR / "pages" / "beijing_daily_city.txt").read_bytes()})
    raw = SEED_PATH.read_bytes()
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME",)}
    env |= {"SEEDS_DIR": str(seeds), "WAREHOUSE_PATH": str(tmp_path / "warehouse" / "warehouse.duckdb"),
            "FRAMES_DIR": str(tmp_path / "frames"), "PAGE_SETTLE_SECONDS": "1"}
    with SlowWriter(seeds / "incoming.txt", raw) as writer:
        process = subprocess.Popen([sys.executable, "-m", "etl", "run"], cwd=REPO_ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waited = ""
        for line in process.stderr:  # the run notices the writer before it loads anything
            if "still being written" in line:
                waited = line
                break
        writer.finish.set()
    stdout, _ = process.communicate(timeout=300)
    assert "incoming.txt" in waited
    assert process.returncode == 0
    assert "pages in 2: loaded 2, unchanged 0, duplicate 0, rejected 0" in stdout
    assert query(tmp_path / "warehouse" / "warehouse.duckdb", "SELECT sha256 FROM pages WHERE source_path = ?",
                 ["incoming.txt"]) == [(hashlib.sha256(raw).hexdigest(),)]
