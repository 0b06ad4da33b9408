"""Format readers: bytes of one file in, its text and what it says about itself out.

Each reader is a function ``(data: bytes, name: str, settings: Settings) -> RawText``
registered for its extensions in :data:`READERS`. Readers convert every third-party
exception into a :class:`~luoshi.errors.ReadError` naming the file and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError

__all__ = [
    "EXTENSIONS",
    "READERS",
    "RawText",
    "Reader",
    "is_plain_text",
    "reader_for",
    "text_limit_error",
]


@dataclass
class RawText:
    """A reader's output: the document text as decoded, before normalisation."""

    text: str
    format: str
    encoding: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    warnings: list[str] = field(default_factory=list)


Reader = Callable[[bytes, str, Settings], RawText]


def text_limit_error(name: str, chars: int, limit: int) -> DocumentTooLargeError:
    """The error for a document whose text runs past ``limit`` characters (``chars`` read,
    or a lower bound of them)."""
    have, most = f"{chars / 1e6:.1f}", f"{limit / 1e6:.1f}"
    return DocumentTooLargeError(
        f"{name}: the text runs past the limit of {most} million characters ({have} million"
        " read; set LUOSHI_MAX_TEXT_CHARS to raise it)",
        zh=f"{name}：文字超过 {most} 百万字的上限（已读到 {have} 百万字；可设置"
        " LUOSHI_MAX_TEXT_CHARS 调高）",
    )


# Extension → (module, function). Modules import on first use, so reading a .txt never
# pays for the PDF and HTML libraries.
_BY_EXTENSION: dict[str, tuple[str, str]] = {
    ".txt": ("text", "read_text"),
    ".text": ("text", "read_text"),
    ".md": ("text", "read_text"),
    ".markdown": ("text", "read_text"),
    ".html": ("html", "read_html"),
    ".htm": ("html", "read_html"),
    ".shtml": ("html", "read_html"),
    ".docx": ("docx", "read_docx"),
    ".pdf": ("pdf", "read_pdf"),
}

#: Extensions luoshi reads.
EXTENSIONS: tuple[str, ...] = tuple(_BY_EXTENSION)

READERS: dict[str, Reader] = {}


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def is_plain_text(name: str) -> bool:
    """Whether ``name`` is read as plain text or Markdown: every character is in its bytes."""
    return _BY_EXTENSION.get(_extension(name), ("",))[0] == "text"


def reader_for(name: str) -> Reader | None:
    """The reader for a file name's extension, or None when luoshi reads no such format."""
    ext = _extension(name)
    if ext not in READERS:
        if ext not in _BY_EXTENSION:
            return None
        module, function = _BY_EXTENSION[ext]
        reader: Reader = getattr(import_module(f"luoshi.reading.formats.{module}"), function)
        READERS[ext] = reader
    return READERS[ext]
