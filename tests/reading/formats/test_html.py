"""Web pages: the article and nothing around it, with its title, date and source."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from luoshi.config import Settings
from luoshi.errors import ReadError
from luoshi.reading import read_bytes
from luoshi.reading.formats.html import read_html
from tests.reading.conftest import NEWS_DATE, NEWS_SOURCE, make_html

TITLE = "正言轩：高质量发展全面提质提速的“临汾密码”"
PARAGRAPHS = [
    "临汾，一个中部内陆资源型城市，仅用短短的4年时间，其GDP总量就从1500亿元跃升至2300亿元。",
    "始终坚持立足大局，科学判断新时代临汾所处的历史方位，做出“三个努力成为”的总体判断。",
    "始终坚持创新驱动，全市研发投入强度提高到1.5%，高新技术企业达到300家。",
]
# Text of the page furniture make_html puts around the article.
FURNITURE = [
    "首页",
    "政务公开",
    "当前位置",
    "脚本里的文字",
    "尾部脚本",
    "text-indent",
    "分享到",
    "相关新闻",
    "常务会议",
    "网友评论",
    "点赞支持",
    "统计代码",
    "版权所有",
    "联系电话",
    "今天是",
]


def _notice(head: str, info: str) -> bytes:
    """A government notice page with ``head`` in its <head> and ``info`` above the text."""
    return f"""<html><head>{head}<title>通知</title></head><body><h1>通知</h1>
    <div class="info">{info}</div>
    <div id="zoom"><p>各乡镇人民政府：现将方案印发给你们，请认真贯彻执行。</p></div>
    </body></html>""".encode()


def _read(page: bytes, name: str = "page.html") -> tuple[str, str | None, str | None, str | None]:
    raw = read_html(page, name, Settings())
    return raw.text, raw.title, raw.date, raw.source


def test_article_without_page_furniture() -> None:
    text, title, date, source = _read(make_html(TITLE, NEWS_DATE, NEWS_SOURCE, PARAGRAPHS))
    lines = text.splitlines()
    # one paragraph a line, in order; the heading may open the text
    assert lines[-len(PARAGRAPHS) :] == PARAGRAPHS
    assert set(lines[: -len(PARAGRAPHS)]) <= {TITLE}
    for word in FURNITURE:
        assert word not in text, word
    assert (title, date, source) == (TITLE, "2025-01-06T08:52", NEWS_SOURCE)


@pytest.mark.parametrize(
    ("encoding", "sentence"),
    [
        ("gbk", "全县辖4镇5乡136个行政村，总人口18.7万人。"),
        ("gb2312", "全县辖4镇5乡136个行政村，总人口18.7万人。"),
        ("gb18030", "全县辖4镇5乡136个行政村，总人口18.7万人。"),
        ("big5", "全縣轄4鎮5鄉136個行政村，總人口18.7萬人。"),
        ("utf-8", "全县辖4镇5乡136个行政村，总人口18.7万人。"),
    ],
)
def test_declared_charset(encoding: str, sentence: str) -> None:
    page = (
        f'<html><head><meta charset="{encoding}"><title>{sentence[:4]}</title></head>'
        f"<body><p>{sentence}</p></body></html>"
    ).encode(encoding)
    raw = read_html(page, "p.html", Settings())
    assert raw.text == sentence
    assert raw.encoding in {"gb18030", "big5hkscs", "utf-8"}


def test_wrong_declared_charset_is_detected() -> None:
    # a page that says UTF-8 but was saved as GBK, as many old CMS templates do
    page = make_html(TITLE, NEWS_DATE, NEWS_SOURCE, PARAGRAPHS, encoding="utf-8")
    page = page.decode("utf-8").encode("gb18030")
    raw = read_html(page, "p.html", Settings())
    assert PARAGRAPHS[2] in raw.text
    assert raw.encoding == "gb18030"


@pytest.mark.parametrize(
    ("head", "info", "date"),
    [
        (
            '<meta property="article:published_time" content="2024-03-05T09:30:00+08:00">',
            "",
            "2024-03-05T09:30",
        ),
        ('<meta name="PubDate" content="2022-03-01 10:05">', "", "2022-03-01T10:05"),
        ('<meta name="publishdate" content="2022-03-01">', "", "2022-03-01"),
        ('<meta name="firstpublishedtime" content="2022-03-01-10:05:01">', "", "2022-03-01T10:05"),
        ("", "发布时间：2022年3月1日", "2022-03-01"),
        ("", "发布日期：２０２２年０３月０１日　１０：３０", "2022-03-01T10:30"),
        ("", "<span>2025-01-06 08:52:14</span> <span>来源：临汾新闻网</span>", "2025-01-06T08:52"),
        ("", "2025/1/6 來源：臨汾新聞網", "2025-01-06"),
        ("", "今天是2025年1月6日 星期一", None),
        ("", "发布时间：2022年2月30日", None),
    ],
)
def test_date(head: str, info: str, date: str | None) -> None:
    assert _read(_notice(head, info))[2] == date


@pytest.mark.parametrize(
    ("head", "info", "source"),
    [
        ('<meta name="ContentSource" content="新华社">', "来源：本网", "新华社"),
        ("", "2025-01-06 来源：临汾新闻网 作者：张三", "临汾新闻网"),
        ("", "信息来源：县发改局【字号：大 中 小】", "县发改局"),
        ("", "來(lái)源：臨汾新聞網(wǎng) 責任編輯：李四", "臨汾新聞網(wǎng)"),
        ('<meta property="og:site_name" content="人民网">', "", "人民网"),
        ("", "", None),
    ],
)
def test_source(head: str, info: str, source: str | None) -> None:
    assert _read(_notice(head, info))[3] == source


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        ("<title>关于印发通知的通知_岚县人民政府</title>", "", "关于印发通知的通知"),
        ("<title>关于印发通知的通知 - 政务公开 - 岚县人民政府</title>", "", "关于印发通知的通知"),
        ("<title>岚县人民政府</title>", "<h1>政府工作报告</h1>", "岚县人民政府"),
        ("<title>政府工作报告_岚县</title>", "<h1>政府工作报告</h1>", "政府工作报告"),
        ('<meta name="ArticleTitle" content="政府工作报告"><title>x</title>', "", "政府工作报告"),
        ("", "<h1>政府工作报告</h1>", "政府工作报告"),
        ("", "", None),
    ],
)
def test_title(head: str, body: str, title: str | None) -> None:
    page = f"<html><head>{head}</head><body>{body}<p>全县辖4镇5乡136个行政村。</p></body></html>"
    assert _read(page.encode())[1] == title


def test_data_table_rows_are_lines_with_tabbed_cells() -> None:
    page = """<html><body><article>
    <p>主要预期目标如下：</p>
    <table><tr><th>指标</th><th>
        2025年目标</th><th>属性</th></tr>
    <tr><td>地区生产总值增速</td><td>6%左右</td><td>预期性</td></tr>
    <tr><td>单位GDP能耗下降</td><td></td><td>约束性</td></tr></table>
    <p>以上指标请各单位抓好落实，确保完成全年目标任务，年底前报送完成情况。</p>
    </article></body></html>"""
    lines = _read(page.encode())[0].splitlines()
    assert "指标\t2025年目标\t属性" in lines
    assert "地区生产总值增速\t6%左右\t预期性" in lines
    assert "单位GDP能耗下降\t\t约束性" in lines


def test_layout_tables_keep_order_and_lose_menus() -> None:
    # Old government sites lay the whole page out in nested tables.
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    menu = '<tr><td><a href="/">首页</a></td><td><a href="/gk/">政务公开</a></td></tr>'
    inner = f'<table width="100%"><tr><td>{article}</td></tr></table>'
    page = f"""<html><body><table width="980">{menu}
    <tr><td>{inner}</td></tr><tr><td>版权所有 临汾市人民政府</td></tr></table></body></html>"""
    text = _read(page.encode())[0]
    assert text.splitlines() == PARAGRAPHS


def test_line_breaks_and_inline_markup() -> None:
    # A notice typed into a CMS box: lines split by <br>, emphasis inside a line.
    page = """<html><body><div class="nav"><a href="/">首页</a></div>
    <div id="zoom">各乡镇、县直各单位：<br>现将有关事项通知如下。<br>一、<b>总体</b>要求<br>
    坚持稳中求进工作总基调。<!-- 编辑注释 -->全面贯彻新发展理念。</div>
    <div class="footer">版权所有</div></body></html>"""
    assert _read(page.encode())[0].splitlines() == [
        "各乡镇、县直各单位：",
        "现将有关事项通知如下。",
        "一、总体要求",
        "坚持稳中求进工作总基调。全面贯彻新发展理念。",
    ]


def test_xhtml_with_xml_declaration() -> None:
    page = (
        '<?xml version="1.0" encoding="gbk"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=gbk"/>'
        "<title>通知</title></head>"
        "<body><p>全县辖4镇5乡136个行政村，总人口18.7万人。</p></body></html>"
    ).encode("gbk")
    assert "全县辖4镇5乡136个行政村" in _read(page)[0]


@pytest.mark.parametrize(
    "page",
    [b"", b"   ", b"<html><body><script>var a = 1;</script></body></html>", b"<!-- only -->"],
)
def test_page_without_text(page: bytes) -> None:
    assert _read(page)[0] == ""


def test_no_article_is_a_read_error() -> None:
    with pytest.raises(ReadError, match=r"empty\.html"):
        read_bytes(b"<html><body><script>var a = 1;</script></body></html>", "empty.html")


def test_read_bytes_gives_document_with_metadata() -> None:
    doc = read_bytes(make_html(TITLE, NEWS_DATE, NEWS_SOURCE, PARAGRAPHS), "news.html")
    assert doc.format == "html"
    assert "高新技术企业达到300家" in doc.text
    assert doc.meta.date is not None and doc.meta.date.startswith("2025-01-06")
    assert doc.meta.source == NEWS_SOURCE


def _seconds(page: bytes) -> float:
    start = time.perf_counter()
    read_html(page, "big.html", Settings())
    return time.perf_counter() - start


def test_large_page_is_fast() -> None:
    paragraphs = [
        f"第{i}段：全县地区生产总值增长{i % 9}%，城乡居民收入稳步提高。" for i in range(1500)
    ]
    page = make_html(TITLE, NEWS_DATE, NEWS_SOURCE, paragraphs)
    assert len(page) > 100_000
    read_html(page, "warm.html", Settings())  # imports and caches
    # about 0.05 s on a laptop; the bound only catches a blow-up
    assert _seconds(page) < 1.0


@pytest.mark.parametrize(
    "page",
    [
        ("<div>" * 50_000 + "全县辖4镇" + "</div>" * 50_000).encode(),
        ("<table><tr><td>" * 3_000 + "全县辖4镇" + "</td></tr></table>" * 3_000).encode(),
        ("<p><b><i><span>" * 20_000 + "全县辖4镇").encode(),
        ("<span>来源：" * 100_000).encode(),
        ("<table>" + "<tr><td>指标</td><td>6%</td></tr>" * 20_000 + "</table>").encode(),
    ],
    ids=["deep-divs", "deep-tables", "unclosed-inline", "label-flood", "long-table"],
)
def test_hostile_pages_do_not_hang(page: bytes) -> None:
    # Each took seconds to minutes before the guards (lexbor's parser, trafilatura's
    # table handling, climbing unclosed inline tags); now well under a second.
    assert _seconds(page) < 5.0


def test_corpus_article_as_news_page(corpus: Path) -> None:
    lines = (corpus / "docs" / "lanxian-123.txt").read_text(encoding="utf-8").splitlines()
    paragraphs = [line for line in lines if line.strip()]
    page = make_html("岚县“123”总体工作思路", "2022-03-01 10:00", "岚县融媒体中心", paragraphs)
    raw = read_html(page, "lanxian.html", Settings())
    assert "全县辖4镇5乡136个行政村" in raw.text
    assert raw.text.splitlines()[-len(paragraphs) :] == paragraphs
    assert (raw.title, raw.date, raw.source) == (
        "岚县“123”总体工作思路",
        "2022-03-01T10:00",
        "岚县融媒体中心",
    )
    doc = read_bytes(page, "lanxian.html")
    assert "全县辖4镇5乡136个行政村" in doc.text


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("<div>", "</div>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<font>", ""),  # old pages full of unclosed <font>
        ("<div><span>", ""),
    ],
    ids=["divs", "tables", "unclosed-font", "unclosed-mixed"],
)
@pytest.mark.parametrize("depth", [2_100, 30_000])
def test_text_nested_past_libxml2s_limit_is_kept(opening: str, closing: str, depth: int) -> None:
    # libxml2 stops building the tree at 2,048 levels: what followed was lost
    page = (
        "<html><head><title>深层嵌套的页面</title></head><body>"
        "<p>开头：2024年全县地区生产总值增长5%。</p>"
        + opening * depth
        + "<p>深处：2025年一般公共预算收入增长6%。</p><script>var hidden = '脚本里的文字';</script>"
        + closing * depth
        + "<p>结尾：城乡居民收入稳步提高。</p></body></html>"
    ).encode()
    raw = read_html(page, "deep.html", Settings())
    assert raw.text.splitlines() == [
        "开头：2024年全县地区生产总值增长5%。",
        "深处：2025年一般公共预算收入增长6%。",
        "结尾：城乡居民收入稳步提高。",
    ]
    assert "脚本里的文字" not in raw.text
    assert raw.title == "深层嵌套的页面"
    doc = read_bytes(page, "deep.html")
    assert "一般公共预算收入增长6%" in doc.text
