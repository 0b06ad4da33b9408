"""Word .docx: body order, headings, tables as tabbed rows, title, and a safe archive check."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from luoshi.config import Settings
from luoshi.errors import DocumentTooLargeError, ReadError
from luoshi.reading import read_bytes
from luoshi.reading.formats.docx import read_docx
from tests.reading.conftest import make_docx

PARAGRAPHS = [
    "全县辖4镇5乡136个行政村，总人口18.7万人。",
    "2025年全县地区生产总值增长6%左右，一般公共预算收入增长5%。",
]
TABLE = [
    ["指标", "2025年目标", "属性"],
    ["地区生产总值增速", "6%左右", "预期性"],
    ["单位GDP能耗下降", "", "约束性"],
]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _read(data: bytes, settings: Settings | None = None) -> tuple[list[str], str | None]:
    raw = read_docx(data, "doc.docx", settings or Settings())
    return raw.text.splitlines(), raw.title


def test_paragraphs_heading_and_table_in_body_order() -> None:
    data = make_docx(
        PARAGRAPHS, heading="一、主要目标", table=TABLE, title="岚县2025年政府工作报告"
    )
    lines, title = _read(data)
    assert lines == [
        "一、主要目标",
        *PARAGRAPHS,
        "指标\t2025年目标\t属性",
        "地区生产总值增速\t6%左右\t预期性",
        "单位GDP能耗下降\t\t约束性",
    ]
    assert title == "岚县2025年政府工作报告"


def test_no_title_without_core_property() -> None:
    assert _read(make_docx(PARAGRAPHS))[1] is None


def test_merged_cells_are_not_repeated() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(1, 0).merge(table.cell(1, 1)).text = "合并的单元格"
    table.cell(0, 2).merge(table.cell(2, 2))
    out = io.BytesIO()
    document.save(out)
    lines, _ = _read(out.getvalue())
    assert lines[1] == "合并的单元格"  # the empty cell under the vertical merge ends the row
    assert all(line.count("合并的单元格") <= 1 for line in lines)
    assert sum(line.count("预期性") for line in lines) == 1


def test_text_python_docx_paragraph_text_misses() -> None:
    # A tracked insertion and an inline content control: Paragraph.text skips both.
    document = docx.Document()
    paragraph = document.add_paragraph("全县辖4镇5乡")
    paragraph._p.append(
        parse_xml(
            f'<w:ins xmlns:w="{W}" w:id="1" w:author="a"><w:r><w:t>136个行政村</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:sdt xmlns:w="{W}"><w:sdtContent><w:r><w:t>，总人口18.7万人。</w:t></w:r>'
            "</w:sdtContent></w:sdt>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W}" w:id="2" w:author="a">'
            "<w:r><w:delText>删去的字</w:delText></w:r></w:del>"
        )
    )
    out = io.BytesIO()
    document.save(out)
    assert _read(out.getvalue())[0] == ["全县辖4镇5乡136个行政村，总人口18.7万人。"]


def test_block_content_control_is_read() -> None:
    document = docx.Document()
    document.add_paragraph("封面之后的正文。")
    cover = parse_xml(
        f'<w:sdt xmlns:w="{W}"><w:sdtContent><w:p><w:r><w:t>岚县人民政府</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(0, cover)
    out = io.BytesIO()
    document.save(out)
    assert _read(out.getvalue())[0] == ["岚县人民政府", "封面之后的正文。"]


def test_read_bytes_gives_document() -> None:
    doc = read_bytes(make_docx(PARAGRAPHS, heading="一、主要目标", title="报告"), "report.docx")
    assert doc.format == "docx"
    assert "全县辖4镇5乡136个行政村" in doc.text
    assert doc.meta.title == "报告"


def test_not_a_zip() -> None:
    with pytest.raises(ReadError, match=r"doc\.docx: not a \.docx \(not a zip archive") as caught:
        _read("这不是一个Word文件".encode())
    assert caught.value.zh.startswith("doc.docx：不是 .docx")


def test_ole_file_is_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)
    with pytest.raises(ReadError, match=r"password-protected or legacy \.doc file"):
        _read(ole)


def test_truncated() -> None:
    data = make_docx(PARAGRAPHS)
    with pytest.raises(ReadError, match=r"doc\.docx"):
        _read(data[: len(data) // 2])


def test_zip_without_document_part() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/other.xml", "<x/>")
    with pytest.raises(ReadError, match=r"no word/document\.xml"):
        _read(out.getvalue())


def test_damaged_member_is_a_read_error() -> None:
    # flip bytes inside the compressed document part: zipfile's CRC check catches it
    data = bytearray(make_docx(PARAGRAPHS * 20))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    for offset in range(start, start + 20):
        data[offset] ^= 0xFF
    with pytest.raises(ReadError, match=r"doc\.docx"):
        _read(bytes(data))


def test_encrypted_members_are_refused() -> None:
    data = bytearray(make_docx(PARAGRAPHS))
    # set the "encrypted" flag on every central directory entry
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        data[offset + 8] |= 0x01
        offset = data.find(b"PK\x01\x02", offset + 4)
    with pytest.raises(ReadError, match="password-protected"):
        _read(bytes(data))


def test_expansion_over_the_limit() -> None:
    data = make_docx(PARAGRAPHS * 200)
    with pytest.raises(DocumentTooLargeError, match=r"expands to \d+\.\d MB: possible zip bomb"):
        _read(data, Settings(max_unpacked_bytes=10_000))


def test_corpus_article_as_docx(corpus: Path) -> None:
    lines = (corpus / "docs" / "lanxian-123.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [line for line in lines if line.strip()]
    data = make_docx(paragraphs[1:], heading=paragraphs[0], title="岚县“123”总体工作思路")
    read, title = _read(data)
    assert read == paragraphs
    assert title == "岚县“123”总体工作思路"
    doc = read_bytes(data, "lanxian.docx")
    assert "全县辖4镇5乡136个行政村" in doc.text
