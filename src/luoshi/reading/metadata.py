"""What a document says about itself: title, date, issuing body or source, region, type.

Each is recorded with how it was found (``Metadata.found``), or why it is unknown: the
year and region of a report decide the year and place of most of its figures.
"""

from __future__ import annotations

import re

from luoshi.reading.dating import document_year
from luoshi.reading.document import Document, Metadata
from luoshi.reading.normalize import normalize
from luoshi.reading.region import NATION, find_region, place_named

__all__ = ["DOC_TYPES", "DOC_TYPES_EN", "detect_metadata", "guess_doc_type"]

#: Document types luoshi tells apart, with the Chinese names users know them by.
DOC_TYPES: dict[str, str] = {
    "plan": "规划纲要",
    "congress_report": "党代会/全会报告",
    "work_report": "政府工作报告",
    "speech": "讲话",
    "bulletin": "统计公报",
    "news": "新闻",
    "commentary": "评论",
}
#: The same types in English.
DOC_TYPES_EN: dict[str, str] = {
    "plan": "Development plan",
    "congress_report": "Party congress or plenary report",
    "work_report": "Government work report",
    "speech": "Speech",
    "bulletin": "Statistical bulletin",
    "news": "News",
    "commentary": "Commentary",
}

# Cues in the title and opening lines, strongest first. A speech at a plenary is a
# speech (its title says 讲话); a congress report is read out but titled 报告.
_TYPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bulletin", re.compile(r"统计公报")),
    ("plan", re.compile(r"规划纲要|五年规划|规划(?:（|\()?20\d\d")),
    (
        "work_report",
        re.compile(r"政府工作报告|报告政府工作|我代表[^，。]{0,12}(?:国务院|人民政府)[，,]?向大会"),
    ),
    ("speech", re.compile(r"上的讲话|讲话$|讲话稿|致辞|发言")),
    (
        "congress_report",
        re.compile(r"代表大会上的报告|党代会|全体(?:扩大)?会议|全会.{0,12}报告|工作报告"),
    ),
    ("commentary", re.compile(r"评论员|时评|短评|社论|述评|评论[:：]")),
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
        if line.endswith(("：", ":", "！")):
            return None  # a salutation (各位代表：, 同志们：) opens a text with no title
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
    found = _type_cue(head)
    return found[0] if found else None


def _type_cue(head: str) -> tuple[str, str] | None:
    """The genre the earliest cue names (a title or byline comes before the body's own
    mentions of plans and reports), the strongest cue among those at one place."""
    best: tuple[int, int, str, str] | None = None
    for strength, (kind, pattern) in enumerate(_TYPE_CUES):
        m = pattern.search(head)
        if m and (best is None or (m.start(), strength) < best[:2]):
            best = (m.start(), strength, kind, m.group())
    return (best[2], best[3]) if best else None


# The body a report is delivered to names its place: ——2026年1月25日在山西省第十四届人民代表
# 大会第四次会议上; the State Council's report goes to the 全国人民代表大会.
_NUMBERED = r"第[一二三四五六七八九十]{1,3}(?:届|次)"
_TO_THE_NATION = re.compile(
    rf"(?:在|向){_NUMBERED}全国人民代表大会|{_NUMBERED}全国人民代表大会{_NUMBERED}会议|"
    r"国务院总理|我代表(?:中华人民共和国)?国务院|受[^，。]{0,8}国务院的?委托"
)
_TO_A_BODY = re.compile(
    rf"在(?:中国共产党|中共)?(?P<place>[\u4e00-\u9fff]{{2,20}}?){_NUMBERED}"
    r"(?:人民代表大会|代表大会|委员会)"
)
_TITLE_PLACE = re.compile(
    r"(?:(?:19|20)\d{2}年)?(?P<place>[\u4e00-\u9fff]{2,20}?)(?:人民)?政府工作报告"
)


_NATIONAL_VOICE = re.compile(r"我国|全国各族人民|全国人民")
_LOCAL_VOICE = re.compile(r"(?:全|我|本)[省市县区州旗]|[省市县区]委|[省市县区]政府")


def _speaks_for_the_nation(head: str) -> tuple[tuple[str, str, str], str] | None:
    """A text that names no place and speaks of 我国 and 全国各族人民, never of 全省 or
    县委, speaks for the nation."""
    voice = _NATIONAL_VOICE.findall(head)
    if len(voice) >= 2 and not _LOCAL_VOICE.search(head):
        return NATION, f"the text speaks for the nation ({voice[0]!r}) and names no place"
    return None


def _stated_region(head: str, title: str | None) -> tuple[tuple[str, str, str], str] | None:
    """The region a report's byline or title names, with how it was found."""
    m = _TO_THE_NATION.search(head[:800])
    if m:
        return NATION, f"the report is delivered to the nation ({m.group()!r})"
    for pattern, text, where in (
        (_TO_A_BODY, head, "byline"),
        (_TITLE_PLACE, title or "", "title"),
    ):
        m = pattern.search(text)
        if m:
            d = place_named(m.group("place"))
            if d is not None:
                return (d.code, d.full_name, d.level), f"{where} {m.group()!r}"
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
    # a web copy may open with a dozen lines of page furniture (下载 打印 全屏 …)
    head_paras = doc.spans("paragraph")[:16]
    head = "\n".join(doc.span_text(p) for p in head_paras)[:2500]
    meta = Metadata()
    # a reader's hints are raw page text: clean them the way the body was cleaned
    title = _clean(title)
    source = _clean(source)
    meta.title = title or _title(doc)
    meta.source = source
    if meta.source is None:
        found = _SOURCE.search(head)
        if found:
            meta.source = found.group("s")
    cue = _type_cue(meta.title or "") or _type_cue(head)
    if cue is not None:
        meta.doc_type = cue[0]
        meta.found["doc_type"] = f"the title or opening says {cue[1]!r}"
    else:
        meta.found["doc_type"] = "unknown: no genre cue in the title or opening lines"
    _date(meta, doc, head, date)
    stated = _stated_region(head, meta.title)
    region = stated[0] if stated else find_region(doc.text, title=meta.title or "")
    if region is None and stated is None:
        stated = _speaks_for_the_nation(doc.text[:3000])
        region = stated[0] if stated else None
    if region is not None:
        meta.region_code, meta.region_name, meta.region_level = region
        meta.found["region"] = stated[1] if stated else "the places the title and opening name most"
    else:
        meta.found["region"] = "unknown: the text names no place often enough"
    return meta


def _date(meta: Metadata, doc: Document, head: str, hint: str | None) -> None:
    """The date: the reader's, a date line in the head, else the genre's own dating."""
    if hint:
        meta.date = hint
        meta.found["date"] = "the file's own metadata"
        return
    dated = document_year(doc, meta.title, meta.doc_type)
    if dated is not None and dated.how.startswith("byline"):
        meta.date, meta.found["date"] = dated.date, dated.how
        return
    for m in _DATE.finditer(head):
        iso = _iso(m)
        if iso:
            meta.date = iso
            meta.found["date"] = f"a date line {m.group().strip()!r}"
            return
    if dated is not None:
        meta.date, meta.found["date"] = dated.date, dated.how
        return
    meta.found["date"] = (
        "unknown: no date line, byline, dated title or self-dating text; "
        "figures dated only by their place get no year"
    )
