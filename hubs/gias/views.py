"""Updating the schools register from a GIAS file: the upload page and the result of an import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hubs.gias import ANOTHER_AUTHORITY, gias_import_scope, may_import_gias
from hubs.gias.forms import GiasUploadForm
from hubs.gias.models import GiasImport
from hubs.gias.uploads import gias_upload_queue
from sendhub.http import form_page
from sendhub.models import LocalAuthority

SKIPPED_PER_PAGE = 50
RECENT_IMPORTS = 5


@login_required
@require_http_methods(["GET", "POST"])
def gias_upload(request: HttpRequest) -> HttpResponse:
    if not may_import_gias(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = GiasUploadForm(request.POST if posted else None, request.FILES if posted else None)

    def start(data) -> str:
        record = gias_upload_queue(actor=request.user, upload=data["file"])
        return reverse("hubs:gias_import_result", kwargs={"pk": record.pk})

    scope = gias_import_scope(request.user)
    return form_page(
        request,
        form,
        on_valid=start,
        title="Update the schools register from GIAS",
        template="hubs/gias/upload.html",
        back_url=reverse("home"),
        authorities=None if scope is None else LocalAuthority.objects.filter(pk__in=scope).order_by("name"),
        recent=GiasImport.objects.visible_to(request.user).select_related("uploaded_by")[:RECENT_IMPORTS],
    )


@login_required
@require_GET
def gias_import_result(request: HttpRequest, pk: int) -> HttpResponse:
    # Another authority's import is a 404, like one that does not exist.
    record = get_object_or_404(GiasImport.objects.visible_to(request.user).select_related("uploaded_by"), pk=pk)
    skipped = Paginator(record.skipped_rows, SKIPPED_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "hubs/gias/result.html",
        {
            "record": record,
            "skipped": skipped,
            "authorities": record.local_authorities.order_by("name"),
            "other_authority": sum(1 for row in record.skipped_rows if row.get("reason") == ANOTHER_AUTHORITY),
            "may_upload": may_import_gias(request.user),
        },
    )
