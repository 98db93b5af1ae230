"""The coordinator's decisions, and who may take them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from referrals.intake import services
from referrals.models import AgendaItem, Referral
from sendhub.errors import DomainError
from sendhub.models import Role
from tests.factories import member


def test_accepting_puts_the_referral_on_the_next_meetings_agenda(client_for, personas, submitted, meeting):
    response = client_for(personas.coordinator).post(reverse("referrals:accept", kwargs={"pk": submitted.pk}))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Referral.Status.ACCEPTED
    assert AgendaItem.objects.get(meeting=meeting, referral=submitted).kind == "new"


def test_asking_for_more_information_returns_it_to_the_school_who_can_send_it_again(client_for, personas, submitted):
    client_for(personas.coordinator).post(
        reverse("referrals:request_information", kwargs={"pk": submitted.pk}), {"message": "Please add the last review"}
    )
    submitted.refresh_from_db()
    assert submitted.status == Referral.Status.MORE_INFORMATION
    page = client_for(personas.senco_a).get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).content.decode()
    assert "Please add the last review" in page and "Change and send again" in page
    client_for(personas.senco_a).post(
        reverse("referrals:step", kwargs={"pk": submitted.pk, "step": "support"}),
        {"support_tried": "Two cycles; last review in March"},
    )
    client_for(personas.senco_a).post(reverse("referrals:check", kwargs={"pk": submitted.pk}))
    submitted.refresh_from_db()
    assert submitted.status == Referral.Status.SUBMITTED and "March" in submitted.support_tried
    assert submitted.events.first().title == "Sent again with more information"


def test_declining_needs_a_reason_the_school_then_sees(client_for, personas, submitted):
    response = client_for(personas.coordinator).post(
        reverse("referrals:decline", kwargs={"pk": submitted.pk}), {"message": ""}
    )
    assert "Enter why the referral is declined" in response.content.decode()
    client_for(personas.coordinator).post(
        reverse("referrals:decline", kwargs={"pk": submitted.pk}), {"message": "Needs an EHC review first"}
    )
    page = client_for(personas.senco_a).get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).content.decode()
    assert "Declined" in page and "Needs an EHC review first" in page


def test_passing_to_another_districts_hub_hands_it_to_that_coordinator(client_for, personas, submitted, hubs):
    other = member(Role.HUB_COORDINATOR, district=personas.district_b)
    client_for(personas.coordinator).post(reverse("referrals:pass", kwargs={"pk": submitted.pk}), {"hub": hubs["b"].pk})
    submitted.refresh_from_db()
    assert submitted.hub == hubs["b"] and submitted.status == Referral.Status.SUBMITTED
    assert submitted.pupil.name in client_for(other).get(reverse("referrals:inbox")).content.decode()
    assert (
        client_for(personas.coordinator).get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).status_code
        == 404
    )


def test_only_the_coordinator_of_the_referrals_hub_decides(client_for, personas, submitted):
    for persona in (personas.senco_a, personas.admin):
        assert client_for(persona).post(reverse("referrals:accept", kwargs={"pk": submitted.pk})).status_code == 403
    assert (
        client_for(personas.outsider).post(reverse("referrals:accept", kwargs={"pk": submitted.pk})).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=personas.senco_a, referral=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Referral.Status.SUBMITTED


def test_a_decision_is_taken_once(personas, submitted):
    services.referral_accept(actor=personas.coordinator, referral=submitted)
    with pytest.raises(DomainError, match="nothing to decide"):
        services.referral_decline(actor=personas.coordinator, referral=submitted, reason="late")


def test_every_change_is_on_the_timeline_with_who_and_when(client_for, personas, submitted):
    services.referral_accept(actor=personas.coordinator, referral=submitted)
    titles = list(submitted.events.order_by("at", "pk").values_list("title", "actor"))
    assert titles == [
        ("Draft started", personas.senco_a.pk),
        ("Submitted to the hub", personas.senco_a.pk),
        ("Accepted for a meeting", personas.coordinator.pk),
    ]
    page = (
        client_for(personas.coordinator).get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).content.decode()
    )
    assert "What has happened" in page and personas.senco_a.full_name in page
