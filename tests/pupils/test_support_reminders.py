"""SENCos are reminded of SEN support reviews once, without the pupil being named."""

from datetime import date, timedelta

import pytest
from django.core import mail

from pupils.support.reminders import sen_support_reminders_send
from pupils.tasks import sen_support_reminders
from sendhub.models import NotificationPreference
from tests.factories import SupportCycleFactory


@pytest.fixture(autouse=True)
def at_once(personas):
    """These SENCos chose email at once (the default for SEN support is the daily digest)."""
    for senco in (personas.senco_a, personas.senco_b):
        NotificationPreference.objects.create(user=senco, kind="sen_support", channel="now")


def test_a_review_due_within_a_week_is_reminded_once_even_if_the_task_runs_twice(
    personas, pupil_a, django_capture_on_commit_callbacks
):
    today = date(2026, 11, 24)
    SupportCycleFactory(pupil=pupil_a, created_by=personas.senco_a, review_date=today + timedelta(days=5))
    SupportCycleFactory(
        pupil=pupil_a.__class__.objects.create(
            upn="G80120000101A",
            legal_first_name="Far",
            legal_last_name="Off",
            date_of_birth=date(2017, 1, 1),
            school=personas.school_a,
            year_group="3",
            sen_provision="K",
            primary_need="SLCN",
        ),
        created_by=personas.senco_a,
        review_date=today + timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sen_support_reminders_send(today=today) == 1
        assert sen_support_reminders_send(today=today) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.senco_a.email]
    assert "a pupil at School A" in mail.outbox[0].body and pupil_a.legal_first_name not in mail.outbox[0].body
    assert "Due by: Sunday 29 November 2026" in mail.outbox[0].body


def test_a_reviewed_cycle_and_another_schools_senco_get_nothing(
    personas, pupil_a, pupil_b, django_capture_on_commit_callbacks
):
    today = date(2026, 11, 24)
    SupportCycleFactory(
        pupil=pupil_a, created_by=personas.senco_a, review_date=today, reviewed_on=today, next_step="end"
    )
    SupportCycleFactory(pupil=pupil_b, created_by=personas.senco_b, review_date=today + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        sen_support_reminders_send(today=today)
    assert [m.to for m in mail.outbox] == [[personas.senco_b.email]]


def test_the_daily_task_runs_the_service(personas, pupil_a, django_capture_on_commit_callbacks):
    from django.utils import timezone

    SupportCycleFactory(pupil=pupil_a, created_by=personas.senco_a, review_date=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        sen_support_reminders.delay()
    assert len(mail.outbox) == 1
