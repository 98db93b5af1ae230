"""Where apps that build on hubs plug in, so that hubs need not import them.

The pupils app records places in hubs; it registers how many places are in use (for the
commissioning rules) and the panels it adds to a hub's page (occupancy, the hub's pupils).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import Hub

# (hub, first day, last day) -> the most places held or offered on any day of that span.
PlacesInUse = Callable[["Hub", date, date], int]
_places_in_use: list[PlacesInUse] = []

# (request, hub) -> HTML for the hub's page, or "" when the user may see nothing of it.
HubPanel = Callable[[HttpRequest, "Hub"], str]
_hub_panels: list[HubPanel] = []


def register_places_in_use(provider: PlacesInUse) -> PlacesInUse:
    if provider not in _places_in_use:
        _places_in_use.append(provider)
    return provider


def register_hub_panel(panel: HubPanel) -> HubPanel:
    if panel not in _hub_panels:
        _hub_panels.append(panel)
    return panel


def places_in_use(hub: Hub, first: date, last: date) -> int:
    return max((provider(hub, first, last) for provider in _places_in_use), default=0)


def hub_panels(request: HttpRequest, hub: Hub) -> list[str]:
    return [html for panel in _hub_panels if (html := panel(request, hub))]
