"""Staff reach consultations through the one policy: the hub's owners, and nobody else (a 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations import selectors, services
from consultations.models import Consultation, Response
from hubs.models import Hub
from sendhub.access import EDIT, can
from sendhub.models import Role
from tests.consultations.builders import answers_for, make_consultation
from tests.factories import member


@pytest.fixture
def responded(consultation) -> Response:
    return services.response_submit(consultation_id=consultation.pk, answers=answers_for(consultation))


@pytest.mark.django_db
def test_the_host_schools_leader_its_trust_its_la_and_admin_reach_a_mainstream_hubs_consultation(
    personas, consultation
):
    visible = {
        name
        for name in (
            "head_a",
            "trust_lead",
            "la_officer",
            "admin",
            "senco_a",
            "senco_b",
            "coordinator",
            "panel",
            "parent",
            "outsider",
            "nobody",
        )
        if Consultation.objects.visible_to(getattr(personas, name)).filter(pk=consultation.pk).exists()
    }
    assert visible == {"head_a", "trust_lead", "la_officer", "admin"}


@pytest.mark.django_db
def test_a_school_leader_of_school_b_cannot_see_school_as_consultation(client_for, personas, consultation, responded):
    head_b = member(Role.SCHOOL_LEADER, school=personas.school_b)
    client = client_for(head_b)
    for name, kwargs in [
        ("manage_detail", {"pk": consultation.pk}),
        ("manage_responses", {"pk": consultation.pk}),
        ("manage_export_csv", {"pk": consultation.pk}),
        ("manage_response", {"pk": consultation.pk, "response_pk": responded.pk}),
    ]:
        assert client.get(reverse(f"consultations:{name}", kwargs=kwargs)).status_code == 404, name
    assert client.post(reverse("consultations:manage_edit", args=[consultation.pk]), {}).status_code == 404
    assert consultation.title not in client.get(reverse("consultations:manage_list")).content.decode()


@pytest.mark.django_db
def test_another_organisations_staff_get_404_like_a_missing_consultation(client_for, personas, consultation):
    client = client_for(personas.outsider)
    assert client.get(reverse("consultations:manage_detail", args=[consultation.pk])).status_code == 404
    assert client.get(reverse("consultations:manage_detail", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_a_response_of_another_consultation_is_a_404_even_for_an_owner(client_for, personas, hub, consultation):
    other_hub = Hub.objects.create(kind=Hub.Kind.MAINSTREAM, host_school=personas.school_b, name="B hub")
    other = make_consultation(other_hub, slug="other")
    theirs = services.response_submit(consultation_id=other.pk, answers=answers_for(other))
    url = reverse("consultations:manage_response", args=[consultation.pk, theirs.pk])
    assert client_for(personas.head_a).get(url).status_code == 404


@pytest.mark.django_db
def test_roles_that_do_not_run_consultations_are_refused_the_staff_pages(client_for, personas):
    for user in (personas.senco_a, personas.coordinator, personas.panel, personas.parent, personas.nobody):
        assert client_for(user).get(reverse("consultations:manage_list")).status_code == 403


@pytest.mark.django_db
def test_staff_pages_ask_anonymous_visitors_to_sign_in(client, consultation):
    response = client.get(reverse("consultations:manage_detail", args=[consultation.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_trust_hubs_consultation_belongs_to_the_trust_not_to_a_school_leader(personas):
    trust_hub = Hub.objects.create(kind=Hub.Kind.TRUST, trust=personas.trust_a, name="Trust A hub")
    consultation = make_consultation(trust_hub, slug="trust")
    assert can(personas.trust_lead, consultation, EDIT)
    assert not Consultation.objects.visible_to(personas.head_a).filter(pk=consultation.pk).exists()
    assert not Consultation.objects.visible_to(personas.la_officer).filter(pk=consultation.pk).exists()


@pytest.mark.django_db
def test_a_district_hubs_consultation_belongs_to_the_districts_local_authority(personas):
    district_hub = Hub.objects.create(kind=Hub.Kind.DISTRICT, district=personas.district_a, name="North hub")
    consultation = make_consultation(district_hub, slug="district")
    assert can(personas.la_officer, consultation, EDIT)
    assert not can(personas.outsider, consultation, EDIT)
    assert not Consultation.objects.visible_to(personas.trust_lead).filter(pk=consultation.pk).exists()


@pytest.mark.django_db
def test_people_can_start_consultations_only_on_hubs_their_organisation_runs(personas, hub):
    trust_hub = Hub.objects.create(kind=Hub.Kind.TRUST, trust=personas.trust_a, name="Trust A hub")
    district_hub = Hub.objects.create(kind=Hub.Kind.DISTRICT, district=personas.district_a, name="North hub")
    b_hub = Hub.objects.create(kind=Hub.Kind.MAINSTREAM, host_school=personas.school_b, name="B hub")

    def hubs(user):
        return set(selectors.hubs_for_new_consultation(user))

    assert hubs(personas.head_a) == {hub}
    assert hubs(personas.trust_lead) == {hub, trust_hub}
    assert hubs(personas.la_officer) == {hub, district_hub, b_hub}
    assert hubs(personas.admin) == {hub, trust_hub, district_hub, b_hub}
    assert hubs(personas.outsider) == set() and hubs(personas.senco_a) == set()
    with pytest.raises(services.ConsultationError, match="Select a hub your organisation runs"):
        services.consultation_create(
            actor=personas.head_a,
            hub=b_hub,
            title="Not mine",
            summary="s",
            body="b",
            contact_name="c",
            contact_email="c@example.org",
            opening_date=hub_day(),
            closing_date=hub_day(),
        )


def hub_day():
    from tests.consultations.builders import today

    return today()


@pytest.mark.django_db
def test_services_check_the_policy_themselves(personas, consultation, responded):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.consultation_update(actor=personas.senco_a, consultation=consultation, title="Taken over")
    with pytest.raises(PermissionDenied):
        services.response_set_status(actor=personas.outsider, response=responded, status="spam")
