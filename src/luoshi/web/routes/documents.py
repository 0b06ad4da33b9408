"""A document: its text with every extracted figure marked, its outline, its metadata."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from luoshi.web import views
from luoshi.web.deps import RowId, SessionDep
from luoshi.web.openapi import answers
from luoshi.web.routes._render import page

__all__ = ["router"]

router = APIRouter()


@router.get("/api/documents/{doc_id}", tags=["documents"], responses=answers(404))
def document_api(doc_id: RowId, session: SessionDep) -> dict[str, Any]:
    """Metadata, outline, statements, and the text as lines of marked segments."""
    return views.document_view(session, doc_id)


@router.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, doc_id: RowId, session: SessionDep) -> HTMLResponse:
    return page(request, "document.html", views.document_view(session, doc_id))
