"""Reading: any policy document in, one clean simplified outlined :class:`Document` out.

``read_document(path)`` picks the reader for the file's format, decodes, normalises
(encoding, script, pinyin annotations, mojibake, full-width forms, layout), splits
paragraphs and sentences, finds the heading outline and the document's metadata.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError, ReadError, UnsupportedFormatError
from luoshi.reading.document import Document, Metadata, OffsetMap, Span
from luoshi.reading.formats import RawText, is_plain_text, reader_for, text_limit_error
from luoshi.reading.metadata import detect_metadata
from luoshi.reading.normalize import normalize
from luoshi.reading.outline import segment

__all__ = [
    "Document",
    "Metadata",
    "OffsetMap",
    "Span",
    "cannot_read",
    "document_from_raw",
    "file_too_large",
    "read_bytes",
    "read_document",
]


_FORMATS = ".txt、.md、.html、.htm、.docx 和 .pdf"
_FORMATS_EN = ".txt, .md, .html, .htm, .docx and .pdf"


def read_document(path: str | os.PathLike[str], settings: Settings | None = None) -> Document:
    """Read the file at ``path`` into a normalised, segmented :class:`Document`.

    Raises :class:`~luoshi.errors.ReadError` (or a subclass) naming the file and the reason.
    """
    settings = settings or Settings()
    p = Path(path)
    name = p.name
    if reader_for(name) is None:
        raise UnsupportedFormatError(
            f"{p}: unknown file type {p.suffix or '(no extension)'!r}; luoshi reads {_FORMATS_EN}",
            zh=f"{p}：不支持的文件类型 {p.suffix or '（无扩展名）'}，可读取 {_FORMATS}",
        )
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise cannot_read(str(p), exc) from exc
    if not p.is_file():
        raise ReadError(f"{p}: not a regular file", zh=f"{p}：不是普通文件")
    _check_size(str(p), size, settings)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise cannot_read(str(p), exc) from exc
    return read_bytes(data, name, settings)


# The system's reasons a file cannot be read, in Chinese (strerror gives English only).
_OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "磁盘读写错误",
}


def cannot_read(name: str, exc: OSError) -> ReadError:
    """The error for a file the system would not let us read."""
    zh = _OS_REASONS.get(exc.errno or 0, "系统拒绝读取")
    return ReadError(
        f"{name}: cannot read ({exc.strerror or 'I/O error'})", zh=f"{name}：无法读取文件：{zh}"
    )


def file_too_large(name: str, size: int, settings: Settings) -> DocumentTooLargeError:
    """The error for a file of ``size`` bytes, over ``settings.max_file_bytes``."""
    mb, limit = f"{size / 2**20:.0f}", f"{settings.max_file_bytes / 2**20:.0f}"
    return DocumentTooLargeError(
        f"{name}: {mb} MB is over the {limit} MB limit (set LUOSHI_MAX_FILE_MB to raise it)",
        zh=f"{name}：文件 {mb} MB，超过 {limit} MB 的上限（可设置 LUOSHI_MAX_FILE_MB 调高）",
    )


def _check_size(name: str, size: int, settings: Settings) -> None:
    if size > settings.max_file_bytes:
        raise file_too_large(name, size, settings)


def read_bytes(data: bytes, name: str, settings: Settings | None = None) -> Document:
    """Read a document from its bytes; ``name`` (a file name) selects the format."""
    settings = settings or Settings()
    reader = reader_for(name)
    if reader is None:
        raise UnsupportedFormatError(
            f"{name}: unknown file type; luoshi reads {_FORMATS_EN}",
            zh=f"{name}：不支持的文件类型，可读取 {_FORMATS}",
        )
    _check_size(name, len(data), settings)
    if not data.strip():
        raise ReadError(f"{name}: empty file", zh=f"{name}：文件是空的")
    if is_plain_text(name) and len(data) // 4 > settings.max_text_chars:
        # no encoding takes more than 4 bytes a character: the text is over, unread
        raise text_limit_error(name, len(data) // 4, settings.max_text_chars)
    raw = reader(data, name, settings)
    return document_from_raw(raw, name, settings)


def document_from_raw(raw: RawText, name: str, settings: Settings | None = None) -> Document:
    """Normalise and segment a reader's output into a :class:`Document`."""
    limit = (settings or Settings()).max_text_chars
    if len(raw.text) > limit:
        raise text_limit_error(name, len(raw.text), limit)
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
