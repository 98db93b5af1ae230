"""A case consultation about a child with no referral: the school records consent as it asks (the
referral's consent record, form and rules), and withdrawing it closes the consultation at once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pupils.models import Pupil
from referrals.models import Consent
from sendhub.errors import DomainError
from sendhub.models import User
from trusthub import advice
from trusthub.models import AdviceRequest

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    with time_machine.travel(NOW, tick=False) as traveller:
        call_command("seed_demo", verbosity=0)
        yield traveller


def person(email: str) -> User:
    return User.objects.get(email=email)


def child_without_referral() -> Pupil:
    """A child at St Aldhelm's (a trust school) with a parent or carer and no referral at all."""
    senco = person("senco.a@example.org")
    return (
        advice.child_pupils(senco)
        .filter(referrals__isnull=True, contacts__has_parental_responsibility=True)
        .distinct()
        .first()
    )


def verbal(child: Pupil, **changes):
    values = {
        "given_by_contact": child.contacts.filter(has_parental_responsibility=True).first(),
        "given_by_young_person": False,
        "method": Consent.Method.VERBAL,
        "given_on": date(2026, 11, 20),
        "covers_education": True,
        "taken_by": "Hannah Okafor",
        "taken_at": datetime(2026, 11, 20, 15, 10, tzinfo=LONDON),
        "explained": "What the trust SEND hub is, who would see the question, and that consent can be withdrawn.",
    }
    return values | changes


def test_a_senco_asks_about_a_child_with_no_referral_recording_verbal_consent(client):
    child = child_without_referral()
    assert child is not None and not child.referrals.exists()
    item = advice.advice_ask_about_child(
        actor=person("senco.a@example.org"), pupil=child, question="How can we support transitions?", **verbal(child)
    )
    assert item.kind == AdviceRequest.Kind.CASE and item.pupil == child and item.school == child.school
    assert item.consent.referral is None and item.consent.method == "verbal"
    client.force_login(person("trust.lead@example.org"))
    page = client.get(reverse("trusthub:advice", args=[item.pk])).content.decode()
    assert child.name in page and "Verbal consent from" in page
    client.force_login(person("senco.b@example.org"))  # the SENCo of a school in another trust
    assert client.get(reverse("trusthub:advice", args=[item.pk])).status_code == 404
    assert child.name not in client.get(reverse("trusthub:advice_list")).content.decode()
    assert client.get(reverse("trusthub:advice_ask_child_consent", kwargs={"pupil": child.pk})).status_code == 404


def test_the_same_date_rules_as_a_referral_refuse_impossible_consent():
    child = child_without_referral()
    senco = person("senco.a@example.org")
    with pytest.raises(DomainError, match="today or in the past"):
        advice.advice_ask_about_child(
            actor=senco, pupil=child, question="?", **verbal(child, given_on=date(2026, 12, 1))
        )
    with pytest.raises(DomainError, match="date of birth"):
        advice.advice_ask_about_child(
            actor=senco, pupil=child, question="?", **verbal(child, given_on=date(child.date_of_birth.year - 1, 1, 1))
        )
    with pytest.raises(DomainError, match="16th birthday"):
        advice.advice_ask_about_child(
            actor=senco,
            pupil=child,
            question="?",
            **verbal(child, given_by_contact=None, given_by_young_person=True),
        )
    assert not AdviceRequest.objects.filter(pupil=child).exists()
    assert not Consent.objects.filter(referral__isnull=True).exists()


def test_withdrawal_makes_the_child_details_404_for_the_trust_lead(client):
    child = child_without_referral()
    item = advice.advice_ask_about_child(
        actor=person("senco.a@example.org"), pupil=child, question="Sensory needs?", **verbal(child)
    )
    url = reverse("trusthub:advice", args=[item.pk])
    client.force_login(person("trust.lead@example.org"))
    assert client.get(url).status_code == 200
    client.force_login(person("senco.a@example.org"))
    assert "Withdraw consent" in client.get(url).content.decode()
    response = client.post(reverse("trusthub:advice_withdraw_consent", args=[item.pk]), {"note": "Parent asked"})
    assert response.status_code == 302
    assert Consent.objects.get(pk=item.consent_id).withdrawn_at is not None
    for email in ("trust.lead@example.org", "senco.a@example.org", "admin@example.org"):
        client.force_login(person(email))
        assert client.get(url).status_code == 404, email
    assert child.name not in client.get(reverse("trusthub:advice_list")).content.decode()


def test_the_route_records_written_consent_and_refuses_a_future_date_with_a_govuk_error(client):
    child = child_without_referral()
    client.force_login(person("senco.a@example.org"))
    chooser = client.post(reverse("trusthub:advice_ask_child"), {"pupil": child.pk})
    url = reverse("trusthub:advice_ask_child_consent", kwargs={"pupil": child.pk})
    assert chooser.status_code == 302 and chooser.url == url
    contact = child.contacts.filter(has_parental_responsibility=True).first()
    form = {
        "given_by": contact.pk,
        "method": "written",
        "given_on_0": 2,
        "given_on_1": 12,
        "given_on_2": 2026,
        "covers": ["education", "health"],
        "question": "Would a movement break plan help?",
    }
    refused = client.post(url, form | {"document": SimpleUploadedFile("form.pdf", PDF, "application/pdf")})
    page = refused.content.decode()
    assert refused.status_code == 200 and "govuk-error-summary" in page
    assert "The date consent was given must be today or in the past" in page
    missing = client.post(url, form | {"given_on_0": 20, "given_on_1": 11})
    assert "Select the signed consent form" in missing.content.decode()
    sent = client.post(
        url,
        form | {"given_on_0": 20, "given_on_1": 11, "document": SimpleUploadedFile("f.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 302
    item = AdviceRequest.objects.get(pupil=child)
    assert item.consent.method == "written" and item.consent.document_type == "application/pdf"
    assert item.consent.covers_health and item.consent.referral is None
