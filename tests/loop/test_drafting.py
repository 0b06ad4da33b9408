"""Draft tasks from a stored document's outline."""

from __future__ import annotations

import pytest

from luoshi.errors import AccessError
from luoshi.loop.drafting import draft_tasks, outline_items
from luoshi.loop.tasks import list_tasks
from luoshi.store.models import Document
from tests.loop.conftest import World

SPEECH = """三、2023年重点抓好四个方面工作
（一）坚定不移抓项目扩投资。一是全年实施重点项目50个以上，完成固定资产投资60亿元。二是新增市场主体2000户。
（二）坚定不移抓城乡融合。新建改造农村公路120公里。
四、加强组织领导
"""


def test_items_and_headings_under_a_goal_become_work() -> None:
    items = outline_items(SPEECH)
    assert [(i.goal, i.title) for i in items] == [
        ("坚定不移抓项目扩投资", "全年实施重点项目50个以上，完成固定资产投资60亿元"),
        ("坚定不移抓项目扩投资", "新增市场主体2000户"),
        ("2023年重点抓好四个方面工作", "坚定不移抓城乡融合"),
    ]
    assert items[0].sentence.startswith("一是全年实施重点项目50个以上")


def test_drafting_a_stored_plan_once(world: World) -> None:
    world.targets()
    with world.store.session() as s:
        doc_id = s.query(Document.id).scalar()
    drafts = draft_tasks(world.store, world.leader, doc_id)
    assert [d.title for d in drafts] == [
        "全年实施重点项目50个以上，完成固定资产投资60亿元",
        "新增市场主体2000户，新培育规模以上工业企业12家",
        "坚定不移抓城乡融合",
        "坚定不移抓生态保护",
        "坚定不移抓民生保障",
    ]
    assert all(d.state == "draft" and d.document_id == doc_id for d in drafts)
    assert drafts[0].source_sentence and drafts[0].description == "目标：坚定不移抓项目扩投资"
    assert draft_tasks(world.store, world.leader, doc_id) == []  # not twice
    assert list_tasks(world.store, world.dept) == []  # drafts are the leader's
    with pytest.raises(AccessError):
        draft_tasks(world.store, world.stranger, doc_id)
    with pytest.raises(AccessError):
        draft_tasks(world.store, world.dept, doc_id)
    with pytest.raises(AccessError, match="does not exist"):
        draft_tasks(world.store, world.leader, 999)
