"""Count the characters of a class in UTF-8 bytes without decoding them or scanning them in Python.

The plausibility check in ``decoding`` needs four counts per page (whitespace, Latin-1/C1, control and
CJK characters). A ``str`` regex with a non-ASCII character class runs its set test on every character,
which made that check the costliest part of decoding. On UTF-8 bytes, a character's lead byte decides
most of the answer: leads whose every character is in the class are counted in one ``bytes.translate``
pass, and the few leads only partly in the class get a regex that starts with the lead as a literal, which
``re`` searches for as fast as ``bytes.find``; a regex runs only on bytes that hold its lead (most pages use
few of the leads a class touches), and matches the side of its lead (members or outsiders) that is rare in
Chinese text. The result equals counting with the character class; the tests check this for every code point.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_MAX = 0x10FFFF
#: Code points frequent in Chinese newspaper text (general punctuation, CJK punctuation, CJK ideographs,
#: full-width forms). A lead byte partly in a class gets a regex for its members or for its outsiders,
#: whichever side holds fewer of these: the regex then matches rarely on a page, whatever the class.
_FREQUENT = [(0x2000, 0x206F), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF)]


def _lead_range(lead: int) -> tuple[int, int, int] | None:
    """(first, last, continuation bytes) of the code points UTF-8 encodes with this lead byte."""
    if lead < 0x80:
        return lead, lead, 0
    if 0xC2 <= lead <= 0xDF:
        lo = (lead & 0x1F) << 6
        return lo, lo + 0x3F, 1
    if 0xE0 <= lead <= 0xEF:
        lo = (lead & 0x0F) << 12
        return max(lo, 0x800), lo + 0xFFF, 2
    if 0xF0 <= lead <= 0xF4:
        lo = (lead & 0x07) << 18
        return max(lo, 0x10000), min(lo + 0x3FFFF, _MAX), 3
    return None  # a continuation byte or a lead that valid UTF-8 never uses


class Utf8ClassCounter:
    """Counts code points within ``ranges`` (inclusive pairs) in valid UTF-8 bytes."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._ranges = [(lo, hi) for lo, hi in merged]
        self._starts = [lo for lo, _ in self._ranges]
        full: list[int] = []
        # (lead byte, regex): the regex runs only on bytes that hold its lead (a memchr), so a page pays
        # for the leads it uses, not for every lead some class member may have
        self._plus: list[tuple[int, re.Pattern[bytes]]] = []
        self._minus: list[tuple[int, re.Pattern[bytes]]] = []
        for lead in range(0x100):
            span = _lead_range(lead)
            if span is None:
                continue
            lo, hi, tail = span
            members, valid = self._members(lo, hi), _valid(lo, hi)
            if members == 0:
                continue
            if members < valid:
                # A lead is counted whole and its outsiders subtracted when they are the rarer side in text (or,
                # with no frequent code point on either side, the fewer), so that the regex matches rarely:
                # building the list of matches is what costs.
                frequent_members, frequent_outsiders = self._frequent_split(lo, hi)
                if frequent_members != frequent_outsiders:
                    outsiders = frequent_outsiders < frequent_members
                else:
                    outsiders = members * 2 > valid
                tail_pattern = self._tail(lo & ~(64**tail - 1), tail, outsiders)
                pattern = re.compile(re.escape(bytes([lead])) + b"(?:" + tail_pattern + b")", re.DOTALL)
                (self._minus if outsiders else self._plus).append((lead, pattern))
                if not outsiders:
                    continue
            full.append(lead)
        self._full = bytes(full)

    def _members(self, lo: int, hi: int) -> int:
        """How many code points in lo..hi (surrogates excluded) are in the class."""
        total = 0
        for k in range(max(bisect_right(self._starts, lo) - 1, 0), len(self._ranges)):
            r_lo, r_hi = self._ranges[k]
            if r_lo > hi:
                break
            a, b = max(lo, r_lo), min(hi, r_hi)
            if a <= b:
                total += b - a + 1 - _overlap(a, b, 0xD800, 0xDFFF)
        return total

    def _frequent_split(self, lo: int, hi: int) -> tuple[int, int]:
        """How many frequent code points (``_FREQUENT``) in lo..hi are members, and how many are not."""
        members = outsiders = 0
        for f_lo, f_hi in _FREQUENT:
            a, b = max(lo, f_lo), min(hi, f_hi)
            if a <= b:
                inside = self._members(a, b)
                members += inside
                outsiders += _valid(a, b) - inside
        return members, outsiders

    def _tail(self, lo: int, tail: int, outsiders: bool) -> bytes:
        """Regex over ``tail`` continuation bytes for the members (or the valid non-members, when
        ``outsiders``) among the code points lo .. lo + 64**tail - 1."""
        step = 64 ** (tail - 1)
        any_rest = b"[\x80-\xbf]" * (tail - 1)
        full, alternatives = [], []
        for k in range(64):
            child = lo + k * step
            valid = _valid(child, child + step - 1)
            hits = self._members(child, child + step - 1) if valid else 0
            if outsiders:
                hits = valid - hits
            if hits == valid and valid:
                full.append(0x80 + k)
            elif hits:
                alternatives.append(re.escape(bytes([0x80 + k])) + b"(?:" + self._tail(child, tail - 1, outsiders)
                                    + b")")
        if full:
            # one byte as a literal, not a one-byte set: a literal after the lead makes both the regex's prefix,
            # which ``re`` checks before it tries a match (most leads on a page fail at their second byte)
            first = (re.escape(bytes(full)) if len(full) == 1
                     else b"[" + b"".join(re.escape(bytes([b])) for b in full) + b"]")
            alternatives.insert(0, first + any_rest)
        return b"|".join(alternatives)

    def count(self, data: bytes) -> int:
        """How many characters of the class the UTF-8 ``data`` holds."""
        return len(data) - len(data.translate(None, self._full)) + self._partial(data)

    def _partial(self, data: bytes) -> int:
        """The count's share from leads only partly in the class (added and subtracted by regex)."""
        n = 0
        for lead, pattern in self._plus:
            if lead in data:
                n += len(pattern.findall(data))
        for lead, pattern in self._minus:
            if lead in data:
                n -= len(pattern.findall(data))
        return n


class Utf8Census:
    """Counts of several classes in the same UTF-8 bytes, equal to each counter's ``count``.

    The leads each class holds whole are counted in one ``bytes.translate`` pass for all of them: every byte
    maps to a code naming the set of classes whose whole leads include it, and each code present is counted
    once (a C loop, cheaper than one translate per class). A code whose leads are rare in Chinese text is
    counted by deleting it (``bytes.replace`` finds one byte with ``memchr``, so it costs per occurrence, not
    per byte as ``bytes.count`` does). Two classes with a partial regex on the same lead byte share one regex
    when their matches are disjoint: the scan for the lead is what costs, and then it runs once.
    """

    def __init__(self, counters: list[Utf8ClassCounter]) -> None:
        self._counters = counters
        masks = [0] * 0x100  # byte -> bit k set when counter k holds it as a whole lead
        for k, counter in enumerate(counters):
            for lead in counter._full:
                masks[lead] |= 1 << k
        # A code per (classes, length of the characters the lead starts): with the code point count known, the
        # 3-byte leads of CJK ideographs (dense in Chinese text) need no count of their own, since every byte a
        # character takes beyond one is counted by the length of its lead: that code's count is what is left.
        widths = [_width(lead) for lead in range(0x100)]
        groups = sorted({(masks[b], widths[b]) for b in range(0x100) if masks[b] or widths[b] > 1})
        code = {group: n for n, group in enumerate(groups, start=1)}  # 0: in no class, ASCII or continuation
        self._table = bytes(code.get((masks[b], widths[b]), 0) for b in range(0x100))
        dense = (masks[0xE4], 3)  # U+4000-4FFF: the lead of the first CJK ideographs
        self._dense: tuple[bytes, list[int]] | None = None
        if dense[0] and all(masks[b] == dense[0] for b in range(0xE5, 0xEA)):
            self._dense = (bytes([code[dense]]), [k for k in range(len(counters)) if dense[0] >> k & 1])
        #: (code, classes, bytes beyond the first of its characters, whether its leads are frequent in Chinese
        #: text: then bytes.count, else deletion); without the character count, the dense code is counted too
        self._codes = [(bytes([code[group]]), [k for k in range(len(counters)) if group[0] >> k & 1], group[1] - 1,
                        any(_frequent_lead(b) for b in range(0x100) if (masks[b], widths[b]) == group))
                       for group in groups]
        # partial regexes by lead byte: (class, +1 or -1, the regex, what it matches as a code point set)
        by_lead: dict[int, list[tuple[int, int, re.Pattern[bytes]]]] = {}
        for k, counter in enumerate(counters):
            for sign, partials in ((1, counter._plus), (-1, counter._minus)):
                for lead, pattern in partials:
                    by_lead.setdefault(lead, []).append((k, sign, pattern))
        #: (lead, regex, class, sign, second class or -1, its sign): with a second class, the regex's group 1
        #: holds the first class's matches and the second's match empty
        self._partials: list[tuple[int, re.Pattern[bytes], int, int, int, int]] = []
        for lead, entries in sorted(by_lead.items()):
            if len(entries) == 2 and _disjoint(lead, [counters[k] for k, _, _ in entries],
                                               [sign < 0 for _, sign, _ in entries]):
                (k1, s1, p1), (k2, s2, p2) = entries
                tail1, tail2 = p1.pattern[len(re.escape(bytes([lead]))):], p2.pattern[len(re.escape(bytes([lead]))):]
                pattern = re.compile(re.escape(bytes([lead])) + b"(?:(" + tail1 + b")|" + tail2 + b")", re.DOTALL)
                self._partials.append((lead, pattern, k1, s1, k2, s2))
            else:
                self._partials.extend((lead, pattern, k, sign, -1, 0) for k, sign, pattern in entries)
        #: the partials as counted: with the lead and second byte of every character a one-class regex matches, when
        #: it matches all characters of that lead with that byte and no other: in valid UTF-8
        #: each occurrence of the two bytes is one such character, so ``bytes.count`` counts them for less than
        #: ``findall`` (the hexagrams U+4DC0-4DFF that CJK text's frequent lead E4 holds besides ideographs)
        self._counted: list[tuple[int, re.Pattern[bytes], int, int, int, int, bytes | None]] = [
            (*entry, _lead_pair(entry[1]) if entry[4] < 0 else None) for entry in self._partials]

    def count(self, data: bytes, chars: int | None = None) -> list[int]:
        """How many characters of each class (in the counters' order) the UTF-8 ``data`` holds; ``chars``, when
        given, is how many code points ``data`` encodes (``len`` of its text), which spares one count."""
        counts = [0] * len(self._counters)
        for lead, pattern, k1, s1, k2, s2, pair in self._counted:
            if lead in data:  # a memchr: a page pays for the leads it uses
                if pair is not None:
                    counts[k1] += s1 * data.count(pair)
                    continue
                found = pattern.findall(data)
                if k2 < 0:
                    counts[k1] += s1 * len(found)
                else:
                    second = found.count(b"")
                    counts[k1] += s1 * (len(found) - second)
                    counts[k2] += s2 * second
        mapped = data.translate(self._table)
        dense = self._dense if chars is not None else None
        extra = 0  # bytes beyond the first of the characters counted so far
        for code, classes, more, frequent in self._codes:
            if (dense is not None and code == dense[0]) or (dense is None and not classes):
                continue  # left for the end, or (with no character count) a code only that sum needs
            if frequent and dense is None:
                n = mapped.count(code) if code in mapped else 0
            else:
                n = len(mapped) - len(mapped.replace(code, b""))
            if n:
                extra += n * more
                for k in classes:
                    counts[k] += n
        if dense is not None:
            # every character takes one byte plus ``more`` of its lead's: the dense leads' 2 each are what is left
            n = (len(data) - chars - extra) // 2  # type: ignore[operator]
            for k in dense[1]:
                counts[k] += n
        return counts


def _lead_pair(pattern: re.Pattern[bytes]) -> bytes | None:
    """The lead and second byte of every character ``pattern`` matches, when it matches exactly those (a lead, one
    fixed byte, then any continuation bytes the lead calls for: ``_tail``'s form for a single full child)."""
    lead = pattern.pattern[:1]
    width = _width(lead[0])
    for second in range(0x80, 0xC0):
        if pattern.pattern == (re.escape(lead) + b"(?:" + re.escape(bytes([second])) + b"[\x80-\xbf]" * (width - 2)
                               + b")"):
            return lead + bytes([second])
    return None


def _width(byte: int) -> int:
    """How many bytes the character a lead byte starts takes in valid UTF-8 (0: not a lead)."""
    span = _lead_range(byte)
    return 0 if span is None else span[2] + 1


def _frequent_lead(lead: int) -> bool:
    """Whether the lead byte encodes code points frequent in Chinese text (``_FREQUENT``)."""
    span = _lead_range(lead)
    return span is not None and any(span[0] <= f_hi and f_lo <= span[1] for f_lo, f_hi in _FREQUENT)


def _disjoint(lead: int, counters: list[Utf8ClassCounter], outsiders: list[bool]) -> bool:
    """Whether the regexes of two counters on this lead (each matching members, or valid outsiders) can never
    match the same character; checked code point by code point, so only for leads of at most 4096."""
    span = _lead_range(lead)
    if span is None or span[1] - span[0] >= 0x1000:
        return False
    (a, b), (out_a, out_b) = counters, outsiders
    for cp in range(span[0], span[1] + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        if (a._members(cp, cp) == 0) == out_a and (b._members(cp, cp) == 0) == out_b:
            return False
    return True


def _valid(lo: int, hi: int) -> int:
    """How many of lo..hi are Unicode scalar values (code points UTF-8 can encode)."""
    lo, hi = max(lo, 0), min(hi, _MAX)
    return hi - lo + 1 - _overlap(lo, hi, 0xD800, 0xDFFF) if lo <= hi else 0


def _overlap(a: int, b: int, lo: int, hi: int) -> int:
    return max(0, min(b, hi) - max(a, lo) + 1)
