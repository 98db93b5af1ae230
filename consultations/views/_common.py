"""Helpers shared by the public and staff views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from sendhub import http
from sendhub.access import VIEW, get_visible_or_404, scope_q

from ..models import Consultation, Document

PER_PAGE = 25


def pdf_response(fieldfile, filename: str, *, attachment: bool = False) -> FileResponse:
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=attachment, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


def document_filename(document: Document) -> str:
    return f"{slugify(document.title)[:80] or 'document'}.pdf"


def require_manager(request: HttpRequest) -> None:
    """Roles that run consultations may open the staff pages; other roles get a 403."""
    if scope_q(Consultation, request.user, VIEW) is None:
        raise PermissionDenied


def consultation_or_404(request: HttpRequest, pk: int, action: str = VIEW) -> Consultation:
    return get_visible_or_404(Consultation.objects.select_related("hub"), request.user, action=action, pk=pk)


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    on_valid=None,
    success: str | None = None,
    consultation: Consultation | None = None,
    back_url: str = "",
    caption: str = "",
    intro: str = "",
    template: str = "form_page.html",
    **extra: Any,
) -> HttpResponse:
    """sendhub.http.form_page with the consultation's title as the caption.

    Without `on_valid` the page is only rendered: the view has handled the POST itself.
    """
    context = {
        "consultation": consultation,
        "back_url": back_url,
        "intro": intro,
        "caption": caption or (consultation.title if consultation else ""),
        **extra,
    }
    if on_valid is None:
        return render(request, template, {"form": form, "title": title, **context})
    return http.form_page(request, form, on_valid=on_valid, title=title, template=template, success=success, **context)
