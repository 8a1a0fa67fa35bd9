"""Paths shared by every test: the repository, its seed page and the shared gold annotation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "000_0c57ab9ed425abbc.txt"
SEED_PATH = REPO_ROOT / "seeds" / SEED_NAME
GOLD_DIR = REPO_ROOT.parent / "shared" / "gold"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"

# Tests write pages and run at once, so runs in the tests (and the `python -m etl run` processes they
# start, which inherit this) take files as they are; the tests of settling set it themselves.
os.environ["PAGE_SETTLE_SECONDS"] = "0"


def require_gold() -> Path:
    """The gold folder, or skip (fail on CI, where ../shared must be present) when it is missing."""
    if not GOLD_DIR.is_dir():
        reason = f"gold annotation not found at {GOLD_DIR} (expected ../shared/gold next to the repo)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return GOLD_DIR
