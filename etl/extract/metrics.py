"""Quantities an analyst wants from news text: money, shares, areas, counts, capacities, durations.

A metric is a number with a unit (``121.97亿元``, ``30余个``, ``60台/年``, ``三千万元``, ``百分之十二``)
and the qualifier words around it (约, 超, 以上...). Numbers without a unit, dates, years, ordinals
(第三轮), list markers, slogans in short quotes (“33618”), model names (CFM56-5B/7B) and numerals
inside names are not metrics. Measure, subject and period are read from the clause; a period is only
ever a time expression the sentence states, else NULL.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from etl.extract.numerals import MULTIPLIERS, arabic_to_decimal, chinese_to_decimal
from etl.extract.text import Region, trie_pattern

# A number is its first character and a tail. The metric scan consumes the first character with a plain
# character class and then matches the tail (see ``_METRIC``), so both spellings are built from these parts.
# Optional parts are written ``(?:x|)``, not ``(?:x)?``, and ``x(?:x)*``, not ``(?:x)+``: the regex engine
# runs a repeated group through its slow generic repeat, an alternation with an empty last branch it does not
# (both try the same candidates in the same order, so they match the same text).
_AR_FIRST = "0-9０-９"
_CN_FIRST = "一二两三四五六七八九十百千万"
_AR_TAIL = r"[0-9０-９]{0,2},[0-9]{3}(?:,[0-9]{3})*(?:\.[0-9]+|)|[0-9０-９]*(?:[.．][0-9０-９]+|)"
_CN_TAIL_CHARS = "零〇一二两三四五六七八九十百千万亿点"
_CN_TAIL = r"[零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+[万亿]?|)"
_AR = rf"[{_AR_FIRST}](?:{_AR_TAIL})"  # 1,200 / 121.97 / full-width digits
# The same tail with possessive digit runs (``*+``: the engine gives back none of their digits): what follows
# a run never starts with a digit (a comma, a point, a multiplier, a unit), so a shorter run never leads to a match,
# and the scan of a number with no unit (2024-05, “85”) fails without trying each of them.
_AR_TAIL_SCAN = r"[0-9０-９]{0,2}+,[0-9]{3}(?:,[0-9]{3})*(?:\.[0-9]++|)|[0-9０-９]*+(?:[.．][0-9０-９]++|)"
_CN = rf"[{_CN_FIRST}]{_CN_TAIL}"  # 三千万, 两亿, 一点五亿
_PRE = {"大约": "approx", "约为": "approx", "约": "approx", "超过": "over", "超出": "over", "超": "over",
        "突破": "over", "逾": "over", "将近": "at_most", "接近": "at_most", "近": "at_most",
        "不到": "at_most", "不足": "at_most",
        # a bound stated as a negation reverses the word it negates: 不超过1亿元 is at most 1亿元
        "不超过": "at_most", "不高于": "at_most", "不多于": "at_most", "不低于": "at_least", "不少于": "at_least"}
_POST = {"以上": "at_least", "以下": "at_most", "左右": "approx", "上下": "approx", "多": "over"}
_INFIX = {"余": "over", "多": "over"}

_ONE = Decimal(1)  # factor of most units: shared, so that rows test it by identity
# unit as written -> (base unit, factor to the base unit)
_UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("CNY", _ONE), "美元": ("USD", _ONE), "欧元": ("EUR", _ONE),
    "港元": ("HKD", _ONE), "日元": ("JPY", _ONE),
    "%": ("percent", _ONE), "％": ("percent", _ONE), "个百分点": ("percent", _ONE),
    "平方米": ("square_meter", _ONE), "平米": ("square_meter", _ONE),
    "㎡": ("square_meter", _ONE), "平方公里": ("square_meter", Decimal(10) ** 6),
    "平方千米": ("square_meter", Decimal(10) ** 6), "公顷": ("square_meter", Decimal(10) ** 4),
    "亩": ("mu", _ONE), "吨": ("ton", _ONE), "公斤": ("ton", Decimal("0.001")),
    "千克": ("ton", Decimal("0.001")), "千瓦时": ("kilowatt_hour", _ONE),
    "千瓦": ("watt", Decimal(10) ** 3), "兆瓦": ("watt", Decimal(10) ** 6), "吉瓦": ("watt", Decimal(10) ** 9),
    "瓦时": ("kilowatt_hour", Decimal("0.001")), "兆瓦时": ("kilowatt_hour", Decimal(10) ** 3),
    "吉瓦时": ("kilowatt_hour", Decimal(10) ** 6),
    # power and energy as the energy trade writes them (5GW, 200MWh, 1.2万kW): Latin units, see ``_LATIN_UNITS``
    "kW": ("watt", Decimal(10) ** 3), "KW": ("watt", Decimal(10) ** 3), "MW": ("watt", Decimal(10) ** 6),
    "GW": ("watt", Decimal(10) ** 9), "kWh": ("kilowatt_hour", _ONE), "KWh": ("kilowatt_hour", _ONE),
    "kwh": ("kilowatt_hour", _ONE), "MWh": ("kilowatt_hour", Decimal(10) ** 3),
    "GWh": ("kilowatt_hour", Decimal(10) ** 6),
    "立方米": ("cubic_meter", _ONE),
    "公里": ("meter", Decimal(10) ** 3), "千米": ("meter", Decimal(10) ** 3), "米": ("meter", _ONE),
    "人次": ("person", _ONE), "人": ("person", _ONE), "名": ("person", _ONE),
    "倍": ("times", _ONE), "成": ("percent", Decimal(10)),
    "年": ("year", _ONE), "个月": ("month", _ONE), "天": ("day", _ONE),
    "小时": ("hour", _ONE),
}
_PER_YEAR = ("台", "辆", "件", "套", "个", "架", "艘", "颗", "只", "吨")
for _c in _PER_YEAR:
    _UNITS[f"{_c}/年"] = ("ton_per_year" if _c == "吨" else "unit_per_year", _ONE)
#: Units written in Latin letters: a Latin letter after a number is otherwise part of a model name (800G, 5G).
_LATIN_UNITS = frozenset(word for word in _UNITS if word.isascii() and word.isalpha())
_CLASSIFIERS = [*"个家项件套笔台辆架艘座条所户款种场次例张部份宗栋处支只头株篇颗枚间块批类起单列趟班门片手股票",
                "批次", "架次", "辆次", "项次", "标箱", "标准箱", "TEU", "台套", "万户"]
for _c in _CLASSIFIERS:
    _UNITS.setdefault(_c, ("count", _ONE))
_CHENG_WORD = re.compile(r"成[果为本效功绩立交员熟品就长型都市群片套批分因败色年人器语全像真]")
#: Classifiers that also start words (3股东, 5票据): after the number, one of these next characters makes a word.
_WORD_NEXT = {"股": frozenset("东份权票本民市"), "票": frozenset("据房价务证面源款号"), "单": frozenset("元位价据")}
#: Official statistical series named by a count of kinds (十种有色金属产量): a name, like 规模以上工业.
_SERIES_AFTER_KINDS = ("有色金属",)
_DURATIONS = {"year", "month", "day", "hour"}
_MEASURED_UNITS = {"CNY", "USD", "EUR", "HKD", "JPY", "percent", "square_meter", "mu", "ton",
                   "kilowatt_hour", "watt", "meter", "cubic_meter", "unit_per_year", "ton_per_year", "times"}
_MEASURED_OR_DURATION = frozenset(_MEASURED_UNITS | _DURATIONS)
_ASCII_LETTERS = frozenset(string.ascii_letters)
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


#: The base units of money (元, 美元, 欧元...: every currency word ends in 元).
_CURRENCIES = frozenset(unit for word, (unit, _) in _UNITS.items() if word.endswith("元"))
#: What a price is per, after a slash (元/吨, 元/平方米, 美元/桶, 元/千瓦时, 元/W).
_PER = re.compile(_alternation(("吨", "千克", "公斤", "克", "斤", "台", "件", "套", "股", "桶", "平方米", "平米", "㎡",
                                "亩", "人", "千瓦时", "度", "瓦", "kWh", "Wh", "W", "片", "只", "辆", "月", "天", "年",
                                "小时", "次", "张", "盒", "个", "份", "吨公里")) + r"(?![A-Za-z])")


# The scan starts with a plain character class (a number's first character), so the regex engine skips in C
# to the next character that can start a number; a leading lookahead or alternation would make it attempt a
# full match at every position of the text. One-character lookbehinds then pick the branch that character
# opens, in the order the branches are tried: 百分之..., an Arabic number, a Chinese numeral. The lookaheads
# (every character that can come second; every first character of a unit) fail most attempts (3月, 一些) before
# any branch is tried. Optional words are empty groups rather than missing ones. The qualifier word before the
# number is looked up afterwards (``_pre_marker``).
#: The first characters of the commonest units in news text (个, 年, 次, 元...), whose branches are tried first.
_COMMON_UNIT_FIRST = "个年次元批小家户%平台套笔件"
_SECOND = {*"0123456789０１２３４５６７８９", *"零〇一二两三四五六七八九十百千万亿", *",.．点余多分",
           *(w[0] for w in MULTIPLIERS), *(unit[0] for unit in _UNITS)}
_UNIT_WORDS = trie_pattern(_UNITS, _COMMON_UNIT_FIRST)
#: Numerals that are words before a count (两个确立, 三次会议, 一名): see ``extract_metrics``.
_SMALL_NUMERALS = "一二两三四五六七八九"
#: The units of counts and head counts whose first character no numeral tail takes (not 万户).
_NOT_MEASURED_UNITS = [w for w, (unit, _) in _UNITS.items() if unit not in _MEASURED_OR_DURATION
                       and w[0] not in _CN_TAIL_CHARS]


def _longest_unit_is(words: list[str]) -> str:
    """A regex matching where the longest unit word (the one the unit trie takes) is one of ``words``: one of
    them not continued into a longer unit word outside them (个 but not 个月, 个百分点: every unit word matching
    at a position is a prefix of the longest one)."""
    branches = []
    for word in sorted(words, key=len, reverse=True):
        longer = [w[len(word):] for w in _UNITS if w.startswith(word) and len(w) > len(word) and w not in words]
        branches.append(re.escape(word) + (f"(?!{_alternation(longer)})" if longer else ""))
    return "|".join(branches)


#: Where the scan's Chinese-numeral branch would match a one-character numeral with no tail before a count or a
#: head count: a word (两个确立, 三次会议, 一名), which ``extract_metrics`` drops after the match in any case (a third
#: of the matches of news text). The character after the numeral is no tail character (a 余/多 or a unit's first),
#: so the tail is empty; the unit the match takes is the longest one there.
_SMALL_COUNT = rf"(?<=[{_SMALL_NUMERALS}])(?:余|多|)(?:{_longest_unit_is(_NOT_MEASURED_UNITS)})"


#: A duration is the thing measured only in these contexts (仅用一年时间, 设计寿命达30年, 为期3年).
_DURATION_BEFORE = re.compile(
    r"(?:用|历时|耗时|花了|花费|用时|为期|历经|仅用|只用|寿命|年限|期限|工期|长达)[达为超近约]?$")
#: The last characters of the ``_DURATION_BEFORE`` words: a number after any other character is not a measured
#: duration, and most years and dates (2024年, 3天前) are dropped without a regex search.
_DURATION_LAST = frozenset("用时了费期经命限达为超近约")
_DURATION_WORDS = ("年", "天", "小时", "个月")
assert sorted(_DURATION_WORDS) == sorted(w for w, (unit, _) in _UNITS.items() if unit in _DURATIONS)
#: Where the scan's Arabic branch would match digits right before a duration unit (2024年, 3天, 12小时, 6个月)
#: that is not a measured duration: neither 时间 follows nor can a duration word (用, 为期...) end before the number.
_DATE_LIKE = rf"(?<![{''.join(sorted(_DURATION_LAST))}].)[{_AR_FIRST}]*+(?:{'|'.join(_DURATION_WORDS)})(?!时间)"


#: What can follow a number's digits or numerals in a metric: a 余/多, a multiplier, or (these being optional) a
#: unit. Every match passes this test right after the number, so it changes no match; it only makes an attempt fail
#: there (2024-05, “885”, 十四五”: most attempts of news text) before the multiplier, 余/多 and unit alternatives
#: are tried one by one, and makes a Chinese numeral's tail give back its characters at one test each.
_FOLLOW_CHARS = re.escape("".join(sorted({"余", "多", *(w[0] for w in MULTIPLIERS), *(unit[0] for unit in _UNITS)})))
_FOLLOWS = f"(?=[{_FOLLOW_CHARS}])"

#: What follows the run of digits of a number with a unit: a separator (1,200; 121.97) or what ``_FOLLOWS`` holds.
#: Tested first (no digit can follow the run, so the test reads each digit once), it fails most attempts of digits
#: with no unit (2024-05, “885”) before the branches of the tail and the refusal are tried.
_AR_FOLLOWS = f"[{re.escape(',.．')}{_FOLLOW_CHARS}]"

#: Where the scan's Chinese-numeral branch would match a bare magnitude (百, 千, 万 with no tail and no 余/多 after it:
#: 千家万户, 百花齐放, but not 百余家) with no qualifier word before it: a word, which ``extract_metrics`` drops after
#: the match in any case. With no tail, what the match would hold after the numeral (a unit) holds no number's first
#: character.
_BARE_MAGNITUDE = rf"(?<=[百千万])(?<![{''.join(sorted({word[-1] for word in _PRE}))}].)(?![{_CN_TAIL_CHARS}余多])"


def _metric_pattern(ar_refuse: str, cn_refuse: str) -> str:
    """The metric scan, with ``ar_refuse`` and ``cn_refuse`` (negative lookaheads, or nothing) opening the
    Arabic-number and Chinese-numeral branches."""
    return (
        rf"[{_AR_FIRST}{_CN_FIRST}](?=[{re.escape(''.join(sorted(_SECOND)))}])"
        rf"(?:(?<=百)分之(?P<pct>{_CN}|{_AR})"
        rf"|(?:(?<=[{_AR_FIRST}])(?=[{_AR_FIRST}]*+{_AR_FOLLOWS}){ar_refuse}(?P<ar_tail>{_AR_TAIL_SCAN}){_FOLLOWS}(?P<mult>{_alternation(MULTIPLIERS)}|)"
        rf"|(?<=[{_CN_FIRST}]){cn_refuse}(?P<cn_tail>{_CN_TAIL}){_FOLLOWS})"
        # the unit is required here, so numbers without one (两会, 一季度, 3月) fail inside the regex engine
        rf"(?P<infix>余|多|)(?P<mult2>{_alternation(MULTIPLIERS)}|)"
        rf"(?=[{re.escape(''.join(sorted({unit[0] for unit in _UNITS})))}])(?P<unit>{_UNIT_WORDS}))"
        rf"(?P<post>{_alternation(_POST)}|)"
    )


#: Every number with a unit (tests/extract/test_metrics_scan.py checks it against the plain pattern).
_METRIC = re.compile(_metric_pattern("", ""))
#: What ``extract_metrics`` scans: ``_METRIC`` without the small numerals before a count (``_SMALL_COUNT``), the bare
#: magnitudes (``_BARE_MAGNITUDE``) and the dates (``_DATE_LIKE``), which fail in the engine instead of being built as
#: matches and dropped (most of the matches of news text). The scan goes on at the next position: after a numeral,
#: a 余/多 or a unit's character, none of them a number's first; in a date, the next digit, refused in turn (the
#: character before it is a digit), then the unit. So the other matches are ``_METRIC``'s.
_SCAN = re.compile(_metric_pattern(f"(?!{_DATE_LIKE})", f"(?!{_SMALL_COUNT}|{_BARE_MAGNITUDE})"))
# ``extract_metrics`` unpacks ``m.groups()`` (one call instead of one per group) in this order.
assert list(_METRIC.groupindex) == ["pct", "ar_tail", "mult", "cn_tail", "infix", "mult2", "unit", "post"]
_SLOGAN_QUOTES = {"“": "”", "\"": "\"", "‘": "’", "《": "》", "「": "」", "『": "』"}
_CLAUSE_END = "，,；;。！？!?：: \u3000"
_SENTENCE_END = "。！？!?；;"
_CLAUSE_RE = re.compile(f"[{_CLAUSE_END}]")
_SENTENCE_RE = re.compile(f"[{_SENTENCE_END}]")
#: The quotes that count only when short (16 characters from opener to closer at most) and that open and close
#: with different characters: whether a number is in one is read from the 16 characters before its end and the
#: closer after them. Straight quotes, which pair up in turn, and titles (《》, of any length) are read per region.
_CURLY_QUOTES = tuple((o, c) for o, c in _SLOGAN_QUOTES.items() if o != c and o != "《")
_CURLY_OPENER = re.compile(f"[{re.escape(''.join(o for o, _ in _CURLY_QUOTES))}]")
_STRAIGHT_QUOTE = re.compile('"')
# Time expressions (截至年底, 2024年上半年, 2020年—2024年, 今年以来, 三年内, 未来5年, 项目建成后, 目前...). The
# pattern is an alternation of branches that each start with one literal character, so the regex engine skips in C
# to the next character that can start one (a pattern opening with a lookahead makes it attempt a match at every
# position of the text, 2x the cost) and tries there only the branch of that character (a branch whose literal is
# another character costs one comparison). Each branch is what the plain alternation below tries at a position
# that holds its character, in the same order, so both find the same spans:
#   截至(?:[^，,。；;]{2,12}?(?:年底|年末|月底|月末|底|末|日)|目前|今)
#   | [0-9]{4}年(?:[0-9]{1,2}月)?\s*[—\-–~至到]+\s*[0-9]{4}年(?:[0-9]{1,2}月)?
#   | (?:[0-9]{4}|今|去|前|明)年<_YEAR_PART>?  | (?:[0-9]+|[一二三四五六七八九十]+)年内
#   | (?<![较比—\-–~至到0-9])(?:[0-9]{1,2}\s*[—\-–~至到]\s*[0-9]{1,2}月(?:份)? | [0-9]{1,2}月(?:份)?(?![0-9０-９日号]))
#     (months with no day, not a comparison's base: 较3月底, 比1至2月份, nor the end of a range: 1至2月)
#   | 前[两一二三四五六七八九十0-9]{1,2}个?月 | 前三季度
#   | 未来[0-9一二三四五六七八九十]+年 | 近[0-9一二三四五六七八九十]+年 | (?:该|此)?项目(?:建成|完成|投产)后
#   | 近期|近日|日前|目前|当前|上半年|下半年|[一二三四]季度|全年
# (tests/extract/test_metrics_scan.py checks this against the plain pattern).
_CN_DIGITS = "一二三四五六七八九十"
_YEAR_PART = (rf"(?:以来|全年|上半年|下半年|[一二三四]季度|前[{_CN_DIGITS}0-9]{{1,2}}个?月"
              r"|[0-9]{1,2}\s*[—\-–~至到]\s*[0-9]{1,2}月(?:份)?|[0-9]{1,2}月(?:份)?|底|末)")
_PERIOD_AFTER_FIRST = {
    "截": r"至(?:[^，,。；;]{2,12}?(?:年底|年末|月底|月末|底|末|日)|目前|今)",
    **dict.fromkeys("0123456789", r"(?:[0-9]{3}年(?:[0-9]{1,2}月)?\s*[—\-–~至到]+\s*[0-9]{4}年(?:[0-9]{1,2}月)?"
                                  rf"|[0-9]{{3}}年{_YEAR_PART}?|[0-9]*年内"
                                  r"|(?<![较比—\-–~至到0-9].)(?:[0-9]?\s*[—\-–~至到]\s*[0-9]{1,2}月(?:份)?"
                                  r"|[0-9]?月(?:份)?(?![0-9０-９日号])))"),
    **dict.fromkeys("今去明", rf"年{_YEAR_PART}?"),
    "前": rf"(?:年{_YEAR_PART}?|[两{_CN_DIGITS}0-9]{{1,2}}个?月|三季度)",
    **dict.fromkeys(_CN_DIGITS, rf"[{_CN_DIGITS}]*年内"),
    "一": rf"(?:[{_CN_DIGITS}]*年内|季度)",
    **dict.fromkeys("二三四", rf"(?:[{_CN_DIGITS}]*年内|季度)"),
    "未": rf"来[0-9{_CN_DIGITS}]+年",
    "近": rf"(?:[0-9{_CN_DIGITS}]+年|[期日])",
    **dict.fromkeys("该此", r"项目(?:建成|完成|投产)后"),
    "项": r"目(?:建成|完成|投产)后",
    **dict.fromkeys("日目当", "前"),
    **dict.fromkeys("上下", "半年"),
    "全": "年",
}
#: The branches' characters, commonest in news text first (the engine compares them in this order).
_PERIOD_ORDER = "全一20目5134上7项三四896近当下十前五日此今明九六截未该去二七八"
assert sorted(_PERIOD_ORDER) == sorted(_PERIOD_AFTER_FIRST)
_PERIOD = re.compile("|".join(first + _PERIOD_AFTER_FIRST[first] for first in _PERIOD_ORDER))
#: No time expression holds one of these (no part of ``_PERIOD`` matches them), so a scan of ``_PERIOD`` that
#: starts after one and stops at the next finds in between just what a scan of the whole text finds.
_PERIOD_BARRIER = re.compile("[。；;]")
_TARGET_WORDS = ("力争", "目标", "争取", "确保", "计划到", "预计到")
_PLANNED_WORDS = ("预计", "将", "计划", "拟", "建成后", "完成后", "投产后", "达产后")
_TARGET = re.compile("|".join(_TARGET_WORDS))
#: A target or plan word: one search tells a stretch with neither (most sentences) from the others. A target word is
#: tried first at each position, so when the first word found is a plan word (no group set), no target word starts
#: before it or there, and a stretch holds one just when a search after its start finds one. Each target word sets
#: an empty group of its own: every branch starts with its literal, so the engine skips in C to a character that
#: can start one (a branch opening with a group would make it attempt a match at every position).
_NATURE = re.compile("|".join([*(f"{word}()" for word in _TARGET_WORDS), *_PLANNED_WORDS]))
#: A target or plan word before a number that ends after a position starts at most this far before it.
_NATURE_REACH = max(map(len, _TARGET_WORDS + _PLANNED_WORDS)) - 1
_VERBS = ("实现", "完成", "达到", "累计", "共计", "建成", "吸引", "承接", "接到", "新增", "增长", "达", "为", "共")
_ANY_VERB = re.compile("|".join(_VERBS))
#: Up to the end of the last verb: the greedy run backs off from the end to the rightmost place one starts.
_LAST_VERB = re.compile(f".*(?:{_ANY_VERB.pattern})", re.S)
_PARTICLES = ("了", "的", "有", "用", "是", "等", "将", "公示", "还", "就")
_VERB_OR_PARTICLE = _VERBS + _PARTICLES
_OPENERS = r"(?:近日|近期|目前|日前|今年|去年|此外|同时|其中|另外|而|但)?\s*"
#: Words that refer back to an organization of a kind named earlier (not aliases: gold convention).
_ANAPHORS = {"该公司": "company", "公司": "company", "该企业": "company", "企业": "company",
             "该园区": "industrial_park", "园区": "industrial_park", "该校": "university", "学校": "university"}
# A clause's head: an optional opener word (近日, 此外...) and spaces, then maybe an anaphor, read by a
# lookahead so that the match ends where the subject is looked for. The anaphor part may match nothing, so it
# never makes the engine give back what the opener part took: the match ends where the opener part alone would.
_ANAPHOR = re.compile("|".join(sorted(_ANAPHORS, key=len, reverse=True)))
_CLAUSE_HEAD = re.compile(rf"{_OPENERS}(?:(?=({_ANAPHOR.pattern}))|)")
#: Verbs of change: before 至/到 they link a number to what changes into it (提升至98.5%, 由12亿元增至18亿元).
_CHANGE_VERBS = ("增长", "增加", "提高", "提升", "上升", "扩大", "跃升", "下降", "减少", "降低", "缩小", "回落",
                 "增", "升", "降")
#: A link verb ending the words before a number (年产值可达, 规模达到, 占比为, 良率提升至): not what is measured.
_TRAILING_LINK = re.compile(
    rf"(?:可|将|已|仍|或|有望)?(?:(?:{'|'.join(_CHANGE_VERBS)}|扩容)?[至到]|达到|达|为|是|了|由|从|报)$")
#: The last characters of what ``_TRAILING_LINK`` removes: a measure ending in another needs no search.
_LINK_LAST = frozenset("至到达为是了由从报")
#: What joins a number to the next one it changes into (由12亿元增至18亿元, 从5%提高到8%): both measure the same.
_CHANGE_TO = re.compile(f"(?:分别)?(?:{'|'.join(_CHANGE_VERBS)})[至到]")
#: Words joining two numbers of an enumeration (分别增长12%和8%; 3家、5家): the next number follows them.
_CONJUNCTIONS = frozenset("和及与、或")
#: What joins two numbers of one measure: a conjunction, the two bounds of a range (18亿元至22亿元, 10%-15%), or a
#: slash between two sizes of one thing (100MW/200MWh).
_JOINERS = _CONJUNCTIONS | frozenset("至到-—–~～－/")
_FOLLOW_STOP = re.compile(r"[的，,。；;、：:（(“”]|等")


_MINUS = frozenset("-－−")
#: What a range's dash follows (5亿元-8亿元, 10%-15%, 3-5个): a number or a unit; a dash after anything else is a
#: minus sign.
_BEFORE_RANGE_DASH = frozenset({*"0123456789０１２３４５６７８９%％", *_CN_TAIL_CHARS, *string.ascii_letters,
                                *(word[-1] for word in _UNITS), *(word[-1] for word in MULTIPLIERS)})
#: The last characters of the ``_PRE`` words: a number after any other character has no qualifier word before it.
_PRE_LAST = frozenset(word[-1] for word in _PRE)
#: ``tuple.__new__(MetricRow, fields)`` builds a row without the named tuple's Python-level ``__new__``.
_new_row = tuple.__new__
#: ``_Scope.subject``'s answer when no clause head before the number named the subject (a later number of the
#: same sentence may still find one).
_UNDECIDED: tuple[str | None, bool] = (None, False)


class MetricRow(NamedTuple):
    """One metric: the metrics table's columns after its two ids, in their order (the page builder prepends the
    ids to the tuple as it is). ``extract_metrics`` builds rows with ``_new_row``: a named tuple's own
    constructor is a Python function, several times slower than the tuple."""

    text: str
    value: float  # in the base unit
    unit: str
    unit_text: str
    qualifier: str
    qualifier_marker: str | None
    measure: str | None
    subject: str | None
    period: str | None
    nature: str
    location: str
    context: str
    start: int  # page offsets
    end: int


def _pre_marker(text: str, start: int) -> str | None:
    """The qualifier word just before a number (约, 超过, 不超过...): one to three characters, longest first."""
    if not start or text[start - 1] not in _PRE_LAST:
        return None  # most numbers: no qualifier word ends just before them
    if start >= 3 and text[start - 3:start] in _PRE:
        return text[start - 3:start]
    if start >= 2 and text[start - 2:start] in _PRE:
        return text[start - 2:start]
    if text[start - 1] in _PRE:
        return text[start - 1]
    return None


@lru_cache(maxsize=4096)
def _numeral_value(numeral: str) -> Decimal | None:
    """Value of a Chinese numeral or of the Arabic number after 百分之; None if it is not a number.

    Cached by the numeral itself: news text repeats a small vocabulary of them (一, 两, 三千, 十二...)."""
    try:
        return chinese_to_decimal(numeral) if not numeral[0].isdigit() else arabic_to_decimal(numeral)
    except (ValueError, KeyError):
        return None


def _region_quotes(text: str) -> list[tuple[int, int]]:
    """Stretches ``(left, right)`` of ``text`` a number is a name in: the 《titles》 and the short straight
    quotes ("33618"), each from its opener to its closer. Few regions have either: two C-level tests for them.

    A number is in a title when the first 》 after the last 《 before it comes after it. An earlier 《 with no 》
    in between has the same 》, so the number is in a title just when it lies in one of these stretches."""
    spans: list[tuple[int, int]] = []
    if "《" in text:
        left = text.find("《")
        while left >= 0:
            right = text.find("》", left + 1)
            if right < 0:
                break  # no closer after this opener, so none after a later one either
            spans.append((left, right))
            left = text.find("《", left + 1)
    if '"' in text:
        marks = [m.start() for m in _STRAIGHT_QUOTE.finditer(text)]
        spans += [(left, right) for left, right in zip(marks[::2], marks[1::2], strict=False)
                  if right - left <= 16 and not _CLAUSE_RE.search(text, left + 1, right)]
    return spans


def _in_quote(text: str, region_quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a name or slogan in quotes (“33618”, “2小时重庆”, 《...》).

    A number is in the quote its kind's last opener before it opens when the first closer after that opener
    comes after the number; the quote counts when it is a title or short (at most 15 characters inside) and
    of one clause. So a curly quote that counts opens among the 16 characters before the number's end, and
    one scan of those settles most numbers."""
    for left, right in region_quotes:
        if left < start and end <= right:
            return True
    lo = end - 16 if end > 16 else 0
    if not _CURLY_OPENER.search(text, lo, start):
        return False
    for opener, closer in _CURLY_QUOTES:
        left = text.rfind(opener, lo, start)  # the last opener, if it can open a short quote
        if left >= 0:
            right = text.find(closer, left + 1, left + 17)  # a closer within reach
            if right >= end and not _CLAUSE_RE.search(text, left + 1, right):
                return True
    return False


def _overlaps(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` overlaps one of the (start, end, name) spans."""
    for s, e, _ in spans:
        if s < end and start < e:
            return True
    return False


class _Scope:
    """What the rows of one region read around their number: the reversed text (a clause or sentence
    boundary before a number is the first stop a search of it finds), time expressions and the organizations
    opening clauses. Built once per region that has a metric, not once per number."""

    __slots__ = ("kinds", "length", "mention_set", "mention_starts", "mentions", "reverse", "segment", "text")

    def __init__(self, text: str, mentions: list[tuple[int, int, str]], kinds: dict[str, str] | None) -> None:
        self.text = text
        self.reverse = text[::-1]
        self.length = len(text)
        self.segment: tuple[int, int, list[tuple[int, int]]] = (-1, -1, [])
        self.mentions = mentions
        self.kinds = kinds or {}
        # where mentions start (a sentence with none before a number and no anaphor there has no subject for it);
        # which one starts there is only looked up when a clause head is one of them
        self.mention_set = {start for start, _, _ in mentions}
        self.mention_starts = sorted(self.mention_set)

    def periods(self, sentence_start: int, start: int) -> list[tuple[int, int]]:
        """Spans of the time expressions between the sentence start and the number, as a scan of the whole
        region finds them."""
        # A scan cut off at the number can match more than the whole one, never less: when it finds nothing,
        # neither would the scan of the whole region (two sentences in five).
        if not _PERIOD.search(self.text, sentence_start, start):
            return []
        return [(a, b) for a, b in self.sentence_periods(sentence_start, start) if b <= start]

    def sentence_periods(self, sentence_start: int, start: int) -> list[tuple[int, int]]:
        """Spans of the time expressions from the sentence start up to the first ``_PERIOD_BARRIER`` character
        after the number, as a scan of the whole region finds them: in order, so those before a number are the
        first ones. The same for every number of a sentence (no barrier comes between them, as each is a
        sentence stop). Only the stretch between the barriers around them is scanned (once for all numbers in
        it), not the whole region; the list may be the one kept for the stretch (not to be changed)."""
        begin, end, spans = self.segment
        if not begin <= sentence_start <= start <= end:  # else the stretch holds this number too
            text = self.text
            if sentence_start and text[sentence_start - 1] not in "。；;":
                left = _PERIOD_BARRIER.search(self.reverse, self.length - sentence_start)
                begin = self.length - left.start() if left else 0
            else:
                begin = sentence_start  # the sentence starts after a barrier (or the region does)
            right = _PERIOD_BARRIER.search(text, start)
            end = right.start() if right else self.length
            spans = [m.span() for m in _PERIOD.finditer(text, begin, end)]
            self.segment = begin, end, spans
        if spans and spans[0][0] < sentence_start:
            return [(a, b) for a, b in spans if a >= sentence_start]
        return spans

    def without_periods(self, periods: list[tuple[int, int]], start: int, end: int) -> str:
        """``text[start:end]`` with the time expressions among ``periods`` that lie inside it removed (and a 的
        right after one: 由2023年的12亿元 -> 由12亿元)."""
        pieces, at = [], start
        for a, b in periods:
            if a >= start and b <= end:
                pieces.append(self.text[at:a])
                at = b + 1 if b < end and self.text[b] == "的" else b
        if not pieces:
            return self.text[start:end]
        pieces.append(self.text[at:end])
        return "".join(pieces)

    def measure(self, periods: list[tuple[int, int]], clause_start: int, metric_start: int, metric_end: int,
                clause_end: int, unit: str) -> str | None:
        """What is measured: the counted noun after a count (93套|新品订单), else the words before the
        number (实现|产值121.97亿元), else whatever follows. The words that follow are only read when the
        answer may be them (a count, or words before the number too short to name anything)."""
        text = self.text
        following = None
        if unit == "count":  # ``following`` inline: the commonest way out
            after = metric_end + 1 if text[metric_end:metric_end + 1] == "的" else metric_end  # 的 ends no clause
            stop = _FOLLOW_STOP.search(text, after, clause_end)
            following = text[after:stop.start() if stop else clause_end].strip()
            if following[:1] in _JOINERS:
                following = ""  # 3家和5个: the next number, not what is counted
            elif len(following) >= 2:
                return following
        # time expressions in the clause are left out (they end before the number, in order: if the last one
        # starts before the clause, none is in it)
        if periods and periods[-1][0] >= clause_start:
            preceding = self.without_periods(periods, clause_start, metric_start).strip()
        else:
            preceding = text[clause_start:metric_start].strip()
        if preceding and not preceding.endswith(_VERB_OR_PARTICLE):
            if _ANY_VERB.search(preceding):  # most clauses hold no verb: skip the search for the last one
                # the words after the last verb (累计建成|国家级绿色工厂), if they are two characters or more
                last = preceding[_LAST_VERB.match(preceding).end():]  # type: ignore[union-attr]
                if len(last.strip()) >= 2:
                    preceding = last
                else:
                    for verb in _VERBS:
                        if verb in preceding:  # ``in`` parses no arguments: cheaper than a missed rfind
                            preceding = preceding[preceding.rfind(verb) + len(verb):]
                            break
            if "的" in preceding:  # the words after the last 的
                preceding = preceding[preceding.rfind("的") + 1:]
            preceding = preceding.strip()
            if len(preceding) >= 2:
                return _without_link(preceding)  # 营业收入由|12亿元, 合格率提升至|30%
        if following is None:
            following = self.following(metric_end, clause_end)
        if following or not preceding:
            return following or None
        return _without_link(preceding)  # 装机容量达到|5GW -> 装机容量

    def following(self, metric_end: int, clause_end: int) -> str:
        """The words after a number (and after a 的 right behind it), up to the clause end or a stop word."""
        text = self.text
        after = metric_end + 1 if text.startswith("的", metric_end, clause_end) else metric_end
        stop = _FOLLOW_STOP.search(text, after, clause_end)
        following = text[after:stop.start() if stop else clause_end].strip()
        return "" if following[:1] in _JOINERS else following  # 12%和8%: the next number follows

    def subject(self, sentence_start: int, num_start: int) -> tuple[str | None, bool]:
        """Who the sentence is about: an organization opening one of its clauses before the number, or an
        anaphor there (公司, 园区, 该校...) resolved to the last organization of that kind named before the
        sentence in the same paragraph. NULL otherwise: the subject is never guessed.

        Also whether a clause head decided it: then it is the subject of every later number of the sentence
        as well (they read the same clauses first)."""
        text = self.text
        # Both start before the number (neither holds a numeral), so most sentences are settled here.
        k = bisect_left(self.mention_starts, sentence_start)
        if not (k < len(self.mention_starts) and self.mention_starts[k] < num_start) and \
                not _ANAPHOR.search(text, sentence_start, num_start):
            return _UNDECIDED
        stops = _CLAUSE_RE.finditer(text, sentence_start, num_start)
        clause_start = sentence_start
        mention_set = self.mention_set
        while True:
            head = _CLAUSE_HEAD.match(text, clause_start)  # matches everywhere (maybe nothing)
            at = head.end()  # type: ignore[union-attr]
            if at in mention_set:  # a clause opened by an organization names it (the first one starting there)
                return next(name for start, _, name in self.mentions if start == at), True
            anaphor = head[1]  # type: ignore[index]
            if anaphor:
                kind = _ANAPHORS[anaphor]
                for _, end, name in reversed(self.mentions):
                    if end <= sentence_start and self.kinds.get(name) == kind:
                        return name, True
                return None, True
            stop = next(stops, None)
            if stop is None:
                return _UNDECIDED
            clause_start = stop.start() + 1


def _without_link(words: str) -> str:
    """``words`` without the link verb that ends them, unless that leaves less than two characters."""
    if words[-1] not in _LINK_LAST:  # most measures: no link verb ends them, and no search is needed
        return words
    trimmed = _TRAILING_LINK.sub("", words)
    return trimmed if len(trimmed) >= 2 else words


_BEFORE_LATIN_UNIT = frozenset("0123456789０１２３４５６７８９万亿")


def _after_latin_unit(text: str, at: int) -> bool:
    """Whether ``text[:at]`` ends in a number with a Latin unit (100MW|/200MWh): the next number is a second
    quantity, not part of a model name."""
    for unit in _LATIN_UNITS:
        if text.endswith(unit, 0, at) and at > len(unit) and text[at - len(unit) - 1] in _BEFORE_LATIN_UNIT:
            return True
    return False


def _shares_measure(between: str) -> bool:
    """Whether the words between two numbers of a clause (time expressions left out) make the second measure
    what the first does: a conjunction (12%和8%), a range (10%至15%) or a change into it (增至, 提高到)."""
    if between in _JOINERS:
        return True
    between = between.replace("的", "")
    return between[-1:] in "至到" and _CHANGE_TO.fullmatch(between) is not None  # most fail the first test


def _nature_word(text: str, start: int, end: int) -> str | None:
    """"target" when a target word lies in ``text[start:end]``, else "planned" when a plan word does, else None."""
    word = _NATURE.search(text, start, end)
    if word is None:
        return None
    # a target word sets its group; a plan word found first may still be followed by a target word
    return "target" if word.lastindex or _TARGET.search(text, word.start() + 1, end) else "planned"


def extract_metrics(region: Region, org_spans: list[tuple[int, int, str]],
                    kinds: dict[str, str] | None = None) -> list[MetricRow]:
    """Metrics in one region, in text order; ``org_spans`` are (start, end, name) of organizations in its text
    and ``kinds`` maps their names to kinds (for resolving 公司/园区 to a subject)."""
    text = region.text
    first = _SCAN.search(text)
    if first is None:
        return []  # most regions hold no metric: no setup for them
    rows: list[MetricRow] = []
    scope: _Scope | None = None
    reverse, length = "", 0  # the scope's, once there is one
    location, pieces = region.location, region.pieces
    shift = pieces[0][1] - pieces[0][0] if len(pieces) == 1 else None  # most regions are one piece
    quoted: list[tuple[int, int]] | None = None  # the region's titles and straight quotes, once a number asks
    # What the rows of one sentence share. Rows come in text order, each starting after the one before ends, so
    # what held between the sentence start and one number holds for the next: a time expression found there
    # (then ``dated`` holds the sentence's, else None) and a subject a clause head decided (``subject_known``).
    sentence = -1  # start of the sentence of the row before
    last_start = -1  # start of the row before (its qualifier word included)
    nature = "actual"  # of the row before: a target or plan word between its sentence start and its start
    dated: list[tuple[int, int]] | None = None
    subject_known = False
    subject: str | None = None
    last_end, last_measure = -2, None  # end and measure of the row before (the region's offsets)
    # Every test below only drops the match, so the cheap ones that drop most matches (years, small
    # Chinese numerals) come first and the costly ones (quotes) last.
    for m in (first, *_SCAN.finditer(text, first.end())):  # the scan goes on where the first match ends
        pct, ar_tail, mult, cn_tail, infix, mult2, unit_text, post = m.groups()
        num_start, match_end = m.span()
        if num_start and text[num_start - 1] == "第":
            continue
        if unit_text == "名" and num_start and text[num_start - 1] == "前":
            continue  # 位列全国前10名: a rank, not a head count
        if pct is None:
            unit, factor = _UNITS[unit_text]
        else:
            unit_text, unit, factor = "百分之", "percent", _ONE
        if cn_tail == "" and unit not in _MEASURED_OR_DURATION and text[num_start] in "一二两三四五六七八九":
            continue  # 两个确立, 一台台, 三次会议 (see below): the commonest case, settled before any value
        num_end = match_end - len(post) if post else match_end  # end of the unit (or of 百分之's numeral)
        end = match_end
        if unit in _DURATIONS:
            if text.startswith("时间", num_end):
                end = num_end + 2
            # the words that make a duration the measure all end just before the number, in one of these
            elif not (num_start and text[num_start - 1] in _DURATION_LAST
                      and _DURATION_BEFORE.search(text, max(0, num_start - 5), num_start)):
                continue
        mult2 = mult2 or ""  # None after 百分之
        if ar_tail is not None:  # the tail may be empty (3个)
            number_end = num_start + 1 + len(ar_tail)
            number = text[num_start:number_end]
            # plain ASCII digits (nearly all numbers) are what Decimal reads as written: no call for them
            plain = number.isascii() and "," not in number
            if mult:
                value = (Decimal(number) if plain else arabic_to_decimal(number)) * MULTIPLIERS[mult]
                written_unit = mult + mult2 + unit_text
            else:
                # Nothing to scale (most numbers): the row's float is read from the digits, as float(Decimal)
                # does (it reads the decimal's digits); else exact decimals, rounded to a float once at the end.
                value = (float(number) if not mult2 and factor is _ONE else Decimal(number)) if plain \
                    else arabic_to_decimal(number)
                written_unit = mult2 + unit_text
        else:
            if pct is not None:
                numeral, number_end = pct, num_end
            else:
                number_end = num_start + 1 + len(cn_tail)
                numeral = text[num_start:number_end]
            if numeral[0] in "百千万" and not infix and not _pre_marker(text, num_start):
                continue  # 千家万户: a bare magnitude is a number only after 近/超/约 (近百家) or before 余 (百余家)
            if num_start and text[num_start - 1] in "数几":
                continue  # 数十家, 几十个: an unstated number, not ten
            value = _numeral_value(numeral)
            if value is None:
                continue
            if value < 10 and unit not in _MEASURED_OR_DURATION:
                continue  # 两个确立, 一台台, 三次会议: small Chinese numerals are words, not counts
            magnitude = "" if unit == "percent" else numeral[len(numeral.rstrip("万亿")):]
            written_unit = magnitude + mult2 + unit_text
        if unit_text == "成" and _CHENG_WORD.match(text, num_end - 1):
            continue  # 这一成果, 成本, 成为: 成 starting a word is not a share
        word_next = _WORD_NEXT.get(unit_text)
        if word_next and text[num_end:num_end + 1] in word_next:
            continue  # 3股东, 5股份, 2票房: a classifier starting a word is not a count
        if unit_text == "种" and text.startswith(_SERIES_AFTER_KINDS, num_end):
            continue  # 十种有色金属: the name of a statistical series, not a count of kinds
        if org_spans and _overlaps(org_spans, num_start, number_end):
            continue
        # a model or code: a Latin letter right before or after the number, or A-1 / B/2 (CFM56-5B/7B)
        if num_start:
            before = text[num_start - 1]
            if before in _ASCII_LETTERS or (before in "-/_" and num_start > 1
                                            and text[num_start - 2] in _ASCII_ALNUM
                                            and not _after_latin_unit(text, num_start - 1)):
                continue
        if text[number_end:number_end + 1] in _ASCII_LETTERS and (
                unit_text not in _LATIN_UNITS or num_end != number_end + len(unit_text)
                or text[num_end:num_end + 1] in _ASCII_ALNUM):
            continue  # a Latin letter after the number starts no unit word (800G, 5G) or a longer word (10MWp)
        if quoted is None:
            quoted = _region_quotes(text)
        # in quotes: a title or straight quote in the region, or a curly quote opening just before (see _in_quote)
        if (quoted or _CURLY_OPENER.search(text, match_end - 16 if match_end > 16 else 0, num_start)) and \
                _in_quote(text, quoted, num_start, match_end):
            continue
        # the qualifier word before the number (约, 超过, 不超过...), if the character before it can end one
        pre = _pre_marker(text, num_start) if num_start and text[num_start - 1] in _PRE_LAST else None
        if unit in _CURRENCIES and not post and text.startswith("/", num_end):
            per = _PER.match(text, num_end + 1)
            if per:  # a price per unit (78,650元/吨): the row's text and unit as written hold the unit it is per
                end = per.end()
                written_unit += "/" + per.group()
        if mult2:
            value *= MULTIPLIERS[mult2]
        if factor is not _ONE:
            value *= factor
        if pre:
            marker, qualifier, start = pre, _PRE[pre], num_start - len(pre)
        elif infix:
            marker, qualifier, start = infix, _INFIX[infix], num_start
        elif post:
            marker, qualifier, start = post, _POST[post], num_start
        else:
            marker, qualifier, start = None, "exact", num_start
        if num_start and text[num_start - 1] in _MINUS and not pre and (
                num_start == 1 or text[num_start - 2] not in _BEFORE_RANGE_DASH):
            value, start = -value, start - 1  # 同比增长-2.1%, 净利润-1.2亿元: a minus sign, not a range's dash
        if scope is None:
            scope = _Scope(text, org_spans, kinds)
            reverse, length = scope.reverse, scope.length
        # the clause: after the last clause stop before the metric, up to the first stop at or after its end
        stop = _CLAUSE_RE.search(reverse, length - start)
        c_start = length - stop.start() if stop else 0
        stop = _CLAUSE_RE.search(text, end)
        c_end = stop.start() if stop else length
        # a clause after a sentence stop (or at the region start) opens its sentence
        if not c_start or text[c_start - 1] in _SENTENCE_END:
            s_start = c_start
        elif 0 <= last_start < start:  # the last sentence stop before the row before, unless one comes after it
            stop = _SENTENCE_RE.search(reverse, length - start, length - last_start)
            s_start = length - stop.start() if stop else sentence
        else:
            stop = _SENTENCE_RE.search(reverse, length - start)
            s_start = length - stop.start() if stop else 0
        if s_start != sentence:
            sentence, dated, subject_known = s_start, None, False
            nature = _nature_word(text, s_start, start) or "actual"
        elif nature != "target":
            # The words before the row before were searched: a new one ends after its start. (Literal words: one
            # occurs in the stretch the search is given or not, wherever the search starts.)
            since = last_start - _NATURE_REACH if last_start - _NATURE_REACH > s_start else s_start
            nature = _nature_word(text, since, start) or nature
        last_start = start
        # the last time expression is the row's period; a scan cut off at the number can match more than the
        # whole one, never less: when it finds nothing, the sentence states none before the number
        if dated is None and _PERIOD.search(text, s_start, start):
            dated = scope.sentence_periods(s_start, start)
        if dated:  # those that end before the number: the first ones, most often all
            periods = dated if dated[-1][1] <= start else [span for span in dated if span[1] <= start]
        else:
            periods = []
        if not subject_known:
            subject, subject_known = scope.subject(s_start, num_start)
        if shift is not None:  # one piece: no need to walk them
            page_start, page_end = start + shift, end + shift
        else:
            page_start, page_end = region.page_span(start, end)
        if last_end >= c_start and start - last_end <= 12 and _shares_measure(
                scope.without_periods(periods, last_end, start) if periods else text[last_end:start]):
            measure = last_measure  # the next number of an enumeration or a change (12%和8%, 由12亿元增至18亿元)
        elif last_end > c_start and text[last_end] not in "的/":
            # the words after the number before it in the clause (智能工厂127个、|数字化车间), unless that number
            # qualifies them (年营收超过10亿元的|企业)
            measure = scope.measure(periods, last_end + (text[last_end] in _JOINERS), start, end, c_end, unit)
        else:
            measure = scope.measure(periods, c_start, start, end, c_end, unit)
        last_end, last_measure = end, measure
        rows.append(_new_row(MetricRow, (
            text[start:end], float(value), unit, written_unit, qualifier, marker, measure,
            subject,
            text[periods[-1][0]:periods[-1][1]] if periods else None,  # period
            nature, location, text[c_start:c_end].strip(), page_start, page_end,
        )))
    return rows
