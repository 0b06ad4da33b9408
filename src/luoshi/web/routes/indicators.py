"""Indicators: every canonical indicator with its targets' statuses, and a page per
indicator across regions and years — definition, ranking, sources, chart, download."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.display import unit_name
from luoshi.web import exports
from luoshi.web.deps import SessionDep, TableFormat
from luoshi.web.i18n import translator
from luoshi.web.indicator import indicator_figures, indicator_list_view, indicator_view
from luoshi.web.openapi import CSV, XLSX, answers, file_answer
from luoshi.web.routes._render import page
from luoshi.web.routes.exports import lang_for
from luoshi.web.routes.overview import fresh_verdicts, memo

__all__ = ["FIGURE_COLUMNS", "router"]

router = APIRouter()
Ident = Annotated[str, Path(max_length=200, description="Indicator id (gdp) or name.")]
PageNo = Annotated[int, Query(ge=1, le=100_000, alias="page", description="Page (50 a page).")]
Year = Annotated[int | None, Query(ge=1900, le=2200, description="Rank by this year's figures.")]
_TYPES = {"xlsx": XLSX, "csv": CSV}

#: The download of an indicator's figures: every region and year, with the source.
FIGURE_COLUMNS: list[exports.Column] = [
    ("region_code", "col.region_code", 10, None, False),
    ("region", "col.region", 14, None, False),
    ("indicator", "col.indicator", 20, None, False),
    ("year", "col.year", 8, None, False),
    ("value", "col.value", 16, "#,##0.####", False),
    ("unit", "col.unit", 8, None, False),
    ("source_kind", "col.source_kind", 10, None, False),
    ("source", "col.source_name", 40, None, True),
]


@router.get("/api/indicators", tags=["indicators"])
def indicator_list_api(request: Request, session: SessionDep) -> dict[str, Any]:
    """Every canonical indicator with its unit, direction, nature, 约束性/预期性 and its
    targets' counts by status (in the order of ``statuses``)."""
    fresh = fresh_verdicts(request)
    return indicator_list_view(session, memo(request, fresh))


@router.get("/indicators", response_class=HTMLResponse, include_in_schema=False)
def indicator_list_page(request: Request, session: SessionDep) -> HTMLResponse:
    fresh = fresh_verdicts(request)
    data = indicator_list_view(session, memo(request, fresh))
    return page(request, "indicators.html", {**data, "fresh": fresh})


@router.get("/api/indicators/{ident}", tags=["indicators"], responses=answers(400, 404))
def indicator_api(
    request: Request, session: SessionDep, ident: Ident, page_no: PageNo = 1, year: Year = None
) -> dict[str, Any]:
    """One indicator across regions: its definition, the regions ranked by their figure
    (each with its source), the leading regions' series over the years (values divided by
    ``chart.divisor``, in ``axis_unit``), and its targets' counts by status."""
    fresh = fresh_verdicts(request)
    return indicator_view(session, ident, year=year, page=page_no, memo=memo(request, fresh))


@router.get("/indicators/{ident}", response_class=HTMLResponse, include_in_schema=False)
def indicator_page(
    request: Request, session: SessionDep, ident: Ident, page_no: PageNo = 1, year: Year = None
) -> HTMLResponse:
    fresh = fresh_verdicts(request)
    data = indicator_view(session, ident, year=year, page=page_no, memo=memo(request, fresh))
    return page(request, "indicator.html", {**data, "fresh": fresh})


@router.get(
    "/export/indicators/{ident}.{fmt}",
    tags=["exports"],
    response_class=Response,
    responses={
        **file_answer("The indicator's figures as xlsx or csv (UTF-8 with BOM).", XLSX, CSV),
        **answers(404),
    },
)
def export_indicator(
    request: Request, fmt: TableFormat, session: SessionDep, ident: Ident
) -> Response:
    """Every region's figure that counts for every year, with its source, as xlsx or csv,
    in the pages' language."""
    lang = lang_for(request)
    t = translator(lang)
    rows = indicator_figures(session, ident)
    for r in rows:
        r["source_kind"] = t(f"source_{r['source_kind']}")
        r["unit"] = unit_name(r.get("unit") or "", lang)
    name = f"{t('indicator_figures')}-{rows[0]['indicator'] if rows else ident}"
    if fmt == "xlsx":
        body = exports.xlsx_bytes(rows, FIGURE_COLUMNS, t("indicator_figures"), lang)
    else:
        body = exports.csv_bytes(rows, FIGURE_COLUMNS, lang)
    return Response(
        body,
        media_type=_TYPES[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"},
    )
