"""What the dashboards keep: census-day snapshots (counts only) and imported published figures."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from sendhub.models import School


class CensusSnapshot(models.Model):
    """Pupils by SEN provision at one school on one day: counts only, never a pupil."""

    class Term(models.TextChoices):
        AUTUMN = "autumn", "Autumn census"
        SPRING = "spring", "Spring census"
        SUMMER = "summer", "Summer census"
        ON_DEMAND = "on_demand", "Taken by an administrator"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="census_snapshots")
    taken_on = models.DateField()
    academic_year = models.CharField(max_length=7)
    term = models.CharField(max_length=10, choices=Term.choices)
    ehc_plan = models.PositiveIntegerField(default=0)
    sen_support = models.PositiveIntegerField(default=0)
    no_sen = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_on", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "taken_on"], name="one_snapshot_per_school_a_day")]
        indexes = [models.Index(fields=["academic_year", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.school} on {self.taken_on}"


class PublishedTimeliness(models.Model):
    """One row of the published local-authority-level EHC plan timeliness file (Explore Education Statistics)."""

    calendar_year = models.PositiveSmallIntegerField()
    geographic_level = models.CharField(max_length=20)  # National, Regional, Local authority
    region_code = models.CharField(max_length=12, blank=True)
    region_name = models.CharField(max_length=100, blank=True)
    la_code = models.CharField("old LA code", max_length=3, blank=True)
    la_name = models.CharField(max_length=150, blank=True)
    plans_including_exceptions = models.PositiveIntegerField(null=True)
    within_20_weeks_including_exceptions = models.PositiveIntegerField(null=True)
    plans_excluding_exceptions = models.PositiveIntegerField(null=True)
    within_20_weeks_excluding_exceptions = models.PositiveIntegerField(null=True)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_from = models.CharField(max_length=200)

    class Meta:
        ordering = ["-calendar_year", "geographic_level", "la_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_year", "geographic_level", "region_code", "la_code"],
                name="one_published_row_per_place_and_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.la_name or self.region_name or 'England'} {self.calendar_year}"

    @staticmethod
    def _percent(part: int | None, whole: int | None) -> float | None:
        return 100 * part / whole if part is not None and whole else None

    @property
    def percent_including(self) -> float | None:
        return self._percent(self.within_20_weeks_including_exceptions, self.plans_including_exceptions)

    @property
    def percent_excluding(self) -> float | None:
        return self._percent(self.within_20_weeks_excluding_exceptions, self.plans_excluding_exceptions)


class StatisticalNeighbour(models.Model):
    """One of a local authority's statistical neighbours (by old LA code), as the DfE's children's
    services statistical neighbour benchmarking tool lists them (closest first), recorded by an
    officer or administrator."""

    la_code = models.CharField("old LA code", max_length=3)
    neighbour_code = models.CharField("neighbour's old LA code", max_length=3)
    rank = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["la_code", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["la_code", "neighbour_code"], name="one_neighbour_once_per_la"),
            models.UniqueConstraint(fields=["la_code", "rank"], name="one_neighbour_per_rank"),
            models.CheckConstraint(
                condition=~models.Q(la_code=models.F("neighbour_code")), name="not_its_own_neighbour"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.la_code}: {self.rank}. {self.neighbour_code}"
