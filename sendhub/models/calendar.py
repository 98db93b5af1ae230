"""Term dates and bank holidays: the calendar that meetings and occupancy are counted in."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .organisations import LocalAuthority

HALF_TERM_NAMES = {1: "Autumn 1", 2: "Autumn 2", 3: "Spring 1", 4: "Spring 2", 5: "Summer 1", 6: "Summer 2"}


class HalfTerm(models.Model):
    """One of the six half terms of an academic year, for a local authority (or England's defaults)."""

    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="half_terms",
        help_text="Empty: the England default used where an authority has not set its own",
    )
    academic_year = models.CharField(max_length=7, help_text='Written like "2025/26"')
    number = models.PositiveSmallIntegerField(choices=sorted(HALF_TERM_NAMES.items()))
    starts_on = models.DateField()
    ends_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["academic_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "academic_year", "number"], name="one_half_term_per_number"
            ),
            models.UniqueConstraint(
                fields=["academic_year", "number"],
                condition=Q(local_authority__isnull=True),
                name="one_default_half_term_per_number",
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="half_term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.academic_year}"

    @property
    def name(self) -> str:
        return HALF_TERM_NAMES[self.number]

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last day must be on or after the first day"})


class BankHoliday(models.Model):
    """From a saved copy of the UK bank holidays feed (manage.py import_bank_holidays)."""

    class Division(models.TextChoices):
        ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    division = models.CharField(max_length=20, choices=Division.choices)
    date = models.DateField()
    title = models.CharField(max_length=150)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["division", "date"], name="one_bank_holiday_per_day")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d %b %Y})"
