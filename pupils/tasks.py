"""Celery tasks of the pupils app: each calls one service."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from pupils.ehc.reminders import ehc_reminders_send
from pupils.places.reminders import placement_end_reminders_send
from pupils.support.reminders import sen_support_reminders_send


@shared_task(ignore_result=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def ehc_reminders() -> int:
    """Daily: remind the LA and the SENCo of EHC deadlines coming up. Safe to run twice (dedupe keys)."""
    return ehc_reminders_send(today=timezone.localdate())


@shared_task(ignore_result=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def sen_support_reminders() -> int:
    """Daily: remind SENCos of SEN support reviews due within a week, or passed. Safe to run twice."""
    return sen_support_reminders_send(today=timezone.localdate())


@shared_task(ignore_result=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def placement_end_reminders() -> int:
    """Daily: remind LA officers of hub places past their planned end date, once per place."""
    return placement_end_reminders_send(today=timezone.localdate())
