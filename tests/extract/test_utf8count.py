"""Counting a character class on UTF-8 bytes gives what counting with the str regex gives."""

from __future__ import annotations

import random
import re

import pytest

from etl.extract.decoding import _CJK, _CONTROL, _LATIN, _SPACE
from etl.extract.utf8count import Utf8ClassCounter

EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)

CLASSES = {
    "whitespace": (_SPACE, r"\s"),
    "latin": (_LATIN, r"[\u0080-\u024f]"),
    "control": (_CONTROL, r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\ue000-\uf8ff\U000f0000-\U0010ffff]"),
    "cjk": (_CJK, r"[\u3400-\u4dbf\u4e00-\u9fff]"),
}


@pytest.mark.parametrize("name", CLASSES)
def test_every_code_point_is_counted_as_the_regex_class_counts_it(name: str) -> None:
    counter, pattern = CLASSES[name]
    assert counter.count(EVERY_CHARACTER.encode("utf-8")) == len(re.findall(pattern, EVERY_CHARACTER))


@pytest.mark.parametrize("name", CLASSES)
def test_mixed_text_is_counted_as_the_regex_class_counts_it(name: str) -> None:
    counter, pattern = CLASSES[name]
    rng = random.Random(name)
    sample = "".join(rng.choice(EVERY_CHARACTER[:0x3000] + "重庆日报，。（）\u3000 \n·×") for _ in range(20_000))
    assert counter.count(sample.encode("utf-8")) == len(re.findall(pattern, sample))


def test_a_single_range_inside_one_lead_byte_counts_only_its_members() -> None:
    counter = Utf8ClassCounter([(0x4E2D, 0x4E2D)])  # 中 alone
    assert counter.count("中国中心".encode()) == 2


def test_overlapping_and_adjacent_ranges_are_merged() -> None:
    counter = Utf8ClassCounter([(0x41, 0x43), (0x42, 0x45), (0x46, 0x46)])
    assert counter.count(b"ABCDEFG") == 6


def test_empty_bytes_count_zero() -> None:
    assert _CJK.count(b"") == 0


def test_the_census_counts_each_class_as_its_counter_does() -> None:
    from etl.extract.utf8count import Utf8Census

    counters = [counter for counter, _ in CLASSES.values()]
    census = Utf8Census(counters)
    rng = random.Random("census")
    sample = "".join(rng.choice(EVERY_CHARACTER[:0x3000] + "重庆日报，。（）\u3000 \n·×") for _ in range(20_000))
    for text in (EVERY_CHARACTER, sample, "", "中文" * 50, "\u3000中\n" * 30):
        data = text.encode("utf-8")
        expected = [counter.count(data) for counter in counters]
        assert census.count(data) == expected
        assert census.count(data, len(text)) == expected  # the CJK count left from the character count
