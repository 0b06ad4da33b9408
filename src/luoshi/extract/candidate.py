"""The working record of one quantity while the pipeline decides what it is.

The ``quantity`` layer holds one span per number with its unit; each span's
``candidate`` attribute is a :class:`Candidate` that later components fill in
(time, statementhood, indicator, classification), each noting in ``explain``
what it decided and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from luoshi.reading.document import Document, Span

if TYPE_CHECKING:  # the components package imports this module
    from luoshi.extract.components.scope import Scope

__all__ = ["Candidate", "candidates", "clause_bounds", "sentence_of"]


@dataclass
class Candidate:
    """A number with its unit, and the fields of a statement as they are decided."""

    start: int  # the quantity: number, magnitude and unit
    end: int
    number_start: int
    number_end: int
    value: float | list[float]
    unit: str
    base_value: float | list[float]
    base_unit: str
    unit_kind: str  # money, count, percent, points, area, ... ("" for a bare number)
    form: str  # the number's form: number, percent, range, ratio, rank, fraction, multiple
    chinese: bool
    sentence: Span
    approx: str | None = None  # a comparator the number itself carries (20多种, 近810亿)
    year: int | None = None
    deadline: bool = False  # the year is a deadline (到2025年), not an observation year
    scope: Scope | None = None  # the scope the quantity stands in (extract.components.scope)
    start_value: bool = False  # the X of 从X提高到Y: a value of the period's eve
    low_end: int | None = None  # a range's low end ends here (6%－6.5%: after 6%)
    high_start: int | None = None  # and its high end starts here
    keep: bool = True
    drop_reason: str = ""
    indicator: str = ""
    indicator_id: str | None = None
    kind: str = "actual"
    measure: str = "level"
    comparator: str = "eq"
    sign: int = 1  # -1 for a fall (下降3%)
    confidence: float = 1.0
    explain: dict[str, str] = field(default_factory=dict)

    def drop(self, component: str, reason: str) -> None:
        """Mark this quantity as not a statement, with the reason."""
        self.keep = False
        self.drop_reason = f"{component}: {reason}"


def candidates(doc: Document, *, kept_only: bool = True) -> list[Candidate]:
    """The candidates of ``doc`` in text order (only those still kept, by default)."""
    out = []
    for span in doc.spans("quantity"):
        cand: Candidate = span.get("candidate")
        if cand.keep or not kept_only:
            out.append(cand)
    return out


def sentence_of(doc: Document, pos: int) -> Span | None:
    """The sentence that holds position ``pos``."""
    return doc.covering("sentence", pos)


_CLAUSE_MARKS = "，,；;：:。！？!?"
_CLAUSE_MARK = re.compile(f"[{_CLAUSE_MARKS}]")


_MAX_CLAUSE = 160  # a clause longer than this is not prose; cues are sought nearby only


def clause_bounds(text: str, sentence: Span, pos: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, colons) of ``sentence`` around ``pos``,
    at most ``_MAX_CLAUSE`` characters either side, so that work stays linear."""
    lo = max(sentence.start, pos - _MAX_CLAUSE)
    hi = min(sentence.end, pos + _MAX_CLAUSE)
    start = max(text.rfind(mark, lo, pos) for mark in _CLAUSE_MARKS) + 1
    m = _CLAUSE_MARK.search(text, pos, hi)
    return max(start, lo), m.start() if m else hi
