"""The dashboard in a real browser: Chromium driven by Playwright against ``luoshi demo``.

The server is the README's first command, ``luoshi demo``, started on a free loopback
port for the session (``tests/web/conftest.py``); pages are found through its API rather
than fixed ids, so the tests follow the demo corpus as it grows. Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, Route, expect

from luoshi.demo.loop import DEMO_ACCOUNTS
from tests.web.conftest import ARTIFACTS

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, accept_downloads=True, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _api(server: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{server}{path}", params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def _assessed_target(server: str) -> dict[str, Any]:
    """A demo target with a status other than insufficient data."""
    for region in _api(server, "/api/overview")["regions"]:
        for t in _api(server, f"/api/regions/{region['code']}")["targets"]:
            if t["status"] != "insufficient_data":
                return dict(t)
    pytest.fail("the demo has no assessed target")


def test_every_page_loads(page: Page, server: str) -> None:
    target = _assessed_target(server)
    doc_id = target["document_id"]
    pages = {
        "overview": "/",
        "documents": "/documents",
        "region": f"/regions/{target['region_code']}",
        "target": f"/targets/{target['id']}",
        "document": f"/documents/{doc_id}",
        "compare": "/compare",
        "search": "/search?q=地区生产总值",
        "overview-en": "/?lang=en",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        expect(page.locator("#demo-banner")).to_be_visible()
        expect(page.locator("#no-charts")).to_have_count(0)
        _shot(page, name)
    page.goto("/")
    expect(page.locator("#status-chart")).to_have_attribute("data-drawn", "1")
    expect(page.locator("#status-chart svg")).to_have_count(1)
    page.goto(f"/targets/{target['id']}")
    expect(page.locator("#target-chart svg")).to_have_count(1)
    page.goto("/compare")
    expect(page.locator("#compare-table tbody tr").first).to_be_visible()
    if page.locator("#index-table").count():
        expect(page.locator("#radar svg")).to_have_count(1)


def test_from_a_target_to_its_source_sentence(page: Page, server: str) -> None:
    target = _assessed_target(server)
    page.goto(f"/regions/{target['region_code']}")
    page.locator(f"tr[data-target='{target['id']}'] a[href='/targets/{target['id']}']").click()
    expect(page).to_have_url(re.compile(rf"/targets/{target['id']}$"))
    source = page.locator("li.source.target a.source-link").first
    sentence = source.inner_text().strip("“”")
    source.click()
    expect(page).to_have_url(re.compile(rf"/documents/{target['document_id']}#st\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    figure = page.locator(f"#{anchor}")
    expect(figure).to_be_in_viewport()
    assert figure.inner_text() in sentence
    _shot(page, "source-sentence")


def test_search_and_open_a_hit(page: Page) -> None:
    page.goto("/")
    page.locator("header form.quick input[name=q]").fill("地区生产总值")
    page.keyboard.press("Enter")
    expect(page.locator("#hits li").first).to_be_visible()
    expect(page.locator("#hits mark").first).to_have_text(re.compile("生产|总值|地区"))
    page.locator("#hits a.hit").first.click()
    expect(page).to_have_url(re.compile(r"/documents/\d+#p\d+$"))
    _shot(page, "search-hit")


def test_download_the_xlsx(page: Page, server: str) -> None:
    target = _assessed_target(server)
    page.goto(f"/regions/{target['region_code']}")
    rows = page.locator("table.targets tbody tr").count()
    with page.expect_download() as info:
        page.locator("a[href$='.xlsx?region=" + target["region_code"] + "']").click()
    path = ARTIFACTS / "region-targets.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("地区", "指标", "目标值")
    assert len(values) - 1 == rows


def test_upload_a_document(page: Page, server: str, tmp_path: Path) -> None:
    """Uploading needs a login: the page sends an anonymous visitor to log in first, and
    the upload carries the session's CSRF token."""
    news = tmp_path / "上传测试新闻.txt"
    news.write_text(
        "示范县召开浏览器上传测试会议\n2025年，示范县粮食产量达到31.5万吨，同比增长2.1%。\n",
        encoding="utf-8",
    )
    page.goto("/")
    expect(page.locator("#nav-upload")).to_have_count(0)
    page.goto("/upload")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fupload$"))
    leader = next(a for a in DEMO_ACCOUNTS if a.role == "leader")
    page.fill("#username", leader.username)
    page.fill("#password", leader.password)
    page.click("#login-submit")
    expect(page).to_have_url(re.compile(r"/upload$"))
    expect(page.locator("#nav-upload")).to_be_visible()
    page.locator("#upload-files").set_input_files(str(news))
    # a new region: its code typed into the region's search box, and its name
    page.locator("#upload-region").fill("990999")
    page.locator("#upload-region-name").fill("示范县")
    page.locator("#upload-send").click()
    done = page.locator("#upload-results li.ok")
    expect(done).to_have_count(1, timeout=60_000)
    expect(done).to_contain_text("个数据句")
    _shot(page, "upload")
    hits = _api(server, "/api/search", q="浏览器上传测试")
    assert hits["total"] >= 1
    page.goto("/upload")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    page.locator("#upload-files").set_input_files(str(bad))
    page.locator("#upload-send").click()
    expect(page.locator("#upload-results li.failed")).to_contain_text("文件是空的")


def test_the_ledger_page(page: Page, server: str) -> None:
    """The 台账: filter by a verdict, switch to English, open the view across regions."""
    data = _api(server, "/api/ledger")
    present = [c for c in data["status_counts"] if c["count"]]
    assert present, "the demo has targets"
    page.goto("/ledger?lang=zh")
    expect(page.locator("#ledger-table tbody tr").first).to_be_visible()
    assert page.locator("#ledger-table tbody tr").count() == min(data["total"], 2000)
    chosen = present[0]
    page.locator("select[name=status]").select_option(chosen["status"])
    page.locator("#ledger-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"status={chosen['status']}"))
    statuses = page.locator("#ledger-table tbody td span.status")
    expect(statuses.first).to_have_text(chosen["status_zh"])
    assert statuses.count() == chosen["count"]
    _shot(page, "ledger")
    row = next(r for r in data["rows"] if r["indicator_id"] and r["deadline"])
    page.goto(f"/ledger?indicator={row['indicator_id']}&year={row['deadline']}&lang=en")
    expect(page.locator("h1")).to_have_text("Promise ledger")
    expect(page.locator(f"#across-table tr[data-region='{row['region_code']}']")).to_be_visible()
    _shot(page, "ledger-across")


def test_api_docs_work_offline(browser: Browser, server: str) -> None:
    """``/docs`` with every request off this machine refused, as on a county network without
    the internet: Swagger UI comes from luoshi itself and lists the operations, and nothing
    even tries to reach another host."""
    context = browser.new_context(base_url=server, locale="zh-CN")
    blocked: list[str] = []

    def offline(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost", "::1"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", offline)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/docs")
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/api/targets/{target_id}")).to_have_count(1)
    expect(operations.filter(has_text="/api/upload")).to_have_count(1)
    assert operations.count() >= 40
    page.locator("#operations-loop-api_tasks_api_loop_tasks_get .opblock-summary").click()
    expect(page.locator(".opblock-body .parameters").first).to_be_visible()
    _shot(page, "api-docs")
    context.close()
    assert not blocked, f"/docs reached for the internet: {blocked}"
    assert not errors, f"JavaScript errors: {errors}"


def test_the_target_list_filters_by_names(page: Page) -> None:
    """The owner filter searches departments by name and keeps 未交办 among its choices;
    the region filter searches regions."""
    account = next(a for a in DEMO_ACCOUNTS if a.username == "leader")
    r = page.context.request.post(
        "/api/login", data={"username": account.username, "password": account.password}
    )
    assert r.ok, r.text()
    page.goto("/targets")
    owner = page.locator("#filter-owner")
    owner.press_sequentially("未交")
    expect(page.locator("#filter-owner-list [role=option]").first).to_have_text("未交办")
    owner.press("Enter")
    page.click("#target-filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"[?&]owner=none(&|$)"))
    expect(page.locator("#filter-owner")).to_have_value("未交办")
    # a department by a piece of its name, then a region by its name
    owner = page.locator("#filter-owner")
    owner.fill("")
    owner.press_sequentially("发展")
    first = page.locator("#filter-owner-list [role=option]").first
    expect(first).to_contain_text("发展")
    owner.press("Enter")
    region = page.locator("#filter-region")
    region.press_sequentially("县")
    expect(page.locator("#filter-region-list [role=option]").first).to_be_visible()
    region.press("Enter")
    page.click("#target-filters button[type=submit]")
    expect(page).to_have_url(re.compile(r"[?&]owner=\d+.*region=\d+|[?&]region=\d+.*owner=\d+"))
    _shot(page, "targets-filtered-by-name")
