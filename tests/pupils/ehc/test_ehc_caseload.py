"""The LA's EHC caseload: constant queries per page, reviews due, and the SEN2 timeliness measure."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.selectors import timeliness_by_year
from pupils.models import EHCAssessment
from pupils.statutory import issued_within_20_weeks
from sendhub.dates import add_weeks
from tests.pupils.ehc.helpers import (
    assessing,
    decided_review,
    pupil_at,
    request,
    weeks_ago,
    with_plan,
)


def _count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def _open_cases(personas, how_many: int) -> None:
    for n in range(how_many):
        case = n % 3
        if case == 0:
            request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(1 + n % 7))
        elif case == 1:
            assessing(personas.la_officer, pupil_at(personas.school_b), weeks_ago(8 + n % 5))
        else:
            a = assessing(personas.la_officer, pupil_at(personas.school_a), weeks_ago(12))
            services.exception_add(
                actor=personas.la_officer,
                assessment=a,
                kind="personal",
                starts_on=weeks_ago(9),
                ends_on=None,
                reason="Illness in the family",
            )


def test_the_open_assessments_page_takes_the_same_queries_for_3_or_30_cases(
    personas, client_for, frozen, django_assert_max_num_queries
):
    client = client_for(personas.la_officer)
    _open_cases(personas, 3)
    few = _count_queries(client, reverse("pupils:ehc_caseload"))
    _open_cases(personas, 27)
    with django_assert_max_num_queries(few):
        html = client.get(reverse("pupils:ehc_caseload")).content.decode()
    assert "30 open assessments" in html and 'aria-label="Page 2"' in html


def test_the_reviews_due_page_takes_the_same_queries_for_2_or_20_plans(
    personas, client_for, frozen, django_assert_max_num_queries
):
    client = client_for(personas.la_officer)

    def plans(how_many: int) -> None:
        for n in range(how_many):
            plan = with_plan(
                personas.la_officer,
                pupil_at(personas.school_a),
                weeks_ago(100 + n % 4),
                final_weeks=20,
                school=personas.school_a,
            )
            if n % 2:
                decided_review(personas.la_officer, plan, weeks_ago(50 + n % 3))

    plans(2)
    few = _count_queries(client, reverse("pupils:ehc_reviews_due"))
    plans(18)
    with django_assert_max_num_queries(few):
        client.get(reverse("pupils:ehc_reviews_due"))


def test_reviews_due_lists_overdue_and_due_within_8_weeks_but_not_later_or_arranged_later(personas, client_for, frozen):
    officer = personas.la_officer
    overdue = with_plan(
        officer,
        pupil_at(personas.school_a, legal_first_name="Overdue"),
        weeks_ago(80),
        final_weeks=20,
        school=personas.school_a,
    )  # made 60 weeks ago
    soon = with_plan(
        officer,
        pupil_at(personas.school_a, legal_first_name="Soonish"),
        weeks_ago(66),
        final_weeks=20,
        school=personas.school_a,
    )  # made 46 weeks ago: due in 6 weeks
    later = with_plan(
        officer,
        pupil_at(personas.school_a, legal_first_name="Later"),
        weeks_ago(60),
        final_weeks=20,
        school=personas.school_a,
    )  # made 40 weeks ago: due in 12 weeks
    reviewed = with_plan(
        officer,
        pupil_at(personas.school_a, legal_first_name="Reviewed"),
        weeks_ago(90),
        final_weeks=20,
        school=personas.school_a,
    )
    decided_review(officer, reviewed, weeks_ago(20))  # due again in 32 weeks
    html = client_for(officer).get(reverse("pupils:ehc_reviews_due")).content.decode()
    assert "Overdue" in html and "Soonish" in html
    assert "Later" not in html and "Reviewed" not in html
    assert html.index(overdue.pupil.name) < html.index(soon.pupil.name)
    assert later and "Overdue by 55 days" in html and "Due in 43 days" in html


@pytest.fixture
def plans_in_two_years(personas, frozen):
    """2025: five new plans, three within 20 weeks; two with exceptions. 2026: one late plan."""
    officer, school = personas.la_officer, personas.school_a

    def plan(received: date, weeks: int, exception: bool = False):
        p = with_plan(officer, pupil_at(school), received, final_weeks=weeks, school=school)
        if exception:
            services.exception_add(
                actor=officer,
                assessment=p.assessment,
                kind="personal",
                starts_on=add_weeks(received, 6),
                ends_on=None,
                reason="Hospital stay",
            )
        return p

    plan(date(2025, 1, 6), 19)  # in time
    plan(date(2025, 2, 3), 20)  # day 140: still in time
    plan(date(2025, 3, 3), 21)  # late
    plan(date(2025, 4, 7), 24, exception=True)  # late, with an exception
    plan(date(2025, 5, 5), 19, exception=True)  # in time, with an exception
    plan(date(2025, 8, 4), 25)  # issued 26 January 2026, late
    # Another authority's plan: not the officer's to count.
    other_officer = personas.outsider
    with_plan(
        other_officer, pupil_at(personas.other_school), date(2025, 1, 6), final_weeks=10, school=personas.other_school
    )


def test_timeliness_counts_new_plans_within_20_weeks_including_and_excluding_exceptions(personas, plans_in_two_years):
    years = {row.year: row for row in timeliness_by_year(personas.la_officer)}
    assert set(years) == {2025, 2026}
    y2025 = years[2025]
    assert (y2025.plans, y2025.in_time, y2025.plans_without_exception, y2025.in_time_without_exception) == (5, 3, 3, 2)
    assert y2025.percent_including_exceptions == "60.0%" and y2025.percent_excluding_exceptions == "66.7%"
    y2026 = years[2026]
    assert (y2026.plans, y2026.in_time) == (1, 0) and y2026.percent_excluding_exceptions == "0.0%"


def test_timeliness_agrees_with_the_pure_rule_for_every_plan(personas, plans_in_two_years):
    expected = sum(
        issued_within_20_weeks(a.request_received_on, a.final_issued_on)
        for a in EHCAssessment.objects.visible_to(personas.la_officer).filter(final_issued_on__isnull=False)
    )
    assert sum(row.in_time for row in timeliness_by_year(personas.la_officer)) == expected == 3


def test_timeliness_is_scoped_to_what_the_user_may_see(personas, plans_in_two_years):
    outsider = {row.year: row for row in timeliness_by_year(personas.outsider)}
    assert list(outsider) == [2025] and outsider[2025].plans == 1 and outsider[2025].in_time == 1
    assert timeliness_by_year(personas.coordinator) == []


def test_the_timeliness_page_shows_both_figures(personas, client_for, plans_in_two_years):
    html = client_for(personas.la_officer).get(reverse("pupils:ehc_timeliness")).content.decode()
    assert "60.0%" in html and "66.7%" in html and "(3 of 5)" in html and "(2 of 3)" in html
    assert html.index("2026") < html.index("2025")


# The annual reviews due template's row, as it was written per cell before the view wrote it in one string.
_REVIEW_ROW_TEMPLATE = (
    '{% with plan=row.plan %}\n    <tr class="govuk-table__row">\n      <th scope="row" class="govuk-table__header">'
    '\n        <a class="govuk-link" href="{% url \'pupils:ehc_plan\' plan.pk %}">{{ plan.pupil.name }}'
    '<span class="govuk-visually-hidden">: view the plan</span></a>\n        <span class="govuk-hint '
    'govuk-!-display-block govuk-!-font-size-16 govuk-!-font-weight-regular govuk-!-margin-bottom-0">'
    "{{ plan.pupil.school.name }}{% if plan.named_hub %}; names {{ plan.named_hub.name }}{% elif plan.named_school "
    "and plan.named_school != plan.pupil.school %}; names {{ plan.named_school.name }}{% endif %}</span>\n      </th>"
    '\n      <td class="govuk-table__cell">{% if plan.last_review_on %}Review on {{ plan.last_review_on|date:"j F Y" }}'
    '{% else %}Plan made {{ plan.issued_on|date:"j F Y" }}{% endif %}</td>\n      <td class="govuk-table__cell">'
    '<span class="app-nowrap">{{ row.due|date:"l" }}</span> <span class="app-nowrap">{{ row.due|date:"j F Y" }}'
    '</span></td>\n      <td class="govuk-table__cell">\n        {% if row.overdue %}<strong class="govuk-tag '
    'govuk-tag--red">Overdue</strong>{% else %}<strong class="govuk-tag govuk-tag--blue">Due soon</strong>{% endif %}'
    '\n        <p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{{ row.status.summary }}</p>'
    '\n        {% if plan.next_meeting_on %}<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
    'Meeting arranged for {{ plan.next_meeting_on|date:"j F Y" }}</p>{% endif %}\n      </td>\n    </tr>\n    '
    "{% endwith %}"
)


def test_each_review_due_row_is_the_markup_the_template_wrote_per_cell(personas, frozen, hub):
    from datetime import timedelta

    from django.template import Context, Template

    from pupils.ehc.selectors import plans_with_reviews_due, reviews_due_rows
    from pupils.ehc.views.caseload import _shown_reviews
    from pupils.models import EHCPlan
    from tests.pupils.ehc.helpers import TODAY

    officer = personas.la_officer
    plans = [
        with_plan(officer, pupil_at(personas.school_a, legal_last_name="O'Hara & <Co>"), weeks_ago(90), school=s)
        for s in (personas.school_a, personas.school_b, personas.school_a, personas.school_a)
    ]
    decided_review(officer, plans[2], weeks_ago(50))
    services.review_add(actor=officer, plan=plans[3], meeting_on=TODAY + timedelta(days=3))
    EHCPlan.objects.filter(pk=plans[0].pk).update(named_school=None, named_hub=hub)
    rows = _shown_reviews(reviews_due_rows(list(plans_with_reviews_due(TODAY).visible_to(officer)), TODAY))
    assert len(rows) == 4 and any(row.plan.named_hub_id for row in rows)
    assert any(row.plan.next_meeting_on for row in rows) and any(row.plan.last_review_on for row in rows)
    template = Template(_REVIEW_ROW_TEMPLATE)
    for row in rows:
        assert row.html == template.render(Context({"row": row}))


def test_a_page_of_reviews_due_by_the_kept_date_reads_its_names_with_it_and_writes_the_same_rows(personas, frozen, hub):
    """No plan due has a meeting arranged: the page's list is the index range on next_review_due, read
    with its pupils, schools and named settings (reviews_due_counted), one query and no fetch after."""
    from django.template import Context, Template

    from pupils.ehc.selectors import plans_with_reviews_due, reviews_due_counted, reviews_due_rows
    from pupils.ehc.views.caseload import _shown_reviews
    from pupils.models import EHCPlan
    from tests.pupils.ehc.helpers import TODAY

    officer = personas.la_officer
    plans = [
        with_plan(officer, pupil_at(personas.school_a, legal_last_name="O'Hara & <Co>"), weeks_ago(90), school=s)
        for s in (personas.school_a, personas.school_b, personas.school_a)
    ]
    decided_review(officer, plans[2], weeks_ago(50))
    EHCPlan.objects.filter(pk=plans[0].pk).update(named_school=None, named_hub=hub)
    listed, count = reviews_due_counted(TODAY, officer)
    with CaptureQueriesContext(connection) as queries:
        rows = _shown_reviews(reviews_due_rows(list(listed.visible_to(officer)), TODAY))
        html = [row.html for row in rows]
    assert len(queries) == 1 and count == len(rows) == 3
    assert any(row.plan.named_hub_id for row in rows) and any(row.plan.last_review_on for row in rows)
    assert any(row.plan.named_school_id not in (None, row.plan.pupil.school_id) for row in rows)
    before = _shown_reviews(reviews_due_rows(list(plans_with_reviews_due(TODAY).visible_to(officer)), TODAY))
    template = Template(_REVIEW_ROW_TEMPLATE)
    assert html == [row.html for row in before] == [template.render(Context({"row": row})) for row in before]
