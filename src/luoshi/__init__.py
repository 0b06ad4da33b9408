"""luoshi (落实): carry a Chinese county's or city's development plan from paper to results.

The library in four calls::

    from luoshi import read_document, extract
    doc = read_document("plan.docx")          # clean, simplified, outlined text
    result = extract(doc)                      # statements and frameworks
    for s in result.statements:
        print(s.indicator, s.kind, s.base_value, s.base_unit, s.year)
"""

from __future__ import annotations

from luoshi.config import Settings
from luoshi.errors import (
    DocumentTooLargeError,
    ExtractError,
    LuoshiError,
    PipelineConfigError,
    ReadError,
    ScannedDocumentError,
    StoreError,
    TrackError,
    UnsupportedFormatError,
)
from luoshi.extract import Extraction, Framework, Pipeline, Statement, extract
from luoshi.reading import Document, Metadata, read_bytes, read_document

__version__ = "0.1.0"

__all__ = [
    "Document",
    "DocumentTooLargeError",
    "ExtractError",
    "Extraction",
    "Framework",
    "LuoshiError",
    "Metadata",
    "Pipeline",
    "PipelineConfigError",
    "ReadError",
    "ScannedDocumentError",
    "Settings",
    "Statement",
    "StoreError",
    "TrackError",
    "UnsupportedFormatError",
    "__version__",
    "extract",
    "read_bytes",
    "read_document",
]
