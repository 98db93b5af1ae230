"""Celery moves the states on time, makes the summary at the close and reminds owners; each task is safe twice."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail

from consultations import tasks
from consultations.models import Consultation
from sendhub.celery import app
from sendhub.dates import LONDON
from sendhub.models import OutboundEmail
from tests.consultations.builders import make_consultation


def _state(consultation: Consultation) -> str:
    consultation.refresh_from_db()
    return consultation.state


@pytest.mark.django_db
def test_the_sweep_opens_a_scheduled_consultation_on_its_opening_day_and_running_it_twice_changes_nothing(hub):
    consultation = make_consultation(
        hub, opening=date(2026, 3, 2), closing=date(2026, 3, 29), state=Consultation.State.SCHEDULED
    )
    with time_machine.travel(datetime(2026, 3, 1, 23, 59, tzinfo=LONDON), tick=False):
        tasks.sweep()
    assert _state(consultation) == Consultation.State.SCHEDULED
    with time_machine.travel(datetime(2026, 3, 2, 0, 1, tzinfo=LONDON), tick=False):
        first = tasks.sweep()
        second = tasks.sweep()
    assert first["opened"] == 1 and second["opened"] == 0
    assert _state(consultation) == Consultation.State.OPEN


@pytest.mark.django_db
def test_the_sweep_closes_after_the_last_instant_and_makes_the_summary_once(hub):
    consultation = make_consultation(hub, opening=date(2026, 3, 2), closing=date(2026, 3, 29))
    with time_machine.travel(datetime(2026, 3, 29, 23, 59, 59, tzinfo=LONDON), tick=False):
        assert tasks.sweep()["closed"] == []
    assert _state(consultation) == Consultation.State.OPEN
    with time_machine.travel(datetime(2026, 3, 30, 0, 0, 30, tzinfo=LONDON), tick=False):
        first = tasks.sweep()
        second = tasks.sweep()
    assert first["closed"] == [consultation.pk] and first["summaries"] == [consultation.pk]
    assert second == {"opened": 0, "closed": [], "summaries": []}
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.CLOSED
    assert consultation.summary_pdf.name.endswith(".pdf") and consultation.summary_generated_at is not None
    assert consultation.closed_at == datetime(2026, 3, 30, 0, 0, 30, tzinfo=LONDON)


@pytest.mark.django_db
def test_a_draft_is_never_opened_or_closed_by_the_sweep(hub):
    draft = make_consultation(hub, opening=date(2026, 3, 2), closing=date(2026, 3, 29), state=Consultation.State.DRAFT)
    with time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=LONDON), tick=False):
        tasks.sweep()
    with time_machine.travel(datetime(2026, 4, 10, 12, 0, tzinfo=LONDON), tick=False):
        tasks.sweep()
    assert _state(draft) == Consultation.State.DRAFT and not Consultation.objects.get(pk=draft.pk).summary_pdf


@pytest.mark.django_db
def test_the_sweep_regenerates_a_summary_that_moderation_made_stale(hub):
    consultation = make_consultation(hub, opening=date(2026, 1, 1), closing=date(2026, 1, 15))
    with time_machine.travel(datetime(2026, 1, 16, 9, 0, tzinfo=LONDON), tick=False):
        tasks.sweep()
        first = Consultation.objects.get(pk=consultation.pk).summary_pdf.name
        Consultation.objects.filter(pk=consultation.pk).update(summary_stale=True)
    with time_machine.travel(datetime(2026, 1, 16, 9, 1, tzinfo=LONDON), tick=False):
        assert tasks.sweep()["summaries"] == [consultation.pk]
    consultation.refresh_from_db()
    assert not consultation.summary_stale and consultation.summary_pdf.name != first


def test_the_beat_schedule_runs_the_sweep_every_minute_and_the_reminders_hourly():
    schedule = app.conf.beat_schedule
    assert schedule["consultations-sweep"]["task"] == "consultations.tasks.sweep"
    assert schedule["consultations-sweep"]["schedule"] == 60.0
    assert schedule["consultations-reminders"]["task"] == "consultations.tasks.send_reminders"


# --- Reminders -----------------------------------------------------------------------------


def _reminders_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return tasks.send_reminders()


@pytest.mark.django_db
def test_owners_are_reminded_a_week_and_a_day_before_the_close_each_once(
    hub, personas, django_capture_on_commit_callbacks
):
    consultation = make_consultation(
        hub, opening=date(2026, 3, 2), closing=date(2026, 3, 29), created_by=personas.head_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _reminders_at(datetime(2026, 3, 21, 9, 0, tzinfo=LONDON)) == 0  # 8 days before
        assert _reminders_at(datetime(2026, 3, 22, 9, 0, tzinfo=LONDON)) == 1  # a week before
        assert _reminders_at(datetime(2026, 3, 22, 10, 0, tzinfo=LONDON)) == 0  # the next hourly run
        assert _reminders_at(datetime(2026, 3, 25, 9, 0, tzinfo=LONDON)) == 0
        assert _reminders_at(datetime(2026, 3, 28, 9, 0, tzinfo=LONDON)) == 1  # a day before
        assert _reminders_at(datetime(2026, 3, 28, 17, 0, tzinfo=LONDON)) == 0
        assert _reminders_at(datetime(2026, 3, 29, 9, 0, tzinfo=LONDON)) == 0  # closing day: already reminded
        assert _reminders_at(datetime(2026, 3, 30, 9, 0, tzinfo=LONDON)) == 0  # closed
    assert len(mail.outbox) == 2
    week, day = mail.outbox
    assert sorted(week.to) == sorted([consultation.contact_email, personas.head_a.email])
    assert "closes in 7 days" in week.subject and "closes tomorrow" in day.subject
    assert "11:59pm on Sunday 29 March 2026" in day.body


@pytest.mark.django_db
def test_a_consultation_whose_close_moves_is_reminded_for_the_new_date(hub, personas):
    consultation = make_consultation(hub, opening=date(2026, 3, 2), closing=date(2026, 3, 29))
    assert _reminders_at(datetime(2026, 3, 28, 9, 0, tzinfo=LONDON)) == 1
    Consultation.objects.filter(pk=consultation.pk).update(
        closing_date=date(2026, 4, 5), closes_at=datetime(2026, 4, 5, 23, 59, 59, 999_999, tzinfo=LONDON)
    )
    assert _reminders_at(datetime(2026, 4, 4, 9, 0, tzinfo=LONDON)) == 1
    assert OutboundEmail.objects.count() == 2


@pytest.mark.django_db
def test_drafts_and_closed_consultations_get_no_reminders(hub):
    make_consultation(
        hub, slug="draft", opening=date(2026, 3, 2), closing=date(2026, 3, 29), state=Consultation.State.DRAFT
    )
    make_consultation(hub, slug="closed", opening=date(2026, 2, 1), closing=date(2026, 3, 20))
    assert _reminders_at(datetime(2026, 3, 28, 9, 0, tzinfo=LONDON)) == 0
