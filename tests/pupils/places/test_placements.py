"""Places in a mainstream SEND hub: through an EHC plan that names it, never beyond what is commissioned."""

import threading
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from pupils.models import EHCPlan, Placement
from pupils.places import occupancy
from pupils.places.services import placement_create, placement_end
from sendhub.dates import LONDON
from sendhub.errors import DomainError
from sendhub.models import AuditEvent, User
from tests.factories import PupilFactory
from tests.pdf import assert_accessible_pdf


def place(personas, hub, pupil, start=date(2025, 9, 3), end=date(2026, 7, 20)):
    return placement_create(actor=personas.la_officer, hub=hub, pupil=pupil, starts_on=start, planned_end_on=end)


def test_a_pupil_takes_a_place_only_through_a_plan_that_names_the_hub(personas, hub, commission):
    commission()
    pupil = PupilFactory(school=personas.school_a, sen_provision="E", primary_need="ASD")
    with pytest.raises(DomainError, match="does not name"):
        place(personas, hub, pupil)
    EHCPlan.objects.create(pupil=pupil, issued_on=date(2025, 1, 1), named_school=personas.school_a)
    with pytest.raises(DomainError, match="does not name"):
        place(personas, hub, pupil)


def test_the_fifteenth_place_is_refused_and_occupancy_changes_as_places_are_made(
    personas, hub, commission, named_pupils
):
    commission(places=14)
    pupils = named_pupils(15)
    for number, pupil in enumerate(pupils[:14], start=1):
        place(personas, hub, pupil)
        today = occupancy.occupancy(hub, "2025/26", today=date(2025, 10, 1))[-1]
        assert (today.commissioned, today.filled, today.vacant) == (14, number, 14 - number)
    with pytest.raises(DomainError, match="no free place .* all 14 places commissioned for 2025/26"):
        place(personas, hub, pupils[14])
    assert Placement.objects.count() == 14


def test_a_place_is_refused_if_it_would_overflow_on_any_single_day(personas, hub, commission, named_pupils):
    commission(places=2)
    a, b, c = named_pupils(3)
    place(personas, hub, a, date(2025, 9, 3), date(2025, 12, 19))
    place(personas, hub, b, date(2026, 3, 1), date(2026, 7, 20))
    # c fits in the autumn beside a, and in the summer beside b, but spans both: still only 2 at any time.
    place(personas, hub, c, date(2025, 10, 1), date(2026, 7, 20))
    d = named_pupils(1)[0]
    with pytest.raises(DomainError, match="Tuesday 2 December 2025|no free place"):
        place(personas, hub, d, date(2025, 12, 2), date(2025, 12, 5))
    place(personas, hub, d, date(2026, 1, 5), date(2026, 2, 27))  # a has left, b not yet started


def test_a_place_crossing_into_a_year_with_no_agreement_is_refused(personas, hub, commission, named_pupils):
    commission("2025/26")
    with pytest.raises(DomainError, match="No places are commissioned .* 2026/27"):
        place(personas, hub, named_pupils(1)[0], date(2026, 6, 1), date(2026, 10, 1))


def test_a_future_offer_counts_against_the_places_of_its_dates(personas, hub, commission, named_pupils):
    commission(places=1)
    offered, other = named_pupils(2)
    with time_machine.travel(datetime(2025, 10, 1, 9, tzinfo=LONDON), tick=False):
        place(personas, hub, offered, date(2026, 1, 5), date(2026, 7, 20))
        rows = {row.label: row for row in occupancy.occupancy(hub, "2025/26")}
    assert rows["Autumn 1"].offered == 0, "the offer was made after the first day of autumn 1"
    assert rows["Today"].offered == 1 and rows["Today"].filled == 0 and rows["Today"].vacant == 0
    with pytest.raises(DomainError):
        place(personas, hub, other, date(2026, 2, 1), date(2026, 3, 1))
    place(personas, hub, other, date(2025, 9, 3), date(2026, 1, 4))  # before the offer starts: free


def test_ending_a_place_frees_it_from_the_next_day(personas, hub, commission, named_pupils):
    commission(places=1)
    first, second = named_pupils(2)
    held = place(personas, hub, first)
    placement_end(actor=personas.la_officer, placement=held, ended_on=date(2025, 12, 19), reason="moved_school")
    with pytest.raises(DomainError):
        place(personas, hub, second, date(2025, 12, 19), date(2026, 1, 30))
    place(personas, hub, second, date(2025, 12, 20), date(2026, 1, 30))


def test_an_offer_not_taken_up_frees_the_place(personas, hub, commission, named_pupils):
    commission(places=1)
    first, second = named_pupils(2)
    offer = place(personas, hub, first, date(2026, 1, 5), date(2026, 7, 20))
    with pytest.raises(DomainError, match="before the place would have started"):
        placement_end(actor=personas.la_officer, placement=offer, ended_on=date(2026, 1, 6), reason="offer_declined")
    placement_end(actor=personas.la_officer, placement=offer, ended_on=date(2025, 11, 1), reason="offer_declined")
    place(personas, hub, second, date(2026, 1, 5), date(2026, 7, 20))


def test_dates_that_make_no_sense_are_refused(personas, hub, commission, named_pupils):
    commission()
    pupil = named_pupils(1)[0]
    with pytest.raises(DomainError, match="planned end date must be on or after"):
        place(personas, hub, pupil, date(2026, 1, 5), date(2025, 12, 1))
    with pytest.raises(DomainError, match="cannot start before the EHC plan"):
        place(personas, hub, pupil, date(2024, 9, 3), date(2025, 7, 1))


def test_the_host_schools_senco_sees_the_hubs_pupils_and_another_schools_senco_sees_none(
    client_for, personas, hub, commission, named_pupils
):
    commission("2026/27")
    visitor = PupilFactory(school=personas.school_b, sen_provision="E", primary_need="ASD", legal_first_name="Visiting")
    EHCPlan.objects.create(pupil=visitor, issued_on=date(2025, 3, 1), named_hub=hub)
    place(personas, hub, visitor, date(2026, 9, 2), date(2027, 7, 1))
    host = client_for(personas.senco_a).get(reverse("hubs:detail", kwargs={"pk": hub.pk})).content.decode()
    assert "Visiting" in host
    assert client_for(personas.senco_a).get(reverse("pupils:detail", kwargs={"pk": visitor.pk})).status_code == 200
    other = client_for(personas.outsider).get(reverse("hubs:detail", kwargs={"pk": hub.pk})).content.decode()
    assert "Visiting" not in other and "Places today" not in other
    assert client_for(personas.outsider).get(reverse("places:occupancy", kwargs={"pk": hub.pk})).status_code == 404


def test_the_places_register_csv_lists_each_place_and_is_audited_as_an_export(
    client_for, personas, hub, commission, named_pupils
):
    commission()
    pupils = named_pupils(2)
    for pupil in pupils:
        place(personas, hub, pupil)
    pupils[0].legal_first_name = "=HYPERLINK(evil)"
    pupils[0].save()
    response = client_for(personas.la_officer).get(
        reverse("places:register_csv", kwargs={"pk": hub.pk}), {"year": "2025/26"}
    )
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert response["Content-Type"].startswith("text/csv") and len(lines) == 3
    assert lines[0].startswith("UPN,Legal first name") and pupils[1].upn in text
    assert "'=HYPERLINK(evil)" in text
    assert AuditEvent.objects.filter(action="export", model="pupils.placement").count() == 2


def test_the_commissioning_summary_pdf_has_the_numbers_and_no_names(
    client_for, personas, hub, commission, named_pupils
):
    from io import BytesIO

    from pypdf import PdfReader

    commission(places=14)
    pupil = named_pupils(1)[0]
    place(personas, hub, pupil)
    response = client_for(personas.senco_a).get(
        reverse("places:summary_pdf", kwargs={"pk": hub.pk}), {"year": "2025/26"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Commissioning summary" in text and "Test Mainstream Hub" in text and "2025/26" in text
    assert "Autumn 1" in text and "14" in text
    assert_accessible_pdf(response.content, "Commissioning summary: Test Mainstream Hub, 2025/26")
    assert pupil.legal_last_name not in text


def test_an_unknown_year_in_the_address_falls_back_to_this_year(client_for, personas, hub):
    response = client_for(personas.la_officer).get(
        reverse("places:occupancy", kwargs={"pk": hub.pk}), {"year": "<script>"}
    )
    assert response.status_code == 200 and "<script>" not in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_officers_placing_pupils_at_once_for_the_last_free_place_exactly_one_succeeds(
    personas, hub, commission, named_pupils
):
    commission(places=3)
    pupils = named_pupils(10)
    for pupil in pupils[:2]:
        place(personas, hub, pupil)
    contenders = pupils[2:]
    barrier = threading.Barrier(len(contenders))
    outcomes: list[str] = []

    def attempt(pupil_id: int) -> None:
        try:
            officer = User.objects.get(pk=personas.la_officer.pk)
            pupil = type(pupils[0]).objects.get(pk=pupil_id)
            barrier.wait(timeout=10)
            placement_create(
                actor=officer, hub=hub, pupil=pupil, starts_on=date(2025, 9, 3), planned_end_on=date(2026, 7, 20)
            )
            outcomes.append("placed")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p.pk,)) for p in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["placed"] + ["refused"] * (len(contenders) - 1)
    assert Placement.objects.filter(hub=hub).count() == 3


def test_the_officer_can_choose_any_pupil_whose_plan_names_the_hub_even_with_a_place_next_year(
    client_for, personas, hub, commission, named_pupils
):
    commission("2025/26")
    commission("2026/27")
    pupil = named_pupils(1)[0]
    place(personas, hub, pupil, date(2026, 9, 2), date(2027, 7, 20))
    response = client_for(personas.la_officer).post(
        reverse("places:add", kwargs={"pk": hub.pk}),
        {
            "pupil": pupil.pk,
            "starts_on_0": "3",
            "starts_on_1": "9",
            "starts_on_2": "2025",
            "planned_end_on_0": "20",
            "planned_end_on_1": "7",
            "planned_end_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.filter(pupil=pupil).count() == 2
    overlapping = client_for(personas.la_officer).post(
        reverse("places:add", kwargs={"pk": hub.pk}),
        {
            "pupil": pupil.pk,
            "starts_on_0": "1",
            "starts_on_1": "6",
            "starts_on_2": "2026",
            "planned_end_on_0": "1",
            "planned_end_on_1": "10",
            "planned_end_on_2": "2026",
        },
    )
    assert "already has a place" in overlapping.content.decode()


def test_the_pupil_page_shows_the_hub_place_and_it_is_on_the_timeline(
    client_for, personas, hub, commission, named_pupils
):
    commission()
    pupil = named_pupils(1)[0]
    place(personas, hub, pupil)
    page = client_for(personas.senco_a).get(reverse("pupils:detail", kwargs={"pk": pupil.pk})).content.decode()
    assert "Places in mainstream SEND hubs" in page and "Test Mainstream Hub" in page
    assert "Place arranged at Test Mainstream Hub" in page


def test_the_timeline_takes_the_places_the_pupil_page_read_once_and_only_for_that_user(
    personas, hub, commission, named_pupils, django_assert_num_queries
):
    from pupils.places.timeline import keep_for_timeline, placement_events

    commission()
    pupil = named_pupils(1)[0]
    place(personas, hub, pupil)
    read = list(Placement.objects.filter(pupil=pupil).select_related("hub").order_by("-starts_on"))
    fresh = list(placement_events(pupil, personas.la_officer))
    keep_for_timeline(pupil, personas.la_officer, read)
    with django_assert_num_queries(0):
        assert list(placement_events(pupil, personas.la_officer)) == fresh
    assert list(placement_events(pupil, personas.la_officer)) == fresh  # read afresh: kept once
    keep_for_timeline(pupil, personas.la_officer, read)
    assert list(placement_events(pupil, personas.senco_b)) == []  # not another user's
