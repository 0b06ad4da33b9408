"""PDF files: the text layer of each page, in page order, with pypdf.

Lines are kept as pypdf gives them, each page ending in a newline: joining the lines a
PDF broke in the middle of a sentence is layout, done by normalisation.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PasswordType, PdfReader

from luoshi.config import Settings
from luoshi.errors import LuoshiError, ReadError, ScannedDocumentError
from luoshi.reading.formats import RawText

__all__ = ["read_pdf"]

# pypdf logs repairs it makes ("EOF marker not found") to its own logger; luoshi reports
# what matters as a ReadError or a warning, so keep that chatter off the user's terminal.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False

# A page of a Chinese document holds 500 to 1,000 characters; a scan holds none, or only
# a stamped page number. Fewer than this many per page on average is a scan.
_MIN_CHARS_PER_PAGE = 20
# A page with fewer is reported as probably an image (a chart, a stamped signature page).
_MIN_CHARS_ON_A_PAGE = 5
_MAX_PAGES_LISTED = 10
# Word's PDF export titles a file after its Word name: "Microsoft Word - 关于….doc".
_WORD_TITLE = re.compile(r"^\s*Microsoft Word\s*-\s*|\.(?:docx?|wps|rtf)\s*$", re.I)
# What producers write when nobody set a title (reportlab: "untitled").
_PLACEHOLDER_TITLES = frozenset({"untitled", "无标题", "unknown", "anonymous", "document"})
_NON_SPACE = re.compile(r"\S")


def read_pdf(data: bytes, name: str, settings: Settings) -> RawText:
    """Read a PDF's text layer, one page after another; a scan without one is refused."""
    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ReadError(
                f"{name}: password-protected PDF; remove the password to read it",
                zh=f"{name}：PDF 设有密码，请去除密码后再读取",
            )
        page_count = len(reader.pages)
        if page_count > settings.max_pdf_pages:
            warnings.append(
                f"{name}: read the first {settings.max_pdf_pages} of {page_count} pages "
                "(set LUOSHI_MAX_PDF_PAGES to read more)"
            )
        pages = [
            reader.pages[index].extract_text() or ""
            for index in range(min(page_count, settings.max_pdf_pages))
        ]
        title = _title(reader)
    except LuoshiError:
        raise
    except Exception as exc:
        # pypdf raises its own errors, and struct, zlib, KeyError, RecursionError and more
        # on damaged files: all of them mean the same thing here, and their names and
        # internals mean nothing to the user (they stay on the exception's __cause__).
        raise ReadError(
            f"{name}: damaged PDF: the file is incomplete (perhaps cut short) or its structure"
            " is broken",
            zh=f"{name}：PDF 文件已损坏或不完整（可能只下载或复制了一部分），无法读取",
        ) from exc
    if not pages:
        raise ReadError(f"{name}: PDF with no pages", zh=f"{name}：PDF 没有页面")
    counts = [len(_NON_SPACE.findall(page)) for page in pages]
    if sum(counts) < _MIN_CHARS_PER_PAGE * len(pages):
        raise ScannedDocumentError(
            f"{name}: scanned PDF with no text layer, needs OCR",
            zh=f"{name}：扫描版 PDF，没有文字层，需先做文字识别（OCR）",
        )
    blank = [str(number) for number, count in enumerate(counts, 1) if count < _MIN_CHARS_ON_A_PAGE]
    if blank:
        listed = ", ".join(blank[:_MAX_PAGES_LISTED]) + (
            ", …" if len(blank) > _MAX_PAGES_LISTED else ""
        )
        warnings.append(f"{name}: no text on page(s) {listed}: images or scans, not read")
    text = "\n".join(page.rstrip("\n") for page in pages)
    return RawText(text=text, format="pdf", title=title, warnings=warnings)


def _title(reader: PdfReader) -> str | None:
    """The title in the document information, without Word's export decoration."""
    info = reader.metadata
    raw = info.title if info is not None else None
    if not isinstance(raw, str):
        return None
    title = _WORD_TITLE.sub("", raw).strip()
    return title if title and title.lower() not in _PLACEHOLDER_TITLES else None
