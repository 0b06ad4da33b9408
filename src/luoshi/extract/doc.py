"""What extraction returns: plain dataclasses, independent of any store.

A :class:`Statement` is one quantitative statement of the contract in
``shared/spec/statements.md``; a :class:`Framework` one numbered concept with its
members. Both carry where they stand (offsets in the normalised text and in the
source) and, in ``explain``, which component set each field and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Comparator", "Framework", "Kind", "Measure", "Statement"]

Kind = Literal["actual", "target"]
Measure = Literal["level", "growth", "share", "ratio", "change", "rank"]
Comparator = Literal["eq", "ge", "le", "approx"]
Value = float | list[float]


@dataclass
class Statement:
    """One quantitative statement: a value, what it measures, and how it is meant."""

    doc: str
    text: str
    sentence: str
    value: Value
    unit: str
    base_value: Value
    base_unit: str
    indicator: str
    kind: Kind
    measure: Measure
    comparator: Comparator
    year: int | None
    start: int  # the quantity's span in the normalised text
    end: int
    source_start: int  # and in the source text
    source_end: int
    sentence_start: int
    form: str = "number"  # how the number is written: number, percent, fraction, ratio, rank, ...
    sign: int = 1  # -1 for a fall (下降3%, 减少2个百分点): the value as written is positive
    indicator_id: str | None = None  # the canonical indicator, when the phrase maps to one
    region_code: str | None = None
    confidence: float = 1.0
    explain: dict[str, str] = field(default_factory=dict)

    def as_dict(self, *, explain: bool = False) -> dict[str, Any]:
        """The contract's JSON object (extra fields included; ``explain`` on request)."""
        out: dict[str, Any] = {
            "doc": self.doc,
            "text": self.text,
            "sentence": self.sentence,
            "value": _plain(self.value),
            "unit": self.unit,
            "base_value": _plain(self.base_value),
            "base_unit": self.base_unit,
            "indicator": self.indicator,
            "kind": self.kind,
            "measure": self.measure,
            "comparator": self.comparator,
            "year": self.year,
            "start": self.start,
            "end": self.end,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "form": self.form,
            "sign": self.sign,
            "indicator_id": self.indicator_id,
            "region": self.region_code,
            "confidence": round(self.confidence, 3),
        }
        if explain:
            out["explain"] = dict(self.explain)
        return out


@dataclass
class Framework:
    """A numbered concept that organises a plan (“123”总体工作思路, 三大战略), with its members."""

    doc: str
    name: str
    count: int
    members: list[str]
    start: int
    end: int
    source_start: int
    source_end: int
    sentence: str = ""
    member_spans: list[tuple[int, int]] = field(default_factory=list)
    parent: str | None = None
    explain: dict[str, str] = field(default_factory=dict)

    def as_dict(self, *, explain: bool = False) -> dict[str, Any]:
        """The contract's framework line, marked ``"framework": true``."""
        out: dict[str, Any] = {
            "doc": self.doc,
            "framework": True,
            "name": self.name,
            "count": self.count,
            "members": list(self.members),
            "start": self.start,
            "end": self.end,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "sentence": self.sentence,
            "parent": self.parent,
        }
        if explain:
            out["explain"] = dict(self.explain)
        return out


def _plain(v: Value) -> float | int | list[float | int]:
    """Integers print as integers (``5000``, not ``5000.0``)."""

    def one(x: float) -> float | int:
        return int(x) if float(x).is_integer() and abs(x) < 1e15 else x

    return [one(x) for x in v] if isinstance(v, list) else one(v)
