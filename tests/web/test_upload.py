"""Uploads go through ingest and import as the CLI does, bad files get a clear 4xx, and only
a logged-in user whose role may write, sending the CSRF token from this site, can upload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luoshi.config import Settings
from luoshi.store import Store, open_store
from luoshi.web import WebSettings, create_app
from tests.store.conftest import open_url, pg_server, store, store_url
from tests.web.conftest import (
    REGION,
    SAMPLE,
    TestClient,
    add_accounts,
    fill,
    log_in,
)

__all__ = ["open_url", "pg_server", "store", "store_url"]

NEWS = (
    "青岚市合川县2024年经济运行情况\n"
    "2024年，全县地区生产总值完成151.2亿元，同比增长6.5%。\n"
    "全县森林覆盖率达到42.3%。\n"
)


def _post(client: TestClient, name: str, data: bytes, **form: str) -> tuple[int, dict[str, object]]:
    response = client.post("/api/upload", files={"file": (name, data)}, data=form)
    return response.status_code, response.json()


def test_upload_a_document_then_again(fresh_client: TestClient) -> None:
    before = fresh_client.get("/api/overview").json()["counts"]["documents"]
    status, body = _post(fresh_client, "合川新闻.txt", NEWS.encode(), region="990201")
    assert status == 200 and body["new"] == 1 and body["statements"] >= 2, body
    assert fresh_client.get("/api/overview").json()["counts"]["documents"] == before + 1
    hits = fresh_client.get("/api/search", params={"q": "经济运行"}).json()
    assert hits["total"] >= 1, "an uploaded document is searchable at once"
    status, body = _post(fresh_client, "again.txt", NEWS.encode(), region="990201")
    assert status == 200 and body["unchanged"] == 1 and body["new"] == 0


def test_upload_a_table(fresh_client: TestClient) -> None:
    table = (
        "地区,指标,年份,数值,单位\n"
        "990201,地区生产总值,2025,161.0,亿元\n"
        "990201,地区生产总值,abc,1,亿元\n"
    )
    status, body = _post(fresh_client, "2025.csv", table.encode(), kind="table")
    assert status == 200 and body["observations"] == 1 and body["rows_bad"] == 1, body
    assert body["bad_rows"][0][0] == 3, "a bad row is reported by its row number"


@pytest.mark.parametrize(
    ("name", "data", "form", "status", "words"),
    [
        ("tool.exe", b"MZ\x90\x00", {}, 415, "not a format"),
        ("empty.txt", b"", {}, 422, "empty"),
        ("noise.txt", bytes(range(256)) * 40, {}, 422, "noise.txt"),
        ("fake.docx", b"PK\x03\x04 this is not a zip", {}, 422, "fake.docx"),
        ("t.pdf", b"%PDF-1.4 truncated", {}, 422, "t.pdf"),
        ("t.txt", b"x", {"kind": "song"}, 422, "'document' or 'table'"),
        ("table.txt", b"a,b\n", {"kind": "table"}, 415, ".csv or .xlsx"),
        ("noregion.csv", "指标,年份,数值\n地区生产总值,2023,1\n".encode(), {"kind": "table"},
         422, "region"),
        (".hidden", b"abc", {}, 400, "no name"),
    ],
    ids=["exe", "empty", "noise", "fake-docx", "truncated-pdf", "bad-kind", "table-as-txt",
         "table-without-region", "no-name"],
)  # fmt: skip
def test_bad_uploads_are_clear_4xx(
    fresh_client: TestClient,
    name: str,
    data: bytes,
    form: dict[str, str],
    status: int,
    words: str,
) -> None:
    before = fresh_client.get("/api/overview").json()["counts"]
    got, body = _post(fresh_client, name, data, **form)
    assert got == status, body
    assert words in str(body["error"])
    assert fresh_client.get("/api/overview").json()["counts"] == before, "nothing half-stored"


def test_malformed_multipart_is_a_4xx(fresh_client: TestClient) -> None:
    response = fresh_client.post("/api/upload", data={"kind": "document"})
    assert response.status_code == 422 and "file" in response.json()["error"]
    response = fresh_client.post(
        "/api/upload",
        content=b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end',
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert 400 <= response.status_code < 500


@pytest.fixture
def small_limit_client(tmp_path: Path, quick_hashes: None) -> Iterator[TestClient]:
    store = open_store(f"sqlite:///{tmp_path / 'small.db'}")
    store.migrate()
    fill(store, tmp_path)
    add_accounts(store)
    web = WebSettings(settings=Settings(max_file_bytes=2048))
    with TestClient(create_app(web, store=store)) as c:
        log_in(c, "leader")
        yield c
    store.close()


def test_oversized_upload_is_413(small_limit_client: TestClient) -> None:
    big = SAMPLE.read_bytes()
    assert len(big) > 2048
    status, body = _post(small_limit_client, "big.txt", big * 40)
    assert status == 413 and "LUOSHI_MAX_FILE_MB" in str(body["error"])
    status, body = _post(small_limit_client, "big.txt", big[:3000] + b"\n")
    assert status == 413, "a file over the limit inside a small request is refused too"
    # a body without a declared length is cut off at the limit
    chunks = (b"-" * (1 << 16) for _ in range(16))
    r = small_limit_client.post(
        "/api/upload", content=chunks, headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert r.status_code == 413


def test_a_write_without_a_session_is_refused_before_its_body_is_read(
    fresh_store: Store,
) -> None:
    """A declared 1 TB anonymous upload is told to log in, not read and not measured."""
    c = TestClient(create_app(WebSettings(), store=fresh_store))
    r = c.post(
        "/api/upload",
        content=b"x" * 16,
        headers={"content-length": str(10**12), "content-type": "multipart/form-data; b=x"},
    )
    assert r.status_code == 401 and "log in" in r.json()["error"]


# --- who may upload ------------------------------------------------------------------------

#: The probe that found the open upload: this sentence, uploaded anonymously from another
#: site's page, made the county's GDP target 已完成.
FORGED = "2025年，全县地区生产总值达到9999亿元。\n".encode()


def _gdp(client: TestClient) -> list[str]:
    rows = client.get("/api/targets", params={"region": REGION}).json()
    return [t["status"] for t in rows if t["indicator"] == "地区生产总值"]


def test_only_a_writer_with_the_token_from_this_site_can_upload(
    store: Store, tmp_path: Path, quick_hashes: None
) -> None:
    """On SQLite and PostgreSQL: an upload anonymous, from another site, by a read-only
    account or without the CSRF token is refused and stores nothing; a leader's counts."""
    fill(store, tmp_path)
    add_accounts(store)
    app = create_app(WebSettings(), store=store)
    anonymous, viewer, leader = TestClient(app), TestClient(app), TestClient(app)
    before = _gdp(anonymous)
    assert before and "achieved" not in before
    documents = anonymous.get("/api/overview").json()["counts"]["documents"]
    evil = {"Origin": "http://evil.example"}
    log_in(viewer, "viewer")
    token = log_in(leader, "leader")
    attempts = [
        (anonymous, evil, 403, "跨站请求被拒绝"),
        (anonymous, {}, 401, "log in"),
        (viewer, {}, 403, "may only read"),
        (leader, {"X-CSRF-Token": ""}, 403, "CSRF"),
        (leader, {"X-CSRF-Token": "0" * 64}, 403, "CSRF"),
        (leader, evil, 403, "跨站请求被拒绝"),
        (leader, {"Referer": "http://evil.example/upload"}, 403, "跨站请求被拒绝"),
        (leader, {"Origin": "null"}, 403, "跨站请求被拒绝"),
    ]
    for client, headers, status, words in attempts:
        r = client.post(
            "/api/upload",
            files={"file": ("forged.txt", FORGED)},
            data={"region": REGION},
            headers=headers,
        )
        assert r.status_code == status, (headers, r.text)
        assert words in r.json()["error"], (headers, r.text)
    assert _gdp(anonymous) == before, "no refused upload changed a status"
    assert anonymous.get("/api/overview").json()["counts"]["documents"] == documents
    # the same upload by a leader from this site's page, with the token, is stored
    r = leader.post(
        "/api/upload",
        files={"file": ("forged.txt", FORGED)},
        data={"region": REGION, "csrf_token": token},
        headers={"Origin": "http://testserver", "X-CSRF-Token": ""},
    )
    assert r.status_code == 200 and r.json()["new"] == 1, r.text
    assert set(_gdp(anonymous)) == {"achieved"}, "the refused uploads would have counted"


def test_the_upload_page_and_link_are_for_writers_only(fresh_store: Store) -> None:
    app = create_app(WebSettings(), store=fresh_store)
    anonymous = TestClient(app, follow_redirects=False)
    r = anonymous.get("/upload")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fupload"
    assert 'id="nav-upload"' not in anonymous.get("/").text
    viewer = TestClient(app, follow_redirects=False)
    log_in(viewer, "viewer")
    assert viewer.get("/upload").status_code == 403
    assert 'id="nav-upload"' not in viewer.get("/").text
    for name in ("admin", "leader", "tjj"):
        writer = TestClient(app, follow_redirects=False)
        token = log_in(writer, name)
        assert 'id="nav-upload"' in writer.get("/").text, name
        page = writer.get("/upload")
        assert page.status_code == 200, name
        assert f'name="csrf_token" value="{token}"' in page.text, name
