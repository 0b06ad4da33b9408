"""The ledger's API, page and exports over the sample county (judged as of 2025)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.web.conftest import REGION, TestClient


def test_ledger_api_puts_each_promise_beside_its_result(client: TestClient) -> None:
    data = client.get("/api/ledger", params={"region": REGION}).json()
    assert data["total"] == 17 == len(data["rows"])
    counts = {c["status"]: c["count"] for c in data["status_counts"]}
    assert counts["achieved"] == 1 and counts["missed"] == 2
    air = next(r for r in data["rows"] if r["indicator_id"] == "good_air_days")
    assert (air["target"], air["latest"], air["latest_year"]) == (85.0, 80.1, 2023)
    assert air["status"] == "missed" and air["status_zh"] == "未完成"
    assert air["gap"] == -4.9
    assert air["source"] and air["document"] == "hechuan-plenary-2023.txt"
    assert air["result_kind"] == "import" and air["result_document"] == "合川县统计.csv"
    assert "未完成" in air["explanation"] and "missed" in air["explanation_en"]


def test_ledger_filters(client: TestClient) -> None:
    only = client.get("/api/ledger", params={"status": "missed"}).json()
    assert {r["status"] for r in only["rows"]} == {"missed"} and only["total"] == 2
    by_year = client.get("/api/ledger", params={"year": 2025}).json()
    assert by_year["rows"] and {r["deadline"] for r in by_year["rows"]} == {2025}
    by_ind = client.get("/api/ledger", params={"indicator": "gdp"}).json()
    assert {r["indicator_id"] for r in by_ind["rows"]} == {"gdp"}
    assert client.get("/api/ledger", params={"status": "late"}).status_code == 400
    assert client.get("/api/ledger", params={"region": "000000"}).status_code == 404


def test_across_regions(client: TestClient) -> None:
    data = client.get("/api/ledger/across", params={"indicator": "gdp", "year": 2025}).json()
    assert data["measure"] in ("level", "growth")
    assert [r["region_code"] for r in data["rows"]] == [REGION]
    assert data["rows"][0]["parent_target"] is None  # a zone of its own: no parent
    assert client.get("/api/ledger/across", params={"indicator": "gdp"}).status_code == 422


def test_ledger_page_and_exports(client: TestClient) -> None:
    page = client.get("/ledger", params={"indicator": "good_air_days", "year": 2023, "lang": "zh"})
    assert page.status_code == 200
    assert "承诺兑现台账" in page.text and 'id="across-table"' in page.text
    assert "未完成" in page.text
    english = client.get("/ledger", params={"lang": "en"}).text
    assert "Promise ledger" in english and "missed" in english
    xlsx = client.get("/export/ledger.xlsx", params={"region": REGION, "lang": "zh"})
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None and ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("地区", "地区代码", "指标") and len(rows) == 18
    assert "承诺原文" in rows[0] and "实绩原文" in rows[0]
    csv_text = client.get("/export/ledger.csv?lang=zh").content.decode("utf-8-sig")
    assert csv_text.startswith("地区,地区代码,指标") and "未完成" in csv_text
    across = client.get(
        "/export/ledger-across.csv", params={"indicator": "gdp", "year": 2025, "lang": "zh"}
    )
    assert across.status_code == 200 and "上级目标" in across.content.decode("utf-8-sig")
    assert client.get("/export/ledger.pdf").status_code == 400


def test_report_lists_missed_targets_with_both_sentences(client: TestClient) -> None:
    from docx import Document

    report = client.get("/export/report.docx", params={"region": REGION, "lang": "zh"})
    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    missed = text.split("二、未完成的目标")[1].split("三、")[0]
    assert "空气质量优良天数比率" in missed and "实绩 80.1" in missed
    assert "承诺：hechuan-plenary-2023.txt" in missed and "实绩：合川县统计.csv" in missed
