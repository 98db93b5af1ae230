"""Reads with rules: the pupil list's flags and a pupil's SEN support figures, computed in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils import timezone

from pupils.models import (
    NOTIONAL_SEN_BUDGET_THRESHOLD,
    PARENT_MEETINGS_PER_YEAR,
    Pupil,
)
from sendhub.dates import academic_year, academic_year_start_year

__all__ = [
    "PARENT_MEETINGS_PER_YEAR",
    "NOTIONAL_SEN_BUDGET_THRESHOLD",
    "with_flags",
    "SupportFigures",
    "support_figures",
]


def with_flags(queryset: QuerySet[Pupil], *, today: date | None = None) -> QuerySet[Pupil]:
    """Annotate each pupil with parent meetings this academic year.

    Read from the pupil's own `parent_meetings_count`, kept by the services that write meetings
    (`parent_meetings_refresh`); a count kept for an earlier academic year is 0 this year. The
    yearly cost of current support (the provision of the pupil's most recent SEN support cycle)
    is the pupil's own `support_cost`, kept by the services that write cycles.
    """
    start_year = academic_year_start_year(today or timezone.localdate())
    return queryset.annotate(
        meetings_this_year=Case(
            When(parent_meetings_year=start_year, then=F("parent_meetings_count")),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


@dataclass(frozen=True)
class SupportFigures:
    academic_year: str
    meetings_this_year: int
    support_cost: Decimal

    @property
    def needs_parent_meetings(self) -> bool:
        return self.meetings_this_year < PARENT_MEETINGS_PER_YEAR

    @property
    def meetings_to_go(self) -> int:
        return max(0, PARENT_MEETINGS_PER_YEAR - self.meetings_this_year)

    @property
    def over_notional_budget(self) -> bool:
        return self.support_cost > NOTIONAL_SEN_BUDGET_THRESHOLD

    @property
    def above_threshold_by(self) -> Decimal:
        return max(Decimal("0"), self.support_cost - NOTIONAL_SEN_BUDGET_THRESHOLD)


def support_figures(pupil: Pupil, *, today: date | None = None, as_read: bool = False) -> SupportFigures:
    """The flags of one pupil, with the same query as the list.

    `as_read`: the pupil was read from the database in this request (all its fields): its kept
    count and cost are taken from it, by the list's rule (`with_flags`), instead of read again.
    """
    today = today or timezone.localdate()
    if as_read:
        start_year = academic_year_start_year(today)
        meetings = pupil.parent_meetings_count if pupil.parent_meetings_year == start_year else 0
        cost = pupil.support_cost
    else:
        row = (
            with_flags(Pupil.objects.filter(pk=pupil.pk), today=today)
            .values("meetings_this_year", "support_cost")
            .get()
        )
        meetings, cost = row["meetings_this_year"], row["support_cost"]
    return SupportFigures(academic_year=academic_year(today), meetings_this_year=meetings, support_cost=cost)
