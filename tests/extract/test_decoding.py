"""decode_page: bytes to text strictly (UTF-8, UTF-8 with BOM, else GB18030), LF line endings, and a
``PageRejected`` with a stable reason code for everything that cannot be a newspaper page."""

from __future__ import annotations

import pytest

from etl.extract import PageRejected, extract_page
from etl.extract.decoding import decode_page

PAGE = "重庆日报讯，本市一季度工业增加值同比增长百分之六点八。\n\n记者 杨帆\n"
PATH = "pages/sample.txt"


def rejection(raw: bytes) -> PageRejected:
    with pytest.raises(PageRejected) as caught:
        decode_page(raw, PATH)
    return caught.value


def test_utf8_page_decodes_as_utf8():
    decoded = decode_page(PAGE.encode("utf-8"), PATH)
    assert (decoded.text, decoded.encoding) == (PAGE, "utf-8")


def test_utf8_with_bom_is_recorded_as_utf8_sig_and_the_bom_dropped():
    decoded = decode_page(b"\xef\xbb\xbf" + PAGE.encode("utf-8"), PATH)
    assert (decoded.text, decoded.encoding) == (PAGE, "utf-8-sig")


def test_gb18030_page_decodes_as_gb18030():
    raw = PAGE.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    decoded = decode_page(raw, PATH)
    assert (decoded.text, decoded.encoding) == (PAGE, "gb18030")


def test_gb18030_four_byte_characters_survive():
    text = "㐀㐁是扩展A区汉字，" + PAGE
    decoded = decode_page(text.encode("gb18030"), PATH)
    assert decoded.text == text


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone_cr"])
def test_line_endings_become_lf(newline):
    decoded = decode_page(PAGE.replace("\n", newline).encode("utf-8"), PATH)
    assert decoded.text == PAGE and "\r" not in decoded.text


def test_mixed_line_endings_become_lf():
    decoded = decode_page("第一行。\r\n第二行。\r第三行。\n".encode() + PAGE.encode(), PATH)
    assert decoded.text == "第一行。\n第二行。\n第三行。\n" + PAGE


def test_crlf_gb18030_page_becomes_lf():
    decoded = decode_page(PAGE.replace("\n", "\r\n").encode("gb18030"), PATH)
    assert (decoded.text, decoded.encoding) == (PAGE, "gb18030")


def test_text_is_otherwise_untouched():
    """No normalisation: ASCII and full-width punctuation, spaces and blank lines stay as written."""
    text = "\n\n\n标题 副题\n\n北碚、重庆高新区(试点)：约1000笔,占34.4%；\n\n\n"
    assert decode_page(text.encode("utf-8"), PATH).text == text


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
NEITHER = PAGE.encode("utf-8") + b"\xff\xfe\x80" + PAGE.encode("utf-8")
TRUNCATED = PAGE.rstrip("\n").encode("utf-8")[:-1]
TRUNCATED_GB18030 = PAGE.rstrip("\n").encode("gb18030")[:-1]
LATIN1_MOJIBAKE = (PAGE * 3).encode("utf-8").decode("latin-1").encode("utf-8")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (" \n\t\r\n\u3000\n".encode("utf-8"), "empty"),
        (PNG, "binary"),
        (PAGE.encode("utf-16"), "binary"),
        (NEITHER, "undecodable"),
        (TRUNCATED, "truncated"),
        (TRUNCATED_GB18030, "truncated"),
        (LATIN1_MOJIBAKE, "mojibake"),
    ],
    ids=["zero_bytes", "whitespace_only", "png_header", "utf16_nul_bytes", "neither_utf8_nor_gb18030",
         "utf8_cut_mid_character", "gb18030_cut_mid_character", "latin1_mojibake"],
)
def test_unreadable_page_is_rejected_with_its_reason(raw, reason):
    assert rejection(raw).reason == reason


def test_rejection_names_the_file_and_explains():
    error = rejection(b"")
    assert error.source_path == PATH
    assert isinstance(error.detail, str) and error.detail


def test_oversized_page_is_rejected_as_too_large():
    raw = PAGE.encode("utf-8")
    assert rejection(raw * (9 * 1024 * 1024 // len(raw))).reason == "too_large"


def test_extract_page_rejects_what_decode_page_rejects():
    with pytest.raises(PageRejected) as caught:
        extract_page(PNG, PATH)
    assert (caught.value.reason, caught.value.source_path) == ("binary", PATH)
