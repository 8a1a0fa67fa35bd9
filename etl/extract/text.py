"""Shared text utilities: lines with offsets, sentence ends, parentheses, CJK character classes.

Pages mix half-width and full-width punctuation, so every rule here accepts both forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

OPEN_PARENS = "(（"
CLOSE_PARENS = ")）"
WHITESPACE = " \t\u3000\u00a0"

#: A line ends a sentence when its last visible character (before closing quotes) is one of these.
_SENTENCE_END = re.compile(r"(?:[。！？!?；;]|…{1,2}|\.{3,6})[”’\"'」』)）]*\s*$")


@dataclass(frozen=True)
class Line:
    """A non-empty source line: its 1-based number and the span of its stripped text."""

    number: int
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """The page's non-empty lines with their code-point spans (surrounding spaces stripped)."""
    lines: list[Line] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(WHITESPACE)
        if stripped:
            lead = len(raw) - len(raw.lstrip(WHITESPACE))
            lines.append(Line(number, pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (so a blank line after it is a real paragraph break)."""
    # only the tail matters; searching the whole line would cost a scan per line
    return bool(_SENTENCE_END.search(text[-12:]))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def cjk_count(text: str) -> int:
    return sum(1 for c in text if is_cjk(c))


def matching_open(text: str, close_index: int) -> int | None:
    """Index of the parenthesis that opens the group closed at ``close_index`` (either width)."""
    depth = 0
    for i in range(close_index, -1, -1):
        c = text[i]
        if c in CLOSE_PARENS:
            depth += 1
        elif c in OPEN_PARENS:
            depth -= 1
            if depth == 0:
                return i
    return None


def split_top_level(text: str, separators: str) -> list[tuple[int, str]]:
    """Split on separators outside parentheses; returns (offset, piece) pairs, pieces stripped."""
    cuts = [-1]
    depth = 0
    for m in re.finditer(f"[{re.escape(OPEN_PARENS + CLOSE_PARENS + separators)}]", text):
        c = m.group()
        if c in OPEN_PARENS:
            depth += 1
        elif c in CLOSE_PARENS:
            depth = max(0, depth - 1)
        elif depth == 0:
            cuts.append(m.start())
    cuts.append(len(text))
    pieces: list[tuple[int, str]] = []
    for a, b in pairwise(cuts):
        piece = text[a + 1:b]
        stripped = piece.strip(WHITESPACE)
        if stripped:
            pieces.append((a + 1 + len(piece) - len(piece.lstrip(WHITESPACE)), stripped))
    return pieces


@dataclass(frozen=True)
class Region:
    """A stretch of article text (title line, paragraph, list item) mapped back to page offsets.

    A paragraph rejoined across a column break is one region made of several pieces, so a name or
    number split by the break is still found, and its span still points into the page.
    """

    article_seq: int
    location: str
    text: str
    pieces: tuple[tuple[int, int], ...]  # (offset in text, offset in page) where each piece starts

    def page_offset(self, pos: int) -> int:
        """Page offset of the character at ``pos`` in ``text``."""
        base_text, base_page = self.pieces[0]
        for text_at, page_at in self.pieces:
            if text_at > pos:
                break
            base_text, base_page = text_at, page_at
        return base_page + (pos - base_text)

    def page_span(self, start: int, end: int) -> tuple[int, int]:
        """Page span of ``text[start:end]`` (end exclusive)."""
        return self.page_offset(start), self.page_offset(end - 1) + 1
