"""One timeline per pupil: SEN support, EHC, hub places and (from the referrals app) referrals.

Each source registers a provider; a provider must fetch only what the user may see, through
`visible_to(user)`. The pupils app stays ignorant of the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pupils.models import Pupil


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
