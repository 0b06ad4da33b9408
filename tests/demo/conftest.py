"""Demo fixtures: the store tests' SQLite and PostgreSQL stores, and one built demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi.demo import DemoSummary, build_demo
from luoshi.store import Store, open_store
from tests.store.conftest import open_url, pg_server, store, store_url

__all__ = ["built", "open_url", "pg_server", "store", "store_url"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    """One SQLite store with the demo built, shared by a module's read-only checks."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = open_store(f"sqlite:///{path}")
    s.migrate()
    summary = build_demo(s)
    yield s, summary
    s.close()
