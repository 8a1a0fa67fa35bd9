"""Page layout: split a page's lines into articles (title block, byline, paragraphs, numbered lists).

Plain text carries no fonts, so structure comes from line shape and order:
- a title line is short and does not end a sentence; a block of them opens an article;
- a byline line (``记者 X``) after the body closes the article; after the title it opens the body;
- a body line that does not end a sentence continues on the next non-empty line (a column break):
  blank lines carry no signal, they separate paragraphs, columns and title lines alike;
- consecutively numbered lines form a list, kept apart from the paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter

from etl.extract.bylines import CREDIT_HINT, CREDIT_STRIP, MAX_CREDIT_CHARS, Byline, parse_credits, parse_dateline
from etl.extract.organizations import crosses_name
from etl.extract.text import SENTENCE_LAST, Line, ends_sentence, line_spans

_Span = tuple[int, int, int, str]  # a line as (number, start, end, text), see line_spans
_CN_DIGITS = "一二三四五六七八九十"
_LIST_ITEM = [
    re.compile(r"^[-•·*]\s*(?P<n>\d{1,3})\s+(?P<body>\S.*)$"),
    re.compile(r"^(?P<n>\d{1,3})\s*(?:[、:：)）]|[.．](?!\d))\s*(?P<body>\S.*)$"),
    re.compile(r"^[(（](?P<n>\d{1,3})[)）]\s*(?P<body>\S.*)$"),
    re.compile(r"^(?P<n>[①-⑳])\s*(?P<body>\S.*)$"),
    re.compile(rf"^(?P<n>[{_CN_DIGITS}]{{1,3}})、\s*(?P<body>\S.*)$"),
    re.compile(rf"^[(（](?P<n>[{_CN_DIGITS}]{{1,3}})[)）]\s*(?P<body>\S.*)$"),
]
#: The patterns above as one alternation (tried in the same order, so the same one wins): alternative k
#: has groups 2k+1 (the number) and 2k+2 (the body), and the body closes last, so it is ``lastindex``.
_ANY_LIST_ITEM = re.compile("|".join(f"(?:{p.pattern})".replace("?P<n>", "").replace("?P<body>", "")
                                     for p in _LIST_ITEM))
_INTERTITLE_MARK = re.compile(rf"^(?:[■□◆◇●○◎★☆▲△▶►【]|[{_CN_DIGITS}]{{1,3}}、|[(（][{_CN_DIGITS}]{{1,3}}[)）])")
_FURNITURE = re.compile(
    r"^(?:第\s*[0-9一二三四五六七八九十]+\s*版|.*星期[一二三四五六日天]|.*第\s*\d+\s*版\b|"
    r"(?:本版)?责任编辑|美术编辑|版式设计|本版编辑|校对|图片编辑|(?:上|下)接第|.*[(（](?:上|下)转第)"
)
#: Every furniture alternative contains one of these words: a line without them need not try the pattern (the
#: line filter in _Segmenter tests the same words with ``in``).
_FURNITURE_HINT = re.compile("版|星期|编辑|校对|接第|转第")
#: Jump markers where an article continues from or on another page: not part of the text.
_JUMP_IN = re.compile(r"^[(（](?:上接|接)第?\s*[0-9一二三四五六七八九十]+\s*版[)）]")
_JUMP_OUT = re.compile(r"[(（](?:下转|转)第?\s*[0-9一二三四五六七八九十]+\s*版[)）]$")
_JUMP_OUT_ENDS = ("版)", "版）")  # how every _JUMP_OUT match ends
#: Credits in parentheses closing a paragraph: ``…发展。（记者 张三）``.
_TRAILING_CREDITS = re.compile(r"[(（](?P<credits>[^()（）]{2,40})[)）]$")
#: A photo caption line: text, then who took the picture (``工人在车间生产。 记者 张三 摄``).
_CAPTION = re.compile(r"(?P<credits>(?:(?:本报|特约)?记者|通讯员)?\s*[\u4e00-\u9fff·]{2,8}"
                      r"(?:[ \u3000、][\u4e00-\u9fff·]{2,8})*\s*(?:摄|供图))[)）]?$")
#: Headings of a box set inside an article's body (background, related facts): the box belongs to the article,
#: its heading is an intertitle, not a new article's title.
_BOX_HEADINGS = frozenset(("相关链接", "新闻链接", "背景链接", "知识链接", "链接", "延伸阅读", "相关阅读", "背景资料",
                           "小贴士", "名词解释"))
_BOX_WRAPPERS = "■□◆◇●○◎★☆▲△▶►【】[] \u3000"
#: Marks that open a photo caption (``▲5月12日，货轮停靠在码头。``).
_CAPTION_MARKS = "▲△"
_STRIP_CREDIT = " \u3000)）"
#: How body paragraphs, not titles, begin (据…, 记者从…, 近日…).
_BODY_OPENER = re.compile(r"^(?:据|记者|近日|日前|昨天|昨日|今天|今日|截至|此外|同时|另外|其中|但是|而且|并且|目前)")
#: A title does not end on a function word; a line cut by a column break may.
_DANGLING_END = re.compile(r"[的和与及等在从对为把被将了着向于是而并或以所之]$")
#: The start of a line that goes on a sentence begun on the line before: punctuation no line starts with on
#: its own, or (after a long line) a clause of a few characters that ends the sentence (``快新车型投放。``).
_STARTS_WITH_PUNCT = re.compile(r"[，,。、；;：:）)”]")
_ENDS_A_SENTENCE_SOON = re.compile(r"[^，,。；;！？!?：:“”\s]{1,6}[。；;！？!?]")
#: A title this long followed by a sentence's last few words is a paragraph cut by a column break.
_LONG_FRAGMENT = 16
#: A strict title (one that would interrupt an article's body) has no clause punctuation.
_CLAUSE_PUNCT = re.compile("[,，;；]")
#: The usual last character of a line that ends a sentence (the rest is left to ends_sentence).
_SENTENCE_MARKS = ("。", "！", "？", "!", "?", "；", ";")
_SENTENCE_MARK_SET = frozenset(_SENTENCE_MARKS)
#: The last character of every line _closes_paragraph accepts, whitespace aside: what ends_sentence
#: accepts, or the parenthesis of a jump marker, （完） or credits.
_MAY_CLOSE = SENTENCE_LAST | {")", "）"}
_TITLE_MAX = 60
_STRICT_TITLE_MAX = 40
_END = attrgetter("end")  # of a paragraph, byline or line
#: ``_new(Line, span)`` builds a Line from a line_spans tuple without ``Line._make``'s Python frame.
_new = tuple.__new__
_CREDIT_HINT = CREDIT_HINT.search


@dataclass(slots=True)
class Paragraph:
    text: str
    start: int
    end: int
    fragments: int
    pieces: tuple[tuple[int, int], ...]  # (offset in text, page offset) where each fragment starts


@dataclass(slots=True)
class ListItem:
    number: int
    line: Line
    body_start: int  # offset of the item text after its number

    @property
    def body(self) -> str:
        return self.line.text[self.body_start - self.line.start:]


@dataclass(slots=True)
class NumberedList:
    title: Line | None
    items: list[ListItem]


@dataclass(slots=True)
class ArticleLayout:
    seq: int
    title_lines: list[Line] = field(default_factory=list)
    byline: Byline | None = None
    byline_position: str | None = None
    extra_credits: list[Byline] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    lists: list[NumberedList] = field(default_factory=list)
    intertitles: list[Line] = field(default_factory=list)
    start: int = 0
    end: int = 0
    closed: bool = False

    @property
    def has_body(self) -> bool:
        return bool(self.paragraphs or self.lists)


#: How a subtitle (副题) opens: ``——访…``, ``——聚焦…``.
_SUBTITLE_DASHES = ("——", "—", "──", "--")


def headline_index(titles: list[Line]) -> int:
    """Which title line is the headline: the first, unless a kicker (引题: 高质量发展调研行) sits above it, as the
    line just before a subtitle opening with a dash shows (the kicker, headline, ——subtitle of a feature)."""
    for k in range(2, len(titles)):
        if titles[k].text.startswith(_SUBTITLE_DASHES):
            return k - 1
    return 0


def _list_number(token: str) -> int:
    if "①" <= token <= "⑳":  # before isdigit(): '①'.isdigit() is true but int('①') fails
        return ord(token) - ord("①") + 1
    if token.isdigit():
        return int(token)
    value = 0
    if "十" in token:
        tens, _, ones = token.partition("十")
        value = (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10
        return value + (_CN_DIGITS.index(ones) + 1 if ones else 0)
    return _CN_DIGITS.index(token) + 1 if len(token) == 1 else -1


#: The first character of every line _ANY_LIST_ITEM can match, but for the decimal digits (``\d``), which
#: ``str.isdecimal`` tests: most lines start otherwise and need not try the six alternatives.
_LIST_FIRST = frozenset("-•·*(（" + _CN_DIGITS + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))
#: In _ANY_LIST_ITEM, the bodies of the first three alternatives (groups 2, 4, 6) follow decimal digits.
_LAST_DECIMAL_BODY = 6


def _list_items(lines: list[_Span]) -> list[tuple[int, int, int]]:
    """(line index, item number, offset of the item text) of each line that reads as a numbered list item."""
    found: list[tuple[int, int, int]] = []
    for k, line in enumerate(lines):
        text = line[3]
        if ((c := text[0]) in _LIST_FIRST or c.isdecimal()) and (m := _ANY_LIST_ITEM.match(text)):
            body: int = m.lastindex  # type: ignore[assignment]
            token = m.group(body - 1)
            found.append((k, int(token) if body <= _LAST_DECIMAL_BODY else _list_number(token), m.start(body)))
    return found


def _find_list_runs(lines: list[_Span]) -> dict[int, list[ListItem]]:
    """Index of each run's first line -> its items: two or more consecutively numbered lines."""
    found = _list_items(lines)
    runs: dict[int, list[ListItem]] = {}
    i, n = 0, len(found)
    while i < n:
        k = i + 1
        # a run goes on while the next item is on the next line with the next number
        while k < n and found[k][0] == found[k - 1][0] + 1 and found[k][1] == found[k - 1][1] + 1:
            k += 1
        if k - i >= 2 and not _prose_items([lines[j][3][at:] for j, _, at in found[i:k]]):
            # only a run's lines become ListItems (with their Line)
            runs[found[i][0]] = [ListItem(number, line := _new(Line, lines[j]), line.start + at)
                                 for j, number, at in found[i:k]]
        i = k
    return runs


_PARENTHESISED = re.compile(r"[(（][^()（）]*[)）]")


def _prose_items(items: list[str]) -> bool:
    """Whether numbered lines are points of running text (``（一）支持整车项目建设。对新建…，…。``), which stay
    paragraphs, rather than a list of named things (``1．XX创新联合体（牵头单位：…）``): most items hold
    sentences, with clause punctuation outside parentheses before their last character."""
    prose = sum(1 for item in items
                if not item.endswith((")", "）")) and re.search("[，,。；;]", _PARENTHESISED.sub("", item)[:-1]))
    return prose * 2 > len(items)


def _trailing_credits(text: str, end: int) -> Byline | None:
    m = _TRAILING_CREDITS.search(text) if text.endswith((")", "）")) else None
    if not m or m.start() == 0:
        return None
    byline = parse_credits(m.group("credits"), end - len(m.group()) + 1)
    if byline is not None:
        byline.raw, byline.start, byline.end = m.group(), end - len(m.group()), end
    return byline


def _closes_paragraph(text: str) -> bool:
    """A sentence end, or one followed by credits or a jump marker, ends the paragraph."""
    if ends_sentence(text):
        return True
    if not text.endswith((")", "）")):  # a jump marker, （完） and credits all end in a parenthesis
        return False
    if text.endswith(("（完）", "(完)")) or (text.endswith(_JUMP_OUT_ENDS) and _JUMP_OUT.search(text)):
        return True
    # trailing credits hold no parenthesis, so they can only open at the last one before the end: a sentence
    # must end right before it (most lines ending in a parenthesis fail this, and need not try the pattern)
    opener = max(text.rfind("(", 0, -1), text.rfind("（", 0, -1))
    # a text ends_sentence accepts ends in a character of SENTENCE_LAST or a space: most lines fail this without
    # a slice and a call
    if opener <= 0 or ((c := text[opener - 1]) not in SENTENCE_LAST and not c.isspace()) \
            or not ends_sentence(text[:opener]):
        return False
    m = _TRAILING_CREDITS.search(text)
    return bool(m and ends_sentence(text[: m.start()]) and parse_credits(m.group("credits")) is not None)


def _is_furniture(text: str) -> bool:
    """Page furniture (版 headers, dates, editor credits, jump lines): not part of any article."""
    return (len(text) <= _TITLE_MAX and _FURNITURE_HINT.search(text) is not None
            and _FURNITURE.match(text) is not None and not ends_sentence(text))



class _Segmenter:
    """One pass over a page's lines; per-line facts are computed once up front, indexed by line.

    Lines are (number, start, end, text) tuples: most of them only feed paragraph text, so a ``Line``
    is built just for those kept as title, intertitle or list item lines.
    """

    def __init__(self, text: str) -> None:
        # furniture is short, and names one of its hint words: other lines need not be tested (nor called). The
        # words are looked for with ``in`` (接第 and 转第 as 第, which _is_furniture then tests exactly): five
        # substring searches of a short line cost less than one search of the _FURNITURE_HINT alternation
        self.lines = lines = [ln for ln in line_spans(text) if len(t := ln[3]) > _TITLE_MAX
                              or ("版" not in t and "星期" not in t and "编辑" not in t and "校对" not in t
                                  and "第" not in t)
                              or not _is_furniture(t)]
        self.texts = texts = [ln[3] for ln in lines]
        self.runs = _find_list_runs(lines)
        self.in_run = {i + k for i, run in self.runs.items() for k in range(len(run))}
        in_run = self.in_run
        # most lines are paragraphs too long for credits, and most short ones (titles) name no role: those are
        # not parsed (see MAX_CREDIT_CHARS and CREDIT_HINT)
        self.bylines = {i: b for i, (_, start, _, line_text) in enumerate(lines)
                        if i not in in_run and (len(line_text) <= MAX_CREDIT_CHARS or line_text[0] in CREDIT_STRIP
                                                or line_text[-1] in CREDIT_STRIP)
                        and _CREDIT_HINT(line_text) and (b := parse_credits(line_text, start))}
        #: whether each line closes a paragraph: asked of most lines once or twice (title test, then body);
        #: never of a list's lines (run() steps over a whole run, and a title block stops at its first line).
        #: Only a line ending in a sentence mark, a closer or a space can (see _MAY_CLOSE).
        self.closes = [i not in in_run and ((c := t[-1]) in _SENTENCE_MARK_SET
                                            or ((c in _MAY_CLOSE or c.isspace()) and _closes_paragraph(t)))
                       for i, t in enumerate(texts)]
        self.articles: list[ArticleLayout] = []
        self.current: ArticleLayout | None = None  # the last article opened
        # the open paragraph is lines[_frag_start:_frag_end] (consecutive lines joined across column breaks)
        self._frag_start = self._frag_end = 0
        self._after_intertitle = False

    def _is_plain(self, i: int) -> bool:
        return i not in self.in_run and i not in self.bylines

    def _new_article(self, title: list[Line]) -> ArticleLayout:
        self._flush()
        art = ArticleLayout(seq=len(self.articles) + 1, title_lines=title)
        art.start = title[0].start if title else 0
        self.articles.append(art)
        self.current = art
        return art

    def _flush(self) -> None:
        """Close the open paragraph, if any."""
        a, b = self._frag_start, self._frag_end
        if a != b:
            self._frag_start = self._frag_end = 0
            if self.current is not None:
                self._add_paragraph(self.current, a, b)

    def _add_paragraph(self, art: ArticleLayout, a: int, b: int) -> None:
        """Lines a..b-1, joined across column breaks, as a paragraph of ``art``: less a jump marker at either
        end, an inline dateline (which becomes the byline), （完） and trailing credits."""
        _, first_start, end, first = self.lines[a]
        skip = 0
        if first[0] in "(（" and (jump := _JUMP_IN.match(first)):
            skip = jump.end()
        if not art.paragraphs and art.byline is None:
            inline = parse_dateline(first[skip:] if skip else first, first_start + skip)
            if inline:
                art.byline, art.byline_position = inline[0], "inline"
                skip += inline[1]
        pieces: tuple[tuple[int, int], ...]
        if b == a + 1:  # one line: the common case
            text = first[skip:] if skip else first
            pieces = ((0, first_start + skip),) if len(first) > skip else ()
        else:
            starts = [(0, first_start + skip)] if len(first) > skip else []
            at = len(first) - skip
            for _, start, end, _ in self.lines[a + 1:b]:  # end: at last, the end of line b - 1
                starts.append((at, start))
                at += end - start
            pieces = tuple(starts)
            text = "".join(self.texts[a:b])[skip:]
        if text.endswith((")", "）")):  # a jump marker, （完） and credits all end in a parenthesis
            jump_out = _JUMP_OUT.search(text)
            if jump_out:
                text, end = text[: jump_out.start()], end - len(jump_out.group())
            if text.endswith(("（完）", "(完)")):
                text, end = text[:-3], end - 3
            credits = _trailing_credits(text, end)
            if credits is not None:
                text, end = text[: -len(credits.raw)], end - len(credits.raw)
                if art.byline is None:
                    art.byline, art.byline_position = credits, "after_body"
                else:
                    art.extra_credits.append(credits)
        if text:
            art.paragraphs.append(Paragraph(text, pieces[0][1], end, b - a, pieces))

    def run(self) -> list[ArticleLayout]:
        lines, texts, closes, runs, bylines = self.lines, self.texts, self.closes, self.runs, self.bylines
        i, n = 0, len(lines)
        while i < n:
            if i in runs:
                i = self._take_list(i, title=None)
                continue
            if i in bylines:
                self._take_byline(bylines[i])
                i += 1
                continue
            if self._frag_end:  # an open paragraph: this line continues it across a column break
                if self._opens_with_dateline(i):
                    # ...unless it opens a story (本报讯, 新华社X月X日电): then the open lines were its title
                    self._title_before_dateline()
                    continue  # line i again, as the new article's first body line
                if closes[i]:
                    a = self._frag_start
                    self._frag_start = self._frag_end = 0
                    self._add_paragraph(self.current, a, i + 1)  # type: ignore[arg-type]
                else:
                    self._frag_end = i + 1
                i += 1
                continue
            art = self.current
            text = texts[i]
            if (art is not None and text[-1] in "摄图)）" and len(text) > 12
                    and text.rstrip(")）").endswith(("摄", "供图"))):
                caption = _CAPTION.search(text)
                photo = parse_credits(caption.group("credits"), lines[i][1] + caption.start("credits")) \
                    if caption else None
                if photo is not None:  # a photo caption is neither title nor paragraph
                    art.extra_credits.append(photo)
                    i += 1
                    continue
            if art is not None and text[0] in _CAPTION_MARKS and self._photo_credit(i + 1):
                # ``▲工人在车间生产。`` over ``记者 张三 摄``: a caption split from its credit, in the body or
                # after it; neither a paragraph nor a byline, and the article goes on after it
                self._flush()
                art.extra_credits.append(bylines[i + 1])
                i += 2
                continue
            if self._after_intertitle:  # the line after an intertitle is body, never a title
                self._after_intertitle = False
            elif not closes[i]:  # a line closing a paragraph is never title-like
                title_mode = art is None or art.closed or (not art.has_body and not art.title_lines)
                if (self._title_like(i, strict=not title_mode) and (title_mode or not self._fragment_like(i))
                        and self._take_title_block(i, title_mode)):
                    i = self._next_index
                    continue
            if art is None:
                art = self._new_article([])
            if closes[i]:  # a paragraph of one line: the common case
                self._add_paragraph(art, i, i + 1)
            else:
                self._frag_start, self._frag_end = i, i + 1
            i += 1
        self._flush()
        for art in self.articles:
            ends = [art.start, *map(_END, art.paragraphs), *map(_END, art.extra_credits), *map(_END, art.title_lines)]
            for lst in art.lists:
                ends += [it.line.end for it in lst.items]
            if art.byline is not None:
                ends.append(art.byline.end)
            art.end = max(ends)
        return [a for a in self.articles if a.title_lines or a.has_body]

    def _opens_with_dateline(self, i: int) -> bool:
        """Line ``i`` starts with an inline dateline (本报讯（记者 X）, 新华社北京5月20日电): it opens a story."""
        return self._is_plain(i) and parse_dateline(self.texts[i], self.lines[i][1]) is not None

    def _title_before_dateline(self) -> None:
        """The open lines before a dateline: the last of them that read as a title (at most 3 short lines with no
        clause mark that neither open nor end like body text: 福建海上风电装机突破400万千瓦 after ■ 相关新闻)
        are the title of the story it opens; lines before them are a paragraph that ended without a stop."""
        a, b = self._frag_start, self._frag_end
        self._frag_start = self._frag_end = 0
        k = b
        while k > a and b - k < 3 and self._title_like(k - 1, strict=True) \
                and not _BODY_OPENER.match(t := self.texts[k - 1]) and not _DANGLING_END.search(t):
            k -= 1
        if k > a:
            self._add_paragraph(self.current, a, k)  # type: ignore[arg-type]
        if k < b:
            self._new_article([_new(Line, span) for span in self.lines[k:b]])

    def _photo_credit(self, i: int) -> bool:
        """Line ``i`` is a credit line for a photo only (``本报记者 张三 摄``, ``李四 供图``)."""
        byline = self.bylines.get(i)
        return byline is not None and byline.raw.rstrip(_STRIP_CREDIT).endswith(("摄", "供图"))

    def _title_like(self, i: int, strict: bool) -> bool:
        text = self.texts[i]
        if self.closes[i] or len(text) > (_STRICT_TITLE_MAX if strict else _TITLE_MAX):
            return False
        return not (strict and _CLAUSE_PUNCT.search(text))

    def _fragment_like(self, i: int) -> bool:
        """A short line that is more likely a paragraph cut by a column break than a title."""
        text = self.texts[i]
        if len(text) < 4 or _BODY_OPENER.match(text) or _DANGLING_END.search(text):
            return True
        if text.count("“") > text.count("”") or text.count("(") + text.count("（") > \
                text.count(")") + text.count("）"):
            return True
        if i + 1 >= len(self.texts) or not self._is_plain(i + 1):
            return False
        after = self.texts[i + 1]
        if _STARTS_WITH_PUNCT.match(after) or (len(text) >= _LONG_FRAGMENT and _ENDS_A_SENTENCE_SOON.match(after)):
            return True
        return crosses_name(text, after)

    def _take_title_block(self, i: int, title_mode: bool) -> bool:
        texts = self.texts
        j = i + 1
        # an intertitle (■ 做强产业链) is one line: what follows it is body, even a short fragment
        single = not title_mode and bool(_INTERTITLE_MARK.match(texts[i]))
        while (not single and j < len(texts) and j - i < 4 and self._is_plain(j)
               and self._title_like(j, strict=False) and not self._fragment_like(j)):
            j += 1
        block = [_new(Line, span) for span in self.lines[i:j]]
        self._next_index = j
        if j in self.runs:
            if len(block) >= 2 or (title_mode and self.current is None):
                self._new_article(block[:-1] or block)
                self._take_list(j, title=block[-1] if len(block) >= 2 else None)
            elif title_mode and self.current and self.current.closed:
                self._new_article(block)
                self._take_list(j, title=None)
            else:
                self._take_list(j, title=block[-1])
            self._next_index = self._after_list
            return True
        opens_article = (
            title_mode or len(block) >= 2 or j in self.bylines
            or (j < len(texts) and parse_dateline(texts[j], self.lines[j][1]) is not None)
            or not _INTERTITLE_MARK.match(block[0].text)
        )
        if not title_mode and len(block) == 1 and (
                j >= len(texts) or block[0].text.strip(_BOX_WRAPPERS) in _BOX_HEADINGS):
            opens_article = False
        if opens_article:
            self._new_article(block)
        else:
            assert self.current is not None
            self.current.intertitles.extend(block)
            self._after_intertitle = True  # an intertitle introduces body text, not another title
        return True

    def _take_byline(self, byline: Byline) -> None:
        self._flush()
        art = self.current
        if art is None or (art.closed and art.byline is not None):
            if art is not None:
                art.extra_credits.append(byline)
            return
        if art.byline is None:
            art.byline = byline
            art.byline_position = "after_body" if art.has_body else "before_body"
            art.closed = art.has_body
        else:
            art.extra_credits.append(byline)

    def _take_list(self, i: int, title: Line | None) -> int:
        self._flush()
        art = self.current or self._new_article([])
        run = self.runs[i]
        art.lists.append(NumberedList(title=title, items=run))
        self._after_list = i + len(run)
        return self._after_list


def segment_articles(text: str) -> list[ArticleLayout]:
    """Split a decoded page into articles in page order."""
    arts = _Segmenter(text).run()
    for seq, art in enumerate(arts, start=1):
        art.seq = seq
    return arts
