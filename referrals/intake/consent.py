"""When consent to refer is valid. One rule, asked by the service, the model and the pages."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from sendhub.dates import add_years_clamped, age_on  # noqa: F401  (age_on: asked for here by the referral forms)

ALLOWED_DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
YOUNG_PERSON_AGE = 16


def consent_date_problem(*, born: date, given_on: date, young_person: bool, today: date | None = None) -> str | None:
    """None when consent could have been given on `given_on`: not before the child was born, not
    after today (in Europe/London), and a young person's own not before their 16th birthday
    (for a 29 February birthday, 28 February in a common year)."""
    today = today or timezone.localdate()
    if given_on > today:
        return "The date consent was given must be today or in the past"
    if given_on < born:
        return f"The date consent was given must be on or after the child's date of birth, {born:%-d %B %Y}"
    if young_person and given_on < add_years_clamped(born, YOUNG_PERSON_AGE):
        sixteenth = add_years_clamped(born, YOUNG_PERSON_AGE)
        return (
            f"A young person can give their own consent only from their 16th birthday, {sixteenth:%-d %B %Y}: "
            "record a parent's or carer's consent"
        )
    return None


def consent_problem(referral) -> str | None:
    """None when the referral's consent stands; otherwise what a person must do about it.

    Consent stands when a contact with parental responsibility for this pupil (or the young
    person, at 16 or over) gave it, in writing (with the signed form) or verbally (with who
    took it, when and what was explained), on a date that has passed, to share with at least
    one of the hub's agencies, and it has not been withdrawn.
    """
    from referrals.models import Consent

    try:
        consent = referral.consent
    except Consent.DoesNotExist:
        return "Record the consent of a parent or carer before you submit the referral"
    if consent.withdrawn_at is not None:
        return "Consent has been withdrawn, so this referral cannot go to the hub"
    return standing_consent_problem(consent, referral.pupil)


def standing_consent_problem(consent, pupil) -> str | None:
    """None when this consent record about `pupil` stands (the rule of `consent_problem`, for a
    record that need not belong to a referral: a trust SEND hub case consultation's own)."""
    from referrals.models import Consent

    if consent.withdrawn_at is not None:
        return "Consent has been withdrawn"
    if consent.given_by_young_person:
        if consent.given_on is None or age_on(pupil.date_of_birth, consent.given_on) < YOUNG_PERSON_AGE:
            return (
                "A young person can give their own consent only from the age of 16: "
                "record a parent's or carer's consent"
            )
    elif consent.given_by_contact_id is None:
        return "Say who gave consent"
    else:
        contact = consent.given_by_contact
        if contact.pupil_id != pupil.pk or not contact.has_parental_responsibility:
            return "Consent must come from someone with parental responsibility for this child"
    if consent.given_on is None:
        return "Enter the date consent was given"
    problem = consent_date_problem(
        born=pupil.date_of_birth, given_on=consent.given_on, young_person=consent.given_by_young_person
    )
    if problem:
        return problem
    if consent.method == Consent.Method.WRITTEN:
        if not consent.document or consent.document_type not in ALLOWED_DOCUMENT_TYPES:
            return "Upload the signed consent form as a PDF, JPG or PNG"
    elif consent.method == Consent.Method.VERBAL:
        if not consent.taken_by.strip():
            return "Enter who took the verbal consent"
        if consent.taken_at is None or consent.taken_at > timezone.now():
            return "Enter when the verbal consent was taken"
        if not consent.explained.strip():
            return "Enter what was explained to the person who gave consent"
    else:
        return "Say whether consent was written or verbal"
    if not (consent.covers_education or consent.covers_health or consent.covers_social_care):
        return "Consent must cover sharing with at least one of the hub's agencies: education, health or social care"
    return None
