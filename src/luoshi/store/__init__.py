"""The plan store: documents, statements, targets, observations and frameworks in SQL.

``open_store(url)`` opens SQLite or PostgreSQL; ``Store.migrate()`` creates or upgrades
the schema; ``ingest_paths`` reads, extracts and stores documents; ``import_table``
loads statistical-yearbook tables of observations.
"""

from __future__ import annotations

from luoshi.store.db import Store, open_store
from luoshi.store.imports import ImportSummary, import_table
from luoshi.store.ingest import IngestSummary, ingest_paths

__all__ = ["ImportSummary", "IngestSummary", "Store", "import_table", "ingest_paths", "open_store"]
