"""Bytes to text, strictly: UTF-8 (with or without BOM), else GB18030; never lossy.

Every failure raises ``PageRejected`` with a reason code, so the pipeline can quarantine the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.extract.errors import PageRejected
from etl.extract.utf8count import Utf8Census, Utf8ClassCounter

#: Pages above this size are refused rather than parsed: an e-paper page is tens of kB, so anything
#: this large is an export gone wrong, and refusing it keeps memory bounded.
MAX_PAGE_BYTES = 8 * 1024 * 1024

_BINARY_MAGIC = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive", b"GIF8": "GIF image", b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "ELF binary", b"\xd0\xcf\x11\xe0": "MS Office document",
}
_MAGICS = tuple(_BINARY_MAGIC)


@dataclass(frozen=True)
class DecodedPage:
    text: str
    encoding: str


# The character classes the check counts (as inclusive code point ranges, counted on UTF-8 bytes).
_SPACE = Utf8ClassCounter([(0x09, 0x0D), (0x1C, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680),
                           (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F),
                           (0x3000, 0x3000)])  # exactly what ``\s`` matches in a str regex
_LATIN = Utf8ClassCounter([(0x80, 0x24F)])
# control characters (C0 less tab/newline, DEL, C1), zero-width marks and private-use code points:
# what binary bytes or a wrong multi-byte decoding produce
_CONTROL = Utf8ClassCounter([(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0x200B, 0x200F),
                             (0xE000, 0xF8FF), (0xF0000, 0x10FFFF)])
_CJK = Utf8ClassCounter([(0x3400, 0x4DBF), (0x4E00, 0x9FFF)])
#: The four counts together (one pass over the bytes for the leads each class holds whole).
_COUNTS = Utf8Census([_SPACE, _LATIN, _CONTROL, _CJK])


def _check_plausible(text: str, utf8: bytes, source_path: str, encoding: str) -> None:
    """Refuse text that decodes but cannot be a Chinese newspaper page (mojibake, control bytes).

    ``utf8`` is ``text`` encoded as UTF-8: the counts run on bytes (see ``utf8count``).
    """
    spaces, latin, controls, cjk = _COUNTS.count(utf8, len(text))
    visible = len(text) - spaces
    if not visible:
        raise PageRejected(source_path, "empty", "the page holds only whitespace")
    # UTF-8 read as Latin-1/cp1252 turns every Chinese character into 2-3 characters from
    # U+0080-U+024F (C1 controls, Ã, å, ç...): check that before calling the page binary.
    if latin > 0.05 * visible:
        raise PageRejected(source_path, "mojibake",
                           f"{latin} Latin-1/C1 characters among {visible}: looks like UTF-8 "
                           "decoded with the wrong code page")
    if controls > 0.01 * visible:
        raise PageRejected(source_path, "binary",
                           f"{controls} control or private-use characters in {visible} decoded as "
                           f"{encoding}: not a text page")
    if cjk < 0.2 * visible:
        raise PageRejected(source_path, "mojibake",
                           f"only {cjk} of {visible} visible characters are Chinese when decoded "
                           f"as {encoding}: not a Chinese newspaper page")


def decode_page(raw: bytes, source_path: str) -> DecodedPage:
    """Decode a page strictly and normalise line endings to LF."""
    if not raw:
        raise PageRejected(source_path, "empty", "the file has 0 bytes")
    if len(raw) > MAX_PAGE_BYTES:
        raise PageRejected(source_path, "too_large",
                           f"{len(raw)} bytes exceeds the {MAX_PAGE_BYTES}-byte limit for one page")
    if raw.startswith(_MAGICS):  # one test for all; which one only for the rare binary file
        for magic, what in _BINARY_MAGIC.items():
            if raw.startswith(magic):
                raise PageRejected(source_path, "binary", f"the file starts like a {what}, not text")
    if b"\x00" in raw:
        raise PageRejected(source_path, "binary", "the file contains NUL bytes (UTF-16 or binary)")
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data" and utf8_error.end == len(raw):
            raise PageRejected(source_path, "truncated",
                               f"the file ends in the middle of a UTF-8 character at byte "
                               f"{utf8_error.start}: it was cut or is still being written") from None
        try:
            text = raw.decode("gb18030")
            encoding = "gb18030"
        except UnicodeDecodeError as gb_error:
            # GB18030 text whose last character lost its trailing bytes: a cut file, not a wrong encoding.
            if gb_error.reason == "incomplete multibyte sequence" and gb_error.end == len(raw):
                raise PageRejected(source_path, "truncated",
                                   f"the file ends in the middle of a GB18030 character at byte "
                                   f"{gb_error.start}: it was cut or is still being written") from None
            raise PageRejected(source_path, "undecodable",
                               f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and not "
                               f"GB18030 ({gb_error.reason} at byte {gb_error.start})") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # UTF-8 input is already the bytes of ``text`` once the BOM and CRs are gone; re-encoding is the
    # exception (GB18030 pages and pages with CRs).
    utf8 = raw[3:] if encoding == "utf-8-sig" else raw
    if encoding == "gb18030" or b"\r" in utf8:
        utf8 = text.encode("utf-8")
    _check_plausible(text, utf8, source_path, encoding)
    return DecodedPage(text=text, encoding=encoding)
