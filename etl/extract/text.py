"""Shared text utilities: lines with offsets, sentence ends, parentheses, CJK character classes.

Pages mix half-width and full-width punctuation, so every rule here accepts both forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

OPEN_PARENS = "(（"
CLOSE_PARENS = ")）"
WHITESPACE = " \t\u3000\u00a0"

#: A line ends a sentence when its last visible character (before closing quotes) is one of these;
#: the rule as a pattern (searched in the last 12 characters), kept as the reference for ends_sentence.
_SENTENCE_END = re.compile(r"(?:[。！？!?；;]|…{1,2}|\.{3,6})[”’\"'」』)）]*\s*$")
#: Most sentence ends are one of these as the very last character.
_END_MARKS = ("。", "！", "？", "!", "?", "；", ";")
#: The pattern without a regex: strip the trailing whitespace (exactly what ``\s*`` matches), then the
#: closing quotes and brackets, then test the end of what is left (one 。, one …, or three dots).
_CLOSERS = "”’\"'」』)）"
_END_FORMS = (*_END_MARKS, "…", "...")
_PARENS = re.compile(r"[()（）]")
#: The last character of every line ends_sentence accepts, whitespace aside (``str.isspace``): a sentence
#: mark, a closing quote or bracket, or the end of … or ``...``. Other lines need not be tested.
SENTENCE_LAST = frozenset((*_END_MARKS, *_CLOSERS, "…", "."))


class Line(NamedTuple):
    """A non-empty source line: its 1-based number and the span of its stripped text.

    A named tuple (immutable, as the frozen dataclass it was), built straight from a ``line_spans`` tuple:
    a frozen dataclass sets each field through ``object.__setattr__``, which made it several times slower.
    """

    number: int
    start: int
    end: int
    text: str


def line_spans(text: str) -> list[tuple[int, int, int, str]]:
    """``split_lines`` as plain (number, start, end, text) tuples, for callers that keep few of the lines."""
    lines: list[tuple[int, int, int, str]] = []
    append = lines.append
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw:  # most blank lines are empty: they skip the strip
            stripped = raw.strip(WHITESPACE)
            # CPython's strip returns the string itself when it strips nothing (most lines): no length compared;
            # a copy would take the branch below, and find it at 0
            if stripped is raw:
                append((number, pos, pos + len(raw), raw))
            elif stripped:
                # the stripped text first occurs after the leading spaces (spaces cannot start it)
                start = pos + raw.find(stripped)
                append((number, start, start + len(stripped), stripped))
            pos += len(raw) + 1
        else:
            pos += 1
    return lines


def split_lines(text: str) -> list[Line]:
    """The page's non-empty lines with their code-point spans (surrounding spaces stripped)."""
    return [Line(*span) for span in line_spans(text)]


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (so a blank line after it is a real paragraph break)."""
    if text.endswith(_END_MARKS):  # the common case
        return True
    # only the tail matters (as in _SENTENCE_END.search(text[-12:])); a scan of the line would cost more
    return text[-12:].rstrip().rstrip(_CLOSERS).endswith(_END_FORMS)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def cjk_count(text: str) -> int:
    return sum(1 for c in text if is_cjk(c))


def matching_open(text: str, close_index: int) -> int | None:
    """Index of the parenthesis that opens the group closed at ``close_index`` (either width)."""
    if close_index >= len(text):
        raise IndexError("string index out of range")
    if close_index >= 0 and text[close_index] in CLOSE_PARENS:
        # usually the nearest parenthesis to the left opens the group: found by a few C-level scans
        open_at = max(text.rfind("(", 0, close_index), text.rfind("（", 0, close_index))
        if text.find(")", open_at + 1, close_index) < 0 and text.find("）", open_at + 1, close_index) < 0:
            return open_at if open_at >= 0 else None
    depth = 0
    # nested groups: only parentheses change the depth, so visit those (right to left)
    for m in reversed(list(_PARENS.finditer(text, 0, close_index + 1))):
        if m.group() in CLOSE_PARENS:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.start()
    return None


@lru_cache(maxsize=64)
def _cut_pattern(separators: str) -> re.Pattern[str]:
    """The characters split_top_level stops at; keyed by the few separator sets callers pass."""
    return re.compile(f"[{re.escape(OPEN_PARENS + CLOSE_PARENS + separators)}]")


def split_top_level(text: str, separators: str) -> list[tuple[int, str]]:
    """Split on separators outside parentheses; returns (offset, piece) pairs, pieces stripped."""
    if separators and "(" not in text and "（" not in text and ")" not in text and "）" not in text:
        return _split_flat(text, separators)
    pieces: list[tuple[int, str]] = []
    depth = 0
    a = 0  # where the current piece starts
    for m in _cut_pattern(separators).finditer(text):
        c = m.group()
        if c in OPEN_PARENS:
            depth += 1
        elif c in CLOSE_PARENS:
            depth = max(0, depth - 1)
        elif depth == 0:
            b = m.start()
            _add_piece(pieces, text, a, b)
            a = b + 1
    _add_piece(pieces, text, a, len(text))
    return pieces


@lru_cache(maxsize=64)
def _separator_pattern(separators: str) -> re.Pattern[str]:
    """Any one of the separators; keyed by the few separator sets callers pass."""
    return re.compile(f"[{re.escape(separators)}]")


def _split_flat(text: str, separators: str) -> list[tuple[int, str]]:
    """split_top_level for text without parentheses: every separator cuts, so one regex split does it
    (each separator is one character, so a piece starts one past the end of the one before)."""
    pieces: list[tuple[int, str]] = []
    at = 0
    for piece in _separator_pattern(separators).split(text):
        stripped = piece.strip(WHITESPACE)
        if stripped:
            pieces.append((at if len(stripped) == len(piece) else at + piece.find(stripped), stripped))
        at += len(piece) + 1
    return pieces


def _add_piece(pieces: list[tuple[int, str]], text: str, a: int, b: int) -> None:
    """Append ``text[a:b]`` stripped, with the offset of its first kept character, unless it is blank."""
    piece = text[a:b]
    stripped = piece.strip(WHITESPACE)
    if stripped:
        pieces.append((a if len(stripped) == len(piece) else a + piece.find(stripped), stripped))


class Region(NamedTuple):
    """A stretch of article text (title line, paragraph, list item) mapped back to page offsets.

    A paragraph rejoined across a column break is one region made of several pieces, so a name or
    number split by the break is still found, and its span still points into the page. A named tuple,
    not a dataclass: some fifty are built per page, and a tuple is built several times faster.
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


def trie_pattern(words: Iterable[str], first: str = "") -> str:
    """A regex for any of ``words`` that, like their alternation sorted longest first, matches the longest
    word at a position, but with shared prefixes factored out (国务院(?:国资委|办公厅)?..., 个(?:百分点|月)?...):
    the engine compares a branch's first character and moves on, so at a position it tries one branch per
    character instead of every word, and finds a candidate position by the first characters' set at C speed,
    as it does for a plain alternation. ``first`` lists the commonest first characters, whose branches come
    first (the order of branches of different characters changes nothing else)."""
    root: dict[str, dict] = {}
    rank = {char: k for k, char in enumerate(first)}
    for word in sorted(words, key=lambda w: rank.get(w[0], len(rank))):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a greedy optional: a longer word through this node is tried before the word ending here
        return f"(?:{body})?" if "" in node else body

    return emit(root)
