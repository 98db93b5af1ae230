"""Passing a referral stays inside the child's local authority."""

import pytest
from django.urls import reverse

from hubs.models import Hub
from referrals.intake import services
from referrals.models import Referral
from sendhub.errors import DomainError
from sendhub.models import District, Role
from tests.factories import member


@pytest.fixture
def elsewhere_hub(personas):
    district = District.objects.get(name="Elsewhere", local_authority=personas.other_la)
    return Hub.objects.create(kind=Hub.Kind.DISTRICT, name="Elsewhere Hub", district=district)


def test_another_authoritys_hub_is_refused_by_the_service(personas, submitted, elsewhere_hub):
    with pytest.raises(DomainError, match="local authority"):
        services.referral_pass(actor=personas.coordinator, referral=submitted, hub=elsewhere_hub)
    submitted.refresh_from_db()
    assert submitted.hub.name == "North Hub"
    assert not Referral.objects.visible_to(personas.outsider).filter(pk=submitted.pk).exists()


def test_the_pass_form_offers_and_accepts_only_the_same_authoritys_hubs(client_for, personas, submitted, elsewhere_hub):
    coordinator = client_for(personas.coordinator)
    url = reverse("referrals:pass", kwargs={"pk": submitted.pk})
    page = coordinator.get(url).content.decode()
    assert "South Hub" in page and "Elsewhere Hub" not in page and "North Hub" not in page
    response = coordinator.post(url, {"hub": elsewhere_hub.pk})
    assert response.status_code == 200 and "Choose one of the district hubs" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.hub.name == "North Hub"
    other = member(Role.HUB_COORDINATOR, district=elsewhere_hub.district)
    assert client_for(other).get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).status_code == 404


def test_passing_to_a_hub_of_the_same_authority_still_works(personas, submitted, hubs):
    services.referral_pass(actor=personas.coordinator, referral=submitted, hub=hubs["b"])
    submitted.refresh_from_db()
    assert submitted.hub == hubs["b"]
