"""A draft, and a referral returned for more information while the school edits it, belong to
the school (and the parent): the district hub sees a referral only once it is sent with consent."""

from django.urls import reverse

from referrals.intake import services
from referrals.models import Consent, Referral, ReferralEvent
from tests.referrals.conftest import upload, verbal


def _written(personas, referral):
    services.consent_record(
        actor=personas.senco_a,
        referral=referral,
        given_by_contact=referral.pupil.contacts.get(name="Parent Persona"),
        given_by_young_person=False,
        method="written",
        given_on=referral.created_at.date(),
        covers_education=True,
        covers_health=True,
        covers_social_care=True,
        document=upload(b"%PDF-1.4\n%%EOF\n"),
    )


def test_the_coordinator_cannot_see_a_draft_in_the_policy_or_any_page(client_for, personas, draft):
    _written(personas, draft)
    assert not Referral.objects.visible_to(personas.coordinator).filter(pk=draft.pk).exists()
    assert not Consent.objects.visible_to(personas.coordinator).filter(referral=draft).exists()
    assert not ReferralEvent.objects.visible_to(personas.coordinator).filter(referral=draft).exists()
    client = client_for(personas.coordinator)
    for name in ("referrals:detail", "referrals:pdf", "referrals:consent_document", "referrals:check"):
        assert client.get(reverse(name, kwargs={"pk": draft.pk})).status_code == 404, name
    assert draft.pupil.name not in client.get(reverse("referrals:list")).content.decode()
    # The school and the parent still have it.
    assert client_for(personas.senco_a).get(reverse("referrals:detail", kwargs={"pk": draft.pk})).status_code == 200
    assert client_for(personas.parent).get(reverse("referrals:detail", kwargs={"pk": draft.pk})).status_code == 200


def test_a_referral_returned_for_more_information_leaves_the_hub_until_sent_again(client_for, personas, submitted):
    coordinator = client_for(personas.coordinator)
    assert coordinator.get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).status_code == 200
    services.referral_request_information(actor=personas.coordinator, referral=submitted, message="Add the review")
    assert not Referral.objects.visible_to(personas.coordinator).filter(pk=submitted.pk).exists()
    for name in ("referrals:detail", "referrals:pdf"):
        assert coordinator.get(reverse(name, kwargs={"pk": submitted.pk})).status_code == 404, name
    assert submitted.pupil.name not in coordinator.get(reverse("referrals:list")).content.decode()
    services.referral_submit(actor=personas.senco_a, referral=submitted)
    assert coordinator.get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).status_code == 200


def test_the_panel_never_sees_a_draft_even_if_it_were_on_an_agenda(personas, draft, meeting):
    verbal(personas, draft)
    from referrals.models import AgendaItem

    AgendaItem.objects.create(meeting=meeting, referral=draft, kind=AgendaItem.Kind.NEW)
    assert not Referral.objects.visible_to(personas.panel).filter(pk=draft.pk).exists()
