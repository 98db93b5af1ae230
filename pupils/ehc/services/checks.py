"""Checks shared by the EHC services: dates in order and not in the future, and named settings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from hubs.models import Hub
from sendhub.errors import DomainError
from sendhub.models import School


def long_date(day: date) -> str:
    """3 March 2026: the GOV.UK date style, used in every message."""
    return f"{day.day} {day:%B %Y}"


def local_today() -> date:
    return timezone.localdate()


def sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def check_dates(
    obj: Any,
    *,
    labels: dict[str, str],
    order: Iterable[tuple[str, str]],
    changed: set[str],
    may_be_future: frozenset[str] = frozenset(),
) -> None:
    """Dates that happened are not in the future, and each pair in `order` is in that order.

    A broken pair is reported from the side the person just changed, so the message
    points at the field on their form.
    """
    today = local_today()
    for name in sorted(changed, key=list(labels).index):
        value = getattr(obj, name)
        if value is not None and value > today and name not in may_be_future:
            raise DomainError(f"{sentence(labels[name])} must be today or in the past", field=name)
    for earlier, later in order:
        first, second = getattr(obj, earlier), getattr(obj, later)
        if first is None or second is None or first <= second:
            continue
        if later in changed or earlier not in changed:
            raise DomainError(
                f"{sentence(labels[later])} must be the same as or after {labels[earlier]}, {long_date(first)}",
                field=later,
            )
        raise DomainError(
            f"{sentence(labels[earlier])} must be the same as or before {labels[later]}, {long_date(second)}",
            field=earlier,
        )


def check_named_setting(
    school: School | None, hub: Hub | None, *, school_field: str, hub_field: str, required: bool
) -> None:
    """A plan names a school or an active mainstream SEND hub (seed 000), never both."""
    if school is not None and hub is not None:
        raise DomainError("Name a school or a mainstream SEND hub, not both", field=school_field)
    if required and school is None and hub is None:
        raise DomainError("Enter the school or select the mainstream SEND hub the plan names", field=school_field)
    if school is not None and not school.is_open:
        raise DomainError(f"{school.name} is closed: enter the URN of an open school", field=school_field)
    if hub is not None and (hub.kind != Hub.Kind.MAINSTREAM or not hub.is_active):
        raise DomainError(
            f"{hub.name} is not an active mainstream SEND hub: select one that is taking pupils", field=hub_field
        )
