"""Hub places on the pupil's timeline (only what the user may see)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from pupils.models import Placement, Pupil
from pupils.records.timeline import TimelineEvent, register


def keep_for_timeline(pupil: Pupil, user: Any, places: list[Placement]) -> None:
    """The pupil page has read the pupil's places (through the policy, for `user`, with their hubs):
    the timeline takes them from the pupil object instead of asking again (once)."""
    pupil._places = (getattr(user, "pk", None), places)


def _places(pupil: Pupil, user: Any) -> Iterable[Placement]:
    kept = getattr(pupil, "_places", None)
    if kept is not None:
        del pupil._places
        if kept[0] == getattr(user, "pk", None):
            # In the model's order, as the query below reads them (events on one day keep that order).
            return sorted(kept[1], key=lambda place: (place.starts_on, place.pk))
    return Placement.objects.visible_to(user).filter(pupil=pupil).select_related("hub")


@register
def placement_events(pupil: Pupil, user: Any) -> Iterable[TimelineEvent]:
    for place in _places(pupil, user):
        url = reverse("hubs:detail", kwargs={"pk": place.hub_id})
        yield TimelineEvent(
            place.created_at.date(),
            f"Place arranged at {place.hub.name}",
            "Hub place",
            detail=f"Starting {place.starts_on:%-d %B %Y}",
            url=url,
        )
        if place.ended_on:
            yield TimelineEvent(
                place.ended_on, f"Left {place.hub.name}", "Hub place", detail=place.get_end_reason_display(), url=url
            )
