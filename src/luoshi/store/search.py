"""Full-text search over every sentence of every stored document.

Chinese has no spaces between words, and neither SQLite's FTS5 tokenizers nor
PostgreSQL's parsers split it into words, so luoshi segments the text itself with
jieba (its search mode, which also yields the shorter words inside a long one:
地区生产总值 → 地区 / 生产 / 总值 / 生产总值 / 地区生产总值) and hands the
database the words: an FTS5 table on SQLite, a GIN-indexed tsvector built with
``array_to_tsvector`` on PostgreSQL (no parser between us and the words). A query is
segmented the same way; every word of it must match, either itself or all of the
shorter words it is made of.

Passages are the sentences of the stored, normalised text with their offsets into it, so
a hit links to its place in the document.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import Text

from luoshi.errors import QueryError
from luoshi.reading.outline import split_sentences
from luoshi.store import models

__all__ = [
    "MAX_QUERY_CHARS",
    "Hit",
    "SearchResult",
    "count_passages",
    "index_document",
    "index_missing",
    "passage_index",
    "passage_spans",
    "search",
    "words",
]

# Passages inserted per statement: memory stays flat on a document of millions of characters.
_BATCH = 5000

#: Longer queries are refused: a search box is for words, not for pasting a document.
MAX_QUERY_CHARS = 200
_WORD = re.compile(r"\w", re.UNICODE)
_LINE = re.compile(r"[^\n]+")
_SNIPPET = 160  # characters of a long sentence shown around its first hit


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def words(text: str) -> list[str]:
    """The search words of ``text``: jieba's search-mode segmentation, lower-cased,
    without punctuation and spaces."""
    return [w.lower() for w in _jieba().cut_for_search(text) if _WORD.search(w)]


def passage_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of ``text``, line by line."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        spans.extend(split_sentences(text, line.start(), line.end()))
    return spans


@dataclass(frozen=True)
class PassageIndex:
    """The passages of a text and the search words of each, joined by spaces.

    Made before the write transaction that stores them (:func:`passage_index`): segmenting
    a long document takes seconds, and a SQLite store admits one writer at a time.
    """

    spans: list[tuple[int, int]]
    words: list[str]


def passage_index(text: str) -> PassageIndex:
    """Split ``text`` into passages and segment each into its search words."""
    spans = passage_spans(text)
    return PassageIndex(spans, [" ".join(words(text[a:b])) for a, b in spans])


def _insert_index(session: Session, rows: Sequence[tuple[int, str]]) -> None:
    if not rows:
        return
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text("INSERT INTO passage_fts (rowid, words) VALUES (:id, :words)"),
            [{"id": pid, "words": ws} for pid, ws in rows],
        )
    else:
        statement = text(
            "INSERT INTO passage_fts (passage_id, words) VALUES (:id, array_to_tsvector(:words))"
        ).bindparams(bindparam("words", type_=ARRAY(Text)))
        # an empty lexeme is an error in PostgreSQL; a passage of no words gets an empty vector
        session.execute(
            statement, [{"id": pid, "words": [w for w in ws.split(" ") if w]} for pid, ws in rows]
        )


def index_document(
    session: Session, document: models.Document, prepared: PassageIndex | None = None
) -> int:
    """Store ``document``'s passages and index their words; returns the count.

    ``prepared`` is the :func:`passage_index` of the document's text, when it was made
    before the transaction; without it the text is segmented here. Any passages the
    document had before are replaced, so indexing twice changes nothing.
    """
    index = prepared if prepared is not None else passage_index(document.text)
    session.flush()
    session.execute(delete(models.Passage).where(models.Passage.document_id == document.id))
    body = document.text
    for lo in range(0, len(index.spans), _BATCH):
        batch = index.spans[lo : lo + _BATCH]
        ids = session.scalars(
            insert(models.Passage).returning(models.Passage.id, sort_by_parameter_order=True),
            [
                {"document_id": document.id, "start": a, "end": b, "text": body[a:b]}
                for a, b in batch
            ],
        ).all()
        _insert_index(session, list(zip(ids, index.words[lo : lo + _BATCH], strict=True)))
    return len(index.spans)


def index_missing(session: Session) -> int:
    """Index every document that has no passages yet (stores built before search existed);
    returns the number of documents indexed."""
    has = exists().where(models.Passage.document_id == models.Document.id)
    done = 0
    for doc in session.scalars(select(models.Document).where(~has).order_by(models.Document.id)):
        if doc.text.strip():
            index_document(session, doc)
            done += 1
    return done


@dataclass(frozen=True)
class Hit:
    """One matching passage: where it stands and its text cut into plain and matched parts."""

    passage_id: int
    document_id: int
    document: str
    title: str | None
    region_code: str | None
    date: str | None
    start: int
    end: int
    snippet: list[tuple[str, bool]]  # (text, is a match)


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the total number of matching passages, and the words searched."""

    query: str
    terms: list[str]
    total: int
    hits: list[Hit]


def _terms(query: str) -> list[tuple[str, list[str]]]:
    """Each word of the query with the shorter words it is made of (may be empty)."""
    out: list[tuple[str, list[str]]] = []
    for w in _jieba().lcut(query):
        w = w.lower()
        if not _WORD.search(w) or any(w == t for t, _ in out):
            continue
        parts = [p for p in words(w) if p != w]
        out.append((w, parts))
    return out


def _fts5_match(terms: list[tuple[str, list[str]]]) -> str:
    def quoted(w: str) -> str:
        return '"' + w.replace('"', '""') + '"'

    clauses = []
    for w, parts in terms:
        alt = quoted(w)
        if len(parts) > 1:
            alt = f"({alt} OR ({' AND '.join(quoted(p) for p in parts)}))"
        clauses.append(alt)
    return " AND ".join(clauses)


def _tsquery(terms: list[tuple[str, list[str]]]) -> str:
    def quoted(w: str) -> str:
        return "'" + w.replace("\\", "\\\\").replace("'", "''") + "'"

    clauses = []
    for w, parts in terms:
        alt = quoted(w)
        if len(parts) > 1:
            alt = f"({alt} | ({' & '.join(quoted(p) for p in parts)}))"
        clauses.append(alt)
    return " & ".join(clauses)


def _snippet(passage: str, needles: list[str]) -> list[tuple[str, bool]]:
    """``passage`` (shortened around its first match when long) cut at every match."""
    low = passage.lower()
    marks = [False] * len(passage)
    for n in sorted(needles, key=len, reverse=True):
        i = low.find(n)
        while n and i >= 0:
            for k in range(i, i + len(n)):
                marks[k] = True
            i = low.find(n, i + len(n))
    first = marks.index(True) if True in marks else 0
    lo = max(0, first - _SNIPPET // 3) if len(passage) > _SNIPPET else 0
    hi = min(len(passage), lo + _SNIPPET)
    parts: list[tuple[str, bool]] = []
    if lo > 0:
        parts.append(("…", False))
    k = lo
    while k < hi:
        j = k
        while j < hi and marks[j] == marks[k]:
            j += 1
        parts.append((passage[k:j], marks[k]))
        k = j
    if hi < len(passage):
        parts.append(("…", False))
    return parts


def search(
    session: Session,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    region: str | None = None,
) -> SearchResult:
    """The passages matching every word of ``query``, best first (BM25 on SQLite,
    ``ts_rank`` on PostgreSQL), ``limit`` from ``offset``; optionally of one region."""
    q = query.strip()
    if not q:
        raise QueryError(
            "the search query is empty: give one or more words", zh="检索词为空，请输入一个或多个词"
        )
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the search query has {len(q)} characters; at most {MAX_QUERY_CHARS}",
            zh=f"检索词有 {len(q)} 个字符，最多 {MAX_QUERY_CHARS} 个",
        )
    terms = _terms(q)
    if not terms:
        raise QueryError(
            f"the search query {q!r} has no words (only punctuation or spaces)",
            zh=f"检索词 {q!r} 中没有词语（只有标点或空格）",
        )
    P, D = models.Passage, models.Document
    region_sql = " AND d.region_code = :region" if region else ""
    params: dict[str, Any] = {"limit": limit, "offset": offset}
    if region:
        params["region"] = region
    if session.get_bind().dialect.name == "sqlite":
        params["q"] = _fts5_match(terms)
        base = (
            "FROM passage_fts f JOIN passage p ON p.id = f.rowid "
            "JOIN document d ON d.id = p.document_id WHERE passage_fts MATCH :q" + region_sql
        )
        order = "ORDER BY f.rank, p.id"
    else:
        params["q"] = _tsquery(terms)
        base = (
            "FROM passage_fts f JOIN passage p ON p.id = f.passage_id "
            "JOIN document d ON d.id = p.document_id "
            "WHERE f.words @@ CAST(:q AS tsquery)" + region_sql
        )
        order = "ORDER BY ts_rank(f.words, CAST(:q AS tsquery)) DESC, p.id"
    if region:
        total = session.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
    else:  # the index alone can count: its rows go with their passages (trigger, cascade)
        count_sql = (
            "SELECT count(*) FROM passage_fts WHERE passage_fts MATCH :q"
            if session.get_bind().dialect.name == "sqlite"
            else "SELECT count(*) FROM passage_fts WHERE words @@ CAST(:q AS tsquery)"
        )
        total = session.execute(text(count_sql), {"q": params["q"]}).scalar_one()
    ids = session.scalars(text(f"SELECT p.id {base} {order} LIMIT :limit OFFSET :offset"), params)
    wanted = list(ids)
    rows = {
        p.id: (p, d)
        for p, d in session.execute(
            select(P, D).join(D, P.document_id == D.id).where(P.id.in_(wanted))
        ).all()
    }
    needles = [n for w, parts in terms for n in (w, *parts)]
    hits = [
        Hit(
            passage_id=p.id,
            document_id=d.id,
            document=d.name,
            title=d.title,
            region_code=d.region_code,
            date=d.date,
            start=p.start,
            end=p.end,
            snippet=_snippet(p.text, needles),
        )
        for p, d in (rows[i] for i in wanted if i in rows)
    ]
    return SearchResult(query=q, terms=[w for w, _ in terms], total=int(total), hits=hits)


def count_passages(session: Session) -> int:
    """How many passages the index holds."""
    return int(session.scalar(select(func.count()).select_from(models.Passage)) or 0)
