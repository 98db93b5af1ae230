"""Ceasing an EHC plan ends the hub place it holds, on the cessation date."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from pupils.ehc import services as ehc
from pupils.models import AnnualReview, Placement
from pupils.places.services import placement_create
from sendhub.dates import LONDON


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=LONDON), tick=False):
        yield


def _place(personas, hub, pupil, start, end):
    return placement_create(actor=personas.la_officer, hub=hub, pupil=pupil, starts_on=start, planned_end_on=end)


def test_ceasing_the_plan_ends_the_place_on_the_cessation_date(personas, hub, commission, named_pupils):
    commission("2025/26")
    commission("2026/27")
    pupil, other = named_pupils(2)
    held = _place(personas, hub, pupil, date(2025, 9, 3), date(2026, 7, 20))
    offered = _place(personas, hub, pupil, date(2026, 9, 2), date(2027, 7, 20))
    untouched = _place(personas, hub, other, date(2025, 9, 3), date(2026, 7, 20))
    plan = pupil.ehc_plans.get()
    review = ehc.review_add(actor=personas.la_officer, plan=plan, meeting_on=date(2026, 2, 2))
    ehc.review_record(
        actor=personas.la_officer, review=review, decision=AnnualReview.Decision.CEASE, decision_on=date(2026, 2, 20)
    )
    held.refresh_from_db()
    assert (held.ended_on, held.end_reason) == (date(2026, 2, 20), Placement.EndReason.PLAN_CEASED)
    offered.refresh_from_db()
    assert offered.ended_on == date(2026, 2, 20) and offered.status_on(date(2026, 3, 2)) == "Offer not taken up"
    untouched.refresh_from_db()
    assert untouched.ended_on is None


def test_the_register_shows_the_place_ended_after_the_cessation_page(
    client_for, personas, hub, commission, named_pupils
):
    commission("2025/26")
    pupil = named_pupils(1)[0]
    _place(personas, hub, pupil, date(2025, 9, 3), date(2026, 7, 20))
    review = ehc.review_add(actor=personas.la_officer, plan=pupil.ehc_plans.get(), meeting_on=date(2026, 2, 2))
    client = client_for(personas.la_officer)
    response = client.post(
        reverse("pupils:ehc_review_decision", kwargs={"pk": review.pk}),
        {"decision": "cease", "decision_on_0": "20", "decision_on_1": "2", "decision_on_2": "2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    csv = client.get(reverse("places:register_csv", kwargs={"pk": hub.pk})).content.decode()
    assert "2026-07-20,2026-02-20,EHC plan ceased,Ended" in csv.replace("\r", "")
