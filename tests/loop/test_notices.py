"""Deadline warnings: overdue and at-risk notices, once a day, and e-mail through a real
(local) SMTP server when one is configured."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from luoshi.config import Settings
from luoshi.errors import LoopError
from luoshi.loop.notices import list_notices, scan_deadlines
from luoshi.loop.tasks import MilestoneSpec, get_task
from luoshi.loop.users import add_user
from tests.loop.conftest import PASSWORD, REGION, World
from tests.store.conftest import _free_port


class _Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Inbox, int]]:
    """A real SMTP server on a free local port."""
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_overdue_and_at_risk(world: World) -> None:
    late = world.task(title="已过期的任务", deadline=date(2026, 5, 31))
    soon = world.task(title="即将到期的任务", deadline=date(2026, 6, 5))
    step = world.task(
        title="节点临近的任务",
        deadline=date(2026, 12, 31),
        milestones=[MilestoneSpec("完成招标", date(2026, 6, 3))],
    )
    world.task(title="还早的任务", deadline=date(2026, 12, 31))
    r = scan_deadlines(world.store, world.leader, today=date(2026, 6, 1), days=7)
    assert r.overdue == [late.id] and r.at_risk == [soon.id, step.id] and r.notices == 3
    assert get_task(world.store, world.dept, late.id).state == "overdue"
    # the same day again: nothing new; the next day: the overdue task is warned again
    again = scan_deadlines(world.store, world.leader, today=date(2026, 6, 1), days=7)
    assert (again.overdue, again.notices) == ([], 0)
    assert scan_deadlines(world.store, world.leader, today=date(2026, 6, 2)).notices == 3
    kinds = sorted(n.kind for n in list_notices(world.store, world.dept))
    assert kinds == ["at_risk"] * 4 + ["overdue"] * 2
    assert list_notices(world.store, world.other_dept) == []
    assert any("已逾期" in n.message for n in list_notices(world.store, world.leader))


def test_warnings_are_emailed_when_smtp_is_set(world: World, smtp: tuple[_Inbox, int]) -> None:
    inbox, port = smtp
    add_user(
        world.store,
        world.admin,
        username="fgw2",
        password=PASSWORD,
        role="department",
        department_id=world.dept_id,
        email="fgw@county.example",
    )
    world.task(title="已过期的任务", deadline=date(2026, 5, 31))
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_from="luoshi@county.example")
    r = scan_deadlines(world.store, world.leader, today=date(2026, 6, 1), settings=settings)
    assert r.emails == 1
    [(to, msg)] = inbox.messages
    assert to == ["fgw@county.example"] and msg["From"] == "luoshi@county.example"
    body = msg.get_payload(decode=True)
    assert isinstance(body, bytes) and "已过期的任务" in body.decode(
        msg.get_content_charset() or "utf-8"
    )
    assert all(n.emailed for n in list_notices(world.store, world.dept))


def test_no_smtp_no_email_and_a_dead_server_undoes_nothing(world: World) -> None:
    t = world.task(title="已过期的任务", deadline=date(2026, 5, 31))
    assert (
        scan_deadlines(
            world.store, world.leader, today=date(2026, 6, 1), settings=Settings(smtp_host="")
        ).emails
        == 0
    )
    add_user(
        world.store,
        world.admin,
        username="fgw2",
        password=PASSWORD,
        role="department",
        department_id=world.dept_id,
        email="fgw@county.example",
    )
    dead = Settings(smtp_host="127.0.0.1", smtp_port=_free_port())
    with pytest.raises(LoopError, match=r"e-mail through 127\.0\.0\.1"):
        scan_deadlines(world.store, world.leader, today=date(2026, 6, 2), settings=dead)
    assert get_task(world.store, world.leader, t.id).state == "overdue"
    assert len(list_notices(world.store, world.dept)) == 2
    with pytest.raises(LoopError, match="days must be"):
        scan_deadlines(world.store, world.leader, region_code=REGION, days=-1)
