"""The 承诺兑现台账: each target beside the result that answers it, and one indicator and
year across regions (each region's target beside its actual and its parent's target)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.errors import QueryError
from luoshi.web import exports, views
from luoshi.web.deps import SessionDep
from luoshi.web.i18n import translator
from luoshi.web.openapi import CSV, XLSX, answers, file_answer
from luoshi.web.routes._render import page
from luoshi.web.routes.exports import lang_for

__all__ = ["LedgerFilters", "router"]

router = APIRouter()
_MEDIA = {"xlsx": XLSX, "csv": CSV}
LIST_FILE = file_answer("The ledger as a workbook (.xlsx) or as CSV (UTF-8 with BOM).", XLSX, CSV)


class LedgerFilters:
    """The ledger's filters."""

    def __init__(
        self,
        region: Annotated[
            str | None, Query(description="Region code (100000 is the nation).")
        ] = None,
        indicator: Annotated[str | None, Query(description="Indicator id or phrase.")] = None,
        year: Annotated[
            str | None,
            Query(description="The targets' year (empty: every year).", pattern=r"^(\d{4})?$"),
        ] = None,
        status: Annotated[str | None, Query(description="Verdict status code.")] = None,
    ) -> None:
        # the page's form sends its blank fields as empty strings: no filter
        self.region, self.indicator = region or None, indicator or None
        self.year, self.status = int(year) if year else None, status or None

    def view(self, session: SessionDep, limit: int | None = None) -> dict[str, Any]:
        """The ledger for these filters."""
        return views.ledger_view(
            session,
            region=self.region,
            indicator=self.indicator,
            year=self.year,
            status=self.status,
            limit=limit,
        )


Filters = Annotated[LedgerFilters, Depends()]


class AcrossParams:
    """One indicator and year, across regions."""

    def __init__(
        self,
        indicator: Annotated[str, Query(description="Indicator id or phrase.")],
        year: Annotated[int, Query(description="The targets' year.", ge=1900, le=2200)],
        parent: Annotated[
            str | None, Query(description="Only this region and the regions under it.")
        ] = None,
        measure: Annotated[
            str | None, Query(description="growth, level, … (default: the most common).")
        ] = None,
    ) -> None:
        self.indicator, self.year = indicator, year
        self.parent, self.measure = parent or None, measure or None

    def view(self, session: SessionDep) -> dict[str, Any]:
        """The view across regions for these choices."""
        return views.across_view(
            session, self.indicator, self.year, parent=self.parent, measure=self.measure
        )


Across = Annotated[AcrossParams, Depends()]


@router.get("/api/ledger", tags=["ledger"], responses=answers(400, 404))
def ledger_api(
    session: SessionDep, f: Filters, limit: Annotated[int, Query(ge=1, le=100000)] = 1000
) -> dict[str, Any]:
    """The ledger: each target (filtered) beside its result, the verdict, the gap and the
    sentences behind both; counts by verdict over every row the filters select."""
    return f.view(session, limit)


@router.get("/api/ledger/across", tags=["ledger"], responses=answers(400, 404))
def across_api(session: SessionDep, p: Across) -> dict[str, Any]:
    """One indicator and year across regions: targets, actuals, parents' targets, counts."""
    return p.view(session)


@router.get("/ledger", response_class=HTMLResponse, include_in_schema=False)
def ledger_page(request: Request, session: SessionDep, f: Filters) -> HTMLResponse:
    context = f.view(session, limit=2000)
    across = None
    if f.indicator and f.year:
        across = views.across_view(session, f.indicator, f.year, parent=f.region)
    return page(request, "ledger.html", {**context, "across": across})


def _file(
    request: Request,
    rows: list[dict[str, Any]],
    columns: list[exports.Column],
    fmt: str,
    sheet: str,
) -> Response:
    lang = lang_for(request)
    name = translator(lang)(sheet)
    if fmt == "xlsx":
        body = exports.xlsx_bytes(rows, columns, name, lang)
    elif fmt == "csv":
        body = exports.csv_bytes(rows, columns, lang)
    else:
        raise QueryError(
            f"format {fmt!r} is not one of xlsx, csv", zh=f"文件格式 {fmt!r} 不可用，可选 xlsx、csv"
        )
    return Response(
        body,
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'{name}.{fmt}')}"},
    )


@router.get("/export/ledger.{fmt}", tags=["exports"], responses={**LIST_FILE, **answers(400, 404)})
def export_ledger(request: Request, fmt: str, session: SessionDep, f: Filters) -> Response:
    """The ledger (filtered like ``/api/ledger``) as the Excel 清单 or CSV."""
    return _file(request, f.view(session)["rows"], exports.LEDGER_COLUMNS, fmt, "sheet.ledger")


@router.get(
    "/export/ledger-across.{fmt}", tags=["exports"], responses={**LIST_FILE, **answers(400, 404)}
)
def export_across(request: Request, fmt: str, session: SessionDep, p: Across) -> Response:
    """One indicator and year across regions as the Excel 清单 or CSV."""
    return _file(request, p.view(session)["rows"], exports.CROSS_COLUMNS, fmt, "sheet.across")
