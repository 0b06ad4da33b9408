"""Full-text search over passages, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from luoshi.errors import QueryError
from luoshi.store import Store, ingest_paths, models
from luoshi.store.search import index_missing, passage_spans, search, words
from tests.conftest import REPO

SAMPLE = REPO / "src" / "luoshi" / "sample" / "hechuan-plenary-2023.txt"


def test_words_segment_chinese_for_search() -> None:
    got = words("全县地区生产总值力争突破160亿元。")
    assert {"地区", "生产", "总值", "生产总值", "160"} <= set(got)
    assert "。" not in got


def test_passages_are_sentences_with_offsets() -> None:
    text_ = "第一句。第二句！\n第三句“引号里。不分”完。"
    spans = passage_spans(text_)
    assert [text_[a:b] for a, b in spans] == ["第一句。", "第二句！", "第三句“引号里。不分”完。"]


def test_search_finds_ranks_and_highlights(store: Store) -> None:
    assert ingest_paths(store, [SAMPLE], region=("990201", "合川县")).ok
    with store.session() as session:
        result = search(session, "地区生产总值")
        assert result.total >= 3
        for hit in result.hits:
            doc = session.get(models.Document, hit.document_id)
            assert doc is not None
            passage = doc.text[hit.start : hit.end]
            assert "".join(s for s, _ in hit.snippet) == passage
            assert any(m and "生产总值" in s for s, m in hit.snippet)
        # a word inside a longer one is found through the index's shorter words
        assert search(session, "总值").total == result.total
        # every word must match
        both = search(session, "生产总值 森林")
        assert both.total < result.total
        assert search(session, "生产总值", region="990201").total == result.total
        assert search(session, "生产总值", region="990202").total == 0
        assert search(session, "不存在的词汇组合").total == 0
        page2 = search(session, "生产总值", limit=1, offset=1)
        assert page2.hits[0].passage_id == result.hits[1].passage_id


def test_index_missing_catches_up_and_reindexing_changes_nothing(store: Store) -> None:
    assert ingest_paths(store, [SAMPLE], region=("990201", "合川县")).ok
    with store.session() as session:
        before = search(session, "森林").total
        session.execute(text("DELETE FROM passage_fts"))
        session.execute(text("DELETE FROM passage"))
        assert search(session, "森林").total == 0
        assert index_missing(session) == 1
        assert index_missing(session) == 0
        assert search(session, "森林").total == before > 0


@pytest.mark.parametrize(
    ("query", "words_"),
    [("", "empty"), ("  ", "empty"), ("。，！", "no words"), ("字" * 201, "200")],
)
def test_bad_queries(store: Store, query: str, words_: str) -> None:
    with store.session() as session, pytest.raises(QueryError, match=words_):
        search(session, query)


def test_quotes_and_operators_are_words_not_syntax(store: Store) -> None:
    assert ingest_paths(store, [SAMPLE], region=("990201", "合川县")).ok
    with store.session() as session:
        for q in ('"生产', "生产 OR", "a' | b", "NEAR(x y)", "生产总值)", "生产 AND NOT"):
            search(session, q)  # no syntax error reaches the caller
        with pytest.raises(QueryError, match="no words"):
            search(session, "*")


def test_deleting_a_document_removes_its_index_rows(store: Store) -> None:
    assert ingest_paths(store, [SAMPLE], region=("990201", "合川县")).ok
    with store.session() as session:
        assert search(session, "森林").total > 0
        doc = session.scalars(select(models.Document)).one()
        session.delete(doc)
        session.flush()
        assert search(session, "森林").total == 0
        assert session.execute(text("SELECT count(*) FROM passage_fts")).scalar_one() == 0


def test_a_passage_without_words_is_indexed(store: Store, tmp_path: Path) -> None:
    """A line of punctuation alone stores on PostgreSQL too (no empty lexeme)."""
    page = tmp_path / "report.txt"
    text_ = "禾川县政府工作报告\n……\n——\n全县地区生产总值达到131.5亿元。\n"
    page.write_text(text_, encoding="utf-8")
    summary = ingest_paths(store, [page], region=("990001", "禾川县"))
    assert summary.ok, summary.failures
    with store.session() as s:
        assert [h.document_id for h in search(s, "生产总值").hits]
