"""Plain text and Markdown."""

from __future__ import annotations

import re

from luoshi.config import Settings
from luoshi.reading.encoding import decode_bytes
from luoshi.reading.formats import RawText

__all__ = ["read_text"]

_MD_MARKUP = re.compile(r"^(#{1,6})\s+|^\s*[-*+]\s+(?=\S)|\*\*|__", re.M)


def read_text(data: bytes, name: str, settings: Settings) -> RawText:
    """Decode a .txt or .md file; Markdown keeps its text, its markup is left to normalisation."""
    decoded = decode_bytes(data, name)
    raw = RawText(
        text=decoded.text,
        format="markdown" if name.lower().endswith((".md", ".markdown")) else "text",
        encoding=decoded.encoding,
    )
    if decoded.warning:
        raw.warnings.append(decoded.warning)
    return raw
