"""Writes for hubs: their public details and the places the local authority commissions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from sendhub import access
from sendhub.dates import academic_year, academic_year_bounds
from sendhub.errors import DomainError
from sendhub.models import User

from . import hooks
from .models import CommissioningAgreement, Hub


@transaction.atomic
def hub_update(
    *, actor: User, hub: Hub, name: str, description: str, designated_needs: list[str], key_stages: list[str]
) -> Hub:
    if not access.can_manage_hub(actor, hub):
        raise PermissionDenied
    hub.name, hub.description = name, description
    if hub.kind == Hub.Kind.MAINSTREAM:
        hub.designated_needs, hub.key_stages = designated_needs, key_stages
    hub._history_user = actor
    hub.save()
    return hub


def _check_dates(label: str, starts_on: date, ends_on: date) -> None:
    first, last = academic_year_bounds(label)
    if not (first <= starts_on <= last):
        raise DomainError(f"The start date must be in the academic year {label}", field="starts_on")
    if not (first <= ends_on <= last):
        raise DomainError(f"The end date must be in the academic year {label}", field="ends_on")
    if ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")


def _check_places_cover_use(hub: Hub, places: int, starts_on: date, ends_on: date, label: str) -> None:
    used = hooks.places_in_use(hub, starts_on, ends_on)
    if places < used:
        raise DomainError(
            f"{used} places are held or offered at {hub.name} during {label}: commission at least {used}",
            field="places",
        )


def _require_commissioner(actor: User, hub: Hub) -> None:
    if hub.kind != Hub.Kind.MAINSTREAM:
        raise DomainError("Places are commissioned only in mainstream SEND hubs")
    if not access.may_at_school(actor, hub.host_school, "commissioning", access.EDIT):
        raise PermissionDenied


@transaction.atomic
def agreement_create(
    *,
    actor: User,
    hub: Hub,
    academic_year_label: str,
    places: int,
    place_funding: Decimal,
    top_up_per_place: Decimal,
    covers: list[str],
    starts_on: date | None = None,
    ends_on: date | None = None,
    notes: str = "",
) -> CommissioningAgreement:
    """Commission places for one academic year (one agreement per hub and year)."""
    hub = Hub.objects.select_for_update().get(pk=hub.pk)
    _require_commissioner(actor, hub)
    first, last = academic_year_bounds(academic_year_label)
    starts_on, ends_on = starts_on or first, ends_on or last
    _check_dates(academic_year_label, starts_on, ends_on)
    if CommissioningAgreement.objects.filter(hub=hub, academic_year=academic_year_label).exists():
        raise DomainError(
            f"Places at {hub.name} are already commissioned for {academic_year_label}: change that agreement instead",
            field="academic_year",
        )
    _check_places_cover_use(hub, places, starts_on, ends_on, academic_year_label)
    agreement = CommissioningAgreement(
        hub=hub,
        academic_year=academic_year_label,
        places=places,
        place_funding=place_funding,
        top_up_per_place=top_up_per_place,
        covers=covers,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
    )
    agreement._history_user = actor
    agreement._change_reason = "Places commissioned"
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: User,
    agreement: CommissioningAgreement,
    reason: str,
    places: int,
    place_funding: Decimal,
    top_up_per_place: Decimal,
    covers: list[str],
    starts_on: date,
    ends_on: date,
    notes: str = "",
) -> CommissioningAgreement:
    """Change an agreement; the reason is kept in its history with who changed it and when."""
    hub = Hub.objects.select_for_update().get(pk=agreement.hub_id)
    _require_commissioner(actor, hub)
    if not reason.strip():
        raise DomainError("Enter why you are changing the agreement", field="reason")
    _check_dates(agreement.academic_year, starts_on, ends_on)
    _check_places_cover_use(hub, places, starts_on, ends_on, agreement.academic_year)
    agreement = CommissioningAgreement.objects.get(pk=agreement.pk)
    agreement.places, agreement.place_funding, agreement.top_up_per_place = places, place_funding, top_up_per_place
    agreement.covers, agreement.starts_on, agreement.ends_on, agreement.notes = covers, starts_on, ends_on, notes
    agreement._history_user = actor
    agreement._change_reason = reason.strip()[:100]
    agreement.save()
    return agreement


def commissioning_years(today: date) -> list[str]:
    """The academic years an officer can commission for: the two before this one (to record
    agreements already made), this one and the next two."""
    start = int(academic_year(today)[:4])
    return [f"{y}/{(y + 1) % 100:02d}" for y in range(start - 2, start + 3)]
