"""EHC reminders: the case's owner hears of each deadline once, without the pupil's name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from pupils.ehc import services
from pupils.ehc.reminders import ehc_reminders_send
from pupils.models import AnnualReview, EHCAssessment, EHCPlan
from pupils.tasks import ehc_reminders
from sendhub.dates import add_years_clamped
from sendhub.models import Notification, NotificationPreference, OutboundEmail, Role
from tests.factories import member
from tests.pupils.ehc.helpers import TODAY, assessing, pupil_at, request, weeks_ago, with_plan


@pytest.fixture
def pupil(personas):
    return pupil_at(personas.school_a, legal_first_name="Zenobia", legal_last_name="Quillfeather")


@pytest.fixture
def at_once(personas):
    """The LA officer chose email at once for EHC work (the default is the daily digest)."""
    for kind in ("ehc_deadline", "ehc_review"):
        NotificationPreference.objects.create(user=personas.la_officer, kind=kind, channel="now")


def _notified() -> list[tuple[str, str, str]]:
    return sorted((n.user.email, n.event.split(":")[0], n.due_on.isoformat()) for n in Notification.objects.all())


def test_a_decision_due_in_7_days_reminds_the_authoritys_officers_once_when_no_officer_is_named(
    personas, pupil, frozen, settings, at_once, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://sendhub.example"
    a = request(personas.la_officer, pupil, weeks_ago(5))  # decision due in 7 days
    with django_capture_on_commit_callbacks(execute=True):
        assert ehc_reminders_send(today=TODAY) == 1
    assert _notified() == [(personas.la_officer.email, "ehc-decide", "2026-03-09")]
    [email] = mail.outbox
    assert email.to == [personas.la_officer.email]
    assert "a pupil at School A" in email.body and "Decide whether to assess" in email.body
    assert "Zenobia" not in email.body + email.subject and "Quillfeather" not in email.body + email.subject
    assert pupil.upn not in email.body
    assert f"https://sendhub.example/pupils/ehc/assessments/{a.pk}/" in email.body
    assert "Due by: Monday 9 March 2026" in email.body
    # The scheduler runs again, or twice: nothing more is written or sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert ehc_reminders_send(today=TODAY) == 0
    assert len(mail.outbox) == 1 and OutboundEmail.objects.count() == 1


def test_a_named_case_officer_is_the_only_one_reminded(personas, pupil, frozen):
    colleague = member(Role.LA_OFFICER, local_authority=personas.la)
    a = request(personas.la_officer, pupil, weeks_ago(5))
    EHCAssessment.objects.filter(pk=a.pk).update(case_officer=colleague)
    assert ehc_reminders_send(today=TODAY) == 1
    assert _notified() == [(colleague.email, "ehc-decide", "2026-03-09")]


def test_deadlines_further_than_7_days_away_or_already_met_send_nothing(personas, pupil, frozen):
    request(personas.la_officer, pupil, weeks_ago(4))  # decision due in 14 days
    assessing(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5, days=6), decided_weeks=5)
    assert ehc_reminders_send(today=TODAY) == 0


def test_people_of_other_schools_and_authorities_and_officers_who_left_are_not_reminded(personas, pupil, frozen):
    leaver = member(Role.LA_OFFICER, local_authority=personas.la)
    leaver.memberships.update(ended_on=TODAY - timedelta(days=1))
    request(personas.la_officer, pupil, weeks_ago(5))
    ehc_reminders_send(today=TODAY)
    people = {email for email, _, _ in _notified()}
    assert people == {personas.la_officer.email}


def test_an_annual_review_is_reminded_8_and_2_weeks_before_and_when_overdue_unless_a_meeting_is_arranged(
    personas, frozen
):
    issued = add_years_clamped(TODAY, -1) + timedelta(weeks=6)  # review due in 6 weeks
    plan = with_plan(
        personas.la_officer, pupil_at(personas.school_a), issued - timedelta(weeks=19), school=personas.school_a
    )
    due = add_years_clamped(issued, 1).isoformat()
    assert ehc_reminders_send(today=TODAY) == 1
    assert _notified() == [(personas.la_officer.email, "ehc-review-8w", due)]
    notice = Notification.objects.get()
    assert notice.url == f"/pupils/ehc/plans/{plan.pk}/" and "annual review is due" in notice.message
    assert ehc_reminders_send(today=TODAY + timedelta(weeks=4, days=1)) == 1  # 2 weeks before
    assert ehc_reminders_send(today=TODAY + timedelta(weeks=6, days=1)) == 1  # overdue
    assert [event for _, event, _ in _notified()] == ["ehc-review-2w", "ehc-review-8w", "ehc-review-overdue"]
    Notification.objects.all().delete()
    services.review_add(actor=personas.la_officer, plan=plan, meeting_on=TODAY + timedelta(weeks=3))
    assert ehc_reminders_send(today=TODAY) == 0


def test_after_a_review_meeting_the_report_decision_and_amended_plan_are_chased(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(60), school=personas.school_a)
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=TODAY - timedelta(days=8))
    assert ehc_reminders_send(today=TODAY) == 1  # the report, due in 6 days
    assert [event for _, event, _ in _notified()] == ["ehc-report"]
    AnnualReview.objects.filter(pk=review.pk).update(
        report_sent_on=TODAY,
        decision=AnnualReview.Decision.AMEND,
        decision_on=TODAY,
        amendment_notice_on=TODAY - timedelta(weeks=7),
    )
    ehc_reminders_send(today=TODAY)
    assert [event for _, event, _ in _notified()] == ["ehc-amend-notice", "ehc-report"]
    ehc_reminders_send(today=TODAY + timedelta(weeks=10, days=3))
    assert "ehc-amend-meeting" in [event for _, event, _ in _notified()]


def test_a_phase_transfer_is_chased_before_15_february(personas, frozen):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(30), school=personas.school_a)
    EHCPlan.objects.filter(pk=plan.pk).update(transfer_year=2027)
    assert ehc_reminders_send(today=TODAY) == 0
    day = TODAY.replace(year=2026, month=12, day=21)
    ehc_reminders_send(today=day)
    assert ("ehc-phase-transfer", "2027-02-15") in [(event, due) for _, event, due in _notified()]


def test_by_default_reminders_wait_for_the_daily_digest(personas, pupil, frozen, django_capture_on_commit_callbacks):
    request(personas.la_officer, pupil, weeks_ago(5))
    with django_capture_on_commit_callbacks(execute=True):
        ehc_reminders.delay()
        ehc_reminders.delay()
    assert mail.outbox == []
    assert Notification.objects.get().email == Notification.Email.DIGEST


def test_the_beat_schedule_runs_the_reminders_daily_in_london_time():
    from sendhub.celery import app

    entry = app.conf.beat_schedule["ehc-reminders"]
    assert entry["task"] == "pupils.tasks.ehc_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert app.conf.timezone == "Europe/London"


def test_the_officer_names_a_case_officer_on_the_plan_page_from_their_authority_only(personas, frozen, client_for):
    plan = with_plan(personas.la_officer, pupil_at(personas.school_a), weeks_ago(30), school=personas.school_a)
    colleague = member(Role.LA_OFFICER, local_authority=personas.la)
    client = client_for(personas.la_officer)
    url = f"/pupils/ehc/plans/{plan.pk}/case-officer/"
    page = client.get(url).content.decode()
    assert colleague.email in page or colleague.full_name in page
    assert personas.outsider.email not in page
    assert client.post(url, {"case_officer": colleague.pk}).status_code == 302
    plan.refresh_from_db()
    assert plan.case_officer == colleague
    assert client.post(url, {"case_officer": personas.outsider.pk}).status_code == 200  # not a choice
    assert client.post(url, {"case_officer": ""}).status_code == 302
    plan.refresh_from_db()
    assert plan.case_officer is None


def test_the_sweep_sends_the_same_number_of_statements_for_one_case_or_many(personas, frozen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def statements() -> int:
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            ehc_reminders_send(today=TODAY)
        return len(captured.captured_queries)

    request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5))
    few = statements()
    for n in range(6):
        request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5, days=n % 2))
        issued = add_years_clamped(TODAY, -1) + timedelta(weeks=n)
        with_plan(
            personas.la_officer, pupil_at(personas.school_a), issued - timedelta(weeks=19), school=personas.school_a
        )
    assert Notification.objects.count() == 1
    many = statements()
    assert Notification.objects.count() > 6
    assert many == few


def test_an_officer_sees_their_ehc_deadlines_this_week_and_overdue_on_the_home_page(personas, frozen, client_for):
    request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5, days=3))  # decision in 4 days
    request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(7))  # decision overdue
    issued = add_years_clamped(TODAY, -1) - timedelta(weeks=2)  # review overdue by 2 weeks
    with_plan(personas.la_officer, pupil_at(personas.school_a), issued - timedelta(weeks=19), school=personas.school_a)
    page = client_for(personas.la_officer).get("/").content.decode()
    assert "EHC annual reviews overdue: 1" in page
    assert "EHC assessment deadlines overdue: 1" in page
    assert "EHC assessment deadlines this week: 1" in page
