"""Chinese pages and documents hold no English, English ones no Chinese (:mod:`tests.web.language`).

Every page of the demo is crawled, anonymously and logged in as each demo account, in
Chinese and in English: the crawl starts at the overview, the closed loop and the error
pages and follows every link of the site (a few pages of each kind: ``/targets/12`` and
``/targets/13`` are one kind), so that a page added later is checked without being
listed here. Every export a page links to (xlsx, csv, docx) is checked too, with the
store's own strings (names, titles, sentences) as the data it may quote.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from luoshi.demo import build_demo
from luoshi.demo.loop import DEMO_ACCOUNTS
from luoshi.loop import models as lm
from luoshi.loop.access import Principal, can
from luoshi.store import Store, models, open_store
from luoshi.web import WebSettings, create_app
from luoshi.web.i18n import CATALOGUE, LANGUAGES
from tests.web.language import (
    csv_texts,
    docx_texts,
    untranslated,
    untranslated_text,
    xlsx_texts,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice that its client will move
    from fastapi.testclient import TestClient

#: Pages of one kind (their path with the numbers taken out) that are checked: every
#: region, document and target anonymously (each target words its own numbers and
#: explanation), a few of each kind for each account.
PER_KIND = 3
PER_KIND_ANONYMOUS = 500
#: Pages that answer with an error, each in both languages.
ERROR_PAGES = {
    "/no-such-page": 404,
    "/targets/999999": 404,
    "/documents/999999": 404,
    "/regions/000000": 404,
    "/compare?normalisation=cube": 422,
    "/targets/twelve": 422,
    "/ledger?status=nearly": 400,
    "/search?q=%E3%80%82": 400,  # 。: no words (a blank query is the empty form)
    "/loop/tasks/999999": 403,
}
_SKIP = re.compile(r"^/(?:static|docs|openapi\.json|api/loop/attachments|logout)")
_DOWNLOAD = re.compile(r"\.(?:xlsx|csv|docx)(?:\?|$)|/audit/export")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, FastAPI]]:
    """The demo in a SQLite store, the app over it (marked as demo data)."""
    path: Path = tmp_path_factory.mktemp("language") / "demo.db"
    store = open_store(f"sqlite:///{path}")
    store.migrate()
    build_demo(store)
    yield store, create_app(WebSettings(demo=True), store=store)
    store.close()


@pytest.fixture(scope="module")
def data(demo: tuple[Store, FastAPI]) -> frozenset[str]:
    """The store's own strings, which a document quotes as they are written."""
    store, _ = demo
    M, L = models, lm
    columns = (
        M.Region.name, M.Indicator.name, M.Document.name, M.Document.title,
        M.Document.issuer, M.Statement.sentence, M.Statement.indicator, M.Target.indicator_phrase,
        M.ImportBatch.file_name, M.Document.text, L.Department.name, L.Task.title,
        L.Task.description, L.Report.text, L.Report.review_comment, L.User.username,
        L.User.display_name, L.Project.name, L.Milestone.title,
    )  # fmt: skip
    found: set[str] = set()
    with store.session() as s:
        for column in columns:
            found |= {v for v in s.scalars(select(column).distinct()) if v}
    return frozenset(found)


@dataclass
class Crawl:
    """What one crawl saw: pages and files checked, and each problem once per kind of page
    (a word missing from the catalogue shows on every page of a kind)."""

    pages: int = 0
    files: int = 0
    found: dict[tuple[str, str], str] = field(default_factory=dict)
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, url: str, problems: list[tuple[str, str]]) -> None:
        """Note the (word, run) problems of ``url``."""
        for word, run in problems:
            self.found.setdefault((_kind(url), word), f"{url}: {word!r} in {run!r}")

    @property
    def problems(self) -> list[str]:
        """One line per problem."""
        return list(self.found.values())


def _kind(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(sorted(q.split("=")[0] for q in parts.query.split("&") if q))
    return re.sub(r"\d+", "N", parts.path) + "?" + query


def _links(html: str, base: str) -> tuple[list[str], list[str]]:
    root = lxml.html.document_fromstring(html)
    pages, files = [], []
    for a in root.iter("a"):
        href = a.get("href")
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        url = urljoin(base, href).split("#")[0]
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver"):
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if _DOWNLOAD.search(local):
            files.append(local)
        elif not _SKIP.match(parts.path) and not parts.path.startswith(("/api/", "/export/")):
            pages.append(re.sub(r"[?&]lang=(?:zh|en)", "", local))
    return pages, files


def _check_file(
    client: TestClient, url: str, lang: str, data: frozenset[str]
) -> list[tuple[str, str]]:
    r = client.get(url)
    if r.status_code != 200:
        return [(str(r.status_code), r.text[:200])]
    if url.split("?")[0].endswith(".docx"):
        runs = docx_texts(r.content)
    elif ".csv" in url or "format=csv" in url:
        runs = csv_texts(r.content)
    else:
        runs = xlsx_texts(r.content)
    return untranslated_text(runs, lang, data)


def crawl(
    client: TestClient,
    lang: str,
    start: list[str],
    data: frozenset[str],
    per_kind: int = PER_KIND,
) -> Crawl:
    """Every page reachable from ``start`` (``per_kind`` of each kind) and every file they
    link to (one of each kind)."""
    seen: set[str] = set()
    files: set[str] = set()
    queue = list(start)
    out = Crawl()
    while queue:
        url = queue.pop(0)
        if url in seen or out.kinds[_kind(url)] >= per_kind:
            continue
        seen.add(url)
        out.kinds[_kind(url)] += 1
        r = client.get(url)
        out.pages += 1
        if r.status_code != 200 or "text/html" not in r.headers.get("content-type", ""):
            out.add(url, [(str(r.status_code), r.text[:200])])
            continue
        out.add(url, untranslated(r.text, lang))
        pages, linked = _links(r.text, str(r.url))
        queue += [p for p in pages if p not in seen]
        for f in linked:
            if _kind(f) not in files:
                files.add(_kind(f))
                out.files += 1
                out.add(f, _check_file(client, f, lang, data))
    return out


def _client(app: FastAPI, lang: str, account: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=True)
    client.cookies.set("lang", lang)
    if account is not None:
        password = next(a.password for a in DEMO_ACCOUNTS if a.username == account)
        r = client.post("/api/login", json={"username": account, "password": password})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


@pytest.fixture(scope="module")
def assessed(demo: tuple[Store, FastAPI]) -> int:
    """An assessment of the demo county's year, so that its page and files exist."""
    _, app = demo
    with _client(app, "zh", "leader") as c:
        year = date.today().year
        r = c.post(
            "/api/loop/assessments",
            json={"period": str(year), "start": f"{year}-01-01", "end": f"{year}-12-31"},
        )
        assert r.status_code == 201, r.text
        return int(r.json()["id"])


ACCOUNTS = [None, *(a.username for a in DEMO_ACCOUNTS)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a or "anonymous")
def test_every_page_and_file_is_in_one_language(
    demo: tuple[Store, FastAPI], data: frozenset[str], assessed: int, account: str | None, lang: str
) -> None:
    _, app = demo
    start = ["/", "/ledger", "/compare", "/search?q=地区生产总值", "/login"]
    if account is not None:
        role = next(a.role for a in DEMO_ACCOUNTS if a.username == account)
        me = Principal(None, account, role)  # type: ignore[arg-type]
        start += ["/loop", f"/loop/assessment/{assessed}"]
        start += ["/loop/tasks/new"] if can(me, "task.write") else []
        start += ["/upload"] if can(me, "document.upload") else []
    with _client(app, lang, account) as client:
        seen = crawl(client, lang, start, data, PER_KIND if account else PER_KIND_ANONYMOUS)
    assert seen.pages >= (25 if account else 100), seen.kinds
    assert not seen.problems, "\n".join(seen.problems[:80])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_error_pages_are_in_one_language(demo: tuple[Store, FastAPI], lang: str) -> None:
    _, app = demo
    with _client(app, lang, "leader") as client:
        for url, status in ERROR_PAGES.items():
            r = client.get(url)
            assert r.status_code == status, (url, r.status_code)
            assert not untranslated(r.text, lang), (url, untranslated(r.text, lang))


_PARAM = re.compile(r"\{(\w+)\}")


def test_every_catalogue_entry_has_both_languages() -> None:
    """Each key has a Chinese and an English text, each in its own language, with the same
    parameters."""
    for key, pair in CATALOGUE.items():
        assert len(pair) == len(LANGUAGES), key
        zh, en = pair
        assert zh.strip() and en.strip(), key
        assert sorted(_PARAM.findall(zh)) == sorted(_PARAM.findall(en)), (key, zh, en)
        assert not untranslated_text([_PARAM.sub(" ", zh)], "zh"), (key, zh)
        assert not untranslated_text([_PARAM.sub(" ", en)], "en"), (key, en)
