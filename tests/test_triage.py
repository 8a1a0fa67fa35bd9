"""Each page ends up either as frames to load or as a rejection naming stage and reason."""

from __future__ import annotations

import pytest

from etl import triage
from etl.triage import Rejection, extract_or_reject
from tests.conftest import SEED_NAME, SEED_PATH


def test_the_seed_page_yields_valid_frames_with_one_page_row() -> None:
    verdict = extract_or_reject(SEED_PATH.read_bytes(), SEED_NAME)
    assert isinstance(verdict, dict)
    assert verdict["pages"]["source_path"].to_list() == [SEED_NAME]


def test_a_page_the_extractor_refuses_becomes_a_rejection() -> None:
    verdict = extract_or_reject(b"", "empty.txt")
    assert verdict == Rejection("empty.txt", "decode", "empty", "the file has 0 bytes")


def test_an_extractor_crash_becomes_a_rejection_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(raw: bytes, source_path: str) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(triage, "extract_page", crash)
    verdict = extract_or_reject(b"x", "a.txt")
    assert isinstance(verdict, Rejection)
    assert (verdict.stage, verdict.reason) == ("extract", "extractor_error")
    assert "IndexError" in verdict.detail


def test_frames_that_fail_validation_become_a_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    real = triage.extract_page

    def bad_ids(raw: bytes, source_path: str):
        tables = real(raw, source_path)
        return type(tables)(**{**tables.as_dict(), "pages": tables.pages.with_columns(
            tables.pages["page_id"].str.to_uppercase())})

    monkeypatch.setattr(triage, "extract_page", bad_ids)
    verdict = extract_or_reject(SEED_PATH.read_bytes(), SEED_NAME)
    assert isinstance(verdict, Rejection)
    assert (verdict.stage, verdict.reason) == ("validate", "matches_model")
    assert "page_id" in verdict.detail
