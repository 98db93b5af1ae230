"""Half-termly meetings of a district's SEND and Inclusion hub panel, and of its Locality
Management Group: who is invited, and the agenda."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from referrals.intake.models import Referral, referral_paths
from sendhub.access import AccessPaths, ScopedQuerySet
from sendhub.models import Agency, District


def meeting_paths(prefix: str = "") -> AccessPaths:
    ref = f"{prefix}__" if prefix else ""
    return AccessPaths(
        resource="meeting",
        district=f"{ref}district",
        panel=lambda reach: (
            Q(**{f"{ref}invitees__user_id": reach.user_id})
            if not prefix
            else Q(**{f"{prefix}__in": Meeting._base_manager.filter(invitees__user_id=reach.user_id).values("pk")})
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
                fields=["meeting", "referral"],
                condition=Q(referral__isnull=False, removed_at__isnull=True),
                name="case_once_on_an_agenda",
            ),
            models.CheckConstraint(
                condition=Q(referral__isnull=False) | ~Q(title=""), name="agenda_item_has_a_case_or_a_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()}: {self.referral}"


class CaseDiscussion(models.Model):
    """The minutes of one case at one meeting: who was there, what was said and agreed, what next."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue: review the actions at the next meeting"
        CLOSE = "close", "Close: the child's needs are being met"
        ESCALATE = "escalate", "Escalate to the Locality Management Group"

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="discussion")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="discussions")
    present = models.ManyToManyField(MeetingInvitee, blank=True, related_name="+")
    others_present = models.CharField(
        "others present", max_length=300, blank=True, help_text="For example, the school's SENCo or the parent"
    )
    discussion = models.TextField("summary of the discussion")
    strategies = models.TextField("strategies agreed", blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    parent_summary = models.TextField(
        "summary for the parent",
        blank=True,
        help_text="In plain words, without jargon: what was agreed and what happens next",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = referral_paths("referral")

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Discussion of {self.referral} at {self.agenda_item.meeting}"


class Action(models.Model):
    """Something a professional agreed to do for a child; reviewed at the next meeting."""

    class Agency(models.TextChoices):
        EDUCATION = "education", "Education"
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care"
        SCHOOL = "school", "The school"
        FAMILY = "family", "The family"

    class Review(models.TextChoices):
        WORKED = "worked", "Worked"
        PARTLY = "partly", "Partly worked"
        DID_NOT_WORK = "did_not_work", "Did not work"
        NOT_DONE = "not_done", "Not done"

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="actions")
    agreed_at = models.ForeignKey(CaseDiscussion, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField("what will be done")
    owner = models.CharField("who will do it", max_length=150)
    # The owner's account, when they have one and may see the case (sendhub/access.py): they are
    # reminded before the next hub meeting while the action is open (referrals/meetings/reminders.py).
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name="account of the person who will do it",
    )
    agency = models.CharField(max_length=20, choices=Agency.choices)
    due_on = models.DateField("due by", help_text="Usually the date of the next meeting")
    review = models.CharField(max_length=20, choices=Review.choices, blank=True)
    review_note = models.TextField(blank=True)
    reviewed_at = models.ForeignKey(
        CaseDiscussion, on_delete=models.PROTECT, null=True, blank=True, related_name="reviewed_actions"
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = referral_paths("referral")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review="") | Q(reviewed_at__isnull=False), name="a_reviewed_action_says_where"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


__all__ = ["Action", "AgendaItem", "CaseDiscussion", "Meeting", "MeetingInvitee", "referral_paths"]
