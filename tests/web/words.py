"""A minimal check that a page is in one language, for the browser tests until the shared
checker (``tests/web/language.py``, with its allowlist and document checks) is on main.

A Chinese page may show no Latin word, an English page no Chinese character, outside what
the page marks as data: an element with ``translate="no"`` (a name from the store, a
user name) or with a ``lang`` attribute naming the other language (the language switch).
Latin words that Chinese officialdom writes as they are (GDP, PM2.5), file formats, unit
symbols and the product's name are allowed; a snake_case code (``off_track``) is refused
in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

__all__ = ["untranslated"]

_ALLOWED = frozenset(
    """luoshi API GDP CPI PPI PM2.5 PM10 R&D xlsx csv docx pdf txt XLSX CSV DOCX PDF TXT
    Word Excel PNG JPEG OpenAPI JSON GeoJSON ECharts KB MB kW kWh km kg mm""".split()
)
_CODE = re.compile(r"^(?:[HQ][1-4]|LUOSHI_[A-Z_]+)$")
_FILE = re.compile(r"[\w\-.]+\.(?:txt|md|html|docx|pdf|csv|xlsx|json)\b", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._&\-][A-Za-z0-9]+)*")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "textarea"})
_READ = ("title", "placeholder", "aria-label", "alt")


def _texts(root: lxml.html.HtmlElement, lang: str) -> Iterator[str]:
    def exempt(el: lxml.html.HtmlElement) -> bool:
        own = el.get("lang")
        other = own is not None and el.tag != "html" and not own.startswith(lang)
        return el.get("translate") == "no" or other

    def walk(el: lxml.html.HtmlElement) -> Iterator[str]:
        if not isinstance(el.tag, str) or el.tag in _SKIPPED or exempt(el):
            return
        for name in _READ:
            if el.get(name):
                yield el.get(name)
        if el.text:
            yield el.text
        for child in el:
            yield from walk(child)
            if child.tail:
                yield child.tail

    yield from walk(root)


def _words(text: str, lang: str) -> list[str]:
    found = _SNAKE.findall(text)
    if lang == "en":
        return found + _CJK.findall(text)
    for word in _LATIN.findall(_FILE.sub(" ", text)):
        if word not in _ALLOWED and not _CODE.match(word) and word not in found:
            found.append(word)
    return found


def untranslated(html: str, lang: str) -> list[tuple[str, str]]:
    """(word, text) for each word of the page ``html`` not in ``lang`` ("zh" or "en")."""
    root = lxml.html.document_fromstring(html)
    return [
        (word, text.strip()[:120])
        for text in _texts(root, lang)
        if text.strip()
        for word in _words(text, lang)
    ]
