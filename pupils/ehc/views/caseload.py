"""The local authority's EHC caseload: open assessments, annual reviews due, and SEN2 timeliness."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from pupils.ehc.deadlines import DeadlineRow
from pupils.ehc.forms import CaseloadFilter
from pupils.ehc.selectors import (
    CASELOAD_CSV_HEADER,
    REVIEW_DUE_SOON_WEEKS,
    CaseloadAssessment,
    ReviewDue,
    caseload_csv_row,
    caseload_rows,
    reviews_due_counted,
    reviews_due_rows,
    timeliness_by_year,
)
from pupils.ehc.selectors import caseload as caseload_queryset
from pupils.ehc.views.assessments import local_today
from sendhub.access import reach, visible_page
from sendhub.exports import audited_chunks, csv_download
from sendhub.http import pk_url
from sendhub.models import Role
from sendhub.tables import html


def _require_caseload_role(user: Any) -> None:
    r = reach(user)
    if not (r.has(Role.LA_OFFICER) or r.is_admin):
        raise PermissionDenied


def _caseload_filters(request: HttpRequest, today) -> CaseloadFilter:
    return CaseloadFilter(request.GET, queryset=caseload_queryset(), user=request.user, today=today)


def _day_month_year(day: date) -> str:
    """`day` as the `date:"j F Y"` filter writes it ("4 March 2026"), without a formatter per cell."""
    return f"{day.day} {MONTHS[day.month]} {day.year:04d}"


@dataclass(frozen=True)
class _ShownRow:
    """A caseload row as the page shows it: its link and dates made once here, not by template tags per row."""

    assessment: Any
    next: DeadlineRow | None
    overdue: int
    url: str
    received: str
    due: str

    @property
    def html(self) -> SafeString:
        """The row's <tr>, as the caseload template wrote it per cell (the same markup and spacing),
        written here in one string instead of two dozen template nodes per row."""
        a, e = self.assessment, html
        if self.next:
            deadline = (
                f'\n              {e(self.next.what)}, <span class="app-nowrap">{e(self.due)}</span>'
                f'\n              <br><strong class="govuk-tag {e(self.next.tag_class)}">{e(self.next.tag)}</strong>'
                f'\n              <span class="govuk-body-s">{e(self.next.summary)}</span>\n            '
            )
        else:
            deadline = "\n              No statutory deadline open\n            "
        overdue = (
            '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
            f"{self.overdue} deadline{pluralize(self.overdue)} overdue</p>"
            if self.overdue
            else ""
        )
        officer = e(a.case_officer.full_name) if a.case_officer_id else "Not named"
        return mark_safe(  # noqa: S308 - every value escaped above
            '\n        <tr class="govuk-table__row">'
            '\n          <th scope="row" class="govuk-table__header">'
            f'\n            <a class="govuk-link" href="{e(self.url)}">{e(a.pupil.name)}'
            '<span class="govuk-visually-hidden">: view the assessment</span></a>'
            '\n            <span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
            f'govuk-!-font-weight-regular govuk-!-margin-bottom-0">{e(a.pupil.school.name)}</span>'
            "\n          </th>"
            f'\n          <td class="govuk-table__cell"><span class="app-nowrap">{e(self.received)}</span></td>'
            f'\n          <td class="govuk-table__cell">{e(a.status)}</td>'
            f'\n          <td class="govuk-table__cell">{officer}</td>'
            f'\n          <td class="govuk-table__cell">\n            {deadline}\n            {overdue}'
            "\n          </td>\n        </tr>\n        "
        )


def _shown_rows(rows: list[CaseloadAssessment]) -> list[_ShownRow]:
    link = pk_url("pupils:ehc_assessment")
    return [
        _ShownRow(
            row.assessment,
            row.next,
            row.overdue,
            link(row.assessment.pk),
            _day_month_year(row.assessment.request_received_on),
            f"{WEEKDAYS[row.next.due.weekday()]} {_day_month_year(row.next.due)}" if row.next and row.next.due else "",
        )
        for row in rows
    ]


@dataclass(frozen=True)
class _ShownReview:
    """A row of the annual reviews due, its markup written once here (the same text the template
    wrote with a `{% url %}` and four date filters per row)."""

    row: ReviewDue
    url: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    @property
    def html(self) -> SafeString:
        plan, due, e = self.row.plan, self.row.due, html
        names = ""
        if plan.named_hub_id:
            names = f"; names {e(plan.named_hub.name)}"
        elif plan.named_school_id and plan.named_school_id != plan.pupil.school_id:
            names = f"; names {e(plan.named_school.name)}"
        if plan.last_review_on:
            counted = f"Review on {_day_month_year(plan.last_review_on)}"
        else:
            counted = f"Plan made {_day_month_year(plan.issued_on)}"
        if self.row.overdue:
            tag = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
        else:
            tag = '<strong class="govuk-tag govuk-tag--blue">Due soon</strong>'
        meeting = (
            '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
            f"Meeting arranged for {_day_month_year(plan.next_meeting_on)}</p>"
            if plan.next_meeting_on
            else ""
        )
        return mark_safe(  # noqa: S308 - every value escaped above
            '\n    <tr class="govuk-table__row">\n      <th scope="row" class="govuk-table__header">'
            f'\n        <a class="govuk-link" href="{e(self.url)}">{e(plan.pupil.name)}'
            '<span class="govuk-visually-hidden">: view the plan</span></a>'
            '\n        <span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
            f'govuk-!-font-weight-regular govuk-!-margin-bottom-0">{e(plan.pupil.school.name)}{names}</span>'
            "\n      </th>"
            f'\n      <td class="govuk-table__cell">{counted}</td>'
            f'\n      <td class="govuk-table__cell"><span class="app-nowrap">{WEEKDAYS[due.weekday()]}</span> '
            f'<span class="app-nowrap">{_day_month_year(due)}</span></td>'
            f'\n      <td class="govuk-table__cell">\n        {tag}'
            '\n        <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
            f"{e(self.row.status.summary)}</p>\n        {meeting}\n      </td>\n    </tr>\n    "
        )


def _shown_reviews(rows: list[ReviewDue]) -> list[_ShownReview]:
    link = pk_url("pupils:ehc_plan")
    return [_ShownReview(row, link(row.plan.pk)) for row in rows]


@require_GET
@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    today = local_today()
    filters = _caseload_filters(request, today)
    page = visible_page(request, filters.filtered)
    return render(
        request,
        "pupils/ehc/caseload.html",
        {
            "page": page,
            "filters": filters,
            "rows": _shown_rows(caseload_rows(page.object_list, today)),
            "section": "assessments",
            "csv_query": urlencode(filters.sort_link_data() + [("sort", filters.current_sort)]),
        },
    )


@require_GET
@login_required
def caseload_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The open assessments the filters select, as a spreadsheet: every row written to the audit
    trail as an export of the child's record while it is sent."""
    _require_caseload_role(request.user)
    today = local_today()
    filters = _caseload_filters(request, today)
    assessments = filters.filtered.visible_to(request.user)

    chunks = audited_chunks(request.user, assessments.iterator(chunk_size=500), size=500)

    def rows() -> Iterator[list[Any]]:
        yield CASELOAD_CSV_HEADER
        for chunk in chunks:
            for row in caseload_rows(chunk, today):
                yield caseload_csv_row(row)

    return csv_download(rows(), filename=f"ehc-caseload-{today.isoformat()}.csv")


class _CountedPaginator(Paginator):
    """A paginator told its list's exact count (counted with what the list needs to know), not counting again."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


@require_GET
@login_required
def reviews_due(request: HttpRequest) -> HttpResponse:
    _require_caseload_role(request.user)
    today = local_today()
    plans, count = reviews_due_counted(today, request.user)
    page = visible_page(request, plans, paginator_class=partial(_CountedPaginator, count=count))
    return render(
        request,
        "pupils/ehc/reviews_due.html",
        {
            "page": page,
            "rows": _shown_reviews(reviews_due_rows(page.object_list, today)),
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
