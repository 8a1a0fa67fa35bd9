"""Session fixtures: the seed page extracted once, the gold annotation, and small row helpers."""

from __future__ import annotations

import json

import polars as pl
import pytest

from etl.extract import PageTables, extract_page
from etl.extract.decoding import decode_page
from tests.conftest import FIXTURES_DIR, SEED_NAME, SEED_PATH, require_gold


@pytest.fixture(scope="session")
def seed_raw() -> bytes:
    return SEED_PATH.read_bytes()


@pytest.fixture(scope="session")
def seed_text(seed_raw: bytes) -> str:
    return decode_page(seed_raw, SEED_NAME).text


@pytest.fixture(scope="session")
def seed_tables(seed_raw: bytes) -> PageTables:
    return extract_page(seed_raw, SEED_NAME)


@pytest.fixture(scope="session")
def gold() -> dict:
    gold_dir = require_gold()
    return {name: json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
            for name in ("articles", "complexes", "organizations", "metrics")}


def seq_of_article(tables: PageTables) -> dict[str, int]:
    """article_id -> seq."""
    return dict(zip(tables.articles["article_id"].to_list(), tables.articles["seq"].to_list(), strict=True))


def org_names(tables: PageTables) -> dict[str, str]:
    """org_id -> name."""
    orgs = tables.organizations
    return dict(zip(orgs["org_id"].to_list(), orgs["name"].to_list(), strict=True))


def articles_by_seq(tables: PageTables) -> dict[int, dict]:
    return {row["seq"]: row for row in tables.articles.iter_rows(named=True)}


def paragraphs_by_seq(tables: PageTables) -> dict[int, list[str]]:
    """Article seq -> its paragraph texts in paragraph order."""
    seqs = seq_of_article(tables)
    out: dict[int, list[str]] = {}
    for row in tables.paragraphs.sort("seq").iter_rows(named=True):
        out.setdefault(seqs.get(row["article_id"], -1), []).append(row["text"])
    return out


def credits_by_seq(tables: PageTables) -> dict[int, set[tuple[str, str]]]:
    """Article seq -> {(role, name)} from the credits frame."""
    seqs = seq_of_article(tables)
    out: dict[int, set[tuple[str, str]]] = {}
    for row in tables.credits.iter_rows(named=True):
        out.setdefault(seqs.get(row["article_id"], -1), set()).add((row["role"], row["name"]))
    return out


def mentioned_org_kinds(tables: PageTables) -> dict[str, str]:
    """Name -> kind of every organization that has at least one mention on the page."""
    mentioned = set(tables.organization_mentions["org_id"].to_list())
    return {row["name"]: row["kind"] for row in tables.organizations.iter_rows(named=True)
            if row["org_id"] in mentioned}


def org_aliases(tables: PageTables) -> set[tuple[str, str]]:
    """(organization name, alias) of every alias row."""
    names = org_names(tables)
    return {(names.get(row["org_id"]), row["alias"]) for row in tables.organization_aliases.iter_rows(named=True)}


def org_mentions(tables: PageTables) -> list[dict]:
    """Mention rows with the organization's name added (key ``name``)."""
    joined = tables.organization_mentions.join(
        tables.organizations.select("org_id", "name"), on="org_id", how="left")
    return list(joined.iter_rows(named=True))


def complexes_by_seq(tables: PageTables) -> dict[int, dict]:
    """Complex seq -> its row plus ``leads``: lead-unit names in list order."""
    names = org_names(tables)
    leads: dict[str, list[tuple[int, str | None]]] = {}
    for row in tables.complex_lead_units.iter_rows(named=True):
        leads.setdefault(row["complex_id"], []).append((row["position"], names.get(row["org_id"])))
    out = {}
    for row in tables.complexes.iter_rows(named=True):
        out[row["seq"]] = {**row, "leads": [n for _, n in sorted(leads.get(row["complex_id"], []))]}
    return out


def metrics_with_seq(tables: PageTables) -> list[dict]:
    """Metric rows with ``article_seq`` added."""
    seqs = seq_of_article(tables)
    return [{**row, "article_seq": seqs.get(row["article_id"])}
            for row in tables.metrics.iter_rows(named=True)]


def frames_equal(left: pl.DataFrame, right: pl.DataFrame) -> bool:
    return left.schema == right.schema and left.equals(right)


# --- fixture pages (tests/fixtures/pages + expected/) ----------------------------------------------

EXPECTED_DIR = FIXTURES_DIR / "expected"
PAGES_DIR = FIXTURES_DIR / "pages"
FIXTURE_NAMES = sorted(p.stem for p in EXPECTED_DIR.glob("*.json"))


def load_expected(name: str) -> dict:
    return json.loads((EXPECTED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def fixture_raw(name: str) -> bytes:
    return (PAGES_DIR / load_expected(name)["page"]).read_bytes()


@pytest.fixture(scope="session")
def fixture_tables():
    """name -> PageTables, each fixture page extracted once per session."""
    cache: dict[str, PageTables] = {}

    def get(name: str) -> PageTables:
        if name not in cache:
            cache[name] = extract_page(fixture_raw(name), f"fixtures/{load_expected(name)['page']}")
        return cache[name]

    return get


def pair_metrics(expected: list[dict], tables) -> list[tuple[dict, dict | None]]:
    """Pair each expected metric with an extracted one of the same article and text, in page order."""
    pool: dict[tuple[int, str], list[dict]] = {}
    for m in sorted(metrics_with_seq(tables), key=lambda m: m["char_start"]):
        pool.setdefault((m["article_seq"], m["text"]), []).append(m)
    pairs = []
    for e in expected:
        candidates = pool.get((e["article"], e["text"]), [])
        pairs.append((e, candidates.pop(0) if candidates else None))
    return pairs


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of every occurrence of ``needle`` in ``text``, overlapping ones included."""
    spans, start = [], text.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans
