"""Deterministic ids: 16 hex characters of a sha256 over a stable key, so re-runs give identical rows."""

from __future__ import annotations

try:
    # CPython's built-in sha256 (the same digest as hashlib's OpenSSL one): for keys of a few dozen bytes
    # it skips OpenSSL's per-call setup and is about twice as fast; an id costs well under a microsecond.
    from _sha256 import sha256 as _sha256  # CPython <= 3.11
except ImportError:  # pragma: no cover - depends on the interpreter build
    try:
        from _sha2 import sha256 as _sha256  # CPython >= 3.12
    except ImportError:
        from hashlib import sha256 as _sha256

#: Joins a key's parts: a character no part contains, so different parts never give the same key.
SEP = "\x1f"


def key_id(key: str) -> str:
    """The id of an already joined key: ``key_id(f"page{SEP}{sha}") == stable_id("page", sha)``."""
    # the first 8 bytes in hex are the first 16 hex digits; str.encode's default is UTF-8 (and it skips the name)
    return _sha256(key.encode()).digest()[:8].hex()


def stable_id(*parts: object) -> str:
    """Hash the parts (joined by an unambiguous separator) into a 16-hex-character id."""
    return _sha256(SEP.join(map(str, parts)).encode()).digest()[:8].hex()
