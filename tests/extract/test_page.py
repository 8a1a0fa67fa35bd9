"""Page assembly: ids from keys formatted in place are the ids stable_id gives."""

from __future__ import annotations

import hashlib

from etl.extract.ids import SEP, key_id, stable_id
from etl.extract.page import org_id


def _reference_id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def test_ids_are_16_hex_characters_of_the_sha256_of_the_joined_key() -> None:
    for parts in [("page", "ab" * 32), ("article", "0123456789abcdef", 3), ("metric", "0123456789abcdef", 1234),
                  ("complex", "0123456789abcdef", 2, 517), ("org", "重庆大学")]:
        assert stable_id(*parts) == _reference_id(*parts)
        assert key_id(SEP.join(map(str, parts))) == _reference_id(*parts)


def test_org_ids_are_the_stable_ids_of_their_names() -> None:
    assert org_id("重庆大学") == _reference_id("org", "重庆大学")
