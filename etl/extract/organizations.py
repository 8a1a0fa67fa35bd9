"""Named organizations in free text: companies, universities, institutes, parks, government bodies.

Rule based and offline. Names are found by their heads (legal-form suffixes such as 有限公司, 大学,
研究院, 园区; government abbreviations such as 市经信委; a lexicon of national bodies) and by
enumerations typed by a following noun (``中科光智、北京快鱼等30余个产业链项目``). The left edge of a
name is where a function word or verb ends (``记者在|重庆川仪精密机械有限公司``). Aliases are only the
ones the text defines (``(以下简称“川仪精密”)``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from etl.extract.lexicon import (
    ENUM_HEADS,
    GENERIC_PLACES,
    GENERIC_STEMS,
    NATIONAL_BODIES,
    NOT_GOV_PREFIX,
    PLACE_PREFIXES,
    PROTECTED_WORDS,
    STOP_CHARS,
    STOP_WORDS,
    WEAK_STOPS,
)
from etl.extract.text import Region, is_cjk

# Heads: the words a name of each kind ends with. Kind checks are str.endswith on these tuples
# (a $-anchored regex search would try every start position); the scan regex is built from them.
_PARTNERSHIP = tuple(f"{o}{w}{c}" for w in ("普通合伙", "有限合伙", "特殊普通合伙") for o in "(（" for c in ")）")
_COMPANY = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "公司", "集团", "银行", "证券",
            "保险", "控股")
_UNIVERSITY = ("大学", "学院", "高等专科学校")
_INSTITUTE = ("研究院", "研究所", "科学院", "研究中心", "实验室", "设计院", "检测中心", "检验所", "研究会")
_PARK = ("园区", "产业园", "工业园", "科技园", "软件园", "创业园", "孵化园", "物流园", "微电园", "光电园", "电子园",
         "高新园", "创新园", "智慧园")
_ASSOCIATION = ("工商联", "总工会", "妇联", "科协", "侨联", "文联", "残联", "共青团", "商会", "协会", "学会",
                "联合会", "促进会", "基金会")
_GOV_HEAD = ("委员会", "管委会", "人民政府", "海关")
_OTHER_ORG = ("中心", "医院", "出版社", "报社", "日报", "晚报", "晨报", "电视台", "法院", "检察院")
#: Heads the scan looks for (the bodies of the 工商联 kind are found with local government).
_ASSOCIATION_HEAD = ("商会", "协会", "学会", "联合会", "促进会", "基金会")

_NATIONAL_RE = re.compile(f"(?=[{''.join(sorted({b[0] for b in NATIONAL_BODIES}))}])(?:"
                          + "|".join(sorted(NATIONAL_BODIES, key=len, reverse=True)) + ")")

_LOCAL_GOV = re.compile(
    r"[省市区县州]"
    r"(?P<body>委员会|管委会|人大常委会|人大|政协|政府|纪委监委|纪委|工商联|总工会|妇联|科协|侨联|文联|"
    r"委(?!员)|[\u4e00-\u9fff]{1,10}?委员会|[\u4e00-\u9fff]{1,10}?(?:委(?!员)|局|厅|办公室|办))"
)
#: 局 also ends common words (格局, 布局...): such a body is not a government office.
_NOT_GOV_BODY = re.compile(r"(?:格局|布局|大局|全局|开局|变局|新局|结局|破局|残局|当局|通办|代办|承办|举办|创办|"
                           r"主办|协办|督办|交办|开办|申办|筹办|查办|兴办|好办|难办|快办|速办|网上办|掌上办)$")
_LOCAL_GOV_NAME = re.compile(r"[\u4e00-\u9fff]{0,8}" + _LOCAL_GOV.pattern)
_KIND_BY_HEAD = ((_PARTNERSHIP, "partnership"), (_COMPANY, "company"), (_GOV_HEAD, "government"),
                 (_INSTITUTE, "research_institute"), (_UNIVERSITY, "university"), (_PARK, "industrial_park"),
                 (_ASSOCIATION, "association"))
_PLACE_RE = re.compile("|".join(sorted(PLACE_PREFIXES, key=len, reverse=True)))
_STOP_RE = re.compile("|".join(sorted(STOP_WORDS, key=len, reverse=True)) + f"|[{STOP_CHARS}]")
#: The run of name characters (CJK, ASCII letters and digits, short parenthesised words) before a head.
_NAME_RUN = re.compile(r"(?:[\u4e00-\u9fffA-Za-z0-9]|[(（][\u4e00-\u9fff]{1,6}[)）])+$")
#: A stem that is only a time word or an industry word is not a name (一季度公司, 科技公司, 汽车、医药等企业).
_NOT_A_STEM = re.compile(
    r"^(?:[一二三四]季度|今年|去年|上半年|下半年|近期|目前|当前|全年|每年|每月|每天|[0-9]+年|[0-9]+月)|"
    r"(?:产业|行业|领域)$|"
    r"^(?:科技|技术|投资|发展|贸易|实业|咨询|管理|服务|信息|网络|文化|传媒|物流|建设|能源|汽车|医药|商业|办公|"
    r"集成电路|电子|电子信息|化工|材料|新材料|新能源|装备|制造|金融|文旅|农业|食品|纺织|钢铁|建材|生物|"
    r"生物医药|医疗|软件|互联网|人工智能|数字经济|半导体|光伏|储能|航空|航天|船舶|智能|智能终端|智能装备|"
    r"融资租赁|保险|证券|基金|担保|小额贷款)$"
)
#: Items of an enumeration headed by 项目 that name works, not firms (成渝中线高铁).
_PROJECT_WORDS = re.compile(r"(?:高铁|铁路|公路|高速|机场|港|码头|工程|项目|线|桥|站|基地|中心|馆|城|厂房|大道)$")
#: Enumerated industry segments, not firms (芯片设计、晶圆制造、封装测试等企业).
_ACTIVITY = re.compile(r"(?:设计|制造|测试|研发|生产|封装|服务|加工|销售|运营|物流|制作|维修|开发)$")
_ENUMERATION = re.compile(
    r"等(?:[\d一二三四五六七八九十百千]+余?[家个所]?)?[\u4e00-\u9fff]{0,6}?(?P<head>"
    + "|".join(sorted(ENUM_HEADS, key=len, reverse=True)) + ")"
)
_ENUM_ITEMS = re.compile(r"(?:[\u4e00-\u9fffA-Za-z0-9]{2,12}、){0,8}[\u4e00-\u9fffA-Za-z0-9]{2,12}$")
_PLACE_SUFFIX = re.compile(r"(?:区|县|市|省|镇|乡|村|街道|地|国)$")
_ALIAS = re.compile(r"[(（]\s*(?:以下简称|下称|以下称|简称)\s*[“\"‘']?(?P<alias>[^”\"’'()（）、，,]{1,20}?)"
                    r"[”\"’']?\s*[)）]")
#: The words just before an alias inside its own definition: ``(以下简称“`` + alias.
_DEFINES_ALIAS = re.compile(r"(?:简称|下称)\s*[“\"‘']?$")
_HEAD_WORDS = sorted({*_PARTNERSHIP, *_COMPANY, *_UNIVERSITY, *_INSTITUTE, *_PARK, *_GOV_HEAD, *_ASSOCIATION_HEAD},
                     key=len, reverse=True)
# A lookahead on the heads' first characters lets the scan skip most positions at C speed.
_HEAD = re.compile(f"(?=[{re.escape(''.join(sorted({w[0] for w in _HEAD_WORDS})))}])(?:"
                   + "|".join(re.escape(w) for w in _HEAD_WORDS) + ")")
_MAX_NAME = 30
#: A campus in parentheses belongs to a university's name: 中国石油大学（华东）.
_CAMPUS = re.compile(r"[(（][\u4e00-\u9fff]{2,4}[)）]")


def org_kind(name: str) -> str | None:
    """The organization kind a name's head implies (gold conventions), or None if none does."""
    if not name.endswith(_COMPANY) and _NATIONAL_RE.fullmatch(name):
        return "association" if name.endswith(_ASSOCIATION) else "government"
    # first match wins: a legal form beats 研究院 (…研究院有限公司 is a company), 研究院 beats 学院
    for heads, kind in _KIND_BY_HEAD:
        if name.endswith(heads):
            return kind
    if _LOCAL_GOV_NAME.fullmatch(name):
        return "government"
    return "other" if name.endswith(_OTHER_ORG) else None


def crosses_name(before: str, after: str) -> bool:
    """Whether an organization head spans the end of ``before`` and the start of ``after``
    (中国汽 | 车工业协会): then the two lines are one paragraph cut by a column break."""
    tail = before[-12:]
    joined = tail + after[:12]
    return any(m.start() < len(tail) < m.end() for p in (_HEAD, _LOCAL_GOV) for m in p.finditer(joined))


def looks_like_org_name(name: str) -> bool:
    """Whether a delimited phrase (a list's lead unit) reads as an organization name."""
    return len(name) >= 2 and org_kind(name) is not None


@dataclass
class OrgMention:
    name: str
    kind: str
    text: str  # as written: the name or an alias
    article_seq: int
    role: str
    start: int
    end: int


def _left_edge(text: str, head_start: int) -> int:
    """Where a name ending in a head word at ``head_start`` begins."""
    lo = max(0, head_start - _MAX_NAME)
    run = _NAME_RUN.search(text, lo, head_start)
    if run is None:
        return head_start
    cuts = [run.start()]
    for stop in _STOP_RE.finditer(text, run.start(), head_start):
        if len(stop.group()) == 1 and (text[stop.start() - 1: stop.end()] in PROTECTED_WORDS
                                       or text[stop.start(): stop.end() + 1] in PROTECTED_WORDS):
            continue  # 自由贸易, 同济大学: the character is part of a word, not a function word
        if stop.group() in "与和及" and _conjoined_name(text[cuts[-1]:stop.start()]):
            continue  # 中国科学院苏州纳米技术与纳米仿生研究所: 与 inside one name
        place = _PLACE_RE.search(text, cuts[-1], stop.start()) if stop.group() in WEAK_STOPS else None
        cuts.append(place.start() if place else stop.end())
    # the rightmost cut that leaves a real stem: 投资建设|集团 is a name, not 投资建设 + 集团
    for cut in reversed(cuts):
        if not text.startswith(("集团", "公司", "股份", "有限", "控股"), cut, head_start):
            return cut
    return cuts[-1]


def _conjoined_name(before: str) -> bool:
    """Whether the words before a 与/和/及 open a name that goes on past it: they start with a place
    or a national body but are not a whole organization themselves (市经信委与市科技局 are two)."""
    return bool(before) and bool(_PLACE_RE.match(before) or _NATIONAL_RE.match(before)) \
        and org_kind(before) is None and not _NATIONAL_RE.fullmatch(before)


def _stem_ok(stem: str) -> bool:
    return (len(stem) >= 2 and not stem.startswith(GENERIC_STEMS) and any(is_cjk(c) for c in stem)
            and not _NOT_A_STEM.search(stem))


def _is_collective(text: str, start: int) -> bool:
    """``各民主党派市委``: a body preceded in its clause by 各 is a collective reference."""
    clause = re.split(r"[，,、。；;：:“”\s]", text[max(0, start - 8):start])[-1]
    return "各" in clause


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of names found in one region's text."""
    found: list[tuple[int, int, str]] = []
    for m in _HEAD.finditer(text):
        if m.end() < len(text) and text[m.end()] in "军化":  # 集团军, 集团化: not a name
            continue
        start = _left_edge(text, m.start())
        kind = org_kind(text[start:m.end()])
        campus = _CAMPUS.match(text, m.end()) if kind == "university" else None
        if kind and _stem_ok(text[start:m.start()]):
            found.append((start, campus.end() if campus else m.end(), kind))
    for m in _NATIONAL_RE.finditer(text):
        found.append((m.start(), m.end(), org_kind(m.group()) or "government"))
    for m in _LOCAL_GOV.finditer(text):
        start = _left_edge(text, m.start("body"))
        prefix = text[start:m.start("body")]
        if (not prefix or prefix[-1] not in "省市区县州" or _is_collective(text, start)
                or _NOT_GOV_BODY.search(m.group("body"))):
            continue
        if len(prefix) == 1:
            if start > 0 and text[start - 1] in NOT_GOV_PREFIX:
                continue
        elif prefix in GENERIC_PLACES or prefix[0] in NOT_GOV_PREFIX:
            continue
        kind = "association" if m.group("body").endswith(_ASSOCIATION) else "government"
        found.append((start, m.end(), kind))
    for m in _ENUMERATION.finditer(text):
        kind = ENUM_HEADS[m.group("head")]
        items = _ENUM_ITEMS.search(text, max(0, m.start() - 120), m.start())
        if items is None:
            continue
        pos = items.start()
        for k, item in enumerate(items.group().split("、")):
            start, end = pos, pos + len(item)
            pos = end + 1
            if k == 0:
                start = max(start, _left_edge(text, end))
            item = text[start:end]
            if (m.group("head") == "项目" and _PROJECT_WORDS.search(item)) or _ACTIVITY.search(item):
                continue
            if len(item) >= 2 and not _PLACE_SUFFIX.search(item) and _stem_ok(item):
                found.append((start, end, org_kind(item) or kind))
    return found


def _resolve_overlaps(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping spans (重庆大学国家卓越工程师学院 over 重庆大学)."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(set(found), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


_LEGAL_FORM = re.compile(r"(?:[(（]集团[)）])?(?:集团)?(?:股份有限公司|有限责任公司|有限公司|股份公司)$")


def _short_names(name: str) -> list[str]:
    """The name without its legal form (潍柴动力股份有限公司 -> 潍柴动力): how news text refers to firms.

    Its standalone uses are mentions of a company of that name; the text does not say they are the
    same entity, so no alias is recorded (gold convention).
    """
    m = _LEGAL_FORM.search(name)
    if not m or m.start() < 4:
        return []
    stem = name[: m.start()]
    return [stem] if not _PLACE_RE.fullmatch(stem) else []


def _occurrences(joined: str, name: str) -> list[int]:
    found, at = [], joined.find(name)
    while at >= 0:
        found.append(at)
        at = joined.find(name, at + len(name))
    return found


def find_mentions(regions: list[Region], known: dict[str, str]
                  ) -> tuple[list[OrgMention], dict[str, str], list[list[tuple[int, int, str]]]]:
    """Organization mentions in headline/body regions, and the aliases the text defines.

    ``known`` maps names found elsewhere on the page (lead units, byline outlets) to kinds: their
    occurrences in the text are mentions too. Returns the mentions, alias -> name, and for each
    region the (start, end, name) spans it holds, for the metric extractor to skip.
    """
    per_region: list[list[tuple[int, int, str]]] = []
    names: dict[str, str] = dict(known)
    aliases: dict[str, str] = {}
    for region in regions:
        spans = _resolve_overlaps(_candidates(region.text))
        per_region.append(spans)
        for start, end, kind in spans:
            name = region.text[start:end]
            names.setdefault(name, kind)
            alias = _ALIAS.match(region.text, end)
            if alias and alias.group("alias") != name:
                aliases[alias.group("alias")] = name
    for name, kind in list(names.items()):
        if kind == "company":
            for stem in _short_names(name):
                names.setdefault(stem, "company")
    lookup = {**{n: n for n in names if len(n) >= 2}, **aliases}
    # every region in one string, so each name costs a few str.find calls, not one per region
    joined = "\x00".join(r.text for r in regions)
    starts = list(accumulate((len(r.text) + 1 for r in regions[:-1]), initial=0))
    taken = [list(spans) for spans in per_region]
    for written in sorted(lookup, key=len, reverse=True):
        for at in _occurrences(joined, written):
            k = bisect_right(starts, at) - 1
            text, start = regions[k].text, at - starts[k]
            end = start + len(written)
            if (all(end <= s or start >= e for s, e, _ in taken[k]) and not _is_collective(text, start)
                    and not _DEFINES_ALIAS.search(text, 0, start)):
                taken[k].append((start, end, names[lookup[written]]))
    mentions: list[OrgMention] = []
    region_names: list[list[tuple[int, int, str]]] = []
    for region, spans in zip(regions, taken, strict=True):
        named = []
        for start, end, kind in sorted(spans):
            written = region.text[start:end]
            name = lookup.get(written, written)
            named.append((start, end, name))
            page_start, page_end = region.page_span(start, end)
            mentions.append(OrgMention(name, names.get(name, kind), written, region.article_seq,
                                       "mentioned", page_start, page_end))
        region_names.append(named)
    return mentions, aliases, region_names
