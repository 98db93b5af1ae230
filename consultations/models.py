"""Public consultations on a hub, their questions and documents, and the public's responses.

A consultation belongs to its hub's owner (sendhub/access.py, resource "consultation"):
a mainstream hub's host school, its trust and its local authority; a trust hub's trust;
a district hub's local authority. Responses are personal data and share that scope.

Time decides whether a consultation is open, not the stored `state`: beat moves `state`
once a minute for its side effects (the summary PDF, reminders), while pages and the
response service compare the clock with `opens_at` and `closes_at`.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubs.models import Hub
from sendhub.access import AccessPaths, ScopedQuerySet

# Limits on what staff write and the public send (README, "Public consultations").
TITLE_MAX = 200
SUMMARY_MAX = 600
BODY_MAX = 20_000
QUESTION_TEXT_MAX = 300
QUESTION_HINT_MAX = 500
CHOICE_MAX = 100
CHOICES_MAX = 12
QUESTIONS_MAX = 30
ANSWER_MAX = 5_000
OUTCOME_MAX = 20_000
DOCUMENTS_MAX = 10


def _paths(prefix: str = "") -> AccessPaths:
    return AccessPaths(
        resource="consultation",
        school=f"{prefix}hub__host_school",
        extra={"trust": f"{prefix}hub__trust", "local_authority": f"{prefix}hub__district__local_authority"},
    )


AGREE_SCALE = [
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
]
CAPACITIES = [
    "Parent or carer",
    "Pupil",
    "Member of staff",
    "Governor",
    "Local resident",
    "Other",
]


class ConsultationQuerySet(ScopedQuerySet):
    def published(self) -> ConsultationQuerySet:
        """Consultations that have been published (scheduled or later)."""
        return self.exclude(state=Consultation.State.DRAFT)

    def public(self, now: datetime | None = None) -> ConsultationQuerySet:
        """What the public may see: published and past its opening instant."""
        return self.published().filter(opens_at__lte=now or timezone.now())


class Consultation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        OUTCOME_PUBLISHED = "outcome_published", "Outcome published"

    slug = models.SlugField(max_length=80, unique=True, help_text="The public address of the consultation")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="consultations")
    title = models.CharField(max_length=TITLE_MAX)
    summary = models.TextField(max_length=SUMMARY_MAX, help_text="Plain text, shown in the list of consultations")
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown; raw HTML is removed")
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=30, blank=True)
    opening_date = models.DateField()
    closing_date = models.DateField()
    # Derived from the dates (sendhub.dates): the first and last instants in Europe/London.
    opens_at = models.DateTimeField(db_index=True)
    closes_at = models.DateTimeField(db_index=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the sweep recorded the close")
    outcome = models.TextField("You said, we did", max_length=OUTCOME_MAX, blank=True)
    outcome_published_at = models.DateTimeField(null=True, blank=True)
    summary_pdf = models.FileField(upload_to="consultations/summaries/", blank=True)
    summary_generated_at = models.DateTimeField(null=True, blank=True)
    # Set when moderation changes what the summary shows; the sweep regenerates it.
    summary_stale = models.BooleanField(default=False)
    # Progress of the summary PDF shown to staff: asked for again (queued) since, being made since.
    summary_requested_at = models.DateTimeField(null=True, blank=True)
    summary_started_at = models.DateTimeField(null=True, blank=True)
    # Goes up whenever moderation changes what the summary counts: the public page's cached counts
    # (selectors.published_summary) are keyed on it.
    summary_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(
        excluded_fields=["summary_stale", "summary_requested_at", "summary_started_at", "summary_version"]
    )

    access_paths = _paths()
    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closing_date__gte=models.F("opening_date")), name="consultation_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # --- Time decides --------------------------------------------------------------------

    def phase(self, now: datetime | None = None) -> str:
        """The state as the clock has it now, whatever the sweep has recorded so far."""
        now = now or timezone.now()
        if self.state == self.State.DRAFT:
            return self.State.DRAFT
        if self.state == self.State.OUTCOME_PUBLISHED:
            return self.State.OUTCOME_PUBLISHED
        if now < self.opens_at:
            return self.State.SCHEDULED
        if now <= self.closes_at:
            return self.State.OPEN
        return self.State.CLOSED

    def accepts_responses_at(self, now: datetime) -> bool:
        return self.state != self.State.DRAFT and self.opens_at <= now <= self.closes_at

    def is_open(self, now: datetime | None = None) -> bool:
        return self.phase(now) == self.State.OPEN

    def has_closed(self, now: datetime | None = None) -> bool:
        return self.phase(now) in (self.State.CLOSED, self.State.OUTCOME_PUBLISHED)

    def has_opened(self, now: datetime | None = None) -> bool:
        return self.state != self.State.DRAFT and (now or timezone.now()) >= self.opens_at

    def phase_label(self, now: datetime | None = None) -> str:
        return self.State(self.phase(now)).label

    @property
    def questions_editable(self) -> bool:
        """Questions change only before the consultation opens, so every response answers the same ones."""
        return not self.has_opened()

    def days_left(self, today: date | None = None) -> int:
        from sendhub.dates import LONDON

        today = today or timezone.now().astimezone(LONDON).date()
        return (self.closing_date - today).days


class Question(models.Model):
    class Kind(models.TextChoices):
        FREE_TEXT = "free_text", "Free text"
        SINGLE_CHOICE = "single_choice", "Single choice"
        AGREE_SCALE = "agree_scale", "Agree or disagree scale"
        CAPACITY = "capacity", "In what capacity are you responding"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=QUESTION_TEXT_MAX)
    hint = models.CharField(max_length=QUESTION_HINT_MAX, blank=True)
    # Single choice only: the options, in order.
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    access_paths = _paths("consultation__")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[str]:
        if self.kind == self.Kind.AGREE_SCALE:
            return list(AGREE_SCALE)
        if self.kind == self.Kind.CAPACITY:
            return list(CAPACITIES)
        if self.kind == self.Kind.SINGLE_CHOICE:
            return list(self.choices)
        return []

    @property
    def is_free_text(self) -> bool:
        return self.kind == self.Kind.FREE_TEXT


def _document_path(instance: Document, filename: str) -> str:
    # Never the uploader's file name: a random one, so names cannot collide or be guessed.
    import uuid

    return f"consultations/{instance.consultation_id}/documents/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=_document_path)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    access_paths = _paths("consultation__")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Response(models.Model):
    """One person's response. Never deleted: moderation hides text, marks duplicates or spam."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="responses")
    reference = models.CharField(max_length=12, unique=True)
    submitted_at = models.DateTimeField()
    receipt_requested = models.BooleanField(default=False)
    # A filled honeypot: kept (a person may have typed there) but left out of the counts.
    suspected_spam = models.BooleanField(default=False, db_index=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates")
    history = HistoricalRecords()

    access_paths = _paths("consultation__")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # The staff list: one consultation's responses, newest first, a page at a time (issue 19).
            models.Index(
                "consultation", models.F("submitted_at").desc(), models.F("id").desc(), name="response_newest_first"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def counts(self) -> bool:
        """Whether the response is counted in the summary."""
        return not self.suspected_spam and self.duplicate_of_id is None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(max_length=ANSWER_MAX)
    # Moderation of free text: hidden from every published summary, never deleted.
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)

    access_paths = _paths("response__consultation__")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]
        indexes = [
            # Few answers are hidden: the staff list's "has hidden text" and its filter read this small index.
            models.Index(fields=["response"], condition=Q(hidden=True), name="answer_hidden"),
        ]

    def __str__(self) -> str:
        return f"{self.response.reference}: {self.question.text}"
