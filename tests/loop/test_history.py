"""Property: an audit entry reads back field by field, each under its own label with its
own values, whatever is empty or missing on either side (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.loop.access import writing
from luoshi.loop.audit import list_audit, record
from luoshi.loop.history import FIELD_LABELS, describe, render_value
from tests.loop.conftest import REGION, World

MISSING = object()
TEXT_FIELDS = ("title", "description", "comment", "period", "email", "display_name")
DEPARTMENT_FIELDS = ("owner_department_id", "co_department_ids")

values = st.one_of(
    st.none(),
    st.just(""),
    st.just([]),
    st.text(alphabet="说明任务ab1 <", min_size=1, max_size=8),
)


@st.composite
def sides(draw: st.DrawFn, dept_ids: tuple[int, int]) -> dict[str, Any] | None:
    """One side of an entry: absent, or any fields, each possibly empty."""
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    out: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        value = draw(st.just(MISSING) | values)
        if value is not MISSING:
            out[field] = value
    owner = draw(st.sampled_from([MISSING, None, *dept_ids]))
    if owner is not MISSING:
        out["owner_department_id"] = owner
    co = draw(st.sampled_from([MISSING, [], [dept_ids[1]], list(dept_ids)]))
    if co is not MISSING:
        out["co_department_ids"] = co
    return out


def _expected(field: str, side: dict[str, Any] | None, lang: str, names: dict[int, str]) -> str:
    if side is None or field not in side:
        return "—"
    value = side[field]
    if value in (None, "", []):
        return "空" if lang == "zh" else "(empty)"
    if field == "owner_department_id":
        return names[value]
    if field == "co_department_ids":
        return ("、" if lang == "zh" else ", ").join(names[d] for d in value)
    return str(value)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_field_reads_back_with_its_own_value(world: World, data: st.DataObject) -> None:
    ids = (world.dept_id, world.other_dept_id)
    names = {world.dept_id: "县发展改革委", world.other_dept_id: "县住房城乡建设委"}
    before = data.draw(sides(ids), "before")
    after = data.draw(sides(ids), "after")
    with writing(world.store) as s:
        record(
            s, world.leader, entity="task", entity_id=1, action="edit", region_code=REGION,
            before=before, after=after,
        )  # fmt: skip
    entry = list_audit(world.store, world.leader)[-1]
    if before is not None and after is not None:  # only what changed is kept
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    assert (entry.before, entry.after) == (before, after)  # stored as given, empties too
    fields = [*(before or {}), *(k for k in (after or {}) if k not in (before or {}))]
    for lang in ("zh", "en"):
        rows = describe(entry, lang, names)
        assert [r.field for r in rows] == fields  # one row per field, none lost or doubled
        for r in rows:
            assert r.label == FIELD_LABELS[r.field][0 if lang == "zh" else 1]
            assert r.before == _expected(r.field, before, lang, names), (lang, r)
            assert r.after == _expected(r.field, after, lang, names), (lang, r)


def test_values_read_for_people() -> None:
    names = {3: "县发展改革委"}
    assert render_value("owner_department_id", 3, "zh", names) == "县发展改革委"
    assert render_value("owner_department_id", 9, "zh", names) == "#9"  # not in scope
    assert render_value("state", "in_progress", "zh") == "办理中"
    assert render_value("state", "in_progress", "en") == "in progress"
    assert render_value("importance", 3, "zh") == "重点"
    assert render_value("final", True, "zh") == "是"
    assert render_value("final", False, "en") == "no"
    assert render_value("figures", [[7, 2024, 1.45e10]], "zh") == "#7 2024: 14,500,000,000"
    assert render_value("figures", [[7, 2024, 0.123456789]], "zh") == "#7 2024: 0.123456789"
    assert render_value("role", "leader", "zh") == "领导"
    assert render_value("status", "returned", "zh") == "已退回"
    assert render_value("milestones", [["开工", "2026-05-01", 3.0, "个", True]], "zh") == (
        "开工（2026-05-01，3 个，已完成）"
    )
    assert render_value("deadline", None, "en") == "(empty)"
    assert render_value("deadline_year", 2025, "zh") == "2025"  # a year is not 2,025
