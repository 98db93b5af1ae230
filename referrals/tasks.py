"""Celery tasks of the referrals app: each calls one service and is safe to run twice."""

from celery import shared_task
from django.utils import timezone

from referrals.meetings.reminders import meeting_reminders_send


@shared_task(ignore_result=True)
def meeting_reminders() -> int:
    """Daily: tell each invitee of a hub meeting a week ahead (each once)."""
    return meeting_reminders_send(today=timezone.localdate())
