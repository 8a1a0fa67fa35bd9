"""Numbered lists of named programmes with their lead organizations (``名称(单位A、单位B)``).

A list qualifies by structure, not wording: most items end with a parenthesised group whose parts
look like organization names. Batch (首批, 第二批) and category (the parenthesised words) come from
the list title.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from etl.extract.layout import NumberedList
from etl.extract.organizations import looks_like_org_name
from etl.extract.text import CLOSE_PARENS, WHITESPACE, matching_open, split_top_level

#: A label before the lead units (``牵头单位：``, ``牵头单位,下同:``), ended by a colon or, as some papers set it,
#: a dash (``牵头单位——``).
_NOTE = re.compile(r"^(?P<note>[^、,，:：()（）—]{1,12}(?:[,，][^、,，:：()（）—]{1,6})?(?:[:：]|——?))\s*")
#: A note's colon or dash is within this many characters (12, then a comma and 6 more); without one, no note.
_NOTE_REACH = 12 + 1 + 6 + 1
_BATCH = re.compile(r"首批|第[一二三四五六七八九十百\d]+批")
#: How a paragraph that introduces the list after it ends (名单如下：, 分别是：).
_INTRO_ENDS = ("：", ":", "如下")
_CATEGORY = re.compile(r"[(（]([^()（）]{2,20})[)）]")
_UNIT_SEPARATORS = "、，,;；"
_UNIT_SEPARATOR = re.compile(f"[{re.escape(_UNIT_SEPARATORS)}]")
#: A trailing group whose parentheses nest one deep at most, none of the inner groups holding a separator
#: (``(甲有限公司、国创科技(重庆)有限公司)``). Its content is balanced, so its opener is the one
#: ``matching_open`` finds (the only opener from which the pattern matches), and no separator is inside
#: parentheses, so ``split_top_level`` cuts it where a flat split does. Written unrolled (runs of plain
#: characters between inner groups), each character has one way to match: a failed try does not backtrack.
_SIMPLE_GROUP = re.compile(rf"[(（][^()（）]*(?:[(（][^()（）{re.escape(_UNIT_SEPARATORS)}]*[)）][^()（）]*)*[)）]\Z")
#: ``_new(LeadUnit, fields)`` builds a named tuple without its Python-level ``__new__`` (several times slower).
_new = tuple.__new__


class LeadUnit(NamedTuple):
    """A lead organization as written in an item's trailing group, with its page span."""

    name: str
    start: int
    end: int


class ComplexItem(NamedTuple):
    """One list item read as a complex: its name, lead units and the list's batch and category."""

    seq: int
    name: str
    lead_units: list[LeadUnit]
    lead_units_note: str | None
    batch: str | None
    category: str | None
    list_title: str | None
    start: int
    end: int
    text: str  # the item's text after its number
    text_start: int


def _split_item(body: str, offset: int) -> tuple[str, str | None, list[LeadUnit]] | None:
    """(name, note, lead units) for ``name(lead、lead)``; None when the item has no trailing group."""
    text = body.rstrip("。;；,， ")
    if not text or text[-1] not in CLOSE_PARENS:
        return None
    # Usually the trailing group holds no parenthesis, or only groups without a separator (``…(重庆)有限公司``):
    # one search finds its opener, and every separator in it cuts, as a flat split does.
    # Otherwise (a deeper nesting, a separator inside an inner group, no opener) the group is not flat: a flat
    # one is the simplest case of the pattern.
    simple = _SIMPLE_GROUP.search(text)
    flat = simple is not None
    open_at = simple.start() if simple is not None else matching_open(text, len(text) - 1)
    if not open_at:
        return None
    name = text[:open_at].strip()
    group = text[open_at + 1: -1]
    group_offset = offset + open_at + 1
    note = None
    m = (_NOTE.match(group) if group.find(":", 0, _NOTE_REACH) >= 0 or group.find("：", 0, _NOTE_REACH) >= 0
         or group.find("—", 0, _NOTE_REACH) >= 0 else None)
    if m:
        note = m.group("note")
        group_offset += m.end()
        group = group[m.end():]
    if flat:  # as ``split_top_level`` cuts a flat group, each piece one past the separator before it
        units = []
        at = group_offset
        for piece in _UNIT_SEPARATOR.split(group):
            stripped = piece.strip(WHITESPACE)
            if stripped:
                # strip returns the piece itself when it strips nothing (else find gives 0 all the same)
                start = at if stripped is piece else at + piece.find(stripped)
                units.append(_new(LeadUnit, (stripped, start, start + len(stripped))))
            at += len(piece) + 1
    else:
        units = [_new(LeadUnit, (piece, group_offset + pos, group_offset + pos + len(piece)))
                 for pos, piece in split_top_level(group, _UNIT_SEPARATORS)]
    if not name or not units:
        return None
    return name, note, units


def _mostly_org_names(units: list[LeadUnit]) -> bool:
    """Whether at least half the units read as organization names; stops once the vote is decided."""
    need = (len(units) + 1) // 2  # yes votes needed: 2 * yes >= len
    spare = len(units) - need  # no votes that can still be afforded
    for unit in units:
        if looks_like_org_name(unit.name):
            need -= 1
            if need <= 0:
                return True
        else:
            spare -= 1
            if spare < 0:
                return False
    return need <= 0


def parse_complexes(numbered: NumberedList, intro: str | None = None) -> list[ComplexItem]:
    """The list's items as complexes with lead units, or [] if the list is not of that shape. ``intro`` is the
    paragraph just before a list with no title: when it introduces the list (…名单如下：), the batch it names is
    the list's."""
    # (item, its text, its split): the text is read once, as ListItem.body reads it (without its call)
    parsed = [(item, body, _split_item(body, item.body_start)) for item in numbered.items
              for body in [item.line.text[item.body_start - item.line.start:]]]
    with_units = [(item, body, p) for item, body, p in parsed if p is not None]
    if len(with_units) * 2 < len(parsed):
        return []
    all_units = [u for _, _, p in with_units for u in p[2]]
    if not _mostly_org_names(all_units):
        return []
    title = numbered.title.text if numbered.title else None
    batch = category = None
    if title:
        b = _BATCH.search(title)
        batch = b.group() if b else None
        c = _CATEGORY.search(title)
        category = c.group(1) if c else None
    elif intro and intro.rstrip().endswith(_INTRO_ENDS):
        b = _BATCH.search(intro)
        batch = b.group() if b else None
    # positional, in field order: seq, name, lead_units, lead_units_note, batch, category, list_title,
    # start, end, text, text_start
    return [
        _new(ComplexItem, (item.number, p[0], p[2], p[1], batch, category, title, item.line.start, item.line.end,
                           body, item.body_start))
        for item, body, p in with_units
    ]
