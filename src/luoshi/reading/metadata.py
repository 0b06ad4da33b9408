"""What a document says about itself: title, date, issuing body or source, region, type."""

from __future__ import annotations

import re

from luoshi.reading.document import Document, Metadata
from luoshi.reading.normalize import normalize
from luoshi.reading.region import find_region

__all__ = ["DOC_TYPES", "detect_metadata", "guess_doc_type"]

#: Document types luoshi tells apart, with the Chinese names users know them by.
DOC_TYPES: dict[str, str] = {
    "plan": "规划纲要",
    "congress_report": "党代会/全会报告",
    "work_report": "政府工作报告",
    "speech": "讲话",
    "bulletin": "统计公报",
    "news": "新闻/评论",
}

# Cues in the title and opening lines, strongest first. A speech at a plenary is a
# speech (its title says 讲话); a congress report is read out but titled 报告.
_TYPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bulletin", re.compile(r"统计公报")),
    ("plan", re.compile(r"规划纲要|五年规划|规划(?:（|\()?20\d\d")),
    ("work_report", re.compile(r"政府工作报告")),
    ("speech", re.compile(r"上的讲话|讲话$|讲话稿|致辞|发言")),
    (
        "congress_report",
        re.compile(r"代表大会上的报告|党代会|全体(?:扩大)?会议|全会.{0,12}报告|工作报告"),
    ),
    ("news", re.compile(r"来源[:：]|记者|评论|通讯员|编辑[:：]|新闻网|日报|晚报")),
)

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-./])\s*(?P<m>\d{1,2})\s*(?:月|[-./])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s+(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::\d{2})?)?"
)
_SOURCE = re.compile(
    r"(?:来源|来 源|稿源|发布机构|发文机关|出处)\s*[:：]\s*(?P<s>[^\s|｜，,。]{2,30})"
)


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _title(doc: Document) -> str | None:
    for para in doc.spans("paragraph")[:3]:
        line = doc.span_text(para).strip()
        if not line or _DATE.match(line) or line.startswith("——"):
            continue
        if len(line) <= 60 and not line.endswith(("。", "。”", "；", "！", "？")):
            return line
        return None
    return None


def _clean(hint: str | None) -> str | None:
    if not hint or not hint.strip():
        return None
    return normalize(hint.strip())[0] or None


def guess_doc_type(head: str) -> str | None:
    """The document type its title and opening lines suggest (a key of :data:`DOC_TYPES`)."""
    for kind, pattern in _TYPE_CUES:
        if pattern.search(head):
            return kind
    return None


def detect_metadata(
    doc: Document,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
) -> Metadata:
    """Metadata from the document's opening lines; hints from its reader (an HTML
    page's ``<title>``, a .docx's core properties) take precedence."""
    head_paras = doc.spans("paragraph")[:6]
    head = "\n".join(doc.span_text(p) for p in head_paras)[:1500]
    meta = Metadata()
    # a reader's hints are raw page text: clean them the way the body was cleaned
    title = _clean(title)
    source = _clean(source)
    meta.title = title or _title(doc)
    meta.date = date
    if meta.date is None:
        for m in _DATE.finditer(head):
            iso = _iso(m)
            if iso:
                meta.date = iso
                break
    meta.source = source
    if meta.source is None:
        found = _SOURCE.search(head)
        if found:
            meta.source = found.group("s")
    meta.doc_type = guess_doc_type((meta.title or "") + "\n" + head)
    region = find_region(doc.text, title=meta.title or "")
    if region is not None:
        meta.region_code, meta.region_name, meta.region_level = region
    return meta
