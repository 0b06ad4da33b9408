"""Reports and review: figures into observations, attachments checked, reviews once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from luoshi.config import Settings
from luoshi.errors import LoopError, TransitionError
from luoshi.loop.reports import (
    AttachmentSpec,
    FigureSpec,
    clean_file_name,
    figure_unit,
    get_attachment,
    review_report,
    start_review,
    submit_report,
)
from luoshi.loop.tasks import get_task, start_task
from luoshi.store.models import Observation
from luoshi.track.status import target_statuses
from tests.loop.conftest import REGION, World

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _started(world: World, **kw: object) -> tuple[int, int]:
    t = world.task(**kw)
    t = start_task(world.store, world.dept, t.id, t.version)
    return t.id, t.version


def test_a_growth_targets_figure_is_the_level_it_grows_from(world: World) -> None:
    world.targets()
    with world.store.session() as s:
        # judged in 2024, while the plan (to 2025) still runs
        statuses = {x.target_id: x for x in target_statuses(s, region=REGION, as_of=2024)}
    growth = next(
        i for i, x in statuses.items() if x.indicator_id == "gdp" and x.measure == "growth"
    )
    assert figure_unit(world.store, growth) == "元"  # the level series, not the %
    task_id, version = _started(world, target_ids=[growth])
    # 2022: 128.6亿 (from the plan's text); 2023 reported: 138亿, +7.3%: on track for 7%/yr
    r = submit_report(
        world.store,
        world.dept,
        task_id,
        version,
        period="2023",
        text="地区生产总值138亿元",
        figures=[FigureSpec(growth, 2023, 1.38e10)],
    )
    review_report(world.store, world.leader, r.id, r.version, accept=True)
    with world.store.session() as s:
        [obs] = s.scalars(select(Observation).where(Observation.source_kind == "report"))
        assert (obs.measure, obs.base_unit, obs.year, obs.value) == ("level", "元", 2023, 1.38e10)
        after = {x.target_id: x.status for x in target_statuses(s, region=REGION, as_of=2024)}
    assert statuses[growth].status == "insufficient_data"  # only the 2022 base was known
    assert after[growth] in {"on_track", "achieved"}


def test_figures_only_for_linked_targets(world: World) -> None:
    ids = world.targets()
    task_id, version = _started(world, target_ids=[ids["key_projects"]])
    with pytest.raises(LoopError, match=f"target {ids['gdp']} is not linked"):
        submit_report(
            world.store,
            world.dept,
            task_id,
            version,
            period="2023",
            text="x",
            figures=[FigureSpec(ids["gdp"], 2023, 1.0)],
        )
    with pytest.raises(LoopError, match="not a plausible year"):
        submit_report(
            world.store,
            world.dept,
            task_id,
            version,
            period="2023",
            text="x",
            figures=[FigureSpec(ids["key_projects"], 23, 1.0)],
        )
    assert get_task(world.store, world.leader, task_id).state == "in_progress"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.exe", b"MZ\x90\x00", "type not accepted"),
        ("报告", b"text", "type not accepted"),
        ("照片.png", b"GIF89a....", "not a .png file"),
        ("说明.pdf", b"<html>not a pdf</html>", "not a .pdf file"),
        ("数据.csv", b"\xff\xfe\x00b\x00a", "must be UTF-8 text"),
        ("数据.txt", b"a\x00b", "must be text"),
        ("空.pdf", b"", "is empty"),
        ("大.png", PNG + b"\x00" * 2048, "over the 0 MB limit"),
    ],
)
def test_attachments_of_the_wrong_type_or_size_are_refused(
    world: World, name: str, content: bytes, message: str
) -> None:
    task_id, version = _started(world)
    settings = Settings(max_attachment_bytes=1024)
    with pytest.raises(LoopError, match=message):
        submit_report(
            world.store,
            world.dept,
            task_id,
            version,
            period="2026",
            text="x",
            attachments=[AttachmentSpec(name, content)],
            settings=settings,
        )
    assert get_task(world.store, world.leader, task_id).state == "in_progress"


def test_attachments_are_kept_under_a_clean_name(world: World) -> None:
    task_id, version = _started(world)
    r = submit_report(
        world.store,
        world.dept,
        task_id,
        version,
        period="2026-Q2",
        text="附图",
        attachments=[
            AttachmentSpec("../../etc/现场\x00照片.png", PNG),
            AttachmentSpec("C:\\Users\\a\\清单.csv", "项目,投资\n".encode()),
        ],
    )
    names = [a[1] for a in r.attachments]
    assert names == ["现场照片.png", "清单.csv"]
    name, media, data = get_attachment(world.store, world.leader, r.attachments[0][0])
    assert (name, media, data) == ("现场照片.png", "image/png", PNG)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a/b/c.pdf", "c.pdf"),
        ("..", ""),
        ("  x.pdf. ", "x.pdf"),
        ('a<b>:"|?*.txt', "ab.txt"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_clean_file_names(raw: str, clean: str) -> None:
    assert clean_file_name(raw) == clean


def test_review_rules(world: World) -> None:
    task_id, version = _started(world)
    with pytest.raises(LoopError, match="period '2026年'"):
        submit_report(world.store, world.dept, task_id, version, period="2026年", text="x")
    with pytest.raises(LoopError, match="needs a text"):
        submit_report(world.store, world.dept, task_id, version, period="2026", text=" ")
    r = submit_report(world.store, world.dept, task_id, version, period="2026", text="进展")
    # a second report while the first waits: the task is no longer in progress
    t = get_task(world.store, world.dept, task_id)
    with pytest.raises(TransitionError, match="is reported"):
        submit_report(world.store, world.dept, task_id, t.version, period="2026", text="again")
    start_review(world.store, world.leader, task_id, t.version)
    with pytest.raises(LoopError, match="needs a comment"):
        review_report(world.store, world.leader, r.id, r.version, accept=False)
    r2 = review_report(world.store, world.leader, r.id, r.version, accept=True)
    assert r2.status == "accepted" and r2.reviewed_at is not None
    # a periodic (not final) report accepted: the work goes on
    assert get_task(world.store, world.leader, task_id).state == "in_progress"
    with pytest.raises(TransitionError, match="already accepted"):
        review_report(world.store, world.leader, r.id, r2.version, accept=False, comment="改")
