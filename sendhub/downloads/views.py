"""A prepared download's status page, its progress as JSON, and the file: only for the person who asked."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import audit
from ..models import PreparedDownload
from . import open_export

Status = PreparedDownload.Status


def _own_or_404(request: HttpRequest, pk: int) -> PreparedDownload:
    # Someone else's download is a 404, exactly like a missing one.
    return get_object_or_404(PreparedDownload, pk=pk, requested_by=request.user)


def progress_text(download: PreparedDownload) -> str:
    noun = download.noun
    if download.status == Status.QUEUED:
        return "Waiting to start."
    if download.status == Status.RUNNING:
        if download.rows_total is None:
            return "Counting the rows."
        return f"{download.rows_done:,} of {download.rows_total:,} {noun} written."
    if download.status == Status.DONE:
        return f"Your file is ready: {download.rows_done:,} {noun}."
    return download.error or "The file could not be prepared."


@login_required
@require_GET
@never_cache
def download_status(request: HttpRequest, pk: int) -> HttpResponse:
    download = _own_or_404(request, pk)
    return render(
        request,
        "sendhub/download.html",
        {
            "download": download,
            "progress": progress_text(download),
        },
    )


@login_required
@require_GET
@never_cache
def download_progress(request: HttpRequest, pk: int) -> JsonResponse:
    download = _own_or_404(request, pk)
    body = {
        "status": download.status,
        "rows_done": download.rows_done,
        "rows_total": download.rows_total,
        "percent": download.percent,
        "text": progress_text(download),
        "finished": download.is_finished,
        "file_url": reverse("downloads:file", args=[download.pk]) if download.status == Status.DONE else "",
        "filename": download.filename,
    }
    response = JsonResponse(body)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download_file(request: HttpRequest, pk: int) -> FileResponse:
    download = _own_or_404(request, pk)
    if download.status != Status.DONE or not download.file:
        raise Http404
    # Through the access policy again: someone who lost access since asking gets a 404.
    export = open_export(download.kind, request.user, download.params)
    try:
        handle = download.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    if export.audit_object is not None:
        audit.record(request.user, export.audit_object, audit.AuditEvent.Action.EXPORT)
    response = FileResponse(
        handle, content_type="text/csv; charset=utf-8", as_attachment=True, filename=download.filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
