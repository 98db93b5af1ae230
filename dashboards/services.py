"""Writes: census-day snapshots (counts only) and the published timeliness import."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from dashboards.models import CensusSnapshot, PublishedTimeliness
from pupils.models import Pupil
from sendhub.access import reach
from sendhub.codes import SENProvision
from sendhub.dates import academic_year
from sendhub.errors import DomainError


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    day = date(year, month, 1)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return day + timedelta(weeks=n - 1)


def census_days(year: int) -> dict[date, str]:
    """The school census days of a calendar year: spring (third Thursday of January), summer
    (third Thursday of May) and autumn (first Thursday of October)."""
    thursday = 3
    return {
        _nth_weekday(year, 1, thursday, 3): CensusSnapshot.Term.SPRING,
        _nth_weekday(year, 5, thursday, 3): CensusSnapshot.Term.SUMMER,
        _nth_weekday(year, 10, thursday, 1): CensusSnapshot.Term.AUTUMN,
    }


@transaction.atomic
def snapshot_take(*, day: date, term: str, actor: Any = None) -> int:
    """One row of counts per school for `day`; taking it again the same day changes nothing."""
    if actor is not None and not reach(actor).is_admin:
        raise DomainError("Only an administrator can take a snapshot")
    rows = (
        Pupil.objects.order_by()
        .values("school_id")
        .annotate(
            e=Count("pk", filter=Q(sen_provision=SENProvision.EHC_PLAN)),
            k=Count("pk", filter=Q(sen_provision=SENProvision.SEN_SUPPORT)),
            n=Count("pk", filter=Q(sen_provision=SENProvision.NO_SEN)),
        )
    )
    made = CensusSnapshot.objects.bulk_create(
        [
            CensusSnapshot(
                school_id=row["school_id"],
                taken_on=day,
                academic_year=academic_year(day),
                term=term,
                ehc_plan=row["e"],
                sen_support=row["k"],
                no_sen=row["n"],
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
    return len(made)


def snapshot_if_census_day(*, today: date) -> int:
    term = census_days(today.year).get(today)
    return snapshot_take(day=today, term=term) if term else 0


@transaction.atomic
def timeliness_import(*, rows: list[dict[str, Any]], filename: str) -> int:
    """Replace the published rows for the years in the file with the file's rows."""
    years = {row["calendar_year"] for row in rows}
    PublishedTimeliness.objects.filter(calendar_year__in=years).delete()
    PublishedTimeliness.objects.bulk_create(PublishedTimeliness(**row, imported_from=filename[:200]) for row in rows)
    return len(rows)


@transaction.atomic
def statistical_neighbours_set(*, actor: Any, la: Any, codes: list[str]) -> int:
    """Replace an authority's statistical neighbours (closest first); only its officers and administrators."""
    from dashboards.neighbours import known_codes, neighbour_problems

    r = reach(actor)
    if not (r.is_admin or la.pk in r.local_authorities):
        raise DomainError("Only the authority's officers or an administrator can record its statistical neighbours")
    problems = neighbour_problems(la.code, codes, known_codes())
    if problems:
        raise DomainError(problems[0])
    return _neighbours_replace({la.code: codes})


@transaction.atomic
def statistical_neighbours_import(*, neighbours: dict[str, list[str]]) -> int:
    """Replace the statistical neighbours of each authority in the file (checked by the reader)."""
    return _neighbours_replace(neighbours)


def _neighbours_replace(neighbours: dict[str, list[str]]) -> int:
    from dashboards.models import StatisticalNeighbour

    StatisticalNeighbour.objects.filter(la_code__in=list(neighbours)).delete()
    made = StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(la_code=la_code, neighbour_code=code, rank=rank)
        for la_code, codes in neighbours.items()
        for rank, code in enumerate(codes, start=1)
    )
    return len(made)
