"""The extraction entry point: decode a page, find its articles, then each table's rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter

import polars as pl

from etl import schemas
from etl.extract.complexes import parse_complexes
from etl.extract.decoding import decode_page
from etl.extract.ids import SEP, key_id, stable_id
from etl.extract.layout import ArticleLayout, NumberedList, headline_index, segment_articles
from etl.extract.metrics import extract_metrics
from etl.extract.organizations import find_mentions, org_kind
from etl.extract.text import Region


@dataclass(frozen=True)
class PageTables:
    """One frame per warehouse table for one page; columns and dtypes exactly as in ``etl.schemas``."""

    pages: pl.DataFrame
    articles: pl.DataFrame
    credits: pl.DataFrame
    paragraphs: pl.DataFrame
    organizations: pl.DataFrame
    organization_aliases: pl.DataFrame
    organization_mentions: pl.DataFrame
    complexes: pl.DataFrame
    complex_lead_units: pl.DataFrame
    metrics: pl.DataFrame

    def as_dict(self) -> dict[str, pl.DataFrame]:
        """Table name -> frame, in ``schemas.TABLES`` (load) order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@lru_cache(maxsize=65536)
def org_id(name: str) -> str:
    """The same name on any page is the same organization."""
    return stable_id("org", name)


# ``_new_tuple(Region, (...))`` is ``Region(...)`` without the named tuple's Python-level ``__new__``: some fifty
# regions are built per page
_new_tuple = tuple.__new__
_END = attrgetter("end")


def _intro(art: ArticleLayout, numbered: NumberedList) -> str | None:
    """The text of the article's paragraph that ends last before the list starts, if any."""
    start = numbered.items[0].line.start
    before = [para for para in art.paragraphs if para.end <= start]
    return max(before, key=_END).text if before else None


def _regions(art: ArticleLayout) -> list[Region]:
    """Text regions an article's organizations and metrics are read from, in page order."""
    seq = art.seq
    main = headline_index(art.title_lines)
    regions = [_new_tuple(Region, (seq, "headline" if k == main else "deck", line.text, ((0, line.start),)))
               for k, line in enumerate(art.title_lines)]
    regions += [_new_tuple(Region, (seq, "body", para.text, para.pieces)) for para in art.paragraphs]
    for numbered in art.lists:
        if numbered.title:
            regions.append(_new_tuple(Region, (seq, "list", numbered.title.text, ((0, numbered.title.start),))))
    return regions


class _PageBuilder:
    """Rows of one page's tables (all but ``pages``) as tuples in their models' column order.

    Ids are hashed from keys formatted here, equal to ``stable_id(kind, *parts)`` of the same parts.
    """

    def __init__(self, page_id: str, articles: list[ArticleLayout]) -> None:
        self.page_id = page_id
        self.layouts = articles
        self.article_ids = {a.seq: key_id(f"article{SEP}{page_id}{SEP}{a.seq}") for a in articles}

    def build(self) -> dict[str, list[tuple]]:
        """Table name -> rows; each row is built once, straight from the layouts, complexes and mentions."""
        article_ids = self.article_ids
        # names found outside the running text (lead units, byline outlets) -> kind, first one wins
        known: dict[str, str] = {}
        # their mentions, already as rows; the running text's mentions follow them
        mention_rows: list[tuple] = []
        plain_lists: list[Region] = []
        complex_rows: list[tuple] = []
        lead_unit_rows: list[tuple] = []
        complex_regions: list[tuple[Region, list[tuple[int, int, str]]]] = []
        for art in self.layouts:
            article_id = article_ids[art.seq]
            for numbered in art.lists:
                items = parse_complexes(numbered, None if numbered.title else _intro(art, numbered))
                if not items:
                    plain_lists += [_new_tuple(Region, (art.seq, "list", it.body, ((0, it.body_start),)))
                                    for it in numbered.items]
                # items and lead units are named tuples: unpacked, not read field by field (each field read is a
                # descriptor call)
                for seq, c_name, units, note, batch, category, list_title, start, end, text, base in items:
                    complex_id = key_id(f"complex{SEP}{article_id}{SEP}{seq}{SEP}{start}")
                    complex_rows.append((complex_id, article_id, seq, c_name, batch, category, list_title, note, start,
                                         end))
                    for k, (name, u_start, u_end) in enumerate(units, start=1):
                        if name not in known:
                            known[name] = org_kind(name) or "other"
                        name_id = org_id(name)
                        mention_rows.append((name_id, article_id, "complex_lead_unit", name, u_start, u_end))
                        lead_unit_rows.append((complex_id, name_id, k))
                    # the item's own region for metrics, lead units as organization spans in its text
                    complex_regions.append((_new_tuple(Region, (art.seq, "list", text, ((0, base),))),
                                            [(u_start - base, u_end - base, name) for name, u_start, u_end in units]))
            byline = art.byline
            if byline and byline.outlet and byline.outlet_start is not None:
                outlet = byline.outlet
                known.setdefault(outlet, "other")
                mention_rows.append((org_id(outlet), article_id, "byline_outlet", outlet, byline.outlet_start,
                                     byline.outlet_start + len(outlet)))
        regions = [r for art in self.layouts for r in _regions(art)] + plain_lists
        found, aliases, region_orgs = find_mentions(regions, known)
        # name -> kind in the order of first mention: the names above come first, as in ``known``
        orgs = dict(known)
        first_kind = orgs.setdefault
        add_mention = mention_rows.append
        for name, kind, written, seq, role, start, end in found:  # one pass: kinds and mention rows
            first_kind(name, kind)
            add_mention((org_id(name), article_ids[seq], role, written, start, end))
        # a metric row is the table's row after its two ids
        metric_rows: list[tuple] = []
        for region, spans in [*zip(regions, region_orgs, strict=True), *complex_regions]:
            found_metrics = extract_metrics(region, spans, orgs)
            if found_metrics:  # most regions hold none
                article_id = article_ids[region.article_seq]
                metric_rows += [(key_id(f"metric{SEP}{article_id}{SEP}{m.start}"), article_id, *m)
                                for m in found_metrics]
        return {
            "articles": [self._article_row(a) for a in self.layouts],
            "credits": [
                (article_ids[a.seq], k, role, name)
                for a in self.layouts
                for k, (role, name) in enumerate(
                    [c for b in [a.byline, *a.extra_credits] if b for c in b.credits], start=1)
            ],
            "paragraphs": [
                (article_ids[a.seq], k, p.text, p.start, p.end, p.fragments)
                for a in self.layouts for k, p in enumerate(a.paragraphs, start=1)
            ],
            "organizations": [(org_id(n), n, k) for n, k in orgs.items()],
            "organization_aliases": [(org_id(name), alias) for alias, name in aliases.items()],
            "organization_mentions": mention_rows,
            "complexes": complex_rows,
            "complex_lead_units": lead_unit_rows,
            "metrics": metric_rows,
        }

    def _article_row(self, a: ArticleLayout) -> tuple:
        b = a.byline
        titles = a.title_lines
        main = headline_index(titles)
        return (self.article_ids[a.seq], self.page_id, a.seq, titles[main].text if titles else None,
                [t.text for k, t in enumerate(titles) if k != main], b.outlet if b else None, b.brand if b else None,
                list(b.reporters) if b else [], b.raw if b else None, a.byline_position, len(a.paragraphs),
                a.start, a.end)


def extract_page(raw: bytes, source_path: str) -> PageTables:
    """Turn one page's raw bytes into rows. Raises ``PageRejected`` when the page cannot be read."""
    decoded = decode_page(raw, source_path)
    sha = hashlib.sha256(raw).hexdigest()
    page_id = key_id(f"page{SEP}{sha}")
    text = decoded.text
    layouts = segment_articles(text)
    rows = _PageBuilder(page_id, layouts).build()
    rows["pages"] = [(page_id, source_path, sha, decoded.encoding, len(raw), len(text), text.count("\n") + 1,
                      len(layouts))]
    return PageTables(**{name: schemas.rows_frame(model, rows[name]) for name, model in schemas.TABLES.items()})
