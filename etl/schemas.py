"""The warehouse contract: one pandera model per table, declared once.

These models are the single source of truth for each table's columns. They validate the frames the
extractor produces (asset checks), document the columns (``warehouse/README.md`` is checked against
them) and check the DDL in ``warehouse/ddl.sql`` (tests compare the two). Columns that only the loader
fills (``pages.loaded_at``, the whole ``rejected`` table's timestamp) are listed in ``LOADER_COLUMNS``.

Ids are 16 lowercase hex characters: a hash of a stable key (see ``etl.extract.ids``), so the same page
always yields the same rows and the same organization name on two pages is the same ``org_id``.
"""

from __future__ import annotations

from functools import cache
from typing import Optional

import pandera.polars as pa
import polars as pl

ID_PATTERN = r"^[0-9a-f]{16}$"

UNITS = ("CNY", "USD", "EUR", "HKD", "JPY", "percent", "square_meter", "mu", "count", "person",
         "unit_per_year", "ton_per_year", "year", "month", "day", "hour", "ton", "kilowatt_hour", "watt",
         "meter", "cubic_meter", "times")
QUALIFIERS = ("exact", "approx", "over", "at_least", "at_most", "under")
NATURES = ("actual", "target", "planned")
ORG_KINDS = ("company", "university", "research_institute", "government", "industrial_park",
             "partnership", "association", "other")
MENTION_ROLES = ("mentioned", "complex_lead_unit", "byline_outlet")
BYLINE_POSITIONS = ("before_body", "after_body", "inline")
LOCATIONS = ("headline", "deck", "body", "list")


def _id(description: str, unique: bool = False) -> object:
    return pa.Field(str_matches=ID_PATTERN, unique=unique, description=description)


def _span(what: str) -> tuple[object, object]:
    return (pa.Field(ge=0, description=f"Offset of the first character of {what} in the decoded page "
                                       "text (Python code points, 0-based)."),
            pa.Field(ge=0, description=f"Offset just past the last character of {what} (exclusive)."))


class Page(pa.DataFrameModel):
    """One row per page file version that was loaded."""

    page_id: str = _id("Page id: hash of the page's content (sha256), so a byte-identical copy under "
                       "another name has the same id.", unique=True)
    source_path: str = pa.Field(description="Path of the file as it was read (relative to SEEDS_DIR).")
    sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="sha256 of the raw bytes.")
    encoding: str = pa.Field(isin=["utf-8", "utf-8-sig", "gb18030"],
                             description="Encoding the bytes were decoded with (utf-8-sig = UTF-8 with BOM).")
    byte_count: int = pa.Field(gt=0, description="Size of the raw file in bytes.")
    char_count: int = pa.Field(gt=0, description="Characters of the decoded text (after CR/CRLF -> LF).")
    line_count: int = pa.Field(gt=0, description="Lines of the decoded text.")
    article_count: int = pa.Field(ge=0, description="Articles found on the page.")

    class Config:
        strict = True


class Article(pa.DataFrameModel):
    """One row per article: title block, body and byline, in page order."""

    article_id: str = _id("Article id: hash of page_id and seq.", unique=True)
    page_id: str = _id("The page the article is on.")
    seq: int = pa.Field(ge=1, description="Position of the article on the page, from 1.")
    headline: Optional[str] = pa.Field(nullable=True, str_length={"min_value": 1},
                                       description="The main title line: the first of the title block, or the "
                                                   "one before a ——subtitle when a kicker sits above it; NULL "
                                                   "for text with no title (a page that starts mid-article).")
    deck: pl.List(pl.Utf8) = pa.Field(description="The other title lines (kicker, sub-headlines), in order.")
    outlet: Optional[str] = pa.Field(nullable=True, description="Newspaper named in the byline "
                                     "(重庆日报); NULL when the byline names none (本报记者).")
    brand: Optional[str] = pa.Field(nullable=True, description="Media group brand before the outlet "
                                    "(新重庆 in 新重庆-重庆日报记者).")
    reporters: pl.List(pl.Utf8) = pa.Field(description="Names credited as 记者, in byline order.")
    byline: Optional[str] = pa.Field(nullable=True, description="The byline as written.")
    byline_position: Optional[str] = pa.Field(nullable=True, isin=list(BYLINE_POSITIONS),
                                              description="before_body, after_body or inline (本报讯(...)).")
    paragraph_count: int = pa.Field(ge=0, description="Body paragraphs after column-break repair.")
    char_start: int = _span("the article")[0]
    char_end: int = _span("the article")[1]

    class Config:
        strict = True


class Credit(pa.DataFrameModel):
    """One row per person credited in a byline, with the role the byline gives them."""

    article_id: str = _id("The article credited.")
    position: int = pa.Field(ge=1, description="Order within the byline, from 1.")
    role: str = pa.Field(description="记者, 通讯员, 摄影, 摄影报道, 编辑... as written in the byline.")
    name: str = pa.Field(str_length={"min_value": 1}, description="The person's name as written.")

    class Config:
        strict = True


class Paragraph(pa.DataFrameModel):
    """One row per body paragraph, column breaks rejoined."""

    article_id: str = _id("The article the paragraph belongs to.")
    seq: int = pa.Field(ge=1, description="Position within the article, from 1.")
    text: str = pa.Field(str_length={"min_value": 1},
                         description="Paragraph text, fragments joined with no separator; an inline "
                                     "本报讯(...) byline is stripped.")
    char_start: int = _span("the paragraph's first fragment")[0]
    char_end: int = _span("the paragraph's last fragment")[1]
    fragment_count: int = pa.Field(ge=1, description="Source lines joined into this paragraph "
                                   "(1 + column breaks repaired).")

    class Config:
        strict = True


class Organization(pa.DataFrameModel):
    """One row per named organization; the same name on any page is the same org_id."""

    org_id: str = _id("Organization id: hash of the name.", unique=True)
    name: str = pa.Field(str_length={"min_value": 2}, description="Name exactly as written (short "
                         "forms kept: 市经信委 is not expanded).")
    kind: str = pa.Field(isin=list(ORG_KINDS), description="company, university, research_institute, "
                         "government, industrial_park, partnership, association or other (media).")

    class Config:
        strict = True


class OrganizationAlias(pa.DataFrameModel):
    """Aliases the text itself defines, e.g. (以下简称“川仪精密”)."""

    org_id: str = _id("The organization the alias stands for.")
    alias: str = pa.Field(str_length={"min_value": 1}, description="The alias as written.")

    class Config:
        strict = True


class OrganizationMention(pa.DataFrameModel):
    """Where an organization occurs: article, role and span."""

    org_id: str = _id("The organization mentioned.")
    article_id: str = _id("The article it is mentioned in.")
    role: str = pa.Field(isin=list(MENTION_ROLES),
                         description="mentioned (headline/body), complex_lead_unit or byline_outlet.")
    text: str = pa.Field(description="The words as written (the name or a defined alias).")
    char_start: int = _span("the mention")[0]
    char_end: int = _span("the mention")[1]

    class Config:
        strict = True


class Complex(pa.DataFrameModel):
    """Items of a numbered list of named programmes (e.g. 产业创新综合体) with lead units."""

    complex_id: str = _id("Complex id: hash of article_id, seq and char_start.", unique=True)
    article_id: str = _id("The article whose list holds the item.")
    seq: int = pa.Field(ge=0, description="The item's number as printed in its list; an article may hold "
                                         "several lists numbered alike (order them by char_start).")
    name: str = pa.Field(str_length={"min_value": 1},
                         description="Item text before its outer parenthesised group of lead units.")
    batch: Optional[str] = pa.Field(nullable=True, description="Batch from the list title (首批, 第二批), or "
                                    "from the paragraph introducing a list with no title (…名单如下：).")
    category: Optional[str] = pa.Field(nullable=True,
                                       description="Category in parentheses in the list title.")
    list_title: Optional[str] = pa.Field(nullable=True, description="The list's title line as written.")
    lead_units_note: Optional[str] = pa.Field(nullable=True, description="A note stripped from the lead "
                                              "units, e.g. 牵头单位,下同:.")
    char_start: int = _span("the list item")[0]
    char_end: int = _span("the list item")[1]

    class Config:
        strict = True


class ComplexLeadUnit(pa.DataFrameModel):
    """The lead organizations of each complex, in the order the list gives them."""

    complex_id: str = _id("The complex.")
    org_id: str = _id("The lead organization.")
    position: int = pa.Field(ge=1, description="Order within the item's lead units, from 1.")

    class Config:
        strict = True


class Metric(pa.DataFrameModel):
    """One row per quantity mentioned in an article, value normalised to base units."""

    metric_id: str = _id("Metric id: hash of article_id and char_start.", unique=True)
    article_id: str = _id("The article the number is in.")
    text: str = pa.Field(str_length={"min_value": 1}, description="Number, unit and adjacent qualifier "
                         "as written (约1000笔, 超200亿元, 50个以上).")
    value: float = pa.Field(description="Value in base units: yuan, percent points, m², count, years...; "
                            "negative after a minus sign (同比增长-2.1%).")
    unit: str = pa.Field(isin=list(UNITS), description="Base unit: " + ", ".join(UNITS) + ".")
    unit_text: str = pa.Field(description="Unit as written, with 万/亿 and classifier (亿元, 万件, 台/年); a "
                              "price keeps what it is per (元/吨: unit is then the currency).")
    qualifier: str = pa.Field(isin=list(QUALIFIERS), description="exact, approx (约/左右), over "
                              "(超/突破/余/多), at_least (以上), at_most (不到/不足/以下/近).")
    qualifier_marker: Optional[str] = pa.Field(nullable=True, description="The qualifier word as written.")
    measure: Optional[str] = pa.Field(nullable=True, description="What is measured (产值, 协议引资): the counted "
                                      "noun after a count, else the words before the number without a link verb "
                                      "(达到, 提升至); the numbers of an enumeration, a range or a change "
                                      "(由12亿元增至18亿元) share one.")
    subject: Optional[str] = pa.Field(nullable=True, description="Who or what the number is about, "
                                      "as written; NULL when the clause does not say.")
    period: Optional[str] = pa.Field(nullable=True, description="Time expression scoping the number, "
                                     "verbatim (截至2024年底, 1-4月, 前三季度); NULL when the text states none.")
    nature: str = pa.Field(isin=list(NATURES), description="actual, target (力争/目标) or planned.")
    location: str = pa.Field(isin=list(LOCATIONS), description="headline, deck, body or list.")
    context: str = pa.Field(description="The clause the number stands in.")
    char_start: int = _span("the metric text")[0]
    char_end: int = _span("the metric text")[1]

    class Config:
        strict = True


class Rejected(pa.DataFrameModel):
    """What the pipeline refused, and why; written by the loader, never by the extractor."""

    source_path: str = pa.Field(description="The file refused.")
    stage: str = pa.Field(isin=["read", "decode", "extract", "validate", "load", "duplicate"],
                          description="Where it was refused.")
    reason: str = pa.Field(description="Short machine-readable reason (empty, binary, mojibake...).")
    detail: Optional[str] = pa.Field(nullable=True, description="Human-readable explanation.")

    class Config:
        strict = True


#: Table name -> model, in load order (parents before children).
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "pages": Page,
    "articles": Article,
    "credits": Credit,
    "paragraphs": Paragraph,
    "organizations": Organization,
    "organization_aliases": OrganizationAlias,
    "organization_mentions": OrganizationMention,
    "complexes": Complex,
    "complex_lead_units": ComplexLeadUnit,
    "metrics": Metric,
}

#: Columns the loader adds to a table on top of its model (documented in warehouse/README.md).
LOADER_COLUMNS: dict[str, dict[str, str]] = {
    "pages": {"loaded_at": "When the page's rows were committed (UTC).",
              "rows_sha256": "sha256 of the page's extracted rows: a re-run that extracts the same rows "
                             "leaves the page, and its loaded_at, untouched."},
    "rejected": {"rejected_at": "When the file was refused (UTC)."},
}


@cache
def polars_schema(model: type[pa.DataFrameModel]) -> dict[str, pl.DataType]:
    """The model's columns as a polars schema (cached: frames are built per page)."""
    return {name: col.dtype.type for name, col in model.to_schema().columns.items()}


@cache
def _empty(model: type[pa.DataFrameModel]) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(model))


def empty_frame(model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """An empty frame with exactly the model's columns and dtypes."""
    # Building a frame from a schema costs tens of microseconds per page and table; a clone costs
    # next to nothing and leaves the cached frame untouched whatever the caller does with it.
    return _empty(model).clone()


def frame(model: type[pa.DataFrameModel], rows: list[dict]) -> pl.DataFrame:
    """Build a frame from row dicts with exactly the model's columns and dtypes."""
    if not rows:
        return empty_frame(model)
    return pl.DataFrame(rows, schema=polars_schema(model))


def rows_frame(model: type[pa.DataFrameModel], rows: list[tuple]) -> pl.DataFrame:
    """Build a frame from row tuples (values in the model's column order) with exactly its columns and dtypes.

    The extractor's path: several times faster than ``frame`` for the page-sized tables it builds.
    """
    if not rows:
        return empty_frame(model)
    if _column_builders is None:  # pragma: no cover - a polars release that moved its internals
        return pl.DataFrame(rows, schema=polars_schema(model), orient="row")
    return pl.DataFrame._from_pydf(PyDataFrame([build(name, values, True) for (name, build), values
                                                in zip(_column_builders(model), zip(*rows, strict=True), strict=True)]))


# The extractor builds ten small frames per page, and for frames of a few dozen rows ``pl.DataFrame``
# spends longer in Python (reading the schema, dispatching on the data's shape) than in Rust building
# the columns. ``rows_frame`` builds each column with the typed series constructor for its dtype
# (``PySeries.new_str`` etc.: about a microsecond per column) and puts them in one frame. List columns
# (articles.deck, .reporters) are built as a list of string series: the generic ``from_dicts`` /
# ``from_rows`` constructors convert nested values one by one and spend ~50 us per list column.
# polars is pinned to one minor series (pyproject.toml); should a release move these names, the import
# fails, ``rows_frame`` falls back to the public path, and tests/test_schemas.py says so.
try:
    from polars._plr import PySeries
    from polars._utils.construction.dataframe import PyDataFrame

    def _str_list_series(name: str, values: list[list[str]], strict: bool) -> PySeries:
        new_str = PySeries.new_str
        return PySeries.new_series_list(name, [new_str("", v, strict) for v in values], strict)

    # (name, values, strict) -> a series of exactly that dtype; the models use no other dtypes
    _SERIES_BUILDERS = ((pl.String, PySeries.new_str), (pl.Int64, PySeries.new_opt_i64),
                        (pl.Float64, PySeries.new_opt_f64), (pl.List(pl.String), _str_list_series))

    @cache
    def _column_builders(model: type[pa.DataFrameModel]) -> tuple[tuple[str, object], ...]:
        builders = []
        for name, dtype in polars_schema(model).items():
            build = next((b for d, b in _SERIES_BUILDERS if dtype == d), None)
            if build is None:
                raise TypeError(f"{model.__name__}.{name}: no series constructor for {dtype}")
            builders.append((name, build))
        return tuple(builders)
except ImportError:  # pragma: no cover - a polars release that moved its internals
    _column_builders = None
