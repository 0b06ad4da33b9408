"""The place a sentence gives a figure: a region under the document's own, named before it.

A city's work report breaks its figures down by county ("澄阳县实现地区生产总值214.6亿元，
岱溪县实现地区生产总值101.2亿元"): each figure belongs to the county named last before it in
its sentence, not to the city. Only regions *under* the document's region count — the
official divisions below it (GB/T 2260, through :func:`luoshi.reading.region.descendants`)
and user-defined regions whose parent chain leads to it — and only by their full names:
a neighbour or a province named for comparison (高于全省平均) never takes a figure.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.reading.region import descendants
from luoshi.store import models

__all__ = ["Places", "places_under"]


class Places:
    """The full names of the regions under one region, and the figure → region rule."""

    def __init__(self, names: dict[str, str]) -> None:
        # longest first: 澄阳县城 must not hide behind a shorter name ending at the same place
        self._names = sorted(names.items(), key=lambda kv: len(kv[0]), reverse=True)

    def __bool__(self) -> bool:
        return bool(self._names)

    def named_before(self, sentence: str, upto: int) -> str | None:
        """The code of the region named last in ``sentence[:upto]``, if any."""
        head = sentence[: max(upto, 0)]
        best: tuple[int, str] | None = None
        for name, code in self._names:
            at = head.rfind(name)
            if at >= 0 and (best is None or at + len(name) > best[0]):
                best = (at + len(name), code)
        return best[1] if best else None


def places_under(session: Session, code: str | None) -> Places:
    """The regions under ``code``, official and user-defined, by full name."""
    if not code:
        return Places({})
    names = {d.name: d.code for d in descendants(code)} if code.isdigit() else {}
    # user-defined regions: walk the stored tree down from ``code``
    frontier = [code]
    seen = {code}
    while frontier:
        rows = session.execute(
            select(models.Region.code, models.Region.name).where(
                models.Region.parent_code.in_(frontier)
            )
        ).all()
        frontier = []
        for child, name in rows:
            if child not in seen:
                seen.add(child)
                frontier.append(child)
                names.setdefault(name, child)
    # a name two regions share is no evidence for either
    counts: dict[str, int] = {}
    for d in descendants(code) if code.isdigit() else []:
        counts[d.name] = counts.get(d.name, 0) + 1
    return Places({n: c for n, c in names.items() if counts.get(n, 0) <= 1})
