"""Importing pupils from a school information system's CSV export: upload, preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendhub import access
from sendhub.errors import DomainError
from sendhub.http import form_page, posted, posted_files

from ..forms import ImportUploadForm
from ..models import PupilImport
from ..services import imports as services


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    schools = access.schools_where(request.user, "pupil", access.EDIT).order_by("name")
    if not schools.exists():
        raise PermissionDenied
    form = ImportUploadForm(posted(request), posted_files(request), schools=schools)

    def check(data) -> str:
        upload = data["file"]
        batch = services.import_check(actor=request.user, school=data["school"], filename=upload.name, raw=upload.read())
        return reverse("pupils:import_preview", kwargs={"pk": batch.pk})

    return form_page(
        request, form, on_valid=check, title="Import pupils from a CSV file", template="pupils/import_upload.html",
        back_url=reverse("pupils:list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.get_visible_or_404(PupilImport.objects.select_related("school"), request.user, pk=pk)
    if not access.may_at_school(request.user, batch.school, "pupil", access.EDIT):
        raise PermissionDenied
    if request.method == "POST":
        try:
            batch = services.import_confirm(actor=request.user, batch=batch)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("pupils:import_preview", pk=batch.pk)
        messages.success(request, f"{batch.added} pupils added and {batch.updated} updated")
        return redirect(reverse("pupils:list") + f"?school={batch.school_id}")
    errors = [(f"row-{row['row']}", f"Row {row['row']}: {message}") for row in batch.rows for message in row["errors"]]
    return render(
        request,
        "pupils/import_preview.html",
        {
            "batch": batch,
            "row_errors": errors,
            "has_errors": bool(errors or batch.file_errors),
            "add_count": batch.count("add"),
            "update_count": batch.count("update"),
        },
    )
