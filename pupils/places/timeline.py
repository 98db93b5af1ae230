"""Hub places on the pupil's timeline (only what the user may see)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from pupils.models import Placement, Pupil
from pupils.records.timeline import TimelineEvent, register


@register
def placement_events(pupil: Pupil, user: Any) -> Iterable[TimelineEvent]:
    for place in Placement.objects.visible_to(user).filter(pupil=pupil).select_related("hub"):
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
