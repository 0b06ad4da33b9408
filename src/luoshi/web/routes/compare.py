"""Compare regions: regions × indicators with ranks, bar and radar charts, the composite
index with its method choices, and a choropleth where geometry is configured."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.errors import NotFoundError
from luoshi.track.index import Aggregation, Normalisation, Weighting
from luoshi.web import views
from luoshi.web.deps import Blank, Dimension, SessionDep
from luoshi.web.openapi import answers
from luoshi.web.routes._render import page
from luoshi.web.routes.targets import Year

__all__ = ["CompareParams", "router"]

router = APIRouter()


class CompareParams:
    """The choices of the compare page."""

    def __init__(
        self,
        region: Annotated[list[str] | None, Query(description="Region codes (repeat).")] = None,
        parent: Annotated[
            str | None, Query(description="Compare the regions under this one.")
        ] = None,
        indicator: Annotated[list[str] | None, Query(description="Indicator ids (repeat).")] = None,
        dimension: Annotated[
            Dimension | None, Blank, Query(description="One of the five dimensions, or 经济.")
        ] = None,
        year: Annotated[Year | None, Blank, Query(description="Latest year used.")] = None,
        normalisation: Annotated[
            Normalisation, Query(description="How indicators are made comparable.")
        ] = "minmax",
        weighting: Annotated[Weighting, Query(description="How indicators are weighted.")] = (
            "equal"
        ),
        aggregation: Annotated[
            Aggregation, Query(description="How weighted scores are combined.")
        ] = "arithmetic",
    ) -> None:
        self.region = [r for r in region or [] if r] or None
        self.parent = parent or None
        self.indicator = [i for i in indicator or [] if i] or None
        self.dimension = dimension or None
        self.year, self.normalisation = year, normalisation
        self.weighting, self.aggregation = weighting, aggregation

    def view(self, session: SessionDep) -> dict[str, Any]:
        """The compare view for these choices."""
        return views.compare_view(
            session,
            regions=self.region,
            parent=self.parent,
            indicators=self.indicator,
            dimension=self.dimension,
            year=self.year,
            normalisation=self.normalisation,
            weighting=self.weighting,
            aggregation=self.aggregation,
        )


Params = Annotated[CompareParams, Depends()]


@router.get("/api/compare", tags=["compare"], responses=answers(400, 404))
def compare_api(session: SessionDep, p: Params) -> dict[str, Any]:
    """Regions × indicators with ranks and the composite index with rank stability."""
    return p.view(session)


@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_page(request: Request, session: SessionDep, p: Params) -> HTMLResponse:
    data = p.view(session)
    data["has_map"] = request.app.state.web.geojson is not None
    data["choices"] = {
        "normalisation": views.NORMALISATIONS,
        "weighting": views.WEIGHTINGS,
        "aggregation": views.AGGREGATIONS,
        "dimensions": views.DIMENSIONS,
    }
    return page(request, "compare.html", data)


@router.get(
    "/api/geometry",
    tags=["compare"],
    response_class=Response,
    responses={
        200: {
            "description": "The GeoJSON FeatureCollection of region boundaries.",
            "content": {"application/geo+json": {"schema": {"type": "object"}}},
        },
        **answers(404),
    },
)
def geometry_api(request: Request) -> Response:
    """The configured GeoJSON of region boundaries (LUOSHI_GEOJSON), for the choropleth."""
    path = request.app.state.web.geojson
    if path is None:
        raise NotFoundError(
            "no geometry configured: set LUOSHI_GEOJSON to a GeoJSON file",
            zh="未配置地图数据：请将 LUOSHI_GEOJSON 设为一个 GeoJSON 文件",
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotFoundError(
            f"{path}: not a readable GeoJSON file ({exc})",
            zh=f"{path}：不是可读取的 GeoJSON 文件",
        ) from exc
    return Response(json.dumps(data, ensure_ascii=False), media_type="application/geo+json")
