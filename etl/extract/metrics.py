"""Quantities an analyst wants from news text: money, shares, areas, counts, capacities, durations.

A metric is a number with a unit (``121.97亿元``, ``30余个``, ``60台/年``, ``三千万元``, ``百分之十二``)
and the qualifier words around it (约, 超, 以上...). Numbers without a unit, dates, years, ordinals
(第三轮), list markers, slogans in short quotes (“33618”), model names (CFM56-5B/7B) and numerals
inside names are not metrics. Measure, subject and period are read from the clause; a period is only
ever a time expression the sentence states, else NULL.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from etl.extract.numerals import MULTIPLIERS, arabic_to_decimal, chinese_to_decimal
from etl.extract.text import Region

_AR = r"[0-9０-９]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?"
_CN = r"[一二两三四五六七八九十百千万][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+[万亿]?)?"
_PRE = {"大约": "approx", "约为": "approx", "约": "approx", "超过": "over", "超出": "over", "超": "over",
        "突破": "over", "逾": "over", "将近": "at_most", "接近": "at_most", "近": "at_most",
        "不到": "at_most", "不足": "at_most"}
_POST = {"以上": "at_least", "以下": "at_most", "左右": "approx", "上下": "approx", "多": "over"}
_INFIX = {"余": "over", "多": "over"}

# unit as written -> (base unit, factor to the base unit)
_UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("CNY", Decimal(1)), "美元": ("USD", Decimal(1)), "欧元": ("EUR", Decimal(1)),
    "港元": ("HKD", Decimal(1)), "日元": ("JPY", Decimal(1)),
    "%": ("percent", Decimal(1)), "％": ("percent", Decimal(1)), "个百分点": ("percent", Decimal(1)),
    "平方米": ("square_meter", Decimal(1)), "平米": ("square_meter", Decimal(1)),
    "㎡": ("square_meter", Decimal(1)), "平方公里": ("square_meter", Decimal(10) ** 6),
    "平方千米": ("square_meter", Decimal(10) ** 6), "公顷": ("square_meter", Decimal(10) ** 4),
    "亩": ("mu", Decimal(1)), "吨": ("ton", Decimal(1)), "公斤": ("ton", Decimal("0.001")),
    "千克": ("ton", Decimal("0.001")), "千瓦时": ("kilowatt_hour", Decimal(1)),
    "千瓦": ("watt", Decimal(10) ** 3), "兆瓦": ("watt", Decimal(10) ** 6),
    "公里": ("meter", Decimal(10) ** 3), "千米": ("meter", Decimal(10) ** 3), "米": ("meter", Decimal(1)),
    "人次": ("person", Decimal(1)), "人": ("person", Decimal(1)), "名": ("person", Decimal(1)),
    "倍": ("times", Decimal(1)), "成": ("percent", Decimal(10)),
    "年": ("year", Decimal(1)), "个月": ("month", Decimal(1)), "天": ("day", Decimal(1)),
    "小时": ("hour", Decimal(1)),
}
_PER_YEAR = ("台", "辆", "件", "套", "个", "架", "艘", "颗", "吨")
for _c in _PER_YEAR:
    _UNITS[f"{_c}/年"] = ("ton_per_year" if _c == "吨" else "unit_per_year", Decimal(1))
_CLASSIFIERS = [*"个家项件套笔台辆架艘座条所户款种场次例张部份宗栋处支只头株篇颗枚间块批类起单列趟班门片",
                "批次", "架次", "辆次", "项次", "标箱", "台套", "万户"]
for _c in _CLASSIFIERS:
    _UNITS.setdefault(_c, ("count", Decimal(1)))
_CHENG_WORD = re.compile(r"成[果为本效功绩立交员熟品就长型都市群片套批分因败色年人器语全像真]")
_DURATIONS = {"year", "month", "day", "hour"}
_MEASURED_UNITS = {"CNY", "USD", "EUR", "HKD", "JPY", "percent", "square_meter", "mu", "ton",
                   "kilowatt_hour", "watt", "meter", "unit_per_year", "ton_per_year", "times"}


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


# The number comes first so the scan fails fast on text without digits; the qualifier word before it
# is looked up afterwards (``_pre_marker``).
_METRIC = re.compile(
    r"(?=[0-9０-９一二两三四五六七八九十百千万])"
    rf"(?:百分之(?P<pct>{_CN}|{_AR})"
    rf"|(?:(?P<ar>{_AR})(?P<mult>{_alternation(MULTIPLIERS)})?|(?P<cn>{_CN}))"
    # the unit is required here, so numbers without one (两会, 一季度, 3月) fail inside the regex engine
    rf"(?P<infix>余|多)?(?P<mult2>{_alternation(MULTIPLIERS)})?(?P<unit>{_alternation(_UNITS)}))"
    rf"(?P<post>{_alternation(_POST)})?"
)
#: A duration is the thing measured only in these contexts (仅用一年时间, 设计寿命达30年, 为期3年).
_DURATION_BEFORE = re.compile(
    r"(?:用|历时|耗时|花了|花费|用时|为期|历经|仅用|只用|寿命|年限|期限|工期|长达)[达为超近约]?$")
_SLOGAN_QUOTES = {"“": "”", "\"": "\"", "‘": "’", "《": "》", "「": "」", "『": "』"}
_CLAUSE_END = "，,；;。！？!?：: \u3000"
_SENTENCE_END = "。！？!?；;"
_CLAUSE_RE = re.compile(f"[{_CLAUSE_END}]")
_SENTENCE_RE = re.compile(f"[{_SENTENCE_END}]")
_PERIOD = re.compile(
    r"截至[^，,。；;]{2,12}?(?:年底|年末|月底|月末|底|末|日)"
    r"|[0-9]{4}年(?:[0-9]{1,2}月)?\s*[—\-–~至到]+\s*[0-9]{4}年(?:[0-9]{1,2}月)?"
    r"|(?:[0-9]{4}|今|去|前|明)年(?:以来|全年|上半年|下半年|[一二三四]季度|前[一二三四五六七八九十0-9]{1,2}个?月|"
    r"[0-9]{1,2}月(?:份)?|底|末)?"
    r"|(?:[0-9]+|[一二三四五六七八九十]+)年内|未来[0-9一二三四五六七八九十]+年|近[0-9一二三四五六七八九十]+年"
    r"|(?:该|此)?项目(?:建成|完成|投产)后|近期|近日|日前|目前|当前|上半年|下半年|一季度|全年"
)
_TARGET = re.compile(r"力争|目标|争取|确保|计划到|预计到")
_PLANNED = re.compile(r"预计|将|计划|拟|建成后|完成后|投产后|达产后")
_VERBS = ("实现", "完成", "达到", "累计", "共计", "建成", "吸引", "承接", "接到", "新增", "增长", "达", "为", "共")
_OPENERS = re.compile(r"(?:近日|近期|目前|日前|今年|去年|此外|同时|其中|另外|而|但)?\s*")
#: Words that refer back to an organization of a kind named earlier (not aliases: gold convention).
_ANAPHORS = {"该公司": "company", "公司": "company", "该企业": "company", "企业": "company",
             "该园区": "industrial_park", "园区": "industrial_park", "该校": "university", "学校": "university"}
_ANAPHOR = re.compile("|".join(sorted(_ANAPHORS, key=len, reverse=True)))
_PARTICLES = ("了", "的", "有", "用", "是", "等", "将", "公示", "还", "就")
_FOLLOW_STOP = re.compile(r"[的，,。；;、：:（(“”]|等")


@dataclass
class MetricRow:
    text: str
    value: Decimal
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
    article_seq: int
    start: int
    end: int


def _pre_marker(text: str, start: int) -> str | None:
    """The qualifier word just before a number (约, 超过...): every one is one or two characters."""
    if start >= 2 and text[start - 2:start] in _PRE:
        return text[start - 2:start]
    if start >= 1 and text[start - 1] in _PRE:
        return text[start - 1]
    return None


def _inside_short_quote(text: str, start: int, end: int) -> bool:
    """Numbers in a short quoted phrase or a 《title》 are names or slogans (“33618”, “2小时重庆”)."""
    for opener, closer in _SLOGAN_QUOTES.items():
        left = text.rfind(opener, 0, start)
        if left < 0:
            continue
        if opener == closer and text.count(opener, 0, start) % 2 == 0:
            continue
        right = text.find(closer, end)
        if right < 0 or text.find(closer, left + 1, start) >= 0:
            continue
        inner = text[left + 1: right]
        if opener == "《" or (len(inner) <= 15 and not any(c in inner for c in _CLAUSE_END)):
            return True
    return False


def _is_model_or_code(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return True
    return before in "-/_" and start > 1 and text[start - 2].isascii() and text[start - 2].isalnum()


class _Bounds:
    """Clause and sentence boundaries and time expressions of one region, found once per region
    (not once per number) and looked up by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        self.clauses = [m.start() for m in _CLAUSE_RE.finditer(text)]
        self.sentences = [m.start() for m in _SENTENCE_RE.finditer(text)]
        self.periods = [(m.start(), m.end()) for m in _PERIOD.finditer(text)]

    def period_before(self, sentence_start: int, start: int) -> str | None:
        """The last time expression between the sentence start and the number, verbatim."""
        found = [(a, b) for a, b in self.periods if a >= sentence_start and b <= start]
        return self.text[found[-1][0]:found[-1][1]] if found else None

    def without_periods(self, start: int, end: int) -> str:
        """``text[start:end]`` with its time expressions removed."""
        pieces, at = [], start
        for a, b in self.periods:
            if a >= start and b <= end:
                pieces.append(self.text[at:a])
                at = b
        pieces.append(self.text[at:end])
        return "".join(pieces)

    def _around(self, stops: list[int], start: int, end: int) -> tuple[int, int]:
        k = bisect_left(stops, start)
        left = stops[k - 1] + 1 if k else 0
        j = bisect_left(stops, end)
        return left, stops[j] if j < len(stops) else self.length

    def clause(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self.clauses, start, end)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return self._around(self.sentences, start, end)


def _measure(text: str, bounds: _Bounds, clause_start: int, metric_start: int, metric_end: int,
             clause_end: int, unit: str) -> str | None:
    """What is measured: the counted noun after a count (93套|新品订单), else the words before the
    number (实现|产值121.97亿元), else whatever follows."""
    after = text[metric_end:clause_end]
    if after.startswith("的"):
        after = after[1:]
    stop = _FOLLOW_STOP.search(after)
    following = (after[: stop.start()] if stop else after).strip()
    preceding = bounds.without_periods(clause_start, metric_start).strip()
    if unit == "count" and len(following) >= 2:
        return following
    if preceding and not preceding.endswith(_VERBS + _PARTICLES):
        for verb in _VERBS:
            at = preceding.rfind(verb)
            if at >= 0:
                preceding = preceding[at + len(verb):]
                break
        preceding = preceding.rsplit("的", 1)[-1].strip()
        if len(preceding) >= 2:
            return preceding
    return following or preceding or None


def _subject(text: str, mentions: list[tuple[int, int, str]], kinds: dict[str, str], bounds: _Bounds,
             sentence_start: int, num_start: int) -> str | None:
    """Who the sentence is about: an organization opening one of its clauses before the number, or an
    anaphor there (公司, 园区, 该校...) resolved to the last organization of that kind named before the
    sentence in the same paragraph. NULL otherwise: the subject is never guessed."""
    for clause_start in [sentence_start] + [c + 1 for c in bounds.clauses if sentence_start <= c < num_start]:
        opener = _OPENERS.match(text, clause_start)
        at = opener.end() if opener else clause_start
        for start, _, name in mentions:
            if start == at:
                return name
        anaphor = _ANAPHOR.match(text, at)
        if anaphor:
            kind = _ANAPHORS[anaphor.group()]
            earlier = [name for start, end, name in mentions
                       if end <= sentence_start and kinds.get(name) == kind]
            return earlier[-1] if earlier else None
    return None


def extract_metrics(region: Region, org_spans: list[tuple[int, int, str]],
                    kinds: dict[str, str] | None = None) -> list[MetricRow]:
    """Metrics in one region; ``org_spans`` are (start, end, name) of organizations in its text and
    ``kinds`` maps their names to kinds (for resolving 公司/园区 to a subject)."""
    text = region.text
    rows: list[MetricRow] = []
    bounds: _Bounds | None = None
    for m in _METRIC.finditer(text):
        unit_text = m.group("unit")
        pct = m.group("pct")
        if pct is not None:
            unit_text = "百分之"
        if not unit_text:
            continue
        num_start = m.start()
        num_end = m.end("unit") if m.group("unit") else m.end("pct")
        if num_start > 0 and text[num_start - 1] == "第":
            continue
        number_end = m.end("ar") if m.group("ar") else m.end("cn") if m.group("cn") else m.end("pct")
        if _is_model_or_code(text, num_start, number_end) or _inside_short_quote(text, m.start(), m.end()):
            continue
        if any(s < number_end and num_start < e for s, e, _ in org_spans):
            continue
        if unit_text == "成" and _CHENG_WORD.match(text, m.end("unit") - 1):
            continue  # 这一成果, 成本, 成为: 成 starting a word is not a share
        unit, factor = ("percent", Decimal(1)) if pct is not None else _UNITS[unit_text]
        end = m.end()
        if unit in _DURATIONS:
            tail = text.startswith("时间", num_end)
            if not tail and not _DURATION_BEFORE.search(text, max(0, m.start() - 5), m.start()):
                continue
            if tail:
                end = m.end("unit") + 2
        pre = _pre_marker(text, num_start)
        mult2 = m.group("mult2") or ""
        if m.group("ar"):
            value = arabic_to_decimal(m.group("ar")) * MULTIPLIERS.get(m.group("mult") or "", Decimal(1))
            written_unit = (m.group("mult") or "") + mult2 + unit_text
        else:
            numeral = m.group("cn") or pct
            if numeral[0] in "百千万" and not pre:
                continue  # 千家万户, 百花齐放: a bare magnitude is a number only after 近/超/约 (近百家)
            try:
                value = (chinese_to_decimal(numeral) if not numeral[0].isdigit()
                         else arabic_to_decimal(numeral))
            except (ValueError, KeyError):
                continue
            magnitude = "" if unit == "percent" else numeral[len(numeral.rstrip("万亿")):]
            written_unit = magnitude + mult2 + unit_text
            if value < 10 and unit not in _MEASURED_UNITS and unit not in _DURATIONS:
                continue  # 两个确立, 一台台, 三次会议: small Chinese numerals are words, not counts
        value *= factor * MULTIPLIERS.get(mult2, Decimal(1))
        marker, qualifier = None, "exact"
        for word, table in ((pre, _PRE), (m.group("infix"), _INFIX), (m.group("post"), _POST)):
            if word and marker is None:
                marker, qualifier = word, table[word]
        start = num_start - len(pre) if pre else num_start
        text_written = text[start:end]
        bounds = bounds or _Bounds(text)
        c_start, c_end = bounds.clause(start, end)
        s_start, _ = bounds.sentence(start, end)
        head = text[s_start:start]
        period = bounds.period_before(s_start, start)
        nature = "target" if _TARGET.search(head) else "planned" if _PLANNED.search(head) else "actual"
        page_start, page_end = region.page_span(start, end)
        rows.append(MetricRow(
            text=text_written, value=value, unit=unit, unit_text=written_unit, qualifier=qualifier,
            qualifier_marker=marker, measure=_measure(text, bounds, c_start, start, end, c_end, unit),
            subject=_subject(text, org_spans, kinds or {}, bounds, s_start, num_start), period=period, nature=nature,
            location=region.location, context=text[c_start:c_end].strip(), article_seq=region.article_seq,
            start=page_start, end=page_end,
        ))
    return rows
