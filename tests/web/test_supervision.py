"""The supervision pages over the demo, as the 督查室 (the demo's leader) uses them.

From the first screen, one click on the count of targets off track opens a list that holds
every one of them with its owner and its sentence; one more, 交办, opens a task form filled
from the target, which saves as a task linked to it, and the target then shows its owner.
The target list's filters, sorts and counts; the indicator pages; 考核 with its last result.
Pages are read as HTML (lxml), the API as JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.html
import pytest
from fastapi import FastAPI

import luoshi.loop.users
from luoshi.cli.serve import build_demo_store
from luoshi.demo.loop import DEMO_ACCOUNTS
from luoshi.store import Store
from luoshi.web import WebSettings, create_app
from tests.web.conftest import TestClient
from tests.web.loop.conftest import quick_hasher

PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, FastAPI]]:
    """The demo store (as ``luoshi demo`` builds it), judged as of 2025, and its app."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(luoshi.loop.users, "_HASHER", quick_hasher())
        mp.setenv("LUOSHI_AS_OF_YEAR", "2025")
        folder = tmp_path_factory.mktemp("supervision")
        store = build_demo_store(f"sqlite:///{folder / 'demo.db'}")
        yield store, create_app(WebSettings(), store=store)
        store.close()


def _client(app: FastAPI, username: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if username is not None:
        r = client.post("/api/login", json={"username": username, "password": PASSWORDS[username]})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


@pytest.fixture(scope="module")
def leader(demo: tuple[Store, FastAPI]) -> Iterator[TestClient]:
    with _client(demo[1], "leader") as c:
        yield c


def _html(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return lxml.html.fromstring(r.text)


def _rows(tree: Any) -> list[Any]:
    return list(tree.xpath("//table[@id='target-list']/tbody/tr"))


def _form_fields(form: Any) -> dict[str, Any]:
    """What a browser sends for ``form`` as it stands."""
    fields: dict[str, Any] = {}
    for el in form.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        name = el.get("name")
        if (
            el.tag == "input"
            and el.get("type") in ("checkbox", "radio")
            and el.get("checked") is None
        ):
            continue
        if el.tag == "select":
            chosen = el.xpath("./option[@selected]") or el.xpath("./option")
            value = chosen[0].get("value", chosen[0].text_content()) if chosen else ""
        elif el.tag == "textarea":
            value = el.text or ""
        else:
            value = el.get("value", "")
        if name in fields:
            fields[name] = [
                *([fields[name]] if isinstance(fields[name], str) else fields[name]),
                value,
            ]
        else:
            fields[name] = value
    return fields


@pytest.mark.parametrize(
    ("link", "status"), [("count-off-track", "off_track"), ("count-missed", "missed")]
)
def test_every_target_behind_is_one_click_from_the_first_screen(
    leader: TestClient, link: str, status: str
) -> None:
    board = _html(leader, "/")
    (count,) = board.xpath(f"//a[@id='{link}']")
    n = int(count.xpath("./b")[0].text_content())
    listed = _html(leader, count.get("href"))
    rows = _rows(listed)
    api = leader.get("/api/target-list", params={"status": status}).json()
    assert api["total"] == n and len(rows) == min(n, 50)
    for row in rows:
        assert row.get("data-status") == status
        owners = row.xpath(".//td[contains(@class, 'owners')]")[0].text_content().strip()
        assert owners, "an owner department, or the word that it has none"
        sentence = row.xpath(".//td[contains(@class, 'sentence')]/a")[0]
        assert len(sentence.text_content().strip("“”")) > 4
        assert sentence.get("href").startswith("/documents/")


def test_the_first_screen_lists_the_most_urgent_with_owner_and_sentence(leader: TestClient) -> None:
    board = _html(leader, "/")
    shown = board.xpath("//table[@id='off-track-list']/tbody/tr")
    behind = sum(
        leader.get("/api/target-list", params={"status": s}).json()["total"]
        for s in ("off_track", "missed")
    )
    assert behind > 0, "the demo, judged in 2025, has targets behind"
    assert len(shown) == min(behind, 20)
    assert {r.get("data-status") for r in shown} <= {"off_track", "missed"}
    # the leader's own county first
    regions = [r.xpath(".//td[2]/a")[0].get("href") for r in shown]
    own = [h == "/regions/990101" for h in regions]
    assert own == sorted(own, reverse=True)


def _assignable_row(leader: TestClient) -> Any:
    for status in ("off_track", "missed"):
        for row in _rows(_html(leader, f"/targets?status={status}")):
            if row.xpath(".//a[contains(@class, 'assign-link')]"):
                return row
    pytest.fail("the leader may hand over the targets of the county that are behind")


def test_assign_a_task_from_a_target_behind(leader: TestClient) -> None:
    row = _assignable_row(leader)
    target_id = row.get("data-target")
    link = row.xpath(".//a[contains(@class, 'assign-link')]")[0].get("href")
    form_page = _html(leader, link)
    (form,) = form_page.xpath("//form[@id='task-form']")
    fields = _form_fields(form)
    assert fields["title"], "the title is the target's name"
    assert target_id in str(fields["target_ids"]).replace(" ", "").split(",")
    assert fields["deadline"].endswith("-12-31")
    department = form.xpath(".//select[@name='owner_department_id']/option[@value!='']")[0]
    fields["owner_department_id"] = department.get("value")
    r = leader.post(form.get("action"), data=fields)
    assert r.status_code == 303, r.text
    task_id = int(r.headers["location"].rsplit("/", 1)[1])
    task = leader.get(f"/api/loop/tasks/{task_id}").json()
    assert int(target_id) in task["task"]["target_ids"]
    # the target now names its owner and lists the task
    page = _html(leader, f"/targets/{target_id}")
    assert department.text_content().strip() in page.text_content()
    assert page.xpath(f"//a[@href='/loop/tasks/{task_id}']")


def test_the_viewer_sees_the_list_but_cannot_assign(demo: tuple[Store, FastAPI]) -> None:
    with _client(demo[1], "viewer") as viewer:
        rows = _rows(_html(viewer, "/targets?status=missed&region=990101"))
        assert rows
        assert not any(r.xpath(".//a[contains(@class, 'assign-link')]") for r in rows)
        assert viewer.get(f"/loop/tasks/new?target={rows[0].get('data-target')}").status_code == 403


def test_target_list_filters_sorts_and_counts(leader: TestClient) -> None:
    everything = leader.get("/api/target-list").json()
    counts = {s["status"]: s["count"] for s in everything["status_counts"]}
    assert sum(counts.values()) == everything["total"] > 0
    for status, n in counts.items():
        if n:
            got = leader.get("/api/target-list", params={"status": status}).json()
            assert got["total"] == n
            assert {r["status"] for r in got["rows"]} == {status}
    region = everything["rows"][0]["region_code"]
    by_region = leader.get("/api/target-list", params={"region": region}).json()
    assert by_region["total"] > 0 and {r["region_code"] for r in by_region["rows"]} == {region}
    year = next(r["deadline"] for r in everything["rows"] if r["deadline"])
    by_year = leader.get("/api/target-list", params={"year": year}).json()
    assert {r["deadline"] for r in by_year["rows"]} == {year}
    indicator = next(r["indicator_id"] for r in everything["rows"] if r["indicator_id"])
    by_indicator = leader.get("/api/target-list", params={"indicator": indicator}).json()
    assert {r["indicator_id"] for r in by_indicator["rows"]} == {indicator}
    unowned = leader.get("/api/target-list", params={"owner": "none"}).json()
    assert all(not r["owners"] for r in unowned["rows"])
    deadlines = leader.get("/api/target-list", params={"sort": "deadline"}).json()["rows"]
    years = [r["deadline"] for r in deadlines if r["deadline"] is not None]
    assert years == sorted(years)
    for bad in ({"sort": "nonsense"}, {"status": "nonsense"}, {"owner": "x"}, {"page": "0"}):
        assert 400 <= leader.get("/api/target-list", params=bad).status_code < 500, bad
    assert leader.get("/api/target-list", params={"region": "no such place"}).status_code == 404


def test_region_list_and_page(leader: TestClient) -> None:
    regions = leader.get("/api/regions").json()
    assert regions["total"] >= 1 and regions["regions"]
    behind = leader.get("/api/regions", params={"sort": "behind"}).json()["regions"]
    off = [r["counts"][0] + r["counts"][1] for r in behind]
    assert off == sorted(off, reverse=True)
    page = _html(leader, "/regions")
    assert page.xpath(f"//a[@href='/regions/{regions['regions'][0]['code']}']")


def test_indicator_pages(leader: TestClient) -> None:
    listing = leader.get("/api/indicators").json()
    assert listing
    page = _html(leader, "/indicators")
    assert page.xpath("//a[starts-with(@href, '/indicators/')]")
    gdp = leader.get("/api/indicators/gdp").json()
    text = str(gdp)
    assert ("地区生产总值" in text and "亿元" in text) or "万元" in text
    assert sum(s["count"] for s in gdp["status_counts"]) > 0
    assert _html(leader, "/indicators/gdp").xpath("//h1")
    csv = leader.get("/export/indicators/gdp.csv")
    assert csv.status_code == 200 and len(csv.text.splitlines()) > 1
    assert leader.get("/api/indicators/no_such_indicator").status_code == 404


def test_assessment_shows_its_last_result_and_every_department(
    demo: tuple[Store, FastAPI], leader: TestClient
) -> None:
    with _client(demo[1], "admin") as admin:
        r = admin.get("/api/loop/departments")
        assert r.status_code == 200, r.text
        departments = {d["name"] for d in r.json()}
    last = leader.get("/api/loop/assessment").json()
    assert last is not None, "the demo's leader has computed an assessment"
    page = _html(leader, "/loop/assessment")
    text = page.text_content()
    assert last["period"] in text
    assert departments and all(d in text for d in departments), departments
