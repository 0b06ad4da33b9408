"""luoshi (落实): carry a Chinese county's or city's development plan from paper to results."""

from __future__ import annotations

from luoshi.errors import (
    DocumentTooLargeError,
    ExtractError,
    LuoshiError,
    PipelineConfigError,
    ReadError,
    ScannedDocumentError,
    StoreError,
    UnsupportedFormatError,
)

__version__ = "0.1.0"

__all__ = [
    "DocumentTooLargeError",
    "ExtractError",
    "LuoshiError",
    "PipelineConfigError",
    "ReadError",
    "ScannedDocumentError",
    "StoreError",
    "UnsupportedFormatError",
    "__version__",
]
