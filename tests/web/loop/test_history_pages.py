"""Property: whatever a task edit empties, sets or leaves out, its history on the task page
and on the audit page shows every changed field on its own row, under its own label, with
its own before and after values (empty ones as 空 / (empty), departments by name).

A field whose value was empty used to make the labels after it slide onto their
neighbours' values ("description 2027-04-02, deadline 1, …"). Edits are generated with
empty and missing fields, made through the library, read back with the audit reader and
through the rendered pages, in Chinese and English. SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.loop.audit import list_audit
from luoshi.loop.tasks import MilestoneSpec, TaskView, edit_task, get_task
from luoshi.store import Store
from tests.web.loop.conftest import Loop, make_loop

# Labels and words as a reader of each language expects them
LABELS = {
    "zh": {
        "description": "说明",
        "deadline": "截止日期",
        "owner_department_id": "牵头单位",
        "co_department_ids": "配合单位",
        "importance": "重要程度",
        "milestones": "节点",
        "title": "标题",
    },
    "en": {
        "description": "Description",
        "deadline": "Deadline",
        "owner_department_id": "Owner department",
        "co_department_ids": "Co-operating departments",
        "importance": "Importance",
        "milestones": "Milestones",
        "title": "Title",
    },
}
EMPTY = {"zh": "空", "en": "(empty)"}
IMPORTANCE = {
    "zh": {1: "一般", 2: "重要", 3: "重点"},
    "en": {1: "normal", 2: "important", 3: "key"},
}
DEPARTMENTS = {"县发展改革委", "县住房城乡建设委"}

texts = st.text(alphabet="规划任务说明<&> ab", min_size=0, max_size=12)
titles = st.text(alphabet="推进改造建设项目ab", min_size=1, max_size=10)
dates = st.none() | st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))
milestones = st.lists(
    st.builds(
        MilestoneSpec,
        title=st.sampled_from(["完成入户调查", "开工"]),
        due=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    ),
    max_size=2,
)


@st.composite
def edits(draw: st.DrawFn) -> dict[str, Any]:
    """Any subset of the fields (the others left out), with empty values likely."""
    fields = {
        "title": titles,
        "description": st.sampled_from(["", " "]) | texts,
        "deadline": dates,
        "owner_department_id": st.sampled_from(["none", "fgw", "zjw"]),
        "co_department_ids": st.sampled_from([(), ("zjw",), ("fgw", "zjw")]),
        "importance": st.sampled_from([1, 2, 3]),
        "milestones": milestones,
    }
    chosen = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1))
    return {name: draw(fields[name]) for name in sorted(chosen)}


def _resolve(loop: Loop, edit: dict[str, Any]) -> dict[str, Any]:
    ids = {"fgw": loop.world.dept_id, "zjw": loop.world.other_dept_id, "none": None}
    out = dict(edit)
    if "owner_department_id" in out:
        out["owner_department_id"] = ids[out["owner_department_id"]]
    if "co_department_ids" in out:
        out["co_department_ids"] = [ids[d] for d in out["co_department_ids"]]
    return out


def _stored(v: TaskView) -> dict[str, Any]:
    """The task's editable fields as the audit trail stores them (JSON)."""
    return {
        "title": v.title,
        "description": v.description,
        "deadline": v.deadline.isoformat() if v.deadline else None,
        "owner_department_id": v.owner_department_id,
        "co_department_ids": list(v.co_department_ids),
        "importance": v.importance,
        "milestones": [
            [m.title, m.due.isoformat(), m.expected_value, m.unit, m.done] for m in v.milestones
        ],
    }


def _shown(field: str, value: Any, lang: str, names: dict[int, str]) -> str:
    """How a person expects the value on the page."""
    if value in (None, "", []):
        return EMPTY[lang]
    if field == "owner_department_id":
        return names[value]
    if field == "co_department_ids":
        return ("、" if lang == "zh" else ", ").join(names[d] for d in value)
    if field == "importance":
        return IMPORTANCE[lang][value]
    if field == "milestones":
        brackets = "（{}）" if lang == "zh" else " ({})"
        return "; ".join(f"{t}{brackets.format(due)}" for t, due, *_ in value)
    return str(value)


def _rows(page: str, entry_id: int) -> dict[str, tuple[str, str, str]]:
    """The history rows of one entry: field → (label, before, after), as displayed."""
    doc = lxml.html.fromstring(page)
    [row] = doc.xpath(f"//tr[@data-entry='{entry_id}']")
    out = {}
    for tr in row.xpath(".//table[@class='changes']/tbody/tr"):
        [label] = tr.xpath("./th")
        [before] = tr.xpath("./td[@class='before']")
        [after] = tr.xpath("./td[@class='after']")
        field = tr.get("data-field")
        assert field not in out, f"{field} shown twice"
        out[field] = (label.text_content(), before.text_content(), after.text_content())
    return out


@pytest.fixture
def loop(store: Store) -> Loop:
    return make_loop(store)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=edits(), second=edits())
def test_every_changed_field_shows_its_own_values(
    loop: Loop, first: dict[str, Any], second: dict[str, Any]
) -> None:
    w = loop.world
    names = {w.dept_id: "县发展改革委", w.other_dept_id: "县住房城乡建设委"}
    task = w.task(assigned=False, description="原有说明")
    for edit in (first, second):
        old = get_task(w.store, w.leader, task.id)
        new = edit_task(w.store, w.leader, task.id, old.version, **_resolve(loop, edit))
        before, after = _stored(old), _stored(new)
        changed = [k for k in before if before[k] != after[k]]

        # the audit reader: exactly the changed fields, each with its own values
        entry = list_audit(w.store, w.leader, entity="task", entity_id=task.id)[-1]
        assert entry.action == "edit"
        assert entry.before == {k: before[k] for k in changed}
        assert entry.after == {k: after[k] for k in changed}

        # the rendered pages: the task's history and the audit page, in both languages
        for lang in ("zh", "en"):
            for path in (f"/loop/tasks/{task.id}", "/loop/audit?entity=task"):
                page = loop.client("leader").get(path, params={"lang": lang})
                assert page.status_code == 200
                rows = _rows(page.text, entry.id)
                assert sorted(rows) == sorted(changed), path
                for k in changed:
                    assert rows[k] == (
                        LABELS[lang][k],
                        _shown(k, before[k], lang, names),
                        _shown(k, after[k], lang, names),
                    ), (path, lang, k)
                shown = " ".join(" ".join(r) for r in rows.values())
                assert "None" not in shown and "[]" not in shown
                if lang == "zh":
                    assert "_id" not in shown  # department names, not ids


def test_a_moves_fields_that_one_side_lacks_show_as_not_recorded(loop: Loop) -> None:
    """A return records the state on both sides and the report and comment only after:
    the missing sides show —, never the neighbour's value."""
    w = loop.world
    task = w.task(description="")
    page = loop.client("leader").get(f"/loop/tasks/{task.id}").text
    entries = list_audit(w.store, w.leader, entity="task", entity_id=task.id)
    created, assigned = entries[0], entries[1]
    rows = _rows(page, created.id)
    assert rows["description"] == ("说明", "—", "空")  # created: no "before" at all
    assert rows["owner_department_id"] == ("牵头单位", "—", "县发展改革委")
    assert rows["co_department_ids"] == ("配合单位", "—", "空")
    assert _rows(page, assigned.id) == {"state": ("状态", "草稿", "已交办")}
