"""A referral goes to the hub only with consent that stands: refused by the service, the model and every page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pupils.models import Contact
from referrals.intake import services
from referrals.intake.consent import consent_problem
from referrals.models import Consent, Referral
from sendhub.dates import add_years_clamped
from sendhub.errors import DomainError
from tests.factories import ContactFactory, PupilFactory
from tests.referrals.conftest import PDF, PNG, upload, verbal


def test_no_consent_no_submission(personas, draft):
    with pytest.raises(DomainError, match="Record the consent"):
        services.referral_submit(actor=personas.senco_a, referral=draft)
    draft.refresh_from_db()
    assert draft.status == Referral.Status.DRAFT


def test_verbal_consent_with_all_its_details_lets_the_school_submit(personas, draft):
    verbal(personas, draft)
    referral = services.referral_submit(actor=personas.senco_a, referral=draft)
    assert referral.status == Referral.Status.SUBMITTED and referral.submitted_at is not None


# Every way consent can fail to stand, as a change to otherwise valid verbal consent.
BROKEN = {
    "no one gave it": {"given_by_contact": None},
    "a contact without parental responsibility": {"given_by_contact": "No PR Uncle"},
    "a young person under 16": {"given_by_contact": None, "given_by_young_person": True},
    "no method": {"method": ""},
    "written with no form": {"method": "written"},
    "verbal without who took it": {"taken_by": "  "},
    "verbal without when": {"taken_at": None},
    "verbal taken in the future": {"taken_at": "future"},
    "verbal without what was explained": {"explained": ""},
    "no date": {"given_on": None},
    "a date in the future": {"given_on": "future"},
    "covering no agency": {"covers_education": False, "covers_health": False, "covers_social_care": False},
}


# Impossible dates the service refuses to record (tests/referrals/test_consent_dates.py); a
# record made before that rule, or written around the service, must still not go to the hub.
IMPOSSIBLE = {"a young person under 16", "verbal taken in the future", "a date in the future"}


def broken_consent(personas, referral, how: str) -> None:
    changes = dict(BROKEN[how])
    if changes.get("given_by_contact") == "No PR Uncle":
        changes["given_by_contact"] = Contact.objects.get(pupil=referral.pupil, name="No PR Uncle")
    if changes.get("taken_at") == "future":
        changes["taken_at"] = timezone.now() + timedelta(hours=2)
    if changes.get("given_on") == "future":
        changes["given_on"] = timezone.localdate() + timedelta(days=1)
    if how in IMPOSSIBLE:
        verbal(personas, referral)
        Consent.objects.filter(referral=referral).update(**changes)
        referral.refresh_from_db()
        return
    verbal(personas, referral, **changes)


@pytest.mark.parametrize("how", BROKEN)
def test_consent_that_does_not_stand_is_named(personas, draft, how):
    broken_consent(personas, draft, how)
    assert consent_problem(draft) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    how=st.sampled_from(sorted(BROKEN) + ["withdrawn", "no consent record"]),
    route=st.sampled_from(["service", "model save", "check page POST", "queryset save by admin code"]),
    who=st.sampled_from(["senco_a", "senco_b", "coordinator", "parent", "admin", "outsider"]),
)
def test_there_is_no_way_to_submit_without_consent_that_stands(personas, child, client_for, how, route, who):
    # Examples share the database: the last example's referral ends, so the child may be referred again.
    Referral.objects.filter(pupil=child).update(status=Referral.Status.CLOSED)
    referral = services.referral_start(actor=personas.senco_a, pupil=child)
    services.referral_update(actor=personas.senco_a, referral=referral, concern="c", needs="n", support_tried="s")
    if how == "withdrawn":
        verbal(personas, referral)
        Consent.objects.filter(referral=referral).update(withdrawn_at=timezone.now())
    elif how != "no consent record":
        broken_consent(personas, referral, how)
    actor = getattr(personas, who)
    if route == "service":
        with pytest.raises((DomainError, PermissionDenied)):
            services.referral_submit(actor=actor, referral=referral)
    elif route == "model save":
        referral.status = Referral.Status.SUBMITTED
        with pytest.raises(ValidationError):
            referral.save()
    elif route == "check page POST":
        client_for(actor).post(reverse("referrals:check", kwargs={"pk": referral.pk}))
    else:
        fresh = Referral.objects.get(pk=referral.pk)
        fresh.status = Referral.Status.ACCEPTED
        with pytest.raises(ValidationError):
            fresh.save()
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.DRAFT


def test_the_admin_cannot_change_a_referral(client_for, personas, draft):
    url = reverse("admin:referrals_referral_change", kwargs={"object_id": draft.pk})
    response = client_for(personas.admin).post(url, {"status": "submitted"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Referral.Status.DRAFT


def test_a_young_person_of_16_can_give_their_own_consent(personas, hubs):
    today = timezone.localdate()
    teen = PupilFactory(school=personas.school_a, date_of_birth=add_years_clamped(today, -16), year_group="11")
    referral = services.referral_start(actor=personas.senco_a, pupil=teen)
    services.referral_update(actor=personas.senco_a, referral=referral, concern="c", needs="n", support_tried="s")
    verbal(personas, referral, given_by_contact=None, given_by_young_person=True, given_on=today)
    assert services.referral_submit(actor=personas.senco_a, referral=referral).status == Referral.Status.SUBMITTED


def test_a_contact_of_another_child_cannot_give_consent(personas, draft):
    stranger = ContactFactory(pupil=PupilFactory(school=personas.school_a))
    with pytest.raises(DomainError, match="parent or carer of this child"):
        verbal(personas, draft, given_by_contact=stranger)


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "consent.pdf", "must be a PDF, JPG or PNG"),
        (b"just some text, named like a PDF", "consent.pdf", "must be a PDF, JPG or PNG"),
        (b"", "consent.pdf", "The selected file is empty"),
        (PDF + b"\x00" * (10 * 1024 * 1024), "consent.pdf", "must be smaller than 10MB"),
    ],
)
def test_written_consent_forms_are_checked_by_their_content(personas, draft, content, name, message):
    with pytest.raises(DomainError, match=message):
        verbal(personas, draft, method="written", document=upload(content, name))
    assert not Consent.objects.filter(referral=draft).exclude(document="").exists()


@pytest.mark.parametrize(
    "content, kind", [(PDF, "application/pdf"), (PNG, "image/png"), (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "image/jpeg")]
)
def test_a_pdf_jpg_or_png_form_is_kept_under_a_random_name(personas, draft, content, kind):
    consent = verbal(personas, draft, method="written", document=upload(content, "Kit Referral-Test consent.pdf"))
    assert consent.document_type == kind
    assert "Kit" not in consent.document.name and consent.document.name.startswith("consent/")
    assert services.referral_submit(actor=personas.senco_a, referral=draft).status == Referral.Status.SUBMITTED


def test_an_upload_over_10mb_is_refused_with_a_clear_message_on_the_page(client_for, personas, draft):
    verbal(personas, draft, method="written")
    response = client_for(personas.senco_a).post(
        reverse("referrals:step", kwargs={"pk": draft.pk, "step": "consent-details"}),
        {"document": upload(PDF + b"\x00" * (10 * 1024 * 1024 + 1))},
    )
    html = response.content.decode()
    assert "The selected file must be smaller than 10MB" in html and "govuk-error-summary" in html
