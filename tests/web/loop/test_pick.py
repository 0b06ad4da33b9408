"""Search-as-you-type for the forms (``/api/pick/…``, :mod:`luoshi.web.choices`): what each
kind finds, how its labels tell alike rows apart, and whose scope it keeps to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from luoshi.errors import QueryError
from luoshi.loop.access import Principal
from luoshi.loop.users import add_department
from luoshi.store import models
from luoshi.web import choices
from tests.loop.conftest import OTHER
from tests.web.loop.conftest import REGION, Loop, client_for


@pytest.fixture(scope="module")
def loop(module_loop: Loop) -> Iterator[Loop]:
    """The county with the sample plan's targets, and a 县发展改革委 in the county beside it
    (the same name as the county's own)."""
    module_loop.world.targets()
    add_department(module_loop.store, Principal.system(), OTHER, "县发展改革委")
    yield module_loop


def _get(loop: Loop, who: str, path: str, **params: object) -> list[dict[str, str]]:
    r = loop.client(who).get(path, params=params)
    assert r.status_code == 200, r.text
    out: list[dict[str, str]] = r.json()
    return out


def test_regions_by_name_or_code(loop: Loop) -> None:
    both = _get(loop, "anonymous", "/api/pick/regions", q="禾")
    assert [c["value"] for c in both] == [REGION, OTHER]
    assert both[0] == {"value": REGION, "label": "禾川县", "hint": REGION}
    assert [c["label"] for c in _get(loop, "anonymous", "/api/pick/regions", q="禾山")] == [
        "禾山县"
    ]
    assert [c["value"] for c in _get(loop, "anonymous", "/api/pick/regions", q=OTHER)] == [OTHER]
    # LIKE's wildcards are letters like any other
    assert _get(loop, "anonymous", "/api/pick/regions", q="%") == []
    assert _get(loop, "anonymous", "/api/pick/regions", q="_") == []
    assert len(_get(loop, "anonymous", "/api/pick/regions", q="", limit=1)) == 1


def test_bad_parameters_are_refused(loop: Loop) -> None:
    c = loop.client("anonymous")
    for params in ({"limit": 0}, {"limit": 51}, {"q": "字" * 101}, {"limit": "many"}):
        r = c.get("/api/pick/regions", params=params)
        assert r.status_code == 422, params
        assert {"error", "status"} <= set(r.json())


def test_targets_read_as_promises_with_region_and_id(loop: Loop) -> None:
    found = _get(loop, "anonymous", "/api/pick/targets", q="地区生产总值")
    assert found, "the sample plan has GDP targets"
    labels = [c["label"] for c in found]
    # alike indicators are told apart by what they promise and when
    assert len(set(labels)) == len(labels), labels
    assert all(label.startswith("地区生产总值") for label in labels)
    assert any("亿元" in label for label in labels) and any("增长" in label for label in labels)
    assert all(c["hint"] == f"禾川县 · #{c['value']}" for c in found)
    english = _get(loop, "anonymous", "/api/pick/targets", q="地区生产总值", lang="en")
    assert any("growth of" in c["label"] or "billion yuan" in c["label"] for c in english)


def test_a_target_by_its_id_comes_first(loop: Loop) -> None:
    found = _get(loop, "anonymous", "/api/pick/targets", q="")
    last = found[-1]["value"]
    for typed in (last, f"#{last}"):
        assert _get(loop, "anonymous", "/api/pick/targets", q=typed)[0]["value"] == last
    # several words narrow: every word must match
    gdp = _get(loop, "anonymous", "/api/pick/targets", q="禾川 生产总值")
    assert gdp and len(gdp) < len(_get(loop, "anonymous", "/api/pick/targets", q="禾川"))


def test_targets_keep_to_the_users_region(loop: Loop) -> None:
    everyone = _get(loop, "anonymous", "/api/pick/targets", q="", limit=50)
    ours = _get(loop, "leader", "/api/pick/targets", q="", limit=50)
    assert ours == everyone  # the sample's targets are all the county's
    # the leader of the county beside it may link none of them, whatever it asks for
    assert _get(loop, "stranger", "/api/pick/targets", q="") == []
    assert _get(loop, "stranger", "/api/pick/targets", q="", region=REGION) == []
    # an administrator narrows by region
    assert _get(loop, "admin", "/api/pick/targets", q="", region=OTHER) == []
    assert _get(loop, "admin", "/api/pick/targets", q="", region=REGION, limit=50) == everyone


def test_departments_need_a_login_and_keep_to_the_scope(loop: Loop) -> None:
    assert client_for(loop.app).get("/api/pick/departments").status_code == 401
    mine = _get(loop, "leader", "/api/pick/departments", q="")
    assert [c["label"] for c in mine] == ["县发展改革委", "县住房城乡建设委"]
    assert {c["hint"] for c in mine} == {"禾川县"}
    assert [c["label"] for c in _get(loop, "viewer", "/api/pick/departments", q="住房")] == [
        "县住房城乡建设委"
    ]
    assert [c["hint"] for c in _get(loop, "stranger", "/api/pick/departments", q="")] == ["禾山县"]
    # an administrator sees both counties' 县发展改革委, told apart by the region
    both = _get(loop, "admin", "/api/pick/departments", q="发展改革")
    assert sorted(c["hint"] for c in both) == ["禾山县", "禾川县"]
    there = _get(loop, "admin", "/api/pick/departments", q="发展改革", region=OTHER)
    assert [c["hint"] for c in there] == ["禾山县"]
    # a word of the region's name finds its departments
    assert len(_get(loop, "admin", "/api/pick/departments", q="禾川")) == 2


def test_the_schema_describes_the_answers(loop: Loop) -> None:
    schema = loop.client("anonymous").get("/openapi.json").json()
    for kind in ("regions", "targets", "departments"):
        op = schema["paths"][f"/api/pick/{kind}"]["get"]
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["items"] == {"$ref": "#/components/schemas/ChoiceOut"}, kind
        assert "422" in op["responses"]
    assert "401" in schema["paths"]["/api/pick/departments"]["get"]["responses"]
    assert set(schema["components"]["schemas"]["ChoiceOut"]["required"]) == {
        "value",
        "label",
        "hint",
    }


def test_a_region_typed_by_name_or_code(loop: Loop) -> None:
    with loop.store.session() as s:
        assert choices.region_code(s, " 禾川县 ") == REGION
        assert choices.region_code(s, OTHER) == OTHER
        with pytest.raises(QueryError, match="禾川县 \\(990001\\)"):
            choices.region_code(s, "禾川")  # not a whole name: the near ones are suggested
        with pytest.raises(QueryError, match="no region given"):
            choices.region_code(s, "  ")
        assert choices.region_code_or_new(s, "禾山县") == OTHER
        assert choices.region_code_or_new(s, "990999") == "990999"  # a new region's code
        # a name two regions share must be chosen by code
        s.add(models.Region(code="990003", name="禾川县", level="county", is_official=False))
        s.flush()
        with pytest.raises(QueryError, match="2 regions are named"):
            choices.region_code(s, "禾川县")
        with pytest.raises(QueryError, match="2 regions are named"):
            choices.region_code_or_new(s, "禾川县")
        s.rollback()
        assert s.scalar(select(models.Region).where(models.Region.code == "990003")) is None
