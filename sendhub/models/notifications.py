"""Notices for a person: kept in the portal, and emailed at once, in a daily digest, or not at all."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    class Email(models.TextChoices):
        NEW = "new", "Not decided yet"  # written by a sweep; its publication step decides
        DIGEST = "digest", "Waiting for the daily digest"
        SENT = "sent", "Emailed"
        NONE = "none", "No email"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    # What sort of notice it is (sendhub.notices.kinds): the person's email choice is per kind.
    kind = models.CharField(max_length=40, default="general")
    # A reminder's event ("ehc-review:8w:123") and due date: with the person, each reminder exists once.
    event = models.CharField(max_length=120, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # Plain words and a link: no pupil's special-category details in the text.
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.NONE)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email"], name="notification_email_todo", condition=~Q(email__in=["sent", "none"])),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "due_on"],
                condition=~Q(event=""),
                name="notification_once_per_person_event_due",
            )
        ]

    def __str__(self) -> str:
        return self.message


class NotificationPreference(models.Model):
    """How a person wants one kind of notice by email. No row: the kind's default."""

    class Channel(models.TextChoices):
        NOW = "now", "Email me at once"
        DIGEST = "digest", "Email me a daily digest at 7am"
        NONE = "none", "No email (the notice stays in the portal)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=8, choices=Channel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_person_and_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.get_channel_display()}"
