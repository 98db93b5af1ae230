"""What the pupils app adds to a mainstream hub's page: places today and the hub's pupils."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from hubs import hooks
from hubs.models import Hub
from pupils.places import occupancy
from sendhub import access
from sendhub.dates import academic_year


@hooks.register_hub_panel
def places_panel(request: HttpRequest, hub: Hub) -> str:
    if hub.kind != Hub.Kind.MAINSTREAM or not access.may_at_school(
        request.user, hub.host_school, "commissioning", access.VIEW
    ):
        return ""
    today = timezone.localdate()
    rows = occupancy.occupancy(hub, academic_year(today), today=today)
    current = (
        occupancy.overlapping(hub, today, occupancy.FAR_FUTURE).select_related("pupil").order_by("starts_on", "pk")
    )
    page = access.visible_page(request, current, per_page=100)
    return render_to_string(
        "pupils/places/hub_panel.html", {"hub": hub, "now": rows[-1], "page": page, "today": today}, request=request
    )


hooks.register_places_in_use(occupancy.places_in_use)
