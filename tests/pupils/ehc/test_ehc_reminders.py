"""EHC reminders: the LA officers and the SENCo hear of deadlines once, without the pupil's name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from pupils.ehc import services
from pupils.ehc.reminders import ehc_reminders_send
from pupils.tasks import ehc_reminders
from sendhub.dates import add_years_clamped
from sendhub.models import OutboundEmail, Role
from tests.factories import member
from tests.pupils.ehc.helpers import (
    TODAY,
    assessing,
    pupil_at,
    request,
    weeks_ago,
    with_plan,
)


@pytest.fixture
def pupil(personas):
    return pupil_at(personas.school_a, legal_first_name="Zenobia", legal_last_name="Quillfeather")


def _recipients() -> list[str]:
    return sorted(address for email in OutboundEmail.objects.all() for address in email.to)


def test_a_decision_due_in_7_days_reminds_the_la_officer_and_the_senco_once(personas, pupil, frozen, settings):
    settings.SITE_URL = "https://sendhub.example"
    a = request(personas.la_officer, pupil, weeks_ago(5))  # decision due in 7 days
    assert ehc_reminders_send(today=TODAY) == 2
    assert _recipients() == sorted([personas.la_officer.email, personas.senco_a.email])
    email = OutboundEmail.objects.first()
    assert "a pupil at School A" in email.body and "Decide whether to assess" in email.body
    assert "Zenobia" not in email.body + email.subject and "Quillfeather" not in email.body + email.subject
    assert pupil.upn not in email.body
    assert f"https://sendhub.example/pupils/ehc/assessments/{a.pk}/" in email.body
    assert "Monday 9 March 2026 (Due in 7 days)" in email.body
    # The scheduler runs again, or twice: nothing more is promised.
    assert ehc_reminders_send(today=TODAY) == 0
    assert OutboundEmail.objects.count() == 2


def test_deadlines_further_than_7_days_away_or_already_met_send_nothing(personas, pupil, frozen):
    request(personas.la_officer, pupil, weeks_ago(4))  # decision due in 14 days
    assessing(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5, days=6), decided_weeks=5)
    assert ehc_reminders_send(today=TODAY) == 0


def test_people_of_other_schools_and_authorities_are_not_reminded(personas, pupil, frozen):
    request(personas.la_officer, pupil, weeks_ago(5))
    ehc_reminders_send(today=TODAY)
    recipients = _recipients()
    for who in ("senco_b", "outsider", "trust_lead", "coordinator", "parent"):
        assert getattr(personas, who).email not in recipients


def test_an_officer_who_left_is_not_reminded(personas, pupil, frozen):
    leaver = member(Role.LA_OFFICER, local_authority=personas.la)
    leaver.memberships.update(ended_on=TODAY - timedelta(days=1))
    request(personas.la_officer, pupil, weeks_ago(5))
    ehc_reminders_send(today=TODAY)
    assert leaver.email not in _recipients()


def test_an_annual_review_due_within_8_weeks_is_reminded_once_unless_a_meeting_is_arranged(personas, frozen):
    issued = add_years_clamped(TODAY, -1) + timedelta(weeks=6)  # review due in 6 weeks
    plan = with_plan(
        personas.la_officer,
        pupil_at(personas.school_a),
        issued - timedelta(weeks=19),
        final_weeks=19,
        school=personas.school_a,
    )
    assert ehc_reminders_send(today=TODAY) == 2
    email = OutboundEmail.objects.first()
    assert "annual review" in email.subject and "(Due in 42 days)" in email.body
    assert f"/pupils/ehc/plans/{plan.pk}/" in email.body
    OutboundEmail.objects.all().delete()
    services.review_add(actor=personas.la_officer, plan=plan, meeting_on=TODAY + timedelta(weeks=3))
    assert ehc_reminders_send(today=TODAY) == 0


def test_the_daily_task_sends_each_reminder_once_even_when_run_twice(
    personas, pupil, frozen, django_capture_on_commit_callbacks
):
    request(personas.la_officer, pupil, weeks_ago(5))
    with django_capture_on_commit_callbacks(execute=True):
        ehc_reminders.delay()
    with django_capture_on_commit_callbacks(execute=True):
        ehc_reminders.delay()
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [personas.la_officer.email, personas.senco_a.email]
    )
    assert all(email.status == OutboundEmail.Status.SENT for email in OutboundEmail.objects.all())


def test_the_beat_schedule_runs_the_reminders_daily_in_london_time():
    from sendhub.celery import app

    entry = app.conf.beat_schedule["ehc-reminders"]
    assert entry["task"] == "pupils.tasks.ehc_reminders"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert app.conf.timezone == "Europe/London"
