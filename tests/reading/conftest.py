"""Builders of test documents: .docx, .pdf and web pages made at test time, never committed.

Each returns the file's bytes. The PDF builder writes a real CJK text layer with
reportlab's built-in CID font STSong-Light (Adobe's GB1 collection: no font file needed).
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from functools import cache

import docx
import pypdf
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

__all__ = [
    "NEWS_DATE",
    "NEWS_SOURCE",
    "encrypt_pdf",
    "make_docx",
    "make_html",
    "make_image_pdf",
    "make_pdf",
]

#: The date and source line make_html puts above the article by default.
NEWS_DATE = "2025-01-06 08:52:14"
NEWS_SOURCE = "临汾新闻网"

_CJK_FONT = "STSong-Light"
_FONT_SIZE = 11
_LINE_HEIGHT = 16
_MARGIN = 50


def make_docx(
    paragraphs: Sequence[str],
    *,
    heading: str | None = None,
    table: Sequence[Sequence[str]] | None = None,
    title: str | None = None,
) -> bytes:
    """A .docx: an optional level-1 heading, the paragraphs, then an optional table."""
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    if heading is not None:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=False):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def _register_cjk_font() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(_CJK_FONT))


def make_pdf(
    lines: Sequence[str],
    *,
    title: str | None = None,
    wrap: int = 38,
    lines_per_page: int = 45,
    blank_pages: int = 0,
) -> bytes:
    """An A4 PDF with a CJK text layer: each line wrapped at ``wrap`` characters.

    ``blank_pages`` appends pages with no text, as a scanned annex would have.
    """
    _register_cjk_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    if title is not None:
        pdf.setTitle(title)
    top = A4[1] - _MARGIN
    y = top
    pdf.setFont(_CJK_FONT, _FONT_SIZE)
    drawn = 0
    for line in lines:
        for start in range(0, max(len(line), 1), wrap):
            if drawn == lines_per_page:
                pdf.showPage()
                pdf.setFont(_CJK_FONT, _FONT_SIZE)
                y, drawn = top, 0
            pdf.drawString(_MARGIN, y, line[start : start + wrap])
            y -= _LINE_HEIGHT
            drawn += 1
    pdf.showPage()
    for _ in range(blank_pages):
        pdf.rect(_MARGIN, _MARGIN, 200, 300, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_image_pdf(pages: int = 2) -> bytes:
    """A PDF of pages with shapes and no text at all: what a scan looks like to a text reader."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for page in range(pages):
        pdf.setFillGray(0.2 + 0.1 * page)
        pdf.rect(_MARGIN, _MARGIN, A4[0] - 2 * _MARGIN, A4[1] - 2 * _MARGIN, fill=1)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """``data`` encrypted with AES-256; an empty user password opens without asking."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_html(
    title: str,
    date: str | None,
    source: str | None,
    paragraphs: Sequence[str],
    *,
    encoding: str = "utf-8",
    site: str = "临汾新闻网",
) -> bytes:
    """A news page as county and city sites serve them, encoded in ``encoding``.

    Around the article: a header with today's date, a menu, a breadcrumb, scripts and
    styles, a share bar, related links, readers' comments, an HTML comment and a footer,
    none of which is article text.
    """
    menu = "".join(
        f'<li><a href="/c{i}/">{name}</a></li>'
        for i, name in enumerate(["首页", "政务公开", "政务服务", "互动交流", "专题专栏"])
    )
    related = "".join(
        f'<li><a href="/n{i}.html">全市召开第{i}次常务会议</a><span>2024-12-0{i}</span></li>'
        for i in range(1, 6)
    )
    info = " ".join(
        part
        for part in (
            f"<span>{html.escape(date)}</span>" if date else "",
            f"<span>来源：{html.escape(source)}</span>" if source else "",
            "<span>【字号：大 中 小】</span>",
        )
        if part
    )
    body = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{html.escape(title)}_{html.escape(site)}</title>
<style>.nav {{ float: left; }} .content p {{ text-indent: 2em; }}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("脚本里的文字");</script>
</head><body>
<div class="header"><div class="top">今天是2025年1月6日 星期一 <a href="/login">登录</a></div>
<div class="logo">{html.escape(site)}</div></div>
<div class="nav"><ul>{menu}</ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/c1/">新闻中心</a></div>
<div class="main"><div class="article">
<h1>{html.escape(title)}</h1>
<div class="info">{info}</div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
</div>
<div class="sidebar"><h3>相关新闻</h3><ul>{related}</ul></div>
<div id="comments" class="comments"><h3>网友评论</h3>
<div class="comment"><p>网友甲：这篇评论写得真好，点赞支持！</p></div></div>
</div>
<!-- 页面注释：统计代码开始 -->
<div class="footer"><p>主办：临汾市人民政府办公室 版权所有 晋ICP备05000000号</p>
<p>地址：临汾市尧都区 联系电话：0357-0000000</p></div>
<script>console.log("尾部脚本的文字");</script>
</body></html>
"""
    return page.encode(encoding)
