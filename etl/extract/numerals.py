"""Numbers as written in Chinese news text, to exact decimals: 121.97亿, 三千万, 一点五, 百分之十二."""

from __future__ import annotations

from decimal import Decimal

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
               "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "十百千万亿点"


def _integer(text: str) -> int:
    """An integer in Chinese numerals (三千万, 一万二千, 十五, 两亿三千万)."""
    total = section = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10**4
            section = digit = 0
        elif ch == "亿":
            # 亿 multiplies everything before it (五万亿 = 5e12); 万 only its own section
            total = (total + section + digit) * 10**8
            section = digit = 0
        else:
            raise ValueError(f"not a Chinese numeral character: {ch!r} in {text!r}")
    return total + section + digit


def chinese_to_decimal(text: str) -> Decimal:
    """Exact value of a Chinese numeral, with an optional decimal part (一点五 -> 1.5)."""
    whole, _, frac = text.partition("点")
    if frac and any(ch not in _DIGITS for ch in frac):
        # 一点五亿: the magnitude after the fraction applies to the whole number
        digits = "".join(ch for ch in frac if ch in _DIGITS)
        tail = frac[len(digits):]
        base = chinese_to_decimal(f"{whole}点{digits}")
        return base * MULTIPLIERS[tail]
    value = Decimal(_integer(whole)) if whole else Decimal(0)
    if frac:
        value += Decimal("0." + "".join(str(_DIGITS[ch]) for ch in frac))
    return value


_HALF_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def arabic_to_decimal(text: str) -> Decimal:
    """Exact value of an Arabic number as written (1,200 / 121.97 / full-width digits)."""
    if not text.isascii():  # most numbers are plain ASCII: no table lookups for them
        text = text.translate(_HALF_WIDTH)
    return Decimal(text.replace(",", "") if "," in text else text)
