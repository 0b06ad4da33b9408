"""Exports of every list: ``/export/<list>.xlsx|csv`` and the .docx progress report."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from luoshi import display
from luoshi.store.search import search
from luoshi.web import exports, views
from luoshi.web.deps import SessionDep, TableFormat
from luoshi.web.i18n import lang_of, translator
from luoshi.web.openapi import CSV, DOCX, XLSX, answers, file_answer
from luoshi.web.routes.compare import Params
from luoshi.web.routes.targets import Filters, target_filters

__all__ = ["lang_for", "router"]

router = APIRouter(prefix="/export", tags=["exports"], default_response_class=Response)
_TYPES = {"xlsx": XLSX, "csv": CSV, "docx": DOCX}


#: What a list export answers: the file, in the format its path names.
LIST_FILE = file_answer("The list as a workbook (.xlsx) or as CSV (UTF-8 with BOM).", XLSX, CSV)


def lang_for(request: Request) -> str:
    """The language of a download: the pages' (``?lang=``, the ``lang`` cookie), else Chinese."""
    return lang_of(request.query_params.get("lang"), request.cookies.get("lang"))


def _file(
    request: Request,
    rows: list[dict[str, Any]],
    columns: list[exports.Column],
    fmt: TableFormat,
    sheet: str,
) -> Response:
    lang = lang_for(request)
    name = translator(lang)(sheet)
    if fmt == "xlsx":
        body = exports.xlsx_bytes(rows, columns, name, lang)
    else:
        body = exports.csv_bytes(rows, columns, lang)
    return _response(body, fmt, name)


def _response(body: bytes, fmt: str, name: str) -> Response:
    filename = quote(f"{name}.{fmt}")
    return Response(
        body,
        media_type=_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"},
    )


@router.get("/targets.{fmt}", responses={**LIST_FILE, **answers(400)})
def export_targets(request: Request, fmt: TableFormat, session: SessionDep, f: Filters) -> Response:
    """The targets' 清单 (filtered like ``/api/targets``) as xlsx or csv."""
    return _file(request, target_filters(session, f), exports.TARGET_COLUMNS, fmt, "sheet.targets")


@router.get(
    "/report.docx",
    responses={**file_answer("A 督查通报-style report (.docx).", DOCX), **answers(400)},
)
def export_report(request: Request, session: SessionDep, f: Filters) -> Response:
    """A 督查通报-style .docx: counts by status, targets off track with numbers and sources."""
    rows = target_filters(session, f)
    scope = rows[0]["region"] if f.region and rows else ""
    lang = lang_for(request)
    body = exports.report_docx(rows, scope, demo=request.app.state.web.demo, lang=lang)
    return _response(body, "docx", translator(lang)("report.file"))


@router.get("/documents.{fmt}", responses={**LIST_FILE, **answers(404)})
def export_documents(
    request: Request, fmt: TableFormat, session: SessionDep, region: str | None = None
) -> Response:
    """The document list as xlsx or csv."""
    rows = views.documents_view(session, region)
    return _file(request, rows, exports.DOCUMENT_COLUMNS, fmt, "sheet.documents")


@router.get("/compare.{fmt}", responses={**LIST_FILE, **answers(400, 404)})
def export_compare(request: Request, fmt: TableFormat, session: SessionDep, p: Params) -> Response:
    """Regions × indicators with ranks, and the composite index, as xlsx or csv; each
    indicator's column in the unit that suits its values (亿元, 万人), named in its heading."""
    data = p.view(session)
    lang = lang_for(request)
    columns = list(exports.COMPARE_COLUMNS)
    scales = []
    for j, ind in enumerate(data["indicators"]):
        factor, unit = display.scale(ind["values"], ind.get("unit") or "", lang)
        scales.append(factor)
        heading = ind["name"] + ((f"（{unit}）" if lang == "zh" else f" ({unit})") if unit else "")
        columns.append((f"v{j}", heading, 16, "#,##0.####", False))
        columns.append((f"r{j}", "col.rank", 6, None, False))
    index = {r["code"]: r for r in (data["index"] or {}).get("rows", [])}
    if index:
        columns += [
            ("score", "col.index", 10, "0.0000", False),
            ("rank", "col.index_rank", 8, None, False),
        ]
    rows = []
    for r in data["rows"]:
        row: dict[str, Any] = {"code": r["code"], "name": r["name"]}
        for j, cell in enumerate(r["cells"]):
            value = cell["value"]
            row[f"v{j}"] = None if value is None else value / scales[j]
            row[f"r{j}"] = cell["rank"]
        if r["code"] in index:
            row["score"], row["rank"] = index[r["code"]]["score"], index[r["code"]]["rank"]
        rows.append(row)
    return _file(request, rows, columns, fmt, "sheet.compare")


@router.get("/search.{fmt}", responses={**LIST_FILE, **answers(400, 404)})
def export_search(
    request: Request, fmt: TableFormat, session: SessionDep, q: str, region: str | None = None
) -> Response:
    """Every passage matching ``q`` (up to 5,000) as xlsx or csv."""
    result = search(session, q, limit=5000, region=region or None)
    rows = [{**h.__dict__, "text": "".join(s for s, _ in h.snippet)} for h in result.hits]
    return _file(request, rows, exports.SEARCH_COLUMNS, fmt, "sheet.search")
