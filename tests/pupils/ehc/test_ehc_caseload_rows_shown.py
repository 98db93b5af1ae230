"""The caseload's rows make their links and dates once in the view: the same text as the template tags made."""

from __future__ import annotations

from datetime import date, timedelta

from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from pupils.ehc.selectors import caseload_rows
from pupils.ehc.views.assessments import local_today
from pupils.ehc.views.caseload import _day_month_year, _shown_rows
from pupils.models import EHCAssessment
from tests.pupils.ehc.test_ehc_caseload import _open_cases


def test_the_dates_read_as_the_date_filter_writes_them():
    for n in range(0, 3 * 366):
        day = date(2024, 1, 1) + timedelta(days=n)
        assert _day_month_year(day) == date_filter(day, "j F Y")
    assert _day_month_year(date(999, 3, 4)) == date_filter(date(999, 3, 4), "j F Y")


def test_each_row_shows_the_link_and_dates_the_template_tags_made(personas, client_for, frozen):
    _open_cases(personas, 6)
    today = local_today()
    rows = caseload_rows(
        list(EHCAssessment.objects.select_related("pupil__school").prefetch_related("exceptions")), today
    )
    shown = _shown_rows(rows)
    assert len(shown) == 6 and any(row.next for row in shown)
    for row, was in zip(shown, rows, strict=True):
        assert (row.assessment, row.next, row.overdue) == (was.assessment, was.next, was.overdue)
        assert row.url == reverse("pupils:ehc_assessment", args=[was.assessment.pk])
        assert row.received == date_filter(was.assessment.request_received_on, "j F Y")
        assert row.due == (date_filter(was.next.due, "l j F Y") if was.next else "")

    html = client_for(personas.la_officer).get(reverse("pupils:ehc_caseload")).content.decode()
    for row in shown:
        assert f'href="{row.url}">{row.assessment.pupil.name}' in html
        assert f'<span class="app-nowrap">{row.received}</span>' in html
        if row.next:
            assert f'{row.next.what}, <span class="app-nowrap">{row.due}</span>' in html
