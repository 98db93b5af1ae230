"""Half-termly meetings of a district's SEND and Inclusion hub panel, and of its Locality
Management Group: who is invited, and the agenda."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sendhub.access import AccessPaths, ScopedQuerySet
from sendhub.models import Agency, District

from .referrals import Referral, referral_paths


def meeting_paths(prefix: str = "") -> AccessPaths:
    ref = f"{prefix}__" if prefix else ""
    return AccessPaths(
        resource="meeting",
        district=f"{ref}district",
        panel=lambda reach: Q(**{f"{ref}invitees__user_id": reach.user_id}) if not prefix else Q(
            **{f"{prefix}__in": Meeting._base_manager.filter(invitees__user_id=reach.user_id).values("pk")}
        ),
    )


class Meeting(models.Model):
    class Kind(models.TextChoices):
        HUB = "hub", "SEND and Inclusion Hub panel"
        LMG = "lmg", "Locality Management Group"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Identifies the calendar event")
    sequence = models.PositiveIntegerField(default=0, help_text="Goes up each time the calendar event changes")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HUB)
    academic_year = models.CharField(max_length=7)
    half_term = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField("place", max_length=300, blank=True)
    online_link = models.URLField("online meeting link", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = meeting_paths()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(half_term__gte=1, half_term__lte=6), name="meeting_half_term_1_to_6"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SCHEDULED


class MeetingInvitee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_invitations")
    agency = models.CharField(max_length=20, choices=Agency.choices, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_paths = meeting_paths("meeting")

    class Meta:
        ordering = ["agency", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="invited_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_agency_display() or 'coordinator'})"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        NEW = "new", "New referral"
        REVIEW = "review", "Review of actions"
        ESCALATED = "escalated", "Escalated case"
        OTHER = "other", "Other business"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="For other business")
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Removed (for example when consent is withdrawn): kept, but off the agenda and out of the pack.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = meeting_paths("meeting")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "referral"], condition=Q(referral__isnull=False, removed_at__isnull=True),
                name="case_once_on_an_agenda",
            ),
            models.CheckConstraint(
                condition=Q(referral__isnull=False) | ~Q(title=""), name="agenda_item_has_a_case_or_a_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()}: {self.referral}"


__all__ = ["AgendaItem", "Meeting", "MeetingInvitee", "referral_paths"]
