"""What the fault tests share: a small page set in an old and a new version, ``python -m etl run`` as a
real process, and fingerprints that say whether two warehouses hold the same rows.

Fingerprints leave out ``loaded_at`` and ``rejected_at``: they record when a run committed, so a
re-run after a crash differs from a clean run there and nowhere else.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import duckdb

from etl.warehouse.publish import private_path
from tests.conftest import FIXTURES_DIR, REPO_ROOT, SEED_PATH
from tests.warehouse_support import WAREHOUSE_TABLES

#: Three real pages (the seed and two fixtures): enough for "first page new, second still old".
PAGES = [SEED_PATH, FIXTURES_DIR / "pages" / "beijing_daily_city.txt",
         FIXTURES_DIR / "pages" / "hubei_daily_projects.txt"]

#: Timestamps of a commit, not content.
_TIMESTAMPS = {"pages": "loaded_at", "rejected": "rejected_at"}

#: Each page's rows in every table, reached from its page_id ($page).
_PAGE_ROWS = {
    "pages": "SELECT * EXCLUDE (loaded_at) FROM pages WHERE page_id = $page",
    "articles": "SELECT * FROM articles WHERE page_id = $page",
    **{table: f"SELECT t.* FROM {table} t JOIN articles a USING (article_id) WHERE a.page_id = $page"
       for table in ("paragraphs", "credits", "metrics", "complexes", "organization_mentions")},
    "complex_lead_units": "SELECT l.* FROM complex_lead_units l JOIN complexes c USING (complex_id) "
                          "JOIN articles a USING (article_id) WHERE a.page_id = $page",
}

#: Rows that belong to no loaded page: a torn page would leave some.
_ORPHANS = """
SELECT (SELECT count(*) FROM articles WHERE page_id NOT IN (SELECT page_id FROM pages))
     + (SELECT count(*) FROM paragraphs WHERE article_id NOT IN (SELECT article_id FROM articles))
     + (SELECT count(*) FROM credits WHERE article_id NOT IN (SELECT article_id FROM articles))
     + (SELECT count(*) FROM metrics WHERE article_id NOT IN (SELECT article_id FROM articles))
     + (SELECT count(*) FROM complexes WHERE article_id NOT IN (SELECT article_id FROM articles))
     + (SELECT count(*) FROM organization_mentions WHERE article_id NOT IN (SELECT article_id FROM articles))
     + (SELECT count(*) FROM complex_lead_units WHERE complex_id NOT IN (SELECT complex_id FROM complexes))
"""

Fingerprint = dict[str, tuple[int, str]]


def _digest(rows: list[tuple]) -> tuple[int, str]:
    lines = sorted(repr(row) for row in rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def table_fingerprint(database: Path) -> Fingerprint:
    """Per table: row count and a hash of its sorted rows, commit timestamps left out."""
    with duckdb.connect(str(database), read_only=True) as con:
        return {table: _digest(con.execute(
                    f"SELECT * EXCLUDE ({_TIMESTAMPS[table]}) FROM {table}" if table in _TIMESTAMPS
                    else f"SELECT * FROM {table}").fetchall())
                for table in WAREHOUSE_TABLES}


def page_fingerprints(database: Path) -> dict[str, str]:
    """Per loaded source_path: one hash of all its rows in every page-owned table."""
    with duckdb.connect(str(database), read_only=True) as con:
        return session_page_fingerprints(con)


def session_page_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """``page_fingerprints`` through a connection someone already holds (an analyst's session)."""
    result = {}
    for source_path, page_id in con.execute("SELECT source_path, page_id FROM pages").fetchall():
        parts = [f"{table}:{_digest(con.execute(sql, {'page': page_id}).fetchall())}"
                 for table, sql in _PAGE_ROWS.items()]
        result[source_path] = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return result


def orphan_rows(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(_ORPHANS).fetchall()[0][0]


def write_pages(seeds: Path, version: str) -> None:
    """The page set as ``old`` (the files as they are) or ``new`` (every file edited: new bytes)."""
    seeds.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        raw = page.read_bytes()
        # A trailing line changes the bytes, hence page_id and every row id, and nothing else.
        (seeds / page.name).write_bytes(raw if version == "old" else raw + "\n编辑:王一\n".encode())


def etl_env(seeds: Path, warehouse: Path, **extra: str) -> dict[str, str]:
    """The environment of a run on these folders, with an ephemeral Dagster instance."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SEEDS_DIR", "WAREHOUSE_PATH", "FRAMES_DIR", "DAGSTER_HOME", "ETL_FAULT_POINT",
                          "WAREHOUSE_LOCK_TIMEOUT")}
    return {**clean, "SEEDS_DIR": str(seeds), "WAREHOUSE_PATH": str(warehouse),
            "FRAMES_DIR": str(warehouse.parent.parent / "frames"), **extra}


def start_run(seeds: Path, warehouse: Path, preexec_fn: Callable[[], None] | None = None,
              **extra: str) -> subprocess.Popen:
    """``python -m etl run`` as its own process (output captured as text)."""
    return subprocess.Popen([sys.executable, "-m", "etl", "run"], cwd=REPO_ROOT,
                            env=etl_env(seeds, warehouse, **extra), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn)


def run(seeds: Path, warehouse: Path, **extra: str) -> subprocess.CompletedProcess:
    return finish(start_run(seeds, warehouse, **extra))


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    """Wait for a started run and collect its output."""
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def fail_then_rerun(folders: Mapping[str, tuple[Path, Path]], failing: Mapping[str, subprocess.Popen],
                    returncode: int, snapshot: str) -> dict[str, tuple[str, Path, Path]]:
    """Wait for runs started to fail (all at once, one per scenario), check each ended with
    ``returncode``, copy its warehouse folder to ``<folder>/../<snapshot>`` as the failure left it, then
    re-run every scenario cleanly (again all at once). Returns, per scenario, the failed run's stderr,
    WAREHOUSE_PATH in the snapshot and WAREHOUSE_PATH after the re-run."""
    stderr = {}
    for name, process in failing.items():
        done = finish(process)
        assert done.returncode == returncode, f"{name}: exit {done.returncode}\n{done.stderr}"
        stderr[name] = done.stderr
        warehouse = folders[name][1]
        shutil.copytree(warehouse.parent, warehouse.parent.parent / snapshot)
    reruns = {name: start_run(*folders[name]) for name in failing}
    for name, process in reruns.items():
        done = finish(process)
        assert done.returncode == 0, f"{name}: re-run failed\n{done.stderr}"
    return {name: (stderr[name], warehouse.parent.parent / snapshot / warehouse.name, warehouse)
            for name, (_, warehouse) in folders.items()}


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)


def files_of(warehouse: Path) -> Mapping[str, Path]:
    return {"published": warehouse, "private": private_path(warehouse)}
