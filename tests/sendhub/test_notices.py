"""Notices: each reminder once (even from two sweeps at once), email as each person chose, the page."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pupils.ehc.reminders import ehc_reminders_send
from sendhub.models import Notification, NotificationPreference, OutboundEmail
from sendhub.notices.sweep import digest_send
from sendhub.services import notify
from tests.pupils.ehc.helpers import TODAY, pupil_at, request, weeks_ago


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_write_and_send_each_reminder_once(personas):
    """Both sweeps run the same INSERT ... SELECT in their own transactions at the same moment."""
    from django.db import connection

    for n in range(30):
        request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5, days=n % 3))
    NotificationPreference.objects.create(user=personas.la_officer, kind="ehc_deadline", channel="now")
    start, results, errors = threading.Barrier(2), [], []

    def sweep() -> None:
        try:
            start.wait(10)
            results.append(ehc_reminders_send(today=TODAY))
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(results) == [0, 30]  # one sweep wrote them all; the other found them written
    assert Notification.objects.count() == 30
    assert OutboundEmail.objects.count() == 30
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent"}
    # And the same sweep again, later: nothing.
    assert ehc_reminders_send(today=TODAY) == 0
    assert OutboundEmail.objects.count() == 30


def test_the_daily_digest_gathers_a_persons_reminders_into_one_email_once_a_day(
    personas, django_capture_on_commit_callbacks
):
    for n in range(3):
        request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5, days=n))
    ehc_reminders_send(today=TODAY)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(today=TODAY) == 1
        assert digest_send(today=TODAY) == 0  # beat restarted: nothing more today
    [email] = mail.outbox
    assert email.to == [personas.la_officer.email] and "3 new notices" in email.subject
    assert email.body.count("Decide whether to assess") == 3 and "/notifications/" in email.body
    # A reminder written later the same day waits for tomorrow's digest.
    request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(5, days=3))
    ehc_reminders_send(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        digest_send(today=TODAY)
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(today=TODAY + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2 and "1 new notice" in mail.outbox[1].subject


def test_notify_follows_each_persons_choice_but_withdrawn_consent_is_always_emailed(
    personas, django_capture_on_commit_callbacks
):
    senco, coordinator = personas.senco_a, personas.coordinator
    NotificationPreference.objects.create(user=senco, kind="referral", channel="none")
    NotificationPreference.objects.create(user=coordinator, kind="referral", channel="digest")
    NotificationPreference.objects.create(user=senco, kind="consent_withdrawn", channel="none")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[senco, coordinator], message="A referral was accepted", email_subject="Accepted", kind="referral")
        notify(users=[senco], message="Consent was withdrawn", email_subject="Withdrawn", kind="consent_withdrawn")
    assert [m.subject for m in mail.outbox] == ["Withdrawn"]
    assert Notification.objects.filter(user=senco).count() == 2  # the portal notice is always kept
    assert Notification.objects.get(user=coordinator).email == Notification.Email.DIGEST


def test_the_notifications_page_shows_unread_first_and_marks_them_read(personas, client_for):
    officer = personas.la_officer
    notify(users=[officer], message="An older notice", url="/pupils/")
    Notification.objects.update(read_at=timezone.now() - timedelta(days=1))
    notify(users=[officer], message="A newer unread notice")
    notify(users=[personas.senco_a], message="Someone else's notice")
    client = client_for(officer)
    page = client.get(reverse("notices:list")).content.decode()
    assert page.index("A newer unread notice") < page.index("An older notice")
    assert "Someone else" not in page and "1 unread notice" in page
    assert '1<span class="govuk-visually-hidden"> unread</span>' in page  # the header's count
    unread = Notification.objects.get(message="A newer unread notice")
    other = Notification.objects.get(message="Someone else's notice")
    client.post(reverse("notices:read", args=[other.pk]))  # not theirs: nothing happens
    assert Notification.objects.get(pk=other.pk).read_at is None
    response = client.post(reverse("notices:read", args=[unread.pk]))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    notify(users=[officer], message="Two")
    notify(users=[officer], message="Three")
    client.post(reverse("notices:all_read"))
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()


def test_the_notifications_page_is_paginated(personas, client_for):
    Notification.objects.bulk_create(Notification(user=personas.senco_a, message=f"Notice {n}") for n in range(30))
    page = client_for(personas.senco_a).get(reverse("notices:list"), {"page": 2}).content.decode()
    assert "govuk-pagination" in page and page.count('app-notice"') == 5


def test_a_person_chooses_email_per_kind_and_cannot_turn_off_withdrawn_consent(personas, client_for):
    client = client_for(personas.coordinator)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert "Withdrawn consent" in page and "EHC plan annual reviews" in page
    data = {"ehc_review": "none", "referral": "digest", "consent_withdrawn": "none"}
    response = client.post(reverse("notices:preferences"), data)
    assert response.status_code == 200  # "none" is not a choice for withdrawn consent
    data["consent_withdrawn"] = "digest"
    from sendhub.notices.kinds import KINDS

    full = {key: kind.default for key, kind in KINDS.items()} | data
    assert client.post(reverse("notices:preferences"), full).status_code == 302
    assert dict(NotificationPreference.objects.filter(user=personas.coordinator).values_list("kind", "channel")) == {
        "ehc_review": "none",
        "referral": "digest",
        "consent_withdrawn": "digest",
    }
