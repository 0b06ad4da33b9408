"""Write a demo source text as a .docx whose bytes do not change from one build to the next.

The demo's five-year plan is kept in the repository as plain text and made into a Word
file when the demo is built, so that the reading layer's .docx path is exercised on a
fresh machine. Ingest recognises a document by the sha256 of its bytes; python-docx
stamps the save time into the archive's member dates, which would make every build a
"new" document. The archive is therefore rewritten with fixed member dates and the core
properties are set to the plan's own date — a few lines no library offers.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx

__all__ = ["write_docx"]

# Headings of a plan outline: 第一章 …, 第一节 …, 一、…; the rest are body paragraphs.
_HEADING = (
    (re.compile(r"^第[一二三四五六七八九十]+篇"), 1),
    (re.compile(r"^第[一二三四五六七八九十]+章"), 1),
    (re.compile(r"^第[一二三四五六七八九十]+节"), 2),
    (re.compile(r"^[一二三四五六七八九十]+、"), 2),
)
# A table row in the source: cells separated by " | " (the plan's 主要指标 table).
_CELL_SEPARATOR = " | "


def _level(line: str) -> int | None:
    for pattern, level in _HEADING:
        if pattern.match(line) and len(line) <= 40:
            return level
    return None


def _build(lines: list[str], when: datetime) -> docx.document.Document:
    document = docx.Document()
    props = document.core_properties
    props.author = "luoshi demo"
    props.last_modified_by = "luoshi demo"
    props.created = props.modified = when
    props.revision = 1
    title, *body = [line.strip() for line in lines if line.strip()]
    props.title = title
    document.add_heading(title, level=0)
    table_rows: list[list[str]] = []
    for line in [*body, ""]:
        if _CELL_SEPARATOR in line:
            table_rows.append(line.split(_CELL_SEPARATOR))
            continue
        if table_rows:
            width = max(len(r) for r in table_rows)
            table = document.add_table(rows=len(table_rows), cols=width)
            table.style = "Table Grid"
            for i, row in enumerate(table_rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell.strip()
            table_rows = []
        if not line:
            continue
        level = _level(line)
        if level is None:
            document.add_paragraph(line)
        else:
            document.add_heading(line, level=level)
    return document


def _fixed_dates(data: bytes, when: datetime) -> bytes:
    """The same archive with every member dated ``when``, in the same order."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def write_docx(source: Path, target: Path, *, when: datetime) -> Path:
    """Write ``source`` (UTF-8 text: title line, headings, paragraphs, `` | `` table rows)
    as a .docx at ``target``, dated ``when``; the same inputs give the same bytes."""
    document = _build(source.read_text(encoding="utf-8").splitlines(), when)
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(_fixed_dates(buffer.getvalue(), when))
    return target
