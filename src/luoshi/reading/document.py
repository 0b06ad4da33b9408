"""The document model: normalised text, an offset map back to the source, and span layers.

A :class:`Document` holds two texts. ``source`` is the document's own text as its
reader decoded it (the characters of a .txt file, the article body of a web page,
the paragraphs of a .docx). ``text`` is the canonical normalised text every later
stage works on. :class:`OffsetMap` maps each character of ``text`` back to the
characters of ``source`` it came from, so that a figure found in ``text`` can be
highlighted in the original.

Everything later stages add is a :class:`Span` in a named layer
(``doc.layers["sentence"]``, ``doc.layers["number"]``, ...), the way spaCy keeps
``Doc.spans``.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Document", "Metadata", "OffsetMap", "Span", "rewrite"]


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch ``[start, end)`` of a document's normalised text."""

    start: int
    end: int
    label: str = ""
    attrs: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        """The value of attribute ``key``, or ``default``."""
        for k, v in self.attrs:
            if k == key:
                return v
        return default

    def text_of(self, text: str) -> str:
        """The characters this span covers in ``text``."""
        return text[self.start : self.end]


class OffsetMap:
    """For every character of a normalised text, the source characters it came from.

    Written by hand: normalisation libraries (OpenCC, unicodedata) return new
    strings without alignment, and diff-based aligners are too slow for whole
    documents. Two parallel int32 arrays give, per normalised character, the start
    and end of its source stretch; an edit pass concatenates slices of them, so its
    cost grows with the number of edits, not with the length of the text.
    """

    __slots__ = ("_ends", "_starts", "source_length")

    def __init__(
        self, starts: npt.NDArray[np.int32], ends: npt.NDArray[np.int32], source_length: int
    ) -> None:
        if len(starts) != len(ends):
            raise ValueError("offset map arrays differ in length")
        self._starts = starts
        self._ends = ends
        self.source_length = source_length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text onto itself."""
        starts = np.arange(length, dtype=np.int32)
        return cls(starts, starts + 1, length)

    def __len__(self) -> int:
        return len(self._starts)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The source span ``[s, e)`` that normalised span ``[start, end)`` came from."""
        n = len(self._starts)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span {start}-{end} is outside the text of length {n}")
        if start == end:
            pos = int(self._starts[start]) if start < n else self.source_length
            return pos, pos
        return int(self._starts[start]), int(self._ends[end - 1])

    def to_normalised(self, source_pos: int) -> int:
        """The first normalised character at or after source position ``source_pos``."""
        return int(np.searchsorted(self._starts, source_pos, side="left"))

    def then(self, edits: Iterable[tuple[int, int, str]], text: str) -> tuple[str, OffsetMap]:
        """Apply ``edits`` to ``text`` (which this map describes); return the new text and map.

        Each edit ``(start, end, replacement)`` is in ``text`` coordinates, sorted and
        non-overlapping. A replacement of the same length keeps the per-character
        alignment; any other maps each of its characters to the whole source stretch
        of what it replaces. A deletion maps to nothing.
        """
        parts: list[str] = []
        starts: list[npt.NDArray[np.int32]] = []
        ends: list[npt.NDArray[np.int32]] = []
        pos = 0
        for start, end, repl in edits:
            if start < pos:
                raise ValueError(f"overlapping edit at {start}")
            parts.append(text[pos:start])
            starts.append(self._starts[pos:start])
            ends.append(self._ends[pos:start])
            if repl:
                parts.append(repl)
                if len(repl) == end - start:
                    starts.append(self._starts[start:end])
                    ends.append(self._ends[start:end])
                else:
                    if end > start:
                        s, e = int(self._starts[start]), int(self._ends[end - 1])
                    else:  # pure insertion: anchor it after the character before
                        s = e = int(self._ends[start - 1]) if start else 0
                    starts.append(np.full(len(repl), s, dtype=np.int32))
                    ends.append(np.full(len(repl), e, dtype=np.int32))
            pos = end
        parts.append(text[pos:])
        starts.append(self._starts[pos:])
        ends.append(self._ends[pos:])
        return "".join(parts), OffsetMap(
            np.concatenate(starts), np.concatenate(ends), self.source_length
        )

    def to_list(self) -> list[list[int]]:
        """A compact JSON-able form: runs ``[norm_start, source_start, length]`` copied one
        for one, and ``[norm_start, source_start, 1, source_end]`` for any other character."""
        n = len(self._starts)
        if n == 0:
            return []
        plain = self._ends == self._starts + 1
        step = np.ones(n, dtype=bool)
        step[1:] = (self._starts[1:] != self._starts[:-1] + 1) | ~plain[1:] | ~plain[:-1]
        runs: list[list[int]] = []
        breaks = [*np.flatnonzero(step).tolist(), n]
        for a, b in itertools.pairwise(breaks):
            if plain[a]:
                runs.append([a, int(self._starts[a]), b - a])
            else:
                runs.extend([i, int(self._starts[i]), 1, int(self._ends[i])] for i in range(a, b))
        return runs


def rewrite(
    text: str,
    offsets: OffsetMap,
    matches: Iterable[tuple[int, int, str]],
) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits to ``text``; keep ``offsets`` aligned."""
    edits = [m for m in matches if text[m[0] : m[1]] != m[2]]
    if not edits:
        return text, offsets
    return offsets.then(edits, text)


@dataclass
class Metadata:
    """What the document says about itself, where it says it."""

    title: str | None = None
    date: str | None = None  # ISO 8601, as precise as the text gives (2025, 2025-01, 2025-01-06)
    source: str | None = None  # issuing body or publisher
    region_code: str | None = None  # GB/T 2260 six-digit code
    region_name: str | None = None  # full name, e.g. 山西省吕梁市岚县
    region_level: str | None = None  # nation | province | city | county
    doc_type: str | None = None  # see luoshi.reading.metadata.DOC_TYPES
    # how each of date, doc_type and region was found, or why it is unknown
    found: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The document's year, when its date is known."""
        if self.date and self.date[:4].isdigit():
            return int(self.date[:4])
        return None

    def as_dict(self) -> dict[str, Any]:
        """The metadata as a plain dictionary."""
        return {
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "region_code": self.region_code,
            "region_name": self.region_name,
            "region_level": self.region_level,
            "doc_type": self.doc_type,
            "found": dict(self.found),
        }


def _start(span: Span) -> int:
    return span.start


@dataclass
class Document:
    """A read and normalised document with its span layers."""

    name: str
    text: str
    source: str
    offsets: OffsetMap
    format: str = "text"
    encoding: str | None = None
    meta: Metadata = field(default_factory=Metadata)
    warnings: list[str] = field(default_factory=list)
    layers: dict[str, list[Span]] = field(default_factory=dict)

    def spans(self, layer: str) -> list[Span]:
        """The spans of ``layer`` (empty when no component has filled it)."""
        return self.layers.get(layer, [])

    def set_layer(self, layer: str, spans: Iterable[Span]) -> None:
        """Replace ``layer`` with ``spans``, sorted by position."""
        self.layers[layer] = sorted(spans, key=lambda s: (s.start, s.end))

    def span_text(self, span: Span) -> str:
        """The normalised text of ``span``."""
        return self.text[span.start : span.end]

    def source_span(self, span: Span) -> tuple[int, int]:
        """Where ``span`` stands in the source text."""
        return self.offsets.to_source(span.start, span.end)

    def covering(self, layer: str, pos: int) -> Span | None:
        """The span of ``layer`` that contains position ``pos``, if any."""
        spans = self.spans(layer)
        # Bisect on the spans themselves: building a list of their starts on every call made
        # extraction quadratic in the document's length (148 s for 4 MB of text).
        i = bisect.bisect_right(spans, pos, key=_start) - 1
        if i >= 0 and spans[i].start <= pos < spans[i].end:
            return spans[i]
        return None

    def iter_layer(self, layer: str, where: Callable[[Span], bool] | None = None) -> Iterator[Span]:
        """Iterate ``layer``, optionally filtered."""
        for s in self.spans(layer):
            if where is None or where(s):
                yield s
