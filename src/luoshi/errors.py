"""One error tree for luoshi.

::

    LuoshiError
    ├── ReadError               a document cannot be read (format, encoding, size, damage)
    │   ├── UnsupportedFormatError   the file's extension or content is not one luoshi reads
    │   ├── ScannedDocumentError     a PDF with no text layer: scanned, needs OCR
    │   └── DocumentTooLargeError    over the configured size or expansion limit
    ├── ExtractError            the extraction pipeline is misconfigured or fails on a document
    │   └── PipelineConfigError      components that do not fit together
    ├── StoreError              the plan store refuses or fails an operation
    └── TrackError              progress, comparison or index inputs that cannot be used

Every message names the offending value and, where there are any, the valid options.
"""

from __future__ import annotations

__all__ = [
    "DocumentTooLargeError",
    "ExtractError",
    "LuoshiError",
    "PipelineConfigError",
    "ReadError",
    "ScannedDocumentError",
    "StoreError",
    "TrackError",
    "UnsupportedFormatError",
]


class LuoshiError(Exception):
    """Root of every error luoshi raises on purpose."""


class ReadError(LuoshiError):
    """A document could not be read."""


class UnsupportedFormatError(ReadError):
    """The file's extension or content is not a format luoshi reads."""


class ScannedDocumentError(ReadError):
    """A PDF without a text layer: it must go through OCR first."""


class DocumentTooLargeError(ReadError):
    """A document over the size limit, or an archive that expands past it."""


class ExtractError(LuoshiError):
    """The extraction pipeline failed."""


class PipelineConfigError(ExtractError):
    """Pipeline components whose requirements are not met by the components before them."""


class StoreError(LuoshiError):
    """The plan store refused or failed an operation."""


class TrackError(LuoshiError):
    """Tracking inputs that cannot be used: mismatched shapes, unknown methods, empty data."""
