"""Every page × every demo role × a wide screen and a phone, in Chromium against ``luoshi demo``.

The pages are not listed here: for each role the crawl starts at the overview and follows
the links of the navigation and of the pages themselves (one page of each kind:
``/targets/12`` and ``/targets/13`` are one kind), so a page added later is covered. Each
page is opened in Chinese at 1440 px, then in Chinese and in English at 390 px, and must:

- answer without an error, and log no error to the console (scripts, failed loads);
- not scroll sideways (``scrollWidth <= clientWidth``: a wide table scrolls in its own box),
  and on a list shown as cards, nothing sticks out of its card;
- show no word of the other language outside what it marks as data (``translate="no"``),
  by the shared checker (``tests/web/language.py``); a chart's drawing is left out, its
  words being checked in the attributes it is drawn from (``data-labels``, ``data-axis``);
- give each figure a unit: every ``td.num`` and ``[data-figure]`` with a digit holds a unit
  or %, or its column's heading names one (``总投资（万元）``), unless it says it has none
  by nature (``data-unitless``: an index, a rank, a count).

The crawl runs once for the module; each check is a test of its own, failing with every
page it found wrong. What was found is written to ``test-artifacts/matrix/report.json``
with the crawl's pages and time; a screenshot of each page × width × role is kept beside
it. The session's browser and demo (``tests/web/conftest.py``), one context per role; the
crawl only reads, so it runs beside the other browser tests.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from luoshi.demo.loop import DEMO_ACCOUNTS
from tests.web.conftest import ARTIFACTS
from tests.web.language import untranslated

pytestmark = pytest.mark.slow

OUT = ARTIFACTS / "matrix"
#: Role → the demo account that plays it (None: not logged in).
ROLES = {
    "anonymous": None,
    "viewer": "viewer",
    "department": "dev",
    "leader": "leader",
    "administrator": "admin",
}
WIDE, PHONE = (1440, 900), (390, 844)
#: The most kinds of page a role's crawl visits: a guard against a crawl that never ends.
MAX_KINDS = 60
PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}
# not pages: the API and its documentation (a third-party viewer), files, the way out
_SKIP = re.compile(r"^/(?:api/|export/|static/|docs|openapi\.json|logout)")
_FILES = re.compile(r"\.(?:xlsx|csv|docx|pdf|json)$")

_OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) { return null; }
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) { continue; }
    let p = el.parentElement, held = false;
    for (; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") { held = true; break; }
    }
    if (held) { continue; }
    const cls = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls
      + " (right " + Math.round(box.right) + ")");
    if (out.length >= 5) { break; }
  }
  return { scrollWidth: root.scrollWidth, clientWidth: width, sticking_out: out };
}"""

# a list that turns into cards on a phone: nothing may stick out of its card (the list's own
# scrolling box would hide that from the check above)
_CARDS = """() => {
  const out = [];
  for (const card of document.querySelectorAll("table.cards-narrow > tbody > tr")) {
    const edge = card.getBoundingClientRect().right;
    for (const el of card.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= edge + 1) { continue; }
      out.push(el.tagName.toLowerCase() + " " + JSON.stringify(el.textContent.trim().slice(0, 40))
        + " (right " + Math.round(box.right) + " > " + Math.round(edge) + ")");
      break;
    }
    if (out.length >= 5) { break; }
  }
  return out;
}"""

_WITHOUT_DRAWINGS = """() => {
  const copy = document.documentElement.cloneNode(true);
  const drawings = "[data-chart] :is(svg, canvas), [data-board-chart] :is(svg, canvas)";
  copy.querySelectorAll(drawings).forEach((el) => el.remove());
  return "<!DOCTYPE html>" + copy.outerHTML;
}"""

_UNITS = r"""() => {
  const unitInHeading = /[（(][^（）()]*[^\d\s（）()][^（）()]*[）)]/;
  function heading(cell) {
    const table = cell.closest("table"), row = cell.parentElement;
    if (!table || !table.tHead || !row || cell.tagName !== "TD") { return ""; }
    let col = 0;
    for (const c of row.cells) { if (c === cell) { break; } col += c.colSpan || 1; }
    for (const th of table.tHead.rows[table.tHead.rows.length - 1].cells) {
      if (col < (th.colSpan || 1)) { return th.textContent; }
      col -= th.colSpan || 1;
    }
    return "";
  }
  const out = [];
  for (const el of document.querySelectorAll("td.num, [data-figure]")) {
    if (el.closest("[data-unitless]")) { continue; }
    const text = el.innerText.trim();
    if (!/\d/.test(text)) { continue; }
    const rest = text.replace(/[（(]\s*\d{4}(?:年)?\s*[）)]/g, "")
      .replace(/[\d\s.,+\-−–—=≈≥≤<>~#:\/()（）·]/g, "");
    if (rest || unitInHeading.test(heading(el))) { continue; }
    out.push((heading(el).trim() || el.tagName.toLowerCase()) + ": " + text.slice(0, 60));
    if (out.length >= 8) { break; }
  }
  return out;
}"""


@dataclass
class Finding:
    """One thing wrong with one page as one role saw it."""

    role: str
    width: int
    lang: str
    url: str
    check: str
    detail: str


#: Collections whose pages are named by a word rather than a number (/indicators/gdp).
_NAMED = re.compile(r"^/indicators/[^/]+$")


def _kind(path: str) -> str:
    """A page's kind: its path with the ids (numbers, region codes, an indicator's name)
    taken out."""
    path = re.sub(r"/\d+(?=/|$)", "/{n}", path.rstrip("/") or "/")
    return path.rsplit("/", 1)[0] + "/{id}" if _NAMED.match(path) else path


def _same_site_pages(page: Page) -> list[str]:
    """The paths (with their queries) of the links on the page that lead to a page here."""
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.href)"
    )
    here = urlsplit(page.url)
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != here.netloc or parts.scheme not in ("http", "https"):
            continue
        if _SKIP.match(parts.path) or _FILES.search(parts.path) or "lang=" in parts.query:
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


class Visit:
    """A role's tab: opens pages and records what is wrong with each."""

    def __init__(self, context: BrowserContext, role: str, findings: list[Finding]) -> None:
        self.page = context.new_page()
        self.role = role
        self.findings = findings
        self.errors: list[str] = []
        self.timings: list[tuple[float, float, float]] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"script error: {exc}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"{message.text} ({where})" if where else message.text)

    def open(self, url: str, size: tuple[int, int], lang: str, shot: str | None) -> bool:
        """Open ``url`` at ``size`` in ``lang``, check it, keep a screenshot; False when it
        did not answer."""
        page, width = self.page, size[0]
        page.set_viewport_size({"width": size[0], "height": size[1]})
        sep = "&" if "?" in url else "?"
        self.errors.clear()
        t0 = time.monotonic()
        response = page.goto(f"{url}{sep}lang={lang}", wait_until="load")
        t1 = time.monotonic()

        def found(check: str, detail: str) -> None:
            self.findings.append(Finding(self.role, width, lang, url, check, detail))

        if response is None or response.status >= 400:
            found("answer", f"HTTP {response.status if response else 'none'}")
            return False
        overflow = page.evaluate(_OVERFLOW)
        if overflow:
            found("sideways scroll", json.dumps(overflow, ensure_ascii=False))
        for sticking_out in page.evaluate(_CARDS):
            found("out of its card", sticking_out)
        # a chart's drawing is made of its data (names, as the store writes them) and of
        # the words of its data-labels / data-unit attributes, which are checked there
        html = page.evaluate(_WITHOUT_DRAWINGS)
        for word, text in untranslated(html, lang):
            found("language", f"{word!r} in {text!r}")
        for cell in page.evaluate(_UNITS):
            found("unit", cell)
        t2 = time.monotonic()
        if shot:  # JPEG, and the top 6000 px of a long page: a PNG of it all takes seconds
            height = min(page.evaluate("document.documentElement.scrollHeight"), 6000)
            page.screenshot(
                path=str(OUT / f"{shot}.jpg"),
                type="jpeg",
                quality=70,
                full_page=True,
                clip={"x": 0, "y": 0, "width": size[0], "height": height},
            )
        t3 = time.monotonic()
        self.timings.append((t1 - t0, t2 - t1, t3 - t2))
        for error in self.errors:
            found("console", error)
        return True


def _log_in(context: BrowserContext, username: str) -> None:
    r = context.request.post(
        "/api/login", data={"username": username, "password": PASSWORDS[username]}
    )
    assert r.ok, r.text()


@dataclass
class Matrix:
    """What the crawl saw: each role's pages, the problems, and how long it took."""

    visited: dict[str, list[str]]
    findings: list[Finding]
    seconds: float
    visits: int

    def problems(self, *checks: str) -> list[str]:
        """One line per finding of the named checks."""
        return [
            f"{f.role} {f.width}px {f.lang} {f.url} [{f.check}] {f.detail}"
            for f in self.findings
            if f.check in checks
        ]


def _crawl(browser: Browser, server: str) -> Matrix:
    shutil.rmtree(OUT, ignore_errors=True)  # the screenshots of this run only
    OUT.mkdir(parents=True)
    findings: list[Finding] = []
    visited: dict[str, list[str]] = {}
    timings: list[tuple[float, float, float]] = []
    started = time.monotonic()
    for role, account in ROLES.items():
        context = browser.new_context(base_url=server, locale="zh-CN")
        if account:
            _log_in(context, account)
        tab = Visit(context, role, findings)
        # the crawl, in Chinese on the wide screen: every kind of page the links reach
        queue, kinds, pages = ["/"], set(), []
        while queue and len(kinds) < MAX_KINDS:
            url = queue.pop(0)
            kind = _kind(urlsplit(url).path)
            if kind in kinds:
                continue
            kinds.add(kind)
            slug = re.sub(r"[^\w]+", "-", kind).strip("-") or "overview"
            if not tab.open(url, WIDE, "zh", f"{role}-{slug}-1440"):
                continue
            landed = urlsplit(tab.page.url).path  # a page that sends this role elsewhere
            if _kind(landed) != kind:
                kinds.add(_kind(landed))
            pages.append((url, slug))
            queue += [u for u in _same_site_pages(tab.page) if _kind(urlsplit(u).path) not in kinds]
        # the phone, in Chinese and in English
        for url, slug in pages:
            tab.open(url, PHONE, "zh", f"{role}-{slug}-390")
            tab.open(url, PHONE, "en", None)
        visited[role] = [url for url, _ in pages]
        timings += tab.timings
        context.close()
    seconds = time.monotonic() - started
    visits = sum(len(pages) for pages in visited.values()) * 3
    report = {
        "seconds": round(seconds, 1),
        "visits": visits,
        "load_check_shot_seconds": [round(sum(t[i] for t in timings), 1) for i in range(3)],
        "pages": visited,
        "findings": [asdict(f) for f in findings],
    }
    (OUT / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return Matrix(visited, findings, seconds, visits)


@pytest.fixture(scope="module")
def matrix(browser: Browser, server: str) -> Matrix:
    """The crawl, once for the module's tests."""
    return _crawl(browser, server)


def _fail_on(matrix: Matrix, *checks: str) -> None:
    lines = matrix.problems(*checks)
    if lines:
        pytest.fail(
            f"{len(lines)} problems in {matrix.visits} page visits "
            f"(see {OUT / 'report.json'}):\n" + "\n".join(lines[:60])
        )


def test_the_crawl_reaches_every_role_s_pages(matrix: Matrix) -> None:
    visited = matrix.visited
    assert {"/", "/documents", "/ledger", "/compare", "/search"} <= set(visited["anonymous"])
    assert any(u.startswith("/targets/") for u in visited["anonymous"])
    paths = {role: {urlsplit(u).path for u in urls} for role, urls in visited.items()}
    assert "/loop" in paths["viewer"] and "/loop/tasks/new" in paths["leader"]
    assert "/loop/admin" in paths["administrator"]
    assert "/loop/tasks/new" not in paths["department"]
    for role in ("viewer", "leader"):  # the supervision pages
        assert {"/targets", "/regions", "/indicators"} <= paths[role], role
        assert any(p.startswith("/indicators/") for p in paths[role]), role
    # the crawl ended because it had seen every kind, not at its limit
    assert all(len(urls) < MAX_KINDS for urls in visited.values())


def test_every_page_answers_without_an_error(matrix: Matrix) -> None:
    _fail_on(matrix, "answer", "console")


def test_no_page_scrolls_sideways(matrix: Matrix) -> None:
    _fail_on(matrix, "sideways scroll", "out of its card")


def test_every_page_in_one_language(matrix: Matrix) -> None:
    _fail_on(matrix, "language")


def test_every_figure_has_a_unit(matrix: Matrix) -> None:
    _fail_on(matrix, "unit")
