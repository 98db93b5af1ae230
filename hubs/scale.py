"""The hubs app's part of a scale data set: a district hub in every district of the county, and
mainstream SEND hubs at some of its scale schools with places commissioned this year and next."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sendhub.dates import academic_year, academic_year_bounds
from sendhub.scale import ScaleContext

from .models import CommissioningAgreement, Hub


def seed(ctx: ScaleContext) -> None:
    for district in ctx.districts:
        Hub.objects.get_or_create(
            kind=Hub.Kind.DISTRICT, district=district, defaults={"name": f"{district.name} SEND and Inclusion Hub"}
        )
    primaries = [s for s in ctx.county.schools if s.phase == "primary"]
    step = max(1, len(primaries) // max(1, ctx.size.mainstream_hubs))
    hubs = []
    for school in primaries[::step][: ctx.size.mainstream_hubs]:
        hub, _ = Hub.objects.get_or_create(
            kind=Hub.Kind.MAINSTREAM,
            host_school=school,
            defaults={
                "name": f"{school.name} Mainstream SEND Hub",
                "designated_needs": ["ASD", "SLCN"],
                "key_stages": ["KS1", "KS2"],
            },
        )
        hubs.append(hub)
    this_year = academic_year(ctx.today)
    next_year = academic_year(date(academic_year_bounds(this_year)[1].year, 9, 1))
    for n, hub in enumerate(hubs):
        for label in (this_year, next_year):
            first, last = academic_year_bounds(label)
            CommissioningAgreement.objects.get_or_create(
                hub=hub,
                academic_year=label,
                defaults={
                    "places": 10 + n % 7,
                    "place_funding": Decimal("10000"),
                    "top_up_per_place": Decimal("6000"),
                    "covers": ["teachers", "teaching_assistants"],
                    "starts_on": first,
                    "ends_on": last,
                },
            )
    ctx.extra["mainstream_hubs"] = hubs
    ctx.say(f"{len(ctx.districts)} district hubs, {len(hubs)} mainstream hubs with places commissioned")
