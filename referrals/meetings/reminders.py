"""Hub meetings a week away, and their agenda ready: each invitee told once (set-based, sendhub.notices.sweep)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, Exists, F, OuterRef
from django.db.models.functions import Cast

from sendhub.dates import end_of_day
from sendhub.notices.sweep import event, link, publish, remind, reminder_rows, sweep_begin, text

from .models import AgendaItem, Meeting, MeetingInvitee


@transaction.atomic
def meeting_reminders_send(*, today: date) -> int:
    sweep_begin()
    horizon = end_of_day(today + timedelta(days=settings.REMINDER_LEAD_DAYS["meeting_week"]))
    soon = MeetingInvitee.objects.filter(
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__gte=end_of_day(today - timedelta(days=1)),
        meeting__starts_at__lte=horizon,
        user__is_active=True,
    )
    rows = reminder_rows(
        soon,
        user="user_id",
        event=event("meeting-week", "meeting_id"),
        due=Cast("meeting__starts_at", DateField()),
        message=text("A hub meeting is coming up within a week: ", F("meeting__district__name")),
        url=link("meetings:detail", "meeting_id"),
    )
    new = remind(rows, kind="meeting")
    agenda = AgendaItem.objects.filter(meeting=OuterRef("meeting_id"), removed_at__isnull=True)
    rows = reminder_rows(
        soon.filter(Exists(agenda)),
        user="user_id",
        event=event("meeting-agenda", "meeting_id"),
        due=Cast("meeting__starts_at", DateField()),
        message=text("The agenda is ready for a hub meeting of ", F("meeting__district__name")),
        url=link("meetings:detail", "meeting_id"),
    )
    new += remind(rows, kind="meeting")
    publish()
    return new
