"""Outgoing email, written in the same transaction as the change that caused it.

A row here is the promise that an email will be sent. Celery delivers it after
commit; if the broker is down, the sweeper sends it later. Nothing is lost.
"""

from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(default=timezone.now)
    to = models.JSONField(help_text="List of recipient addresses")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # Set by senders that must send a given email only once (e.g. a reminder for one deadline).
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The sweeper leaves a new email to the normal hand-over for a minute, then backs off.
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbound email"

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"
