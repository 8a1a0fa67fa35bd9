"""Deterministic ids: 16 hex characters of a sha256 over a stable key, so re-runs give identical rows."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object) -> str:
    """Hash the parts (joined by an unambiguous separator) into a 16-hex-character id."""
    key = "\x1f".join(map(str, parts))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
