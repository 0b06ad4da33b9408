"""The queries the dashboard needs that the store and the tracker do not offer as such.

Each one reads only what one page shows (a region's targets are assessed against that
region's observations only, as :func:`luoshi.track.status.target_statuses` does).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.errors import NotFoundError, QueryError
from luoshi.reading.outline import heading_at
from luoshi.store import models
from luoshi.track.progress import STATUS_ORDER
from luoshi.track.status import (
    ObservationRow,
    TargetStatus,
    observation_rows,
    target_statuses,
)

__all__ = [
    "Mark",
    "data_version",
    "document_lines",
    "framework_tree",
    "key_facts",
    "outline",
    "region_or_404",
    "statuses",
]


def data_version(session: Session) -> tuple[int, ...]:
    """Changes whenever documents, imports or regions are added: the key of honest caches."""
    maxima = [
        int(session.scalar(select(func.coalesce(func.max(col), 0))) or 0)
        for col in (
            models.Document.id,
            models.ImportBatch.id,
            models.Target.id,
            models.Observation.id,
        )
    ]
    regions = int(session.scalar(select(func.count()).select_from(models.Region)) or 0)
    return (*maxima, regions)


def region_or_404(session: Session, code: str) -> models.Region:
    """The region with ``code``, or :class:`NotFoundError`."""
    region = session.get(models.Region, code)
    if region is None:
        raise NotFoundError(
            f"no region with code {code!r} in the store", zh=f"库中没有代码为 {code!r} 的地区"
        )
    return region


def statuses(
    session: Session,
    *,
    region: str | None = None,
    target_ids: Sequence[int] | None = None,
    indicator: str | None = None,
    dimension: str | None = None,
    year: int | None = None,
    status: str | None = None,
    limit: int | None = None,
) -> list[TargetStatus]:
    """:func:`luoshi.track.status.target_statuses`, with a bad status filter a
    :class:`QueryError` (a 400) rather than an empty list."""
    if status and status not in STATUS_ORDER:
        raise QueryError(
            f"status {status!r} is not one of",
            zh=f"进度 {status!r} 不可用，可选",
            options=STATUS_ORDER,
        )
    return target_statuses(
        session,
        region=region,
        target_ids=target_ids,
        indicator=indicator,
        dimension=dimension,
        year=year,
        status=status,
        limit=limit,
    )


@dataclass
class FrameworkNode:
    """A framework with its members and the frameworks nested under it."""

    id: int
    name: str
    count: int
    members: list[str]
    document_id: int
    start: int
    children: list[FrameworkNode] = field(default_factory=list)


def framework_tree(session: Session, region: str) -> list[FrameworkNode]:
    """The frameworks of the region's documents as trees: a framework whose ``parent``
    names another framework (or one of its members) of the same document hangs under it."""
    F, D = models.Framework, models.Document
    found = session.scalars(
        select(F).join(D, F.document_id == D.id).where(D.region_code == region).order_by(F.id)
    ).all()
    nodes = {
        f.id: FrameworkNode(
            f.id, f.name, f.count, [m.text for m in f.members], f.document_id, f.start
        )
        for f in found
    }
    roots: list[FrameworkNode] = []
    for f in found:
        parent = None
        if f.parent:
            for g in found:
                if (
                    g.id != f.id
                    and g.document_id == f.document_id
                    and (g.name == f.parent or f.parent in (m.text for m in g.members))
                ):
                    parent = nodes[g.id]
                    break
        (parent.children if parent else roots).append(nodes[f.id])
    return roots


def key_facts(
    session: Session,
    region: str,
    limit: int = 60,
    observations: list[ObservationRow] | None = None,
) -> list[dict[str, Any]]:
    """The region's observed levels of canonical indicators, year by year (one per year,
    the tracker's preferred figure), most-observed indicators first."""
    if observations is None:
        observations = observation_rows(session, {region})
    rows = [
        (ind, unit, year, value, kind, oid)
        for reg, ind, _, measure, unit, year, value, kind, oid in observations
        if reg == region and ind is not None and measure == "level"
    ]
    best: dict[tuple[str, str, int], tuple[tuple[int, int], float]] = {}
    for ind, unit, year, value, kind, oid in rows:
        key = (str(ind), unit, int(year or 0))
        rank = (1 if kind == "import" else 0, oid)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, float(value))
    series: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for (ind, unit, year), (_, value) in sorted(best.items(), key=lambda kv: kv[0][2]):
        series[ind, unit].append((year, value))
    names = dict(session.execute(select(models.Indicator.id, models.Indicator.name)).all())
    ordered = sorted(series.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    return [
        {
            "indicator_id": ind,
            "indicator": names.get(ind, ind),
            "unit": unit,
            "points": [[y, v] for y, v in pts],
        }
        for (ind, unit), pts in ordered
    ]


@dataclass(frozen=True)
class Mark:
    """A highlighted figure in a document's text: the statement and the target it made."""

    start: int
    end: int
    statement_id: int
    kind: str
    target_id: int | None
    title: str


def outline(text: str) -> list[dict[str, Any]]:
    """The heading lines of a stored text, with their level and offset."""
    out: list[dict[str, Any]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        hit = heading_at(stripped)
        if hit is not None and len(stripped) <= 80:
            out.append(
                {"level": hit[0], "text": stripped, "start": pos + len(line) - len(line.lstrip())}
            )
        pos += len(line) + 1
    return out


def document_lines(
    text: str, marks: Sequence[Mark], anchors: Sequence[int]
) -> list[list[dict[str, Any]]]:
    """The text cut into lines of segments: plain text, highlighted marks, and anchors
    (the offsets search hits and outline entries link to) placed where they begin."""
    cuts = {0, len(text)}
    for m in marks:
        cuts.update((m.start, m.end))
    cuts.update(a for a in anchors if 0 <= a <= len(text))
    starts = {m.start: m for m in sorted(marks, key=lambda m: m.end - m.start)}
    anchor_set = set(anchors)
    lines: list[list[dict[str, Any]]] = [[]]
    ordered = sorted(c for c in cuts if 0 <= c <= len(text))
    open_mark: Mark | None = None
    for a, b in itertools.pairwise(ordered):
        if open_mark is not None and a >= open_mark.end:
            open_mark = None
        if a in starts and open_mark is None:
            open_mark = starts[a]
        chunk = text[a:b]
        pieces = chunk.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                lines.append([])
            seg: dict[str, Any] = {"text": piece, "start": a}
            if k == 0 and a in anchor_set:
                seg["anchor"] = a
            if open_mark is not None:
                seg["mark"] = open_mark
                seg["first"] = a == open_mark.start and k == 0
            if piece or "anchor" in seg:
                lines[-1].append(seg)
    return lines
