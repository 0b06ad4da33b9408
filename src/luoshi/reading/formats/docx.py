"""Word .docx files: paragraphs, headings and tables in body order, the title if set.

The archive is checked first with :mod:`zipfile` (a .docx is a zip anyone can forge),
then the main part is parsed as a stream with lxml's ``iterparse``: each block of the
body (a paragraph, a table, a content control) is read when it ends and then dropped, so
memory stays within one block however long the document. python-docx, which builds the
whole tree of every part, took 2.8 GB for a .docx of 51 MB; it is still the library the
tests write documents with, and its ``qn`` names the tags.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError, LuoshiError, ReadError
from luoshi.reading.formats import RawText, text_limit_error

__all__ = ["read_docx"]

# Encrypted Office files (and legacy .doc) are OLE compound files, not zip archives.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# XML in a real .docx deflates 5 to 20 times; a run of zeros, about 1,000 times. Below
# the floor, a high ratio is a small file of repetitive XML, not an attack.
_MAX_RATIO = 200
_RATIO_FLOOR = 16 * 1024 * 1024
_MAIN_PART = "word/document.xml"
_CORE_PART = "docProps/core.xml"
_MAX_CORE_PART = 1 << 20  # the core properties are a few hundred bytes
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"

_BODY = qn("w:body")
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN, _PTAB = qn("w:noBreakHyphen"), qn("w:ptab")
_DEL, _TXBX_CONTENT = qn("w:del"), qn("w:txbxContent")
_VMERGE, _VAL = qn("w:vMerge"), qn("w:val")
_TCPR = qn("w:tcPr")
# A drawing is written twice, as DrawingML and as a VML fallback for old readers.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Containers whose children are body content, not content of their own.
_TRANSPARENT = frozenset({_SDT_CONTENT, _CUSTOM_XML})


def read_docx(data: bytes, name: str, settings: Settings) -> RawText:
    """Read a .docx: one line per paragraph or heading, one line per table row (cells tabbed)."""
    _check_archive(data, name, settings)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            title = _title(archive)
            with archive.open(_MAIN_PART) as part:
                lines = _body_lines(part, name, settings.max_text_chars)
    except LuoshiError:
        raise
    except Exception as exc:
        # lxml, zipfile (a bad CRC), zlib and the like on damaged files: their names and
        # internals mean nothing to the user (they stay on the exception's __cause__).
        raise ReadError(
            f"{name}: cannot read the .docx: the file is damaged",
            zh=f"{name}：.docx 文件已损坏，无法读取",
        ) from exc
    return RawText(text="\n".join(lines), format="docx", title=title)


def _body_lines(part: Any, name: str, max_chars: int) -> list[str]:
    """The lines of the body's blocks, each block read when it ends and then dropped."""
    lines: list[str] = []
    chars = 0
    # resolve_entities=False: a .docx has no entities of its own to expand (and forged
    # ones are the "billion laughs"); the depth and text-node limits stay libxml2's.
    events = etree.iterparse(
        part, events=("end",), tag=(_P, _TBL, _SDT, _CUSTOM_XML), resolve_entities=False
    )
    for _, element in events:
        parent = element.getparent()
        if parent is None or parent.tag != _BODY:
            continue  # inside a block: read with it when the block ends
        for line in _block_lines(parent, only=element):
            lines.append(line)
            chars += len(line) + 1
            if chars > max_chars:
                raise text_limit_error(name, chars, max_chars)
        # drop the block and anything before it (bookmarks, section properties)
        element.clear()
        while element.getprevious() is not None:
            del parent[0]
    return lines


def _title(archive: zipfile.ZipFile) -> str | None:
    """The title in the core properties (``dc:title``), when set."""
    try:
        info = archive.getinfo(_CORE_PART)
    except KeyError:
        return None
    if info.file_size > _MAX_CORE_PART:
        return None
    root = etree.fromstring(archive.read(info), etree.XMLParser(resolve_entities=False))
    found = root.find(_DC_TITLE)
    return (found.text or "").strip() or None if found is not None else None


def _check_archive(data: bytes, name: str, settings: Settings) -> None:
    """Refuse what is not a .docx, or would expand past the limit, before python-docx reads it."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError(
            f"{name}: password-protected or legacy .doc file (an OLE compound file, not a .docx);"
            " remove the password or save it as .docx",
            zh=f"{name}：文件设有密码，或是旧版 .doc 文件，请去除密码或另存为 .docx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:
        # BadZipFile mostly; a forged directory can also make zipfile raise ValueError,
        # OverflowError or struct.error. Any of them: this is not a readable zip.
        raise ReadError(
            f"{name}: not a .docx (not a zip archive, or truncated)",
            zh=f"{name}：不是 .docx 文件，或文件不完整",
        ) from exc
    # Sizes as the archive declares them. A member cannot expand past its declared size:
    # zipfile stops reading there and fails the CRC check instead.
    total = sum(member.file_size for member in members)
    limit = settings.max_unpacked_bytes
    if total > limit:
        raise DocumentTooLargeError(
            f"{name}: expands to {_megabytes(total)} MB: possible zip bomb "
            f"(limit {_megabytes(limit)} MB, set LUOSHI_MAX_UNPACKED_MB to raise it)",
            zh=f"{name}：解压后达 {_megabytes(total)} MB，超过 {_megabytes(limit)} MB 的上限，"
            "可能是压缩炸弹（可设置 LUOSHI_MAX_UNPACKED_MB 调高）",
        )
    if total > _RATIO_FLOOR and total > _MAX_RATIO * len(data):
        raise DocumentTooLargeError(
            f"{name}: expands to {_megabytes(total)} MB from {_megabytes(len(data))} MB "
            f"({total // len(data)}:1): possible zip bomb",
            zh=f"{name}：由 {_megabytes(len(data))} MB 解压为 {_megabytes(total)} MB"
            f"（{total // len(data)}:1），可能是压缩炸弹",
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ReadError(
            f"{name}: password-protected .docx (encrypted zip members)",
            zh=f"{name}：.docx 设有密码，请去除密码后再读取",
        )
    if _MAIN_PART not in {member.filename for member in members}:
        raise ReadError(
            f"{name}: not a .docx (no {_MAIN_PART} in the archive)",
            zh=f"{name}：不是 .docx 文件：压缩包里没有正文部分 {_MAIN_PART}",
        )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}" if size < 10 * 2**20 else f"{size / 2**20:.0f}"


def _block_lines(container: Any, only: Any = None) -> Iterator[str]:
    """Lines of the paragraphs and tables in a body, cell or content control, in order
    (of its child ``only``, when given)."""
    for child in container.iterchildren() if only is None else (only,):
        if child.tag == _P:
            yield from _paragraph_lines(child)
        elif child.tag == _TBL:
            yield from _table_lines(child)
        elif child.tag == _SDT:
            # A content control (cover page, table of contents, form field) wraps body content.
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_lines(content)
        elif child.tag in _TRANSPARENT:
            yield from _block_lines(child)


def _paragraph_lines(paragraph: Any) -> Iterator[str]:
    """A paragraph's text, then the paragraphs of any text box anchored in it.

    Read from the XML rather than python-docx's ``Paragraph.text``, which takes only the
    paragraph's direct runs and hyperlinks: it drops tracked insertions, inline content
    controls and field results, all common in government documents drafted in Word.
    """
    parts: list[str] = []
    boxes: list[Any] = []
    stack = [iter(paragraph.iterchildren())]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if tag == _T:
            parts.append(element.text or "")
        elif tag in (_TAB, _PTAB):
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == _TXBX_CONTENT:
            boxes.append(element)
        elif tag not in (_DEL, _FALLBACK) and isinstance(tag, str):
            stack.append(iter(element.iterchildren()))
    text = "".join(parts)
    if text.strip():
        yield text
    for box in boxes:
        yield from _block_lines(box)


def _table_lines(table: Any) -> Iterator[str]:
    """One line per row, cells joined by tabs; a nested table's rows join its cell's text.

    Rows are read from the XML because python-docx's ``row.cells`` repeats a merged cell's
    text in every column and row it spans.
    """
    for row in table.iterchildren(_TR):
        cells = [_cell_text(cell) for cell in _row_cells(row)]
        line = "\t".join(cells).strip()
        if line:
            yield line


def _row_cells(row: Any) -> Iterator[Any]:
    for child in row.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _row_cells(content)


def _cell_text(cell: Any) -> str:
    """A cell's text on one line; empty for the lower cells of a vertical merge."""
    merge = cell.find(f"{_TCPR}/{_VMERGE}")
    if merge is not None and merge.get(_VAL, "continue") == "continue":
        return ""
    return " ".join(line.replace("\n", " ").strip() for line in _block_lines(cell)).strip()
