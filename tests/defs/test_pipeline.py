"""The job end to end, from page files in tmp_path to a DuckDB file in tmp_path."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from etl import schemas, triage
from etl.cli import run_pipeline, summary
from etl.config import Settings
from etl.extract import PageTables
from etl.warehouse.publish import private_path
from tests.conftest import FIXTURES_DIR, REPO_ROOT, SEED_NAME, require_gold
from tests.warehouse_support import count, fingerprint, fragmented_warehouse, synthetic_page, temp_settings


@pytest.fixture
def config(tmp_path: Path) -> Settings:
    return temp_settings(tmp_path)


Run = Callable[[Settings], dg.ExecuteInProcessResult]


@pytest.fixture
def run() -> Iterator[Run]:
    """Runs the job on one ephemeral instance, open until the test has read the results."""
    with dg.DagsterInstance.ephemeral() as instance:
        def _run(config: Settings) -> dg.ExecuteInProcessResult:
            result = run_pipeline(config, instance)
            assert result is not None
            return result

        yield _run


def test_a_full_run_loads_the_seed_into_every_contract_table(run: Run, config: Settings) -> None:
    result = run(config)
    assert result.success
    assert summary(result)["loaded"] == 1
    assert count(config.warehouse_path, "SELECT * FROM pages WHERE source_path = ?", [SEED_NAME]) == 1
    for table in [*schemas.TABLES, "rejected"]:
        count(config.warehouse_path, f"SELECT * FROM {table}")  # exists and is readable


def test_the_run_reports_row_counts_column_schema_and_preview(run: Run, config: Settings) -> None:
    result = run(config)
    events = {e.asset_key.to_user_string(): e.event_specific_data.materialization.metadata
              for e in result.get_asset_materialization_events()}
    for key in ("extracted/articles", "warehouse/articles"):
        assert {"dagster/row_count", "dagster/column_schema", "preview"} <= set(events[key]), key
    assert events["warehouse/pages"]["dagster/row_count"].value == 1


def test_a_second_run_leaves_every_table_identical(run: Run, config: Settings) -> None:
    run(config)
    first = fingerprint(config.warehouse_path)
    result = run(config)
    assert summary(result)["unchanged"] == 1
    assert fingerprint(config.warehouse_path) == first


def test_a_refused_page_is_recorded_and_the_others_still_load(run: Run, config: Settings) -> None:
    (config.seeds_dir / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n not a page")
    result = run(config)
    assert result.success
    assert (summary(result)["loaded"], summary(result)["rejected"]) == (1, 1)
    assert count(config.warehouse_path, "SELECT * FROM rejected WHERE source_path = 'broken.txt' "
                                        "AND stage = 'decode' AND reason = 'binary'") == 1
    assert count(config.warehouse_path, "SELECT * FROM pages") == 1


def test_a_byte_identical_copy_is_counted_as_duplicate(run: Run, config: Settings) -> None:
    (config.seeds_dir / "zz_copy.txt").write_bytes((config.seeds_dir / SEED_NAME).read_bytes())
    result = run(config)
    assert (summary(result)["loaded"], summary(result)["duplicate"]) == (1, 1)
    assert count(config.warehouse_path, "SELECT * FROM rejected WHERE stage = 'duplicate'") == 1


def test_an_edited_file_replaces_its_previous_version(run: Run, config: Settings) -> None:
    run(config)
    seed = config.seeds_dir / SEED_NAME
    seed.write_bytes(seed.read_bytes() + b"\n")
    run(config)
    sha = hashlib.sha256(seed.read_bytes()).hexdigest()
    assert count(config.warehouse_path, "SELECT * FROM pages") == 1
    assert count(config.warehouse_path, "SELECT * FROM pages WHERE sha256 = ?", [sha]) == 1
    assert count(config.warehouse_path, "SELECT * FROM articles WHERE page_id NOT IN "
                                        "(SELECT page_id FROM pages)") == 0


def test_a_failing_check_blocks_the_load(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each page is valid alone, but they disagree on one organization's kind, so the run holds two
    # rows with one org_id: only the run-wide check on extracted/organizations can see it.
    config = temp_settings(tmp_path, with_seed=False)
    (config.seeds_dir / "a.txt").write_bytes(b"a")
    (config.seeds_dir / "b.txt").write_bytes(b"b")
    kinds = {"a.txt": "university", "b.txt": "company"}

    def disagreeing(raw: bytes, source_path: str) -> PageTables:
        return PageTables(**synthetic_page(source_path, raw, {"重庆大学": kinds[source_path]}))

    monkeypatch.setattr(triage, "extract_page", disagreeing)
    result = run(config)
    assert not result.success
    failed = [e.event_specific_data for e in result.all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed]
    assert [(f.asset_key.to_user_string(), f.check_name) for f in failed] == [
        ("extracted/organizations", "matches_model")]
    assert failed[0].metadata["failure_count"].value == 2
    assert "org_id" in failed[0].metadata["summary"].value
    assert "field_uniqueness" in failed[0].metadata["failure_cases"].value
    assert [e.asset_key.path[0] for e in result.get_asset_materialization_events()
            if e.asset_key.path[0] == "warehouse"] == []
    assert not config.warehouse_path.exists()


def test_the_gold_scorer_can_read_the_warehouse(run: Run, config: Settings) -> None:
    scorer = REPO_ROOT.parent / "shared" / "eval" / "score_seed.py"
    require_gold()
    run(config)
    scored = subprocess.run([sys.executable, str(scorer), str(config.warehouse_path)],
                            capture_output=True, text=True, timeout=120)
    # Exit 2 means the warehouse could not be read; 1 means extraction is not yet as good as the gold.
    assert scored.returncode == 0, scored.stdout + scored.stderr


def test_an_analyst_holding_the_warehouse_open_does_not_fail_the_run(run: Run, config: Settings) -> None:
    run(config)
    (config.seeds_dir / "zz_edited.txt").write_bytes((config.seeds_dir / SEED_NAME).read_bytes() + b"\n")
    with duckdb.connect(str(config.warehouse_path), read_only=True) as analyst:
        result = run(config)
        assert result.success
        assert analyst.execute("SELECT count(*) FROM pages").fetchall() == [(1,)]  # their snapshot
    assert count(config.warehouse_path, "SELECT * FROM pages") == 2


def test_a_blocked_run_leaves_the_published_warehouse_as_it_was(run: Run, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    config = temp_settings(tmp_path, with_seed=False)
    kinds = {"a.txt": "university", "b.txt": "company"}

    def disagreeing(raw: bytes, source_path: str) -> PageTables:
        return PageTables(**synthetic_page(source_path, raw, {"重庆大学": kinds[source_path]}))

    monkeypatch.setattr(triage, "extract_page", disagreeing)
    (config.seeds_dir / "a.txt").write_bytes(b"a")
    assert run(config).success
    before = fingerprint(config.warehouse_path)
    (config.seeds_dir / "b.txt").write_bytes(b"b")
    assert not run(config).success
    assert fingerprint(config.warehouse_path) == before


def test_the_run_is_tagged_with_what_happened_to_its_pages(config: Settings) -> None:
    (config.seeds_dir / "broken.txt").write_bytes(b"")
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_pipeline(config, instance)
        tags = instance.get_run_by_id(result.run_id).tags
    assert {k: v for k, v in tags.items() if k.startswith("etl/")} == {
        "etl/pages_in": "2", "etl/loaded": "1", "etl/unchanged": "0", "etl/duplicate": "0", "etl/rejected": "1"}


def test_many_pages_load_in_one_run_sharing_their_organizations(config: Settings) -> None:
    pages = sorted((FIXTURES_DIR / "pages").glob("*.txt"))
    if not pages:
        pytest.skip("no fixture pages")
    for page in pages:
        shutil.copy(page, config.seeds_dir / page.name)
    with dg.DagsterInstance.ephemeral() as instance:
        result = run_pipeline(config, instance)
        assert result.success
        assert len(instance.get_runs()) == 1
    counts = summary(result)
    assert counts["pages_in"] == len(pages) + 1
    assert counts["loaded"] + counts["rejected"] + counts["duplicate"] == counts["pages_in"]
    assert count(config.warehouse_path, "SELECT * FROM pages") == counts["loaded"]
    # One row per organization name however many pages name it.
    assert count(config.warehouse_path, "SELECT name FROM organizations GROUP BY name HAVING count(*) > 1") == 0


def test_a_run_compacts_a_private_file_left_mostly_free_before_publishing(run: Run, config: Settings) -> None:
    private = private_path(config.warehouse_path)
    private.parent.mkdir(parents=True)
    before = fragmented_warehouse(private).stat().st_size  # pages a.txt and b.txt, then free blocks
    result = run(config)
    pages = next(e.event_specific_data.materialization.metadata for e in result.get_asset_materialization_events()
                 if e.asset_key.to_user_string() == "warehouse/pages")
    assert pages["compacted_from_bytes"].value == before
    assert pages["compacted_to_bytes"].value == private.stat().st_size < before / 2  # 17.1 MB -> 6.0 MB
    assert config.warehouse_path.stat().st_size == private.stat().st_size  # analysts get the small file
    assert count(config.warehouse_path, "SELECT * FROM pages") == 3
