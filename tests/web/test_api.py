"""The JSON API, endpoint by endpoint, with good and bad input; and the pages' status codes."""

from __future__ import annotations

import io
from typing import Any

import lxml.html
import pytest
from openpyxl import load_workbook

from tests.web.conftest import REGION, TestClient


def _target(client: TestClient, status: str) -> dict[str, Any]:
    rows = client.get("/api/targets", params={"region": REGION, "status": status}).json()
    assert rows, f"the fixture has a {status} target"
    first: dict[str, Any] = rows[0]
    return first


def test_overview_counts_and_statuses(client: TestClient) -> None:
    data = client.get("/api/overview").json()
    assert data["counts"]["documents"] == 1
    assert data["counts"]["targets"] == 17
    by_status = {s["status"]: s["count"] for s in data["status_counts"]}
    # 重点项目 met; 空气质量 and 森林覆盖率 missed in 2023; GDP on track for 2025
    assert (by_status["achieved"], by_status["missed"], by_status["on_track"]) == (1, 2, 2)
    assert sum(by_status.values()) == 17
    assert [r["code"] for r in data["regions"]] == [REGION]
    assert data["demo"] is True
    assert data["recent_imports"][0]["file"] == "合川县统计.csv"


def test_region_has_frameworks_targets_and_facts(client: TestClient) -> None:
    data = client.get(f"/api/regions/{REGION}").json()
    assert data["region"]["name"] == "合川县" and data["region"]["official"] is False
    names = [f["name"] for f in data["frameworks"]]
    assert "一心两翼三带" in names
    tree = next(f for f in data["frameworks"] if f["name"] == "一心两翼三带")
    assert tree["members"] and tree["children"], "the nested frameworks hang under it"
    gdp = next(t for t in data["targets"] if t["indicator_id"] == "gdp" and t["measure"] == "level")
    assert gdp["status"] == "on_track"
    assert gdp["baseline"] == pytest.approx(128.6e8) and gdp["latest"] == pytest.approx(149.5e8)
    assert [p[0] for p in gdp["spark"]] == [2022, 2023, 2024]
    facts = {f["indicator_id"]: f for f in data["facts"]}
    assert [p[0] for p in facts["gdp"]["points"]] == [2022, 2023, 2024]


def test_target_has_numbers_path_and_sources(client: TestClient) -> None:
    gdp = next(
        t
        for t in client.get("/api/targets", params={"indicator": "gdp"}).json()
        if t["measure"] == "level"
    )
    data = client.get(f"/api/targets/{gdp['id']}").json()
    a = data["assessment"]
    assert a["status"] == "on_track" and a["ratio"] >= 0.95
    required = data["path"]["required"]
    assert required[0] == [2022, pytest.approx(128.6e8)]
    assert required[-1] == [2025, pytest.approx(160e8)]
    assert data["path"]["trend"][-1][0] == 2025
    source = data["sources"][0]
    assert source["role"] == "target" and "160亿元" in source["sentence"]
    doc = client.get(f"/api/documents/{source['document_id']}").json()
    st = next(s for s in doc["statements"] if s["id"] == source["statement_id"])
    assert st["target_id"] == gdp["id"]


def test_document_marks_every_figure(client: TestClient) -> None:
    doc = client.get("/api/documents/1").json()
    assert doc["document"]["region_code"] == REGION
    assert len(doc["statements"]) >= 17
    marked = {
        seg["mark"]["statement_id"] for line in doc["lines"] for seg in line if seg.get("mark")
    }
    assert marked == {s["id"] for s in doc["statements"]}
    text = "\n".join("".join(seg["text"] for seg in line) for line in doc["lines"])
    assert "160亿元" in text
    assert doc["outline"], "the speech's headings make the outline"


def test_compare_ranks_and_index(client: TestClient) -> None:
    data = client.get("/api/compare", params={"region": REGION}).json()
    assert [r["code"] for r in data["rows"]] == [REGION]
    assert data["index"] is None and "two regions" in data["index_note"]
    ids = [i["id"] for i in data["indicators"]]
    assert "gdp" in ids
    cell = data["rows"][0]["cells"][ids.index("gdp")]
    assert cell == {"value": pytest.approx(149.5e8), "year": 2024, "rank": 1}


def test_search_finds_and_highlights(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "生产总值"}).json()
    assert data["total"] >= 3
    hit = data["hits"][0]
    assert any(s["match"] and s["text"] == "生产总值" for s in hit["snippet"])
    doc = client.get(f"/api/documents/{hit['document_id']}").json()
    anchors = {seg.get("anchor") for line in doc["lines"] for seg in line}
    assert hit["start"] in anchors, "a hit links to its place in the document"


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/regions/000000", 404, "no region"),
        ("/api/targets/999999", 404, "no target"),
        ("/api/documents/999999", 404, "no document"),
        ("/api/targets/abc", 422, "target_id"),
        ("/api/targets?status=late", 422, "'achieved', 'on_track'"),
        ("/api/targets?year=99999", 422, "year"),
        ("/api/compare?normalisation=rank", 422, "'minmax' or 'zscore'"),
        ("/api/compare?dimension=快乐", 422, "dimension"),
        ("/api/compare?region=000000", 404, "no region"),
        ("/api/search?q=", 400, "empty"),
        ("/api/search?q=%E3%80%82%EF%BC%8C", 400, "no words"),
        ("/api/search?q=" + "长" * 201, 400, "at most 200"),
        ("/api/search?q=a&page=0", 422, "page"),
        ("/api/search?q=a&region=nowhere", 404, "no region"),
        ("/api/overview?page=0", 422, "page"),
        # past what a database integer holds: refused, never an overflow inside
        ("/api/overview?page=99999999999999999999", 422, "page"),
        ("/api/targets/99999999999999999999", 422, "target_id"),
        ("/api/documents/99999999999999999999", 422, "doc_id"),
        ("/api/nothing-here", 404, "no page"),
        ("/export/targets.pdf", 422, "'xlsx' or 'csv'"),
        ("/api/geometry", 404, "LUOSHI_GEOJSON"),
    ],
)
def test_bad_input_is_a_clear_4xx(client: TestClient, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]


@pytest.mark.parametrize(
    "url",
    ["/", "/documents", "/regions/990201", "/targets/1", "/documents/1", "/compare",
     "/search?q=森林", "/search", "/upload", "/?lang=en"],
)  # fmt: skip
def test_pages_render_and_say_demo(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert "演示数据，均为虚构" in response.text or "fictional" in response.text
    assert response.headers["x-luoshi-data"] == "demo: fictional"


def test_a_bad_page_is_a_page_not_json(client: TestClient) -> None:
    response = client.get("/regions/000000?lang=zh")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    said = lxml.html.fromstring(response.text).get_element_by_id("error-message")
    assert said.text_content() == "库中没有代码为 '000000' 的地区"
    english = lxml.html.fromstring(client.get("/regions/000000?lang=en").text)
    said = english.get_element_by_id("error-message")
    assert said.text_content() == "no region with code '000000' in the store"
    # the code as it was given is the user's, not a word to translate
    assert said.xpath("span[@translate='no']/text()") == ["'000000'"]
    client.cookies.delete("lang")  # the shared client's next request in its default language


def test_english_is_switchable(client: TestClient) -> None:
    response = client.get("/?lang=en")
    assert "Overview" in response.text and response.cookies.get("lang") == "en"


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    for p in ("/api/overview", "/api/regions/{code}", "/api/targets/{target_id}",
              "/api/documents/{doc_id}", "/api/compare", "/api/search", "/api/upload",
              "/export/targets.{fmt}", "/export/report.docx"):  # fmt: skip
        assert p in paths


def test_exports(client: TestClient) -> None:
    xlsx = client.get("/export/targets.xlsx", params={"region": REGION, "lang": "zh"})
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None and ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("地区", "指标", "目标值") and len(rows) == 18
    csv_text = client.get("/export/targets.csv?lang=zh").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("地区,指标,目标值") and "未完成" in csv_text
    for url in ("/export/documents.xlsx", "/export/compare.csv", "/export/search.csv?q=森林"):
        assert client.get(url).status_code == 200, url
    report = client.get("/export/report.docx", params={"region": REGION, "lang": "zh"})
    assert report.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    assert "落实情况通报" in text and "空气质量优良天数比率" in text and "演示数据" in text


def test_map_with_a_user_geojson(web_store: Any, tmp_path: Any) -> None:
    from tests.web.conftest import WebSettings, create_app

    geo = tmp_path / "regions.geojson"
    geo.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"code": "990201", "name": "合川县"}, '
        '"geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}',
        encoding="utf-8",
    )
    with TestClient(create_app(WebSettings(geojson=geo), store=web_store)) as c:
        got = c.get("/api/geometry")
        assert got.status_code == 200 and got.json()["features"][0]["properties"]["code"] == REGION
        page = c.get("/compare", params={"region": REGION}).text
        assert 'id="no-map"' in page, "one region has no index, so no map yet"
    geo.write_text("{not json", encoding="utf-8")
    with TestClient(create_app(WebSettings(geojson=geo), store=web_store)) as c:
        got = c.get("/api/geometry")
        assert got.status_code == 404 and "not a readable GeoJSON" in got.json()["error"]


def test_missing_chart_library_is_said_not_crashed(
    web_store: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from luoshi.web import app as app_module
    from tests.web.conftest import WebSettings, create_app

    monkeypatch.setattr(app_module, "ECHARTS", tmp_path / "absent.js")
    with TestClient(create_app(WebSettings(), store=web_store)) as c:
        page = c.get(f"/regions/{REGION}")
        assert page.status_code == 200
        assert 'id="no-charts"' in page.text and "echarts.min.js" not in page.text
