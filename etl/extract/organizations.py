"""Named organizations in free text: companies, universities, institutes, parks, government bodies.

Rule based and offline. Names are found by their heads (legal-form suffixes such as 有限公司, 大学,
研究院, 园区; government abbreviations such as 市经信委; a lexicon of national bodies) and by
enumerations typed by a following noun (``中科光智、北京快鱼等30余个产业链项目``). The left edge of a
name is where a function word or verb ends (``记者在|重庆川仪精密机械有限公司``). Aliases are only the
ones the text defines (``(以下简称“川仪精密”)``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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
from etl.extract.text import Region, is_cjk, trie_pattern

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

#: The bodies' first characters, the commonest in news text first (counted on the test fixtures): the scan tries
#: a place holding one of them branch by branch, and most such places hold 人, 中, 公, 市, 工 or 国 and no body.
_NATIONAL_FIRST_BY_USE = "人中公市工国司全科生海外金商共交自民证应水农财教最文住审党"
_NATIONAL_RE = re.compile(trie_pattern(NATIONAL_BODIES, first=_NATIONAL_FIRST_BY_USE))
#: Whole-name checks are set lookups (the same as ``_NATIONAL_RE.fullmatch``).
_NATIONAL_SET = frozenset(NATIONAL_BODIES)

#: The CJK characters but the last characters of the two lazy bodies' heads (委局厅办), as ranges.
_CJK_NOT_GOV_END = r"[\u4e00-\u529d\u529f-\u5384\u5386-\u59d3\u59d5-\u5c3f\u5c41-\u9fff]"
#: A local body: a level of government (省市区县州) and a body after it. The two lazy bodies (…委员会, …局) try
#: every length up to 10, each a jump of the engine, at each 市 or 区 of the text (some 40 a page, most no
#: body): a lookahead first checks that a 委/局/厅/办 follows a run of CJK within that reach (the first such
#: character's position is the least length either could match at), so that they are tried only where one can match.
_LOCAL_BODY = (
    r"(?P<body>委员会|管委会|人大常委会|人大|政协|政府|纪委监委|纪委|工商联|总工会|妇联|科协|侨联|文联|委(?!员)|"
    # possessive: the run before the head is read once, without backtracking
    rf"(?=[\u4e00-\u9fff]{_CJK_NOT_GOV_END}{{0,9}}+[委局厅办])"
    r"(?:[\u4e00-\u9fff]{1,10}?委员会|[\u4e00-\u9fff]{1,10}?(?:委(?!员)|局|厅|办公室|办)))"
)
_LEVELS = "省市区县州"
_LOCAL_GOV = re.compile(f"[{_LEVELS}]{_LOCAL_BODY}")
#: _LOCAL_GOV for each level character: a pattern led by one character finds the next place to try at a few
#: instructions a character (the engine's literal loop), one led by a class of five tests each character with
#: the class (some 45): on a page where 市 and 区 occur (most), two such scans are the cheaper.
_LOCAL_GOV_AT = tuple((level, re.compile(level + _LOCAL_BODY)) for level in _LEVELS)
#: 局 also ends common words (格局, 布局...): such a body is not a government office.
_NOT_GOV_BODY = ("格局", "布局", "大局", "全局", "开局", "变局", "新局", "结局", "破局", "残局", "当局", "通办", "代办",
                 "承办", "举办", "创办", "主办", "协办", "督办", "交办", "开办", "申办", "筹办", "查办", "兴办", "好办",
                 "难办", "快办", "速办", "网上办", "掌上办")
#: Offices whose names end like one of those words (科技创新局 ends like 新局).
_GOV_BODY_LIKE_NOT = ("科技创新局",)
_LOCAL_GOV_NAME = re.compile(r"[\u4e00-\u9fff]{0,8}" + _LOCAL_GOV.pattern)
_KIND_BY_HEAD = ((_PARTNERSHIP, "partnership"), (_COMPANY, "company"), (_GOV_HEAD, "government"),
                 (_INSTITUTE, "research_institute"), (_UNIVERSITY, "university"), (_PARK, "industrial_park"),
                 (_ASSOCIATION, "association"))
_PLACE_RE = re.compile(trie_pattern(PLACE_PREFIXES))
#: A stop word or a stop character (the longest at a position, as single characters are words of one).
_STOP_RE = re.compile(trie_pattern((*STOP_WORDS, *STOP_CHARS)))
#: The run of name characters (CJK, ASCII letters and digits, short parenthesised words) before a head,
#: read backwards from the head in the reversed text: one anchored match instead of a search that tries
#: every start position up to the head. Reading back is unambiguous (a ``)`` can only close a group).
#: The leading line feed: a run may end before one, as ``$`` in a forward search matches there.
#: The inner run is possessive (nothing after the group can fail, so the engine never backtracks into it: the
#: same match, without the saved backtracking points).
_NAME_RUN_BACK = re.compile(r"\n?(?:[\u4e00-\u9fffA-Za-z0-9]++|[)）][\u4e00-\u9fff]{1,6}[(（])+")
#: A stem that is only a time word or only industry words is not a name (一季度公司, 科技公司, 汽车、医药等企业,
#: 新能源材料产业园: a name needs a word of its own), nor one without a CJK character (text.is_cjk). One match
#: at the stem's start (with the line feed ``$`` may stand before).
_TIME_STEMS = "一季度 二季度 三季度 四季度 今年 去年 上半年 下半年 近期 目前 当前 全年 每年 每月 每天".split()
_INDUSTRY_STEMS = (
    "科技 技术 投资 发展 贸易 实业 咨询 管理 服务 信息 网络 文化 传媒 物流 建设 能源 汽车 医药 商业 办公 集成电路 电子 "
    "电子信息 化工 材料 新材料 新能源 装备 制造 金融 文旅 农业 食品 纺织 钢铁 建材 生物 生物医药 医疗 软件 互联网 "
    "人工智能 数字经济 半导体 光伏 储能 航空 航天 船舶 智能 智能终端 智能装备 融资租赁 保险 证券 基金 担保 小额贷款 "
    "石化 电商 跨境电商"
).split()
_NOT_A_STEM = re.compile(
    "(?:" + "|".join(_TIME_STEMS) + r"|[0-9]+年|[0-9]+月)|(?:" + "|".join(_INDUSTRY_STEMS) + ")+$|"
    r"[^\u4e00-\u9fff\u3400-\u4dbf]*\Z"
)
#: Industry words only (新能源材料): an enumeration's item that is an industry, not a firm.
_INDUSTRY_WORDS = re.compile("(?:" + trie_pattern(_INDUSTRY_STEMS) + ")+$")
#: The CJK characters a stem _NOT_A_STEM matches can start with (any other starts with a digit or is not CJK):
#: a stem starting with another CJK character skips the match.
_NOT_A_STEM_FIRST = frozenset(word[0] for word in (*_TIME_STEMS, *_INDUSTRY_STEMS))
_INDUSTRY_END = tuple(w + lf for lf in ("", "\n") for w in ("产业", "行业", "领域"))
#: Items of an enumeration headed by 项目 that name works, not firms (成渝中线高铁).
_PROJECT_WORDS = ("高铁", "铁路", "公路", "高速", "机场", "港", "码头", "工程", "项目", "线", "桥", "站", "基地",
                  "中心", "馆", "城", "厂房", "大道")
#: Enumerated industry segments, not firms (芯片设计、晶圆制造、封装测试等企业).
_ACTIVITY = ("设计", "制造", "测试", "研发", "生产", "封装", "服务", "加工", "销售", "运营", "物流", "制作", "维修",
             "开发")
_ENUMERATION = re.compile(
    r"等(?:[\d一二三四五六七八九十百千]+余?[家个所]?)?[\u4e00-\u9fff]{0,6}?(?P<head>"
    + "|".join(sorted(ENUM_HEADS, key=len, reverse=True)) + ")"
)
#: One item of an enumeration, read back from its end in the reversed text (13: longer than an item).
_ITEM_BACK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{0,13}")
_PLACE_SUFFIX = ("区", "县", "市", "省", "镇", "乡", "村", "街道", "地", "国")
#: A definition may share its parentheses with other notes, before or after it, separated by a comma or a
#: semicolon: ``（以下简称“华曙新材”，688572.SH）``, ``（股票代码：600000，以下简称“X”）``.
_ALIAS = re.compile(r"[(（](?:[^()（）]{0,30}?[，,；;])?\s*(?:以下简称|下称|以下称|简称)\s*[“\"‘']?"
                    r"(?P<alias>[^”\"’'()（）、，,；;]{1,20}?)[”\"’']?\s*(?:[，,；;][^()（）]{0,30})?[)）]")
#: The words just before an alias inside its own definition: ``(以下简称“`` + alias.
_DEFINES_ALIAS = re.compile(r"(?:简称|下称)\s*[“\"‘']?$")
_HEAD_WORDS = sorted({*_PARTNERSHIP, *_COMPANY, *_UNIVERSITY, *_INSTITUTE, *_PARK, *_GOV_HEAD, *_ASSOCIATION_HEAD},
                     key=len, reverse=True)
_HEAD = re.compile(trie_pattern(_HEAD_WORDS))
#: A national body's office in a place (宁波监管局, 四川调查总队, 上海分局): the place, a few words, the office.
_NATIONAL_OFFICE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:监管局|监管分局|调查总队|调查队|分局|特派办|管理局)")
#: A department of a national body (教育部高校学生司, 海关总署统计分析司): 2-8 characters ending in 司.
_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2,8}?司")
_GENERIC_DEPARTMENT = re.compile(r"有关|相关|各|等|的|和|与|及|下属|所属|旗下")
_MAX_NAME = 30
#: A campus in parentheses belongs to a university's name: 中国石油大学（华东）.
_CAMPUS = re.compile(r"[(（][\u4e00-\u9fff]{2,4}[)）]")
_CAMPUS_AT_END = re.compile(_CAMPUS.pattern + "$")


def _kinds_by_head_word() -> dict[str, str]:
    """The kind ``org_kind`` gives any name ending in a head word, for the head words that decide it alone:
    no national body ends in the word, and no longer word ending in it is checked before it."""
    kinds: dict[str, str] = {}
    for head in _HEAD_WORDS:
        if any(body.endswith(head) for body in NATIONAL_BODIES):
            continue
        for heads, kind in _KIND_BY_HEAD:
            if head.endswith(heads):
                kinds[head] = kind
                break
            if any(len(word) > len(head) and word.endswith(head) for word in heads):
                break  # the characters before the head word decide
    return kinds


def org_kind(name: str) -> str | None:
    """The organization kind a name's head implies (gold conventions), or None if none does."""
    if name in _NATIONAL_SET:
        return "association" if name.endswith(_ASSOCIATION) else "government"
    # first match wins: a legal form beats 研究院 (…研究院有限公司 is a company), 研究院 beats 学院
    for heads, kind in _KIND_BY_HEAD:
        if name.endswith(heads):
            return kind
    if _LOCAL_GOV_NAME.fullmatch(name):
        return "government"
    if name.endswith((")", "）")):  # a university's campus: 哈尔滨工业大学（深圳）
        campus = _CAMPUS_AT_END.search(name)
        if campus and name[:campus.start()].endswith(_UNIVERSITY):
            return "university"
    return "other" if name.endswith(_OTHER_ORG) else None


_KIND_OF_HEAD = _kinds_by_head_word()
#: The kind of each national body, as the scan gives it (a closed list: computed once, not per match).
_NATIONAL_KIND = {body: org_kind(body) or "government" for body in NATIONAL_BODIES}


def crosses_name(before: str, after: str) -> bool:
    """Whether an organization head spans the end of ``before`` and the start of ``after``
    (中国汽 | 车工业协会): then the two lines are one paragraph cut by a column break."""
    tail = before[-12:]
    joined = tail + after[:12]
    return any(m.start() < len(tail) < m.end() for p in (_HEAD, _LOCAL_GOV) for m in p.finditer(joined))


def looks_like_org_name(name: str) -> bool:
    """Whether a delimited phrase (a list's lead unit) reads as an organization name."""
    return len(name) >= 2 and org_kind(name) is not None


#: One mention as a plain tuple (a page has some 40; page.py unpacks them straight into its rows):
#: (name, kind, text as written: the name or an alias, article_seq, role, start, end), start and end page offsets.
OrgMention = tuple[str, str, str, int, str, int, int]


def _left_edge(text: str, back: str, head_start: int) -> int:
    """Where a name ending in a head word at ``head_start`` begins (``back`` is ``text`` reversed)."""
    size = len(text)
    # the run back from the head, at most _MAX_NAME characters (an endpos past the end is the end)
    run = _NAME_RUN_BACK.match(back, size - head_start, size - head_start + _MAX_NAME)
    if run is None:
        return head_start
    cut = size - run.end()
    # stop words, left to right from the run's start (one search each: most runs have none)
    stop = _STOP_RE.search(text, cut, head_start)
    if stop is None:
        return cut
    cuts = [cut]
    while stop is not None:
        at, after = stop.span()
        stop = _STOP_RE.search(text, after, head_start)
        if after - at == 1:
            if text[at - 1:after] in PROTECTED_WORDS or text[at:after + 1] in PROTECTED_WORDS:
                continue  # 自由贸易, 同济大学: the character is part of a word, not a function word
            if text[at] in "与和及":
                before = text[cut:at]
                if _conjoined_name(before) or _university_unit(before, text, after, head_start):
                    continue  # 中国科学院苏州纳米技术与纳米仿生研究所, 东北大学材料科学与工程学院: 与 inside one name
            place = None
        else:
            place = _PLACE_RE.search(text, cut, at) if text[at:after] in WEAK_STOPS else None
        cut = place.start() if place else after
        cuts.append(cut)
    # the rightmost cut that leaves a real stem: 投资建设|集团 is a name, not 投资建设 + 集团
    for cut in reversed(cuts):
        if not text.startswith(_NOT_A_NAME_START, cut, head_start):
            return cut
    return cuts[-1]


#: The heads of a university's colleges and institutes, whose names join two disciplines (材料科学与工程学院).
_UNIT_HEADS = ("学院", "研究院", "研究所", "研究中心", "实验室")
#: The second discipline of such a name (经济与管理学院, 计算机科学与技术学院, 新闻与传播学院); the first may
#: also be a 科学 (机器人科学与…).
_DISCIPLINE_END = ("工程", "技术", "管理", "传播", "化工", "政策", "文化", "艺术", "交通", "设计", "信息", "科学",
                   "运载", "动力", "能源", "环境", "材料", "控制", "通信", "电子", "经济", "金融", "贸易", "统计",
                   "物理", "化学", "生物", "医学", "健康", "安全", "资源", "建筑", "航天", "航空", "智能", "数据",
                   "软件", "自动化", "机械", "电气", "法学", "教育", "体育", "新闻", "社会", "计算", "应用", "制造")


def _university_unit(before: str, text: str, after: int, head_start: int) -> bool:
    """Whether a 与/和/及 ending ``before`` joins two disciplines in the name of a university's unit:
    ``before`` is a university and then the first discipline (东北大学机器人科学), and what follows up to the
    head (``text[after:head_start]``) is the second one. Either is a discipline word, so that a team or a
    campus and a lab (清华大学团队与鹏城实验室, 哈尔滨工业大学（深圳）与鹏城实验室) stay two names."""
    k = before.find("大学")
    if not 2 <= k <= len(before) - 4 or head_start - after > 6 or not text.startswith(_UNIT_HEADS, head_start):
        return False
    second = text[after:head_start]
    return (before.endswith("科学") or second.endswith(_DISCIPLINE_END)) and all(map(is_cjk, before[k + 2:])) \
        and "大学" not in second and _STOP_RE.search(text, after, head_start) is None


#: A name does not start with its own legal form: a cut before one of these is not the left edge.
_NOT_A_NAME_START = ("集团", "公司", "股份", "有限", "控股")


def _conjoined_name(before: str) -> bool:
    """Whether the words before a 与/和/及 open a name that goes on past it: they start with a place
    or a national body but are not a whole organization themselves (市经信委与市科技局 are two)."""
    return bool(before) and bool(_PLACE_RE.match(before) or _NATIONAL_RE.match(before)) \
        and org_kind(before) is None and before not in _NATIONAL_SET


#: GENERIC_STEMS by first character: a startswith check on the few that can match, not on all of them.
_GENERIC_BY_FIRST = {first: tuple(s for s in GENERIC_STEMS if s[0] == first) for first in {s[0] for s in GENERIC_STEMS}}


def _industry_body(stem: str) -> bool:
    """A place's industry (深圳市半导体行业): the stem of a trade association (…行业协会), not a generic word."""
    return stem.endswith(_INDUSTRY_END) and _PLACE_RE.match(stem) is not None and _stem_ok(stem[:-2])


def _stem_ok(stem: str) -> bool:
    if len(stem) < 2:
        return False
    first = stem[0]
    if stem.startswith(_GENERIC_BY_FIRST.get(first, ())) or stem.endswith(_INDUSTRY_END):
        return False
    if (first in _NOT_A_STEM_FIRST or not "\u4e00" <= first <= "\u9fff") and _NOT_A_STEM.match(stem):
        return False
    return _COUNTED.search(stem) is None


#: A count or share inside a stem (科创板586家上市|公司, 超过七成|公司, 有38家|公司): a quantity of firms,
#: not a name. Numerals without a classifier stay (三一重工, 58同城). Only whether there is one matters, so the
#: numeral before the classifier is its last digit: ``(?:[0-9０-９]+|[一...万]+)(?:余|多)?[家...]`` matches where
#: this does, and this starts with a character class, which the engine skips to at C speed (a pattern
#: starting with an alternation of runs is tried at every position). A share of the group at the stem's end
#: (逾半数|公司, 大多数|企业, 过半, 近半, 部分) is some of the firms too: the same class holds its first characters,
#: and a lookbehind tells which branch the character found may start.
_COUNTED = re.compile(
    r"[0-9０-９一二两三四五六七八九十百千万半多少过近部](?:(?<=[0-9０-９一二两三四五六七八九十百千万])(?:余|多)?"
    r"[家个所成批只名]|(?<=[半多少])数$|(?<=[过近])半$|(?<=部)分$)")
#: The last characters of words that put a time or a market before a bare 公司 or 银行 (发行前公司, 科创板公司,
#: 辖内银行), and the words that make it a kind of firm (上市公司, 国有银行).
_NOT_A_FIRM_STEM_END = ("前", "后", "时", "中", "板", "内", "外", "上市", "国有", "民营", "外资", "本地", "当地",
                        "股份制")


#: What may follow a head that is no name's end: 军化生 and the characters a number starts with; a count
#: after a head that ends its clause (产业园2个。).
_AFTER_NO_NAME = frozenset("军化生0123456789０１２３４５６７８９一二两三四五六七八九十百千万")
_COUNT_ENDS_CLAUSE = re.compile(
    r"[0-9０-９一二两三四五六七八九十百千万]+(?:余|多)?[个家所座处批](?:[，,。；;、！!？?\x00\n]|$)")
#: What ends a clause for _is_collective; the NUL that joins a page's regions ends one too.
_CLAUSE_BREAK = re.compile(r"[，,、。；;：:“”\s\x00]")


def _is_collective(text: str, start: int) -> bool:
    """``各民主党派市委``: a body preceded in its clause by 各 is a collective reference."""
    if text.find("各", max(0, start - 8), start) < 0:  # the usual case, without splitting the clause
        return False
    window = text[max(0, start - 8):start]
    clause = _CLAUSE_BREAK.split(window)[-1]
    return "各" in clause


def _local_bodies(text: str) -> list[re.Match[str]]:
    """The matches of ``_LOCAL_GOV`` in ``text`` that a search loop from its start gives (each from the end of
    the one before), from the scans of _LOCAL_GOV_AT of the level characters the text holds."""
    scans = [scan for level, scan in _LOCAL_GOV_AT if level in text]
    if len(scans) < 2:
        return list(scans[0].finditer(text)) if scans else []
    # the next match of each scan: the leftmost is the next of _LOCAL_GOV; the scans whose next match starts
    # before its end search again from there (matches of different levels start at different places)
    ahead = [(m.start(), k, m) for k, scan in enumerate(scans) if (m := scan.search(text)) is not None]
    found: list[re.Match[str]] = []
    while ahead:
        ahead.sort()
        m = ahead[0][2]
        found.append(m)
        pos = m.end()
        rest = []
        for start, k, n in ahead:
            if start < pos:
                n = scans[k].search(text, pos)
                if n is None:
                    continue
                start = n.start()
            rest.append((start, k, n))
        ahead = rest
    return found


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of names found in one region's text, or in a page's regions joined by NUL.

    A NUL is no name character: no head, national body, local body, name run, stop word, item or
    campus matches across it, so the regions joined give the same spans as each region alone (shifted),
    for one scan per page instead of one per region. The checks that look back past a name's start
    stop at it (_is_collective's clause, _enum_items' ``lo``).

    Each scan is a loop of searches from the last match's end (what finditer does, without building a
    scanner); the next match is found first, so a ``continue`` cannot skip it.
    """
    found: list[tuple[int, int, str]] = []
    groups: dict[int, int] = {}  # end -> start of the names found with the head 集团
    back = text[::-1]  # for _left_edge, reversed once (per page)
    size = len(text)
    m = _HEAD.search(text)
    while m is not None:
        head_start, head_end = m.span()
        head = m.group()
        m = _HEAD.search(text, head_end)
        # 集团军, 集团化, 大学生: not a name; 建成跨境电商产业园2个。: a common noun counted, not a name
        # (one set lookup for both: a character follows almost every head)
        if head_end < size and text[head_end] in _AFTER_NO_NAME and (
                text[head_end] in "军化生" or _COUNT_ENDS_CLAUSE.match(text, head_end)):
            continue
        start = _left_edge(text, back, head_start)
        kind = _KIND_OF_HEAD.get(head) or org_kind(text[start:head_end])
        if start in groups and kind == "company":
            start = groups[start]  # 三峡集团|福建能源投资有限公司: a subsidiary named after its group
        stem = text[start:head_start]
        if head in ("公司", "银行") and stem.endswith(_NOT_A_FIRM_STEM_END):
            continue  # 发行前公司, 科创板公司, 境内外上市公司, 辖内银行: a kind of firm, not a firm's name
        if not stem and head in _ASSOCIATION_HEAD and text.endswith(("公司", "企业"), 0, head_start):
            # 宁波市上市公司协会: the firms a trade association gathers, after a place
            start = _left_edge(text, back, head_start - 2)
            stem = text[start:head_start]
            if _PLACE_RE.match(stem) is None:
                continue
            found.append((start, head_end, kind))
            continue
        if kind and (_stem_ok(stem) or (head in _ASSOCIATION_HEAD and _industry_body(stem))):
            campus = _CAMPUS.match(text, head_end) if kind == "university" else None
            found.append((start, campus.end() if campus else head_end, kind))
            if head == "集团":
                groups[head_end] = start
    m = _NATIONAL_RE.search(text)
    while m is not None:
        end = m.end()
        department = _DEPARTMENT.match(text, end) if "司" in text[end:end + 9] else None
        if department and not department.group().endswith("公司") and not _GENERIC_DEPARTMENT.search(
                department.group()):
            found.append((m.start(), department.end(), "government"))
        found.append((m.start(), end, _NATIONAL_KIND[m.group()]))
        office = _NATIONAL_OFFICE.match(text, end)
        if office and _PLACE_RE.match(text, end):  # 国家金融监督管理总局|宁波监管局: its office in a place
            found.append((m.start(), office.end(), _NATIONAL_KIND[m.group()]))
        m = _NATIONAL_RE.search(text, end)
    for m in _local_bodies(text):
        body_start, body_end = m.span("body")
        body = m.group("body")
        if body.endswith(_NOT_GOV_BODY) and not body.endswith(_GOV_BODY_LIKE_NOT):  # CJK only: endswith is ``$``
            continue  # (checked before the left edge, which it does not depend on)
        start = _left_edge(text, back, body_start)
        prefix = text[start:body_start]
        if not prefix or prefix[-1] not in "省市区县州" or _is_collective(text, start):
            continue
        if len(prefix) == 1:
            if start > 0 and text[start - 1] in NOT_GOV_PREFIX:
                continue
        elif prefix in GENERIC_PLACES or prefix[0] in NOT_GOV_PREFIX:
            continue
        kind = "association" if body.endswith(_ASSOCIATION) else "government"
        found.append((start, body_end, kind))
    found += _hospitals(text, back)
    found += _branches(text, back, found)
    if "等" in text:  # every enumeration has one
        for m in _ENUMERATION.finditer(text):
            if "的" in m.group():
                continue  # 德国、日本等15个国家和地区的企业: the items are where the firms come from
            head = m.group("head")
            kind = ENUM_HEADS[head]
            hi = m.start()
            lo = max(0, hi - 120)
            items = _enum_items(text, back, max(lo, text.rfind("\x00", lo, hi) + 1), hi)  # in its region
            if items is None:
                continue
            pos, items_end = items
            named: list[tuple[int, int, str]] = []
            for k, item in enumerate(text[pos:items_end].split("、")):
                start, end = pos, pos + len(item)
                pos = end + 1
                if k == 0:
                    start = max(start, _left_edge(text, back, end))
                item = text[start:end]
                # items are name characters only: endswith is the same as a ``$`` search
                if item.endswith(_ACTIVITY) or (item[:1] in _NOT_A_STEM_FIRST and _INDUSTRY_WORDS.match(item)):
                    # 石化、新能源材料、装备制造等产业链企业: an industry among the items makes them all industries
                    # (集聚石化 is the verb and the first of them), not firms
                    break
                if head == "项目" and item.endswith(_PROJECT_WORDS):
                    continue
                if len(item) >= 2 and not item.endswith(_PLACE_SUFFIX) and _stem_ok(item):
                    named.append((start, end, org_kind(item) or kind))
            else:
                found += named
    return found


#: A hospital's name starts with a place, a level of government or its university (北京协和医院, 市人民医院,
#: 重庆大学附属肿瘤医院): one with another stem is a kind of hospital (定点医院, 公立医院), not a name.
_HOSPITAL_STEM = re.compile(rf"{_PLACE_RE.pattern}|[省市区县]|[\u4e00-\u9fff]{{2,12}}(?:大学|学院)")
#: The heads of a branch, named after its firm or bank (华为技术有限公司重庆分公司, 中国人民银行重庆市分行).
_BRANCH_HEADS = ("分公司", "分行", "支行")


def _hospitals(text: str, back: str) -> list[tuple[int, int, str]]:
    """(start, end, "other") of the hospitals named in ``text``."""
    found = []
    for at in _find_all(text, "医院"):
        start = _left_edge(text, back, at)
        stem = text[start:at]
        if len(stem) >= 2 and _HOSPITAL_STEM.match(stem) and _stem_ok(stem) and stem not in GENERIC_PLACES:
            found.append((start, at + 2, "other"))
    return found


def _branches(text: str, back: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the branches named in ``text``: from the name of the firm or bank they belong to
    (a company span ``found`` ends where the branch's own words start) to the branch head. A branch of a
    national body (中国人民银行重庆市分行) is of the body's kind."""
    # a literal search for each head (a pattern led by their alternation would test every character of the page)
    heads = sorted((at, head) for head in _BRANCH_HEADS for at in _find_all(text, head))
    if not heads:
        return []
    ends = {end: start for start, end, kind in found if kind == "company"}
    branches = []
    for at, head in heads:
        if head == "分行" and text.startswith("业", at + 2):
            continue  # 分行业看, 大部分行业: 分 + 行业
        start = _left_edge(text, back, at)
        if start in ends:  # 华为技术有限公司|重庆分公司: the left edge stopped at the firm's legal form
            start = ends[start]
        elif not _stem_ok(text[start:at]):
            continue
        national = _NATIONAL_RE.match(text, start)
        branches.append((start, at + len(head), _NATIONAL_KIND[national.group()] if national else "company"))
    return branches


def _find_all(text: str, word: str) -> list[int]:
    """Where ``word`` occurs in ``text``, left to right (occurrences do not overlap)."""
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


def _enum_items(text: str, back: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The span of the enumeration ending at ``hi`` and starting at ``lo`` or later: up to 9 items of 2-12
    name characters joined by 、 (``中科光智、北京快鱼|等``), as the leftmost match of
    ``(?:[CJK/ASCII]{2,12}、){0,8}[CJK/ASCII]{2,12}$`` in ``text[lo:hi]`` would give it.

    Read back from ``hi`` an item at a time (``back`` is ``text`` reversed): that search tries every
    start position with backtracking (some 25 µs); this takes a match per item. The leftmost start
    takes as many items as fit: each but the first is a whole run of name characters between two
    、, the first is its run's last 12 characters at most.
    """
    size = len(text)
    end = hi - 1 if hi > lo and text[hi - 1] == "\n" else hi  # ``$`` also matches before a final line feed
    item_end = end
    for count in range(1, 10):
        run = len(_ITEM_BACK.match(back, size - item_end, size - lo).group())  # at most 13
        if run < 2:  # no item here: the items are the ones after the 、 at item_end, if any
            return (item_end + 1, end) if count > 1 else None
        sep = item_end - run - 1
        if count == 9 or run > 12 or sep < lo or text[sep] != "、":
            return item_end - min(run, 12), end
        item_end = sep
    raise AssertionError("unreachable: the ninth item returns")


def _resolve_overlaps(found: list[tuple[int, int, str]]
                      ) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
    """Keep the longest of overlapping spans (重庆大学国家卓越工程师学院 over 重庆大学); with the kept
    spans, their starts and their ends (what find_mentions checks later names against), sorted.

    Longest first, a span is kept unless it overlaps one kept before. Whether it does depends only on the
    spans of its cluster (a maximal run of spans, by start, each starting before the ones before it end),
    and most clusters are one span (a page has some 38 spans and 3 overlaps): those are kept as they are,
    and only the others are ranked.
    """
    kept: list[tuple[int, int, str]] = []
    spans = sorted(found)
    size = len(spans)
    i = 0
    while i < size:
        span = spans[i]
        cluster_end = span[1]
        j = i + 1
        while j < size and spans[j][0] < cluster_end:
            cluster_end = max(cluster_end, spans[j][1])
            j += 1
        if j == i + 1:
            kept.append(span)
        else:
            # the kept spans are disjoint and sorted by start, so their ends are sorted too: a span overlaps
            # one iff the last kept span starting before its end ends after its start
            group: list[tuple[int, int, str]] = []
            starts: list[int] = []
            ends: list[int] = []
            for span in sorted(set(spans[i:j]), key=_longest_first):
                start, end, _ = span
                k = bisect_left(starts, end)
                if not k or ends[k - 1] <= start:
                    group.insert(k, span)
                    starts.insert(k, start)
                    ends.insert(k, end)
            kept += group
        i = j
    # sorted: the spans are disjoint and not empty, so no two start at one place
    return kept, [span[0] for span in kept], [span[1] for span in kept]


def _longest_first(span: tuple[int, int, str]) -> tuple[int, int]:
    return span[0] - span[1], span[0]


_LEGAL_FORM = re.compile(r"(?:[(（]集团[)）])?(?:集团)?(?:股份有限公司|有限责任公司|有限公司|股份公司)$")
#: The longest legal form (``(集团)集团股份有限公司``) and a line feed ``$`` may stand before.
_LEGAL_FORM_MAX = 13


def _short_name(name: str) -> str | None:
    """The name without its legal form (潍柴动力股份有限公司 -> 潍柴动力): how news text refers to firms.

    Its standalone uses are mentions of a company of that name; the text does not say they are the
    same entity, so no alias is recorded (gold convention). Memoized by name (a closed vocabulary:
    the same firms recur on every page of a paper), in a dict cleared when it grows large.
    """
    try:
        return _SHORT_NAME[name]
    except KeyError:
        pass
    if len(_SHORT_NAME) >= _SHORT_NAME_MAX:
        _SHORT_NAME.clear()
    # a match is at most _LEGAL_FORM_MAX long, so the search need not try the positions before that
    m = _LEGAL_FORM.search(name, max(0, len(name) - _LEGAL_FORM_MAX))
    stem = name[: m.start()] if m and m.start() >= 4 else None
    if stem is not None and (_PLACE_RE.fullmatch(stem) or stem.endswith(_PLACE_STEM_END)):
        stem = None
    _SHORT_NAME[name] = stem
    return stem


#: The ends of a stem that names a place (北部湾港股份有限公司 runs 北部湾港, 苏州工业园区…): standalone, the
#: stem is the port, airport or zone. Not 市 (永辉超市) nor 地 (华润置地), which end firms' short names too.
_PLACE_STEM_END = ("港", "机场", "口岸", "区", "县", "镇", "乡")
_SHORT_NAME: dict[str, str | None] = {}
_SHORT_NAME_MAX = 65536


def _defines_alias(text: str, start: int) -> bool:
    """Whether ``text[start:]`` is an alias inside its own definition (``(以下简称“`` before it)."""
    # the definition's 称 is the last one before the alias, in its region (after the NUL before it, if any)
    at = text.rfind("称", text.rfind("\x00", 0, start) + 1, start)
    return at > 0 and _DEFINES_ALIAS.match(text, at - 1, start) is not None


def find_mentions(regions: list[Region], known: dict[str, str]
                  ) -> tuple[list[OrgMention], dict[str, str], list[list[tuple[int, int, str]]]]:
    """Organization mentions in headline/body regions, and the aliases the text defines.

    ``known`` maps names found elsewhere on the page (lead units, byline outlets) to kinds: their
    occurrences in the text are mentions too. Returns the mentions, alias -> name, and for each
    region the (start, end, name) spans it holds, for the metric extractor to skip.

    The regions are read as one string, joined by NUL (see _candidates): each scan and each known
    name's search runs once per page, and the spans are mapped back to their regions at the end.
    """
    joined = "\x00".join([r.text for r in regions])
    # the spans (offsets in ``joined``), their starts and their ends: disjoint and sorted by start (so their
    # ends are sorted too), and an occurrence overlaps one iff the last span starting before its end ends
    # after its start
    spans, span_starts, span_ends = _resolve_overlaps(_candidates(joined))
    names: dict[str, str] = dict(known)
    aliases: dict[str, str] = {}
    for start, end, kind in spans:
        name = joined[start:end]
        names.setdefault(name, kind)
        if joined.startswith(("(", "（"), end):
            region_end = joined.find("\x00", end)  # the definition is read in the name's region
            alias = _ALIAS.match(joined, end, len(joined) if region_end < 0 else region_end)
            if alias and alias.group("alias") != name:
                aliases[alias.group("alias")] = name
    for name, kind in list(names.items()):
        if kind == "company" and "公司" in name[-3:]:  # every legal form ends in 公司
            stem = _short_name(name)
            if stem is not None:
                names.setdefault(stem, "company")
    lookup = {**{n: n for n in names if len(n) >= 2}, **aliases}
    # most occurrences are of a name found there (a span is not empty, so an occurrence starting where one
    # does overlaps it), and a set lookup skips them
    taken_at = set(span_starts)
    find = joined.find
    for written in sorted(lookup, key=len, reverse=True):
        at = find(written)
        if at < 0:
            continue
        size = len(written)
        while at >= 0:
            if at not in taken_at:
                end = at + size
                i = bisect_left(span_starts, end)
                # a name holds no NUL, so the occurrence and the spans it may overlap are in one region, and
                # _is_collective and _defines_alias do not look past its start
                if (not i or span_ends[i - 1] <= at) and not _is_collective(joined, at) \
                        and not _defines_alias(joined, at):
                    spans.insert(i, (at, end, names[lookup[written]]))
                    span_starts.insert(i, at)
                    span_ends.insert(i, end)
                    taken_at.add(at)
            at = find(written, at + size)
    mentions: list[OrgMention] = []
    append = mentions.append
    region_names: list[list[tuple[int, int, str]]] = [[] for _ in regions]
    # where each region starts in ``joined``; the spans are sorted, so a span past the current region's
    # end (``next_at``) is the first of a later region
    region_at = list(accumulate((len(r.text) + 1 for r in regions), initial=0))
    next_at = base = shift = 0
    offsets: list[int] = []
    ascending = False
    named: list[tuple[int, int, str]] = []
    for start, end, kind in spans:
        if start >= next_at:
            k = bisect_right(region_at, start) - 1
            base, next_at = region_at[k], region_at[k + 1]
            region = regions[k]
            pieces, seq, named = region.pieces, region.article_seq, region_names[k]
            # Region.page_span without its scan of the pieces: a fixed shift for one piece (a title, most
            # paragraphs), else bisection over the pieces' text offsets when they ascend (they do)
            shift = pieces[0][1] - pieces[0][0] if len(pieces) == 1 else None
            offsets = [at for at, _ in pieces] if shift is None else []
            ascending = shift is None and offsets == sorted(offsets)
        written = joined[start:end]
        name = lookup.get(written, written)
        start -= base
        end -= base
        named.append((start, end, name))
        if shift is not None:
            page_start, page_end = start + shift, end + shift
        elif ascending:
            text_at, page_at = pieces[max(0, bisect_right(offsets, start) - 1)]
            page_start = page_at + start - text_at
            text_at, page_at = pieces[max(0, bisect_right(offsets, end - 1) - 1)]
            page_end = page_at + end - text_at
        else:
            page_start, page_end = region.page_span(start, end)
        append((name, names.get(name, kind), written, seq, "mentioned", page_start, page_end))
    return mentions, aliases, region_names
