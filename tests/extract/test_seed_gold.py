"""The seed page against its hand-checked gold annotation (../shared/gold), through the public API.

Bars follow the issue: every article, paragraph, complex and lead unit exact; organizations and metrics
scored the way ../shared/eval/score_seed.py scores a warehouse, with precision and recall >= 0.95.
"""

from __future__ import annotations

import pytest

from etl import schemas
from etl.extract import extract_page
from tests.conftest import SEED_NAME
from tests.extract.conftest import (
    articles_by_seq,
    complexes_by_seq,
    credits_by_seq,
    frames_equal,
    mentioned_org_kinds,
    metrics_with_seq,
    occurrences,
    org_mentions,
    org_names,
    pair_metrics,
    paragraphs_by_seq,
    seq_of_article,
)

BAR = 0.95
SEQS = [1, 2, 3]
#: The gold writes byline positions in words; the articles table uses these codes.
BYLINE_POSITION = {"own_line_after_body": "after_body", "inline_start_of_first_paragraph": "inline"}


def gold_article(gold: dict, seq: int) -> dict:
    return next(a for a in gold["articles"] if a["seq"] == seq)


# --- page row -------------------------------------------------------------------------------------


def test_page_row_records_the_decoded_seed(seed_tables, seed_raw):
    page = seed_tables.pages.row(0, named=True)
    assert seed_tables.pages.height == 1
    assert page["sha256"] == "a360892cb1ba91667a6170d1de1418ae6578f26d39204cf1a1e8ca503860bd22"
    assert (page["encoding"], page["byte_count"], page["char_count"]) == ("utf-8", len(seed_raw), 4697)


def test_page_row_counts_three_articles(seed_tables):
    assert seed_tables.pages["article_count"].to_list() == [3]


# --- articles -------------------------------------------------------------------------------------


def test_three_articles_in_page_order(seed_tables):
    assert seed_tables.articles.sort("char_start")["seq"].to_list() == SEQS


@pytest.mark.parametrize("seq", SEQS)
def test_headline_is_first_title_line_or_accepted_alternative(seed_tables, gold, seq):
    expected = gold_article(gold, seq)
    article = articles_by_seq(seed_tables).get(seq, {})
    assert article.get("headline") in [expected["headline"], *expected["headline_alternatives"]]


@pytest.mark.parametrize("seq", SEQS)
def test_deck_holds_the_other_title_lines_in_order(seed_tables, gold, seq):
    expected = gold_article(gold, seq)
    article = articles_by_seq(seed_tables).get(seq, {})
    title_lines = [expected["headline"], *expected["deck"]]
    if article.get("headline") in title_lines:
        assert article.get("deck") == [line for line in title_lines if line != article["headline"]]
    else:
        assert article.get("deck") == expected["deck"]


@pytest.mark.parametrize("seq", SEQS)
def test_outlet_is_the_paper_named_in_the_byline(seed_tables, gold, seq):
    assert articles_by_seq(seed_tables).get(seq, {}).get("outlet") in gold_article(gold, seq)["outlets"]


@pytest.mark.parametrize("seq", SEQS)
def test_brand_is_the_group_prefix_of_the_byline(seed_tables, gold, seq):
    assert articles_by_seq(seed_tables).get(seq, {}).get("brand") == gold_article(gold, seq)["brand"]


@pytest.mark.parametrize("seq", SEQS)
def test_reporters_are_the_names_credited_as_journalists(seed_tables, gold, seq):
    assert articles_by_seq(seed_tables).get(seq, {}).get("reporters") == gold_article(gold, seq)["reporters"]


@pytest.mark.parametrize("seq", SEQS)
def test_byline_position(seed_tables, gold, seq):
    expected = BYLINE_POSITION[gold_article(gold, seq)["byline_position"]]
    assert articles_by_seq(seed_tables).get(seq, {}).get("byline_position") == expected


@pytest.mark.parametrize("seq", SEQS)
def test_byline_is_kept_as_written(seed_tables, gold, seq):
    assert articles_by_seq(seed_tables).get(seq, {}).get("byline") == gold_article(gold, seq)["byline_raw"]


@pytest.mark.parametrize("seq", SEQS)
def test_other_credits_are_recorded_with_their_role(seed_tables, gold, seq):
    expected = {(c["role"], c["name"]) for c in gold_article(gold, seq)["other_credits"]}
    expected |= {("记者", name) for name in gold_article(gold, seq)["reporters"]}
    assert expected <= credits_by_seq(seed_tables).get(seq, set())


@pytest.mark.parametrize("seq", SEQS)
def test_paragraph_count(seed_tables, gold, seq):
    article = articles_by_seq(seed_tables).get(seq, {})
    assert article.get("paragraph_count") == gold_article(gold, seq)["paragraph_count"]


def test_all_gold_paragraphs_found_verbatim(seed_tables, gold):
    found = {text for texts in paragraphs_by_seq(seed_tables).values() for text in texts}
    gold_paragraphs = [p for a in gold["articles"] for p in a["paragraphs"]]
    missing = [p[:20] for p in gold_paragraphs if p not in found]
    assert len(gold_paragraphs) == 18
    assert missing == [], f"{len(gold_paragraphs) - len(missing)}/18 gold paragraphs found verbatim"


@pytest.mark.parametrize("seq", SEQS)
def test_article_paragraphs_are_the_gold_paragraphs_in_order(seed_tables, gold, seq):
    assert paragraphs_by_seq(seed_tables).get(seq, []) == gold_article(gold, seq)["paragraphs"]


def test_inline_byline_is_stripped_from_the_first_paragraph(seed_tables):
    first = paragraphs_by_seq(seed_tables).get(3, [""])[0]
    assert first.startswith("推动生产要素") and "本报讯" not in first


@pytest.mark.parametrize("seq", SEQS)
def test_fragment_count_counts_repaired_column_breaks(seed_tables, gold, seq):
    expected = [len(lines) for lines in gold_article(gold, seq)["source_lines"]["paragraphs"]]
    seqs = seq_of_article(seed_tables)
    rows = seed_tables.paragraphs.sort("seq").iter_rows(named=True)
    assert [r["fragment_count"] for r in rows if seqs.get(r["article_id"]) == seq] == expected


def test_paragraph_text_starts_at_char_start(seed_tables, seed_text):
    bad = [r["text"][:10] for r in seed_tables.paragraphs.iter_rows(named=True)
           if seed_text[r["char_start"]:r["char_start"] + 5] != r["text"][:5]]
    assert seed_tables.paragraphs.height > 0
    assert bad == []


def test_paragraph_span_without_column_break_lines_is_the_paragraph_text(seed_tables, seed_text):
    """text[char_start:char_end] with the blank lines of repaired column breaks removed."""
    bad = [r["text"][:10] for r in seed_tables.paragraphs.iter_rows(named=True)
           if seed_text[r["char_start"]:r["char_end"]].replace("\n", "") != r["text"]]
    assert seed_tables.paragraphs.height > 0
    assert bad == []


def test_title_lines_bylines_and_list_are_not_paragraphs(seed_tables, gold):
    found = {text for texts in paragraphs_by_seq(seed_tables).values() for text in texts}
    not_paragraphs = [gold["complexes"]["list_title"]]
    for article in gold["articles"]:
        not_paragraphs += [article["headline"], *article["deck"], article["byline_raw"]]
    not_paragraphs += [item["raw_line"] for item in gold["complexes"]["items"]]
    assert found & set(not_paragraphs) == set()


# --- complexes ------------------------------------------------------------------------------------


def test_seventeen_complexes_numbered_in_list_order(seed_tables):
    assert sorted(seed_tables.complexes["seq"].to_list()) == list(range(1, 18))


def test_complexes_belong_to_article_3(seed_tables):
    seqs = seq_of_article(seed_tables)
    assert {seqs.get(a) for a in seed_tables.complexes["article_id"].to_list()} == {3}


def test_complex_names_exclude_the_lead_unit_group(seed_tables, gold):
    found = complexes_by_seq(seed_tables)
    wrong = {x["seq"]: found.get(x["seq"], {}).get("name") for x in gold["complexes"]["items"]
             if found.get(x["seq"], {}).get("name") != x["name"]}
    assert wrong == {}


def test_complex_lead_units_in_list_order(seed_tables, gold):
    found = complexes_by_seq(seed_tables)
    wrong = {x["seq"]: found.get(x["seq"], {}).get("leads") for x in gold["complexes"]["items"]
             if found.get(x["seq"], {}).get("leads") != x["lead_units"]}
    assert wrong == {}, f"{17 - len(wrong)}/17 items with exact lead units"


def test_thirty_six_lead_unit_rows(seed_tables, gold):
    assert seed_tables.complex_lead_units.height == gold["complexes"]["lead_unit_mentions"] == 36


def test_complex_batch_and_category_come_from_the_list_title(seed_tables, gold):
    found = complexes_by_seq(seed_tables)
    wrong = {x["seq"]: (found.get(x["seq"], {}).get("batch"), found.get(x["seq"], {}).get("category"))
             for x in gold["complexes"]["items"]
             if (found.get(x["seq"], {}).get("batch"), found.get(x["seq"], {}).get("category"))
             != (x["batch"], x["category"])}
    assert len(found) == 17 and wrong == {}


def test_complex_list_title_is_kept_as_written(seed_tables, gold):
    assert set(seed_tables.complexes["list_title"].to_list()) == {gold["complexes"]["list_title"]}


def test_lead_units_note_is_stripped_into_its_column(seed_tables, gold):
    found = complexes_by_seq(seed_tables)
    assert {seq: row["lead_units_note"] for seq, row in found.items()} == {
        x["seq"]: x["lead_units_note"] for x in gold["complexes"]["items"]}


def test_complex_span_covers_its_list_line(seed_tables, gold, seed_text):
    raw_lines = {x["seq"]: x["raw_line"] for x in gold["complexes"]["items"]}
    bad = [r["seq"] for r in seed_tables.complexes.iter_rows(named=True)
           if r["name"] not in seed_text[r["char_start"]:r["char_end"]]
           or seed_text[r["char_start"]:r["char_end"]] not in raw_lines.get(r["seq"], "")]
    assert seed_tables.complexes.height > 0
    assert bad == []


# --- organizations --------------------------------------------------------------------------------


def scored_orgs(gold: dict, tables) -> tuple[set[str], dict[str, dict], dict[str, str]]:
    """Found names and gold orgs, with byline outlets and borderline texts neutral (as score_seed.py)."""
    go = gold["organizations"]
    gold_orgs = {o["name"]: o for o in go["organizations"] if "byline_outlet" not in o["roles"]}
    neutral = {o["name"] for o in go["organizations"] if "byline_outlet" in o["roles"]}
    neutral |= {b.get("text") or b.get("name") for b in go["borderline"]} - set(gold_orgs)
    kinds = mentioned_org_kinds(tables)
    return set(kinds) - neutral, gold_orgs, kinds


def test_organization_precision(seed_tables, gold):
    found, gold_orgs, _ = scored_orgs(gold, seed_tables)
    false = sorted(found - set(gold_orgs))
    precision = len(found & set(gold_orgs)) / len(found) if found else 0.0
    assert precision >= BAR, f"precision {precision:.3f}, not organizations: {false[:10]}"


def test_organization_recall(seed_tables, gold):
    found, gold_orgs, _ = scored_orgs(gold, seed_tables)
    missed = sorted(set(gold_orgs) - found)
    recall = len(found & set(gold_orgs)) / len(gold_orgs)
    assert recall >= BAR, f"recall {recall:.3f}, missed: {missed[:10]}"


def test_organization_kind_on_matched_names(seed_tables, gold):
    _, gold_orgs, kinds = scored_orgs(gold, seed_tables)
    matched = [name for name in gold_orgs if name in kinds]
    wrong = {name: (kinds[name], gold_orgs[name]["kind"]) for name in matched
             if kinds[name] != gold_orgs[name]["kind"]}
    assert matched, "no gold organization was found"
    assert (len(matched) - len(wrong)) / len(matched) >= BAR, f"wrong kinds (found, gold): {wrong}"


def test_defined_alias_is_recorded_for_its_organization(seed_tables):
    names = org_names(seed_tables)
    aliases = {(names.get(r["org_id"]), r["alias"])
               for r in seed_tables.organization_aliases.iter_rows(named=True)}
    assert ("重庆川仪精密机械有限公司", "川仪精密") in aliases


def test_anaphors_are_not_aliases(seed_tables):
    assert not {"公司", "园区", "该项目", "科学城"} & set(seed_tables.organization_aliases["alias"].to_list())


@pytest.mark.parametrize("outlet", ["重庆日报", "重庆晨报"], ids=["chongqing_daily", "chongqing_morning"])
def test_byline_outlet_is_an_organization_of_kind_other(seed_tables, outlet):
    rows = [m for m in org_mentions(seed_tables) if m["name"] == outlet]
    kinds = mentioned_org_kinds(seed_tables)
    assert rows and {m["role"] for m in rows} == {"byline_outlet"} and kinds[outlet] == "other"


def test_places_are_not_organizations(seed_tables, gold):
    places = {m for p in gold["organizations"]["places_not_orgs"] for m in [p["name"], *p["mentions"]]}
    assert set(seed_tables.organizations["name"].to_list()) & places == set()


def test_generic_references_are_not_organizations(seed_tables, gold):
    generic = {g["text"] for g in gold["organizations"]["generic_not_orgs"]}
    generic |= {"新重庆", "全国两会", "产业创新综合体", "公司", "园区", "我市"}
    assert set(seed_tables.organizations["name"].to_list()) & generic == set()


def test_complexes_are_not_organizations(seed_tables, gold):
    names = {x["name"] for x in gold["complexes"]["items"]}
    assert set(seed_tables.organizations["name"].to_list()) & names == set()


@pytest.mark.parametrize(("name", "container"), [("市委", "各民主党派市委"),
                                                  ("重庆大学", "重庆大学国家卓越工程师学院")])
def test_name_inside_a_longer_name_is_not_a_mention(seed_tables, seed_text, name, container):
    inside = occurrences(seed_text, container)
    bad = [(m["char_start"], m["char_end"]) for m in org_mentions(seed_tables) if m["name"] == name
           and any(s <= m["char_start"] and m["char_end"] <= e for s, e in inside)]
    assert bad == []


def test_lead_units_are_mentioned_with_role_complex_lead_unit(seed_tables, gold):
    roles = [m["role"] for m in org_mentions(seed_tables)]
    assert roles.count("complex_lead_unit") == gold["complexes"]["lead_unit_mentions"]


def test_mention_text_is_the_decoded_span(seed_tables, seed_text):
    bad = [(m["text"], m["char_start"]) for m in org_mentions(seed_tables)
           if seed_text[m["char_start"]:m["char_end"]] != m["text"]]
    assert seed_tables.organization_mentions.height > 0
    assert bad == []


# --- metrics --------------------------------------------------------------------------------------


def matched_metrics(gold: dict, tables) -> list[tuple[dict, dict | None]]:
    return pair_metrics(gold["metrics"]["metrics"], tables)


def test_all_gold_metrics_found(seed_tables, gold):
    missing = [(g["article"], g["text"]) for g, found in matched_metrics(gold, seed_tables) if found is None]
    assert missing == [], f"{15 - len(missing)}/15 gold metrics found"


def test_metric_precision(seed_tables, gold):
    extracted = seed_tables.metrics.height
    hits = sum(found is not None for _, found in matched_metrics(gold, seed_tables))
    precision = hits / extracted if extracted else 0.0
    extra = sorted({m["text"] for m in metrics_with_seq(seed_tables)}
                   - {g["text"] for g in gold["metrics"]["metrics"]})
    assert precision >= BAR, f"precision {precision:.3f}; not gold metrics: {extra[:10]}"


@pytest.mark.parametrize("field", ["value", "unit", "qualifier"])
def test_metric_value_unit_and_qualifier_are_exact(seed_tables, gold, field):
    pairs = [(g, f) for g, f in matched_metrics(gold, seed_tables) if f is not None]
    wrong = {g["id"]: (f[field], g[field]) for g, f in pairs if f[field] != g[field]}
    assert pairs, "no gold metric was found"
    assert wrong == {}, f"(found, gold) by gold id: {wrong}"


@pytest.mark.parametrize(("field", "gold_field"), [("unit_text", "unit_text"), ("location", "location"),
                                                   ("nature", "nature"),
                                                   ("qualifier_marker", "qualifier_marker")])
def test_metric_descriptive_fields_match_gold(seed_tables, gold, field, gold_field):
    pairs = [(g, f) for g, f in matched_metrics(gold, seed_tables) if f is not None]
    wrong = {g["id"]: (f[field], g[gold_field]) for g, f in pairs if f[field] != g[gold_field]}
    assert pairs, "no gold metric was found"
    assert wrong == {}, f"(found, gold) by gold id: {wrong}"


def test_metric_text_is_the_decoded_span(seed_tables, seed_text):
    bad = [(m["text"], m["char_start"]) for m in seed_tables.metrics.iter_rows(named=True)
           if seed_text[m["char_start"]:m["char_end"]] != m["text"]]
    assert seed_tables.metrics.height > 0
    assert bad == []


def test_excluded_numbers_are_never_metrics(seed_tables, gold, seed_text):
    """Dates, years, ordinals, slogans, model names... (gold ``excluded``): no metric overlaps one."""
    excluded = {(x["text"], s, e) for x in gold["metrics"]["excluded"]
                for s, e in occurrences(seed_text, x["text"])}
    gold_spans = {(g["char_start"], g["char_end"]) for g in gold["metrics"]["metrics"]}
    excluded = {(t, s, e) for t, s, e in excluded if not any(gs < e and s < ge for gs, ge in gold_spans)}
    bad = sorted({(m["text"], t) for m in seed_tables.metrics.iter_rows(named=True) for t, s, e in excluded
                  if m["char_start"] < e and s < m["char_end"]})
    assert bad == [], f"(metric, excluded item it overlaps): {bad}"


@pytest.mark.parametrize("trap", ["2024年", "2025", "33618", "416", "885", "CFM56", "5G", "10周年",
                                  "第三轮", "首批", "一季度", "一期", "十四五"],
                         ids=["year", "year_range", "slogan_33618", "slogan_416", "slogan_885", "model_name",
                              "technology_5G", "anniversary", "ordinal_round", "first_batch", "quarter",
                              "project_phase", "plan_name"])
def test_no_metric_text_contains_a_non_quantity(seed_tables, trap):
    assert [m for m in seed_tables.metrics["text"].to_list() if trap in m] == []


# --- the frames as a whole ------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(schemas.TABLES))
def test_extraction_is_deterministic(seed_raw, seed_tables, table):
    again = extract_page(seed_raw, SEED_NAME).as_dict()[table]
    assert frames_equal(seed_tables.as_dict()[table], again)


@pytest.mark.parametrize("table", list(schemas.TABLES))
def test_frame_validates_against_its_model(seed_tables, table):
    schemas.TABLES[table].validate(seed_tables.as_dict()[table])


@pytest.mark.parametrize("table", ["credits", "paragraphs", "organization_mentions", "complexes", "metrics"])
def test_rows_reference_extracted_articles(seed_tables, table):
    article_ids = set(seed_tables.articles["article_id"].to_list())
    assert set(seed_tables.as_dict()[table]["article_id"].to_list()) <= article_ids


def test_lead_units_reference_extracted_complexes_and_organizations(seed_tables):
    lead_units = seed_tables.complex_lead_units
    assert set(lead_units["complex_id"].to_list()) <= set(seed_tables.complexes["complex_id"].to_list())
    assert set(lead_units["org_id"].to_list()) <= set(seed_tables.organizations["org_id"].to_list())
