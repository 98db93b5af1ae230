"""Withdrawal of consent is honoured at once, and the record of it is kept."""

import pytest
from django.core import mail
from django.urls import reverse

from referrals.intake import services
from referrals.models import AgendaItem, Consent, Referral
from sendhub.errors import DomainError
from sendhub.models import Notification
from tests.pdf import assert_accessible_pdf
from tests.referrals.conftest import verbal


@pytest.fixture
def on_agenda(personas, submitted, meeting):
    services.referral_accept(actor=personas.coordinator, referral=submitted)
    return submitted


def test_the_invited_panel_member_sees_the_case_until_the_parent_withdraws_consent(
    client_for, personas, on_agenda, django_capture_on_commit_callbacks
):
    panel = client_for(personas.panel)
    url = reverse("referrals:detail", kwargs={"pk": on_agenda.pk})
    assert panel.get(url).status_code == 200
    pdf = panel.get(reverse("referrals:pdf", kwargs={"pk": on_agenda.pk}))
    assert pdf.status_code == 200
    assert_accessible_pdf(pdf.content, f"Referral {on_agenda.short_reference}: {on_agenda.pupil.name}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.parent).post(
            reverse("referrals:withdraw_consent", kwargs={"pk": on_agenda.pk}), {"note": "We want to wait"}
        )
    assert response.status_code == 302
    assert client_for(personas.panel).get(url).status_code == 404
    assert client_for(personas.panel).get(reverse("referrals:pdf", kwargs={"pk": on_agenda.pk})).status_code == 404
    on_agenda.refresh_from_db()
    assert on_agenda.status == Referral.Status.WITHDRAWN
    assert AgendaItem.objects.get(referral=on_agenda).removed_at is not None
    notice = Notification.objects.get(user=personas.coordinator, message__startswith="Consent was withdrawn")
    assert notice.url == url
    assert any("Consent for a referral was withdrawn" == m.subject for m in mail.outbox)
    home = client_for(personas.coordinator).get("/").content.decode()
    assert "Consent was withdrawn for a referral" in home


def test_the_record_of_consent_and_withdrawal_is_kept_and_the_details_hidden_from_the_hub(
    client_for, personas, on_agenda
):
    services.consent_withdraw(actor=personas.parent, referral=on_agenda, note="Changed our minds")
    consent = Consent.objects.get(referral=on_agenda)
    assert consent.withdrawn_by == personas.parent and consent.method == "verbal"
    coordinator_page = (
        client_for(personas.coordinator).get(reverse("referrals:detail", kwargs={"pk": on_agenda.pk})).content.decode()
    )
    assert "Consent was withdrawn" in coordinator_page and "Changed our minds" in coordinator_page
    assert on_agenda.concern not in coordinator_page
    school_page = (
        client_for(personas.senco_a).get(reverse("referrals:detail", kwargs={"pk": on_agenda.pk})).content.decode()
    )
    assert on_agenda.concern in school_page


def test_a_withdrawn_referral_cannot_be_put_back_on_an_agenda_or_sent_again(personas, on_agenda, meeting):
    services.consent_withdraw(actor=personas.senco_a, referral=on_agenda)
    with pytest.raises(DomainError):
        services.referral_submit(actor=personas.senco_a, referral=on_agenda)
    on_agenda.refresh_from_db()
    assert on_agenda.status == Referral.Status.WITHDRAWN


def test_consent_can_be_withdrawn_once_and_only_by_the_school_or_the_parent(client_for, personas, on_agenda):
    for persona in (personas.coordinator, personas.panel, personas.admin):
        assert (
            client_for(persona).post(reverse("referrals:withdraw_consent", kwargs={"pk": on_agenda.pk})).status_code
            == 403
        )
    services.consent_withdraw(actor=personas.senco_a, referral=on_agenda)
    assert (
        client_for(personas.parent).get(reverse("referrals:withdraw_consent", kwargs={"pk": on_agenda.pk})).status_code
        == 403
    )


def test_a_panel_member_of_an_agency_the_consent_does_not_cover_sees_nothing(client_for, personas, draft, meeting):
    verbal(personas, draft, covers_health=False)
    services.referral_submit(actor=personas.senco_a, referral=draft)
    services.referral_accept(actor=personas.coordinator, referral=draft)
    assert AgendaItem.objects.filter(referral=draft).exists()
    assert client_for(personas.panel).get(reverse("referrals:detail", kwargs={"pk": draft.pk})).status_code == 404


def test_a_panel_member_not_invited_sees_nothing(client_for, personas, submitted, meeting):
    from sendhub.models import Agency, Role
    from tests.factories import member

    uninvited = member(Role.PANEL_MEMBER, district=personas.district_a, agency=Agency.HEALTH)
    services.referral_accept(actor=personas.coordinator, referral=submitted)
    assert client_for(uninvited).get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).status_code == 404
    assert submitted.pupil.name not in client_for(uninvited).get(reverse("referrals:list")).content.decode()
