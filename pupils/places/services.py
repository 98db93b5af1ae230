"""Places in mainstream SEND hubs: taken only through an EHC plan that names the hub, never
more than the places commissioned on any day."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction

from hubs.models import Hub
from pupils.models import EHCPlan, Placement, Pupil
from pupils.places import occupancy
from sendhub import access
from sendhub.dates import academic_year
from sendhub.errors import DomainError
from sendhub.models import User


def _require_commissioner(actor: User, hub: Hub) -> None:
    if not access.may_at_school(actor, hub.host_school, "commissioning", access.EDIT):
        raise PermissionDenied


def _check_capacity(hub: Hub, first: date, last: date) -> None:
    """Refuse if one more place would exceed the places commissioned on any day from `first` to `last`."""
    agreements = occupancy.agreements_for(hub, first, last)
    spans = list(occupancy.overlapping(hub, first, last).values_list("starts_on", "held_until"))
    # Places held rise only on a start day; places commissioned change only where an agreement
    # or an academic year starts or ends. Those are the only days that need counting.
    candidates = {first} | {start for start, _ in spans} | _year_starts(first, last)
    for agreement in agreements.values():
        candidates |= {agreement.starts_on, agreement.ends_on + timedelta(days=1)}
    for day in sorted(d for d in candidates if first <= d <= last):
        places = occupancy.commissioned_on(agreements, day)
        held = occupancy.held_on(spans, day)
        if held + 1 <= places:
            continue
        year = academic_year(day)
        if places == 0:
            raise DomainError(
                f"No places are commissioned at {hub.name} on {day:%A %-d %B %Y} ({year}). Commission places for "
                f"{year} first, or change the dates",
                field="starts_on",
            )
        raise DomainError(
            f"There is no free place at {hub.name} on {day:%A %-d %B %Y}: all {places} places commissioned for "
            f"{year} are filled or offered",
            field="starts_on",
        )


def _year_starts(first: date, last: date) -> set[date]:
    return {date(y, 9, 1) for y in range(first.year, last.year + 1) if first <= date(y, 9, 1) <= last}


@transaction.atomic
def placement_create(*, actor: User, hub: Hub, pupil: Pupil, starts_on: date, planned_end_on: date) -> Placement:
    """Arrange a place for a pupil whose current EHC plan names the hub.

    The hub's row is locked first, so two officers placing pupils at once are taken one after
    the other, and the second sees the first's place when it counts.
    """
    hub = Hub.objects.select_for_update(of=("self",)).select_related("host_school").get(pk=hub.pk)
    _require_commissioner(actor, hub)
    if hub.kind != Hub.Kind.MAINSTREAM or not hub.is_active:
        raise DomainError("Places can only be arranged in an open mainstream SEND hub")
    if not access.can(actor, pupil, access.VIEW):
        raise PermissionDenied
    plan = EHCPlan.objects.filter(pupil=pupil, named_hub=hub, ceased_on__isnull=True).first()
    if plan is None:
        raise DomainError(
            f"{pupil.name}'s EHC plan does not name {hub.name}. A place is taken only through an EHC plan that "
            "names the hub: name it in the plan (final plan or an amendment) first",
            field="pupil",
        )
    if planned_end_on < starts_on:
        raise DomainError("The planned end date must be on or after the start date", field="planned_end_on")
    if starts_on < plan.issued_on:
        raise DomainError(
            f"The place cannot start before the EHC plan naming the hub was made ({plan.issued_on:%-d %B %Y})",
            field="starts_on",
        )
    if occupancy.overlapping(hub, starts_on, planned_end_on).filter(pupil=pupil).exists():
        raise DomainError(f"{pupil.name} already has a place at {hub.name} for some of these dates", field="pupil")
    _check_capacity(hub, starts_on, planned_end_on)
    placement = Placement(
        pupil=pupil, hub=hub, plan=plan, starts_on=starts_on, planned_end_on=planned_end_on, created_by=actor
    )
    placement._history_user = actor
    placement.save()
    return placement


@transaction.atomic
def placement_end(*, actor: User, placement: Placement, ended_on: date, reason: str, notes: str = "") -> Placement:
    """A pupil leaves the hub, or an offer is not taken up. The place is free from the next day."""
    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("hub__host_school").get(pk=placement.pk)
    )
    _require_commissioner(actor, placement.hub)
    if placement.ended_on:
        raise DomainError("This place has already ended")
    if reason not in Placement.EndReason.values:
        raise DomainError("Select why the place ended", field="reason")
    if reason == Placement.EndReason.OFFER_DECLINED:
        if ended_on >= placement.starts_on:
            raise DomainError(
                "An offer not taken up must be withdrawn before the place would have started; otherwise choose why "
                "the pupil left",
                field="ended_on",
            )
    elif ended_on < placement.starts_on:
        raise DomainError(
            f"The end date must be on or after the start date ({placement.starts_on:%-d %B %Y})", field="ended_on"
        )
    placement.ended_on, placement.end_reason, placement.end_notes = ended_on, reason, notes
    placement._history_user = actor
    placement.save()
    return placement
