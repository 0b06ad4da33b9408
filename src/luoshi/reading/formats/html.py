"""Web pages: the article of a news or government page, its title, date and source.

The body comes from trafilatura, the best-kept main-content extractor for Python; when it
finds nothing, a plainer pass takes the page's content container. The metadata is read
here by hand (see :func:`_metadata` for why).

lxml parses for all three. selectolax (lexbor) was the first choice for the fallback and
the metadata, but its parse time grows with the square of the nesting depth: 50,000
nested ``<div>`` (a damaged or hostile page of 550 KB) took 8.7 s, where libxml2 caps the
depth and parses the same page in milliseconds. Searches over the whole page are XPath,
which runs in C; Python only visits the elements it keeps.

libxml2 stops building the tree at 2,048 levels of nesting (a limit lxml cannot lift), and
everything after that point of a page was lost. A page nested that deep (unclosed tags by
the thousand) is flattened first (:func:`_flatten`) and parsed again.
"""

from __future__ import annotations

import codecs
import html as html_escape
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

# lxml ships no type hints and lxml-stubs is not a dependency: its objects are Any here.
import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from luoshi.config import Settings
from luoshi.errors import LuoshiError, ReadError
from luoshi.reading.encoding import decode_bytes
from luoshi.reading.formats import RawText

__all__ = ["read_html"]

# trafilatura's defaults suit Latin-script pages. Below MIN_EXTRACTED_SIZE (250 characters,
# a long paragraph of English but two of Chinese) it swaps its extraction for a "baseline"
# dump of the whole page, which brings back menus and splits every inline element onto a
# line of its own. 0 turns that rescue off: an empty result goes to our own fallback instead.
_TRAFILATURA_CONFIG = use_config()
_TRAFILATURA_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "0")

# A charset declared in the first bytes: <meta charset=...>, http-equiv content, or the
# XML declaration of an XHTML page. Bounded repetitions keep the scan linear.
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.I,
)
# GB2312 and GBK pages routinely use characters only their superset GB18030 defines, and
# Big5 pages the Hong Kong additions: decode with the superset (as encoding.py does).
_CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
}
# Declarations taken at their word. Any other (iso-8859-1 on a GBK page is a classic, and
# Latin-1 decodes any bytes without complaint) goes to detection, as do pages with a BOM.
_TRUSTED_CHARSETS = frozenset({"utf-8", "gb18030", "big5hkscs"})
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# lxml refuses a str that still carries an XML encoding declaration; the text is decoded
# already, so the declaration has no more use.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")

# Real pages have a few thousand elements (a long government page with its menus: 3,000
# to 8,000), nest elements a few dozen deep and layout tables a few, rarely ten.
_MAX_TRAFILATURA_ELEMENTS = 30_000
_MAX_TABLE_NESTING = 24
_MAX_NESTING = 256

# Tags of the serialiser. trafilatura's own element names (head, item, row, cell, lb,
# quote) are handled with their HTML kin.
_BLOCK_TAGS = (
    frozenset({"p", "div", "section", "article", "main", "body", "center", "address", "hr"})
    | {"h1", "h2", "h3", "h4", "h5", "h6", "head", "blockquote", "quote", "pre"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "list", "item", "table"}
    | {"figure", "figcaption", "details", "summary"}
)
_ROW_TAGS = frozenset({"row", "tr"})
_CELL_TAGS = frozenset({"cell", "td", "th"})
_BREAK_TAGS = frozenset({"lb", "br"})
_INLINE_TAGS = frozenset(
    {"span", "b", "i", "em", "strong", "font", "a", "small", "label", "time", "u", "s"}
) | {"sub", "sup", "abbr", "cite", "code", "big"}
# Elements that are never article text.
_NON_CONTENT_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg"}
) | {"canvas", "select", "button", "input", "textarea", "img", "graphic"}


def _any_tag(tags: frozenset[str]) -> str:
    return " or ".join(f"self::{tag}" for tag in sorted(tags))


# A data row: two cells or more, none holding a block (a layout table's cells hold blocks).
_CELL = f"*[{_any_tag(_CELL_TAGS)}]"
_DATA_ROWS = (
    f"descendant-or-self::*[{_any_tag(_ROW_TAGS)}][count({_CELL}) >= 2]"
    f"[not({_CELL}[.//*[{_any_tag(_BLOCK_TAGS | _ROW_TAGS)}]])]"
)

# Source whitespace (tabs of indentation included) becomes one space; the tabs between
# table cells are added by the serialiser and tidied at the end of the line.
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[^\S\t]+")
_CELL_GAP = re.compile(r" ?\t ?")

# The fallback. Where Chinese government CMSs (TRS, Hanweb, UCAP) and common templates put
# the article, in order of trust ("tag" is the element's name); then the furniture it
# drops: structural tags, and the class and id words such sites give their menus, bars
# and footers (matched as substrings). XPath picks the elements worth looking at.
_CONTENT_MARKS = (
    ("id", "zoom"),
    ("class", "trs_editor"),
    ("id", "ucap-content"),
    ("class", "pages_content"),
    ("id", "content"),
    ("class", "article-content"),
    ("class", "article"),
    ("tag", "article"),
    ("tag", "main"),
    ("class", "content"),
)
_MARKED = ".//*[@id or @class or self::article or self::main]"
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form"})
_FURNITURE_WORDS: tuple[str, ...] = ("nav", "menu", "footer", "crumb", "location")
_FURNITURE_WORDS += ("position", "share", "comment", "copyright", "sidebar", "related")
_FURNITURE_WORDS += ("login", "search", "banner", "daohang")
_FURNITURE_CANDIDATES = f".//*[@id or @class or {_any_tag(_FURNITURE_TAGS)}]"
# Pages with no names to go by: the smallest blocks that are mostly links (menus, lists of
# other articles) or a site's footer notices go too.
_SMALL_BLOCK_TAGS = frozenset({"ul", "ol", "dl", "tr", "p", "li"})
_HOLDING_TAGS = frozenset({"div", "table", "ul", "ol", "p"})
_FOOTER_CUE = re.compile(
    r"版权所有|ICP[备證证]|公网安备|主办单位|主办：|承办：|技术支持|网站地图|联系我们|Copyright|©",
    re.I,
)
_MAX_FOOTER_BLOCK = 150

# Header lines of Chinese pages: "发布时间：2022年3月1日", "2025-01-06 08:52:14 来源：临汾新闻网".
# XPath picks the text nodes with a cue character; the regex then checks them.
_CUE_TEXTS = (
    "(//body//text()["
    + " or ".join(f"contains(., '{c}')" for c in ("源", "发", "發", "时", "時", "日期", "成文"))
    + "][not(ancestor::script or ancestor::style or ancestor::noscript)])[position() <= 2000]"
)
_LINE_CUE = re.compile(
    r"[来來]\S{0,6}?源|[发發][布佈表文]|成文|印发|[时時]\s{0,2}[间間]|日\s{0,2}期"
)
# Header lines are short; a page of thousands of labels is not read past the first ones.
_MAX_HEADER_LINE = 200
_MAX_HEADER_LINES = 40
_MAX_INLINE_CLIMB = 6

# Dates. Full-width digits are folded first; the time part is kept only when given.
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９：／－．", "0123456789:/-.")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s{0,2}[-/.年]\s{0,2}(?P<m>\d{1,2})\s{0,2}[-/.月]\s{0,2}(?P<d>\d{1,2})"
    r"(?!\d)\s{0,2}日?"
    r"(?:(?:\s{0,3}|T|-)(?P<hh>\d{1,2})\s{0,2}[:时時]\s{0,2}(?P<mm>\d{2}))?"
)
_DATE_LABEL = re.compile(
    r"(?:[发發][布佈表文](?:[时時][间間]|日期)|成文日期|印发日期|[时時]\s{0,2}[间間]|日\s{0,2}期)"
    r"\s{0,3}[:：]\s{0,3}"
)
# 来源：xxx, ending at a space, a separator or the next label. 來(lái)源 is the spelling of
# "traditional" mirror sites that annotate characters with pinyin.
_SOURCE_LINE = re.compile(
    r"[来來](?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）])?源\s{0,3}[:：]\s{0,3}"
    r"(?P<s>.{1,60}?)"
    r"(?=\s|作者|[编編]\s?[辑輯]|责编|[责責]任|[记記]者|[浏瀏][览覽]|[点點]击|[阅閱][读讀]|字[号號]"
    r"|[发發][布佈]|[时時][间間]|日期|【|\[|[|丨｜]|$)"
)

# <meta> names (lower-cased name, property or itemprop) in order of trust.
_META_TITLE = ("articletitle", "og:title", "dc.title", "twitter:title")
_META_DATE: tuple[str, ...] = ("article:published_time", "pubdate", "publishdate", "publish_date")
_META_DATE += ("publishtime", "firstpublishedtime", "og:release_date", "datepublished")
_META_DATE += ("dcterms.issued", "dc.date.issued", "dc.date", "date")
_META_SOURCE = ("contentsource", "source")
_META_SITE = ("og:site_name", "sitename", "site_name")
_TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]\s+")


def read_html(data: bytes, name: str, settings: Settings) -> RawText:
    """Read a web page: its article text (one paragraph a line), title, date and source."""
    html, encoding, warning = _decode(data, name)
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = _parse(html)
        if tree is _TOO_DEEP:
            html = _flatten(html)
            tree = _parse(html)
            if tree is _TOO_DEEP:  # cannot be after flattening; never read half a page
                tree = None
        if tree is None:
            text, title, date, source = "", None, None, None
        else:
            title, date, source = _metadata(tree)
            text = _article_text(tree, html)
    except LuoshiError:
        raise
    except Exception as exc:
        # Any failure inside the parsers is a page they cannot read, not a luoshi bug.
        raise ReadError(
            f"{name}: cannot parse the HTML: the page is damaged",
            zh=f"{name}：网页已损坏，无法解析",
        ) from exc
    raw = RawText(
        text=text, format="html", encoding=encoding, title=title, date=date, source=source
    )
    if warning:
        raw.warnings.append(warning)
    return raw


def _decode(data: bytes, name: str) -> tuple[str, str, str | None]:
    """Decode with the page's declared charset when it is one we trust and fits, else detect."""
    found = None if data.startswith(_BOMS) else _DECLARED_CHARSET.search(data[:4096])
    if found:
        declared = (found.group(1) or found.group(2)).decode("ascii").lower()
        try:
            encoding = codecs.lookup(_CHARSET_SUPERSETS.get(declared, declared)).name
        except LookupError:
            encoding = ""
        if encoding in _TRUSTED_CHARSETS:
            try:
                return data.decode(encoding), encoding, None
            except UnicodeDecodeError:
                pass  # pages declared UTF-8 but saved as GBK are common: detect instead
    decoded = decode_bytes(data, name)
    return decoded.text, decoded.encoding, decoded.warning


def _parse(html: str, *, plain: bool = False) -> Any:
    """The page as an lxml tree, or None when there is no element in it, or
    :data:`_TOO_DEEP` when it nests past libxml2's limit (the tree would lack the rest).

    trafilatura needs lxml.html's element classes; ``plain`` gives lxml's bare elements,
    which Python reaches several times faster (no class lookup per element).
    """
    # NUL is never text, and libxml2 stops reading at it.
    html = html.replace("\x00", "")
    if not html.strip():
        return None
    # A parser per call: lxml parsers must not be shared between threads. huge_tree lifts
    # libxml2's depth limit from 256 (reached by old pages full of unclosed <font>) to 2048.
    options = {"remove_comments": True, "remove_pis": True, "huge_tree": True}
    parser = (
        etree.HTMLParser(**options) if plain else lxml.html.HTMLParser(collect_ids=False, **options)
    )
    try:
        if plain:
            tree = etree.fromstring(html, parser)
        else:
            tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError):
        return None  # "Document is empty"
    if any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log):
        return _TOO_DEEP
    return tree


# What _parse returns for a page nested past libxml2's 2,048 levels.
_TOO_DEEP = object()
# Levels of elements _flatten keeps: real pages nest a few dozen deep.
_FLAT_DEPTH = 512
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
) | {"source", "track", "wbr"}
_RAW_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "textarea", "title"})


class _Flattener(HTMLParser):
    """Markup again, without the elements nested past ``_FLAT_DEPTH``: their text stays,
    and a block or row among them still ends a line.

    Written by hand over the standard library's tokenizer, which has no depth limit and
    works in one pass; libxml2's parsers (and so lxml's) stop at 2,048 levels. Open tags
    are counted by name, so that an end tag with no start is skipped without a search.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()

    def _deep(self) -> bool:
        return len(self.stack) > _FLAT_DEPTH

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.handle_startendtag(tag, attrs)
            return
        self.stack.append(tag)
        self.open[tag] += 1
        if not self._deep():
            self.out.append(_start_tag(tag, attrs))
        elif tag in _BLOCK_TAGS or tag in _ROW_TAGS:
            self.out.append("<br>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) < _FLAT_DEPTH:
            self.out.append(_start_tag(tag, attrs))
        elif tag in _BREAK_TAGS or tag in _BLOCK_TAGS:
            self.out.append("<br>")

    def handle_endtag(self, tag: str) -> None:
        if not self.open[tag]:
            return  # an end tag with no start: browsers ignore it too
        while self.stack:
            deep = self._deep()
            top = self.stack.pop()
            self.open[top] -= 1
            if not deep:
                self.out.append(f"</{top}>")
            elif top in _BLOCK_TAGS or top in _ROW_TAGS:
                self.out.append("<br>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._deep() and self.stack[-1] in _RAW_TEXT_TAGS:
            return  # a script's code is not text, even where its tag is dropped
        self.out.append(html_escape.escape(data, quote=False))


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    written = "".join(
        f' {k}="{html_escape.escape(v, quote=True)}"' if v is not None else f" {k}"
        for k, v in attrs
    )
    return f"<{tag}{written}>"


def _flatten(html: str) -> str:
    """``html`` without the elements nested deeper than libxml2 can parse (see _Flattener)."""
    flattener = _Flattener()
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out)


def _article_text(tree: Any, html: str) -> str:
    """The article: trafilatura's choice, else the fallback's."""
    if not _too_big_for_trafilatura(tree):
        text = _trafilatura_text(_unwrap_layout_tables(tree))
        if text:
            return text
    # trafilatura prunes the tree it is given (and _unwrap changed it): parse afresh.
    fresh = _parse(html, plain=True)
    return _fallback_text(fresh) if fresh is not None and fresh is not _TOO_DEEP else ""


def _too_big_for_trafilatura(tree: Any) -> bool:
    """A page trafilatura would take seconds over: huge, or nested absurdly deep.

    trafilatura spends about 4 s on a 1.7 MB page of 50,000 paragraphs, and time quadratic
    in the nesting depth in its table and link-density passes (3,000 nested tables in
    99 KB: 7 s; 2,000 nested link boxes: 20 s). Real pages are far from all three; the
    others are data dumps (where everything is content) or damaged. XPath counts in C.
    """
    return bool(
        tree.xpath("count(//*)") > _MAX_TRAFILATURA_ELEMENTS
        or tree.xpath(f"boolean(//*[count(ancestor::*) >= {_MAX_NESTING}])")
        or tree.xpath(f"boolean(//table[count(ancestor::table) >= {_MAX_TABLE_NESTING}])")
    )


def _unwrap_layout_tables(tree: Any) -> Any:
    """Turn tables used for page layout into plain blocks, in place; return the tree.

    Old government sites lay whole pages out in nested tables. trafilatura keeps such a
    table as data: it returns the navigation row and the footer with the article, out of
    page order, and drops repeated cells. As plain blocks they get its usual treatment.
    A layout table holds another table, or a cell with two or more blocks; a data table
    exported from Word (one <p> a cell) stays a table.
    """
    for table in tree.xpath("//table"):
        rows = table.xpath("./tr | ./tbody/tr | ./thead/tr | ./tfoot/tr")
        cells = [cell for row in rows for cell in row if cell.tag in ("td", "th")]
        layout = table.find(".//table") is not None or any(
            sum(1 for child in cell if child.tag in _BLOCK_TAGS) >= 2 for cell in cells
        )
        if layout:
            for element in (table, *table.xpath("./tbody | ./thead | ./tfoot"), *rows, *cells):
                element.tag = "div"
    return tree


def _trafilatura_text(tree: Any) -> str:
    """The main text as trafilatura finds it, serialised one block a line."""
    result = trafilatura.bare_extraction(
        tree,
        fast=True,  # readability/justext comparisons double the time and add page furniture
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=False,
        config=_TRAFILATURA_CONFIG,
    )
    if result is None or isinstance(result, dict) or result.body is None:
        return ""
    return _serialise(result.body)


def _fallback_text(tree: Any) -> str:
    """The page's content container without its furniture, for pages trafilatura gives up on."""
    body = tree.find("body")
    if body is None:
        return ""  # a frameset: its text lives in other pages
    container = _content_container(body)
    # Furniture is looked for inside the container only, and an element holding half its
    # text is not furniture whatever its class ("content-with-sidebar" wraps the article).
    measures = _measure(container)
    total = measures[container][0]
    for element in container.xpath(_FURNITURE_CANDIDATES):
        if _is_furniture(element) and measures[element][0] * 2 < total:
            _drop(element)
    for element, (chars, links, holds_blocks) in measures.items():
        small = element.tag in _SMALL_BLOCK_TAGS or (element.tag == "div" and not holds_blocks)
        if (
            small
            and chars
            and element is not container
            and _is_links_or_footer(element, chars, links)
        ):
            _drop(element)
    return _serialise(container)


def _measure(root: Any) -> dict[Any, tuple[int, int, bool]]:
    """Per element, in one pass from the leaves up: its non-space characters, how many of
    them are link text, and whether it holds a div, table, list or paragraph."""
    measures: dict[Any, tuple[int, int, bool]] = {}
    for _, element in etree.iterwalk(root, events=("end",)):
        chars, links, holds = _non_space(element.text), 0, False
        for child in element:
            if child in measures:
                child_chars, child_links, child_holds = measures[child]
                chars, links = chars + child_chars, links + child_links
                holds = holds or child_holds or child.tag in _HOLDING_TAGS
            chars += _non_space(child.tail)
        measures[element] = (chars, chars if element.tag == "a" else links, holds)
    return measures


def _non_space(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def _is_links_or_footer(element: Any, chars: int, links: int) -> bool:
    """Mostly link text (a menu, a list of other articles), or a short footer notice."""
    if links * 10 >= chars * 6:
        return True
    return chars <= _MAX_FOOTER_BLOCK and bool(_FOOTER_CUE.search(element.xpath("string()")))


def _content_container(body: Any) -> Any:
    """The first element a known CMS marks as the article, with text in it; else the body."""
    found: dict[tuple[str, str], Any] = {}
    for element in body.xpath(_MARKED):
        marks = [("tag", element.tag), ("id", (element.get("id") or "").lower())]
        marks += [("class", word) for word in (element.get("class") or "").lower().split()]
        for mark in marks:
            if mark in _CONTENT_MARKS and mark not in found and element.xpath("string()").strip():
                found[mark] = element
    return next((found[mark] for mark in _CONTENT_MARKS if mark in found), body)


def _is_furniture(element: Any) -> bool:
    if element.tag in _FURNITURE_TAGS:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return any(word in names for word in _FURNITURE_WORDS)


def _drop(element: Any) -> None:
    """Remove an element, keeping its tail (text of its parent that follows it)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _serialise(root: Any) -> str:
    """Text of an element tree, one block element (or one table row) a line.

    Written here because trafilatura's text output renders tables as Markdown and joins
    the paragraphs of a table cell with spaces, losing the line structure of the
    table-laid-out pages many Chinese government sites still serve. A row whose cells hold
    only inline content is a data row: its cells are joined by tabs on one line.
    """
    # Held as a set of elements (not ids) so that each keeps its one lxml proxy.
    data_rows = set(root.xpath(_DATA_ROWS))
    lines: list[str] = []
    current: list[str] = []
    skip_depth = 0
    # One entry per open table row: [1 if a data row else 0, cells seen so far].
    rows: list[list[int]] = []

    def add(text: str | None) -> None:
        if text and not skip_depth:
            current.append(_WHITESPACE.sub(" ", text))

    def flush() -> None:
        line = _CELL_GAP.sub("\t", _SPACES.sub(" ", "".join(current))).strip()
        current.clear()
        if line:
            lines.append(line)

    # Comments and processing instructions come as events of their own (not start/end):
    # their tails are text of the parent and are kept.
    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):
            add(element.tail)
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        in_data_row = bool(rows) and rows[-1][0] == 1
        if event == "start":
            if skip_depth or tag in _NON_CONTENT_TAGS or not tag:
                skip_depth += 1
                continue
            if tag in _ROW_TAGS:
                flush()
                rows.append([int(element in data_rows), 0])
            elif tag in _CELL_TAGS and in_data_row:
                if rows[-1][1]:
                    current.append("\t")
                rows[-1][1] += 1
            elif tag in _BREAK_TAGS:
                if in_data_row:
                    current.append(" ")
                else:
                    flush()
            elif tag in _BLOCK_TAGS or tag in _CELL_TAGS:
                flush()
            add(element.text)
            continue
        if skip_depth:
            skip_depth -= 1
        elif tag in _ROW_TAGS:
            flush()
            if rows:
                rows.pop()
        elif (tag in _BLOCK_TAGS or tag in _CELL_TAGS) and not in_data_row:
            flush()
        if element is not root:
            add(element.tail)
    flush()
    return "\n".join(lines)


def _metadata(tree: Any) -> tuple[str | None, str | None, str | None]:
    """Title, publication date and source of a page.

    Written by hand: trafilatura's metadata pass costs more than its whole text extraction
    on a large page, knows no 来源 line, and the date library under it (htmldate) reads
    "发布时间：2022年3月1日" as 2022-01-01 and invents a 00:00 time for pages that give
    only a day.
    """
    meta = _meta_tags(tree)
    header_lines = list(_header_lines(tree))
    title = _first(meta, _META_TITLE) or _page_title(tree)
    date = _parse_date(_first(meta, _META_DATE)) or _header_date(header_lines)
    source = _first(meta, _META_SOURCE) or _header_source(header_lines) or _first(meta, _META_SITE)
    return title, date, source


def _meta_tags(tree: Any) -> dict[str, str]:
    """Non-empty <meta> contents by lower-cased name, property or itemprop; first one wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for key in ("name", "property", "itemprop"):
            value = element.get(key)
            if value:
                found.setdefault(value.strip().lower(), content)
    return found


def _first(meta: dict[str, str], names: tuple[str, ...]) -> str | None:
    for key in names:
        if key in meta:
            return _WHITESPACE.sub(" ", meta[key]).strip() or None
    return None


def _page_title(tree: Any) -> str | None:
    """The <h1> that the <title> repeats, else the first part of the <title>."""
    element = tree.find(".//title")
    page_title = _WHITESPACE.sub(" ", element.xpath("string()") if element is not None else "")
    page_title = page_title.strip()
    headings = [_WHITESPACE.sub(" ", h.xpath("string()")).strip() for h in tree.iter("h1")]
    headings = [h for h in headings if h]
    for heading in headings:
        if page_title and heading in page_title:
            return heading
    if page_title:
        # Chinese CMS templates put the article first: "标题_栏目_站点", "标题 - 站点".
        parts = [p for p in _TITLE_SEPARATORS.split(page_title) if p]
        return parts[0] if parts else page_title
    return headings[0] if headings else None


def _header_lines(tree: Any) -> Iterator[str]:
    """Short blocks of page text that carry a date or source label, in page order."""
    seen: set[Any] = set()  # elements, not ids: see _serialise
    for text in tree.xpath(_CUE_TEXTS):
        if not _LINE_CUE.search(text):
            continue
        owner = text.getparent()
        if text.is_tail:
            owner = owner.getparent()  # a tail is text of the element's parent
        if owner is None:
            continue
        # The line is the nearest block around the label: "<span>来源：</span><b>新华社</b>".
        # A few levels up at most: unclosed inline tags can nest a page thousands deep.
        for _ in range(_MAX_INLINE_CLIMB):
            parent = owner.getparent()
            if owner.tag not in _INLINE_TAGS or parent is None:
                break
            owner = parent
        if owner in seen:
            continue
        seen.add(owner)
        line = _WHITESPACE.sub(" ", owner.xpath("string()")).strip()
        if len(line) > _MAX_HEADER_LINE:
            line = _WHITESPACE.sub(" ", str(text)).strip()
        if len(line) <= _MAX_HEADER_LINE:
            yield line
        if len(seen) >= _MAX_HEADER_LINES:
            return


def _header_date(lines: list[str]) -> str | None:
    """The date after a label (发布时间：), else a date on the same line as 来源."""
    for line in lines:
        folded = line.translate(_FULLWIDTH_DIGITS)
        label = _DATE_LABEL.search(folded)
        found = _DATE.match(folded, label.end()) if label else None
        iso = _iso(found) if found else None
        if iso:
            return iso
    for line in lines:
        if _SOURCE_LINE.search(line):
            found = _DATE.search(line.translate(_FULLWIDTH_DIGITS))
            iso = _iso(found) if found else None
            if iso:
                return iso
    return None


def _header_source(lines: list[str]) -> str | None:
    for line in lines:
        found = _SOURCE_LINE.search(line)
        if found:
            return found.group("s").strip() or None
    return None


def _parse_date(value: str | None) -> str | None:
    """ISO ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` when the value has a time of day."""
    if not value:
        return None
    found = _DATE.search(value.translate(_FULLWIDTH_DIGITS))
    return _iso(found) if found else None


def _iso(found: re.Match[str]) -> str | None:
    year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    try:
        datetime(year, month, day)
    except ValueError:
        return None
    if found["hh"] is not None:
        hour, minute = int(found["hh"]), int(found["mm"])
        if hour < 24 and minute < 60:
            return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"
