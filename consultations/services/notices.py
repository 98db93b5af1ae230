"""Notices to a consultation's owner: it opened, it closes in a week and in a day, its summary is ready.

Set-based and each once (sendhub.notices.sweep): the event names the consultation and the due date is
the closing date, so a consultation whose close moves is told again.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from sendhub.notices.sweep import event, link, publish, remind, reminder_rows, sweep_begin, text

from ..models import Consultation

State = Consultation.State


@transaction.atomic
def consultation_notices_send(*, today: date) -> int:
    sweep_begin()
    owned = Consultation.objects.filter(created_by__isnull=False, created_by__is_active=True)
    open_ = owned.filter(state=State.OPEN)
    lead = settings.REMINDER_LEAD_DAYS
    rules = [
        ("consultation-open", open_, "Your consultation is open: "),
        (
            "consultation-week",
            open_.filter(closing_date__lte=today + timedelta(days=lead["consultation_week"])),
            "Your consultation closes within a week: ",
        ),
        (
            "consultation-day",
            open_.filter(closing_date__lte=today + timedelta(days=lead["consultation_day"])),
            "Your consultation closes tomorrow or today: ",
        ),
        (
            "consultation-summary",
            owned.filter(state__in=[State.CLOSED, State.OUTCOME_PUBLISHED], summary_stale=False).filter(
                ~Q(summary_pdf="")
            ),
            "Your consultation has closed and its summary is ready: ",
        ),
    ]
    new = 0
    for key, queryset, words in rules:
        rows = reminder_rows(
            queryset,
            user="created_by_id",
            event=event(key),
            due=F("closing_date"),
            message=text(words, F("title")),
            url=link("consultations:manage_detail"),
        )
        new += remind(rows, kind="consultation")
    publish()
    return new
