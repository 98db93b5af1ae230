"""Places in mainstream SEND hubs, taken only through an EHC plan that names the hub (seed 000)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubs.models import Hub
from pupils.ehc.models import EHCPlan
from pupils.records.models import Pupil, paths_through
from sendhub.access import ScopedQuerySet

DUE_TO_BE_ENDED = "Due to be ended"


class Placement(models.Model):
    class EndReason(models.TextChoices):
        MOVED_SCHOOL = "moved_school", "Moved to another school"
        PHASE_TRANSFER = "phase_transfer", "Phase transfer"
        NEEDS_MET = "needs_met", "Needs met in the mainstream class"
        SPECIALIST = "specialist", "Moved to specialist provision"
        PLAN_CEASED = "plan_ceased", "EHC plan ceased"
        OFFER_DECLINED = "offer_declined", "Offer not taken up"
        OTHER = "other", "Other"

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="placements")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="placements")
    plan = models.ForeignKey(EHCPlan, on_delete=models.PROTECT, related_name="placements")
    starts_on = models.DateField("start date")
    planned_end_on = models.DateField("planned end date", null=True, blank=True)
    ended_on = models.DateField("actual end date", null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    end_notes = models.CharField(max_length=300, blank=True)
    # The day the LA officer was reminded that the planned end date had passed (once per place).
    end_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("pupil", "placement")

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["hub", "starts_on", "ended_on"])]
        constraints = [
            # An offer not taken up ends (on the day it was withdrawn) before it would have started.
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")) | Q(end_reason="offer_declined"),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True) | Q(planned_end_on__gte=F("starts_on")),
                name="placement_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""), name="ended_placement_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Place at {self.hub} from {self.starts_on:%d %b %Y}"

    @property
    def last_day(self):
        """The last day the place is held: the actual end, else the planned end."""
        return self.ended_on or self.planned_end_on

    def status_on(self, day) -> str:
        if self.end_reason == self.EndReason.OFFER_DECLINED:
            return "Offer not taken up"
        if self.ended_on and self.ended_on < day:
            return "Ended"
        if self.starts_on > day:
            return "Offered"
        if self.ended_on is None and self.planned_end_on and self.planned_end_on < day:
            # Past its planned end and not ended: the occupancy no longer counts it as filled.
            return DUE_TO_BE_ENDED
        return "In the hub"
