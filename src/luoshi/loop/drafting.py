"""Draft tasks from a stored document's outline: 一切工作具体化、具体工作项目化.

Plans and work reports break each goal into numbered work: headings under a goal
(``（一）…`` under ``一、…``) and inline enumerations (``一是…；二是…``). Each such item
becomes a draft task that keeps its source sentence and its goal, using the ``heading``
and ``item`` layers of :mod:`luoshi.reading.outline`. A heading that holds inline items
is a goal itself (its items are the tasks); a heading with neither sub-headings nor items
under another heading is a task. The leader edits and assigns the drafts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from luoshi.errors import AccessError, LoopError
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, check_region, require, writing
from luoshi.loop.audit import record
from luoshi.loop.tasks import TaskView, task_view
from luoshi.reading.document import Document, OffsetMap, Span
from luoshi.reading.outline import segment
from luoshi.store import Store
from luoshi.store.models import Document as StoredDocument
from luoshi.store.models import Framework, FrameworkMember

__all__ = ["OutlineItem", "draft_tasks", "outline_items"]

_MAX_TITLE = 120
_TRIM = " \t，,；;。：:、"


@dataclass(frozen=True)
class OutlineItem:
    """A piece of work found in the outline: its title, goal and source sentence."""

    title: str
    goal: str
    sentence: str
    start: int


def _sections(doc: Document) -> list[tuple[Span, int]]:
    """Each heading with the end of its section (the next heading at its level or above)."""
    heads = doc.spans("heading")
    out = []
    for i, h in enumerate(heads):
        end = len(doc.text)
        for later in heads[i + 1 :]:
            if later.get("level") <= h.get("level"):
                end = later.start
                break
        out.append((h, end))
    return out


def _innermost(sections: list[tuple[Span, int]], pos: int) -> Span | None:
    inside = [h for h, end in sections if h.start <= pos < end]
    return max(inside, key=lambda h: h.start) if inside else None


def _title(text: str) -> str:
    text = text.strip(_TRIM)
    return text if len(text) <= _MAX_TITLE else text[: _MAX_TITLE - 1] + "…"


def outline_items(text: str) -> list[OutlineItem]:
    """The work items of a normalised document text, in order."""
    doc = Document(name="", text=text, source=text, offsets=OffsetMap.identity(len(text)))
    segment(doc)
    sections = _sections(doc)
    items = [s for s in doc.spans("item") if s.get("kind") == "inline"]
    out: list[OutlineItem] = []
    for it in items:
        goal = _innermost(sections, it.start)
        sentence = doc.covering("sentence", it.start)
        # the item runs to the next item in the same sentence, or to the sentence's end
        end = sentence.end if sentence else it.end
        for nxt in items:
            if it.start < nxt.start < end:
                end = nxt.start
                break
        title = _title(text[it.end : end])
        if title:
            out.append(
                OutlineItem(
                    title,
                    goal.get("title") if goal else "",
                    doc.span_text(sentence) if sentence else title,
                    it.start,
                )
            )
    for h, end in sections:
        has_child = any(h.start < o.start < end for o, _ in sections) or any(
            h.start < i.start < end for i in items
        )
        parent = _innermost(
            [(o, e) for o, e in sections if o is not h and o.start < h.start], h.start
        )
        if has_child or parent is None:
            continue
        sentence = doc.covering("sentence", h.end) or doc.covering("sentence", h.start)
        out.append(
            OutlineItem(
                _title(h.get("title")),
                parent.get("title"),
                doc.span_text(sentence) if sentence else h.get("title"),
                h.start,
            )
        )
    return sorted(out, key=lambda o: o.start)


def draft_tasks(
    store: Store, principal: Principal, document_id: int, *, region_code: str | None = None
) -> list[TaskView]:
    """Create a draft task for each outline item of a stored document not drafted before.

    The task keeps its source sentence and the document; it is linked to the document's
    framework member whose text its goal or title names, when there is one.
    """
    require(principal, "task.write")
    with writing(store) as s:
        d = s.get(StoredDocument, document_id)
        if d is None:
            raise AccessError(
                f"document {document_id} does not exist", zh=f"文件 {document_id} 不存在"
            )
        region = region_code or d.region_code
        if region is None:
            raise LoopError(
                f"document {document_id} names no region; give one",
                zh=f"文件 {document_id} 未注明地区，请指定",
            )
        check_region(principal, region, f"region {region}")
        members = list(
            s.scalars(
                select(FrameworkMember).join(Framework).where(Framework.document_id == document_id)
            )
        )
        done = set(
            s.scalars(select(lm.Task.source_sentence).where(lm.Task.document_id == document_id))
        )
        created = []
        for item in outline_items(d.text):
            if item.sentence in done:
                continue
            done.add(item.sentence)
            member = next(
                (m for m in members if m.text and (m.text in item.goal or m.text in item.title)),
                None,
            )
            t = lm.Task(
                region_code=region,
                title=item.title,
                description=f"目标：{item.goal}" if item.goal else "",
                source_sentence=item.sentence,
                document_id=document_id,
                framework_member_id=member.id if member else None,
                created_by=principal.user_id,
            )
            s.add(t)
            s.flush()
            record(
                s,
                principal,
                entity="task",
                entity_id=t.id,
                action="draft",
                region_code=region,
                after={
                    "title": t.title,
                    "document_id": document_id,
                    "source_sentence": item.sentence,
                },
            )
            created.append(task_view(t))
        return created
