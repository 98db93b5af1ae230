"""The three shapes of hub (DOMAIN.md): mainstream SEND hubs inside schools, district
SEND & Inclusion hubs, and trust SEND hubs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sendhub.codes import DESIGNATABLE_NEEDS, KeyStage
from sendhub.models import District, LocalAuthority, School, Trust


class Hub(models.Model):
    class Kind(models.TextChoices):
        MAINSTREAM = "mainstream", "Mainstream SEND hub"
        DISTRICT = "district", "District SEND and Inclusion hub"
        TRUST = "trust", "Trust SEND hub"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Shown to families: who the hub is for and what it offers")
    # Mainstream SEND hub: resourced provision or SEN unit inside a mainstream school.
    host_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_hubs")
    designated_needs = models.JSONField(default=list, blank=True, help_text="Census need codes the hub is for")
    key_stages = models.JSONField(default=list, blank=True)
    # District SEND and Inclusion hub.
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="hubs")
    # Trust SEND hub, anchored by a (special) school of the trust.
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="hubs")
    anchor_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="anchored_hubs"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="mainstream", host_school__isnull=False, district__isnull=True, trust__isnull=True)
                    | Q(kind="district", district__isnull=False, host_school__isnull=True, trust__isnull=True)
                    | Q(kind="trust", trust__isnull=False, host_school__isnull=True, district__isnull=True)
                ),
                name="hub_organisation_fits_kind",
            ),
            models.UniqueConstraint(fields=["district"], condition=Q(kind="district"), name="one_hub_per_district"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> LocalAuthority | Trust | None:
        """The organisation that runs (and for mainstream hubs commissions) the hub."""
        if self.kind == self.Kind.MAINSTREAM and self.host_school_id:
            return self.host_school.local_authority
        if self.kind == self.Kind.DISTRICT and self.district_id:
            return self.district.local_authority
        return self.trust

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == self.Kind.MAINSTREAM and not self.host_school_id:
            errors["host_school"] = "Choose the school that hosts the hub"
        if self.kind == self.Kind.DISTRICT and not self.district_id:
            errors["district"] = "Choose the district the hub serves"
        if self.kind == self.Kind.TRUST:
            if not self.trust_id:
                errors["trust"] = "Choose the trust that runs the hub"
            elif self.anchor_school_id and self.anchor_school.trust_id != self.trust_id:
                errors["anchor_school"] = "Choose a school of the trust as its anchor"
        valid_needs = {code for code, _ in DESIGNATABLE_NEEDS}
        if any(code not in valid_needs for code in self.designated_needs or []):
            errors["designated_needs"] = "Choose needs from the census list"
        if any(stage not in KeyStage.values for stage in self.key_stages or []):
            errors["key_stages"] = "Choose key stages from the list"
        if errors:
            raise ValidationError(errors)

    @property
    def designated_need_labels(self) -> list[str]:
        labels = dict(DESIGNATABLE_NEEDS)
        return [labels.get(code, code) for code in self.designated_needs]

    @property
    def key_stage_labels(self) -> list[str]:
        return [KeyStage(stage).label for stage in self.key_stages if stage in KeyStage.values]


class CommissioningAgreement(models.Model):
    """Places the local authority commissions in a mainstream SEND hub for one academic year."""

    class Covers(models.TextChoices):
        TEACHERS = "teachers", "Qualified teachers"
        TEACHING_ASSISTANTS = "teaching_assistants", "Teaching assistants"
        LEADERSHIP = "leadership", "Enhanced leadership time"
        SENCO_TIME = "senco_time", "Enhanced SENCo time"
        MIDDAY = "midday", "Additional midday supervisor time"
        RESOURCES = "resources", "Additional learning resources"

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="agreements")
    academic_year = models.CharField(max_length=7, help_text='Written like "2025/26"')
    places = models.PositiveSmallIntegerField()
    place_funding = models.DecimalField("place funding per place a year", max_digits=9, decimal_places=2)
    top_up_per_place = models.DecimalField("top-up per place a year", max_digits=9, decimal_places=2)
    covers = models.JSONField(default=list, blank=True, help_text="What the funding covers")
    starts_on = models.DateField()
    ends_on = models.DateField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["hub", "academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "academic_year"], name="one_agreement_per_hub_and_year"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_ends_after_start"),
            models.CheckConstraint(
                condition=Q(place_funding__gte=0, top_up_per_place__gte=0), name="agreement_funding_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.places} places at {self.hub} in {self.academic_year}"

    @property
    def covers_labels(self) -> list[str]:
        return [self.Covers(code).label for code in self.covers if code in self.Covers.values]

    @property
    def yearly_funding(self):
        return self.places * (self.place_funding + self.top_up_per_place)


from hubs.gias.models import GiasImport  # noqa: E402,F401  (the schools register import)
