"""The dashboards: `/dashboards/` (the entry point), one page per organisation, CSV, PDF, imports."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboards.dashboard import build
from dashboards.forms import REQUIRED_COLUMNS, DashboardFilter, StatisticalNeighboursForm, TimelinessUploadForm
from dashboards.html import options_html, table_html
from dashboards.models import CensusSnapshot, PublishedTimeliness
from dashboards.neighbours import MAX_NEIGHBOURS, NEIGHBOUR_COLUMNS, neighbours_of
from dashboards.scope import KIND_MODELS, KIND_TITLES, dashboards_for, may_open_any, scope_or_404
from dashboards.services import snapshot_take, statistical_neighbours_set, timeliness_import
from sendhub.access import reach
from sendhub.http import action, form_page, posted, posted_files
from sendhub.links import absolute_url
from sendhub.models import District, LocalAuthority, School, Trust


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Each dashboard the person's roles open; administrators choose any."""
    if not may_open_any(request.user):
        raise PermissionDenied
    r = reach(request.user)
    if r.is_admin and request.GET.get("school"):
        school = School.objects.filter(pk=request.GET["school"]).first() if request.GET["school"].isdigit() else None
        if school:
            return redirect("dashboards:show", kind="school", pk=school.pk)
    reachable = dashboards_for(request.user)
    entries = []
    for kind, ids in reachable.items():
        for org in KIND_MODELS[kind].objects.filter(pk__in=ids):
            entries.append((KIND_TITLES[kind], org.hub_name if kind == "district" else str(org), kind, org.pk))
    context = {"entries": entries, "is_admin": r.is_admin}
    if r.is_admin:
        context.update(
            las=LocalAuthority.objects.all(),
            trusts=Trust.objects.all(),
            districts=District.objects.select_related("local_authority"),
            schools=School.objects.only("pk", "name").order_by("name"),
            last_snapshot=CensusSnapshot.objects.order_by("-taken_at").values_list("taken_on", flat=True).first(),
        )
    context["may_import"] = r.is_admin or bool(r.local_authorities)
    return render(request, "dashboards/index.html", context)


def _dashboard(request: HttpRequest, kind: str, pk: int):
    scope = scope_or_404(request.user, kind, pk)
    today = timezone.localdate()
    filterset = DashboardFilter(request.GET, scope=scope, today=today)
    filters = filterset.values(today)
    return scope, filterset, build(request.user, scope, filters, today)


@login_required
@require_GET
def show(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    scope, filterset, board = _dashboard(request, kind, pk)
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    # Each table's chart, table and CSV link written in Python (dashboards/html.py, the same markup as
    # dashboards/_table.html), and each select's options, the schools and districts from the scope's lists.
    sections = [
        (
            section,
            [
                table_html(table, reverse("dashboards:csv", args=[scope.kind, scope.org.pk, table.key]) + suffix)
                for table in section.tables
            ],
        )
        for section in board.sections
    ]
    filter_fields = [(field, options_html(choices, str(field.value()))) for field, choices in filterset.field_choices()]
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "board": board,
            "sections": sections,
            "scope": scope,
            "kind_title": KIND_TITLES[kind],
            "filter_form": filterset.form,
            "filter_fields": filter_fields,
            "query": query,
        },
    )


@login_required
@require_GET
def table_csv(request: HttpRequest, kind: str, pk: int, table: str) -> HttpResponse:
    _, _, board = _dashboard(request, kind, pk)
    found = board.table(table)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{pk}-{table}.csv"'
    writer = csv.writer(response)
    writer.writerows(found.csv_rows())
    return response


@login_required
@require_GET
def pdf(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    from sendhub.pdf import render_pdf

    scope, _, board = _dashboard(request, kind, pk)
    html = render_to_string(
        "dashboards/dashboard_pdf.html",
        {"board": board, "scope": scope, "kind_title": KIND_TITLES[kind], "today": timezone.localdate()},
        request=request,
    )
    pdf = render_pdf(html, base_url=absolute_url("/", request=request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{kind}-{pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def timeliness_upload(request: HttpRequest) -> HttpResponse:
    """An LA officer or administrator imports the published LA-level timeliness file."""
    r = reach(request.user)
    if not (r.is_admin or r.local_authorities):
        raise PermissionDenied
    form = TimelinessUploadForm(posted(request), posted_files(request))

    def on_valid(data):
        timeliness_import(rows=form.rows, filename=data["file"].name)
        return reverse("dashboards:timeliness_upload")

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title="Import published EHC plan timeliness",
        template="dashboards/timeliness_upload.html",
        success="The published figures were imported",
        columns=REQUIRED_COLUMNS,
        imported=PublishedTimeliness.objects.order_by("-calendar_year")
        .values_list("calendar_year", flat=True)
        .distinct()[:10],
    )


@login_required
@require_http_methods(["GET", "POST"])
def neighbours(request: HttpRequest, pk: int) -> HttpResponse:
    """An authority's officer or an administrator records its statistical neighbours (old LA codes)."""
    scope = scope_or_404(request.user, "la", pk)
    current = neighbours_of(scope.org.code)
    form = StatisticalNeighboursForm(posted(request), la_code=scope.org.code, initial={"codes": ", ".join(current)})

    def on_valid(data):
        statistical_neighbours_set(actor=request.user, la=scope.org, codes=data["codes"])
        return reverse("dashboards:show", args=["la", scope.org.pk]) + "#section-ehc"

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Statistical neighbours of {scope.org}",
        template="dashboards/neighbours.html",
        success="The statistical neighbours were recorded",
        back_url=reverse("dashboards:show", args=["la", scope.org.pk]),
        scope=scope,
        current=current,
        max_neighbours=MAX_NEIGHBOURS,
        columns=NEIGHBOUR_COLUMNS,
    )


@login_required
@require_POST
def snapshot(request: HttpRequest) -> HttpResponse:
    """An administrator takes a census-style snapshot now (counts only)."""
    if not reach(request.user).is_admin:
        raise PermissionDenied
    today = timezone.localdate()
    return action(
        request,
        lambda: (
            snapshot_take(day=today, term=CensusSnapshot.Term.ON_DEMAND, actor=request.user),
            reverse("dashboards:index"),
        )[1],
        success="Snapshot taken: counts of pupils by SEN provision at every school, today",
        failure_url=reverse("dashboards:index"),
    )
