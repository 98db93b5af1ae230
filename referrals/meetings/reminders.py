"""Hub meetings a week away, and their agenda ready: each invitee told once; and each action still open
when the hub's next meeting is a week away: its owner's account told once (set-based, sendhub.notices.sweep)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, DateTimeField, Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast

from referrals.intake.models import Referral
from sendhub.dates import end_of_day
from sendhub.notices.sweep import event, link, publish, remind, reminder_rows, sweep_begin, text

from .models import Action, AgendaItem, Meeting, MeetingInvitee


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
    new += _actions_before_the_next_meeting(today)
    publish()
    return new


def _actions_before_the_next_meeting(today: date) -> int:
    """Each action not yet reviewed, on an open case, whose owner has an account: when the hub's next
    scheduled meeting is within the week, the owner is told once for that meeting (its date is the due date)."""
    upcoming = Meeting.objects.filter(
        district=OuterRef("referral__hub__district"),
        kind=Meeting.Kind.HUB,
        status=Meeting.Status.SCHEDULED,
        starts_at__gte=end_of_day(today - timedelta(days=1)),
    ).order_by("starts_at", "pk")
    horizon = end_of_day(today + timedelta(days=settings.REMINDER_LEAD_DAYS["meeting_week"]))
    actions = (
        Action.objects.filter(
            review="",
            owner_user__isnull=False,
            owner_user__is_active=True,
            referral__status__in=Referral.ACTIVE,
        )
        .annotate(next_at=Subquery(upcoming.values("starts_at")[:1], output_field=DateTimeField()))
        .filter(next_at__lte=horizon)
    )
    rows = reminder_rows(
        actions,
        user="owner_user_id",
        event=event("action-before-meeting"),
        due=Cast("next_at", DateField()),
        message=text(
            "An action agreed at a hub meeting for a pupil at ",
            F("referral__school__name"),
            " is still open, and the next meeting of ",
            F("referral__hub__district__name"),
            " is within a week",
        ),
        url=link("referrals:detail", "referral_id"),
    )
    return remind(rows, kind="meeting_action")
