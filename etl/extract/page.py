"""The extraction entry point: decode a page, find its articles, then each table's rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from functools import lru_cache

import polars as pl

from etl import schemas
from etl.extract.complexes import ComplexItem, parse_complexes
from etl.extract.decoding import decode_page
from etl.extract.ids import stable_id
from etl.extract.layout import ArticleLayout, segment_articles
from etl.extract.metrics import MetricRow, extract_metrics
from etl.extract.organizations import OrgMention, find_mentions, org_kind
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


def _regions(art: ArticleLayout) -> list[Region]:
    """Text regions an article's organizations and metrics are read from, in page order."""
    regions = [Region(art.seq, "headline" if k == 0 else "deck", line.text, ((0, line.start),))
               for k, line in enumerate(art.title_lines)]
    for para in art.paragraphs:
        regions.append(Region(art.seq, "body", para.text, para.pieces))
    for numbered in art.lists:
        if numbered.title:
            regions.append(Region(art.seq, "list", numbered.title.text, ((0, numbered.title.start),)))
    return regions


class _PageBuilder:
    def __init__(self, page_id: str, articles: list[ArticleLayout]) -> None:
        self.page_id = page_id
        self.layouts = articles
        self.article_ids = {a.seq: stable_id("article", page_id, a.seq) for a in articles}
        self.orgs: dict[str, str] = {}
        self.mentions: list[OrgMention] = []
        self.aliases: dict[str, str] = {}
        self.complexes: list[tuple[int, ComplexItem]] = []

    def build(self) -> dict[str, list[dict]]:
        known: dict[str, str] = {}
        plain_lists: list[Region] = []
        for art in self.layouts:
            for numbered in art.lists:
                items = parse_complexes(numbered)
                if not items:
                    plain_lists += [Region(art.seq, "list", it.body, ((0, it.body_start),))
                                    for it in numbered.items]
                for item in items:
                    self.complexes.append((art.seq, item))
                    for unit in item.lead_units:
                        known.setdefault(unit.name, org_kind(unit.name) or "other")
                        self.mentions.append(OrgMention(unit.name, known[unit.name], unit.name, art.seq,
                                                        "complex_lead_unit", unit.start, unit.end))
            if art.byline and art.byline.outlet and art.byline.outlet_start is not None:
                outlet = art.byline.outlet
                known.setdefault(outlet, "other")
                self.mentions.append(OrgMention(outlet, "other", outlet, art.seq, "byline_outlet",
                                                art.byline.outlet_start,
                                                art.byline.outlet_start + len(outlet)))
        regions = [r for art in self.layouts for r in _regions(art)] + plain_lists
        found, self.aliases, region_orgs = find_mentions(regions, known)
        self.mentions.extend(found)
        for mention in self.mentions:
            self.orgs.setdefault(mention.name, mention.kind)
        metrics = [m for region, orgs in zip(regions, region_orgs, strict=True)
                   for m in extract_metrics(region, orgs, self.orgs)]
        for seq, item in self.complexes:
            region = Region(seq, "list", item.text, ((0, item.text_start),))
            units = [(u.start - item.text_start, u.end - item.text_start, u.name) for u in item.lead_units]
            metrics.extend(extract_metrics(region, units, self.orgs))
        complex_ids = [stable_id("complex", self.article_ids[seq], c.seq, c.start) for seq, c in self.complexes]
        return {
            "articles": [self._article_row(a) for a in self.layouts],
            "credits": [
                {"article_id": self.article_ids[a.seq], "position": k, "role": role, "name": name}
                for a in self.layouts
                for k, (role, name) in enumerate(
                    [c for b in [a.byline, *a.extra_credits] if b for c in b.credits], start=1)
            ],
            "paragraphs": [
                {"article_id": self.article_ids[a.seq], "seq": k, "text": p.text, "char_start": p.start,
                 "char_end": p.end, "fragment_count": p.fragments}
                for a in self.layouts for k, p in enumerate(a.paragraphs, start=1)
            ],
            "organizations": [{"org_id": org_id(n), "name": n, "kind": k} for n, k in self.orgs.items()],
            "organization_aliases": [{"org_id": org_id(name), "alias": alias}
                                     for alias, name in self.aliases.items()],
            "organization_mentions": [
                {"org_id": org_id(m.name), "article_id": self.article_ids[m.article_seq], "role": m.role,
                 "text": m.text, "char_start": m.start, "char_end": m.end}
                for m in self.mentions
            ],
            "complexes": [self._complex_row(complex_id, seq, c)
                          for complex_id, (seq, c) in zip(complex_ids, self.complexes, strict=True)],
            "complex_lead_units": [
                {"complex_id": complex_id, "org_id": org_id(u.name), "position": k}
                for complex_id, (_, c) in zip(complex_ids, self.complexes, strict=True)
                for k, u in enumerate(c.lead_units, start=1)
            ],
            "metrics": [self._metric_row(m) for m in metrics],
        }

    def _article_row(self, a: ArticleLayout) -> dict:
        b = a.byline
        return {
            "article_id": self.article_ids[a.seq], "page_id": self.page_id, "seq": a.seq,
            "headline": a.title_lines[0].text if a.title_lines else None,
            "deck": [t.text for t in a.title_lines[1:]],
            "outlet": b.outlet if b else None, "brand": b.brand if b else None,
            "reporters": list(b.reporters) if b else [], "byline": b.raw if b else None,
            "byline_position": a.byline_position, "paragraph_count": len(a.paragraphs),
            "char_start": a.start, "char_end": a.end,
        }

    def _complex_row(self, complex_id: str, article_seq: int, c: ComplexItem) -> dict:
        return {"complex_id": complex_id, "article_id": self.article_ids[article_seq],
                "seq": c.seq, "name": c.name, "batch": c.batch, "category": c.category,
                "list_title": c.list_title, "lead_units_note": c.lead_units_note,
                "char_start": c.start, "char_end": c.end}

    def _metric_row(self, m: MetricRow) -> dict:
        article_id = self.article_ids[m.article_seq]
        return {"metric_id": stable_id("metric", article_id, m.start), "article_id": article_id,
                "text": m.text, "value": float(m.value), "unit": m.unit, "unit_text": m.unit_text,
                "qualifier": m.qualifier, "qualifier_marker": m.qualifier_marker, "measure": m.measure,
                "subject": m.subject, "period": m.period, "nature": m.nature, "location": m.location,
                "context": m.context, "char_start": m.start, "char_end": m.end}


def extract_page(raw: bytes, source_path: str) -> PageTables:
    """Turn one page's raw bytes into rows. Raises ``PageRejected`` when the page cannot be read."""
    decoded = decode_page(raw, source_path)
    sha = hashlib.sha256(raw).hexdigest()
    page_id = stable_id("page", sha)
    text = decoded.text
    layouts = segment_articles(text)
    rows = _PageBuilder(page_id, layouts).build()
    rows["pages"] = [{
        "page_id": page_id, "source_path": source_path, "sha256": sha, "encoding": decoded.encoding,
        "byte_count": len(raw), "char_count": len(text), "line_count": text.count("\n") + 1,
        "article_count": len(layouts),
    }]
    return PageTables(**{name: schemas.frame(model, rows[name]) for name, model in schemas.TABLES.items()})
