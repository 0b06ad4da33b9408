"""Shared test fixtures: where the shared corpus is, and skipping when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
DOCS = CORPUS / "docs"
GOLD = CORPUS / "gold"
NATIONAL = CORPUS / "national-gwr"
DOC_NAMES = ("lanxian-123.txt", "county-x-plenary-2022.txt", "linfen-commentary-2025.txt")


def need_corpus() -> Path:
    """The corpus folder, or skip the test with the reason."""
    if not DOCS.is_dir():
        pytest.skip(f"the shared corpus is not beside the repository ({DOCS} is absent)")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder (skips when absent)."""
    return need_corpus()
