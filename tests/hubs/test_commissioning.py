"""Commissioning places: who may, one agreement a year, every change with who and why."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hubs.models import CommissioningAgreement, Hub
from hubs.services import agreement_create, agreement_update
from pupils.places.services import placement_create
from sendhub.errors import DomainError


def form(label="2025/26", places="14", **extra):
    return {
        "academic_year": label,
        "places": places,
        "place_funding": "10000",
        "top_up_per_place": "6000",
        "covers": ["teachers", "teaching_assistants", "senco_time"],
        **extra,
    }


def test_the_la_officer_commissions_14_places_for_2025_26(client_for, personas, hub):
    response = client_for(personas.la_officer).post(reverse("hubs:agreement_add", kwargs={"pk": hub.pk}), form())
    agreement = CommissioningAgreement.objects.get()
    assert response["Location"] == reverse("hubs:agreement", kwargs={"pk": agreement.pk})
    assert (agreement.places, agreement.starts_on, agreement.ends_on) == (14, date(2025, 9, 1), date(2026, 8, 31))
    assert agreement.yearly_funding == Decimal("224000")
    assert agreement.covers_labels == ["Qualified teachers", "Teaching assistants", "Enhanced SENCo time"]
    record = agreement.history.get()
    assert record.history_user == personas.la_officer and record.history_change_reason == "Places commissioned"


def test_a_second_agreement_for_the_same_year_is_refused(personas, hub):
    agreement_create(
        actor=personas.la_officer,
        hub=hub,
        academic_year_label="2025/26",
        places=14,
        place_funding=Decimal("1"),
        top_up_per_place=Decimal("1"),
        covers=[],
    )
    with pytest.raises(DomainError, match="already commissioned for 2025/26"):
        agreement_create(
            actor=personas.la_officer,
            hub=hub,
            academic_year_label="2025/26",
            places=10,
            place_funding=Decimal("1"),
            top_up_per_place=Decimal("1"),
            covers=[],
        )


def test_a_change_needs_a_reason_and_the_history_keeps_who_why_and_what(client_for, personas, commission):
    agreement = commission()
    url = reverse("hubs:agreement_edit", kwargs={"pk": agreement.pk})
    data = {"places": "16", "place_funding": "10000", "top_up_per_place": "5000", "covers": ["teachers"]}
    response = client_for(personas.la_officer).post(url, data)
    assert "Enter why you are changing the agreement" in response.content.decode()
    client_for(personas.la_officer).post(url, {**data, "reason": "Two more places for the spring term"})
    agreement.refresh_from_db()
    assert agreement.places == 16
    latest = agreement.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Two more places for the spring term"
    assert latest.history_user == personas.la_officer
    page = client_for(personas.senco_a).get(reverse("hubs:agreement", kwargs={"pk": agreement.pk})).content.decode()
    assert "Two more places for the spring term" in page


def test_places_cannot_be_cut_below_the_places_in_use(personas, commission, hub, named_pupils):
    agreement = commission(places=3)
    for pupil in named_pupils(3):
        placement_create(
            actor=personas.la_officer,
            hub=hub,
            pupil=pupil,
            starts_on=date(2025, 9, 3),
            planned_end_on=date(2026, 7, 20),
        )
    with pytest.raises(DomainError, match="3 places are held or offered"):
        agreement_update(
            actor=personas.la_officer,
            agreement=agreement,
            reason="cut",
            places=2,
            place_funding=Decimal("1"),
            top_up_per_place=Decimal("1"),
            covers=[],
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
        )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"places": "0"}, "Commission at least 1 place"),
        ({"places": "fourteen"}, "whole number"),
        ({"place_funding": "-1"}, "must be £0 or more"),
        ({"starts_on_0": "1", "starts_on_1": "8", "starts_on_2": "2025"}, "must be in the academic year 2025/26"),
        ({"academic_year": "1999/00"}, "Select a valid choice"),
    ],
)
def test_bad_commissioning_input_is_explained(client_for, personas, hub, changes, message):
    response = client_for(personas.la_officer).post(
        reverse("hubs:agreement_add", kwargs={"pk": hub.pk}), form(**changes)
    )
    assert message in response.content.decode() and not CommissioningAgreement.objects.exists()


def test_only_the_host_schools_la_commissions(client_for, personas, hub):
    assert (
        client_for(personas.outsider).post(reverse("hubs:agreement_add", kwargs={"pk": hub.pk}), form()).status_code
        == 403
    )
    assert (
        client_for(personas.senco_a).post(reverse("hubs:agreement_add", kwargs={"pk": hub.pk}), form()).status_code
        == 403
    )
    assert not CommissioningAgreement.objects.exists()


def test_another_authoritys_agreement_is_a_404(client_for, personas, commission):
    agreement = commission()
    assert client_for(personas.outsider).get(reverse("hubs:agreement", kwargs={"pk": agreement.pk})).status_code == 404
    assert client_for(personas.senco_b).get(reverse("hubs:agreement", kwargs={"pk": agreement.pk})).status_code == 404


def test_the_public_sees_the_hub_but_no_pupils_or_money(client, personas, commission, hub, named_pupils):
    commission("2026/27")
    pupil = named_pupils(1)[0]
    placement_create(
        actor=personas.la_officer, hub=hub, pupil=pupil, starts_on=date(2026, 9, 2), planned_end_on=date(2027, 7, 1)
    )
    html = client.get(reverse("hubs:detail", kwargs={"pk": hub.pk})).content.decode()
    assert hub.name in html and "EHC plan" in html
    assert pupil.legal_first_name not in html and "£" not in html


def test_the_hub_owner_edits_the_description_for_families(client_for, personas, hub):
    client_for(personas.la_officer).post(
        reverse("hubs:edit", kwargs={"pk": hub.pk}),
        {
            "name": "Renamed Hub",
            "description": "For pupils with autism",
            "designated_needs": ["ASD"],
            "key_stages": ["KS1"],
        },
    )
    hub.refresh_from_db()
    assert (hub.name, hub.designated_needs, hub.key_stages) == ("Renamed Hub", ["ASD"], ["KS1"])
    assert (
        client_for(personas.senco_a).post(reverse("hubs:edit", kwargs={"pk": hub.pk}), {"name": "x"}).status_code == 403
    )


def test_a_trust_hub_is_run_by_its_trust(client_for, personas):
    hub = Hub.objects.create(kind=Hub.Kind.TRUST, name="Trust A Hub", trust=personas.trust_a)
    assert client_for(personas.trust_lead).get(reverse("hubs:edit", kwargs={"pk": hub.pk})).status_code == 200
    assert client_for(personas.la_officer).get(reverse("hubs:edit", kwargs={"pk": hub.pk})).status_code == 403
