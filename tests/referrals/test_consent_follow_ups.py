"""Written or verbal consent: the details are asked beneath the chosen answer (a GOV.UK conditional
reveal), and only the chosen answer's details are required."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from referrals.intake.forms import ConsentForm
from referrals.models import Consent
from tests.referrals.conftest import PDF, consent_answers, upload


def _form(draft, *, files=None, has_document=False, **changes):
    return ConsentForm(consent_answers(draft, **changes), files, pupil=draft.pupil, has_document=has_document)


def _verbal_details(day=None):
    day = day or timezone.localdate() - timedelta(days=1)
    return {
        "taken_by": "Hannah the SENCo",
        "taken_on_0": day.day,
        "taken_on_1": day.month,
        "taken_on_2": day.year,
        "taken_time": "3:15pm",
        "explained": "What the hub does",
    }


def test_verbal_consent_requires_who_took_it_and_when_but_not_a_signed_form(draft):
    form = _form(draft, method="verbal")
    assert not form.is_valid()
    assert set(form.errors) == {"taken_by", "taken_on", "taken_time", "explained"}
    assert form.errors["taken_by"] == ["Enter who took the consent"]


def test_written_consent_requires_the_signed_form_but_not_the_verbal_details(draft):
    form = _form(draft, method="written", taken_time="25:99")  # a broken verbal answer is ignored
    assert not form.is_valid()
    assert set(form.errors) == {"document"}
    assert form.errors["document"] == ["Select the signed consent form"]


def test_written_consent_with_a_form_already_uploaded_needs_no_new_file(draft):
    form = _form(draft, method="written", has_document=True)
    assert form.is_valid(), form.errors
    assert form.consent_details() == {"document": None}


def test_the_details_of_the_answer_not_chosen_are_dropped(draft):
    form = _form(draft, method="written", files={"document": upload(PDF)}, **_verbal_details())
    assert form.is_valid(), form.errors
    assert set(form.consent_details()) == {"document"}
    assert form.cleaned_data["taken_by"] is None


def test_no_method_chosen_asks_for_the_method_only(draft):
    form = _form(draft, method="")
    assert not form.is_valid()
    assert set(form.errors) == {"method"}


def test_the_consent_page_records_verbal_consent_and_its_details_at_once(client_for, personas, draft):
    client = client_for(personas.senco_a)
    url = reverse("referrals:step", kwargs={"pk": draft.pk, "step": "consent"})
    response = client.post(url, consent_answers(draft, method="verbal", **_verbal_details()))
    assert response["Location"] == reverse("referrals:check", kwargs={"pk": draft.pk})
    consent = Consent.objects.get(referral=draft)
    assert consent.method == "verbal" and consent.taken_by == "Hannah the SENCo" and not consent.document


def test_the_follow_ups_sit_beneath_their_answer_and_errors_link_to_the_revealed_field(client_for, personas, draft):
    client = client_for(personas.senco_a)
    url = reverse("referrals:step", kwargs={"pk": draft.pk, "step": "consent"})
    page = client.post(url, consent_answers(draft, method="verbal")).content.decode()
    # Radios numbered from 1; each names the follow-up it reveals; the follow-ups are in the page.
    assert 'id="id_method_2"' in page and 'data-app-reveals="conditional_method_2"' in page
    assert 'class="govuk-radios__conditional" id="conditional_method_2"' in page
    assert 'href="#id_taken_by">Enter who took the consent</a>' in page
    assert 'href="#id_taken_on_0"' in page  # a date links to its day box
    assert page.index('id="conditional_method_2"') < page.index('id="id_taken_by"') < page.index('id="id_given_on_0"')


def test_the_old_details_address_leads_to_the_consent_page(client_for, personas, draft):
    response = client_for(personas.senco_a).get(
        reverse("referrals:step", kwargs={"pk": draft.pk, "step": "consent-details"})
    )
    assert response["Location"] == reverse("referrals:step", kwargs={"pk": draft.pk, "step": "consent"})
