"""Keeping the store's verdicts fresh for the pages (:mod:`luoshi.track.standing`).

Before a page reads the kept verdicts it asks the keeper, which measures what is out of
date (a few queries on indexes): a small change — a document, a table, a report of a few
regions — is judged at once, within the request; a large one — the first start on a big
store, a new year, new rules — is judged in a background thread while the pages show the
verdicts kept before and say since when (one thread per process; the store's own
transaction settles two processes that start together).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from luoshi.store import Store, models
from luoshi.track.standing import Staleness, refresh, staleness

__all__ = ["SYNC_LIMIT", "Freshness", "VerdictKeeper"]

log = logging.getLogger("luoshi.web")

#: The most targets judged within a request (about 0.3 s of work on the development
#: machine); more go to the background.
SYNC_LIMIT = 5_000


@dataclass(frozen=True)
class Freshness:
    """Whether the kept verdicts are up to date, and if not, since when they were."""

    fresh: bool
    updating: bool
    refreshed_at: datetime | None  # when the verdicts the pages read were judged


class VerdictKeeper:
    """Brings the kept verdicts up to date, at once or in the background."""

    def __init__(self, store: Store, sync_limit: int = SYNC_LIMIT, cache_size: int = 256) -> None:
        self.store = store
        self.sync_limit = sync_limit
        self.cache_size = cache_size
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._version: datetime | None = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self.error: str | None = None

    def check(self) -> Freshness:
        """Judge what is out of date now if it is small, else start judging it behind."""
        with self.store.session() as session:
            stale = staleness(session)
        if stale.fresh:
            return Freshness(True, False, stale.refreshed_at)
        if self.updating:
            return Freshness(False, True, stale.refreshed_at)
        if stale.targets <= self.sync_limit:
            refresh(self.store)
            with self.store.session() as session:
                state = session.get(models.VerdictState, 1)
                return Freshness(True, False, state.refreshed_at if state else None)
        self._start(stale)
        return Freshness(False, True, stale.refreshed_at)

    def cached(self, fresh: Freshness, key: Hashable, compute: Callable[[], Any]) -> Any:
        """What ``compute`` gives from the kept verdicts judged at ``fresh.refreshed_at``:
        computed once until they are judged again (counts over every target cost tens of
        milliseconds, and every page asks for them)."""
        version = fresh.refreshed_at
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            if version == self._version:
                self._items[key] = value
                while len(self._items) > self.cache_size:
                    self._items.popitem(last=False)
        return value

    @property
    def updating(self) -> bool:
        """Whether a background judgement is running."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def _start(self, stale: Staleness) -> None:
        with self._lock:
            if self.updating:
                return
            log.info("judging %d targets in the background", stale.targets)
            self._thread = threading.Thread(target=self._run, name="luoshi-verdicts", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            done = refresh(self.store)
            log.info("kept verdicts up to date (%d targets judged)", done.targets)
            self.error = None
        except Exception as exc:  # a background thread has no caller to raise to
            log.exception("judging the targets failed")
            self.error = str(exc)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background judgement to end (tests, benchmarks, shutdown)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
