"""SQL building blocks the tracking queries share.

:class:`OuterFirst` is written here because SQLAlchemy has no way to ask for a join
order. SQLite's planner reads ``a CROSS JOIN b`` as "keep ``a`` in the outer loop" (its
documented manual control of join order); other databases get a plain join and plan it
themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Join
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

__all__ = ["OuterFirst"]


class OuterFirst(Join):
    """An inner join whose left side stays the outer loop on SQLite.

    Two places need it. The region × indicator matrix: regions outside keep consecutive
    seeks in one region's part of the series index (0.9 s instead of 1.6 s of CPU for
    3,000 × 60 cells, where the planner put the small indicator table outside and jumped
    across the index at every row). Assessing every target: targets outside are read in
    storage order, which is plan by plan, so each plan's series are sought together.
    """

    inherit_cache = True


@compiles(OuterFirst, "sqlite")
def _outer_first_sqlite(element: OuterFirst, compiler: SQLCompiler, **kw: Any) -> str:
    # visit_join for its bookkeeping (the cartesian-product linter); the text is ours
    compiler.visit_join(element, **kw)  # type: ignore[no-untyped-call]
    kw["asfrom"] = True
    left = compiler.process(element.left, **kw)
    right = compiler.process(element.right, **kw)
    if element.onclause is None:
        return f"{left} CROSS JOIN {right}"
    return f"{left} CROSS JOIN {right} ON {compiler.process(element.onclause, **kw)}"
