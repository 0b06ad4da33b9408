"""Plain views of a :class:`Document`: a JSON-able dictionary and an outlined text."""

from __future__ import annotations

from typing import Any

from luoshi.reading.document import Document

__all__ = ["document_to_dict", "outline_text"]


def document_to_dict(doc: Document, *, include_text: bool = True) -> dict[str, Any]:
    """Metadata, paragraphs, sentences (offsets in both texts), outline and warnings."""

    def both(start: int, end: int) -> dict[str, int]:
        s, e = doc.offsets.to_source(start, end)
        return {"start": start, "end": end, "source_start": s, "source_end": e}

    out: dict[str, Any] = {
        "name": doc.name,
        "format": doc.format,
        "encoding": doc.encoding,
        "meta": doc.meta.as_dict(),
        "warnings": list(doc.warnings),
    }
    if include_text:
        out["text"] = doc.text
    out["paragraphs"] = [both(p.start, p.end) for p in doc.spans("paragraph")]
    out["sentences"] = [
        {**both(s.start, s.end), "paragraph": s.get("paragraph"), "text": doc.span_text(s)}
        for s in doc.spans("sentence")
    ]
    out["outline"] = [
        {
            **both(h.start, h.end),
            "level": h.get("level"),
            "kind": h.get("kind"),
            "number": h.get("number"),
            "title": h.get("title"),
            "text": doc.span_text(h),
        }
        for h in doc.spans("heading")
    ]
    out["items"] = [
        {**both(i.start, i.end), "kind": i.get("kind"), "number": i.get("number")}
        for i in doc.spans("item")
    ]
    out["redactions"] = [both(r.start, r.end) for r in doc.spans("redaction")]
    return out


def outline_text(doc: Document) -> str:
    """The normalised text under a header of metadata and the heading outline."""
    meta = doc.meta
    lines = [f"# {doc.name}"]
    found = meta.found
    for label, value, how in (
        ("title", meta.title, None),
        ("date", meta.date or "unknown", found.get("date")),
        ("source", meta.source, None),
        (
            "region",
            f"{meta.region_name} ({meta.region_code})" if meta.region_code else "unknown",
            found.get("region"),
        ),
        ("type", meta.doc_type or "unknown", found.get("doc_type")),
        ("encoding", doc.encoding, None),
    ):
        if value:
            lines.append(f"{label}: {value}" + (f"  [{how}]" if how else ""))
    for w in doc.warnings:
        lines.append(f"note: {w}")
    headings = doc.spans("heading")
    if headings:
        lines.append("outline:")
        levels = sorted({h.get("level") for h in headings})
        depth = {lv: i for i, lv in enumerate(levels)}
        for h in headings:
            lines.append("  " + "  " * depth[h.get("level")] + doc.span_text(h))
    lines.append("")
    lines.append(doc.text)
    lines.append("")
    return "\n".join(lines)
