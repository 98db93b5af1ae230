"""The organisations people work for: local authorities, their districts, trusts and schools."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords


class DigitsField(models.CharField):
    """A code of exactly `digits` digits (URN, LAESTAB, LA code) with one clear message when wrong."""

    def __init__(self, *args, digits: int, message: str, blank_message: str, **kwargs):
        self.digits, self.message = digits, message
        kwargs["max_length"] = digits
        kwargs.setdefault("error_messages", {})["blank"] = blank_message
        super().__init__(*args, **kwargs)

    @property
    def validators(self):
        # Only the digits rule: a length error beside it would say the same thing twice.
        return [RegexValidator(rf"^[0-9]{{{self.digits}}}\Z", self.message, code="invalid")]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        blank_message = kwargs.pop("error_messages", {}).get("blank", "")
        return (
            name,
            path,
            args,
            {**kwargs, "digits": self.digits, "message": self.message, "blank_message": blank_message},
        )


class LocalAuthority(models.Model):
    code = DigitsField(
        "DfE local authority code",
        digits=3,
        unique=True,
        message="Enter the local authority code as 3 digits, like 838",
        blank_message="Enter the local authority code",
    )
    name = models.CharField(max_length=150)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "local authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A district of a local authority; each has a SEND & Inclusion hub and a Locality Management Group."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(max_length=150)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="district_name_unique_in_la"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def hub_name(self) -> str:
        return f"{self.name} SEND and Inclusion Hub"


class Trust(models.Model):
    name = models.CharField(max_length=200, unique=True)
    # The "Trusts (code)" of Get Information About Schools, when known.
    gias_code = models.CharField("GIAS trust code", max_length=20, unique=True, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        MIDDLE_PRIMARY = "middle_primary", "Middle deemed primary"
        SECONDARY = "secondary", "Secondary"
        MIDDLE_SECONDARY = "middle_secondary", "Middle deemed secondary"
        SIXTEEN_PLUS = "16_plus", "16 plus"
        ALL_THROUGH = "all_through", "All-through"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    class ResourcedProvision(models.TextChoices):
        NONE = "", "Not applicable"
        RESOURCED_PROVISION = "resourced_provision", "Resourced provision"
        SEN_UNIT = "sen_unit", "SEN unit"
        BOTH = "both", "Resourced provision and SEN unit"

    urn = DigitsField(
        "URN", digits=6, unique=True, message="Enter the URN as 6 digits, like 113462", blank_message="Enter the URN"
    )
    laestab = DigitsField(
        "LAESTAB",
        digits=7,
        unique=True,
        blank_message="Enter the LAESTAB",
        message="Enter the LAESTAB as 7 digits: the 3-digit local authority code then the 4-digit establishment number",
    )
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    establishment_type = models.CharField(max_length=120, blank=True)
    is_special = models.BooleanField("special school", default=False)
    is_open = models.BooleanField(default=True)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="schools")
    # GIAS does not say which district a school is in, so imported schools start without one.
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools", null=True, blank=True)
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, related_name="schools", null=True, blank=True)
    resourced_provision = models.CharField(
        max_length=20, choices=ResourcedProvision.choices, blank=True, default=ResourcedProvision.NONE
    )
    resourced_provision_on_roll = models.PositiveIntegerField(null=True, blank=True)
    resourced_provision_capacity = models.PositiveIntegerField(null=True, blank=True)
    sen_unit_on_roll = models.PositiveIntegerField(null=True, blank=True)
    sen_unit_capacity = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        la = self.local_authority if self.local_authority_id else None
        if la and self.laestab and len(self.laestab) == 7 and not self.laestab.startswith(la.code):
            errors["laestab"] = (
                f"The LAESTAB must start with {la.code}, the code of {la.name}: "
                f"{self.laestab[:3]} is another local authority's code"
            )
        if la and self.district_id and self.district.local_authority_id != la.pk:
            errors["district"] = f"Choose a district of {la.name}"
        if errors:
            raise ValidationError(errors)

    @property
    def establishment_number(self) -> str:
        return self.laestab[3:]
