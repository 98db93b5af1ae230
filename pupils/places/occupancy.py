"""How many places in a mainstream SEND hub are commissioned, filled, offered and vacant.

A place is *filled* on a day when the pupil has started and not left; *offered* when the
EHC plan names the hub and a place is arranged but the pupil has not started yet (seed 000).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hubs.models import CommissioningAgreement, Hub
from pupils.models import Placement
from sendhub.calendar.selectors import half_terms
from sendhub.dates import academic_year, academic_year_bounds

FAR_FUTURE = date(9999, 12, 31)


def _last_day() -> Coalesce:
    return Coalesce("ended_on", "planned_end_on", Value(FAR_FUTURE), output_field=DateField())


def _with_last_day(queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    return queryset.annotate(held_until=_last_day())


def overlapping(hub: Hub, first: date, last: date) -> QuerySet[Placement]:
    """Places in the hub held on at least one day from `first` to `last` (offers not taken up never are)."""
    return (
        _with_last_day(Placement.objects.filter(hub=hub, starts_on__lte=last))
        .filter(held_until__gte=first)
        .filter(held_until__gte=F("starts_on"))
    )


def commissioned_on(agreements: dict[str, CommissioningAgreement], day: date) -> int:
    agreement = agreements.get(academic_year(day))
    return agreement.places if agreement and agreement.starts_on <= day <= agreement.ends_on else 0


def agreements_for(hub: Hub, first: date, last: date) -> dict[str, CommissioningAgreement]:
    years = {academic_year(first), academic_year(last)}
    start_year, end_year = int(academic_year(first)[:4]), int(academic_year(last)[:4])
    years |= {f"{y}/{(y + 1) % 100:02d}" for y in range(start_year, end_year + 1)}
    return {a.academic_year: a for a in CommissioningAgreement.objects.filter(hub=hub, academic_year__in=years)}


def held_on(spans: list[tuple[date, date]], day: date) -> int:
    """How many of the (first day, last day) spans cover `day`."""
    return sum(1 for start, end in spans if start <= day <= end)


def busiest_day(spans: list[tuple[date, date]], first: date, last: date) -> tuple[int, date]:
    """The most spans covering one day between `first` and `last`, and the first such day.

    Occupancy only rises on a start day, so only those days (and `first`) need counting.
    """
    candidates = {first} | {start for start, _ in spans if first <= start <= last}
    best, best_day = 0, first
    for day in sorted(candidates):
        held = held_on(spans, day)
        if held > best:
            best, best_day = held, day
    return best, best_day


def places_in_use(hub: Hub, first: date, last: date) -> int:
    spans = list(overlapping(hub, first, last).values_list("starts_on", "held_until"))
    return busiest_day(spans, first, last)[0]


@dataclass(frozen=True)
class OccupancyRow:
    label: str
    on: date
    commissioned: int
    filled: int
    offered: int

    @property
    def vacant(self) -> int:
        return max(0, self.commissioned - self.filled - self.offered)

    @property
    def over(self) -> int:
        """Places held beyond those commissioned (never, while the rules hold)."""
        return max(0, self.filled + self.offered - self.commissioned)


def occupancy(
    hub: Hub,
    label: str,
    *,
    today: date | None = None,
    agreements: dict[str, CommissioningAgreement] | None = None,
) -> list[OccupancyRow]:
    """Commissioned, filled, offered and vacant places on the first day of each half term, and today.

    One query for the hub's places held or offered around those dates, counted per date here.
    """
    return occupancy_and_placed(hub, label, today=today, agreements=agreements)[0]


def occupancy_and_placed(
    hub: Hub,
    label: str,
    *,
    today: date | None = None,
    agreements: dict[str, CommissioningAgreement] | None = None,
) -> tuple[list[OccupancyRow], set[int]]:
    """`occupancy()`, and the pupils with a place in the hub held on `today` or later (those
    `overlapping(hub, today, FAR_FUTURE)` finds), from the same query.
    """
    terms = half_terms(label, hub.host_school.local_authority if hub.host_school_id else None)
    points = [(term.name, term.starts_on) for term in terms]
    today = today or timezone.localdate()
    first, last = academic_year_bounds(label)
    if first <= today <= last:
        points.append(("Today", today))
    if agreements is None:  # else the caller's: the hub's agreements by academic year (any superset of these)
        agreements = agreements_for(hub, first, last)
    # One query for the places that can count on any of the dates (few: a hub's places), counted
    # here: the same rules as conditional counts in SQL, without compiling two per date.
    days = [day for _, day in points]
    year_ends = [academic_year_bounds(academic_year(day))[1] for day in days]
    earliest, latest = min(days), max(year_ends)
    # Also the places held on today or later, for the pupils placed (`placed`): the extra rows
    # (starting after `latest`, or held only before `earliest`) count on none of the dates.
    rows_read = list(
        _with_last_day(Placement.objects.filter(hub=hub))
        .filter(Q(held_until__gte=min(earliest, today)) | Q(starts_on__gt=earliest))
        .values_list("starts_on", "held_until", "ended_on", "created_at", "pupil_id")
        .order_by()  # counted and collected here: any order
    )
    placed = {
        pupil_id
        for starts_on, held_until, _, _, pupil_id in rows_read
        if held_until >= today and held_until >= starts_on
    }
    spans = [
        (starts_on, held_until, ended_on, timezone.localdate(created_at))
        for starts_on, held_until, ended_on, created_at, _ in rows_read
        if starts_on <= latest
    ]
    rows = []
    for (name, day), year_end in zip(points, year_ends, strict=True):
        filled = sum(1 for starts_on, held_until, _, _ in spans if starts_on <= day <= held_until)
        offered = sum(
            1
            for starts_on, _, ended_on, offered_on in spans
            if offered_on <= day < starts_on <= year_end and (ended_on is None or ended_on > day)
        )
        rows.append(OccupancyRow(name, day, commissioned_on(agreements, day), filled, offered))
    return rows, placed


def register(hub: Hub, label: str) -> QuerySet[Placement]:
    """The places register: every place held or offered at some time in the academic year."""
    first, last = academic_year_bounds(label)
    # The last day filters, never shows: an alias, not a column every row reads.
    return (
        Placement.objects.filter(hub=hub, starts_on__lte=last)
        .alias(held_until=_last_day())
        .filter(held_until__gte=first)
    )
