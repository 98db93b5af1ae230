"""Email is promised in the transaction, sent after commit, and never lost to a broker outage."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from sendhub import services, tasks
from sendhub.celery import app
from sendhub.models import OutboundEmail


@pytest.mark.django_db
def test_an_email_goes_out_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.email_queue(to=["a@example.org"], subject="Hello", body="Body")
    assert len(mail.outbox) == 0 and OutboundEmail.objects.get().status == "pending"
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and OutboundEmail.objects.get().status == "sent"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_no_email():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.email_queue(to=["a@example.org"], subject="Hello", body="Body")
        raise RuntimeError("the change failed")
    assert OutboundEmail.objects.count() == 0 and len(mail.outbox) == 0


@pytest.mark.django_db
def test_the_same_dedupe_key_promises_an_email_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.email_queue(to=["a@example.org"], subject="Reminder", body="x", dedupe_key="reminder:1")
        second = services.email_queue(to=["a@example.org"], subject="Reminder", body="x", dedupe_key="reminder:1")
    assert first is not None and second is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_delivering_twice_sends_once():
    email = OutboundEmail.objects.create(to=["a@example.org"], subject="Once", body="x")
    assert services.email_deliver(email_id=email.pk) is True
    assert services.email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_then_recorded_as_failed(settings, monkeypatch):
    settings.EMAIL_BACKEND = "tests.sendhub.test_outbox.BrokenBackend"
    email = OutboundEmail.objects.create(to=["a@example.org"], subject="Flaky", body="x")
    services.email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == "pending" and email.attempts == 1 and "SMTP is down" in email.last_error
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=90)
    for _ in range(services.MAX_ATTEMPTS):
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        tasks.outbox_sweep()
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == services.MAX_ATTEMPTS


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


@pytest.mark.django_db
def test_an_email_survives_a_broker_outage_and_the_sweeper_sends_it_later(django_capture_on_commit_callbacks):
    """With the broker unreachable the commit still stands; the email waits and goes later."""
    old = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.email_queue(to=["a@example.org"], subject="Receipt", body="x")
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
    email = OutboundEmail.objects.get()
    assert email.status == "pending" and len(mail.outbox) == 0
    assert tasks.outbox_sweep() == 0  # not yet due: the normal hand-over gets a minute first
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    assert tasks.outbox_sweep() == 1
    assert OutboundEmail.objects.get().status == "sent" and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_send_abandoned_by_a_dead_worker_is_picked_up_again():
    email = OutboundEmail.objects.create(
        to=["a@example.org"],
        subject="Stuck",
        body="x",
        status="sending",
        claimed_at=timezone.now() - timedelta(minutes=30),
        next_attempt_at=timezone.now(),
    )
    tasks.outbox_sweep()
    email.refresh_from_db()
    assert email.status == "sent"
