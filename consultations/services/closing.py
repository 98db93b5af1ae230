"""After the close: the outcome, the summary PDF, the beat sweep and the reminders."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sendhub.access import EDIT, require
from sendhub.dates import LONDON
from sendhub.links import absolute_url
from sendhub.pdf import render_pdf
from sendhub.services import email_queue

from .. import selectors
from ..formatting import deadline, long_date
from ..models import Consultation
from .errors import ConsultationError
from .moderation import summary_changed

State = Consultation.State

log = logging.getLogger(__name__)

# A summary still "being made" after this long lost its worker: the sweep makes it again.
SUMMARY_STUCK = timedelta(minutes=30)


@transaction.atomic
def consultation_outcome_publish(*, actor, consultation: Consultation, outcome: str) -> Consultation:
    """ "You said, we did": published on the public page once the consultation has closed."""
    require(actor, consultation, EDIT)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    now = timezone.now()
    if not consultation.has_closed(now):
        raise ConsultationError("You can publish the outcome once the consultation has closed")
    if not outcome.strip():
        raise ConsultationError("Enter what you did in response to what people said", "outcome")
    consultation.outcome = outcome.strip()
    if consultation.state != State.OUTCOME_PUBLISHED:
        consultation.state = State.OUTCOME_PUBLISHED
        consultation.outcome_published_at = now
        consultation.closed_at = consultation.closed_at or now
    consultation.save(update_fields=["outcome", "state", "outcome_published_at", "closed_at"])
    summary_changed(consultation)
    return consultation


def consultation_summary_generate(*, consultation_id: int) -> bool:
    """Render the summary report (counts per question, every free-text answer not hidden) as a PDF.

    Safe to run twice: the second run writes the same report again.
    Returns False when the consultation has not closed.
    """
    consultation = Consultation.objects.select_related("hub").get(pk=consultation_id)
    now = timezone.now()
    if not consultation.has_closed(now):
        return False
    # Clear the flag first: a change made while this runs sets it again and is caught next time.
    Consultation.objects.filter(pk=consultation_id).update(
        summary_stale=False, summary_requested_at=None, summary_started_at=now
    )
    try:
        _summary_write(consultation, now)
    except Exception:
        # Queued again: the sweep tries next minute, and the staff page says so.
        Consultation.objects.filter(pk=consultation_id).update(
            summary_stale=True,
            summary_started_at=None,
            summary_requested_at=Coalesce(F("summary_requested_at"), Value(now)),
        )
        raise
    return True


@transaction.atomic
def consultation_summary_request(*, actor, consultation: Consultation) -> Consultation:
    """Make the summary again in the background, once the consultation has closed."""
    require(actor, consultation, EDIT)
    if not consultation.has_closed():
        raise ConsultationError("The summary of responses can be generated once the consultation has closed.")
    summary_changed(consultation)
    return consultation


def _summary_write(consultation: Consultation, now: datetime) -> None:
    consultation_id = consultation.pk
    summary = selectors.response_summary(consultation)
    html = render_to_string(
        "consultations/summary_pdf.html",
        {
            "consultation": consultation,
            "summary": summary,
            "generated_at": now,
            "closes": deadline(consultation.closing_date),
            "opens": long_date(consultation.opening_date),
        },
    )
    pdf = render_pdf(html)
    stamp = now.astimezone(LONDON).strftime("%Y%m%d-%H%M%S")
    name = f"{consultation.slug}-summary-{stamp}.pdf"
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation_id)
        old = locked.summary_pdf.name
        locked.summary_pdf.save(name, ContentFile(pdf), save=False)
        locked.summary_generated_at = now
        Consultation.objects.filter(pk=consultation_id).update(
            summary_pdf=locked.summary_pdf.name, summary_generated_at=now, summary_started_at=None
        )
        if old and old != locked.summary_pdf.name:
            storage = locked.summary_pdf.storage
            transaction.on_commit(lambda: storage.delete(old))


@dataclass
class SweepResult:
    opened: int = 0
    closed: list[int] = field(default_factory=list)
    summaries: list[int] = field(default_factory=list)


def consultations_sweep(*, now: datetime | None = None) -> SweepResult:
    """Move states on time, and make the summary of each closed consultation that lacks a current one.

    Safe to run twice (and concurrently): each move is a conditional UPDATE that only one run wins.
    """
    now = now or timezone.now()
    result = SweepResult()
    result.opened = Consultation.objects.filter(state=State.SCHEDULED, opens_at__lte=now, closes_at__gte=now).update(
        state=State.OPEN
    )
    due = Consultation.objects.filter(state__in=[State.SCHEDULED, State.OPEN], closes_at__lt=now)
    for pk in list(due.values_list("pk", flat=True)):
        claimed = Consultation.objects.filter(pk=pk, state__in=[State.SCHEDULED, State.OPEN]).update(
            state=State.CLOSED, closed_at=now
        )
        if claimed:
            result.closed.append(pk)
    needing = Consultation.objects.filter(state__in=[State.CLOSED, State.OUTCOME_PUBLISHED], closes_at__lt=now).filter(
        Q(summary_pdf="") | Q(summary_stale=True) | Q(summary_started_at__lt=now - SUMMARY_STUCK)
    )
    for pk in list(needing.values_list("pk", flat=True)):
        try:
            if consultation_summary_generate(consultation_id=pk):
                result.summaries.append(pk)
        except Exception:  # one bad report must not stop the others; the next sweep tries again
            log.exception("Could not generate the summary of consultation %s", pk)
    from .notices import consultation_notices_send

    consultation_notices_send(today=now.astimezone(LONDON).date())
    return result


REMINDERS = (("day", 1), ("week", 7))


def consultation_reminders_send(*, now: datetime | None = None) -> int:
    """Remind each open consultation's owners a week and a day before it closes; each reminder once.

    The dedupe key names the closing date, so a consultation whose close moves is reminded again.
    """
    now = now or timezone.now()
    today = now.astimezone(LONDON).date()
    sent = 0
    open_now = (
        Consultation.objects.published().filter(opens_at__lte=now, closes_at__gte=now).select_related("created_by")
    )
    for consultation in open_now:
        days_left = (consultation.closing_date - today).days
        for name, days in REMINDERS:
            if days_left > days:
                continue
            recipients = [consultation.contact_email]
            if consultation.created_by and consultation.created_by.is_active:
                recipients.append(consultation.created_by.email)
            body = render_to_string(
                "consultations/email/reminder.txt",
                {
                    "consultation": consultation,
                    "closes": deadline(consultation.closing_date),
                    "days_left": days_left,
                    "link": absolute_url(reverse("consultations:manage_detail", args=[consultation.pk])),
                },
            )
            with transaction.atomic():
                email = email_queue(
                    to=recipients,
                    subject=(
                        f"{consultation.title} closes "
                        f"{'tomorrow' if days_left == 1 else 'today' if days_left == 0 else f'in {days_left} days'}"
                    ),
                    body=body,
                    dedupe_key=f"consultation-reminder:{consultation.pk}:{consultation.closing_date.isoformat()}:{name}",
                )
            sent += email is not None
            break  # the nearer reminder only: a day before, no week reminder as well
    return sent
