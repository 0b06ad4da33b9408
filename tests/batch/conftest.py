"""Batch fixtures: one quiet Spark session for every Spark test, the store fixtures, inputs.

Starting Spark costs seconds, so the Spark tests share one ``local[2]`` session, stopped
(with its JVM) at the end. They skip, with the reason, when PySpark or Java is absent;
CI installs both, so there they run for real.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DOC_NAMES, DOCS, need_corpus
from tests.store.conftest import open_url, pg_server, store, store_url  # noqa: F401

#: The reasons the two malformed inputs fail, as the failures dataset records them.
BROKEN = {"broken.pdf", "empty.txt"}


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A shared ``local[2]`` Spark session (skips without PySpark or Java)."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'luoshi[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no Java on PATH; Spark needs Java 17 (apt-get install default-jre-headless)")
    from luoshi.batch.spark import spark_session

    session = spark_session("local[2]", app_name="luoshi tests")
    try:
        yield session
    finally:
        session.stop()


def make_input(folder: Path, copies: int = 0) -> Path:
    """The three real documents, ``copies`` varied copies of them, and two malformed files."""
    need_corpus()
    folder.mkdir(parents=True, exist_ok=True)
    for name in DOC_NAMES:
        data = (DOCS / name).read_bytes()
        (folder / name).write_bytes(data)
        for i in range(copies):
            # a distinct document per copy: its own bytes, so its own content hash
            (folder / f"copy{i:03d}-{name}").write_bytes(data + f"\n（第{i}份）\n".encode())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf at all")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.xyz").write_bytes(b"not a format luoshi reads: not an input")
    return folder


@pytest.fixture
def batch_input(tmp_path: Path) -> Path:
    """A folder of the real documents and two malformed files (skips without the corpus)."""
    return make_input(tmp_path / "in")
