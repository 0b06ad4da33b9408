"""PDF: the CJK text layer in page order; scans, passwords and damage refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.config import Settings
from luoshi.errors import ReadError, ScannedDocumentError
from luoshi.reading import read_bytes
from luoshi.reading.formats.pdf import read_pdf
from tests.reading.conftest import encrypt_pdf, make_image_pdf, make_pdf

LINES = [
    "全县辖4镇5乡136个行政村，总人口18.7万人。",
    "2025年全县地区生产总值增长6%左右。",
    "一般公共预算收入增长5%，城镇新增就业1800人。",
]


def _text(data: bytes, settings: Settings | None = None) -> str:
    return read_pdf(data, "doc.pdf", settings or Settings()).text


def test_cjk_text_layer_round_trip() -> None:
    raw = read_pdf(make_pdf(LINES, title="岚县政府工作报告"), "doc.pdf", Settings())
    assert raw.text.splitlines() == LINES
    assert raw.title == "岚县政府工作报告"
    assert raw.format == "pdf"
    assert raw.warnings == []


def test_pages_in_order_each_on_its_own_lines() -> None:
    lines = [f"第{i}行：全县地区生产总值增长{i}%。" for i in range(1, 8)]
    text = _text(make_pdf(lines, lines_per_page=3))
    assert text.splitlines() == lines


def test_word_export_title_is_cleaned() -> None:
    raw = read_pdf(make_pdf(LINES, title="Microsoft Word - 岚县工作报告.docx"), "a.pdf", Settings())
    assert raw.title == "岚县工作报告"


def test_no_title_without_metadata() -> None:
    assert read_pdf(make_pdf(LINES), "a.pdf", Settings()).title is None


def test_scan_without_text_layer() -> None:
    with pytest.raises(
        ScannedDocumentError, match=r"scan\.pdf: scanned PDF with no text layer"
    ) as caught:
        read_pdf(make_image_pdf(3), "scan.pdf", Settings())
    assert caught.value.zh.startswith("scan.pdf：扫描版 PDF")


def test_nearly_empty_text_layer_is_a_scan() -> None:
    # a stamped page number on each of five scanned pages
    data = make_pdf(["- 1 -", "- 2 -", "- 3 -", "- 4 -", "- 5 -"], lines_per_page=1)
    with pytest.raises(ScannedDocumentError):
        _text(data)


def test_image_pages_among_text_pages_are_reported() -> None:
    raw = read_pdf(make_pdf(LINES * 5, blank_pages=2), "annex.pdf", Settings())
    assert LINES[0] in raw.text
    assert raw.warnings == ["annex.pdf: no text on page(s) 2, 3: images or scans, not read"]


def test_password_protected() -> None:
    with pytest.raises(ReadError, match=r"secret\.pdf: password-protected PDF") as caught:
        read_pdf(encrypt_pdf(make_pdf(LINES), "secret"), "secret.pdf", Settings())
    assert caught.value.zh.startswith("secret.pdf：PDF 设有密码")


def test_owner_password_only_opens() -> None:
    # Permissions-only encryption (empty user password) is common on official PDFs.
    assert _text(encrypt_pdf(make_pdf(LINES), "")).splitlines() == LINES


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated(keep: float) -> None:
    data = make_pdf(LINES * 30)
    with pytest.raises(ReadError, match=r"doc\.pdf: damaged PDF") as caught:
        _text(data[: int(len(data) * keep)])
    assert caught.value.zh.startswith("doc.pdf：PDF 文件已损坏")


def test_not_a_pdf() -> None:
    with pytest.raises(ReadError, match=r"doc\.pdf"):
        _text("这不是PDF文件".encode())


def test_page_cap() -> None:
    data = make_pdf(
        [f"第{i}页：全县地区生产总值增长{i}%，城乡居民收入稳步提高。" for i in range(5)],
        lines_per_page=1,
    )
    raw = read_pdf(data, "long.pdf", Settings(max_pdf_pages=2))
    assert len(raw.text.splitlines()) == 2
    assert raw.warnings == [
        "long.pdf: read the first 2 of 5 pages (set LUOSHI_MAX_PDF_PAGES to read more)"
    ]


def test_read_bytes_gives_document() -> None:
    doc = read_bytes(make_pdf(LINES, title="报告"), "report.pdf")
    assert doc.format == "pdf"
    assert "全县辖4镇5乡136个行政村" in doc.text


def test_corpus_article_as_pdf(corpus: Path) -> None:
    lines = (corpus / "docs" / "lanxian-123.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [line for line in lines if line.strip()][:12]  # about two pages
    raw = read_pdf(make_pdf(paragraphs), "lanxian.pdf", Settings())
    # the PDF wraps lines at the page width; joining them back is normalisation's job
    assert raw.text.replace("\n", "") == "".join(paragraphs)
    assert "全县辖4镇5乡136个行政村" in raw.text.replace("\n", "")
    doc = read_bytes(make_pdf(paragraphs), "lanxian.pdf")
    assert "全县辖4镇5乡136个行政村" in doc.text
