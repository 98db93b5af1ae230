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
from pupils.models import Pupil
from referrals.models import Consent
from sendhub.access import AccessPaths, ScopedQuerySet
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


# --- Advice and case consultations (pupil data when about a child: sendhub/access.py "trust_advice") ---


def _advice_paths(prefix: str = "") -> AccessPaths:
    pre = f"{prefix}__" if prefix else ""
    return AccessPaths(
        resource="trust_advice",
        pupil=f"{pre}pupil",
        school=f"{pre}school",
        parent_user=f"{pre}pupil__contacts__user",
        extra={"trust": f"{pre}hub__trust"},
        # About a child: only while the consent it rests on stands. General advice names no child.
        condition=Q(**{f"{pre}pupil__isnull": True}) | Q(**{f"{pre}consent__withdrawn_at__isnull": True}),
    )


class AdviceRequest(models.Model):
    """A school asks the trust SEND hub for advice: general, or a case consultation about a child
    resting on the consent record of the child's district hub referral (the same record: who gave
    it, how, the evidence, what it covers; its withdrawal cuts access at once)."""

    class Kind(models.TextChoices):
        GENERAL = "general", "General advice (no child named)"
        CASE = "case", "A case consultation about a child"

    class Status(models.TextChoices):
        ASKED = "asked", "Waiting for triage"
        ANSWERED = "answered", "Answered in writing"
        CLINIC = "clinic", "Clinic slot booked"
        VISIT = "visit", "Visit arranged"
        CLOSED = "closed", "Closed"

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="advice_requests")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="trust_advice_requests")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, null=True, blank=True, related_name="trust_advice")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    question = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASKED)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    visit_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = _advice_paths()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="general", pupil__isnull=True, consent__isnull=True)
                | Q(kind="case", pupil__isnull=False, consent__isnull=False),
                name="advice_about_a_child_rests_on_consent",
            )
        ]

    def __str__(self) -> str:
        return f"Advice request {self.short_reference}"

    @property
    def short_reference(self) -> str:
        return str(self.reference)[:8].upper()


class AdviceEvent(models.Model):
    """The timeline of an advice request: every exchange, who and when. Never changed."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()
    access_paths = _advice_paths("request")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.title


# --- School SEND reviews (quality assurance): no pupil data ----------------------------------


class ReviewArea(models.Model):
    """An area of the trust's review framework (seed 002: linked to the trust's quality framework)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="review_areas")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["hub", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="review_area_name_unique_in_hub")]

    def __str__(self) -> str:
        return self.name


class ReviewGrade(models.Model):
    """A grade of the trust's framework, best first (e.g. "Strong", "Developing")."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="review_grades")
    label = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["hub", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["hub", "label"], name="review_grade_label_unique_in_hub")]

    def __str__(self) -> str:
        return self.label


class SchoolReview(models.Model):
    """A whole-school SEND review by the trust SEND team."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="school_reviews")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="send_reviews")
    reviewed_on = models.DateField()
    reviewers = models.CharField(max_length=300)
    evidence = models.TextField(help_text="What the reviewers looked at")
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"SEND review of {self.school}, {self.reviewed_on:%-d %B %Y}"


class Judgement(models.Model):
    review = models.ForeignKey(SchoolReview, on_delete=models.CASCADE, related_name="judgements")
    area = models.ForeignKey(ReviewArea, on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(ReviewGrade, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order", "area__pk"]
        constraints = [models.UniqueConstraint(fields=["review", "area"], name="one_judgement_per_area")]

    def __str__(self) -> str:
        return f"{self.area}: {self.grade}"


class ReviewAction(models.Model):
    """An action of the review's plan: who owns it, its milestone, how it will be evaluated."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    review = models.ForeignKey(SchoolReview, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=150)
    milestone_on = models.DateField()
    evaluation_point = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone_on", "pk"]
        indexes = [models.Index(fields=["status", "milestone_on"])]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.milestone_on < timezone.localdate()


class ActionProgress(models.Model):
    """Progress recorded at a milestone. Never changed."""

    class Rating(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        DONE = "done", "Done"

    action = models.ForeignKey(ReviewAction, on_delete=models.CASCADE, related_name="progress")
    recorded_on = models.DateField(default=timezone.localdate)
    rating = models.CharField(max_length=10, choices=Rating.choices)
    note = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recorded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on {self.recorded_on}"
