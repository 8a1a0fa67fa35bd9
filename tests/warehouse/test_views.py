"""The analyst views and example queries, on the seed page loaded without Dagster."""

from __future__ import annotations

import duckdb
import pytest

from etl.triage import extract_or_reject
from etl.warehouse import apply_schema, load_page
from etl.warehouse.schema import SQL_DIR
from tests.conftest import SEED_NAME, SEED_PATH


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("views") / "w.duckdb"
    frames = extract_or_reject(SEED_PATH.read_bytes(), SEED_NAME)
    assert isinstance(frames, dict), frames
    with duckdb.connect(str(path)) as connection:
        apply_schema(connection)
        load_page(connection, frames)
        yield connection


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    return con.execute(sql, params or []).fetchall()[0]


def test_complex_leads_has_one_row_per_lead_unit_in_list_order(con) -> None:
    assert _one(con, "SELECT count(*) FROM complex_leads") == _one(con, "SELECT count(*) FROM complex_lead_units")
    mismatched = con.execute("""
        SELECT v.complex, v.position FROM complex_leads v
        JOIN complex_lead_units l ON l.complex_id = v.complex_id AND l.position = v.position
        JOIN organizations o ON o.org_id = l.org_id
        WHERE o.name <> v.lead_organization OR o.kind <> v.kind""").fetchall()
    assert mismatched == []


def test_organization_activity_has_one_row_per_organization_seen_on_the_seed(con) -> None:
    assert _one(con, "SELECT count(*) FROM organization_activity") == _one(con, "SELECT count(*) FROM organizations")
    assert _one(con, "SELECT count(*) FROM organization_activity WHERE articles = 0 OR first_page <> ?",
                [SEED_NAME]) == (0,)
    assert _one(con, "SELECT coalesce(sum(complexes_led), 0) FROM organization_activity") == _one(
        con, "SELECT count(*) FROM (SELECT DISTINCT complex_id, org_id FROM complex_lead_units)")


def test_metric_facts_has_every_metric_with_its_headline(con) -> None:
    assert _one(con, "SELECT count(*) FROM metric_facts") == _one(con, "SELECT count(*) FROM metrics")
    assert _one(con, """
        SELECT count(*) FROM metric_facts f JOIN metrics m USING (metric_id) JOIN articles a USING (article_id)
        WHERE f.headline IS DISTINCT FROM a.headline OR f.value <> m.value OR f.text <> m.text""") == (0,)


@pytest.mark.parametrize("query", sorted(p.name for p in (SQL_DIR / "queries").glob("*.sql")))
def test_each_example_query_runs(con, query: str) -> None:
    con.execute((SQL_DIR / "queries" / query).read_text(encoding="utf-8")).fetchall()
