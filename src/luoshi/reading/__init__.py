"""Reading: any policy document in, one clean simplified outlined :class:`Document` out.

``read_document(path)`` picks the reader for the file's format, decodes, normalises
(encoding, script, pinyin annotations, mojibake, full-width forms, layout), splits
paragraphs and sentences, finds the heading outline and the document's metadata.
"""

from __future__ import annotations

import os
from pathlib import Path

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError, ReadError, UnsupportedFormatError
from luoshi.reading.document import Document, Metadata, OffsetMap, Span
from luoshi.reading.formats import RawText, reader_for
from luoshi.reading.metadata import detect_metadata
from luoshi.reading.normalize import normalize
from luoshi.reading.outline import segment

__all__ = [
    "Document",
    "Metadata",
    "OffsetMap",
    "Span",
    "document_from_raw",
    "read_bytes",
    "read_document",
]


def read_document(path: str | os.PathLike[str], settings: Settings | None = None) -> Document:
    """Read the file at ``path`` into a normalised, segmented :class:`Document`.

    Raises :class:`~luoshi.errors.ReadError` (or a subclass) naming the file and the reason.
    """
    settings = settings or Settings()
    p = Path(path)
    name = p.name
    if reader_for(name) is None:
        raise UnsupportedFormatError(
            f"{p}: unknown file type {p.suffix or '(no extension)'!r}; "
            "luoshi reads .txt, .md, .html, .htm, .docx and .pdf",
            zh=f"{p}：无法识别的文件类型 {p.suffix or '（无扩展名）'!r}；"
            "可读取 .txt、.md、.html、.htm、.docx 和 .pdf 文件",
        )
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReadError(
            f"{p}: cannot open ({exc.strerror or exc})", zh=f"{p}：无法打开该文件"
        ) from exc
    if not p.is_file():
        raise ReadError(f"{p}: not a regular file", zh=f"{p}：不是普通文件")
    _check_size(str(p), size, settings)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(
            f"{p}: cannot read ({exc.strerror or exc})", zh=f"{p}：无法读取该文件"
        ) from exc
    return read_bytes(data, name, settings)


def _check_size(name: str, size: int, settings: Settings) -> None:
    if size > settings.max_file_bytes:
        most = settings.max_file_bytes / 2**20
        raise DocumentTooLargeError(
            f"{name}: {size / 2**20:.0f} MB is over the {most:.0f} MB "
            "limit (set LUOSHI_MAX_FILE_MB to raise it)",
            zh=f"{name}：大小 {size / 2**20:.0f} MB，超过 {most:.0f} MB 的上限"
            "（可设置 LUOSHI_MAX_FILE_MB 调高）",
        )


def read_bytes(data: bytes, name: str, settings: Settings | None = None) -> Document:
    """Read a document from its bytes; ``name`` (a file name) selects the format."""
    settings = settings or Settings()
    reader = reader_for(name)
    if reader is None:
        raise UnsupportedFormatError(
            f"{name}: unknown file type; luoshi reads .txt, .md, .html, .htm, .docx and .pdf",
            zh=f"{name}：无法识别的文件类型；可读取 .txt、.md、.html、.htm、.docx 和 .pdf 文件",
        )
    _check_size(name, len(data), settings)
    if not data.strip():
        raise ReadError(f"{name}: empty file", zh=f"{name}：空文件")
    raw = reader(data, name, settings)
    return document_from_raw(raw, name)


def document_from_raw(raw: RawText, name: str) -> Document:
    """Normalise and segment a reader's output into a :class:`Document`."""
    if not raw.text.strip():
        raise ReadError(f"{name}: no text in the document", zh=f"{name}：文件中没有文字")
    text, offsets, notes = normalize(
        raw.text, markdown=raw.format == "markdown", paged=raw.format == "pdf"
    )
    if not text.strip():
        raise ReadError(
            f"{name}: no readable text after cleaning", zh=f"{name}：清理后没有可读的文字"
        )
    doc = Document(
        name=name,
        text=text,
        source=raw.text,
        offsets=offsets,
        format=raw.format,
        encoding=raw.encoding,
        warnings=[*raw.warnings, *notes],
    )
    segment(doc)
    doc.meta = detect_metadata(doc, title=raw.title, date=raw.date, source=raw.source)
    return doc
