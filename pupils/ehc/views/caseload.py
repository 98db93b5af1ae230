"""The local authority's EHC caseload: open assessments, annual reviews due, and SEN2 timeliness."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pupils.ehc.selectors import (
    REVIEW_DUE_SOON_WEEKS,
    caseload_rows,
    open_assessments,
    plans_with_reviews_due,
    reviews_due_rows,
    timeliness_by_year,
)
from pupils.ehc.views.assessments import local_today
from sendhub.access import reach, visible_page
from sendhub.models import Role


def _require_caseload_role(user: Any) -> None:
    r = reach(user)
    if not (r.has(Role.LA_OFFICER) or r.is_admin):
        raise PermissionDenied


@require_GET
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    page = visible_page(request, open_assessments())
    return render(
        request,
        "pupils/ehc/caseload.html",
        {
            "page": page,
            "rows": caseload_rows(page.object_list, local_today()),
            "section": "assessments",
        },
    )


@require_GET
@login_required
def reviews_due(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    today = local_today()
    page = visible_page(request, plans_with_reviews_due(today))
    return render(
        request,
        "pupils/ehc/reviews_due.html",
        {
            "page": page,
            "rows": reviews_due_rows(page.object_list, today),
            "section": "reviews",
            "weeks": REVIEW_DUE_SOON_WEEKS,
        },
    )


@require_GET
@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    return render(
        request,
        "pupils/ehc/timeliness.html",
        {
            "years": timeliness_by_year(request.user),
            "section": "timeliness",
        },
    )
