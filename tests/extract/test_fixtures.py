"""Hand-written pages from other papers and layouts (tests/fixtures/pages), each with the rows the gold
conventions (../shared/gold/README.md) make unambiguous (tests/fixtures/expected/<name>.json).

The expected files are conservative: organizations as must_include / must_not_include, metrics as
must_find plus must_not_be_metrics, a few list and byline facts. See each file's ``description``.
"""

from __future__ import annotations

import math
import re

import pytest

from etl import schemas
from etl.extract import extract_page
from etl.extract.decoding import decode_page
from tests.extract.conftest import (
    FIXTURE_NAMES,
    articles_by_seq,
    complexes_by_seq,
    credits_by_seq,
    fixture_raw,
    frames_equal,
    load_expected,
    mentioned_org_kinds,
    occurrences,
    org_aliases,
    pair_metrics,
    paragraphs_by_seq,
    seq_of_article,
)

ARTICLES = [(name, a["seq"]) for name in FIXTURE_NAMES for a in load_expected(name)["articles"]]
WITH_LIST = [name for name in FIXTURE_NAMES if load_expected(name)["complexes"]]
WITHOUT_LIST = [name for name in FIXTURE_NAMES if not load_expected(name)["complexes"]]
#: Encodings, line endings, list/no list and byline positions the fixture pages must cover between them.
REQUIRED_COVERAGE = {"gb18030", "crlf", "no_list", "list", "inline", "before_body", "after_body"}


def expected_article(name: str, seq: int) -> dict:
    return next(a for a in load_expected(name)["articles"] if a["seq"] == seq)


def decoded_text(name: str) -> str:
    return decode_page(fixture_raw(name), name).text


# --- the fixtures themselves (independent of the extractor) ---------------------------------------


def test_fixtures_cover_the_layouts_the_issue_lists():
    covered = set()
    for name in FIXTURE_NAMES:
        expected = load_expected(name)
        covered |= {expected["encoding"], expected["line_endings"], "list" if expected["complexes"] else "no_list"}
        covered |= {a["byline_position"] for a in expected["articles"]}
    assert len(FIXTURE_NAMES) >= 6
    assert covered >= REQUIRED_COVERAGE


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_page_is_stored_as_declared(name):
    expected, raw = load_expected(name), fixture_raw(name)
    if expected["encoding"] == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf") == (expected["encoding"] == "utf-8-sig")
    assert (b"\r\n" in raw) == (expected["line_endings"] == "crlf")
    assert 1500 <= len(raw.decode(expected["encoding"])) <= 6000


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_annotated_strings_occur_on_the_page(name):
    expected, text = load_expected(name), decoded_text(name)
    flat = text.replace("\n", "")
    strings = [t for a in expected["articles"] for t in [a["headline"], *a["deck"], a["byline"]]]
    strings += [o["name"] for o in expected["organizations"]["must_include"]]
    strings += expected["organizations"]["must_not_include"]
    strings += [m["text"] for m in expected["metrics"]["must_find"]]
    strings += expected["metrics"]["must_not_be_metrics"]
    for lst in expected["complexes"]:
        strings += [lst["list_title"], *[i["name"] for i in lst["items"]]]
        strings += [u for i in lst["items"] for u in i["lead_units"]]
    paragraphs = [p for a in expected["articles"] for p in a["paragraphs"]]
    assert [s for s in strings if s not in text] == []
    assert [p[:20] for p in paragraphs if p not in flat] == []


# --- page row and decoding ------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_page_encoding_is_recorded(fixture_tables, name):
    assert fixture_tables(name).pages["encoding"].to_list() == [load_expected(name)["encoding"]]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_decoded_page_has_lf_line_endings_only(name):
    text = decoded_text(name)
    assert "\r" not in text and text.count("\n") >= load_expected(name)["article_count"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_page_row_counts_its_articles(fixture_tables, name):
    assert fixture_tables(name).pages["article_count"].to_list() == [load_expected(name)["article_count"]]


# --- articles -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_article_count(fixture_tables, name):
    assert fixture_tables(name).articles.height == load_expected(name)["article_count"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_headlines_in_page_order(fixture_tables, name):
    found = fixture_tables(name).articles.sort("seq")["headline"].to_list()
    assert found == [a["headline"] for a in load_expected(name)["articles"]]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_deck_is_the_other_title_lines(fixture_tables, name, seq):
    assert articles_by_seq(fixture_tables(name)).get(seq, {}).get("deck") == expected_article(name, seq)["deck"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_outlet(fixture_tables, name, seq):
    article = articles_by_seq(fixture_tables(name)).get(seq)
    assert article is not None
    assert article["outlet"] == expected_article(name, seq)["outlet"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_brand(fixture_tables, name, seq):
    article = articles_by_seq(fixture_tables(name)).get(seq)
    assert article is not None
    assert article["brand"] == expected_article(name, seq)["brand"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_reporters(fixture_tables, name, seq):
    found = articles_by_seq(fixture_tables(name)).get(seq, {}).get("reporters")
    assert found == expected_article(name, seq)["reporters"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_byline_as_written(fixture_tables, name, seq):
    assert articles_by_seq(fixture_tables(name)).get(seq, {}).get("byline") == expected_article(name, seq)["byline"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_byline_position(fixture_tables, name, seq):
    found = articles_by_seq(fixture_tables(name)).get(seq, {}).get("byline_position")
    assert found == expected_article(name, seq)["byline_position"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_other_credits_with_their_role(fixture_tables, name, seq):
    expected = {(c["role"], c["name"]) for c in expected_article(name, seq)["credits"]}
    assert expected <= credits_by_seq(fixture_tables(name)).get(seq, set())


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_paragraph_count(fixture_tables, name, seq):
    found = articles_by_seq(fixture_tables(name)).get(seq, {}).get("paragraph_count")
    assert found == expected_article(name, seq)["paragraph_count"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_paragraph_texts_verbatim_in_order(fixture_tables, name, seq):
    assert paragraphs_by_seq(fixture_tables(name)).get(seq, []) == expected_article(name, seq)["paragraphs"]


@pytest.mark.parametrize(("name", "seq"), ARTICLES)
def test_column_breaks_are_repaired_into_fragments(fixture_tables, name, seq):
    tables = fixture_tables(name)
    seqs = seq_of_article(tables)
    fragments = [r["fragment_count"] for r in tables.paragraphs.iter_rows(named=True)
                 if seqs.get(r["article_id"]) == seq]
    assert fragments, "no paragraphs extracted"
    assert sum(f - 1 for f in fragments) == expected_article(name, seq)["column_breaks"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_paragraph_span_without_line_breaks_is_the_paragraph_text(fixture_tables, name):
    tables, text = fixture_tables(name), decoded_text(name)
    bad = [r["text"][:10] for r in tables.paragraphs.iter_rows(named=True)
           if text[r["char_start"]:r["char_end"]].replace("\n", "") != r["text"]]
    assert tables.paragraphs.height > 0
    assert bad == []


# --- numbered lists -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WITH_LIST)
def test_list_items_are_named_in_order(fixture_tables, name):
    expected = load_expected(name)["complexes"][0]
    found = complexes_by_seq(fixture_tables(name))
    assert {seq: row["name"] for seq, row in found.items()} == {i["seq"]: i["name"] for i in expected["items"]}


@pytest.mark.parametrize("name", WITH_LIST)
def test_list_lead_units_in_order(fixture_tables, name):
    expected = load_expected(name)["complexes"][0]
    found = complexes_by_seq(fixture_tables(name))
    assert {seq: row["leads"] for seq, row in found.items()} == {i["seq"]: i["lead_units"] for i in expected["items"]}


@pytest.mark.parametrize("name", WITH_LIST)
def test_list_batch_category_and_title(fixture_tables, name):
    expected = load_expected(name)["complexes"][0]
    found = complexes_by_seq(fixture_tables(name))
    assert found, "no list items extracted"
    assert {(r["batch"], r["category"], r["list_title"]) for r in found.values()} == {
        (expected["batch"], expected["category"], expected["list_title"])}


@pytest.mark.parametrize("name", WITH_LIST)
def test_list_belongs_to_its_article(fixture_tables, name):
    tables = fixture_tables(name)
    seqs = seq_of_article(tables)
    assert {seqs.get(a) for a in tables.complexes["article_id"].to_list()} == {
        load_expected(name)["complexes"][0]["article"]}


@pytest.mark.parametrize("name", [n for n in WITH_LIST
                                  if "lead_units_note" in load_expected(n)["complexes"][0]["items"][0]])
def test_lead_units_note_is_stripped(fixture_tables, name):
    expected = load_expected(name)["complexes"][0]
    found = complexes_by_seq(fixture_tables(name))
    assert {seq: r["lead_units_note"] for seq, r in found.items()} == {
        i["seq"]: i["lead_units_note"] for i in expected["items"]}


@pytest.mark.parametrize("name", WITHOUT_LIST)
def test_page_without_a_list_has_no_list_items(fixture_tables, name):
    tables = fixture_tables(name)
    assert tables.articles.height > 0
    assert tables.complexes.height == 0 and tables.complex_lead_units.height == 0


# --- organizations --------------------------------------------------------------------------------


#: Organization recall the issue asks for. Short names the page never ties to a full name (商汤科技,
#: 中国平安) are out of reach of rules without a company lexicon, so a page may miss a few.
ORG_RECALL = 0.95
PAGE_ORG_RECALL = 0.85


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_named_organizations_are_found(fixture_tables, name):
    found = mentioned_org_kinds(fixture_tables(name))
    expected = [o["name"] for o in load_expected(name)["organizations"]["must_include"]]
    missed = [n for n in expected if n not in found]
    assert 1 - len(missed) / len(expected) >= PAGE_ORG_RECALL, f"missed {missed}"


def test_organization_recall_over_all_fixture_pages(fixture_tables):
    expected = [(name, o["name"]) for name in FIXTURE_NAMES
                for o in load_expected(name)["organizations"]["must_include"]]
    missed = [(name, org) for name, org in expected if org not in mentioned_org_kinds(fixture_tables(name))]
    assert 1 - len(missed) / len(expected) >= ORG_RECALL, f"missed {missed}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_organization_kinds(fixture_tables, name):
    found = mentioned_org_kinds(fixture_tables(name))
    expected = load_expected(name)["organizations"]["must_include"]
    wrong = {o["name"]: (found[o["name"]], o["kind"]) for o in expected
             if o["name"] in found and found[o["name"]] != o["kind"]}
    assert found, "no organizations extracted"
    assert wrong == {}, f"(found, expected): {wrong}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_places_and_generic_references_are_not_organizations(fixture_tables, name):
    names = set(fixture_tables(name).organizations["name"].to_list())
    assert names & set(load_expected(name)["organizations"]["must_not_include"]) == set()


#: Where the text defines an alias: the whole alias right after 简称/下称 (``（以下简称“华曙新材”，688572.SH）``).
ALIAS_DEFINITION = r"(?:简称|下称)\s*[“\"‘']?{}\s*[”\"’'）),，、;；]"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_no_alias_without_a_definition_in_the_text(fixture_tables, name):
    """An alias row only for an alias the page defines (gold convention: anaphors and short names are not)."""
    text = decoded_text(name).replace("\n", "")
    aliases = fixture_tables(name).organization_aliases["alias"].to_list()
    assert [a for a in aliases if not re.search(ALIAS_DEFINITION.format(re.escape(a)), text)] == []


@pytest.mark.parametrize("name", [n for n in FIXTURE_NAMES
                                  if any(o["aliases"] for o in load_expected(n)["organizations"]["must_include"])])
def test_aliases_the_text_defines_are_found(fixture_tables, name):
    expected = {(o["name"], alias) for o in load_expected(name)["organizations"]["must_include"]
                for alias in o["aliases"]}
    assert expected - org_aliases(fixture_tables(name)) == set()


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_mention_text_is_the_decoded_span(fixture_tables, name):
    tables, text = fixture_tables(name), decoded_text(name)
    # a name split by a column break is written rejoined; its span covers the blank lines between
    bad = [(m["text"], m["char_start"]) for m in tables.organization_mentions.iter_rows(named=True)
           if re.sub(r"\s+", "", text[m["char_start"]:m["char_end"]]) != m["text"]]
    assert tables.organization_mentions.height > 0
    assert bad == []


# --- metrics --------------------------------------------------------------------------------------


def matched_metrics(name: str, tables) -> list[tuple[dict, dict | None]]:
    return pair_metrics(load_expected(name)["metrics"]["must_find"], tables)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_expected_metrics_are_found(fixture_tables, name):
    pairs = matched_metrics(name, fixture_tables(name))
    missing = [(e["article"], e["text"]) for e, found in pairs if found is None]
    assert missing == [], f"{len(pairs) - len(missing)}/{len(pairs)} found"


@pytest.mark.parametrize("field", ["value", "unit", "qualifier", "location"])
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_metric_fields_are_exact(fixture_tables, name, field):
    pairs = [(e, f) for e, f in matched_metrics(name, fixture_tables(name)) if f is not None]

    def same(found, expected):
        if field == "value":
            return found is not None and math.isclose(float(found), float(expected), rel_tol=1e-9)
        return found == expected

    wrong = [(e["text"], f[field], e[field]) for e, f in pairs if not same(f[field], e[field])]
    assert pairs, "no expected metric was found"
    assert wrong == [], f"(text, found, expected): {wrong}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_non_quantities_are_never_metrics(fixture_tables, name):
    """Years, dates, ordinals, slogans, model names: no metric contains or overlaps one."""
    tables, text = fixture_tables(name), decoded_text(name)
    bad = []
    for trap in load_expected(name)["metrics"]["must_not_be_metrics"]:
        spans = occurrences(text, trap)
        bad += [(m["text"], trap) for m in tables.metrics.iter_rows(named=True)
                if trap in m["text"] or any(m["char_start"] < e and s < m["char_end"] for s, e in spans)]
    assert bad == [], f"(metric, non-quantity): {bad}"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_metric_text_is_the_decoded_span(fixture_tables, name):
    tables, text = fixture_tables(name), decoded_text(name)
    bad = [(m["text"], m["char_start"]) for m in tables.metrics.iter_rows(named=True)
           if text[m["char_start"]:m["char_end"]] != m["text"]]
    assert tables.metrics.height > 0
    assert bad == []


# --- the frames as a whole ------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_every_frame_validates_against_its_model(fixture_tables, name):
    frames = fixture_tables(name).as_dict()
    for table, model in schemas.TABLES.items():
        model.validate(frames[table])


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_extraction_is_deterministic(fixture_tables, name):
    first = fixture_tables(name).as_dict()
    again = extract_page(fixture_raw(name), f"fixtures/{load_expected(name)['page']}").as_dict()
    assert [t for t in schemas.TABLES if not frames_equal(first[t], again[t])] == []
