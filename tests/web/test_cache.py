"""The page cache: one computation of a key at a time; the answer before meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi.store import Store, models, open_store
from luoshi.web.views import ResultCache


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'cache.db'}")
    s.migrate()
    yield s
    s.close()


def _add_region(store: Store, code: str) -> None:
    with store.writing() as session:
        session.add(models.Region(code=code, name=f"区{code}", is_official=False))


class Slow:
    """A computation that counts its calls and waits to be let go."""

    def __init__(self, value: str) -> None:
        self.value, self.calls = value, 0
        self.started, self.release = threading.Event(), threading.Event()

    def __call__(self) -> str:
        self.calls += 1
        self.started.set()
        assert self.release.wait(30)
        return self.value


def _get_in_threads(
    store: Store, cache: ResultCache, compute: Slow, n: int
) -> tuple[list[str], list[threading.Thread]]:
    answers: list[str] = []

    def get() -> None:
        with store.session() as session:
            answers.append(cache.get(session, "overview", compute))

    threads = [threading.Thread(target=get) for _ in range(n)]
    for t in threads:
        t.start()
    return answers, threads


def test_requests_during_a_recomputation_get_the_answer_before(store: Store) -> None:
    cache = ResultCache()
    with store.session() as session:
        assert cache.get(session, "overview", lambda: "old") == "old"
        assert cache.get(session, "overview", lambda: "not called") == "old"
    _add_region(store, "990501")  # the data change: the answer must be computed again
    slow = Slow("new")
    first, threads = _get_in_threads(store, cache, slow, 1)
    assert slow.started.wait(30)
    others: list[str] = []
    for _ in range(5):
        with store.session() as session:
            others.append(cache.get(session, "overview", lambda: "computed twice"))
    assert others == ["old"] * 5, "no second computation, no wait"
    slow.release.set()
    threads[0].join()
    assert first == ["new"] and slow.calls == 1
    with store.session() as session:
        assert cache.get(session, "overview", lambda: "not called") == "new"


def test_requests_with_nothing_kept_wait_for_the_one_computation(store: Store) -> None:
    cache = ResultCache()
    slow = Slow("answer")
    answers, threads = _get_in_threads(store, cache, slow, 8)
    assert slow.started.wait(30)
    slow.release.set()
    for t in threads:
        t.join()
    assert answers == ["answer"] * 8 and slow.calls == 1
