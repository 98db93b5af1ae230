"""Writes of the core: outgoing email through the outbox."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sendhub.links import absolute_url

from .models import OutboundEmail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
STALE_CLAIM = timedelta(minutes=10)
SWEEP_GRACE = timedelta(minutes=1)


def _dispatch(email_id: int) -> None:
    """Hand the email to Celery; if the broker is down the sweeper will do it later."""
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:  # broker unreachable: the row is committed, so nothing is lost
        log.warning("Could not queue email %s; the outbox sweeper will send it", email_id, exc_info=True)


def _dispatch_due() -> None:
    """Hand every email that is due to Celery as one task (a batch written by a sweep)."""
    from .tasks import deliver_due

    try:
        deliver_due.delay()
    except Exception:  # broker unreachable: the rows are committed; the outbox sweeper sends them
        log.warning("Could not queue the outbox; the sweeper will send it", exc_info=True)


def email_queue(*, to: Sequence[str], subject: str, body: str, dedupe_key: str | None = None) -> OutboundEmail | None:
    """Promise an email in the caller's transaction; it goes out only after commit.

    With a `dedupe_key` the same email is promised at most once (returns None the second time).
    """
    recipients = sorted({address.strip().lower() for address in to if address and address.strip()})
    if not recipients:
        return None
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=recipients,
                subject=subject[:200],
                body=body,
                dedupe_key=dedupe_key,
                next_attempt_at=timezone.now() + SWEEP_GRACE,
            )
    except IntegrityError:
        if dedupe_key and OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


def email_deliver(*, email_id: int) -> bool:
    """Send one email if no one else is sending it. Safe to run twice: the claim is a conditional UPDATE."""
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.PENDING).update(
        status=OutboundEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        EmailMessage(subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=email.to).send()
    except Exception as exc:
        final = email.attempts >= MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmail.Status.FAILED if final else OutboundEmail.Status.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + timedelta(minutes=2**email.attempts),
        )
        log.warning("Email %s failed (attempt %s)%s", email_id, email.attempts, ", giving up" if final else "")
        return False
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def outbox_due_ids(*, now=None, limit: int = 200) -> list[int]:
    """Emails waiting to go: never handed over, due a retry, or stuck mid-send by a dead worker."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=OutboundEmail.Status.PENDING
    )
    due = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def notify(*, users, message: str, url: str = "", email_subject: str | None = None, kind: str = "general") -> None:
    """Tell people something in the portal and, with a subject, by email after commit, as each chose.

    Each person's choice for `kind` (sendhub.notices.kinds) decides: email at once, in the next daily
    digest, or no email; the notice itself is always kept. The words must not carry a child's
    special-category details: say where to look, not what.
    """
    from .models import Notification, NotificationPreference
    from .notices.kinds import DIGEST, NOW, kind_of

    people = [user for user in users if user.is_active]
    if not people:
        return
    known = kind_of(kind)
    chosen = dict(
        NotificationPreference.objects.filter(user__in=people, kind=known.key).values_list("user_id", "channel")
    )

    def channel(user) -> str:
        wanted = chosen.get(user.pk, known.default)
        return NOW if wanted not in (NOW, DIGEST) and not known.may_turn_off else wanted

    state = {NOW: Notification.Email.SENT, DIGEST: Notification.Email.DIGEST}
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=known.key,
            message=message[:300],
            url=url[:300],
            email=state.get(channel(user), Notification.Email.NONE) if email_subject else Notification.Email.NONE,
        )
        for user in people
    )
    now_people = [user for user in people if channel(user) == NOW]
    if email_subject and now_people:
        link = absolute_url(url or "/")
        email_queue(
            to=[user.email for user in now_people],
            subject=email_subject,
            body=f"{message}\n\nSign in to SEND Hub Portal to see it: {link}\n",
        )


# --- Password reset: the slow work, done after the response (issue 14) --------------------


@transaction.atomic
def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Email a reset link if `email` belongs to an active account with a password; nothing otherwise.

    Runs in a task so that the page answers the same, in the same time, either way.
    """
    from .forms import ResetRequestForm

    form = ResetRequestForm(data={"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
