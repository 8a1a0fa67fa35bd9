"""The validation rules report what is wrong, with counts and sample rows."""

from __future__ import annotations

import polars as pl

from etl import schemas
from etl.extract import extract_page
from etl.validation import key_problem, metric_span_problem, model_problem, page_problems, reference_problem
from tests.warehouse_support import synthetic_page


def _page() -> dict[str, pl.DataFrame]:
    return synthetic_page("a.txt", b"A", {"重庆大学": "university", "市经信委": "government"})


def test_a_valid_page_has_no_problems() -> None:
    assert page_problems(_page()) == []


def test_a_frame_that_breaks_its_model_is_reported_with_failure_cases() -> None:
    pages = _page()["pages"].with_columns(pl.lit("NOT-AN-ID").alias("page_id"),
                                          pl.lit(0, dtype=pl.Int64).alias("byte_count"))
    problem = model_problem("pages", pages)
    assert problem is not None and problem.check == "matches_model"
    assert problem.count == 2
    assert set(problem.sample["column"]) == {"page_id", "byte_count"}


def test_a_frame_missing_a_column_is_reported() -> None:
    problem = model_problem("organizations", _page()["organizations"].drop("kind"))
    assert problem is not None and "kind" in problem.sample["failure_case"].to_list()


def test_rows_sharing_a_composite_key_are_reported() -> None:
    mentions = _page()["organization_mentions"]
    problem = key_problem("organization_mentions", pl.concat([mentions, mentions.head(1)]))
    assert problem is not None and problem.count == 2


def test_mentions_of_an_unknown_organization_are_orphans() -> None:
    page = _page()
    page["organizations"] = page["organizations"].head(1)
    problem = reference_problem("organization_mentions", page)
    assert problem is not None and problem.count == 1 and "org_id" in problem.summary


def _metric(article_id: str, start: int, end: int) -> pl.DataFrame:
    return schemas.frame(schemas.Metric, [{
        "metric_id": "0" * 16, "article_id": article_id, "text": "5亿元", "value": 5e8, "unit": "CNY",
        "unit_text": "亿元", "qualifier": "exact", "qualifier_marker": None, "measure": None,
        "subject": None, "period": None, "nature": "actual", "location": "body", "context": "5亿元",
        "char_start": start, "char_end": end}])


def test_a_metric_reaching_past_its_article_is_reported() -> None:
    articles = _page()["articles"]  # spans 0..100
    problem = metric_span_problem(_metric(articles["article_id"][0], 98, 101), articles)
    assert problem is not None and problem.sample["article_end"].to_list() == [100]


def test_a_metric_inside_its_article_passes() -> None:
    articles = _page()["articles"]
    assert metric_span_problem(_metric(articles["article_id"][0], 95, 100), articles) is None


TWO_LISTS = """首批和第二批创新联合体名单公布

本报讯(记者 李明)市科技局日前公布两批创新联合体名单。

首批创新联合体名单如下：
1.智能装备创新联合体（重庆川仪自动化股份有限公司、重庆大学）
2.新材料创新联合体（重庆国际复合材料股份有限公司、西南大学）

第二批创新联合体名单如下：
1.生物医药创新联合体（重庆智飞生物制品股份有限公司、重庆医科大学）
2.低空经济创新联合体（重庆宗申航空发动机制造有限公司、重庆交通大学）
"""


def test_an_article_with_two_lists_numbered_alike_passes_validation() -> None:
    frames = extract_page(TWO_LISTS.encode(), "two_lists.txt").as_dict()
    complexes = frames["complexes"]
    assert complexes["seq"].to_list() == [1, 2, 1, 2]
    assert complexes["article_id"].n_unique() == 1
    assert page_problems(frames) == []
