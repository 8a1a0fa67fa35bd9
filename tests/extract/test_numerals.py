"""Chinese and Arabic numerals to exact decimals."""

from decimal import Decimal

import cn2an
import pytest

from etl.extract.numerals import arabic_to_decimal, chinese_to_decimal


@pytest.mark.parametrize(("written", "value"), [
    ("三千万", 30_000_000), ("两亿", 200_000_000), ("十二", 12), ("一点五亿", 150_000_000),
    ("一万二千", 12_000), ("两亿三千万", 230_000_000), ("一百二十一点九七", Decimal("121.97")),
    ("一千零五", 1005), ("五万亿", 5 * 10**12), ("一亿零五百万", 105_000_000), ("百", 100), ("千", 1000),
])
def test_chinese_numeral_has_its_exact_value(written, value):
    assert chinese_to_decimal(written) == Decimal(value)


@pytest.mark.parametrize("n", [7, 10, 15, 20, 99, 101, 110, 1005, 2024, 30000, 120_000, 3_500_000, 10**8 + 7])
def test_chinese_numerals_agree_with_cn2an(n):
    assert chinese_to_decimal(cn2an.an2cn(n)) == n


@pytest.mark.parametrize(("written", "value"), [
    ("121.97", Decimal("121.97")), ("1,200", 1200), ("１２００", 1200), ("34.4", Decimal("34.4")),
])
def test_arabic_number_has_its_exact_value(written, value):
    assert arabic_to_decimal(written) == Decimal(value)


def test_an_unknown_character_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        chinese_to_decimal("三千块")
