"""Kept verdicts: the stored status of every target agrees with the ledger's own verdict,
and is judged again when a new figure, another year or a correction makes it old."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from luoshi.store import Store, ingest_paths, models, open_store
from luoshi.track.ledger import verdicts
from luoshi.track.standing import SEVERITY, refresh, refresh_targets, staleness, status_counts
from tests.web.conftest import REGION, REGION_NAME, fill


@pytest.fixture
def county(tmp_path: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'standing.db'}")
    store.migrate()
    fill(store, tmp_path)
    yield store
    store.close()


def _kept(store: Store) -> dict[int, str]:
    with store.session() as s:
        rows = s.execute(select(models.TargetVerdict.target_id, models.TargetVerdict.status))
        return {int(t): str(st) for t, st in rows}


def _ledger(store: Store, as_of: int) -> dict[int, str]:
    with store.session() as s:
        return {t.id: v.status for t, _, v, _ in verdicts(s, as_of=as_of, detail=False)}


def test_a_first_refresh_keeps_the_ledgers_verdict_of_every_target(county: Store) -> None:
    with county.session() as s:
        assert staleness(s, as_of=2025).full
    refresh(county, as_of=2025)
    kept = _kept(county)
    assert kept == _ledger(county, 2025)
    assert len(set(kept.values())) > 1, "the sample county's targets differ in status"
    with county.session() as s:
        assert staleness(s, as_of=2025).fresh
        counts = status_counts(s)
        assert sum(counts.values()) == len(kept) and set(counts) == set(SEVERITY)
        assert counts == status_counts(s, region=REGION)


def test_another_year_judges_everything_again(county: Store) -> None:
    refresh(county, as_of=2025)
    with county.session() as s:
        assert staleness(s, as_of=2026).full
    refresh(county, as_of=2026)
    assert _kept(county) == _ledger(county, 2026)


def test_a_new_figure_makes_its_region_old_and_only_it(county: Store, tmp_path: Path) -> None:
    refresh(county, as_of=2025)
    later = tmp_path / "合川县2024年统计公报.txt"
    later.write_text(
        f"{REGION_NAME}2024年国民经济和社会发展统计公报\n\n"
        "2024年，全县地区生产总值达到400亿元，比上年增长7.0%。\n",
        encoding="utf-8",
    )
    summary = ingest_paths(county, [later], region=(REGION, REGION_NAME))
    assert summary.ok, summary.failures
    with county.session() as s:
        stale = staleness(s, as_of=2025)
    assert not stale.full and stale.regions == (REGION,) and stale.targets > 0
    refresh(county, as_of=2025)
    assert _kept(county) == _ledger(county, 2025)
    with county.session() as s:
        assert staleness(s, as_of=2025).fresh


def test_a_corrected_target_is_judged_again_in_the_same_transaction(county: Store) -> None:
    refresh(county, as_of=2025)
    kept = _kept(county)
    with county.session() as s:
        behind = s.scalars(
            select(models.Target.id).where(
                models.Target.comparator == "ge",
                models.Target.id.in_(
                    [t for t, st in kept.items() if st in ("missed", "off_track")]
                ),
            )
        ).first()
        assert behind is not None, "the sample has a floor not reached"
        # a correction to a promise nobody can miss: at least nothing
        s.execute(update(models.Target).where(models.Target.id == behind).values(value=0))
        refresh_targets(s, [behind])
        s.commit()
    after = _kept(county)[behind]
    assert after == _ledger(county, 2025)[behind]
    assert after not in ("missed", "off_track")
