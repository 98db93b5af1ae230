"""Issue 19: the SEN2 timeliness figures kept per school and year by PostgreSQL triggers.

Whatever writes the assessments, their exceptions or the pupils' schools (the services, bulk
inserts, queryset updates, deletions), the kept counts equal a count of the assessments
themselves, and the page reads the same figures as before (PostgreSQL); on either database the
page takes the same queries however many plans there are.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.models import EHCTimelinessCount
from pupils.ehc.selectors import timeliness_by_year, timeliness_live
from pupils.models import EHCAssessment, EHCException, EHCPlan, Pupil
from sendhub.dates import add_weeks
from tests.pupils.ehc.helpers import pupil_at, with_draft, with_plan


def _recounted() -> set[tuple]:
    """Every (school, year) row as a count from scratch would make it."""
    rows = {}
    for a in EHCAssessment.objects.filter(final_issued_on__isnull=False).select_related("pupil"):
        key = (a.pupil.school_id, a.final_issued_on.year)
        plans, in_time, without, in_time_without = rows.get(key, (0, 0, 0, 0))
        on_time = a.final_issued_on <= add_weeks(a.request_received_on, 20)
        excepted = a.exceptions.exists()
        counted = on_time and not excepted
        rows[key] = (plans + 1, in_time + on_time, without + (not excepted), in_time_without + counted)
    return {(*key, *counts) for key, counts in rows.items()}


def _kept() -> set[tuple]:
    return set(
        EHCTimelinessCount.objects.values_list(
            "school_id", "year", "plans", "in_time", "plans_without_exception", "in_time_without_exception"
        )
    )


def _agree(*users) -> None:
    assert _kept() == _recounted()
    for user in users:
        assert timeliness_by_year(user) == timeliness_live(user)


def _plan(officer, school, received: date, weeks: int) -> EHCPlan:
    return with_plan(officer, pupil_at(school), received, final_weeks=weeks, school=school)


@pytest.mark.postgres
def test_the_counts_follow_every_write(personas, frozen):
    officer, outsider = personas.la_officer, personas.outsider
    a = _plan(officer, personas.school_a, date(2025, 1, 6), 19)
    b = _plan(officer, personas.school_b, date(2025, 3, 3), 21)
    late = _plan(officer, personas.school_a, date(2025, 8, 4), 25)  # issued in 2026
    _plan(outsider, personas.other_school, date(2025, 1, 6), 10)
    _agree(officer, outsider)
    assert [(y.year, y.plans, y.in_time) for y in timeliness_by_year(officer)] == [(2026, 1, 0), (2025, 2, 1)]

    # An exception recorded, then another, then both removed.
    first = services.exception_add(
        actor=officer, assessment=b.assessment, kind="personal", starts_on=date(2025, 4, 1), ends_on=None, reason="Ill"
    )
    _agree(officer)
    services.exception_add(
        actor=officer, assessment=b.assessment, kind="absent", starts_on=date(2025, 5, 1), ends_on=None, reason="Away"
    )
    _agree(officer)
    EHCException.objects.filter(pk=first.pk).update(assessment=a.assessment)  # moved to another plan
    _agree(officer)
    EHCException.objects.all().delete()
    _agree(officer)

    # The final plan issued again on another date, in another year.
    services.assessment_issue_final(
        actor=officer, assessment=a.assessment, final_issued_on=date(2026, 1, 5), named_school=personas.school_a
    )
    _agree(officer)
    assert [(y.year, y.plans) for y in timeliness_by_year(officer)] == [(2026, 2), (2025, 1)]
    assert late

    # A pupil moving school, within the authority and to another authority.
    Pupil.objects.filter(pk=a.pupil_id).update(school=personas.school_b)
    _agree(officer, outsider)
    Pupil.objects.filter(pk=a.pupil_id).update(school=personas.other_school)
    _agree(officer, outsider)
    assert sum(y.plans for y in timeliness_by_year(outsider)) == 2

    # A change that is not about timeliness changes nothing; deleting a plan's assessment removes it.
    EHCAssessment.objects.filter(pk=b.assessment_id).update(case_officer=officer)
    _agree(officer)
    EHCPlan.objects.filter(pk=b.pk).delete()
    EHCAssessment.objects.filter(pk=b.assessment_id).delete()
    _agree(officer, outsider)


@pytest.mark.postgres
def test_bulk_inserts_and_open_assessments_are_counted_as_written(personas, frozen):
    officer, school = personas.la_officer, personas.school_a
    pupils = [pupil_at(school) for _ in range(6)]
    EHCAssessment.objects.bulk_create(
        EHCAssessment(
            pupil=pupil,
            request_received_on=date(2024, 1, 1),
            requested_by=EHCAssessment.Requester.SCHOOL,
            decision=EHCAssessment.Decision.ASSESS,
            decision_on=date(2024, 2, 1),
            final_issued_on=add_weeks(date(2024, 1, 1), 18 + n) if n < 5 else None,
            created_by=officer,
        )
        for n, pupil in enumerate(pupils)
    )
    with_draft(officer, pupil_at(school), date(2025, 1, 6))  # open: not counted
    _agree(officer, personas.outsider, personas.coordinator, personas.admin)
    assert [(y.year, y.plans, y.in_time) for y in timeliness_by_year(officer)] == [(2024, 5, 3)]
    assert timeliness_by_year(personas.coordinator) == []


def _timeliness_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("pupils:ehc_timeliness")).status_code == 200
    return len(queries)


def test_the_timeliness_page_takes_the_same_queries_for_2_or_30_plans(
    personas, client_for, frozen, django_assert_max_num_queries
):
    officer = personas.la_officer
    client = client_for(officer)
    for n in range(2):
        _plan(officer, personas.school_a, date(2023 + n % 2, 1 + n % 12, 1), 18 + n % 5)
    few = _timeliness_queries(client)
    for n in range(28):
        _plan(officer, (personas.school_a, personas.school_b)[n % 2], date(2022 + n % 3, 1 + n % 12, 1), 18 + n % 5)
    with django_assert_max_num_queries(few):
        html = client.get(reverse("pupils:ehc_timeliness")).content.decode()
    assert "2022" in html and "2024" in html
