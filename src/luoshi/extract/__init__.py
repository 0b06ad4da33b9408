"""Extraction: every quantitative statement and numbered framework of a document.

``extract(doc)`` runs the default pipeline of registered components over a read
:class:`~luoshi.reading.document.Document` and returns its statements and
frameworks as plain dataclasses (:mod:`luoshi.extract.doc`), each tied to its
sentence and to its place in the original text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from luoshi.extract.candidate import Candidate, candidates
from luoshi.extract.doc import Framework, Statement
from luoshi.extract.pipeline import DEFAULT_PIPELINE, Pipeline
from luoshi.reading.document import Document

__all__ = ["DEFAULT_PIPELINE", "Extraction", "Framework", "Pipeline", "Statement", "extract"]


@dataclass
class Extraction:
    """What extraction found in one document."""

    doc: Document
    statements: list[Statement] = field(default_factory=list)
    frameworks: list[Framework] = field(default_factory=list)
    dropped: list[Candidate] = field(default_factory=list)  # quantities judged not statements


_DEFAULT: Pipeline | None = None


def _default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline(DEFAULT_PIPELINE)
    return _DEFAULT


_MAX_SENTENCE = 1000  # a longer "sentence" is not prose: quote a window around the figure


def _sentence_text(doc: Document, c: Candidate) -> str:
    s = c.sentence
    if s.end - s.start <= _MAX_SENTENCE:
        return doc.span_text(s)
    lo = max(s.start, c.start - _MAX_SENTENCE // 2)
    return doc.text[lo : min(s.end, lo + _MAX_SENTENCE)]


def _statement(doc: Document, c: Candidate) -> Statement:
    s = c.sentence
    src = doc.offsets.to_source(c.start, c.end)
    return Statement(
        doc=doc.name,
        text=doc.text[c.start : c.end],
        sentence=_sentence_text(doc, c),
        value=c.value,
        unit=c.unit,
        base_value=c.base_value,
        base_unit=c.base_unit,
        indicator=c.indicator,
        kind=c.kind,  # type: ignore[arg-type]
        measure=c.measure,  # type: ignore[arg-type]
        comparator=c.comparator,  # type: ignore[arg-type]
        year=c.year,
        start=c.start,
        end=c.end,
        source_start=src[0],
        source_end=src[1],
        sentence_start=s.start,
        form=c.form,
        sign=c.sign,
        indicator_id=c.indicator_id,
        region_code=doc.meta.region_code,
        confidence=c.confidence,
        explain=dict(c.explain),
    )


def _range_ends(doc: Document, c: Candidate) -> list[Statement]:
    """A range is two statements (contract): its low end at least, its high end at most
    (国内生产总值增长6%－6.5% gives 6 ``ge`` and 6.5 ``le``)."""
    whole = _statement(doc, c)
    assert isinstance(c.value, list) and isinstance(c.base_value, list)
    out = []
    ends = (
        (0, "ge", c.start, c.low_end or c.start),
        (1, "le", c.high_start or c.start, c.end),
    )
    for i, comparator, start, end in ends:
        src = doc.offsets.to_source(start, end)
        s = replace(
            whole,
            text=doc.text[start:end],
            value=c.value[i],
            base_value=c.base_value[i],
            comparator=comparator,  # type: ignore[arg-type]
            start=start,
            end=end,
            source_start=src[0],
            source_end=src[1],
            explain={
                **whole.explain,
                "comparator": f"classify: the {'low' if i == 0 else 'high'} end of a range",
            },
        )
        out.append(s)
    return out


def extract(doc: Document, pipeline: Pipeline | None = None) -> Extraction:
    """Run ``pipeline`` (the default one unless given) over ``doc``; collect the results."""
    (pipeline or _default_pipeline())(doc)
    result = Extraction(doc)
    for c in candidates(doc, kept_only=False):
        if c.keep and c.form == "range" and isinstance(c.value, list) and len(c.value) == 2:
            result.statements.extend(_range_ends(doc, c))
        elif c.keep:
            result.statements.append(_statement(doc, c))
        else:
            result.dropped.append(c)
    result.frameworks = [span.get("framework") for span in doc.spans("framework")]
    return result
