"""Issue 19: the pupil page reads a pupil's EHC records once, whatever their history.

The timeline and the EHC summary share one read of the assessments, plans, exceptions and
reviews (pupil_ehc_records): the page takes the same queries for a plan made last term as for
one with years of reviews, an earlier ceased plan and an exception; and the summary read on its
own, or a second time, reads afresh.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.selectors import ehc_summary, pupil_ehc_records
from pupils.models import AnnualReview, EHCPlan
from pupils.records.timeline import timeline_for
from tests.pupils.ehc.helpers import TODAY, decided_review, pupil_at, request, weeks_ago, with_draft, with_plan


def _page_queries(client, pupil) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("pupils:detail", kwargs={"pk": pupil.pk})).status_code == 200
    return len(queries)


def test_the_pupil_page_takes_the_same_queries_for_a_short_or_a_long_ehc_history(
    personas, client_for, frozen, django_assert_max_num_queries
):
    officer, school = personas.la_officer, personas.school_a
    client = client_for(officer)
    short = pupil_at(school)
    with_plan(officer, short, weeks_ago(40), school=school)
    few = _page_queries(client, short)

    long = pupil_at(school)
    first = with_plan(officer, long, weeks_ago(400), school=school)
    for years in (6, 5, 4):
        decided_review(officer, first, weeks_ago(52 * years))
    decided_review(officer, first, weeks_ago(150), decision=AnnualReview.Decision.CEASE)
    EHCPlan.objects.filter(pk=first.pk).update(ceased_on=weeks_ago(140))
    second = with_plan(officer, long, weeks_ago(120), school=school)
    services.exception_add(
        actor=officer,
        assessment=second.assessment,
        kind="personal",
        starts_on=weeks_ago(115),
        ends_on=None,
        reason="Hospital stay",
    )
    for weeks in (50, 2):
        decided_review(officer, second, weeks_ago(weeks))
    services.review_add(actor=officer, plan=second, meeting_on=TODAY + timedelta(weeks=40))
    with django_assert_max_num_queries(few):
        html = client.get(reverse("pupils:detail", kwargs={"pk": long.pk})).content.decode()
    assert "EHC plan ceased" in html and "Annual review meeting" in html and "Next annual review" in html


def test_the_summary_after_the_timeline_reads_nothing_more_and_later_ones_read_afresh(
    personas, frozen, django_assert_num_queries
):
    officer, school = personas.la_officer, personas.school_a
    pupil = pupil_at(school)
    with_plan(officer, pupil, weeks_ago(40), school=school)
    timeline_for(pupil, officer)
    with django_assert_num_queries(0):
        assert ehc_summary(pupil=pupil, user=officer, today=TODAY).plan is not None
    request_after = pupil_at(school)
    assert pupil_ehc_records(request_after, officer) == ([], [])
    a = request(officer, request_after, weeks_ago(1))
    assert ehc_summary(pupil=request_after, user=officer, today=TODAY).open_assessment == a
    # Kept for one user is not given to another.
    timeline_for(pupil, officer)
    assert ehc_summary(pupil=pupil, user=personas.senco_b, today=TODAY).is_empty


def test_the_open_assessment_s_exceptions_are_read_for_its_next_step_and_no_others(personas, client_for, frozen):
    """Only the open assessment's exceptions change what the page shows (its next deadline): the
    page reads them for it, one query, and none for a pupil whose assessments are all closed."""
    officer, school = personas.la_officer, personas.school_a
    client = client_for(officer)
    pupil = pupil_at(school)
    draft = with_draft(officer, pupil, weeks_ago(16))
    url = reverse("pupils:detail", kwargs={"pk": pupil.pk})
    assert "Next: issue the final plan by" in client.get(url).content.decode()
    before = _page_queries(client, pupil)
    services.exception_add(
        actor=officer, assessment=draft, kind="personal", starts_on=weeks_ago(10), ends_on=None, reason="Hospital stay"
    )
    # The 20-week limit is lifted: no longer the next deadline.
    assert "Next: issue the final plan by" not in client.get(url).content.decode()
    assert _page_queries(client, pupil) == before

    closed = pupil_at(school)
    plan = with_plan(officer, closed, weeks_ago(60), school=school)
    services.exception_add(
        actor=officer,
        assessment=plan.assessment,
        kind="personal",
        starts_on=weeks_ago(55),
        ends_on=None,
        reason="Hospital stay",
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("pupils:detail", kwargs={"pk": closed.pk}))
    assert not [q for q in queries if '"pupils_ehcexception"' in q["sql"]]
