"""One timeline per pupil: SEN support, EHC, hub places and (from the referrals app) referrals.

Each source registers a provider; a provider must fetch only what the user may see, through
`visible_to(user)`. The pupils app stays ignorant of the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from .models import ParentMeeting, Placement, Pupil, SupportCycle


@dataclass(frozen=True)
class TimelineEvent:
    on: date
    title: str
    kind: str  # a tag: "SEN support", "EHC", "Hub place", "Referral", "Parent meeting"
    detail: str = ""
    url: str | None = None


Provider = Callable[[Pupil, Any], Iterable[TimelineEvent]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_for(pupil: Pupil, user: Any) -> list[TimelineEvent]:
    events = [event for provider in _providers for event in provider(pupil, user)]
    return sorted(events, key=lambda e: (e.on, e.title), reverse=True)


@register
def sen_support_events(pupil: Pupil, user: Any) -> Iterable[TimelineEvent]:
    cycles = SupportCycle.objects.visible_to(user).filter(pupil=pupil)
    for cycle in cycles:
        url = reverse("pupils:cycle", kwargs={"pk": cycle.pk})
        yield TimelineEvent(cycle.started_on, "SEN support cycle started", "SEN support", url=url)
        if cycle.reviewed_on:
            yield TimelineEvent(
                cycle.reviewed_on, "SEN support reviewed", "SEN support",
                detail=f"Next step: {cycle.get_next_step_display().lower()}", url=url,
            )
    for meeting in ParentMeeting.objects.visible_to(user).filter(pupil=pupil):
        yield TimelineEvent(meeting.held_on, "Meeting with parents", "Parent meeting", detail=meeting.attendees)


@register
def placement_events(pupil: Pupil, user: Any) -> Iterable[TimelineEvent]:
    for place in Placement.objects.visible_to(user).filter(pupil=pupil).select_related("hub"):
        url = reverse("hubs:detail", kwargs={"pk": place.hub_id})
        yield TimelineEvent(place.created_at.date(), f"Place arranged at {place.hub.name}", "Hub place",
                            detail=f"Starting {place.starts_on:%-d %B %Y}", url=url)
        if place.ended_on:
            yield TimelineEvent(place.ended_on, f"Left {place.hub.name}", "Hub place", detail=place.get_end_reason_display(), url=url)
