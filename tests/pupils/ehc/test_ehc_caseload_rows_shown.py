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


# The caseload template's row, as it was written per cell before the view wrote it in one string.
_ROW_TEMPLATE = (
    '{% with a=row.assessment %}\n        <tr class="govuk-table__row">'
    '\n          <th scope="row" class="govuk-table__header">'
    '\n            <a class="govuk-link" href="{{ row.url }}">{{ a.pupil.name }}<span class="govuk-visually-hidden">'
    ': view the assessment</span></a>\n            <span class="govuk-hint govuk-!-display-block govuk-!-font-size-16 '
    'govuk-!-font-weight-regular govuk-!-margin-bottom-0">{{ a.pupil.school.name }}</span>\n          </th>'
    '\n          <td class="govuk-table__cell"><span class="app-nowrap">{{ row.received }}</span></td>'
    '\n          <td class="govuk-table__cell">{{ a.status }}</td>\n          <td class="govuk-table__cell">'
    "{% if a.case_officer_id %}{{ a.case_officer.full_name }}{% else %}Not named{% endif %}</td>"
    '\n          <td class="govuk-table__cell">\n            {% if row.next %}\n              {{ row.next.what }}, '
    '<span class="app-nowrap">{{ row.due }}</span>'
    '\n              <br><strong class="govuk-tag {{ row.next.tag_class }}">'
    '{{ row.next.tag }}</strong>\n              <span class="govuk-body-s">{{ row.next.summary }}</span>'
    "\n            {% else %}\n              No statutory deadline open\n            {% endif %}\n            "
    '{% if row.overdue %}<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{{ row.overdue }} '
    "deadline{{ row.overdue|pluralize }} overdue</p>{% endif %}\n          </td>\n        </tr>\n        {% endwith %}"
)


def test_each_row_is_the_markup_the_template_wrote_per_cell(personas, frozen):
    from dataclasses import replace

    from django.template import Context, Template

    from pupils.ehc import services

    _open_cases(personas, 6)
    odd = EHCAssessment.objects.first()
    odd.pupil.legal_last_name = "O'Brien <Smith> & Co"
    odd.pupil.save()
    services.case_officer_set(actor=personas.la_officer, case=odd, case_officer=personas.la_officer)
    today = local_today()
    rows = caseload_rows(list(EHCAssessment.objects.select_related("pupil__school", "case_officer")), today)
    shown = _shown_rows(rows)
    shown += [
        replace(shown[0], next=None, due="", overdue=0),
        replace(shown[1], overdue=1),
        replace(shown[2], overdue=3),
    ]
    template = Template(_ROW_TEMPLATE)
    assert any(row.next for row in shown) and any(not row.next for row in shown)
    for row in shown:
        assert row.html == template.render(Context({"row": row}))
