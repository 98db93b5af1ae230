"""SEN support: the graduated approach of assess, plan, do and review (CoP 6.44), and parent meetings."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pupils.records.models import Pupil, paths_through
from sendhub.access import ScopedQuerySet

# Schools fund SEN support up to this much per pupil a year from the notional SEN budget;
# the local authority's high-needs top-up pays above it (DOMAIN.md).
NOTIONAL_SEN_BUDGET_THRESHOLD = Decimal("6000.00")
# Schools should meet parents at least three times a year (CoP 6.65).
PARENT_MEETINGS_PER_YEAR = 3


class SupportCycle(models.Model):
    """One turn of assess, plan, do, review."""

    class NextStep(models.TextChoices):
        CONTINUE = "continue", "Continue the same support"
        CHANGE = "change", "Change the support"
        REQUEST_EHC_ASSESSMENT = "request_ehc", "Request an EHC needs assessment"
        END = "end", "End SEN support: needs met"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="support_cycles")
    started_on = models.DateField()
    # Assess
    needs = models.TextField("the pupil's needs", help_text="What the assessment found")
    parent_views = models.TextField("views of the parent or carer", blank=True)
    child_views = models.TextField("views of the child", blank=True)
    # Plan
    responsible = models.CharField(
        "who is responsible", max_length=200, blank=True, help_text="Usually the class or subject teacher"
    )
    review_date = models.DateField(null=True, blank=True)
    # Review
    reviewed_on = models.DateField(null=True, blank=True)
    review_summary = models.TextField(blank=True)
    next_step = models.CharField(max_length=20, choices=NextStep.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("pupil", "sen_support")

    class Meta:
        ordering = ["-started_on", "-pk"]
        # A pupil's latest cycle (what `support_facts_refresh` keeps on the pupil) in one index probe.
        indexes = [models.Index(fields=["pupil", "-started_on", "-id"], name="support_cycle_latest")]
        constraints = [
            # One cycle open at a time: review it before starting the next.
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(reviewed_on__isnull=True), name="one_open_support_cycle_per_pupil"
            ),
            models.CheckConstraint(
                condition=Q(reviewed_on__isnull=True) | ~Q(next_step=""), name="reviewed_cycle_has_next_step"
            ),
        ]

    def __str__(self) -> str:
        return f"SEN support from {self.started_on:%d %b %Y}"

    @property
    def stage(self) -> str:
        """Where the cycle is: Assess, Plan, Do or Reviewed."""
        if self.reviewed_on:
            return "Reviewed"
        if self.review_date and self.responsible:
            return "Do"
        return "Plan"

    @property
    def is_open(self) -> bool:
        return self.reviewed_on is None


class SupportOutcome(models.Model):
    class Progress(models.TextChoices):
        EXCEEDED = "exceeded", "Exceeded"
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    cycle = models.ForeignKey(SupportCycle, on_delete=models.CASCADE, related_name="outcomes")
    description = models.TextField()
    progress = models.CharField(max_length=20, choices=Progress.choices, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("cycle__pupil", "sen_support")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]


class SupportProvision(models.Model):
    cycle = models.ForeignKey(SupportCycle, on_delete=models.CASCADE, related_name="provisions")
    description = models.CharField(max_length=300, help_text="e.g. Small-group phonics")
    frequency = models.CharField(max_length=120, blank=True, help_text="e.g. 3 sessions of 20 minutes a week")
    provided_by = models.CharField(max_length=150, blank=True, help_text="e.g. Teaching assistant")
    cost_per_year = models.DecimalField(max_digits=9, decimal_places=2)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("cycle__pupil", "sen_support")

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(cost_per_year__gte=0), name="provision_cost_not_negative")]

    def __str__(self) -> str:
        return self.description


class ParentMeeting(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="parent_meetings")
    held_on = models.DateField()
    attendees = models.CharField("who attended", max_length=300)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("pupil", "sen_support")

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["pupil", "held_on"])]

    def __str__(self) -> str:
        return f"Meeting with parents on {self.held_on:%d %b %Y}"
