"""The fast scans in metrics.py find exactly what the plain ones would, on random text made of the tokens
the rules care about (numerals, units, quotes, stops, time words)."""

import random
import re
from decimal import Decimal

import pytest

from etl.extract.metrics import (
    _AR,
    _CLAUSE_END,
    _CN,
    _DURATION_BEFORE,
    _DURATION_LAST,
    _METRIC,
    _PERIOD,
    _POST,
    _SLOGAN_QUOTES,
    _UNITS,
    _alternation,
    _in_quote,
    _region_quotes,
    _Scope,
)
from etl.extract.numerals import MULTIPLIERS
from etl.extract.text import trie_pattern

_TOKENS = [*"0123456789０１２３４５６７８９一二两三四五六七八九十百千万亿零〇点余多分之,.．%/-年月日天个人家项成元截至",
           "百分之", "时间", "美元", "平方米", "个百分点", "台/年", "以上", "左右", "约", "超过", "近",
           "“", "”", "《", "》", "，", "；", "。", "！", "？", " ", "\u3000", "年底", "今年", "去年", "前", "以来",
           "上半年", "一季度", "全年", "未来", "年内", "近期", "目前", "该项目", "项目建成后", "—", "~", "到",
           "2024", "1,200", "121.97", "三千", "截至", "截至", "2024年", "2025年", " — ", "年底", "日",
           "季度", "月份", "个月", "号", "1-4月", "1至2月", "12月", "前三季度", "前两个月", "三季度", "较", "比"]

#: The metric pattern as first written: a lookahead, then the branches with their whole numbers.
_PLAIN_METRIC = re.compile(
    r"(?=[0-9０-９一二两三四五六七八九十百千万])"
    rf"(?:百分之(?P<pct>{_CN}|{_AR})"
    rf"|(?:(?P<ar>{_AR})(?P<mult>{_alternation(MULTIPLIERS)})?|(?P<cn>{_CN}))"
    rf"(?P<infix>余|多)?(?P<mult2>{_alternation(MULTIPLIERS)})?(?P<unit>{_alternation(_UNITS)}))"
    rf"(?P<post>{_alternation(_POST)})?"
)


#: The time-expression pattern as first written: a lookahead of the characters an expression starts with, then the
#: alternatives in their order.
_PLAIN_PERIOD = re.compile(
    r"(?=[截0-9今去前明一二三四五六七八九十未近该此项日目当上下全])(?:"
    r"截至(?:[^，,。；;]{2,12}?(?:年底|年末|月底|月末|底|末|日)|目前|今)"
    r"|[0-9]{4}年(?:[0-9]{1,2}月)?\s*[—\-–~至到]+\s*[0-9]{4}年(?:[0-9]{1,2}月)?"
    r"|(?:[0-9]{4}|今|去|前|明)年(?:以来|全年|上半年|下半年|[一二三四]季度|前[一二三四五六七八九十0-9]{1,2}个?月|"
    r"[0-9]{1,2}\s*[—\-–~至到]\s*[0-9]{1,2}月(?:份)?|[0-9]{1,2}月(?:份)?|底|末)?"
    r"|(?:[0-9]+|[一二三四五六七八九十]+)年内"
    r"|(?<![较比—\-–~至到0-9])(?:[0-9]{1,2}\s*[—\-–~至到]\s*[0-9]{1,2}月(?:份)?|[0-9]{1,2}月(?:份)?(?![0-9０-９日号]))"
    r"|前[两一二三四五六七八九十0-9]{1,2}个?月|前三季度"
    r"|未来[0-9一二三四五六七八九十]+年|近[0-9一二三四五六七八九十]+年"
    r"|(?:该|此)?项目(?:建成|完成|投产)后|近期|近日|日前|目前|当前|上半年|下半年|[一二三四]季度|全年"
    r")"
)

def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 40))) for _ in range(count)]


@pytest.mark.parametrize("seed", [1, 2])
def test_metric_scan_matches_the_plain_pattern(seed):
    for text in _texts(seed, 3000):
        fast = [(m.span(), m["pct"], m["unit"], m["post"] or None, m["mult2"] or None) for m in _METRIC.finditer(text)]
        plain = [(m.span(), m["pct"], m["unit"], m["post"], m["mult2"]) for m in _PLAIN_METRIC.finditer(text)]
        assert fast == plain, text


@pytest.mark.parametrize("seed", [11, 12])
def test_period_scan_matches_the_plain_pattern(seed):
    rng = random.Random(seed)
    tokens = [*_TOKENS, *"明未来期目当上下半季度份内该此项建完投产后–9", "2024年3月", "前3个月", "二十年内", "此项目"]
    found = 0
    for _ in range(6000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 30)))
        expected = [m.span() for m in _PLAIN_PERIOD.finditer(text)]
        assert [m.span() for m in _PERIOD.finditer(text)] == expected, text
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        bounded = [m.span() for m in _PLAIN_PERIOD.finditer(text, start, end)]
        assert [m.span() for m in _PERIOD.finditer(text, start, end)] == bounded, (text, start, end)
        found += len(expected)
    assert found > 5000  # the texts hold many time expressions


def test_a_unit_trie_matches_like_the_alternation_longest_first():
    trie = re.compile(f"(?:{trie_pattern(_UNITS, '个年元')})(?P<after>多|)")
    alternation = re.compile(f"(?:{_alternation(_UNITS)})(?P<after>多|)")
    assert all(trie.fullmatch(unit) for unit in _UNITS)
    rng = random.Random(13)
    pieces = [*_UNITS, *"个平方千瓦公台/年多"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)], text

def _assert_periods_as_whole_scan(text: str, pairs: list[tuple[int, int]]) -> None:
    whole = [m.span() for m in _PERIOD.finditer(text)]
    scope = _Scope(text, [], {})
    for sentence_start, start in pairs:
        expected = [(a, b) for a, b in whole if a >= sentence_start and b <= start]
        assert scope.periods(sentence_start, start) == expected, (text, sentence_start, start)


@pytest.mark.parametrize("seed", [3, 4])
def test_periods_of_a_stretch_are_those_of_the_whole_region(seed):
    for text in _texts(seed, 600):
        _assert_periods_as_whole_scan(text, [(s, e) for e in range(len(text) + 1) for s in {0, e // 2, e}])


@pytest.mark.parametrize("text", ["截至今年！2024年底", "2020年 — 2024年底项目", "截至3月；底前年底"])
def test_a_time_expression_may_hold_an_exclamation_mark_or_spaces(text):
    """So neither can bound the stretch scanned for time expressions (only 。；; can)."""
    _assert_periods_as_whole_scan(text, [(s, e) for e in range(len(text) + 1) for s in range(e + 1)])


def test_a_measured_duration_ends_in_one_of_the_pretested_characters():
    """``extract_metrics`` only searches ``_DURATION_BEFORE`` after one of ``_DURATION_LAST``."""
    words, suffixes = re.fullmatch(r"\(\?:([^)]*)\)\[([^]]*)\]\?\$", _DURATION_BEFORE.pattern).groups()
    for word in words.split("|"):
        for text in [word, *(word + s for s in suffixes)]:
            assert _DURATION_BEFORE.search(text), text
            assert text[-1] in _DURATION_LAST, text
    rng = random.Random(5)
    pieces = [*words.split("|"), *suffixes, *"年时间用为达，。3"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
        if _DURATION_BEFORE.search(text):
            assert text[-1] in _DURATION_LAST, text


def _in_short_quote_plainly(text: str, start: int, end: int) -> bool:
    """The quote test as first written, number by number: the last opener of each kind before the number, the
    first closer after it, and the quote between them."""
    for opener, closer in _SLOGAN_QUOTES.items():
        left = text.rfind(opener, 0, start)
        if left < 0 or (opener == closer and text.count(opener, 0, start) % 2 == 0):
            continue
        right = text.find(closer, end)
        if right < 0 or text.find(closer, left + 1, start) >= 0:
            continue
        inner = text[left + 1: right]
        if opener == "《" or (len(inner) <= 15 and not any(c in inner for c in _CLAUSE_END)):
            return True
    return False


@pytest.mark.parametrize("seed", [6, 7])
def test_quotes_hold_the_numbers_the_plain_test_finds_quoted(seed):
    rng = random.Random(seed)
    tokens = ["3个", "5元", "“", "”", "《", "》", "‘", "’", "「", "」", "『", "』", "\"", "，", " ", "甲", "乙丙丁"]
    quoted = 0
    for _ in range(3000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 30)))
        spans = _region_quotes(text)
        for m in _METRIC.finditer(text):
            expected = _in_short_quote_plainly(text, m.start(), m.end())
            assert _in_quote(text, spans, m.start(), m.end()) == expected, (text, m.span())
            quoted += expected
    assert quoted > 1000  # the texts put many numbers in quotes


def test_a_number_read_as_a_float_is_the_float_of_its_decimal():
    """``extract_metrics`` reads a number with nothing to scale it by straight to a float: the same float as the
    exact decimal gives (both round the written digits once)."""
    rng = random.Random(8)
    for _ in range(20000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 22)))
        number = digits if rng.random() < 0.3 else f"{digits}.{rng.randint(0, 10 ** rng.randint(1, 12))}"
        assert float(number) == float(Decimal(number)), number
