"""Bylines: who wrote an article, for which paper, in which role.

Handles a byline on its own line (``新重庆-重庆日报记者 杨帆 王天翎``, ``本报记者 张三``, ``记者 王五
通讯员 赵六``, ``钱七 摄``) and an inline dateline at the start of the body (``本报讯(记者 陈军)``,
``本报北京3月12日电(记者 李四)``, ``新华社北京3月12日电``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Roles that make a person a reporter of the article.
REPORTER_ROLES = ("记者", "本报记者", "特约记者", "见习记者", "实习记者", "首席记者", "驻站记者")
_REPORTER_ROLE_SET = frozenset(REPORTER_ROLES)
_ROLE_WORDS = ("特约通讯员", "特约记者", "见习记者", "实习记者", "首席记者", "驻站记者", "通讯员",
               "实习生", "记者", "摄影记者", "编辑", "责编", "撰文", "整理", "制图", "摄影")
_ROLE_RE = re.compile("(" + "|".join(sorted(_ROLE_WORDS, key=len, reverse=True)) + ")")
#: Words after the names that credit every name before them (``… 摄影报道``, ``… 报道``).
_TRAILING_ROLES = ("摄影报道", "报道", "摄")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$")
_OUTLET_RE = re.compile(r"(?:报|报社|报道|社|电视台|广播电台|台|网|新闻|融媒体中心|客户端)$")
_WRAPPERS = "■□◆◇●○◎★☆▲△【】[]"
_SLASH_ROLE = re.compile(r"^(文图|文/图|图文|文|图|摄影|摄)[/／](.+)$")
_STRIP = _WRAPPERS + " \u3000"
#: What parse_credits strips from both ends, and the longest credit it reads once stripped: a line longer than
#: that with no strippable character at either end is no credit line (callers test this before calling).
CREDIT_STRIP = _STRIP
MAX_CREDIT_CHARS = 60
#: Characters no credit line contains (sentence punctuation, colons, quotes, book-title marks).
_NOT_IN_CREDITS = re.compile(r"[。！？!?:：“”\"《》]")
#: A credit always names a role: a role word, a trailing 报道/摄, 供图, or a slash form (文/张三).
#: Text without any of these can never set ``saw_role`` in parse_credits, so it is rejected up front.
_ROLE_HINT = re.compile("|".join(map(re.escape, (*_ROLE_WORDS, *_TRAILING_ROLES, "供图", "/", "／"))))
#: The same test on a whole line, for callers that look at many lines: no word of it holds a character that
#: parse_credits strips, so a line without one of these words is no credit line (and need not be parsed).
CREDIT_HINT = _ROLE_HINT
#: The names before a last word, split off it: ``记者 曹恩惠 上海`` -> (``记者 曹恩惠``, ``上海``).
_GLUED_PLACE = re.compile(r"^(.*[^\s\u3000])[\s\u3000]+([^\s\u3000]+)$")
_NO_PAREN = re.compile(r"[^()（）]*")
_TOKEN_RE = re.compile(r"[^\s\u3000、，,]+")
_SLASH_RE = re.compile(r"[/／]")

_DATELINE = re.compile(
    r"^(?P<dateline>本报讯|本报[^\s(（，,。:：]{1,16}?(?:讯|电)|(?:新华社|中新社|人民网|央视网|"
    r"[\u4e00-\u9fff]{2,8}(?:社|网|报))[^\s(（，,。:：]{0,16}?电|[\u4e00-\u9fff]{2,8}(?:报|网|台)讯)"
    r"\s*(?:[(（](?P<credits>[^()（）\n]{1,60})[)）])?\s*"
)

#: A dateline ends in 讯 or 电 within this many characters (the longest alternative above: a 2-8 character
#: agency name ending in 社/网/报, up to 16 place and date characters, then 电).
_DATELINE_REACH = 8 + 1 + 16 + 1


@dataclass(slots=True)
class Byline:
    """A parsed byline; ``credits`` are (role, name) pairs in byline order."""

    raw: str
    start: int
    end: int
    brand: str | None = None
    outlet: str | None = None
    outlet_start: int | None = None
    reporters: list[str] = field(default_factory=list)
    credits: list[tuple[str, str]] = field(default_factory=list)


#: Words between an outlet and 记者 that qualify the reporter (湖北日报全媒记者, 广州日报全媒体记者).
_REPORTER_MODIFIER = re.compile(r"(?:全媒体|全媒|融媒体|融媒|首席|特约|见习|实习|资深|驻[\u4e00-\u9fff]{1,4})$")


def _split_outlet(prefix: str, offset: int, byline: Byline) -> bool:
    """Record brand/outlet from the words before a role (``新重庆-重庆日报``, ``新甘肃·甘肃日报``); False if
    not an outlet."""
    modifier = _REPORTER_MODIFIER.search(prefix)
    if modifier:
        prefix = prefix[: modifier.start()]
    if not prefix or prefix == "本报":
        return True
    for dash in ("-", "—", "－", "·", "•", "・"):
        if dash in prefix:
            brand, outlet = prefix.split(dash, 1)
            if not brand or len(outlet) < 2:
                return False
            byline.brand = brand
            byline.outlet = outlet
            byline.outlet_start = offset + len(brand) + 1
            return bool(_OUTLET_RE.search(outlet)) or len(outlet) <= 8
    # a paper's name has a word before 报 (文汇报, 重庆日报): 报 alone is a split 本报
    if _OUTLET_RE.search(prefix) and 3 <= len(prefix) <= 12:
        byline.outlet = prefix
        byline.outlet_start = offset
        return True
    return False


def parse_credits(text: str, start: int = 0) -> Byline | None:
    """Parse a credit string such as ``新重庆-重庆晨报记者 陈军 通讯员 罗丹 摄影报道``; None if it is not one."""
    body = text.strip(_STRIP)
    if body[:1] in "(（" and body[-1:] in ")）" and _NO_PAREN.fullmatch(body, 1, len(body) - 1):
        body = body[1:-1].strip(_STRIP)  # credits on a line of their own, in parentheses: （本报记者 郑华）
    if not body or len(body) > MAX_CREDIT_CHARS or _NOT_IN_CREDITS.search(body) or not _ROLE_HINT.search(body):
        return None
    lead = text.find(body)
    byline = Byline(text, start, start + len(text))
    credits = byline.credits
    trailing = None
    if body.endswith(_TRAILING_ROLES):  # one test for all; which one only when one is there
        for word in _TRAILING_ROLES:
            if body.endswith(word) and len(body) > len(word):
                trailing, body = word, body[: -len(word)].rstrip(" \u3000")
                break
    if trailing == "报道" and not text.strip(_STRIP)[-3].isspace():
        # ``记者 曹恩惠 上海报道``: a word glued to 报道 after the names is where the report was filed (a
        # dateline), not one more name; 报道 then credits no one. A lone name (``记者 高田报道``) stays a name.
        place = _GLUED_PLACE.search(body)
        if place and _NAME_RE.match(place.group(2)) and parse_credits(place.group(1), start) is not None:
            body, trailing = place.group(1), None
    role: str | None = None
    names_in_credit: list[str] = []
    unassigned: list[str] = []
    saw_role = False
    for match in _TOKEN_RE.finditer(body):
        token = match.group()
        if "/" in token or "／" in token:  # 文/ before a role and a slash form both hold one
            if token.startswith(("文/", "文／")) and _ROLE_RE.search(token):  # 文/广州日报全媒体记者
                token = token[2:]
            slash = _SLASH_ROLE.match(token) if "/" in token or "／" in token else None
            if slash:
                saw_role = True
                for name in _SLASH_RE.split(slash.group(2)):
                    if not _NAME_RE.match(name):
                        return None
                    credits.append((slash.group(1), name))
                    names_in_credit.append(name)
                continue
        m = _ROLE_RE.search(token)
        if m:
            prefix, rest = token[: m.start()], token[m.end():]
            new_role = m.group()
            if prefix == "本报" and new_role == "记者":
                new_role = "本报记者"
            # the token's offset in text: past 文/ when that was cut off
            elif prefix and not _split_outlet(prefix, start + lead + match.end() - len(token), byline):
                return None
            role, saw_role = new_role, True
            if rest:
                if not _NAME_RE.match(rest):
                    return None
                credits.append((role, rest))
                names_in_credit.append(rest)
            continue
        if token in ("摄", "供图", "/摄"):
            if not unassigned:
                return None
            credits.extend(("摄", n) for n in unassigned)
            names_in_credit.extend(unassigned)
            unassigned, saw_role = [], True
            continue
        if not _NAME_RE.match(token):
            return None
        if role is None:
            unassigned.append(token)
        else:
            credits.append((role, token))
            names_in_credit.append(token)
    if trailing:
        names_in_credit.extend(unassigned)
        unassigned = []
        credits += [(trailing, name) for name in dict.fromkeys(names_in_credit)]
        saw_role = True
    if not saw_role or unassigned or not credits:
        return None
    byline.reporters = list(dict.fromkeys([n for r, n in credits if r in _REPORTER_ROLE_SET]))
    return byline


def parse_dateline(text: str, start: int) -> tuple[Byline, int] | None:
    """An inline byline at the start of a body line; returns it and how many characters it takes."""
    if text.find("讯", 0, _DATELINE_REACH) < 0 and text.find("电", 0, _DATELINE_REACH) < 0:
        return None  # most body lines: the pattern below would fail, only more slowly
    m = _DATELINE.match(text)
    if not m:
        return None
    credits, taken = m.group("credits"), m.end()
    if credits:
        byline = parse_credits(credits, start + m.start("credits"))
        if byline is None:
            return None
    else:
        loose = _credits_without_parens(text, m.end(), start)
        if loose is not None:
            byline, taken = loose
        elif m.group("dateline").startswith("本报讯"):
            return None
        else:
            byline = Byline(raw="", start=start, end=start)
    byline.raw = text[:taken].rstrip(" \u3000")
    byline.start, byline.end = start, start + len(byline.raw)
    return _with_agency(byline, m, start), taken


def _credits_without_parens(text: str, at: int, start: int) -> tuple[Byline, int] | None:
    """``本报讯 记者 孙奇茹 近日，…``: the longest run of space-separated tokens that reads as credits."""
    tokens = list(re.finditer(r"[^\s\u3000]+", text[at:]))[:8]
    for k in range(len(tokens) - 1, 0, -1):
        end = at + tokens[k - 1].end()
        parsed = parse_credits(text[at:end], start + at)
        if parsed is not None:
            return parsed, end + len(text[end:]) - len(text[end:].lstrip(" \u3000"))
    return None


def _with_agency(byline: Byline, m: re.Match[str], start: int) -> Byline:
    """A news agency dateline (新华社北京3月12日电) names the outlet when the credits do not."""
    if byline.outlet is None:
        agency = re.match(r"(新华社|中新社|人民网|央视网|[\u4e00-\u9fff]{2,8}(?:社|网|报))", m.group("dateline"))
        if agency and not agency.group(1).startswith("本报"):
            byline.outlet = agency.group(1)
            byline.outlet_start = start
    return byline
