"""Is a page or a document in one language? The checker the language tests and the browser
tests share.

A Chinese page may hold no Latin word and an English page no Chinese character, except:

- **data**: what the store holds is shown as it is written (a region's or an indicator's
  name, a document's title, a quoted sentence, a user name, a file name). A page marks it
  with the HTML attribute ``translate="no"`` (the standard "do not translate this"), or
  with a ``lang`` attribute naming the other language (the language switch's 中文 /
  English); text inside such an element is not checked. A generated document has no
  markup, so its checker is given the data strings to skip.
- **a small allowlist** (:data:`LATIN_ALLOWED`): the product's name, abbreviations
  Chinese officialdom writes in Latin letters (GDP, CPI, PM2.5), file formats, unit
  symbols (kW, km²), environment variable names, ISO dates and numbers.

Both languages also refuse a snake_case code (``off_track``): a word the catalogue should
have given. :func:`untranslated` checks HTML; :func:`untranslated_text` checks plain text
runs (cells, paragraphs); :func:`xlsx_texts`, :func:`csv_texts` and :func:`docx_texts`
take a generated file apart into runs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Iterable, Iterator

import lxml.html
from docx import Document as read_docx
from openpyxl import load_workbook

__all__ = [
    "LATIN_ALLOWED",
    "csv_texts",
    "docx_texts",
    "page_texts",
    "untranslated",
    "untranslated_text",
    "xlsx_texts",
]

#: Latin words a Chinese page or document may hold: the product, abbreviations written in
#: Latin letters in Chinese official texts, file formats, unit symbols, technical names.
LATIN_ALLOWED = frozenset(
    """luoshi API GDP CPI PPI PM2.5 PM10 R&D
    xlsx csv docx pdf txt md html XLSX CSV DOCX PDF TXT HTML Word Excel WPS PNG JPEG
    OpenAPI JSON GeoJSON ECharts Swagger UI SMTP
    KB MB GB kW kWh km kg mm m g t h µg""".split()
)
#: Periods written as codes (2026-H1, 2026-Q3), environment variables (LUOSHI_GEOJSON).
_CODE = re.compile(r"^(?:[HQ][1-4]|LUOSHI_[A-Z_]+)$")
_FILE_NAME = re.compile(r"[\w\-.]+\.(?:txt|md|html|docx|pdf|csv|xlsx|json)\b", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._&\-][A-Za-z0-9]+)*")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# CJK ideographs, their radicals and punctuation, and the full-width forms (，：（）)
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)

#: Attributes whose text a user reads (tooltips, placeholders, labels, chart titles).
_READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "label", "data-unit", "data-axis")
#: Attributes holding JSON whose string values a chart shows (legends, labels).
_JSON_ATTRIBUTES = ("data-labels",)
# the head's title repeats the page's heading (checked there) and may name data
_SKIPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template"})


def _problems(text: str, lang: str) -> list[str]:
    """The offending words of one run of text in a page or document in ``lang``."""
    found = [m.group() for m in _SNAKE.finditer(text)]
    if lang == "en":
        return found + _CJK.findall(text)
    text = _FILE_NAME.sub(" ", text)
    for m in _LATIN_WORD.finditer(text):
        word = m.group()
        if word in LATIN_ALLOWED or _CODE.match(word) or word in found:
            continue
        found.append(word)
    return found


def _without(text: str, data: Collection[str]) -> str:
    for d in sorted((d for d in data if d and d in text), key=len, reverse=True):
        text = text.replace(d, " ")
    return text


def untranslated_text(
    runs: Iterable[str], lang: str, data: Collection[str] = ()
) -> list[tuple[str, str]]:
    """(word, run) for every word of ``runs`` that is not in ``lang``, once ``data`` (the
    store's own strings: names, titles, sentences, texts) is taken out of each run; a run
    that is a piece of one of them is data as a whole."""
    out: list[tuple[str, str]] = []
    # a run that is a piece of the data (a search hit's snippet of a document) is data
    whole = "\n".join(data)
    for run in runs:
        if not run or not run.strip() or run.strip() in whole:
            continue
        for word in _problems(_without(run, data), lang):
            out.append((word, run.strip()[:200]))
    return out


def _exempt(el: lxml.html.HtmlElement, lang: str) -> bool:
    if el.get("translate") == "no":
        return True
    own = el.get("lang")
    return own is not None and el.tag != "html" and not own.startswith(lang)


def page_texts(html: str, lang: str) -> Iterator[str]:
    """The runs of text a reader sees on a page (and its tooltips, placeholders, chart
    labels), without what is marked as data."""
    root = lxml.html.document_fromstring(html)

    def walk(el: lxml.html.HtmlElement) -> Iterator[str]:
        if not isinstance(el.tag, str) or el.tag in _SKIPPED_TAGS or _exempt(el, lang):
            return
        for name in _READ_ATTRIBUTES:
            if el.get(name):
                yield el.get(name)
        if el.tag == "input" and el.get("type") in ("submit", "button") and el.get("value"):
            yield el.get("value")
        for name in _JSON_ATTRIBUTES:
            if el.get(name):
                yield from _json_strings(json.loads(el.get(name)))
        if el.text:
            yield el.text
        for child in el:
            yield from walk(child)
            if child.tail:
                yield child.tail

    yield from walk(root)


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def untranslated(html: str, lang: str) -> list[tuple[str, str]]:
    """(word, run) for every word of the page ``html`` that is not in ``lang`` ("zh" or
    "en") and not marked as data: empty when the page is in one language."""
    return untranslated_text(page_texts(html, lang), lang)


def xlsx_texts(content: bytes) -> Iterator[str]:
    """Every sheet name and text cell of a workbook."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    for ws in wb.worksheets:
        yield ws.title
        for row in ws.iter_rows(values_only=True):
            yield from (v for v in row if isinstance(v, str))


def csv_texts(content: bytes) -> Iterator[str]:
    """Every cell of a CSV file (UTF-8, with or without a byte-order mark)."""
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        yield from row


def docx_texts(content: bytes) -> Iterator[str]:
    """Every paragraph and table cell of a Word document."""
    doc = read_docx(io.BytesIO(content))
    for p in doc.paragraphs:
        yield p.text
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text
