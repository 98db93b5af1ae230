"""The trust SEND hub's training offer (tiers, sessions, INSET days), bookings and feedback.

Seed 002: a trust-wide SEND hub anchored by a special school runs a tiered offer for the
staff of its schools and partner schools. Nothing here names a pupil.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubs.models import Hub
from sendhub.models import School

LONDON = ZoneInfo("Europe/London")


class Offer(models.Model):
    """A trust SEND hub's training offer for one academic year: drafted, then published to schools."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="training_offers")
    academic_year = models.CharField(max_length=7, help_text='Written like "2025/26"')
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Schools outside the trust that are given places (seed 002: "we share CPD places").
    partner_schools = models.ManyToManyField(School, blank=True, related_name="trust_hub_offers")
    cancellation_cutoff_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Bookings can be cancelled up to this many hours before the session starts"
    )
    history = HistoricalRecords(m2m_fields=[partner_schools])

    class Meta:
        ordering = ["hub", "-academic_year"]
        constraints = [models.UniqueConstraint(fields=["hub", "academic_year"], name="one_offer_per_hub_and_year")]

    def __str__(self) -> str:
        return f"{self.hub} training offer {self.academic_year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Tier(models.Model):
    """A tier of the offer: who it is for, its format and cadence, who leads it and why."""

    class Kind(models.TextChoices):
        SENCO_NETWORK = "senco_network", "SENCo network meetings"
        SENCO_TRAINING = "senco_training", "SENCo training"
        WORKING_PARTY = "working_party", "Joint working party"
        CURRICULUM_VISIT = "curriculum_visit", "Curriculum visits to schools with hubs"
        INSET = "inset", "Trust-wide INSET days"
        CLINIC = "clinic", "Targeted clinics"
        ANNUAL_MEETING = "annual_meeting", "Annual SENCo and headteacher meeting"
        ONE_TO_ONE = "one_to_one", "1:1 support"

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="tiers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=20, help_text='Like "Tier 2a"')
    name = models.CharField(max_length=200)
    audience = models.CharField(max_length=300)
    # Which roles may book its sessions (sendhub Role values).
    audience_roles = models.JSONField(default=list, blank=True)
    format = models.CharField(max_length=300)
    cadence = models.CharField(max_length=300)
    leads = models.CharField(max_length=300)
    purpose = models.TextField()
    # The cadence the portal checks (None: not checked).
    min_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    max_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    max_per_half_term = models.PositiveSmallIntegerField(null=True, blank=True)
    default_starts_at = models.TimeField(null=True, blank=True)
    default_ends_at = models.TimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["offer", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["offer", "kind"], name="one_tier_of_each_kind_per_offer")]

    def __str__(self) -> str:
        return f"{self.label}: {self.name}"

    @property
    def takes_sessions(self) -> bool:
        return self.kind != self.Kind.ONE_TO_ONE


class Session(models.Model):
    """A date of a tier. An INSET day holds parallel sessions (children) that people book."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="sessions")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="parallel_sessions"
    )
    title = models.CharField(max_length=200)
    strand = models.CharField(max_length=120, blank=True, help_text="INSET parallel sessions: the strand")
    day = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    venue_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    online = models.BooleanField(default=False)
    # None: an INSET day, whose parallel sessions each have a capacity.
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    leads = models.CharField(max_length=300, blank=True)
    # The annual meeting: the school it is with.
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="trust_hub_meetings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    # Calendar invitations keep the UID and go up in SEQUENCE when the session moves or is cancelled.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(online=True, venue_school__isnull=True) | Q(online=False, venue_school__isnull=False),
                name="session_venue_is_a_school_or_online",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_day(self) -> bool:
        """An INSET day that holds parallel sessions rather than places of its own."""
        return self.capacity is None

    @property
    def venue(self) -> str:
        return "Online" if self.online else str(self.venue_school)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.day, self.starts_at, tzinfo=LONDON)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.day, self.ends_at, tzinfo=LONDON)

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.start


class Booking(models.Model):
    """A place (or a place on the waiting list) for a person of a school at a session."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trust_hub_bookings")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="trust_hub_bookings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=["booked", "waiting"]),
                name="one_live_booking_per_person_and_session",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person} at {self.session}"


class Feedback(models.Model):
    """A short form after the session: was it useful, are you confident to apply it?"""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    useful = models.CharField(max_length=10, choices=Answer.choices)
    confident = models.CharField(max_length=10, choices=Answer.choices)
    comments = models.TextField(blank=True)
    given_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Feedback on {self.booking}"
