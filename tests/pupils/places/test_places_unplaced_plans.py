"""The places page lists the current EHC plans naming the hub with no place held or offered today
or later, whichever academic year the page shows (issue 19: the pupils placed are read with the
occupancy, not by a subquery)."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from pupils.models import Placement
from sendhub.dates import LONDON

HEADING = "EHC plans naming the hub with no place arranged"


@pytest.mark.parametrize("year", ["", "2024/25", "2025/26", "2026/27", "2027/28"])
def test_plans_without_a_place_today_or_later_are_listed_for_any_year(
    client_for, personas, hub, commission, named_pupils, year
):
    for label in ("2024/25", "2025/26", "2026/27"):
        commission(label)
    held, offered_next_year, left, never = named_pupils(4)
    spans = [
        (held, date(2025, 9, 3), date(2026, 7, 20)),
        (offered_next_year, date(2026, 9, 3), date(2027, 7, 20)),
        (left, date(2024, 9, 4), date(2025, 7, 18)),
    ]
    for pupil, starts_on, planned_end_on in spans:
        Placement.objects.create(
            hub=hub,
            pupil=pupil,
            plan=pupil.ehc_plans.get(),
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            created_by=personas.la_officer,
            created_at=datetime(2024, 9, 1, 9, tzinfo=LONDON),
        )
    url = reverse("places:occupancy", kwargs={"pk": hub.pk}) + (f"?year={year}" if year else "")
    with time_machine.travel(datetime(2025, 10, 1, 9, tzinfo=LONDON), tick=False):
        page = client_for(personas.la_officer).get(url).content.decode()
    listed = page.split(HEADING, 1)[1].split("</ul>", 1)[0]
    assert f"{left.name} (" in listed and f"{never.name} (" in listed
    assert f"{held.name} (" not in listed and f"{offered_next_year.name} (" not in listed
